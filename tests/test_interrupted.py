"""A ``make html`` or ``make pdf`` killed at any moment is healed by the next
``make html``: it writes what a clean build does, and no file is ever left half
written under its final name.

The kill comes from inside the build, at a chosen moment: a ``sitecustomize``
module on ``PYTHONPATH`` (the sources and the configuration stay as the owner
has them) kills the process when an event of a builder is emitted for the n-th
time, when Typst is asked to typeset, or halfway through writing a file.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import ROOT, make
from test_incremental import (
    NEW_PAPER,
    a_clean_build_beside,
    assert_made,
    copy_sources,
    replace,
)

pytestmark = pytest.mark.slow

KILLER = '''
"""Kill this process at the moment CV_KILL_AT names (a test's sitecustomize)."""
import os
import pathlib
import signal

where = os.environ.get("CV_KILL_AT", "")


def kill():
    os.kill(os.getpid(), signal.SIGKILL)


if where == "typst":
    import typst

    def compile(*args, **kwargs):
        kill()

    typst.compile = compile
elif where.startswith("writing "):
    suffix = where.removeprefix("writing ")
    write_text, write_bytes = pathlib.Path.write_text, pathlib.Path.write_bytes

    def half(write):
        def write_half(self, data, *args, **kwargs):
            if suffix in self.name:
                write(self, data[: len(data) // 2], *args, **kwargs)
                kill()
            return write(self, data, *args, **kwargs)

        return write_half

    pathlib.Path.write_text = half(write_text)
    pathlib.Path.write_bytes = half(write_bytes)
elif where:
    import sphinx.events

    builder, event, nth = where.split(":")
    seen = 0
    emit = sphinx.events.EventManager.emit

    def emit_or_kill(self, name, *args, **kwargs):
        global seen
        if name == event and self._app.builder.name == builder:
            seen += 1
            if seen == int(nth):
                kill()
        return emit(self, name, *args, **kwargs)

    sphinx.events.EventManager.emit = emit_or_kill
'''

#: (moment, make target killed), in the order they are tried.
MOMENTS = [
    ("cvpdf:doctree-read:2", "pdf"),  # the PDF's build, while reading
    ("typst", "html"),  # while Typst typesets, the pages already read
    ("writing .pdf", "pdf"),  # while the PDF is written
    ("html:doctree-read:3", "html"),  # the site's build, while reading
    ("html:write-started:1", "html"),  # pages read and saved, none written
    ("html:html-page-context:4", "html"),  # while writing pages
    ("writing .html", "html"),  # halfway through a page
    ("writing searchindex", "html"),  # halfway through the search index
    ("html:build-finished:1", "html"),  # before the pass over written pages
]


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    src = copy_sources(ROOT, tmp_path_factory.mktemp("project"))
    killer = tmp_path_factory.mktemp("killer")
    (killer / "sitecustomize.py").write_text(KILLER, encoding="utf-8")
    assert_made(make(src, "html"))
    return src, killer


def assert_no_file_half_written(outdir: Path) -> None:
    """Every page is whole (its end is there), and no temporary file is left
    under a final name."""
    for page in outdir.rglob("*.html"):
        assert page.read_text("utf-8").rstrip().endswith("</html>"), page
    if (index := outdir / "searchindex.js").exists():
        assert index.read_text("utf-8").rstrip().endswith(")"), index


@pytest.mark.parametrize(("moment", "target"), MOMENTS, ids=[m for m, _ in MOMENTS])
def test_a_killed_build_is_healed_by_the_next_make_html(
    project, tmp_path, moment, target
):
    src, killer = project
    # A change that every part of the output shows: a new paper, a page edited.
    number = len(re.findall("owner2026new", (src / "refs.bib").read_text("utf-8")))
    paper = NEW_PAPER.replace("owner2026new", f"owner2026new{number}")
    replace(src / "refs.bib", "\n@", paper.replace("Old", f"Old {number}") + "\n@")
    replace(src / "sections" / "talks.md", "\n", f"\n\n- A talk, number {number}\n")
    with a_clean_build_beside(src, tmp_path / "clean"):
        killed = make(src, target, CV_KILL_AT=moment, PYTHONPATH=str(killer))
        assert killed.returncode != 0, killed.stdout
        assert "Killed" in killed.stderr, killed.stderr  # make's word for SIGKILL
        assert_no_file_half_written(src / "_build" / "html")
        assert_made(make(src, "html"))
