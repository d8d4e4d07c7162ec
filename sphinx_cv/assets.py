"""Lighter pages: leave out assets a page never uses, serve style sheets as one file."""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.builders.html._assets import _CascadingStyleSheet, _JavaScript

from .bibliography import cv_bibliography

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx

SOURCE_MAP = re.compile(r"/\*# sourceMappingURL=.*?\*/")


def asset_name(asset) -> str:
    """The asset's path below ``_static/`` (or its URL)."""
    return os.fspath(getattr(asset, "filename", asset) or "").removeprefix("_static/")


def is_local(asset) -> bool:
    name = asset_name(asset)
    return bool(name) and "://" not in name and not name.startswith("//")


def bundle_css(outdir: Path, sheets: list) -> _CascadingStyleSheet:
    """One style sheet with the text of *sheets*, in order, named by its content."""
    parts = []
    for sheet in sheets:
        path = outdir / "_static" / (name := asset_name(sheet))
        parts.append(f"/* {name} */\n{SOURCE_MAP.sub('', path.read_text('utf-8'))}")
    text = "\n".join(parts)
    digest = hashlib.sha256(text.encode()).hexdigest()[:12]
    target = outdir / "_static" / f"bundle-{digest}.css"
    if (
        not target.exists()
    ):  # pages share bundles; parallel writers write the same bytes
        target.write_text(text, encoding="utf-8")
    return _CascadingStyleSheet(f"_static/{target.name}", priority=500)


def deferred(script):
    """The script, loaded without holding back the page (in order, as before)."""
    attributes = getattr(script, "attributes", {})
    if not is_local(script) or {"async", "defer", "body"} & set(attributes):
        return script
    return _JavaScript(
        script.filename, priority=script.priority, **attributes, defer=""
    )


def lighten_page(
    app: Sphinx,
    pagename: str,
    templatename: str,
    context: dict,
    doctree: nodes.document,
) -> None:
    """Drop unused assets, defer scripts, bundle style sheets; add the
    publication script only where a list is."""
    config = app.config
    if doctree is not None and any(doctree.findall(cv_bibliography)):
        app.add_js_file("sphinx-cv.js", loading_method="defer")  # this page only
    if not config.cv_lighten_pages:
        return
    dropped = set(config.cv_drop_assets)
    if pagename != "search":
        dropped |= set(config.cv_search_assets)
    context["script_files"] = [
        deferred(js) for js in context["script_files"] if asset_name(js) not in dropped
    ]
    sheets = [css for css in context["css_files"] if asset_name(css) not in dropped]
    local = [
        css
        for css in sheets
        if is_local(css) and css.attributes.get("rel") == "stylesheet"
    ]
    if len(local) > 1:
        others = [css for css in sheets if css not in local]
        sheets = [bundle_css(Path(app.outdir), local), *others]
    context["css_files"] = sheets


def setup(app: Sphinx) -> None:
    app.add_config_value("cv_lighten_pages", False, "html", types=frozenset({bool}))
    app.add_config_value("cv_drop_assets", [], "html", types=frozenset({list}))
    app.add_config_value(
        "cv_search_assets",
        ["documentation_options.js", "doctools.js", "sphinx_highlight.js"],
        "html",
        types=frozenset({list}),
    )
    # Late, so that the theme and other extensions have added their files.
    app.connect("html-page-context", lighten_page, priority=900)
