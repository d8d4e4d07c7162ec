"""``sphinx-cv build``: the PDF, then the site that links it, in one process.

Each builder keeps its own doctrees (``BUILDDIR/doctrees/NAME``): sharing them, the
first build would read a changed page and the second take it as written. One
process imports Sphinx and the extensions once for both builds.
"""

from __future__ import annotations

import runpy
from pathlib import Path

from sphinx_cv.files import write_if_changed

#: What each target builds, in order.
TARGETS = {"pdf": ["cvpdf"], "html": ["cvpdf", "html"]}


def translations(source: Path) -> dict[str, str]:
    """The folder of each translation of the project (``cv_translations``)."""
    settings = runpy.run_path(str(source / "conf.py")).get("cv_translations", {})
    return {
        language: each["folder"]
        for language, each in settings.items()
        if isinstance(each, dict) and isinstance(each.get("folder"), str)
    }  # the build says what is wrong with the others


def sphinx_build(
    builder: str,
    source: Path,
    builddir: Path,
    options: list[str],
    folder: str = "",
    language: str = "",
) -> int:
    """Build the project's pages, or (with *folder*) a translation's: its pages,
    the project's ``conf.py``, and its site in the site's folder of that name.
    Its *language* is given as an option, so that Sphinx's own words and the
    extensions' come in it (they are chosen before ``config-inited``)."""
    from sphinx.cmd.build import build_main

    from sphinx_cv.compat import forget_loaded_catalogs

    forget_loaded_catalogs()  # the last build's language is not this one's
    place = Path(folder) if folder else Path()
    outdir = (
        builddir / "html" / folder if builder == "html" else builddir / place / builder
    )
    return build_main(
        [
            *("-b", builder, "-c", str(source)),
            *("-d", str(builddir / place / "doctrees" / builder)),
            *options,
            *(("-D", f"language={language}") if language else ()),
            str(source / folder),
            str(outdir),
        ]
    )


def publish_pdfs(builddir: Path, folders: list[str]) -> list[Path]:
    """Copy the PDFs the cvpdf builds made to ``BUILDDIR/pdf/``, where the site's
    ``html_extra_path`` and the owner find them."""
    published = []
    (builddir / "pdf").mkdir(parents=True, exist_ok=True)
    for folder in folders:
        for pdf in sorted((builddir / folder / "cvpdf").glob("*.pdf")):
            target = builddir / "pdf" / pdf.name
            write_if_changed(target, pdf.read_bytes())
            published.append(target)
    return published


def build(target: str, source: Path, builddir: Path, options: list[str]) -> int:
    """Build *target* ("pdf" or "html") of the project in *source* and of its
    translations (each builder for all, so that every PDF is there for the
    sites); the exit status of the first build that failed, else 0."""
    languages = {
        "": "",
        **{folder: lang for lang, folder in translations(source).items()},
    }
    folders = list(languages)
    for builder in TARGETS[target]:
        for folder, language in languages.items():
            status = sphinx_build(builder, source, builddir, options, folder, language)
            if status:
                return status
        if builder == "cvpdf":
            for pdf in publish_pdfs(builddir, folders):
                print(f"PDF: {pdf}")
    if target == "html":
        for folder in folders:
            print(f"Site: {builddir / 'html' / folder / 'index.html'}")
    return 0
