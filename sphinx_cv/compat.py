"""The few places that rely on other packages' undocumented behaviour, fenced here.

Each has a test in ``tests/test_internals.py`` that fails loudly when an upgrade
changes what it relies on.
"""

from __future__ import annotations

import importlib.util
import io
import os
import posixpath
from functools import cache, partial
from pathlib import Path
from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

from sphinx_cv.files import temporary_name, write_if_changed, write_whole

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.util.typing import ExtensionMetadata


def conf_py_value(config: Config, name: str, default: object = None) -> object:
    """What ``conf.py`` itself sets *name* to, before any ``-D`` override
    (Sphinx keeps the file's namespace as ``Config._raw_config``)."""
    return getattr(config, "_raw_config", {}).get(name, default)


def forget_loaded_catalogs() -> None:
    """Make the next Sphinx app of this process load its language's message
    catalogs afresh: Sphinx keeps those it loaded in ``sphinx.locale.translators``
    and only adds to them, so another language's words would show through
    (Sphinx's own test apps clear them so)."""
    from sphinx import locale

    locale.translators.clear()


@cache
def citation_target_parser() -> Callable:
    """sphinxcontrib-bibtex's own reader of a cite role's targets
    (``{pre}key{post}, key2``), for make check, which must stay fast and so
    does not import Sphinx.

    Its module imports only re and typing, but importing it by name would run
    the package's ``__init__``, which imports Sphinx; so it is loaded from its
    file, unchanged.
    """
    package = importlib.util.find_spec("sphinxcontrib.bibtex")
    assert package is not None and package.origin, "sphinxcontrib-bibtex is missing"
    path = Path(package.origin).with_name("citation_target.py")
    spec = importlib.util.spec_from_file_location("_cv_citation_target", path)
    assert spec is not None and spec.loader is not None, path
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.parse_citation_targets


# -- Sphinx's page assets: the script and style sheet objects in a page's context
# (``script_files``, ``css_files``) are private classes; these read them.


def asset_name(asset) -> str:
    """The asset's path below ``_static/`` (or its URL)."""
    return os.fspath(getattr(asset, "filename", asset) or "").removeprefix("_static/")


def asset_attributes(asset) -> dict[str, str]:
    return dict(getattr(asset, "attributes", {}))


def asset_priority(asset) -> int:
    return getattr(asset, "priority", 500)


def is_local(asset) -> bool:
    name = asset_name(asset)
    return bool(name) and "://" not in name and not name.startswith("//")


#: Where Sphinx defines a page's ``css_tag`` and ``js_tag``.
SPHINX_TAG_WRITERS = "StandaloneHTMLBuilder.handle_page.<locals>"
#: Per builder: each asset's tag, by the folder of the pages that link it.
_TAGS: WeakKeyDictionary = WeakKeyDictionary()


def share_asset_tags(
    app: Sphinx, pagename: str, templatename: str, context: dict, doctree
) -> None:
    """Write an asset's ``<link>`` or ``<script>`` once for all the pages of a
    folder (the papers' pages are hundreds), not once per page.

    Relies on Sphinx's ``css_tag`` and ``js_tag`` in the context, which themes
    call for each asset, depending on nothing of the page but the folder of its
    address: they write the path from there and the file's checksum, for which
    Sphinx resolves the file's path again at every call. Functions that another
    extension put in their place (the 404 page's, with absolute paths) are
    left alone.
    """
    folder = posixpath.dirname(app.builder.get_target_uri(pagename))
    tags = _TAGS.setdefault(app.builder, {})
    for name in ("css_tag", "js_tag"):
        write = context.get(name)
        if (
            write
            and getattr(write, "__qualname__", "") == f"{SPHINX_TAG_WRITERS}.{name}"
        ):
            context[name] = partial(_shared_tag, tags, (name, folder), write)


def _shared_tag(tags: dict, where: tuple[str, str], write: Callable, asset) -> str:
    key = (*where, asset)
    if key not in tags:
        tags[key] = write(asset)
    return tags[key]


def latex_citation_anchor(docname: str, citation_id: str) -> str:
    """The LaTeX target that sphinxcontrib-bibtex's citations link to.

    Its ``SphinxReferenceText`` writes ``\\hyperlink{cite.DOC:ID}`` for the LaTeX
    builder, the anchor that LaTeX's own bibliography would make; our lists
    replace that bibliography, so they make the anchor.
    """
    return f"\\hypertarget{{cite.{docname}:{citation_id}}}{{}}"


def add_to_search_index(builder, pages: list[tuple[str, str]]) -> None:
    """Add (pagename, title) of pages that are no source documents (the papers'
    pages) to the search index the builder has just written, found by their
    titles' words.

    Relies on the HTML builder's ``indexer`` (None without search), its
    ``IndexBuilder.feed``, which ``index_page`` calls for documents, and the
    ``indexer_format`` and ``searchindex_filename`` it dumps the index with.
    Sphinx prunes the index to the documents before it dumps it, so the pages
    are added after that, at build-finished.
    """
    indexer = getattr(builder, "indexer", None)
    if indexer is None or not pages:
        return
    from docutils import nodes  # here: make check imports this module without Sphinx
    from sphinx.util.docutils import new_document

    # Titles share words, and feed() remembers stems within one page only: the
    # language's stemmer is memoised for these pages (and restored after).
    language = indexer.lang
    language.stem = cache(language.stem)
    document = new_document("")  # one for all: feed() keeps none of it
    try:
        for pagename, title in pages:
            document[:] = [nodes.section("", nodes.title("", title))]
            indexer.feed(pagename, f"{pagename}.html", title, document)
    finally:
        del language.stem
    index = io.StringIO()
    indexer.dump(index, builder.indexer_format)
    path = Path(builder.outdir, builder.searchindex_filename)
    write_whole(path, index.getvalue().encode())


def prune_search_index(app: Sphinx, exception: Exception | None) -> None:
    """Drop the words that no page contains any more from the search index.

    Sphinx keeps a word with an empty page list when the only page with that
    word changes, so an incremental build's index would differ from a clean
    one's. Relies on the HTML builder's ``indexer_format`` (Sphinx's own reader
    and writer of ``searchindex.js``) and ``searchindex_filename``.
    """
    from sphinx.builders.html import StandaloneHTMLBuilder  # make check has no Sphinx

    builder = app.builder
    if exception is not None or not isinstance(builder, StandaloneHTMLBuilder):
        return
    if not builder.search:
        return
    path = Path(app.outdir, builder.searchindex_filename)
    if not path.exists():
        return
    text = path.read_text(encoding="utf-8")
    index = builder.indexer_format.loads(text)
    for mapping in ("terms", "titleterms"):
        index[mapping] = {
            word: pages for word, pages in index[mapping].items() if pages != []
        }
    write_if_changed(path, builder.indexer_format.dumps(index).encode())


def live_reload_script(address: str) -> str:
    """The inline script (its text between the tags) that sphinx-autobuild adds
    to each page it serves at *address*, to reload the page after a build.

    Relies on ``sphinx_autobuild.middleware.web_socket_script``, which writes it.
    """
    from sphinx_autobuild.middleware import web_socket_script

    script = web_socket_script(address)
    return script[script.index(">") + 1 : script.rindex("</script>")]


def warning_count(app: Sphinx) -> int:
    """How many warnings (errors included) the build has logged so far: Sphinx's
    count, from which it sets the exit status of ``-W``."""
    return app._warncount


def write_pages_whole(app: Sphinx) -> None:
    """The HTML builders write each page under a temporary name and rename it,
    so that a stopped build leaves no page written in part.

    Relies on ``handle_page``'s ``outfilename``, which Sphinx uses only as the
    file to write the rendered page to (the page's links come from its name).
    """
    from sphinx.builders.html import StandaloneHTMLBuilder

    builder = app.builder
    if not isinstance(builder, StandaloneHTMLBuilder):
        return
    handle_page = builder.handle_page

    def handle_page_whole(pagename, addctx, templatename="page.html", **options):
        final = options.pop("outfilename", None) or builder.get_outfilename(pagename)
        final = Path(final)
        temporary = temporary_name(final)
        handle_page(pagename, addctx, templatename, outfilename=temporary, **options)
        if temporary.exists():  # Sphinx writes nothing when rendering fails
            temporary.replace(final)

    # This builder's own handle_page, which its writing calls for every page.
    builder.handle_page = handle_page_whole  # type: ignore[method-assign]


def setup(app: Sphinx) -> ExtensionMetadata:
    app.connect("builder-inited", write_pages_whole)
    app.connect("html-page-context", share_asset_tags)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
