"""Which builds make a web site, and the names and addresses of its paper pages."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sphinx.util.osutil import relative_uri

from sphinx_cv.bib.model import paper_slug
from sphinx_cv.bibdata import entries_in_order

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder

#: Builders that make a web site (ePub and single-page HTML make none).
SITES = {"html", "dirhtml"}


def is_site(builder: Builder) -> bool:
    """Whether *builder* makes a web site: pages to browse, with paper pages,
    exports, a sitemap and a security policy."""
    return builder.name in SITES


#: The page metadata that marks a paper's page (with its key) for the page's
#: other handlers: tags, JSON-LD, description, scripts.
PAPER_META = "cv_paper"


def paper_pagename(config, key: str) -> str:
    return f"{config.cv_paper_pages}/{paper_slug(key)}"


def has_paper_pages(app: Sphinx) -> bool:
    """Whether this build writes paper pages: a web site, with a folder for them."""
    return bool(app.config.cv_paper_pages) and is_site(app.builder)


def paper_key(context: dict) -> str | None:
    """The key of the paper whose page *context* renders (None on other pages)."""
    return (context.get("meta") or {}).get(PAPER_META)


def page_url(app: Sphinx, pagename: str) -> str:
    """The page's address: absolute from ``html_baseurl``, else from the root."""
    return (app.config.html_baseurl or "") + app.builder.get_target_uri(pagename)


def paper_pagenames(app: Sphinx) -> list[str]:
    """The pages this build writes for the papers (none outside a web site)."""
    if not has_paper_pages(app):
        return []
    return [paper_pagename(app.config, e.key) for e in entries_in_order(app.env)]


def paper_uri(app: Sphinx, fromdoc: str, key: str) -> str | None:
    """The relative address of a paper's page, or None where there is none."""
    if not has_paper_pages(app):
        return None
    builder = app.builder
    target = builder.get_target_uri(paper_pagename(app.config, key))
    return relative_uri(builder.get_target_uri(fromdoc), target)
