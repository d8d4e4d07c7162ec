"""``sphinx-cv build``: the PDF, then the site that links it, in one process.

Each builder keeps its own doctrees (``BUILDDIR/doctrees/NAME``): sharing them, the
first build would read a changed page and the second take it as written. One
process imports Sphinx and the extensions once for both builds.
"""

from __future__ import annotations

from pathlib import Path

from sphinx_cv.files import write_if_changed

#: What each target builds, in order.
TARGETS = {"pdf": ["cvpdf"], "html": ["cvpdf", "html"]}


def sphinx_build(builder: str, source: Path, builddir: Path, options: list[str]) -> int:
    from sphinx.cmd.build import build_main

    doctrees = builddir / "doctrees" / builder
    return build_main(
        [
            "-b",
            builder,
            "-d",
            str(doctrees),
            *options,
            str(source),
            str(builddir / builder),
        ]
    )


def publish_pdfs(builddir: Path) -> list[Path]:
    """Copy the PDFs the cvpdf builder made to ``BUILDDIR/pdf/``, where the site's
    ``html_extra_path`` and the owner find them."""
    published = []
    (builddir / "pdf").mkdir(parents=True, exist_ok=True)
    for pdf in sorted((builddir / "cvpdf").glob("*.pdf")):
        target = builddir / "pdf" / pdf.name
        write_if_changed(target, pdf.read_bytes())
        published.append(target)
    return published


def build(target: str, source: Path, builddir: Path, options: list[str]) -> int:
    """Build *target* ("pdf" or "html") of the project in *source*; the exit
    status of the first build that failed, else 0."""
    for builder in TARGETS[target]:
        if status := sphinx_build(builder, source, builddir, options):
            return status
        if builder == "cvpdf":
            for pdf in publish_pdfs(builddir):
                print(f"PDF: {pdf}")
    if target == "html":
        print(f"Site: {builddir / 'html' / 'index.html'}")
    return 0
