"""A Sphinx extension for an academic CV: dated entries and publication lists."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

__version__ = "1.0.0"
#: The extension's parts, each a small Sphinx extension of its own, set up in
#: this order (handlers of one event and priority run in it).
PARTS = [
    "config",
    "bibdata",
    "checks",
    "resources",
    "entries",
    "publications",
    "site.metadata",
    "site.lighten",
    "site.languages",
    "site.postprocess",
    "standard_nodes",
    "cjk",
    "translations",
    "mathml",
    "pdf.builder",
    "site.papers",
    "site.sitemap",
    "compat",
    "outputs",
]


def setup(app: Sphinx) -> ExtensionMetadata:
    app.setup_extension("sphinxcontrib.bibtex")
    for part in PARTS:
        app.setup_extension(f"sphinx_cv.{part}")
    return {
        "version": __version__,
        # Raised when pages made from an unchanged environment would change,
        # so that Sphinx reads and writes everything again.
        "env_version": 5,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
