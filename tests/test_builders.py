"""Every Sphinx builder builds the CV with every paper; builders we do not write
for get standard nodes; a parallel build equals a serial one."""

from __future__ import annotations

import filecmp

import pytest
from pybtex.database import parse_file

from sphinx_cv.bib.model import is_published

from conftest import ROOT, build_site

#: Each builder, and the file that holds the publications.
BUILDERS = {
    "html": "sections/publications.html",
    "dirhtml": "sections/publications/index.html",
    "singlehtml": "index.html",
    "epub": "sections/publications.xhtml",
    "latex": "lei-wu-cv.tex",
    "cvpdf": "lei-wu-cv.typ",
    "text": "sections/publications.txt",
    "man": "leiwu.1",
    "texinfo": "leiwu.texi",
    "xml": "sections/publications.xml",
}
#: ePub 3 wants a copyright and a version, which the CV does not state (and the
#: site must not invent): these two warnings are the ePub's, by design.
EXPECTED_WARNINGS = {
    "epub": [
        'WARNING: conf value "version" should not be empty for EPUB3',
        'WARNING: conf value "epub_copyright" (or "copyright")should not be empty',
    ]
}


@pytest.mark.parametrize("builder", BUILDERS)
def test_builder_builds_the_cv_with_every_paper(tmp_path, builder):
    app = build_site(tmp_path, builder)
    warnings = [line for line in app.warning.getvalue().splitlines() if line]
    expected = EXPECTED_WARNINGS.get(builder, [])
    assert len(warnings) == len(expected), warnings
    for message in expected:
        assert any(message in line for line in warnings), message
    text = (app.outdir / BUILDERS[builder]).read_text(encoding="utf-8")
    entries = parse_file(ROOT / "refs.bib").entries.values()
    published = sum(map(is_published, entries))
    labels = [*range(1, published + 1)]
    labels += [f"P{n}" for n in range(1, len(entries) - published + 1)]
    for label in labels:
        assert f"[{label}]" in text, label


def test_text_has_dates_and_labels_in_reading_order(tmp_path):
    app = build_site(tmp_path, "text")
    education = (app.outdir / "sections/education.txt").read_text(encoding="utf-8")
    assert education.index("Sep 2012 – Jul 2018") < education.index("Ph.D.")
    publications = (app.outdir / "sections/publications.txt").read_text("utf-8")
    assert publications.index("[1] ") < publications.index("[P1] ")
    assert f"**{app.config.cv_owner}" in publications  # the owner in bold


def test_a_parallel_build_equals_a_serial_one(tmp_path):
    serial = build_site(tmp_path / "serial").outdir
    parallel = build_site(tmp_path / "parallel", parallel=2).outdir
    files = sorted(
        str(p.relative_to(serial))
        for p in serial.rglob("*")
        if p.is_file() and p.name != ".buildinfo.bak"
    )
    assert files == sorted(
        str(p.relative_to(parallel))
        for p in parallel.rglob("*")
        if p.is_file() and p.name != ".buildinfo.bak"
    )
    _, mismatch, errors = filecmp.cmpfiles(serial, parallel, files, shallow=False)
    assert mismatch == errors == []
