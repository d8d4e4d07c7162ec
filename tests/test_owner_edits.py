"""The editing guide's example edits (docs/editing.md), made on a copy of the
project, keep its tests green.

Only the comparison with the original CV (test_original_cv.py) notices them, as
it should: it is the one test that holds the CV to what it said before.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from conftest import ROOT, checkout
from test_incremental import remove_cited_entry

pytestmark = pytest.mark.slow

#: Test files that build only test roots (tests/roots), never the CV's pages.
ROOTS_ONLY = [
    "test_scripts.py",
    "test_bilingual.py",
    "test_images.py",
    "test_biblatex.py",
]


def example(readme: str, language: str, containing: str) -> str:
    """The guide's example block in *language* that contains *containing*."""
    blocks = re.findall(rf"```{language}\n(.*?)```", readme, re.S)
    return next(block for block in blocks if containing in block)


def make_the_readme_edits(project) -> None:
    readme = (ROOT / "docs" / "editing.md").read_text(encoding="utf-8")
    paper = example(readme, "bibtex", "@")
    bib = project / "refs.bib"
    text = bib.read_text(encoding="utf-8")
    first = text.index("\n@") + 1  # the newest paper goes first, as in the CV
    bib.write_text(text[:first] + paper + "\n" + text[first:], encoding="utf-8")
    talk = example(readme, "markdown", "- ")
    talks = project / "sections" / "talks.md"
    talks.write_text(
        talks.read_text("utf-8").replace("# Talks\n\n", f"# Talks\n\n{talk}"), "utf-8"
    )
    course = example(readme, "markdown", "cv-entry")
    teaching = project / "sections" / "teaching.md"
    heading = "# Teaching Experiences\n\n"
    teaching.write_text(
        teaching.read_text("utf-8").replace(heading, f"{heading}{course}\n"), "utf-8"
    )
    conf = project / "conf.py"
    text, changed = re.subn(
        r'("job_title": )"[^"]*"', r'\1"Professor of Edits"', conf.read_text("utf-8")
    )
    assert changed == 1
    conf.write_text(text, "utf-8")
    remove_cited_entry(project)  # a paper deleted, with its citations


def pytest_in(project, *args):
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *args],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "CI": "false"},
    )


def test_the_readme_edits_keep_the_suite_green(tmp_path):
    project = checkout(tmp_path / "project")
    make_the_readme_edits(project)
    check = subprocess.run(
        [sys.executable, "-m", "sphinx_cv.check"],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )
    assert check.returncode == 0, check.stderr
    suite = pytest_in(
        project,
        "-m",
        "not browser and not slow",
        "--ignore=tests/test_original_cv.py",
        # Builds of the package's own test roots, which hold none of the CV:
        *(f"--ignore=tests/{name}" for name in ROOTS_ONLY),
    )
    assert suite.returncode == 0, suite.stdout[-3000:]
    assert " passed" in suite.stdout
    original = pytest_in(project, "tests/test_original_cv.py")
    assert original.returncode == 1, "the original-CV check missed the edits"


def test_the_files_left_out_build_test_roots_only():
    """They take their projects from tests/roots and nothing of the CV from conftest."""
    of_the_cv = {
        "PAGES",
        "PAPER",
        "MATH_PAPERS",
        "checkout",
        "papers_cited_by_the_pages",
    }
    for name in ROOTS_ONLY:
        text = (ROOT / "tests" / name).read_text("utf-8")
        assert "rootdir" in text, name
        imported = re.findall(r"from conftest import \(?([^)\n]*(?:\n[^)]*)?)\)?", text)
        names = set(re.findall(r"\w+", " ".join(imported)))
        assert not names & of_the_cv, name
