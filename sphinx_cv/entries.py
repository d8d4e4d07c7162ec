"""Markup for CV pages: ``cv-contact``, ``cv-entry`` (a dated item) and ``cv-pdf``."""

from __future__ import annotations

import re
from datetime import datetime
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from babel import Locale, UnknownLocaleError
from babel.dates import format_skeleton
from docutils import nodes
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective, SphinxRole

from sphinx_cv.nodes import cv_entry, cv_pdf_link
from sphinx_cv.translations import _

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata
    from sphinx.writers.html5 import HTML5Translator
    from sphinx.writers.latex import LaTeXTranslator

logger = logging.getLogger(__name__)
_NUMBER = re.compile(r"\b(\d+)(?:\.(\d+))?\b")


def babel_locale(language: str | None) -> Locale:
    """Babel's locale for Sphinx's ``language`` (English for one it lacks, as
    Sphinx's own dates do)."""
    try:
        return Locale.parse(language or "en")
    except (ValueError, UnknownLocaleError):
        return Locale.parse("en")


def _typeset(part: str, language: str) -> tuple[str, tuple[int, int] | None]:
    """One side of a date range, typeset, with (year, month) where it has them."""
    when = None

    def month(match: re.Match[str]) -> str:
        nonlocal when
        year, number = match.groups()
        if number is None:
            if len(year) > 4:
                msg = f"{year} is not a year: write four digits"
                raise ValueError(msg)
            if len(year) == 4:
                when = (int(year), 0)
            return year
        if len(year) != 4 or not 1 <= int(number) <= 12:
            msg = f"{match.group(0)} is not a date: write YEAR.MONTH, month 1 to 12"
            raise ValueError(msg)
        when = (int(year), int(number))
        # Month and year as the language writes them: Sep 2012, 2012年9月.
        return format_skeleton(
            "yMMM", datetime(*when, 1), locale=babel_locale(language)
        )

    return _NUMBER.sub(month, part), when


def format_date(date: str, language: str = "en") -> str:
    """Typeset a CV date: ``2012.9 - 2018.7`` becomes ``Sep 2012 – Jul 2018``.

    ``YYYY.M`` becomes a month name in *language*; an open range (``2021.12 -``)
    runs to "present"; anything else (``Fall 2023``) is kept as written. Raises
    :class:`ValueError` for an impossible date or a range that ends before it starts.
    """
    start, dash, end = (part.strip() for part in date.partition(" - "))
    if not dash and date.rstrip().endswith("-"):
        start, dash, end = date.rstrip()[:-1].strip(), "-", ""
    start, began = _typeset(start, language)
    if not dash:
        return start
    end, ended = _typeset(end, language)
    # A bare year ("2019") is compared by its year only.
    precision = 2 if began and ended and began[1] and ended[1] else 1
    if began and ended and ended[:precision] < began[:precision]:
        msg = f"the range {date!r} ends before it starts: swap its ends"
        raise ValueError(msg)
    return f"{start} – {end or _('present')}"


class CVEntry(SphinxDirective):
    """``:::{cv-entry} DATE`` followed by the item's content in Markdown."""

    required_arguments = 1
    final_argument_whitespace = True
    has_content = True

    def run(self) -> list[nodes.Node]:
        try:
            date = format_date(self.arguments[0], self.config.language or "en")
        except ValueError as error:
            raise self.error(f"cv-entry: {error}") from None
        node = cv_entry(date=date, classes=["cv-entry"])
        self.set_source_info(node)
        node += self.parse_content_to_nodes(allow_section_headings=False)
        return [node]


def visit_cv_entry_html(self: HTML5Translator, node: cv_entry) -> None:
    self.body.append(self.starttag(node, "div", CLASS="cv-entry"))
    self.body.append(f'<p class="cv-date">{self.encode(node["date"])}</p>')
    self.body.append('<div class="cv-what">')


def depart_cv_entry_html(self: HTML5Translator, node: cv_entry) -> None:
    self.body.append("</div></div>\n")


def visit_cv_entry_latex(self: LaTeXTranslator, node: cv_entry) -> None:
    self.body.append(f"\n\\begin{{cventry}}{{{self.encode(node['date'])}}}")


def depart_cv_entry_latex(self: LaTeXTranslator, node: cv_entry) -> None:
    self.body.append("\\end{cventry}\n")


class CVContact(SphinxDirective):
    """The contact block of the home page, from ``cv_person`` in ``conf.py``.

    The same data feeds the page's JSON-LD, so it is written down once.
    """

    def run(self) -> list[nodes.Node]:
        about = self.config.cv_person
        if not about:
            raise self.error("cv-contact shows cv_person: set it in conf.py")
        block = nodes.container(classes=["cv-contact"])
        position = (
            f"{about['job_title']}, {about['department']}, {about['affiliation']}"
        )
        block += nodes.paragraph("", position)
        block += nodes.line_block(
            "", *(nodes.line("", line) for line in about["address"])
        )
        mail, homepage = about["email"], about["homepage"]
        block += nodes.line_block(
            "",
            nodes.line("", "✉ ", nodes.reference(mail, mail, refuri=f"mailto:{mail}")),
            nodes.line("", "", nodes.reference(homepage, homepage, refuri=homepage)),
        )
        return [block]


class PDFLink(SphinxRole):
    """``{cv-pdf}`Download the PDF```: a link to ``cv_pdf_url``, nothing if unset."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        return [cv_pdf_link(self.rawtext, self.text)], []


def link_the_pdf(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Resolve ``{cv-pdf}`` at writing time, so that the PDF appearing or going
    (``cv_pdf_url``) rewrites the pages without reading them again."""
    for node in list(doctree.findall(cv_pdf_link)):
        if url := app.config.cv_pdf_url:
            text = node.astext()
            node.replace_self(
                nodes.reference(text, text, refuri=url, classes=["cv-pdf"])
            )
        else:
            node.parent.remove(node)


#: What a link in a page may lead to (relative links have no scheme).
LINK_SCHEMES = {"", "http", "https", "mailto"}


def check_link_schemes(app: Sphinx, doctree: nodes.document) -> None:
    """A link in a page leads to a web page, an address or another page."""
    for reference in doctree.findall(nodes.reference):
        url = reference.get("refuri", "")
        if urlsplit(url).scheme.lower() not in LINK_SCHEMES:
            logger.error(
                f"link to {url!r}: links may lead to http(s) pages, mailto: "
                "addresses and the site's own pages only",
                location=reference,
                type="cv",
                subtype="link_scheme",
            )


def setup(app: Sphinx) -> ExtensionMetadata:
    app.add_node(
        cv_entry,
        html=(visit_cv_entry_html, depart_cv_entry_html),
        latex=(visit_cv_entry_latex, depart_cv_entry_latex),
    )
    app.add_directive("cv-entry", CVEntry)
    app.add_directive("cv-contact", CVContact)
    app.add_role("cv-pdf", PDFLink())
    app.add_node(cv_pdf_link)
    app.connect("doctree-resolved", link_the_pdf)
    app.connect("doctree-read", check_link_schemes)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
