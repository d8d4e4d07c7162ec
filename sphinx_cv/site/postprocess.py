"""The pass over the written pages that ends a web build: style sheets cut to what
the site uses, each page's security policy, and no style sheet left that no page
links.

It reads every page, so that pages kept from an earlier build count too: an
incremental build ends with the bytes a clean one does.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from pathlib import Path
from typing import TYPE_CHECKING, cast

from docutils import nodes
from sphinx.util import logging

from sphinx_cv.bibdata import cite_domain, entry_locations
from sphinx_cv.compat import prune_search_index
from sphinx_cv.files import write_whole
from sphinx_cv.outputs import extension_data
from sphinx_cv.pdf.builder import pdf_document
from sphinx_cv.site.csp import INLINE_SCRIPT, add_policy, inline_code, sha256
from sphinx_cv.site.css_cut import ID, Names, purge
from sphinx_cv.site.papers import index_paper_pages, write_exports
from sphinx_cv.site.sitemap import write_nojekyll, write_sitemap
from sphinx_cv.translations import own_pages

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders.html import StandaloneHTMLBuilder
    from sphinx.environment import BuildEnvironment
    from sphinx.util.typing import ExtensionMetadata

#: A style-sheet bundle: ``bundle-<digest>.css`` whole, as
#: :func:`sphinx_cv.site.lighten.bundle_css` writes it, or
#: ``bundle-<digest>-<digest>.css``, cut from it by this pass.
BUNDLE = re.compile(r"bundle-(?P<source>[0-9a-f]{12})(?:-[0-9a-f]{12})?\.css")
#: A page's link to a bundle (Sphinx adds ``?v=`` to a whole one's).
BUNDLE_LINK = re.compile(
    rf'href="(?P<folder>[^"]*?){BUNDLE.pattern}(?:\?v=[0-9a-f]+)?"'
)
logger = logging.getLogger(__name__)
SCRIPT_SOURCE = re.compile(r'<script\b[^>]*\bsrc="([^"?#]+)')


def scripts_run_by(pages: dict[Path, str], static: Path) -> list[str]:
    """The scripts *pages* run: the files of the site's static folder they link
    (not the search index, which is data), and their inline scripts."""
    linked: set[tuple[Path, str]] = set()
    inline: set[str] = set()
    for path, text in pages.items():
        linked.update((path.parent, source) for source in SCRIPT_SOURCE.findall(text))
        inline.update(INLINE_SCRIPT.findall(text))
    files = {(folder / source).resolve() for folder, source in linked}
    local = sorted(file for file in files if static in file.parents and file.is_file())
    return [file.read_text("utf-8") for file in local] + sorted(inline)


def link_cut_bundles(outdir: Path, pages: dict[Path, str]) -> dict[Path, str]:
    """*pages*, each linking its bundle cut to the rules that the pages sharing
    it can use.

    A cut is named after what it is cut from (the bundle, the names in the
    pages, their scripts), so it is made only when one of those changed. That
    takes the whole bundle, which a build writes when it writes a page.
    """
    static = (outdir / "_static").resolve()
    sharing: dict[str, list[Path]] = defaultdict(list)
    for path, text in pages.items():
        for match in BUNDLE_LINK.finditer(text):
            sharing[match["source"]].append(path)
    cut_names = {}
    for source, paths in sharing.items():
        shared = {path: pages[path] for path in paths}
        names = Names.of_pages(shared.values())
        scripts = scripts_run_by(shared, static)
        inputs = "\n".join([source, names.key(), *scripts]).encode()
        name = f"bundle-{source}-{hashlib.sha256(inputs).hexdigest()[:12]}.css"
        whole = static / f"bundle-{source}.css"
        if not (static / name).exists():
            if not whole.exists():
                continue  # no page of this build links it: theirs stands
            names.add_scripts(scripts)
            cut = purge(whole.read_text("utf-8"), names)
            write_whole(static / name, cut.encode())
        cut_names[source] = name

    def relink(match: re.Match) -> str:
        if match["source"] not in cut_names:
            return match[0]
        return f'href="{match["folder"]}{cut_names[match["source"]]}"'

    return {path: BUNDLE_LINK.sub(relink, text) for path, text in pages.items()}


def remove_unlinked_bundles(outdir: Path, pages: list[str]) -> None:
    """Delete the bundles no page links: wholes once cut, and those of a
    former set of style sheets."""
    linked = {match[0] for page in pages for match in BUNDLE.finditer(page)}
    for bundle in (outdir / "_static").glob("bundle-*.css"):
        if BUNDLE.fullmatch(bundle.name) and bundle.name not in linked:
            bundle.unlink()


def note_own_inline_code(app: Sphinx, doctree: nodes.document) -> None:
    """Warn of inline scripts and styles in a page's raw HTML, which the policy
    blocks, and note them so that it does (unless the page is allowed them)."""
    env, docname = app.env, app.env.docname
    own_code = extension_data(env).setdefault("inline_code", {})
    own_code.pop(docname, None)
    if not app.config.cv_content_security_policy:
        return
    allowed = docname in app.config.cv_inline_code_pages
    for raw in doctree.findall(nodes.raw):
        if "html" not in raw.get("format", "").split():
            continue
        if not (code := inline_code(raw.astext())):
            continue
        if not allowed:
            own_code.setdefault(docname, set()).update(code)
            logger.warning(
                "this raw HTML has an inline script or style, which the site's "
                "Content-Security-Policy will block: move it to a file of "
                "html_static_path (html_js_files, html_css_files), or allow this "
                "page its own inline code with cv_inline_code_pages = [%r]",
                docname,
                location=raw,
                type="cv",
                subtype="inline_code",
            )


def purge_inline_code(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    extension_data(env).get("inline_code", {}).pop(docname, None)


def merge_inline_code(
    app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment
) -> None:
    own_code = extension_data(env).setdefault("inline_code", {})
    own_code.update(extension_data(other).get("inline_code", {}))


def refused_hashes(app: Sphinx) -> dict[Path, set[str]]:
    """Per page file: the hashes of the inline code its own raw HTML carries."""
    builder = cast("StandaloneHTMLBuilder", app.builder)
    return {
        Path(builder.get_outfilename(docname)).resolve(): {sha256(t) for t in code}
        for docname, code in extension_data(app.env).get("inline_code", {}).items()
        if docname in app.env.all_docs
    }


def keys_that_are_other_ids(app: Sphinx, pages: dict[Path, str]) -> None:
    """Stop where a paper's id (its key) is also the id of another element of
    its page (a heading's, the theme's): links to either would be ambiguous."""
    from sphinx_cv.report import stop

    entries = cite_domain(app.env).bibdata.data.entries
    locations = entry_locations(app)
    problems = []
    for page, text in sorted(pages.items()):
        counts = Counter(ID.findall(text))
        for key in sorted(k for k, n in counts.items() if n > 1 and k in entries):
            problems.append(
                (
                    locations.get(key.lower(), app.config.bibtex_bibfiles[0]),
                    f"[{key}] the key is also the id of another element of "
                    f"{page.relative_to(app.outdir)} (a heading or the theme's), "
                    "so links to it are ambiguous: rename the entry (and its "
                    "citations)",
                )
            )
    stop(app, problems, "key_id")


def finish_pages(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    config, outdir = app.config, Path(app.outdir)
    written = {path: path.read_text("utf-8") for path in own_pages(app)}
    keys_that_are_other_ids(app, written)
    pages = dict(written)
    if config.cv_lighten_pages:
        pages = link_cut_bundles(outdir, pages)
    if config.cv_content_security_policy:
        refused, live = refused_hashes(app), config.cv_live_preview
        pages = {
            path: add_policy(text, refused.get(path.resolve(), set()), live)
            for path, text in pages.items()
        }
    for path, text in pages.items():
        if text != written[path]:
            write_whole(path, text.encode())
    remove_unlinked_bundles(outdir, list(pages.values()))


def remove_stale_pdf(app: Sphinx, exception: Exception | None) -> None:
    """Take the PDF out of the site when ``html_extra_path`` no longer brings it:
    Sphinx leaves what an earlier build copied."""
    if exception is not None or app.builder.format != "html":
        return
    name = pdf_document(app.config)[1]
    if all(Path(extra).name != name for extra in app.config.html_extra_path):
        Path(app.outdir, name).unlink(missing_ok=True)


#: What ends a web build, in this order: the paper pages join the search index,
#: which then loses the words no page holds; the exports are written and the
#: pages of deleted papers go; the site's copy of the PDF goes if nothing brings
#: it; the sitemap lists what is left (and GitHub Pages is told to serve it as
#: it is); then the pass over the written pages.
FINISHING = [
    index_paper_pages,
    prune_search_index,
    write_exports,
    remove_stale_pdf,
    write_sitemap,
    write_nojekyll,
    finish_pages,
]


def finish_site(app: Sphinx, exception: Exception | None) -> None:
    for step in FINISHING:
        step(app, exception)


def setup(app: Sphinx) -> ExtensionMetadata:
    app.connect("doctree-read", note_own_inline_code)
    app.connect("env-purge-doc", purge_inline_code)
    app.connect("env-merge-info", merge_inline_code)
    app.connect("build-finished", finish_site)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
