"""Builders we do not write for get standard nodes: the CV reads well in each."""

from __future__ import annotations

import pytest
from pybtex.database import parse_file

from sphinx_cv.style import is_published

from conftest import ROOT, build_site

#: Each builder, and the file that holds the publications.
BUILDERS = {
    "text": "sections/publications.txt",
    "man": "leiwu.1",
    "texinfo": "leiwu.texi",
    "xml": "sections/publications.xml",
    "dirhtml": "sections/publications/index.html",
    "singlehtml": "index.html",
}


@pytest.mark.parametrize("builder", BUILDERS)
def test_builder_builds_the_cv_with_every_paper(tmp_path, builder):
    app = build_site(tmp_path, builder)
    assert app.warning.getvalue() == ""
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
    assert publications.index("[1] Zihao Wang*, **Lei Wu***.") < publications.index(
        "[P1]"
    )
