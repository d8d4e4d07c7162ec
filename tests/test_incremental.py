"""An incremental build equals a clean build after every kind of edit, HTML and PDF.

The edits run in turn on one copy of the project, as in the owner's edit loop:
after each, the incremental build (sharing its doctrees between the HTML and the
PDF, as ``make html`` does) is compared byte for byte with a clean build.
"""

from __future__ import annotations

import filecmp
import re
import shutil
from pathlib import Path

import pytest
from sphinx.util.console import strip_escape_sequences

from conftest import ROOT, build_site

pytestmark = pytest.mark.slow

#: What the site's build reads.
SOURCES = ["conf.py", "index.md", "refs.bib", "sections", "_static", "_templates"]


def replace(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def set_conf(src: Path, line: str) -> None:
    with (src / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write(f"\n{line}\n")


def entry_span(text: str, key: str) -> tuple[int, int]:
    start = text.index(f"{{{key},")
    start = text.rindex("@", 0, start)
    end = text.find("\n@", start + 1)
    return start, len(text) if end == -1 else end + 1


def move_entry_to_top(src: Path, key: str) -> None:
    bib = src / "refs.bib"
    text = bib.read_text(encoding="utf-8")
    start, end = entry_span(text, key)
    entry, rest = text[start:end], text[:start] + text[end:]
    first = rest.index("\n@") + 1
    bib.write_text(rest[:first] + entry + rest[first:], encoding="utf-8")


def remove_entry(src: Path, key: str) -> None:
    bib = src / "refs.bib"
    text = bib.read_text(encoding="utf-8")
    start, end = entry_span(text, key)
    bib.write_text(text[:start] + text[end:], encoding="utf-8")


def add_pdf(path: Path) -> None:
    path.parent.mkdir(parents=True)
    path.write_bytes(b"%PDF-1.4\n%%EOF\n")


NEW_PAPER = """
@article{owner2026new,
  author    = {Lei Wu and Ada Lovelace},
  author+an = {1=equal;2=equal},
  title     = {A New Paper on Old Questions},
  journal   = {Journal of Machine Learning Research},
  year      = {2026},
}
"""

#: (name, edit) in the order they are made; each edit changes the sources.
EDITS = [
    ("cv_owner", lambda s: set_conf(s, "cv_owner = 'Wu, Lei'")),
    (
        "cv_annotation_marks",
        lambda s: set_conf(s, "cv_annotation_marks = {'equal': '†'}"),
    ),
    (
        "cv_person",
        lambda s: set_conf(s, "cv_person = {**cv_person, 'job_title': 'Professor'}"),
    ),
    ("cv_pdf_url", lambda s: set_conf(s, "cv_pdf_url = 'https://example.org/cv.pdf'")),
    ("cv_lighten_pages", lambda s: set_conf(s, "cv_lighten_pages = False")),
    ("cv_drop_assets", lambda s: set_conf(s, "cv_drop_assets = ['pygments.css']")),
    ("cv_search_assets", lambda s: set_conf(s, "cv_search_assets = []")),
    (
        "cv_content_security_policy",
        lambda s: set_conf(s, "cv_content_security_policy = False"),
    ),
    ("cv_newest_papers", lambda s: set_conf(s, "cv_newest_papers = 2")),
    ("cv_paper_pages", lambda s: set_conf(s, "cv_paper_pages = 'publications'")),
    (
        "a changed field",
        lambda s: replace(s / "refs.bib", "year          = {2018}", "year = {2019}"),
    ),
    (
        "an added entry",
        lambda s: replace(s / "refs.bib", "\n@", NEW_PAPER + "\n@"),
    ),
    ("a reordered entry", lambda s: move_entry_to_top(s, "wu2018sgd")),
    (
        "an annotation",
        lambda s: replace(s / "refs.bib", "author+an     = {1=equal;2=equal},", ""),
    ),
    ("a removed entry", lambda s: remove_entry(s, "owner2026new")),
    (
        "a page",
        lambda s: replace(
            s / "sections/talks.md", "# Talks\n", "# Talks\n\n- A talk\n"
        ),
    ),
    ("the PDF appearing", lambda s: add_pdf(s / "_build/pdf/lei-wu-cv.pdf")),
    ("the PDF disappearing", lambda s: shutil.rmtree(s / "_build")),
]


def files_of(outdir: Path) -> list[str]:
    """The output's files; not .buildinfo.bak, which Sphinx keeps of the previous
    configuration after a change (it is no part of the site)."""
    return sorted(
        str(p.relative_to(outdir))
        for p in outdir.rglob("*")
        if p.is_file() and ".doctrees" not in p.parts and p.name != ".buildinfo.bak"
    )


def assert_same_output(incremental: Path, clean: Path) -> None:
    files = files_of(clean)
    assert set(files_of(incremental)) ^ set(files) == set()
    _, mismatch, errors = filecmp.cmpfiles(incremental, clean, files, shallow=False)
    assert mismatch == errors == []


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    src = tmp_path_factory.mktemp("project")
    for name in SOURCES:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, src / name)
        else:
            shutil.copy2(ROOT / name, src / name)
    # The copy builds elsewhere: its conf.py looks for the PDF in its own _build.
    inc = tmp_path_factory.mktemp("incremental")
    for builder in ("html", "cvpdf"):
        assert build_site(inc, builder, srcdir=src).warning.getvalue() == ""
    return src, inc


def test_a_rebuild_with_nothing_changed_reads_no_page(project):
    src, inc = project
    app = build_site(inc, "html", srcdir=src)
    assert app.warning.getvalue() == ""
    status = strip_escape_sequences(app.status.getvalue())
    assert re.search(r"updating environment: 0 added, 0 changed, 0 removed", status)
    assert "reading sources... [" not in status


@pytest.mark.parametrize(("name", "edit"), EDITS, ids=[name for name, _ in EDITS])
def test_incremental_build_equals_a_clean_build(project, tmp_path, name, edit):
    src, inc = project
    edit(src)
    clean = tmp_path / "clean"
    for builder in ("html", "cvpdf"):
        incremental = build_site(inc, builder, srcdir=src)
        assert incremental.warning.getvalue() == "", name
        fresh = build_site(clean, builder, srcdir=src)
        assert fresh.warning.getvalue() == "", name
        assert_same_output(Path(incremental.outdir), Path(fresh.outdir))
