"""Bad input stops the build with a message naming file, line or key, and the fix;
odd but valid input renders as a reader expects."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from io import StringIO
from pathlib import Path
from typing import NamedTuple

import pdfplumber
import pytest
from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp
from sphinx.util.console import strip_escape_sequences
from sphinx.util.docutils import docutils_namespace

from sphinx_cv import check

from conftest import (
    ROOT,
    TEX_PACKAGES,
    build_site,
    need_script_fonts,
    need_tool,
    pdf_text,
)

GOOD = """\
@article{good2020,
  author  = {Ann Owner and Bo Other and Cy Third},
  title   = {A Good Paper},
  journal = {Journal of Examples},
  year    = {2020},
}
"""

PAGE = "# Papers\n\nA paper {cite:p}`good2020`.\n\n```{bibliography}\n:all:\n```\n"


class Case(NamedTuple):
    """A bad input: the bib file, the page, conf.py lines and environment it has,
    and the fragments our message must contain."""

    bib: str | bytes
    fragments: list[str]
    page: str = PAGE
    conf: str = ""
    #: What our messages must not say (an echo of the cause, a false lead).
    absent: tuple[str, ...] = ()
    #: Whether make check sees it too; by default where only refs.bib is bad.
    checked: bool | None = None

    @property
    def in_bib(self) -> bool:
        """Whether make check sees it too (it reads refs.bib, pages and conf.py)."""
        if self.checked is not None:
            return self.checked
        return self.page == PAGE and not self.conf


def with_title(title: str) -> str:
    return GOOD.replace("{A Good Paper}", "{" + title + "}")


def with_field(line: str) -> str:
    return GOOD.replace("  year", f"  {line},\n  year")


def with_page(body: str) -> str:
    return f"# Papers\n\n{body}\n\n```{{bibliography}}\n:all:\n```\n"


LONG_KEY = "k" * 250


def bibfile_in_conf(name: str, make: str = "") -> str:
    """conf.py lines that name the bib file *name*, made as *make* says."""
    lines = ["from pathlib import Path", f"bib = Path(__file__).parent / {name!r}"]
    lines += [make] if make else []
    return "\n".join([*lines, f"bibtex_bibfiles = [{name!r}]"])


CASES = {
    "unclosed entry": Case(
        GOOD.replace("2020},\n}", "2020},\n")
        + "\n@article{next2021,\n  author = {Ann Owner},\n  title = {Next},\n"
        "  journal = {J},\n  year = {2021},\n}\n",
        ["test.bib:", "next2021", "unclosed brace"],
    ),
    "bad field syntax": Case(
        GOOD.replace("title   = {A Good Paper}", "title   = A Good Paper"),
        ["test.bib:3", "syntax error", "'name = {value},'"],
    ),
    "unbalanced braces": Case(
        with_title("A {Good Paper"), ["test.bib:", "good2020", "brace"]
    ),
    "duplicate key": Case(
        GOOD + "\n" + GOOD,
        ["test.bib:8", "duplicate key 'good2020' (first at line 1)", "another key"],
    ),
    "duplicate key in the middle of a line": Case(
        GOOD.rstrip() + " " + GOOD,
        ["test.bib:6", "duplicate key 'good2020' (first at line 1)"],
    ),
    "field given twice": Case(
        with_field("title = {Again}"),
        ["test.bib:1", "[good2020] field 'title' is given twice: keep one"],
    ),
    "unterminated string": Case(
        GOOD.replace("{A Good Paper}", '"A Good Paper,'),
        ["test.bib:", "check the braces, quotes"],
    ),
    "empty bib file": Case(
        "",
        ["test.bib:1", "no entries: add your publications"],
        absent=("unknown citation key",),
    ),
    "bytes that are not UTF-8": Case(
        GOOD.replace("A Good Paper", "A G\u00f6od Paper").encode("latin-1"),
        ["test.bib:3", "byte 0xF6 is not UTF-8 text", "save the file as UTF-8"],
    ),
    "missing year": Case(
        GOOD.replace("  year    = {2020},\n", ""),
        ["test.bib:1", "[good2020]", "missing field 'year'", "add year = {...}"],
    ),
    "impossible year": Case(
        GOOD.replace("{2020}", "{20201}"),
        ["test.bib:1", "[good2020] year '20201' is not a year"],
    ),
    "missing venue": Case(
        GOOD.replace("  journal = {Journal of Examples},\n", ""),
        ["test.bib:1", "[good2020]", "missing field 'journal'", "@article"],
    ),
    "math cut apart by a name's spaces": Case(
        GOOD.replace("Cy Third", r"Cy$\alpha \le \beta$"),
        ["test.bib:1", "[good2020] author 'Cy$\\alpha \\le \\beta$': BibTeX splits"],
    ),
    "unknown entry type": Case(
        GOOD.replace("@article", "@lecture"),
        ["test.bib:1", "[good2020] unknown entry type @lecture", "@inproceedings"],
    ),
    "annotation past the authors": Case(
        with_field("author+an = {7=equal}"),
        ["test.bib:1", "[good2020]", "author 7, but there are 3 authors"],
    ),
    "unknown annotation word": Case(
        with_field("author+an = {1=corresponding}"),
        ["test.bib:1", "unknown word 'corresponding'", "cv_annotation_marks"],
    ),
    "bib file missing": Case(
        GOOD,
        ["conf.py:", "missing.bib does not exist", "bibtex_bibfiles in conf.py"],
        conf=bibfile_in_conf("missing.bib"),
        absent=("unknown citation key", "Traceback"),
        checked=True,
    ),
    "bib file a folder": Case(
        GOOD,
        ["conf.py:", "folder.bib is a folder, not a bib file"],
        conf=bibfile_in_conf("folder.bib", "bib.mkdir(exist_ok=True)"),
        absent=("unknown citation key",),
        checked=True,
    ),
    "bib file unreadable": Case(
        GOOD,
        ["conf.py:", "unreadable.bib cannot be read (", "make it a readable file"],
        # Root reads any file; the kernel's memory file refuses reading at 0.
        conf=bibfile_in_conf(
            "unreadable.bib", "bib.is_symlink() or bib.symlink_to('/proc/self/mem')"
        ),
        absent=("unknown citation key",),
        checked=True,
    ),
    "citation key in another case": Case(
        GOOD,
        ["index.md:3", "'Good2020' differs from the entry 'good2020' only in case"],
        page=PAGE.replace("`good2020`", "`Good2020`"),
        checked=True,
    ),
    "title empty but for braces": Case(
        with_title("{}"), ["test.bib:1", "[good2020] missing field 'title'"]
    ),
    "key too long for a file name": Case(
        GOOD.replace("good2020", LONG_KEY),
        ["test.bib:1", "key of 250 characters is too long", "at most 200"],
        page=PAGE.replace("good2020", LONG_KEY),
        absent=("File name too long",),
        checked=True,
    ),
    "keys that would share a paper page": Case(
        GOOD
        + "\n"
        + GOOD.replace("good2020", "good.x")
        + "\n"
        + GOOD.replace("good2020", "good-x"),
        [
            "test.bib:15",
            "[good-x] key would share the paper page good-x.html with "
            "'good.x' (line 8)",
        ],
    ),
    "key that is an id of its page": Case(
        GOOD.replace("good2020", "papers"),  # the id of the page's heading
        [
            "test.bib:1",
            "[papers] the key is also the id of another element of index.html",
        ],
        page=PAGE.replace("good2020", "papers"),
    ),
    "key that is an id docutils gives": Case(
        GOOD.replace("good2020", "id1"),
        ["test.bib:1", "key 'id1' is an id docutils gives elements"],
        page=PAGE.replace("good2020", "id1"),
        checked=True,
    ),
    "key that begins with a dot": Case(
        GOOD.replace("good2020", "../evil"),
        ["test.bib:1", "key '../evil' begins with '.': begin it with a letter"],
        absent=("has characters other than",),
    ),
    "cv_paper_pages the site's root": Case(
        GOOD,
        ["conf.py:", "cv_paper_pages '.' is not a folder inside the site"],
        conf='cv_paper_pages = "."',
    ),
    "cv_paper_pages outside the site": Case(
        GOOD,
        ["conf.py:", "cv_paper_pages '../../outside' is not a folder inside"],
        conf='cv_paper_pages = "../../outside"',
    ),
    "cv_paper_pages absolute": Case(
        GOOD,
        ["conf.py:", "cv_paper_pages '/tmp/papers' is not a folder inside"],
        conf='cv_paper_pages = "/tmp/papers"',
    ),
    "footnote citation": Case(
        GOOD,
        ["index.md:3", "footnote citations ({footcite:p}, {footbibliography})"],
        page=PAGE.replace("{cite:p}", "{footcite:p}")
        + "\n```{footbibliography}\n```\n",
        checked=True,
    ),
    "entry inside @comment": Case(
        "@comment{\n" + GOOD.replace("good2020", "hidden2020") + "}\n\n" + GOOD,
        ["test.bib:2", "[hidden2020] entry inside @comment{...} (line 1)"],
        absent=("do not pair up", "could not be read"),
    ),
    "control character in a shown field": Case(
        with_title("A \x1b[31mGood Paper"),
        ["test.bib:3", "control character U+001B in the file"],
    ),
    "control character in a field not shown": Case(
        with_field("note = {a\x00b}"), ["test.bib:5", "control character U+0000"]
    ),
    "entry commented out with %": Case(
        GOOD + "\n% @article{old2019, author = {Ann Owner}, title = {Old},\n"
        "%   journal = {J}, year = {2019}}\n",
        ["test.bib:8", "an entry after '%' is still read"],
    ),
    "problems of two kinds in one file": Case(
        GOOD.replace("{2020}", "{20x}")
        + "\n@article{next2021,\n  author = {Ann Owner},\n  title = {Next},\n"
        "  journal = {J},\n  year = {2021},\n",
        [
            "test.bib:1",
            "[good2020] year '20x' is not a year",
            "test.bib:8",
            "[next2021] { and } do not pair up",
        ],
    ),
    "unsafe key": Case(
        GOOD.replace("good2020", 'good"><b>2020'),
        ["test.bib:1", "key 'good\"><b>2020' has characters other than letters"],
    ),
    "material link that is not a web address": Case(
        with_field("code = {ftp://example.org/engine}"),
        ["test.bib:1", "code 'ftp://example.org/engine' is not an http(s) address"],
    ),
    "javascript: URL": Case(
        with_field("url = {javascript:alert(1)}"),
        ["test.bib:1", "url 'javascript:alert(1)' is not an http(s) address"],
    ),
    "DOI that is not one": Case(
        with_field("doi = {https://doi.org/10.1/x}"),
        ["test.bib:1", "doi 'https://doi.org/10.1/x' is not a DOI", "10.1234/abc"],
    ),
    "eprint that is not an arXiv id": Case(
        with_field("eprint = {javascript:alert(1)}"),
        ["test.bib:1", "eprint 'javascript:alert(1)' is not an arXiv id"],
    ),
    "unbalanced $": Case(
        with_title("A $x Paper"), ["test.bib:1", "[good2020] title: unbalanced $"]
    ),
    "unknown TeX command": Case(
        with_title("A \\foo{Good} Paper"),
        ["test.bib:1", "[good2020] title: unsupported TeX command \\foo"],
    ),
    "unknown math command": Case(
        with_title("A $\\mathcal{O}(n)$ Paper"),
        ["test.bib:1", "title: unsupported math command \\mathcal"],
    ),
    "unknown citation key": Case(
        GOOD,
        ["index.md:3: ERROR: unknown citation key 'nokey2020'", "add the paper there"],
        page=with_page("{cite:p}`good2020,nokey2020`"),
    ),
    "bibliography option that loses the list's links": Case(
        GOOD,
        ["index.md:3: ERROR: sphinx_cv's publication lists number", "remove :list:"],
        page="# Papers\n\n```{bibliography}\n:all:\n:list: enumerated\n```\n",
    ),
    "entry in no bibliography": Case(
        GOOD
        + GOOD.replace("good2020", "other2021")
        .replace("@article", "@misc")
        .replace("journal", "howpublished"),
        ["no bibliography shows entry 'other2021'", ":filter:"],
        page='# Papers\n\n```{bibliography}\n:filter: type == "article"\n```\n',
    ),
    "broken MyST": Case(
        GOOD,
        ["index.md:3", "bibliografy"],
        page="# Papers\n\n```{bibliografy}\n:all:\n```\n",
    ),
    "unknown publication list": Case(
        GOOD,
        ["index.md:3", "unknown list 'others': write published or preprints"],
        page="# Papers\n\n```{cv-bibliography} others\n```\n",
    ),
    "bibliography only in the HTML": Case(
        GOOD,
        ["index.md:4", "inside an {only} block would be missing"],
        page="# Papers\n\n````{only} html\n```{bibliography}\n:all:\n```\n````\n",
    ),
    "month 13": Case(
        GOOD,
        ["index.md:3", "2012.13 is not a date", "month 1 to 12"],
        page=with_page("```{cv-entry} 2012.13\nA job.\n```"),
    ),
    "range that ends before it starts": Case(
        GOOD,
        ["index.md:3", "ends before it starts"],
        page=with_page("```{cv-entry} 2018.7 - 2012.9\nA job.\n```"),
    ),
    "five-digit year": Case(
        GOOD,
        ["index.md:3", "20121 is not a year"],
        page=with_page("```{cv-entry} 2012 - 20121\nA job.\n```"),
    ),
    "math that MathML cannot show": Case(
        GOOD,
        ["index.md:3", "\\foo is not supported in MathML"],
        page=with_page("Some {math}`\\foo x`."),
    ),
    "link that is not a web address": Case(
        GOOD,
        ["index.md:3", "link to 'ftp://example.org/a'", "http(s) pages"],
        page=with_page("A [file](ftp://example.org/a)."),
    ),
    "cv_person of the wrong type": Case(
        GOOD,
        ["conf.py", "cv_person['address'] is a str", "list of strings"],
        conf="cv_person = {'job_title': 'Professor', 'department': 'D', "
        "'affiliation': 'A', 'address': 'One line', 'email': 'a@b.c', "
        "'homepage': 'https://example.org/'}",
    ),
    "cv_person missing a value": Case(
        GOOD,
        ["conf.py", "cv_person has no 'email': add it"],
        conf="cv_person = {'job_title': 'Professor', 'department': 'D', "
        "'affiliation': 'A', 'address': ['One line'], "
        "'homepage': 'https://example.org/'}",
    ),
    "cv_person a string": Case(
        GOOD, ["conf.py", "cv_person is a str: make it a dict"], conf="cv_person = 'Me'"
    ),
    "javascript: homepage": Case(
        GOOD,
        ["conf.py", "cv_person['homepage'] 'javascript:x' is not an http(s)"],
        conf="cv_person = {'job_title': 'Professor', 'department': 'D', "
        "'affiliation': 'A', 'address': ['One line'], 'email': 'a@b.c', "
        "'homepage': 'javascript:x'}",
    ),
    "javascript: PDF link": Case(
        GOOD,
        ["conf.py", "cv_pdf_url 'javascript:x' is not a path or an http(s)"],
        conf="cv_pdf_url = 'javascript:x'",
    ),
}


@pytest.fixture
def project(rootdir, tmp_path):
    """A copy of the small bad-input project that a case may break."""
    source = tmp_path / "src"
    shutil.copytree(rootdir / "test-bad-input", source)
    return source


def break_project(project, case: Case) -> None:
    bib = case.bib if isinstance(case.bib, bytes) else case.bib.encode("utf-8")
    (project / "test.bib").write_bytes(bib)
    (project / "index.md").write_text(case.page, encoding="utf-8")
    with (project / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write(f"\n{case.conf}\n")


SPHINXOPTS = ["-n", "-W", "--keep-going", "-q"]


def sphinx_build(source, out, builder="html"):
    return subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", builder, *SPHINXOPTS, source, out],
        capture_output=True,
        text=True,
        check=False,
    )


def check_without_sphinx(project):
    """``make check``'s command, with Sphinx made unimportable: it must not need it."""
    no_sphinx = (
        "import runpy, sys; sys.modules['sphinx'] = None; "
        "runpy.run_module('sphinx_cv.check', run_name='__main__')"
    )
    return subprocess.run(
        [sys.executable, "-c", no_sphinx],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )


class Ran(NamedTuple):
    """What a check or a build run in this process said, as a command would."""

    returncode: int
    stderr: str


def check_in_process(project, capsys) -> Ran:
    """``make check``'s own function on *project* (test_layout.py shows that it
    runs with Sphinx unimportable; one test here runs the command itself)."""
    status = check.main(project)
    return Ran(status, capsys.readouterr().err)


def build_in_process(project, out) -> Ran:
    """The HTML build as ``sphinx-build -n -W --keep-going`` runs it, in this
    process: status 1 if it stopped or logged a warning or an error."""
    warnings = StringIO()
    # As sphinx-build: docutils' registries are restored however the build ends
    # (a build our checks stop before its app exists has no cleanup of its own).
    try:
        with docutils_namespace():
            app = SphinxTestApp(
                "html",
                srcdir=project,
                builddir=out,
                status=StringIO(),
                warning=warnings,
            )
            try:
                app.build()
            finally:
                app.cleanup()
    except SystemExit as stopped:  # our checks stop the build so
        status = int(stopped.code or 0)
    else:
        status = 1 if warnings.getvalue() else 0
    return Ran(status, strip_escape_sequences(warnings.getvalue()))


def test_an_unknown_key_gets_one_message(project, tmp_path):
    break_project(project, CASES["unknown citation key"])
    result = sphinx_build(project, tmp_path / "out")
    assert result.stderr.count("nokey2020") == 1, result.stderr


def test_the_good_project_builds(project, tmp_path):
    result = sphinx_build(project, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""


def assert_our_message(result, fragments, status=1, absent=()):
    """Exit status 1 (from make check and the build alike; make's own errors
    give 2) with our message, and no traceback or bug-report banner."""
    assert result.returncode == status, result.stderr
    for fragment in fragments:
        assert fragment in result.stderr, result.stderr
    for fragment in absent:
        assert fragment not in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert "Exception occurred" not in result.stderr
    assert "Extension error" not in result.stderr


@pytest.mark.parametrize(
    "case",
    [
        name
        for name, case in CASES.items()
        if case.in_bib and name not in {"entry in no bibliography", "broken MyST"}
    ],
)
def test_check_finds_it_without_a_build(project, case, capsys):
    break_project(project, CASES[case])
    result = check_in_process(project, capsys)
    assert_our_message(result, CASES[case].fragments, absent=CASES[case].absent)


def test_the_check_command_runs_without_sphinx(project):
    break_project(project, CASES["missing year"])
    result = check_without_sphinx(project)
    assert_our_message(result, CASES["missing year"].fragments)


@pytest.mark.slow
@pytest.mark.parametrize("case", CASES)
def test_bad_input_stops_the_build_with_a_clear_message(project, tmp_path, case):
    break_project(project, CASES[case])
    result = build_in_process(project, tmp_path / "out")
    assert_our_message(result, CASES[case].fragments, absent=CASES[case].absent)


@pytest.mark.parametrize("epoch", ["", "yesterday"])
def test_make_refuses_a_source_date_epoch_that_is_not_a_number(tmp_path, epoch):
    """Sphinx itself would fail on it with a traceback before any extension runs."""
    make = need_tool("make", "make")
    result = subprocess.run(
        [make, "-n", "html", f"BUILDDIR={tmp_path}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "SOURCE_DATE_EPOCH": epoch},
    )
    assert_our_message(
        result, [f"SOURCE_DATE_EPOCH is '{epoch}', not a number"], status=2
    )


@pytest.mark.pdf
def test_non_latin_scripts_show_in_both_pdfs_but_pdflatex(rootdir, tmp_path):
    need_script_fonts()
    source = rootdir / "test-non-latin"
    html = sphinx_build(source, tmp_path / "html")
    assert html.returncode == 0, html.stderr
    page = (tmp_path / "html" / "index.html").read_text(encoding="utf-8")
    entry = BeautifulSoup(page, "html.parser").select_one("li#wang2024 .cv-body > p")
    assert " ".join(entry.get_text().split()).startswith(
        "Kurt Gödel, 王磊. 论文: A Title in Two Scripts. arXiv, 2024."
    )
    typst_pdf = sphinx_build(source, tmp_path / "cvpdf", builder="cvpdf")
    assert typst_pdf.returncode == 0, typst_pdf.stderr
    text = " ".join(pdf_text(tmp_path / "cvpdf" / "nonlatin.pdf").split())
    assert "Kurt Gödel, 王磊. 论文: A Title in Two Scripts. arXiv, 2024." in text
    latex = sphinx_build(source, tmp_path / "latex", builder="latex")
    message = (
        "make pdf-latex cannot show 论 文 (U+8BBA, U+6587): pdfLaTeX's fonts "
        "cover Latin scripts only; make pdf shows every script"
    )
    assert_our_message(latex, ["test.bib:1: ERROR: [wang2024] title: " + message])
    assert "author: make pdf-latex cannot show 王 磊" in latex.stderr
    shutil.copytree(source, tmp_path / "src")
    check = check_without_sphinx(tmp_path / "src")
    assert check.returncode == 0, check.stderr  # make pdf, which make check serves


class Odd(NamedTuple):
    """The odd-input project built: its page, its LaTeX and its LaTeX build folder,
    and the text of its PDF."""

    soup: BeautifulSoup
    tex: str
    latex_dir: Path
    pdf_text: str
    html_dir: Path


@pytest.fixture(scope="module")
def odd(rootdir, tmp_path_factory):
    builddir = tmp_path_factory.mktemp("odd")
    source = rootdir / "test-odd-input"
    html = build_site(builddir, srcdir=source)
    latex = build_site(builddir, "latex", srcdir=source)
    pdf = build_site(builddir, "cvpdf", srcdir=source)
    assert html.warning.getvalue() == latex.warning.getvalue() == ""
    assert pdf.warning.getvalue() == ""
    page = (html.outdir / "index.html").read_text(encoding="utf-8")
    tex = (latex.outdir / "odd.tex").read_text(encoding="utf-8")
    with pdfplumber.open(pdf.outdir / "odd.pdf") as document:
        text = " ".join(" ".join(p.extract_text() for p in document.pages).split())
    return Odd(BeautifulSoup(page, "html.parser"), tex, latex.outdir, text, html.outdir)


def entry_text(soup, key):
    entry = soup.select_one(f"li#{key} .cv-body > p")
    return " ".join(entry.get_text("").split())


#: What each exported construct must read as, in the list and in the JSON-LD.
AS_WRITTEN = {
    "godel1931": (
        "Kurt Gödel, Émilie du Châtelet. SGD & Friends: 50% Faster, pages 1–10. "
        "Monatshefte für Mathematik, 1931."
    ),
    "godel1932": (
        "Kurt Gödel, Ada Lovelace, et al. 100% of $5 # _ costs; Emphasis, italic, "
        "bold, Small Caps, mono and LaTeX – or — not really. In Proceedings of "
        "the École Ça Va, Saint-Étienne, Škoda, Ångström, Straße, øre, 1932."
    ),
    "godel1933": (
        "Kurt Gödel. When α ≤ β, Γ → ∞ and xi2 ∈ ℝd. Annals of α-Decay, 1933."
    ),
}


@pytest.mark.parametrize("key", AS_WRITTEN)
def test_exported_tex_reads_as_written_in_html(odd, key):
    assert entry_text(odd.soup, key).startswith(AS_WRITTEN[key])


@pytest.mark.parametrize("key", AS_WRITTEN)
def test_exported_tex_reads_as_written_in_the_pdf(odd, key):
    assert AS_WRITTEN[key] in odd.pdf_text


def test_styles_and_math_keep_their_markup_in_html(odd):
    entry = odd.soup.select_one("li#godel1932 .cv-body > p")
    assert [e.get_text() for e in entry.select("em")][:2] == ["Emphasis", "italic"]
    assert [e.get_text() for e in entry.select("strong")] == ["Kurt Gödel", "bold"]
    assert entry.select_one("code").get_text() == "mono"
    assert "not\u00a0really" in entry.get_text()  # ~ is a no-break space
    math = odd.soup.select_one("li#godel1933 .cv-body > p")
    assert [e.get_text() for e in math.select("sub")] == ["i"]
    assert [e.get_text() for e in math.select("sup")] == ["2", "d"]


def test_json_ld_names_read_as_written(odd):
    """On each paper's page."""
    names = {}
    for key in ("godel1932", "godel1933"):
        page = (odd.html_dir / "papers" / f"{key}.html").read_text(encoding="utf-8")
        script = BeautifulSoup(page, "html.parser").find(
            "script", type="application/ld+json"
        )
        names[key] = json.loads(script.string)
    assert names["godel1932"]["name"].startswith("100% of $5 # _ costs; Emphasis")
    assert names["godel1933"]["name"] == "When α ≤ β, Γ → ∞ and xi2 ∈ ℝd"
    assert [a["name"] for a in names["godel1932"]["author"]] == [
        "Kurt Gödel",
        "Ada Lovelace",
    ]  # "others" is no author


def test_every_type_lands_in_the_list_a_reader_expects(odd):
    published, preprints = (
        [li["id"] for li in ol.select("li")]
        for ol in odd.soup.select("ol.cv-bibliography")
    )
    assert published == [
        "godel1931",
        "godel1932",
        "godel1933",
        "godel1935",
        "godel1936",
        "godel1937",
    ]  # article, inproceedings, article, book, incollection, inbook
    assert preprints == [
        "godel1934",
        "godel1938",
        "godel1939",
        "godel1940",
        "godel1941",
    ]  # arXiv "article", unpublished, techreport, phdthesis, online


def test_odd_input_links(odd):
    entry = odd.soup.select_one("li#godel1931 .cv-body > p")
    assert entry.find("strong").get_text() == "Kurt Gödel"
    assert entry.select_one("a.cv-title")["href"] == "papers/godel1931.html"
    assert [a["href"] for a in entry.select("a:not(.cv-title)")] == [
        "https://doi.org/10.1007/BF01700692_x%41",
        "https://example.org/a_b%20c",
    ]


def test_odd_input_in_latex(odd):
    tex = odd.tex
    assert r"\sphinxstylestrong{Kurt Gödel}, Émilie du Châtelet." in tex
    assert r"SGD \& Friends: 50\% Faster, pages 1\textendash{}10." in tex
    assert r"\sphinxhref{https://doi.org/10.1007/BF01700692\_x\%41}{DOI}" in tex
    assert (
        r"100\% of \$5 \# \_ costs; \sphinxstyleemphasis{Emphasis}, "
        r"\sphinxstyleemphasis{italic}, \sphinxstylestrong{bold}, Small Caps, "
        r"\sphinxcode{\sphinxupquote{mono}} and LaTeX \textendash{} or — not" in tex
    )
    assert r"When α ≤ β, Γ \(\rightarrow\) \(\infty\) and x$_{\text{i}}$" in tex
    assert "\\DeclareUnicodeCharacter{03B1}{\\ensuremath{\\alpha}}" in (
        odd.latex_dir / "sphinxcvbuild.sty"
    ).read_text(encoding="utf-8")


@pytest.mark.pdf
def test_odd_input_typesets_in_the_latex_pdf(odd):
    need_tool("latexmk", TEX_PACKAGES)
    subprocess.run(
        ["make", "-C", str(odd.latex_dir), "all-pdf"], check=True, capture_output=True
    )
    text = " ".join(pdf_text(odd.latex_dir / "odd.pdf").split())
    for phrase in (
        "SGD & Friends: 50% Faster, pages 1–10",
        "100% of $5 # _ costs; Emphasis, italic, bold, Small Caps, mono and LaTeX",
        "When α ≤ β, Γ → ∞ and",
        "Annals of α-Decay",
        "Kurt Gödel, Ada Lovelace, et al.",
        "Saint-Étienne, Škoda, Ångström, Straße, øre",
    ):
        assert phrase in text


def test_an_entry_without_the_owner_is_reported_and_shown(project, tmp_path, capsys):
    """It may be the owner under another spelling: make check notes it, and the
    build shows the paper as written, with no name in bold."""
    break_project(project, Case(GOOD.replace("Ann Owner and ", ""), []))
    checked = check_in_process(project, capsys)
    assert checked.returncode == 0, checked.stderr
    note = "test.bib:1: note: [good2020] Ann Owner is not among the authors"
    assert note in checked.stderr
    built = build_in_process(project, tmp_path / "out")
    assert built.returncode == 0, built.stderr
    html = (tmp_path / "out" / "html" / "index.html").read_text(encoding="utf-8")
    entry = BeautifulSoup(html, "html.parser").select_one("li#good2020")
    assert "Bo Other, Cy Third. A Good Paper." in " ".join(entry.get_text().split())
    assert entry.select("strong") == []
