"""A page per paper, generated from the bib file, with what reference tools read.

The web builders (html, dirhtml) write one page per entry into
``cv_paper_pages`` (``papers/`` by default) at ``html-collect-pages``, as Sphinx
writes its search page: the theme's page template around the reference as in the
list, its links, BibTeX, RIS and CSL-JSON, the abstract, the pages that cite it,
and the previous and next paper. A paper page is no source document, so that a
CV of hundreds of papers does not cost hundreds of page reads.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
from pathlib import Path
from typing import TYPE_CHECKING, cast
from weakref import WeakKeyDictionary

from docutils import nodes
from sphinx.util.docutils import SphinxDirective, SphinxRole
from sphinx.util.osutil import relative_uri

from sphinx_cv.bib.formats import csl_item, highwire_tags, plain, ris_record, venue
from sphinx_cv.bib.model import PAPER_SCHEME, paper_slug
from sphinx_cv.bib.tex import latex_to_text
from sphinx_cv.bibdata import cite_domain, depend_on_bibfiles, entries_in_order
from sphinx_cv.compat import add_to_search_index
from sphinx_cv.files import write_if_changed
from sphinx_cv.nodes import cv_downloads, cv_export, cv_newest, cv_record
from sphinx_cv.publications import DOCUTILS, clean_bibtex
from sphinx_cv.report import conf_location, stop
from sphinx_cv.translations import _
from sphinx_cv.urls import (
    PAPER_META,
    has_paper_pages,
    is_site,
    page_url,
    paper_key,
    paper_pagename,
    paper_uri,
)

if TYPE_CHECKING:
    from collections.abc import Iterator

    from pybtex.database import Entry
    from sphinx.application import Sphinx
    from sphinx.builders.html import StandaloneHTMLBuilder
    from sphinx.util.typing import ExtensionMetadata

#: Where the site lists the paper pages it wrote, with the digest of each body
#: (download files that earlier builds wrote beside them have none): a later
#: build removes those of deleted entries or of a former folder, and writes a
#: page again only when its body changed.
WRITTEN = ".cv-paper-pages"


def check_paper_pages(app: Sphinx, env) -> None:
    """A paper's page may not take the place of a page of the site (keys that
    would share a paper page are refused with the bib file's checks)."""
    if not has_paper_pages(app):
        return
    problems = [
        (
            conf_location(app, "cv_paper_pages"),
            f"[{entry.key}] the paper's page {pagename} would replace the page "
            f"{env.doc2path(pagename).name} of the site: rename the entry, or "
            "choose another cv_paper_pages folder",
        )
        for entry in entries_in_order(app.env)
        if (pagename := paper_pagename(app.config, entry.key)) in env.found_docs
    ]
    stop(app, problems, "paper_page")


def visit_cv_record_html(self, node: cv_record) -> None:
    record = self.encode(node.astext())
    said = (  # the copy button's words, in the page's language
        f'data-copy="{html.escape(_("Copy BibTeX"))}" '
        f'data-copied="{html.escape(_("Copied"))}"'
    )
    self.body.append(
        f'<div class="cv-bibtex-record" {said}><pre tabindex="0">{record}</pre></div>\n'
    )
    raise nodes.SkipNode


def visit_cv_downloads_html(self, node: cv_downloads) -> None:
    links = " · ".join(
        f'<a class="reference external" href="{html.escape(uri)}" '
        f'download="{html.escape(name)}">{html.escape(label)}</a>'
        for label, uri, name in node["links"]
    )
    said = html.escape(_("Download:"))
    self.body.append(f'<p class="cv-downloads">{said} {links}</p>\n')
    raise nodes.SkipNode


#: The media types of a paper's downloads.
BIBTEX_TYPE = "application/x-bibtex"
RIS_TYPE = "application/x-research-info-systems"
CSL_JSON_TYPE = "application/vnd.citationstyles.csl+json"


def data_uri(media_type: str, text: str) -> str:
    # base64: quote() would encode most characters of a record, one at a time.
    encoded = base64.b64encode(text.encode()).decode()
    return f"data:{media_type};charset=utf-8;base64,{encoded}"


def ris_text(records: list[dict]) -> str:
    import rispy  # here: a page without papers need not load it

    return rispy.dumps(records)


#: Per builder: the bib data and each of its entries' (RIS record, CSL-JSON
#: item), which the paper pages and the whole-list files share.
_EXPORTS: WeakKeyDictionary = WeakKeyDictionary()


def exports_of(app: Sphinx) -> dict[str, tuple[dict, dict]]:
    """Each entry's RIS record and CSL-JSON item by key, made once per reading
    of the bib file."""
    data = cite_domain(app.env).bibdata.data
    made = _EXPORTS.get(app.builder)
    if made is None or made[0] is not data:
        items = {k: (ris_record(e), csl_item(e)) for k, e in data.entries.items()}
        made = _EXPORTS[app.builder] = (data, items)
    return made[1]


class CVNewest(SphinxDirective):
    """``{cv-newest}``: the ``cv_newest_papers`` newest papers, by year and then
    by their order in the bib file, each linked to its page."""

    def run(self) -> list[nodes.Node]:
        depend_on_bibfiles(self.env)
        return [cv_newest(classes=["cv-newest"])]


def newest(entries: list[Entry], count: int) -> list[Entry]:
    """The *count* newest entries: latest year first, bib file order within a year."""
    return sorted(entries, key=lambda e: -int(e.fields["year"]))[:count]


def link(uri: str | None, text: str) -> nodes.Node:
    """A link, or its text alone where the output has no such page."""
    if uri is None:
        return nodes.Text(text)
    return nodes.reference(text, text, refuri=uri, internal=True)


def fill_newest(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """The newest papers, each linked to its page."""
    for node in list(doctree.findall(cv_newest)):
        items = nodes.bullet_list(classes=["cv-newest"])
        for entry in newest(entries_in_order(app.env), app.config.cv_newest_papers):
            line = nodes.paragraph()
            line += link(paper_uri(app, docname, entry.key), plain(entry, "title"))
            line += nodes.Text(f", {venue(entry)}, {entry.fields['year']}.")
            items += nodes.list_item("", line)
        node.replace_self(items)


def pages_citing(domain) -> dict[str, list[str]]:
    """The pages that cite each key, in order."""
    found: dict[str, set[str]] = {}
    for ref in domain.citation_refs:
        for target in ref.targets:
            found.setdefault(target.key, set()).add(ref.docname)
    return {key: sorted(pages) for key, pages in found.items()}


def paper_body(
    app: Sphinx, citation, at: int, entries: list[Entry], citing: list[str]
) -> nodes.container:
    """What the page of *citation*, entry *at* of *entries*, shows: the
    reference, downloads, record, abstract, the *citing* pages and its
    neighbours."""
    key, entry = citation.key, citation.entry
    here = paper_pagename(app.config, key)
    section = nodes.container()
    reference = DOCUTILS.paragraph(citation.formatted_entry)
    reference.insert(0, nodes.Text(f"[{citation.formatted_entry.label}] "))
    for title in list(reference.findall(nodes.reference)):
        if title.get("refuri", "").startswith(PAPER_SCHEME):
            title.replace_self(title.children)  # this page is the title's target
    section += reference
    # The downloads travel in the page: no request, and no more files per
    # paper for every build to create than its page.
    slug, record = paper_slug(key), clean_bibtex(entry)
    ris, csl = exports_of(app)[key]
    section += cv_downloads(
        links=[
            ("BibTeX", data_uri(BIBTEX_TYPE, f"{record}\n"), f"{slug}.bib"),
            ("RIS", data_uri(RIS_TYPE, ris_text([ris])), f"{slug}.ris"),
            (
                "CSL-JSON",
                data_uri(CSL_JSON_TYPE, json.dumps([csl], ensure_ascii=False)),
                f"{slug}.json",
            ),
        ]
    )
    section += cv_record(record, record)
    if "abstract" in entry.fields:
        section += nodes.rubric("", _("Abstract"), ids=["abstract"])
        abstract = latex_to_text(entry.fields["abstract"]).render(DOCUTILS)
        section += nodes.paragraph("", "", *abstract)
    builder = app.builder
    if citing:
        cited = nodes.paragraph("", _("Cited on:") + " ", classes=["cv-cited-on"])
        for index, docname in enumerate(citing):
            uri = relative_uri(
                builder.get_target_uri(here), builder.get_target_uri(docname)
            )
            cited += link(uri, app.env.titles[docname].astext())
            cited += nodes.Text(", " if index < len(citing) - 1 else ".")
        section += cited
    around = nodes.paragraph("", "", classes=["cv-paper-nav"])
    list_page = citation.bibliography_key.docname
    in_list = relative_uri(
        builder.get_target_uri(here), builder.get_target_uri(list_page)
    )
    around += link(f"{in_list}#{key}", _("In the list"))
    for name, other in ((_("Previous"), at - 1), (_("Next"), at + 1)):
        if 0 <= other < len(entries):
            neighbour = entries[other]
            around += nodes.Text(f" · {name}: ")
            around += link(
                paper_uri(app, here, neighbour.key), plain(neighbour, "title")
            )
    section += around
    return section


def index_paper_pages(app: Sphinx, exception: Exception | None) -> None:
    """Search finds each paper's page by its title (its authors and venue lead
    to the list, which holds them all)."""
    if exception is not None or not has_paper_pages(app):
        return
    pages = [
        (paper_pagename(app.config, citation.key), plain(citation.entry, "title"))
        for citation in cite_domain(app.env).citations
    ]
    add_to_search_index(app.builder, pages)


#: Per builder: the documents it writes in this build, and the digest of each
#: paper page's body. A page whose body is as before is not written again,
#: unless every document is (a new configuration or template changes them all).
_WRITTEN_DOCS: WeakKeyDictionary = WeakKeyDictionary()
_PAGE_DIGESTS: WeakKeyDictionary = WeakKeyDictionary()


def note_written(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    _WRITTEN_DOCS.setdefault(app.builder, set()).add(docname)


def written_before(outdir: Path) -> dict[str, str]:
    """Each file the last build wrote for the papers, with its page's digest."""
    manifest = outdir / WRITTEN
    if not manifest.exists():
        return {}
    lines = manifest.read_text(encoding="utf-8").split("\n")
    return dict(line.partition("\t")[::2] for line in lines if line)


#: Between two pages' bodies rendered together; no text of a page can hold it,
#: as the HTML writer escapes every "<" of the text.
PAGE_BREAK = "<!-- sphinx-cv: next paper -->"


def render_bodies(app: Sphinx, shown: list) -> list[str]:
    """The HTML of each (entry, body), in one pass of the HTML writer: a pass
    per page would cost as much again as the rest of the page."""
    together = nodes.container()
    for index, (_entry, body) in enumerate(shown):
        if index:
            together += nodes.raw("", PAGE_BREAK, format="html")
        together += body
    builder = cast("StandaloneHTMLBuilder", app.builder)  # a web site's
    fragment = builder.render_partial(together)["fragment"]
    fragment = fragment.removeprefix('<div class="docutils container">\n')
    fragment = fragment.removesuffix("</div>\n")
    return fragment.split(PAGE_BREAK) if shown else []


def collect_paper_pages(app: Sphinx) -> Iterator[tuple[str, dict, str]]:
    """Each paper's page, for the theme's page template: those whose body
    changed, or all when every document is written again."""
    if not has_paper_pages(app):
        return
    builder, outdir = cast("StandaloneHTMLBuilder", app.builder), Path(app.outdir)
    written_now = _WRITTEN_DOCS.get(builder, set())
    before = written_before(outdir)
    pages_before = {name: digest for name, digest in before.items() if digest}
    if not written_now and all((outdir / n).exists() for n in pages_before):
        # No document changed, so neither did the bib file, the citations or
        # the configuration that the pages are made of.
        _PAGE_DIGESTS[builder] = pages_before
        return
    everything = written_now >= set(app.env.all_docs)
    digests = _PAGE_DIGESTS[builder] = {}
    entries = entries_in_order(app.env)
    domain = cite_domain(app.env)
    # An entry in no list has no page (the build has said so).
    citations = {citation.key: citation for citation in domain.citations}
    citing = pages_citing(domain)
    shown = [
        (entry, paper_body(app, citation, at, entries, citing.get(entry.key, [])))
        for at, entry in enumerate(entries)
        if (citation := citations.get(entry.key))
    ]
    for (entry, _body), fragment in zip(shown, render_bodies(app, shown), strict=True):
        # The heading as a page's: a section with its permalink (its text is
        # plain, as in <title>; the reference below typesets it).
        title, slug = html.escape(plain(entry, "title")), paper_slug(entry.key)
        body = (
            f'<section id="{slug}">\n<h1>{title}<a class="headerlink" '
            f'href="#{slug}" title="Link to this heading">¶</a></h1>\n'
            f"{fragment}</section>\n"
        )
        pagename = paper_pagename(app.config, entry.key)
        page = Path(builder.get_outfilename(pagename))
        name = page.relative_to(outdir).as_posix()
        digests[name] = hashlib.sha256(body.encode()).hexdigest()
        if not everything and page.exists() and before.get(name) == digests[name]:
            continue
        yield (
            pagename,
            {
                "title": title,
                "body": body,
                "meta": {PAPER_META: entry.key},
                "toc": "",
                "display_toc": False,
            },
            "page.html",
        )


def write_exports(app: Sphinx, exception: Exception | None) -> None:
    """The whole list as ``refs.ris`` and ``refs.json`` at the site's root. The
    paper pages (and files) of an earlier build that this one did not make go
    (a deleted entry, a changed ``cv_paper_pages``): Sphinx would leave them."""
    if exception is not None or not is_site(app.builder):
        return
    outdir = Path(app.outdir)
    exports = exports_of(app)
    in_order = [exports[entry.key] for entry in entries_in_order(app.env)]
    ris = ris_text([record for record, _ in in_order])
    csl = json.dumps([item for _, item in in_order], ensure_ascii=False)
    write_if_changed(outdir / "refs.ris", ris.encode())
    write_if_changed(outdir / "refs.json", csl.encode())
    pages = _PAGE_DIGESTS.pop(app.builder, {})
    for name in set(written_before(outdir)) - set(pages):
        path = outdir / name
        path.unlink(missing_ok=True)
        for folder in path.relative_to(outdir).parents[:-1]:  # emptied folders go
            if (outdir / folder).is_dir() and not any((outdir / folder).iterdir()):
                (outdir / folder).rmdir()
    lines = [f"{name}\t{digest}\n" for name, digest in sorted(pages.items())]
    write_if_changed(outdir / WRITTEN, "".join(lines).encode())


def add_highwire_tags(
    app: Sphinx, pagename: str, templatename: str, context: dict, doctree
) -> None:
    """Google Scholar's citation_* tags on a paper's page."""
    key = paper_key(context)
    if not key:
        return
    entry = cite_domain(app.env).bibdata.data.entries[key]
    url = page_url(app, pagename)
    tags = "".join(
        f'\n<meta name="{name}" content="{html.escape(value)}">'
        for name, value in highwire_tags(entry, f"{url}#abstract")
    )
    context["metatags"] = context.get("metatags", "") + tags


#: The whole list, as the site publishes it beside its pages.
EXPORTS = {"refs.ris": "RIS", "refs.json": "CSL-JSON"}


class ExportLink(SphinxRole):
    """``{cv-export}`refs.ris``` or ``refs.json``: a link to the whole list in
    that format (HTML builds write the files)."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        if self.text not in EXPORTS:
            known = ", ".join(EXPORTS)
            msg = f"cv-export: unknown file {self.text!r}: write one of {known}"
            return [], [self.inliner.reporter.error(msg, line=self.lineno)]
        return [cv_export(self.rawtext, self.text)], []


def link_the_exports(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    for node in list(doctree.findall(cv_export)):
        name = node.astext()
        here = app.builder.get_target_uri(docname)
        node.replace_self(nodes.reference(name, name, refuri=relative_uri(here, name)))


def setup(app: Sphinx) -> ExtensionMetadata:
    app.add_node(cv_record, html=(visit_cv_record_html, None))
    app.add_node(cv_downloads, html=(visit_cv_downloads_html, None))
    app.add_node(cv_newest)
    app.add_directive("cv-newest", CVNewest)
    app.connect("doctree-resolved", fill_newest, priority=400)
    # After sphinxcontrib-bibtex has parsed the bib file (its handler, 500).
    app.connect("env-updated", check_paper_pages)
    app.connect("doctree-resolved", note_written)
    app.connect("html-collect-pages", collect_paper_pages)
    # Before internals.prune_search_index (500), which tidies what this writes.
    app.connect("html-page-context", add_highwire_tags)
    app.add_node(cv_export)
    app.add_role("cv-export", ExportLink())
    app.connect("doctree-resolved", link_the_exports)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
