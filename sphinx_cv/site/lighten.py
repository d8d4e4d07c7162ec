"""Lighter pages: leave out assets a page never uses, serve style sheets as one file."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

from sphinx_cv.compat import asset_attributes, asset_name, asset_priority, is_local
from sphinx_cv.files import write_whole
from sphinx_cv.nodes import cv_bibliography
from sphinx_cv.urls import paper_key

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

#: Comments a browser never needs: source maps and notes (``/*!`` licences stay).
COMMENT = re.compile(r"/\*(?!!).*?\*/", re.DOTALL)


#: Per builder: the bundle of each list of style sheets. The files do not
#: change during a build, and every page asks.
_BUNDLES: WeakKeyDictionary = WeakKeyDictionary()


def bundle_css(outdir: Path, names: tuple[str, ...]) -> str:
    """Write one style sheet with the text of the sheets *names*, in order;
    return its name.

    The name holds a digest of the text, so a changed sheet gets a new name.
    """
    parts = []
    for name in names:
        path = outdir / "_static" / name
        parts.append(COMMENT.sub("", path.read_text("utf-8")))
    text = "\n".join(parts)
    name = f"bundle-{hashlib.sha256(text.encode()).hexdigest()[:12]}.css"
    # Pages share bundles; parallel writers would write the same bytes.
    if not (target := outdir / "_static" / name).exists():
        write_whole(target, text.encode())
    return name


def needs_script(context: dict, doctree: nodes.document | None) -> bool:
    """Whether the page has what the publication script works on: a list, or
    (on a paper's page) a BibTeX record."""
    if paper_key(context):
        return True
    return doctree is not None and any(doctree.findall(cv_bibliography))


def lighten_page(
    app: Sphinx,
    pagename: str,
    templatename: str,
    context: dict,
    doctree: nodes.document,
) -> None:
    """Add the publication script where a list or a record is; then leave out
    unused assets, defer the scripts and serve the style sheets as one file.

    The asset lists in *context* are the builder's lists for this page: they are
    changed in place, and files added through ``app`` land in them.
    """
    if needs_script(context, doctree):
        app.add_js_file("sphinx-cv.js", loading_method="defer")
    config = app.config
    if not config.cv_lighten_pages:
        return
    dropped = set(config.cv_drop_assets)
    if pagename != "search":
        dropped |= set(config.cv_search_assets)
    scripts, sheets = context["script_files"], context["css_files"]
    to_defer = [
        js
        for js in scripts
        if is_local(js) and not {"async", "defer", "body"} & set(asset_attributes(js))
    ]
    scripts[:] = [
        js for js in scripts if asset_name(js) not in dropped and js not in to_defer
    ]
    for js in to_defer:
        if asset_name(js) not in dropped:
            app.add_js_file(
                asset_name(js),
                priority=asset_priority(js),
                loading_method="defer",
                **asset_attributes(js),
            )
    local = [
        css
        for css in sheets
        if is_local(css)
        and asset_attributes(css).get("rel", "stylesheet") == "stylesheet"
        and asset_name(css) not in dropped
    ]
    sheets[:] = [
        css for css in sheets if css not in local and asset_name(css) not in dropped
    ]
    if local:
        names = tuple(asset_name(css) for css in local)
        bundles = _BUNDLES.setdefault(app.builder, {})
        if names not in bundles:
            bundles[names] = bundle_css(Path(app.outdir), names)
        app.add_css_file(bundles[names])


def setup(app: Sphinx) -> ExtensionMetadata:
    # Late, so that the theme and other extensions have added their files.
    app.connect("html-page-context", lighten_page, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
