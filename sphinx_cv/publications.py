"""Publication lists in place: each bibliography becomes a labelled list."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from docutils import nodes
from docutils.parsers.rst import directives
from pybtex.plugin import find_plugin
from sphinx import addnodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinxcontrib.bibtex.directives import BibliographyDirective, BibliographyKey
from sphinxcontrib.bibtex.nodes import bibliography

from sphinx_cv.bib.biblatex import fields_as_written
from sphinx_cv.bib.formats import coins
from sphinx_cv.bib.model import LIST_FILTERS, PAPER_SCHEME
from sphinx_cv.bibdata import cite_domain
from sphinx_cv.compat import latex_citation_anchor
from sphinx_cv.nodes import cv_bibliography, cv_filter, cv_link, cv_reference
from sphinx_cv.translations import _

if TYPE_CHECKING:
    from pybtex.database import Entry
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata
    from sphinx.writers.html5 import HTML5Translator
    from sphinx.writers.latex import LaTeXTranslator


#: pybtex-docutils' backend, which renders a formatted entry as docutils nodes.
DOCUTILS = find_plugin("pybtex.backends", "docutils")()


class CVFilter(SphinxDirective):
    """``{cv-filter}``: a box that narrows the page's publication lists as you type."""

    def run(self) -> list[nodes.Node]:
        return [cv_filter()]


class CVBibliography(BibliographyDirective):
    """``{cv-bibliography} published`` or ``preprints``: one of the CV's two lists.

    Which entries belong to which list is one rule, :data:`.style.LIST_FILTERS`.
    """

    required_arguments = 1
    optional_arguments = 0
    has_content = False
    # An instance variable of the base class, which docutils reads off the class.
    option_spec = {  # noqa: RUF012
        "labelprefix": directives.unchanged,
        "style": directives.unchanged,  # a pybtex style, e.g. cv-gbt7714
    }

    def run(self) -> list[nodes.Node]:
        which = self.arguments[0]
        if which not in LIST_FILTERS:
            lists = " or ".join(LIST_FILTERS)
            raise self.error(f"unknown list {which!r}: write {lists}")
        self.options["filter"] = LIST_FILTERS[which]
        self.arguments.clear()  # the list's name is ours; the base reads none
        result = list(super().run())
        for node in result:
            if isinstance(node, bibliography):
                node["cv_list"] = which  # the list's name, for the page's description
        return result


def check_bibliography_placement(app: Sphinx, doctree: nodes.document) -> None:
    """A bibliography inside ``{only}`` would be missing from the other outputs."""
    logger = logging.getLogger(__name__)
    for node in doctree.findall(bibliography):
        if any(isinstance(a, addnodes.only) for a in _ancestors(node)):
            logger.error(
                "a bibliography inside an {only} block would be missing from "
                "the other outputs (the PDF or the site): move it out of the block",
                location=node,
                type="cv",
                subtype="bibliography_in_only",
            )


def _ancestors(node: nodes.Node):
    while (node := node.parent) is not None:
        yield node


def clean_bibtex(entry: Entry) -> str:
    """The entry as a BibTeX record to share: values as written, no ``+`` fields."""
    lines = [f"@{entry.original_type}{{{entry.key},"]
    for role, persons in entry.persons.items():
        lines.append(f"  {role} = {{{' and '.join(map(str, persons))}}},")
    for name, value in fields_as_written(entry).items():
        if "+" not in name:
            lines.append(f"  {name} = {{{value}}},")
    return "\n".join([*lines, "}"])


class CVBibliographyTransform(SphinxPostTransform):
    """Make each bibliography node a :class:`cv_bibliography` of its citations.

    Works from sphinxcontrib-bibtex's documented bibliography node and domain
    data, just before its own transform (priority 5) would make a citation list.
    """

    default_priority = 4

    def run(self, **kwargs) -> None:
        domain = cite_domain(self.env)
        for node in list(self.document.findall(bibliography)):
            key = BibliographyKey(docname=node["docname"], id_=node["ids"][0])
            publications = cv_bibliography(
                classes=["cv-bibliography"], cv_list=node.get("cv_list", "")
            )
            for citation in domain.citations:
                if citation.bibliography_key != key:
                    continue
                reference = cv_reference(
                    ids=[citation.key],
                    citation_id=citation.citation_id,
                    key=citation.key,
                    label=citation.formatted_entry.label,
                    coins=coins(citation.entry),
                )
                reference += DOCUTILS.paragraph(citation.formatted_entry)
                for link in reference.findall(nodes.reference):
                    if link.get("refuri", "").startswith(PAPER_SCHEME):
                        link["classes"].append("cv-title")
                publications += reference
            node.replace_self(publications)


def link_titles(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Point each title at its paper's page: relative in a web site, absolute
    (from ``html_baseurl``) elsewhere, as in the PDF; without pages or an
    address, the title is plain text. In a web site, the list's BibTeX link
    leads to the paper's page, which shows its record."""
    from sphinx_cv.urls import paper_pagename, paper_uri

    config = app.config
    for reference in doctree.findall(cv_reference):
        page = paper_pagename(config, reference["key"])
        target = paper_uri(app, docname, reference["key"])
        if target is not None:
            reference["paper_uri"] = target
        elif config.cv_paper_pages and config.html_baseurl:
            target = f"{config.html_baseurl}{page}.html"
        for link in list(reference.findall(nodes.reference)):
            if "cv-title" not in link["classes"]:
                continue
            if target:
                link["refuri"] = target
                continue
            link["classes"].remove("cv-title")
            if link["ids"]:  # the title names the entry's controls (HTML)
                link.replace_self(nodes.inline("", "", *link.children, ids=link["ids"]))
            else:
                link.replace_self(link.children)


class CitationAnchorTransform(SphinxPostTransform):
    """Point HTML citation links at the key anchors (``#wu2018sgd``).

    sphinxcontrib-bibtex numbers its anchors per bibliography directive; the
    key is stable when papers are added or reordered.
    """

    default_priority = 11  # after sphinx's ReferencesResolver (10) made the links
    formats = ("html",)

    def run(self, **kwargs) -> None:
        keys = {c.citation_id: c.key for c in cite_domain(self.env).citations}
        for citation in self.document.findall(nodes.inline):
            if "bibtex-citation" not in citation["classes"]:
                continue
            for link in citation.findall(nodes.reference):
                if "refid" in link:
                    link["refid"] = keys.get(link["refid"], link["refid"])
                elif "refuri" in link:
                    page, _, anchor = link["refuri"].rpartition("#")
                    link["refuri"] = f"{page}#{keys.get(anchor, anchor)}"


def title_id_of(reference: cv_reference) -> str:
    """The id of the entry's title (its link, or its text where there is no
    page to link), which describes the entry's controls to screen readers."""
    return f"{reference['ids'][0]}-title"


class NameLinksTransform(SphinxPostTransform):
    """Make "arXiv", "DOI" and "Publisher" tell a screen reader their paper."""

    default_priority = 7  # right after the lists are built
    formats = ("html",)

    def run(self, **kwargs) -> None:
        for reference in self.document.findall(cv_reference):
            title_id = title_id_of(reference)
            for link in list(reference.findall(nodes.reference)):
                if "cv-title" in link["classes"]:
                    link["ids"].append(title_id)  # it describes itself
                    continue
                link.replace_self(
                    cv_link(
                        "", "", *link.children, refuri=link["refuri"], title_id=title_id
                    )
                )


def visit_cv_link_html(self: HTML5Translator, node: cv_link) -> None:
    attributes = {"href": node["refuri"], "aria-describedby": node["title_id"]}
    self.body.append(
        self.starttag(node, "a", "", CLASS="reference external", **attributes)
    )


def depart_cv_link_html(self: HTML5Translator, node: cv_link) -> None:
    self.body.append("</a>")


def visit_cv_filter_html(self: HTML5Translator, node: cv_filter) -> None:
    # The script's words, in the page's language: N papers, N of M papers match.
    words = {
        "data-papers": _("{total} papers"),
        "data-matching": _("{shown} of {total} papers match"),
    }
    said = " ".join(
        f'{name}="{html.escape(str(text))}"' for name, text in words.items()
    )
    self.body.append(
        f'<form class="cv-filter" role="search" '
        f'aria-label="{html.escape(_("Publications"))}" {said}>'
        f'<label for="cv-filter-input">{html.escape(_("Filter publications"))}</label> '
        '<input id="cv-filter-input" type="search" autocomplete="off" '
        f'placeholder="{html.escape(_("title, co-author, venue or year"))}" '
        'aria-describedby="cv-filter-count">'
        '<p id="cv-filter-count" class="cv-filter-count" role="status"></p></form>\n'
    )
    raise nodes.SkipNode


def skip(self, node: nodes.Element) -> None:
    raise nodes.SkipNode


def visit_cv_bibliography_html(self: HTML5Translator, node: cv_bibliography) -> None:
    self.body.append(self.starttag(node, "ol", CLASS="cv-bibliography"))


def depart_cv_bibliography_html(self: HTML5Translator, node: cv_bibliography) -> None:
    self.body.append("</ol>\n")


def visit_cv_reference_html(self: HTML5Translator, node: cv_reference) -> None:
    self.body.append(self.starttag(node, "li", CLASS="cv-reference"))
    self.body.append(f'<span class="cv-label">[{self.encode(node["label"])}]</span>')
    self.body.append('<div class="cv-body">')
    # COinS, for Zotero's connector: the whole reference in one attribute. Inside
    # the body, as an empty inline: not a cell of the entry's grid.
    self.body.append(
        f'<span class="Z3988" title="{html.escape(node["coins"])}"></span>'
    )


def depart_cv_reference_html(self: HTML5Translator, node: cv_reference) -> None:
    described = f'aria-describedby="{html.escape(title_id_of(node))}"'
    permalink = html.escape(f"#{node['ids'][0]}")
    tools = [
        f'<a class="cv-permalink" href="{permalink}" {described}>'
        f"{html.escape(_('Permalink'))}</a>"
    ]
    if paper := node.get("paper_uri"):
        # The record is on the paper's page; the script makes this a button
        # that copies it from there.
        tools.insert(
            0,
            f'<a class="cv-bibtex" href="{html.escape(paper)}" {described} '
            f'data-copy="{html.escape(_("Copy BibTeX"))}" '
            f'data-copied="{html.escape(_("Copied"))}">BibTeX</a>',
        )
    self.body.append(f'<div class="cv-tools">{" ".join(tools)}</div></div></li>\n')


def visit_cv_bibliography_latex(self: LaTeXTranslator, node: cv_bibliography) -> None:
    self.body.append("\n\\begin{cvbibliography}\n")


def depart_cv_bibliography_latex(self: LaTeXTranslator, node: cv_bibliography) -> None:
    self.body.append("\\end{cvbibliography}\n")


def visit_cv_reference_latex(self: LaTeXTranslator, node: cv_reference) -> None:
    label = self.encode(node["label"])
    anchor = latex_citation_anchor(self.curfilestack[-1], node["citation_id"])
    self.body.append(f"\\item[{{[{label}]}}]{self.hypertarget_to(node, anchor=True)}")
    self.body.append(anchor)


def depart_cv_reference_latex(self: LaTeXTranslator, node: cv_reference) -> None:
    self.body.append("\n")


def setup(app: Sphinx) -> ExtensionMetadata:
    app.add_node(
        cv_bibliography,
        html=(visit_cv_bibliography_html, depart_cv_bibliography_html),
        latex=(visit_cv_bibliography_latex, depart_cv_bibliography_latex),
    )
    app.add_node(
        cv_reference,
        html=(visit_cv_reference_html, depart_cv_reference_html),
        latex=(visit_cv_reference_latex, depart_cv_reference_latex),
    )
    app.add_node(cv_link, html=(visit_cv_link_html, depart_cv_link_html))
    app.add_node(
        cv_filter,
        html=(visit_cv_filter_html, None),
        latex=(skip, None),
        text=(skip, None),
        typst=(skip, None),
    )
    app.add_directive("cv-filter", CVFilter)
    app.add_directive("cv-bibliography", CVBibliography)
    app.connect("doctree-read", check_bibliography_placement)
    app.add_post_transform(CVBibliographyTransform)
    app.add_post_transform(NameLinksTransform)
    app.add_post_transform(CitationAnchorTransform)
    # Before fallback.py turns the lists into standard nodes (500).
    app.connect("doctree-resolved", link_titles, priority=400)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
