"""Bad input stops the build with a message naming file, line or key, and the fix;
odd but valid input renders as a reader expects."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest
from bs4 import BeautifulSoup

from conftest import build_site

GOOD = """\
@article{good2020,
  author  = {Ann Owner and Bo Other and Cy Third},
  title   = {A Good Paper},
  journal = {Journal of Examples},
  year    = {2020},
}
"""

# name: (bib text, page text or None, fragments the message must contain)
CASES = {
    "unclosed entry": (
        GOOD.replace("2020},\n}", "2020},\n")
        + "\n@article{next2021,\n  author = {Ann Owner},\n  title = {Next},\n"
        "  journal = {J},\n  year = {2021},\n}\n",
        None,
        ["test.bib:", "next2021", "unclosed brace"],
    ),
    "bad field syntax": (
        GOOD.replace("title   = {A Good Paper}", "title   = A Good Paper"),
        None,
        ["test.bib:3", "syntax error", "'name = {value},'"],
    ),
    "unbalanced braces": (
        GOOD.replace("{A Good Paper}", "{A {Good Paper}"),
        None,
        ["test.bib:", "good2020", "brace"],
    ),
    "duplicate key": (
        GOOD + "\n" + GOOD,
        None,
        ["test.bib:8", "duplicate key 'good2020' (first at line 1)", "another key"],
    ),
    "missing year": (
        GOOD.replace("  year    = {2020},\n", ""),
        None,
        ["test.bib:1", "[good2020]", "missing field 'year'", "add year = {...}"],
    ),
    "missing venue": (
        GOOD.replace("  journal = {Journal of Examples},\n", ""),
        None,
        ["test.bib:1", "[good2020]", "missing field 'journal'", "@article"],
    ),
    "annotation past the authors": (
        GOOD.replace("  year", "  author+an = {7=equal},\n  year"),
        None,
        ["test.bib:1", "[good2020]", "author 7, but there are 3 authors"],
    ),
    "unknown annotation word": (
        GOOD.replace("  year", "  author+an = {1=corresponding},\n  year"),
        None,
        ["test.bib:1", "unknown word 'corresponding'", "cv_annotation_marks"],
    ),
    "owner not among the authors": (
        GOOD.replace("Ann Owner and ", ""),
        None,
        ["test.bib:1", "[good2020]", "Ann Owner is not among the authors"],
    ),
    "unknown citation key": (
        GOOD,
        "# Papers\n\nA paper {cite:p}`good2020,nokey2020`.\n\n"
        "```{bibliography}\n:all:\n```\n",
        ["index.md:3", "nokey2020"],
    ),
    "entry in no bibliography": (
        GOOD
        + GOOD.replace("good2020", "other2021")
        .replace("@article", "@misc")
        .replace("journal", "howpublished"),
        '# Papers\n\n```{bibliography}\n:filter: type == "article"\n```\n',
        ["no bibliography shows entry 'other2021'", ":filter:"],
    ),
    "broken MyST": (
        GOOD,
        "# Papers\n\n```{bibliografy}\n:all:\n```\n",
        ["index.md:3", "bibliografy"],
    ),
}


@pytest.fixture
def project(rootdir, tmp_path):
    """A copy of the small bad-input project that a case may break."""
    source = tmp_path / "src"
    shutil.copytree(rootdir / "test-bad-input", source)
    return source


def sphinx_build(source, out):
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-b",
            "html",
            "-n",
            "-W",
            "--keep-going",
            "-q",
            str(source),
            str(out),
        ],
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_good_project_builds(project, tmp_path):
    result = sphinx_build(project, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""


@pytest.mark.parametrize("case", CASES)
def test_bad_input_stops_the_build_with_a_clear_message(project, tmp_path, case):
    bib, page, fragments = CASES[case]
    (project / "test.bib").write_text(bib, encoding="utf-8")
    if page is not None:
        (project / "index.md").write_text(page, encoding="utf-8")
    result = sphinx_build(project, tmp_path / "out")
    assert result.returncode != 0
    for fragment in fragments:
        assert fragment in result.stderr, result.stderr


@pytest.mark.parametrize(
    "case", [c for c in CASES if c not in {"entry in no bibliography", "broken MyST"}]
)
def test_check_finds_it_without_a_build(project, case):
    bib, page, fragments = CASES[case]
    (project / "test.bib").write_text(bib, encoding="utf-8")
    if page is not None:
        (project / "index.md").write_text(page, encoding="utf-8")
    # Sphinx is made unimportable: the check must not need it.
    no_sphinx = (
        "import runpy, sys; sys.modules['sphinx'] = None; "
        "runpy.run_module('sphinx_cv.check', run_name='__main__')"
    )
    result = subprocess.run(
        [sys.executable, "-c", no_sphinx],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1, result.stderr
    for fragment in fragments:
        assert fragment in result.stderr, result.stderr


@pytest.fixture(scope="module")
def odd(rootdir, tmp_path_factory):
    builddir = tmp_path_factory.mktemp("odd")
    html = build_site(builddir, srcdir=rootdir / "test-odd-input")
    latex = build_site(builddir, "latex", srcdir=rootdir / "test-odd-input")
    assert html.warning.getvalue() == latex.warning.getvalue() == ""
    page = (html.outdir / "index.html").read_text(encoding="utf-8")
    return BeautifulSoup(page, "html.parser"), (latex.outdir / "odd.tex").read_text(
        encoding="utf-8"
    )


def test_odd_input_in_html(odd):
    soup, _ = odd
    entry = soup.select_one("li#godel1931 .cv-body > p")
    for hidden in entry.select(".visually-hidden"):
        hidden.decompose()
    text = " ".join(entry.get_text("").split())
    assert text.startswith(
        "Kurt Gödel, Émilie du Châtelet. SGD & Friends: 50% Faster, pages 1–10. "
        "Monatshefte für Mathematik, 1931."
    )
    assert entry.find("strong").get_text() == "Kurt Gödel"
    hrefs = [a["href"] for a in entry.select("a")]
    assert hrefs == [
        "https://doi.org/10.1007/BF01700692_x%41",
        "https://example.org/a_b%20c",
    ]


def test_odd_input_in_latex(odd):
    _, tex = odd
    assert r"\sphinxstylestrong{Kurt Gödel}, Émilie du Châtelet." in tex
    assert r"SGD \& Friends: 50\% Faster, pages 1\textendash{}10." in tex
    assert r"\sphinxhref{https://doi.org/10.1007/BF01700692\_x\%41}{DOI}" in tex
