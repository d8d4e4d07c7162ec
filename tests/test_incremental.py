"""After every kind of edit, the owner's ``make html`` writes what a clean build does.

The edits run in turn on one copy of the project, as in the owner's edit loop;
before each ``make html``, some edits have ``make pdf`` run first, as an owner
who looks at the PDF does. The site and the PDF are compared byte for byte with
``make clean html`` of the same sources in a second copy. The edits pick their
papers and pages from the copy's sources, so they hold after the owner's edits.
"""

from __future__ import annotations

import filecmp
import re
import shutil
import subprocess
from contextlib import contextmanager
from pathlib import Path

import pytest
from sphinx.util.console import strip_escape_sequences

from conftest import ROOT, make, start_make, toctree_pages

pytestmark = pytest.mark.slow

#: What the site's build reads (the rest of a checkout is left out of the copies).
SOURCES = ["Makefile", "conf.py", "index.md", "refs.bib", "sections", "_static"]
SOURCES += ["_templates", "tools/system-packages.txt"]
ENTRY = re.compile(r"^@(\w+)\{([^,\s]+),", re.M)


def replace(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def set_conf(src: Path, line: str) -> None:
    with (src / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write(f"\n{line}\n")


def keys(src: Path) -> list[str]:
    """The keys of the copy's refs.bib, in order (not @string or @comment)."""
    text = (src / "refs.bib").read_text(encoding="utf-8")
    return [key for kind, key in ENTRY.findall(text) if kind.lower() != "string"]


def entry_span(text: str, key: str) -> tuple[int, int]:
    start = text.index(f"{{{key},")
    start = text.rindex("@", 0, start)
    end = text.find("\n@", start + 1)
    return start, len(text) if end == -1 else end + 1


def entry_text(src: Path, key: str) -> str:
    text = (src / "refs.bib").read_text(encoding="utf-8")
    start, end = entry_span(text, key)
    return text[start:end]


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


def change_title(src: Path) -> None:
    """The first paper's title, with a word added."""
    entry = entry_text(src, keys(src)[0])
    title = re.search(r"^\s*title\s*=\s*\{", entry, re.M)
    assert title, entry
    replace(src / "refs.bib", entry, entry.replace(title[0], f"{title[0]}Revised: "))


def change_annotation(src: Path) -> None:
    """Mark the first paper's first author as of equal contribution, or unmark."""
    key = keys(src)[0]
    entry = entry_text(src, key)
    if marked := re.search(r"^\s*author\+an\s*=.*\n", entry, re.M):
        changed = entry.replace(marked[0], "")
    else:
        changed = entry.replace(
            f"{{{key},\n", f"{{{key},\n  author+an = {{1=equal}},\n"
        )
    replace(src / "refs.bib", entry, changed)


def cited_entry(src: Path) -> tuple[str, list[Path]]:
    """A key that some page cites, and those pages."""
    from sphinx_cv.check import cited_keys

    pages = [src / "index.md", *sorted((src / "sections").glob("*.md"))]
    citing: dict[str, list[Path]] = {}
    for page in pages:
        for _, key in cited_keys(page.read_text(encoding="utf-8")):
            citing.setdefault(key, []).append(page)
    key = next(key for key in reversed(keys(src)) if key in citing)
    return key, citing[key]


def remove_cited_entry(src: Path) -> None:
    """Delete a cited paper and its citations, as the owner would."""
    key, pages = cited_entry(src)
    remove_entry(src, key)
    for page in pages:
        text = page.read_text(encoding="utf-8")
        text = re.sub(rf",{key}\b|\b{key},", "", text)  # one key of several
        text = re.sub(rf"\{{cite:[pt]\}}`{key}`", "", text)  # the only key
        page.write_text(text, encoding="utf-8")


def retitle_page(src: Path) -> None:
    """The first page of the toctree, its heading changed: every page's
    navigation shows it."""
    page = src / f"{toctree_pages(src / 'index.md')[0]}.md"
    heading = re.search(r"^# .*$", page.read_text(encoding="utf-8"), re.M)[0]
    replace(page, heading, f"{heading} (revised)")


def add_page(src: Path) -> None:
    """A new page at the end of the toctree."""
    last = toctree_pages(src / "index.md")[-1]
    replace(src / "index.md", f"{last}\n", f"{last}\nsections/awards\n")
    (src / "sections" / "awards.md").write_text("# Awards\n\n- An award\n", "utf-8")


def remove_page(src: Path) -> None:
    """The last page of the toctree, gone from the toctree and the disk."""
    page = toctree_pages(src / "index.md")[-1]
    replace(src / "index.md", f"{page}\n", "")
    (src / f"{page}.md").unlink()


NEW_PAPER = """
@article{owner2026new,
  author    = {Lei Wu and Ada Lovelace},
  author+an = {1=equal;2=equal},
  title     = {A New Paper on Old Questions},
  journal   = {Journal of Machine Learning Research},
  year      = {2026},
}
"""

#: (name, edit, whether make pdf runs before make html), in the order made.
EDITS = [
    ("cv_owner", lambda s: set_conf(s, "cv_owner = 'Wu, Lei'"), False),
    (
        "cv_annotation_marks",
        lambda s: set_conf(s, "cv_annotation_marks = {'equal': '†'}"),
        True,
    ),
    (
        "cv_person",
        lambda s: set_conf(s, "cv_person = {**cv_person, 'job_title': 'Professor'}"),
        False,
    ),
    (
        "cv_pdf_url",
        lambda s: set_conf(s, "cv_pdf_url = 'https://example.org/cv.pdf'"),
        True,
    ),
    ("cv_lighten_pages", lambda s: set_conf(s, "cv_lighten_pages = False"), False),
    (
        "cv_drop_assets",
        lambda s: set_conf(s, "cv_drop_assets = ['pygments.css']"),
        False,
    ),
    ("cv_search_assets", lambda s: set_conf(s, "cv_search_assets = []"), False),
    (
        "cv_content_security_policy",
        lambda s: set_conf(s, "cv_content_security_policy = False"),
        False,
    ),
    ("cv_newest_papers", lambda s: set_conf(s, "cv_newest_papers = 2"), True),
    (
        "cv_paper_pages",
        lambda s: set_conf(s, "cv_paper_pages = 'publications'"),
        False,
    ),
    (
        "html_theme_options",
        lambda s: set_conf(
            s,
            "html_theme_options = {**html_theme_options, 'navigation_with_keys': True}",
        ),
        False,
    ),
    ("a changed title", change_title, True),
    (
        "an added entry",
        lambda s: replace(s / "refs.bib", "\n@", NEW_PAPER + "\n@"),
        False,
    ),
    ("a reordered entry", lambda s: move_entry_to_top(s, keys(s)[-1]), True),
    ("an annotation", change_annotation, False),
    ("a removed entry", lambda s: remove_entry(s, "owner2026new"), True),
    ("a removed cited entry", remove_cited_entry, False),
    (
        "a page",
        lambda s: replace(s / "sections/talks.md", "\n", "\n\n- A talk\n"),
        True,
    ),
    ("a retitled page", retitle_page, False),
    ("an added page", add_page, True),
    ("a removed page", remove_page, False),
    ("the PDF disappearing", lambda s: shutil.rmtree(s / "_build" / "pdf"), False),
]


def files_of(outdir: Path) -> list[str]:
    """The output's files; not .buildinfo.bak, which Sphinx keeps of the previous
    configuration after a change (it is no part of the site)."""
    return sorted(
        str(p.relative_to(outdir))
        for p in outdir.rglob("*")
        if p.is_file() and p.name != ".buildinfo.bak"
    )


def assert_same_output(incremental: Path, clean: Path) -> None:
    files = files_of(clean)
    assert set(files_of(incremental)) ^ set(files) == set()
    _, mismatch, errors = filecmp.cmpfiles(incremental, clean, files, shallow=False)
    assert mismatch == errors == []


def copy_sources(source: Path, target: Path) -> Path:
    for name in SOURCES:
        if (source / name).is_dir():
            shutil.copytree(source / name, target / name)
        elif (source / name).exists():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source / name, target / name)
    return target


def assert_made(result) -> None:
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stderr == "", result.stderr


def assert_equals_a_clean_build(src: Path, clean: Path) -> None:
    with a_clean_build_beside(src, clean):
        pass


@contextmanager
def a_clean_build_beside(src: Path, clean: Path):
    """``make clean html`` of *src*'s sources in *clean*, run (on the other core)
    while the block runs the owner's commands in *src*; then their outputs are
    compared byte for byte."""
    copy_sources(src, clean)
    reference = start_make(clean, "html")
    try:
        yield
    except BaseException:
        reference.kill()
        raise
    finally:
        stdout, stderr = reference.communicate()
    assert_made(subprocess.CompletedProcess([], reference.returncode, stdout, stderr))
    for output in ("html", "pdf"):
        assert_same_output(src / "_build" / output, clean / "_build" / output)


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    src = copy_sources(ROOT, tmp_path_factory.mktemp("project"))
    assert_made(make(src, "html"))
    return src


def test_a_make_html_with_nothing_changed_reads_and_writes_nothing(project):
    pdf = next((project / "_build" / "cvpdf").glob("*.pdf"))
    before = pdf.stat().st_mtime_ns
    result = make(project, "html", QUIET="")
    assert_made(result)
    stdout = strip_escape_sequences(result.stdout)  # colours, as under CI=true
    for builder in ("cvpdf", "html"):
        assert f"building [{builder}]: targets for 0 source files" in stdout
    assert stdout.count("0 added, 0 changed, 0 removed") == 2
    assert stdout.count("no targets are out of date.") == 2
    assert "reading sources... [" not in stdout
    assert "writing output... [" not in stdout
    assert pdf.stat().st_mtime_ns == before  # not typeset again


@pytest.mark.parametrize(
    ("name", "edit", "pdf_first"), EDITS, ids=[name for name, _, _ in EDITS]
)
def test_make_html_after_an_edit_equals_a_clean_build(
    project, tmp_path, name, edit, pdf_first
):
    edit(project)
    with a_clean_build_beside(project, tmp_path / "clean"):
        if pdf_first:
            assert_made(make(project, "pdf"))
        assert_made(make(project, "html"))
