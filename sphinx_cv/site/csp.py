"""A Content-Security-Policy for a page: only the site's own scripts and styles run.

The inline scripts, style elements and style attributes that the theme and the
extensions write are allowed by their hashes, taken from each page as written;
those a page's own raw HTML carries are not (the build warns of each), so that an
injected script cannot run even if it slipped past the escaping.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
from functools import cache
from typing import TYPE_CHECKING

from sphinx_cv.compat import live_reload_script

if TYPE_CHECKING:
    from collections.abc import Set

#: Inline <script> elements that run (not data blocks such as JSON-LD).
INLINE_SCRIPT = re.compile(
    r"<script(?![^>]*\bsrc=)(?![^>]*\btype=\"(?!text/javascript|module)[^\"]*\")"
    r"[^>]*>(.*?)</script>",
    re.DOTALL,
)
INLINE_STYLE = re.compile(r"<style[^>]*>(.*?)</style>", re.DOTALL)
#: A style attribute's value; the name must follow a space (not ``data-style``),
#: checked in :func:`style_attributes`: a pattern that starts with the space
#: is tried at every space of the page, five times slower.
STYLE_ATTRIBUTE = re.compile(r'style="([^"]*)"')
POLICY_META = re.compile(r'<meta http-equiv="Content-Security-Policy"[^>]*>\n?')
#: Where the policy goes: first in the head, after the character set.
HEAD = re.compile(r"<head>\s*(?:<meta charset=[^>]*>\n?)?")


@cache  # the theme's inline code is the same on every page
def sha256(text: str) -> str:
    """A CSP hash source for *text*."""
    digest = base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest())
    return f"'sha256-{digest.decode()}'"


def hashes(texts: list[str], refused: Set[str] = frozenset()) -> str:
    return "".join(f" {h}" for h in sorted({sha256(t) for t in texts} - refused))


def style_attributes(page: str) -> list[str]:
    return [
        html.unescape(match[1])
        for match in STYLE_ATTRIBUTE.finditer(page)
        if page[match.start() - 1].isspace()
    ]


def inline_code(html_text: str) -> list[str]:
    """The inline scripts, style elements and style attributes in *html_text*."""
    return [
        *INLINE_SCRIPT.findall(html_text),
        *INLINE_STYLE.findall(html_text),
        *style_attributes(html_text),
    ]


def policy(page: str, refused: Set[str] = frozenset(), live: str = "") -> str:
    """The page's policy: its own origin, and its inline code by hash, but for
    the hashes *refused* (those of the page's own raw HTML). With *live* (the
    address of a live preview) its reload script and web socket are allowed.

    Read the Docs serves its add-ons from the site's own origin, which ``'self'``
    covers (fonts and fetches fall back to ``default-src``). ``style-src-attr``
    allows the theme's icon style attributes, each by its hash ('unsafe-hashes'
    lets a hash match an attribute, never other text).
    """
    scripts = hashes(INLINE_SCRIPT.findall(page), refused)
    if live:
        scripts += f" {sha256(live_reload_script(live))}"
    styles = hashes(INLINE_STYLE.findall(page), refused)
    attributes = hashes(style_attributes(page), refused)
    directives = [
        "default-src 'self'",
        f"script-src 'self'{scripts}",
        f"style-src 'self'{styles}",
        f"style-src-attr 'unsafe-hashes'{attributes}"
        if attributes
        else "style-src-attr 'none'",
        "img-src 'self' data:",  # the theme's icons are data: URLs in its CSS
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    ]
    if live:
        directives.append(f"connect-src 'self' ws://{live}")
    return "; ".join(directives)


def add_policy(page: str, refused: Set[str] = frozenset(), live: str = "") -> str:
    """*page* with its policy in its head, before any script or style."""
    if 'http-equiv="Content-Security-Policy"' in page:  # from an earlier build
        page = POLICY_META.sub("", page)
    meta = (
        '<meta http-equiv="Content-Security-Policy" '
        f'content="{policy(page, refused, live)}">\n'  # nothing in it needs escaping
    )
    return HEAD.sub(lambda match: match.group(0) + meta, page, count=1)
