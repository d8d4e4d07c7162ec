"""A Sphinx extension for an academic CV: dated entries and publication lists."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from docutils import nodes

from . import bibliography, entries
from .style import CVStyle

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.util.typing import ExtensionMetadata

__version__ = "1.0.0"
HERE = Path(__file__).parent


def configure_style(app: Sphinx, config: Config) -> None:
    """Hand the owner and the annotation marks to the pybtex style."""
    CVStyle.owner = config.cv_owner
    CVStyle.annotation_marks = dict(config.cv_annotation_marks)
    config.latex_additional_files = [
        *config.latex_additional_files,
        str(HERE / "texinputs" / "sphinxcv.sty"),
    ]


def remember_entry_order(app: Sphinx) -> None:
    """Number publications in the bib file's order (sphinxcontrib-bibtex parsed it)."""
    entries_in_order = app.env.get_domain("cite").bibdata.data.entries
    CVStyle.entry_order = {key: index for index, key in enumerate(entries_in_order)}


def pdf_link_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    """``{cv-pdf}`Download the PDF```: a link to ``cv_pdf_url``, nothing if unset."""
    url = inliner.document.settings.env.config.cv_pdf_url
    if not url:
        return [], []
    return [nodes.reference(rawtext, text, refuri=url, classes=["cv-pdf"])], []


def setup(app: Sphinx) -> ExtensionMetadata:
    app.setup_extension("sphinxcontrib.bibtex")
    app.add_config_value("cv_owner", "", "env", types=frozenset({str}))
    app.add_config_value(
        "cv_annotation_marks", {"equal": "*"}, "env", types=frozenset({dict})
    )
    app.add_config_value("cv_pdf_url", "", "env", types=frozenset({str}))
    app.add_role("cv-pdf", pdf_link_role)
    app.connect("config-inited", configure_style)
    app.connect("builder-inited", remember_entry_order)
    app.add_css_file("sphinx-cv.css")
    app.add_js_file("sphinx-cv.js", loading_method="defer")
    app.add_latex_package("sphinxcv")
    app.connect("builder-inited", add_static_path)
    entries.setup(app)
    bibliography.setup(app)
    return {
        "version": __version__,
        "env_version": 1,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }


def add_static_path(app: Sphinx) -> None:
    app.config.html_static_path.append(str(HERE / "static"))
