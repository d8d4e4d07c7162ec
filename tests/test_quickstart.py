"""sphinx-cv new and check: a new project builds green, its examples are listed
until replaced, and an exported bib file is taken as it is, its problems reported."""

from __future__ import annotations

import hashlib
import re
import runpy
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pybtex.database import parse_file

from sphinx_cv import __version__
from sphinx_cv.cli import TEMPLATE, pdf_name

from conftest import DATA, build_site, toctree_pages, visible_text

SPHINX_CV = Path(sys.executable).parent / "sphinx-cv"
NAME = "Ada Lovelace"
MESSY = DATA / "messy-export.bib"


def sphinx_cv(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [SPHINX_CV, *args], capture_output=True, text=True, cwd=cwd, check=False
    )


def new_project(target: Path, *args: str) -> Path:
    result = sphinx_cv("new", str(target), "--name", NAME, *args)
    assert result.returncode == 0, result.stderr
    return target


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    return new_project(tmp_path_factory.mktemp("new") / "my-cv")


def lines_with(path: Path, pattern: str) -> list[int]:
    text = path.read_text(encoding="utf-8").split("\n")
    return [n for n, line in enumerate(text, 1) if re.search(pattern, line)]


def test_new_writes_a_whole_project(project):
    written = {p.relative_to(project).as_posix() for p in project.rglob("*")}
    sections = {f"sections/{p.name}" for p in (TEMPLATE / "sections").iterdir()}
    assert written == {
        "conf.py",
        "index.md",
        "refs.bib",
        "Makefile",
        ".readthedocs.yaml",
        ".github",
        ".github/workflows",
        ".github/workflows/pages.yml",
        "README.md",
        ".gitignore",
        "requirements.txt",
        "sections",
        *sections,
    }
    for path in project.rglob("*.*"):
        if path.is_file():
            assert "@@" not in path.read_text(encoding="utf-8"), path
    conf = runpy.run_path(str(project / "conf.py"))
    assert conf["cv_owner"] == conf["project"] == conf["author"] == NAME
    assert set(conf["cv_person"]) >= {"job_title", "affiliation", "email"}
    # Every section page is in the home page's table of contents.
    assert sorted(toctree_pages(project / "index.md")) == sorted(
        s.removesuffix(".md") for s in sections
    )
    assert {"_build/", ".venv*/"} <= set(
        (project / ".gitignore").read_text(encoding="utf-8").split()
    )


def test_requirements_are_the_packages_pins_and_itself(project):
    pins = (project / "requirements.txt").read_text(encoding="utf-8").split("\n")
    pins = [line for line in pins if line and not line.startswith("#")]
    assert all(re.fullmatch(r"[\w.-]+==[\w.]+", pin) for pin in pins), pins
    assert pins[-1] == f"sphinx-cv=={__version__}"
    lock = (TEMPLATE / "requirements.txt").read_text(encoding="utf-8").split("\n")
    assert pins[:-1] == [line for line in lock if line and not line.startswith("#")]


def test_the_new_conf_py_passes_the_linter(project):
    ruff = Path(sys.executable).parent / "ruff"
    result = subprocess.run(
        [ruff, "check", "--isolated", "--select", "E,F,W,B", project / "conf.py"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout


def test_the_readme_gives_two_commands_the_makefile_has(project):
    readme = (project / "README.md").read_text(encoding="utf-8")
    first_block = re.search(r"```sh\n(.*?)```", readme, re.DOTALL).group(1)
    commands = [line.split("#")[0].strip() for line in first_block.splitlines()]
    assert commands == ["make html", "make check"]
    makefile = (project / "Makefile").read_text(encoding="utf-8")
    for target in ("html", "check", "pdf", "pdf-latex", "linkcheck", "clean"):
        assert re.search(rf"^{target}:", makefile, re.MULTILINE), target


def test_new_project_builds_without_a_warning(project, tmp_path):
    app = build_site(tmp_path / "html", srcdir=project)
    assert app.warning.getvalue() == ""
    out = Path(app.outdir)
    home = BeautifulSoup((out / "index.html").read_text("utf-8"), "html.parser")
    assert visible_text(home.h1) == NAME
    assert home.select_one(".cv-contact")
    assert len(home.select("ul.cv-newest > li")) == 2
    page = BeautifulSoup(
        (out / "sections" / "publications.html").read_text("utf-8"), "html.parser"
    )
    lists = page.select("ol.cv-bibliography")
    assert [[li["id"] for li in ol.select(":scope > li")] for ol in lists] == [
        ["example2024article"],
        ["example2025preprint"],
    ]
    # The owner in bold in both, marked as an equal contributor in the first.
    owner = [b.get_text() for b in page.select("ol.cv-bibliography strong")]
    assert owner == [f"{NAME}*", NAME]
    assert (out / "papers" / "example2024article.html").exists()
    education = BeautifulSoup(
        (out / "sections" / "education.html").read_text("utf-8"), "html.parser"
    )
    assert (
        education.select_one(".cv-entry .cv-date").get_text() == "Sep 2015 – Jun 2020"
    )


@pytest.mark.pdf
def test_new_project_builds_its_pdf(project, tmp_path):
    app = build_site(tmp_path / "pdf", "cvpdf", srcdir=project)
    assert app.warning.getvalue() == ""
    assert (Path(app.outdir) / pdf_name(NAME)).read_bytes().startswith(b"%PDF")


def test_check_lists_every_example_left(project):
    result = sphinx_cv("check", cwd=project)
    assert result.returncode == 1
    listed = {tuple(line.split(":")[:2]) for line in result.stderr.splitlines() if line}
    expected = {("refs.bib", str(n)) for n in lines_with(project / "refs.bib", "^@")}
    for page in ["conf.py", *(p.name for p in (project / "sections").iterdir())]:
        path = project / page if page == "conf.py" else project / "sections" / page
        expected |= {
            (path.relative_to(project).as_posix(), str(n))
            for n in lines_with(path, r"^\s*[%#] sphinx-cv example")
        }
    assert len(expected) == 2 + 1 + 7  # two entries, conf.py, seven sections
    assert listed == expected
    assert "[example2024article] is an example entry" in result.stderr


def test_check_passes_once_the_examples_are_replaced(project, tmp_path):
    mine = shutil.copytree(project, tmp_path / "mine")
    (mine / "refs.bib").write_text(
        "@article{lovelace1843sketch,\n  author = {Ada Lovelace},\n"
        "  title = {Sketch of the Analytical Engine},\n"
        "  journal = {Scientific Memoirs},\n  year = {1843},\n}\n",
        encoding="utf-8",
    )
    for path in [mine / "conf.py", *(mine / "sections").iterdir()]:
        text = path.read_text(encoding="utf-8").split("\n")
        kept = [line for line in text if "sphinx-cv example" not in line]
        path.write_text("\n".join(kept), encoding="utf-8")
    result = sphinx_cv("check", cwd=mine)
    assert result.returncode == 0, result.stderr
    assert build_site(tmp_path / "html", srcdir=mine).warning.getvalue() == ""


def test_new_refuses_a_folder_that_is_not_empty(tmp_path):
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    result = sphinx_cv("new", str(tmp_path), "--name", NAME)
    assert result.returncode == 2
    assert "is not empty" in result.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


@pytest.mark.parametrize(
    "name",
    [
        "Ada {Lovelace}",
        "Ada and Charles",
        "Ada Lovelace; rm -rf ~",
        "Ada\\'",
        "",
    ],
)
def test_new_refuses_a_name_it_cannot_carry_and_writes_nothing(tmp_path, name):
    result = sphinx_cv("new", str(tmp_path / "cv"), "--name", name)
    assert result.returncode == 2
    assert result.stderr.startswith("sphinx-cv new: ")
    assert not (tmp_path / "cv").exists()


def test_a_name_with_apostrophe_and_accents_lands_intact_in_every_file(tmp_path):
    name = "Siobhán O'Brien-Dálaigh"
    target = tmp_path / "cv"
    assert sphinx_cv("new", str(target), "--name", name).returncode == 0
    assert runpy.run_path(str(target / "conf.py"))["cv_owner"] == name
    authors = parse_file(target / "refs.bib").entries["example2024article"].persons
    assert str(authors["author"][0]) == "O'Brien-Dálaigh, Siobhán"
    assert (target / "index.md").read_text("utf-8").startswith(f"# {name}\n")
    pdf = "siobhan-o-brien-dalaigh-cv.pdf"
    assert runpy.run_path(str(target / "conf.py"))["PDF"] == pdf
    assert f"_build/cvpdf/{pdf}" in (target / ".readthedocs.yaml").read_text("utf-8")


def test_bib_import_reports_each_problem_and_copies_the_file_as_it_is(tmp_path):
    before = hashlib.sha256(MESSY.read_bytes()).hexdigest()
    target = tmp_path / "cv"
    result = sphinx_cv("new", str(target), "--name", NAME, "--bib", str(MESSY))
    assert result.returncode == 1
    assert hashlib.sha256(MESSY.read_bytes()).hexdigest() == before
    assert (target / "refs.bib").read_bytes() == MESSY.read_bytes()
    reported = {
        (int(m.group(1)), m.group(2), m.group(3))
        for m in re.finditer(
            rf"{re.escape(str(MESSY))}:(\d+): (?:note: )?\[([^]]+)\] (.*)",
            result.stderr,
        )
    }
    head = {
        key: n
        for n in lines_with(MESSY, "^@")
        for key in [
            re.search(r"\{([^,]+),", MESSY.read_text("utf-8").split("\n")[n - 1]).group(
                1
            )
        ]
    }
    assert {(line, key) for line, key, _ in reported} == {
        (head["babbage1864passages"], "babbage1864passages"),
        (head["lovelace_bernoulli_2025"], "lovelace_bernoulli_2025"),
        (head["lovelace2025poem"], "lovelace2025poem"),
    }
    why = {key: message for _, key, message in reported}
    assert why["babbage1864passages"].startswith(
        "Ada Lovelace is not among the authors"
    )
    # Reported, not refused: it may be the owner under a spelling of their own.
    assert f"{MESSY}:{head['babbage1864passages']}: note: [babbage" in result.stderr
    assert "unsupported TeX command \\foo" in why["lovelace_bernoulli_2025"]
    assert "'javascript:alert(1)' is not an http(s) address" in why["lovelace2025poem"]
    assert "6 entries, 3 in Published and 3 in Preprints" in result.stdout
    # make check (and the build) find the same problems in the new project.
    check = sphinx_cv("check", cwd=target)
    assert check.returncode == 1
    for _line, key, _ in reported:
        assert f"[{key}]" in check.stderr


def test_imported_entries_land_in_their_lists_once_fixed(tmp_path):
    text = MESSY.read_text(encoding="utf-8")
    for key in ("babbage1864passages", "lovelace_bernoulli_2025", "lovelace2025poem"):
        text = re.sub(rf"@\w+\{{{key},.*?\n\}}\n", "", text, flags=re.DOTALL)
    bib = tmp_path / "fixed.bib"
    bib.write_text(text, encoding="utf-8")
    target = new_project(tmp_path / "cv", "--bib", str(bib))
    app = build_site(tmp_path / "html", srcdir=target)
    assert app.warning.getvalue() == ""
    page = BeautifulSoup(
        (Path(app.outdir) / "sections" / "publications.html").read_text("utf-8"),
        "html.parser",
    )
    lists = page.select("ol.cv-bibliography")
    assert [[li["id"] for li in ol.select(":scope > li")] for ol in lists] == [
        ["lovelace1843sketch", "DBLP:conf/example/Lovelace42"],
        ["lovelace2024engines"],
    ]


def test_a_name_in_another_script_lands_intact(tmp_path):
    target = tmp_path / "cv"
    result = sphinx_cv("new", str(target), "--name", "李雷")
    assert result.returncode == 0, result.stderr
    conf = runpy.run_path(str(target / "conf.py"))
    assert (conf["cv_owner"], conf["PDF"]) == ("李雷", "cv.pdf")
    assert (target / "index.md").read_text("utf-8").startswith("# 李雷\n")
    assert "_build/cvpdf/cv.pdf" in (target / ".readthedocs.yaml").read_text("utf-8")


def test_the_name_may_be_given_last_name_first(tmp_path):
    target = tmp_path / "cv"
    result = sphinx_cv("new", str(target), "--name", "De Luca, Alessandro")
    assert result.returncode == 0, result.stderr
    assert runpy.run_path(str(target / "conf.py"))["cv_owner"] == "Alessandro De Luca"
    assert (target / "index.md").read_text("utf-8").startswith("# Alessandro De Luca\n")
