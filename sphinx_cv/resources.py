"""The files the extension adds to a build: its style sheets and script, and
the LaTeX packages of the PDF's LaTeX route."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx_cv.bib.tex import latex_symbol_declarations

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.util.typing import ExtensionMetadata

HERE = Path(__file__).parent


def add_folders(app: Sphinx, config: Config) -> None:
    """The extension's static files and LaTeX package, beside the project's."""
    config.latex_additional_files = [
        *config.latex_additional_files,
        str(HERE / "texinputs" / "sphinxcv.sty"),
    ]
    config.html_static_path = [*config.html_static_path, str(HERE / "static")]


def add_theme_styles(app: Sphinx) -> None:
    """furo's colours for the CV's parts: only under furo, whose variables they use."""
    if app.builder.format == "html" and app.config.html_theme == "furo":
        app.add_css_file("sphinx-cv-furo.css")


def write_latex_support(app: Sphinx) -> None:
    """The PDF's build settings: the math characters of titles, and no dates
    unless SOURCE_DATE_EPOCH gives them (pdfTeX would stamp the build's time)."""
    if app.builder.format != "latex":
        return
    text = latex_symbol_declarations()
    if "SOURCE_DATE_EPOCH" not in os.environ:
        text += "\\pdfinfoomitdate=1\\pdftrailerid{}\n"
    Path(app.outdir).mkdir(parents=True, exist_ok=True)
    Path(app.outdir, "sphinxcvbuild.sty").write_text(text, encoding="utf-8")


def setup(app: Sphinx) -> ExtensionMetadata:
    app.connect("config-inited", add_folders)
    app.add_css_file("sphinx-cv.css")
    app.connect("builder-inited", add_theme_styles)
    app.connect("builder-inited", write_latex_support)
    app.add_latex_package("sphinxcv")
    app.add_latex_package("sphinxcvbuild")
    return {"parallel_read_safe": True, "parallel_write_safe": True}
