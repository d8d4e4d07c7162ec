"""What hosts read beside the pages: the sitemap, robots.txt and .nojekyll."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

from sphinx_cv.files import write_if_changed
from sphinx_cv.urls import is_site, paper_pagenames

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"


def write_sitemap(app: Sphinx, exception: Exception | None) -> None:
    """List every document (not only those this build wrote) and every paper's
    page at ``html_baseurl``; robots.txt points crawlers to the list."""
    base = app.config.html_baseurl
    if exception is not None or not is_site(app.builder) or not base:
        return
    if not base.endswith("/"):
        base += "/"
    pages = [*app.env.found_docs, *paper_pagenames(app)]
    urls = sorted(base + app.builder.get_target_uri(page) for page in pages)
    entries = "".join(f"<url><loc>{escape(url)}</loc></url>" for url in urls)
    sitemap = (
        f'<?xml version="1.0" encoding="utf-8"?>\n<urlset xmlns="{NAMESPACE}">'
        f"{entries}</urlset>\n"
    )
    write_if_changed(Path(app.outdir, "sitemap.xml"), sitemap.encode())
    robots = f"User-agent: *\nAllow: /\n\nSitemap: {base}sitemap.xml\n"
    write_if_changed(Path(app.outdir, "robots.txt"), robots.encode())


def write_nojekyll(app: Sphinx, exception: Exception | None) -> None:
    """An empty ``.nojekyll``, so that GitHub Pages serves the site as built
    (Jekyll would leave out ``_static`` and every folder whose name begins
    with ``_``)."""
    if exception is None and is_site(app.builder):
        write_if_changed(Path(app.outdir, ".nojekyll"), b"")


def setup(app: Sphinx) -> ExtensionMetadata:
    return {"parallel_read_safe": True, "parallel_write_safe": True}
