"""The site's other languages on every page: a switcher above the page's text,
to the same page in each language (its home page where the page has no
translation), and ``<link rel="alternate" hreflang>`` for search engines."""

from __future__ import annotations

import html
import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

from babel import Locale
from sphinx.util import logging as sphinx_logging

from sphinx_cv.entries import babel_locale
from sphinx_cv.translations import SITE_LANGUAGES, _
from sphinx_cv.urls import is_site, page_url, paper_key

logger = sphinx_logging.getLogger(__name__)

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata


def language_tag(language: str) -> str:
    """Sphinx's ``zh_CN`` as HTML writes it: ``zh-CN``."""
    return language.replace("_", "-")


def own_name(language: str) -> str:
    """The language's name in itself: English, 中文, 日本語."""
    locale: Locale = babel_locale(language)
    return (locale.get_language_name(locale) or language).capitalize()


def has_page(app: Sphinx, folder: str, pagename: str) -> bool:
    """Whether the language in *folder* of the project has the page."""
    base = Path(app.confdir, folder)
    return any(
        (base / f"{pagename}{suffix}").is_file() for suffix in app.config.source_suffix
    )


#: Pages that every language's site has, with no source of their own.
GENERATED_PAGES = {"search", "genindex"}


def other_languages(app: Sphinx, pagename: str, context: dict) -> list[tuple[str, str]]:
    """(language, relative address) of the page in each other language."""
    languages = SITE_LANGUAGES.get(app, [])
    here = next((folder for _lang, folder, built in languages if built), "")
    uri = app.builder.get_target_uri
    up = "../" * (uri(pagename).count("/") + (1 if here else 0))
    everywhere = paper_key(context) is not None or pagename in GENERATED_PAGES
    found = []
    for language, folder, built in languages:
        if built:
            continue
        shown = everywhere or has_page(app, folder, pagename)
        target = uri(pagename if shown else app.config.root_doc)
        address = up + (f"{folder}/" if folder else "") + target
        found.append((language, address))
    return found


def add_language_links(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree
) -> None:
    if not is_site(app.builder):
        return
    if not (others := other_languages(app, pagename, context)):
        return
    # Search engines take the other languages' addresses whole.
    here = page_url(app, pagename)
    alternates = "".join(
        f'<link rel="alternate" hreflang="{language_tag(lang)}" '
        f'href="{html.escape(urljoin(here, address))}">\n'
        for lang, address in others
    )
    context["metatags"] = context.get("metatags", "") + alternates
    if "body" in context:
        links = " · ".join(
            f'<a href="{html.escape(address)}" hreflang="{language_tag(lang)}" '
            f'lang="{language_tag(lang)}">{html.escape(own_name(lang))}</a>'
            for lang, address in others
        )
        label = html.escape(str(_("Languages")))
        nav = f'<nav class="cv-languages" aria-label="{label}">{links}</nav>\n'
        context["body"] = nav + context["body"]


def check_chinese_search(app: Sphinx) -> None:
    """Sphinx's search splits Chinese into words with jieba, and without it
    leaves every Chinese word out of the index: say so, and quiet jieba's
    messages on stderr where it is there."""
    if not is_site(app.builder) or not (app.config.language or "").startswith("zh"):
        return
    try:
        import jieba
    except ImportError:
        logger.warning(
            "search finds no Chinese word without jieba: add jieba to "
            "requirements.txt (or pip install 'sphinx-cv[zh]'), or add "
            "'cv.search' to suppress_warnings to go without",
            type="cv",
            subtype="search",
        )
        return
    jieba.setLogLevel(logging.WARNING)


def setup(app: Sphinx) -> ExtensionMetadata:
    app.connect("builder-inited", check_chinese_search)
    app.connect("html-page-context", add_language_links)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
