"""Every node class of the extension: what a page holds besides docutils' own."""

from __future__ import annotations

from docutils import nodes


class cv_bibliography(nodes.General, nodes.Element):
    """A list of publications, each with the label its bibliography gave it."""


class cv_reference(nodes.Part, nodes.Element):
    """One publication: ``label``, ``title`` (plain text) and ``bibtex`` attributes."""


class cv_link(nodes.reference):
    """A link of a publication, described to screen readers by the paper's title."""


class cv_filter(nodes.General, nodes.Element):
    """Where the filter box for the page's publication lists goes (HTML only)."""


class cv_entry(nodes.container):
    """A dated item; ``date`` holds the typeset date."""


class cv_pdf_link(nodes.Inline, nodes.TextElement):
    """Where ``{cv-pdf}`` links to the PDF; made a link when the page is written."""


class cv_record(nodes.literal_block):
    """A paper's BibTeX record, in a box a keyboard can scroll."""


class cv_downloads(nodes.General, nodes.Element):
    """A paper's downloads: (label, address, file name) in ``links``, each
    written with the ``download`` attribute, which a data: link needs and
    docutils' reference cannot carry."""


class cv_newest(nodes.General, nodes.Element):
    """The newest papers, filled in once every page is read."""


class cv_export(nodes.Inline, nodes.TextElement):
    """A link to one of :data:`EXPORTS`, made when the page is written."""
