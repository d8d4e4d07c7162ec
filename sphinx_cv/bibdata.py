"""sphinxcontrib-bibtex's data, as the extension's parts use it: the plugins by
class, the entries in the bib file's order, and the pages that depend on it."""

from __future__ import annotations

from importlib.metadata import entry_points
from pathlib import Path
from typing import TYPE_CHECKING, cast

from sphinx_cv.bib.biblatex import as_bibtex
from sphinx_cv.bib.sorting import BibFileOrder
from sphinx_cv.bib.style import CVStyle

if TYPE_CHECKING:
    from docutils import nodes
    from pybtex.database import Entry
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment
    from sphinx.util.typing import ExtensionMetadata
    from sphinxcontrib.bibtex.domain import BibtexDomain


def cite_domain(env: BuildEnvironment) -> BibtexDomain:
    """sphinxcontrib-bibtex's domain: the bib data, citations and bibliographies."""
    return cast("BibtexDomain", env.get_domain("cite"))


def entries_in_order(env: BuildEnvironment) -> list[Entry]:
    """Every entry of the bib files, in their order."""
    return list(cite_domain(env).bibdata.data.entries.values())


def entry_locations(app: Sphinx) -> dict[str, str]:
    """``FILE:LINE`` of each entry of the bib files, by lowercase key."""
    from sphinx_cv.bib.reader import entry_lines

    return {
        key: f"{path}:{line}"
        for name in reversed(app.config.bibtex_bibfiles)  # the first file's wins
        if (path := Path(app.confdir, name)).is_file()
        for key, line in entry_lines(path).items()
    }


#: The pybtex and sphinxcontrib-bibtex plugins a build looks up, by group and name.
PLUGINS = [
    ("pybtex.style.formatting", "cv"),
    ("pybtex.style.formatting", "cv-tooltip"),
    ("pybtex.style.formatting", "cv-gbt7714"),
    ("pybtex.style.formatting", "cv-gbt7714-tooltip"),
    ("pybtex.style.sorting", "cv-bib-file-order"),
    ("pybtex.style.labels", "number"),
    ("pybtex.style.names", "plain"),
    ("pybtex.style.names", "last"),
    ("pybtex.backends", "docutils"),
    ("pybtex.backends", "plaintext"),
    ("sphinxcontrib.bibtex.style.referencing", "cv-label"),
]


def register_plugins() -> None:
    """Register the plugins a build uses by class, read from one scan of the
    installed entry points: pybtex and sphinxcontrib-bibtex scan them all
    again for every look-up by name (8 ms each, two dozen times a build)."""
    import pybtex.plugin
    import sphinxcontrib.bibtex.plugin

    installed = entry_points()
    for group, name in PLUGINS:
        for entry_point in installed.select(group=group, name=name):
            register = (
                sphinxcontrib.bibtex.plugin.register_plugin
                if group.startswith("sphinxcontrib.")
                else pybtex.plugin.register_plugin
            )
            register(group, name, entry_point.load(), force=True)
            break


def configure_style(app: Sphinx, config: Config) -> None:
    """Hand the owner and the annotation marks to the pybtex style."""
    CVStyle.owner = config.cv_owner
    CVStyle.annotation_marks = dict(config.cv_annotation_marks)


def read_as_bibtex(app: Sphinx) -> None:
    """biblatex's types and fields also under their BibTeX names, as the
    bib files' check reads them (:func:`.biblatex.as_bibtex`)."""
    for entry in cite_domain(app.env).bibdata.data.entries.values():
        as_bibtex(entry)


def remember_entry_order(app: Sphinx) -> None:
    """Number publications in the bib file's order (sphinxcontrib-bibtex parsed it)."""
    entries_in_order = cite_domain(app.env).bibdata.data.entries
    BibFileOrder.entry_order = {key: i for i, key in enumerate(entries_in_order)}


def depend_on_bibfiles(env: BuildEnvironment) -> None:
    """The page being read is read again when a bib file changes."""
    for path in cite_domain(env).bibdata.bibfiles:
        env.note_dependency(str(path))


def depend_on_cited_bibfiles(app: Sphinx, doctree: nodes.document) -> None:
    """A page that cites is read again when a bib file changes: its labels and
    tooltips come from it (sphinxcontrib-bibtex notes this only for bibliographies)."""
    from sphinx.addnodes import pending_xref

    if any(ref.get("refdomain") == "cite" for ref in doctree.findall(pending_xref)):
        depend_on_bibfiles(app.env)


def setup(app: Sphinx) -> ExtensionMetadata:
    register_plugins()
    app.connect("config-inited", configure_style)
    app.connect("builder-inited", read_as_bibtex)  # after sphinxcontrib-bibtex parses
    app.connect("builder-inited", remember_entry_order)
    app.connect("doctree-read", depend_on_cited_bibfiles)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
