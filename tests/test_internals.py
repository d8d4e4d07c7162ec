"""What sphinx_cv/internals.py relies on still holds: each test fails loudly on an
upgrade of Sphinx or sphinxcontrib-bibtex that changes it."""

from __future__ import annotations

import re

from pybtex.plugin import find_plugin
from sphinx.builders.html import StandaloneHTMLBuilder

from sphinx_cv.compat import latex_citation_anchor

from conftest import build_site


def test_the_html_builder_reads_and_writes_its_search_index_as_we_do():
    """prune_search_index uses the builder's own reader and writer of the index."""
    index_format = StandaloneHTMLBuilder.indexer_format
    assert StandaloneHTMLBuilder.searchindex_filename == "searchindex.js"
    text = index_format.dumps({"terms": {"a": [], "b": 1}, "titleterms": {}})
    assert index_format.loads(text) == {"terms": {"a": [], "b": 1}, "titleterms": {}}


def test_sphinxcontrib_bibtex_links_latex_citations_to_our_anchor(rootdir, tmp_path):
    """Its LaTeX citations still link to the anchor our lists make."""
    app = build_site(tmp_path, "latex", srcdir=rootdir / "test-other-owner")
    assert app.warning.getvalue() == ""
    tex = next(app.outdir.glob("*.tex")).read_text(encoding="utf-8")
    links = re.findall(r"\\hyperlink\{(cite\.[^}]+)\}", tex)
    assert links, "no citation links in the LaTeX output"
    for link in links:
        docname, _, citation_id = link.removeprefix("cite.").partition(":")
        assert latex_citation_anchor(docname, citation_id) in tex


def test_pybtex_finds_our_plugins():
    """The entry points in pyproject.toml: the styles and the bib file order."""
    assert find_plugin("pybtex.style.formatting", "cv").__name__ == "CVStyle"
    assert find_plugin("pybtex.style.sorting", "cv-bib-file-order").__name__ == (
        "BibFileOrder"
    )


def test_make_check_reads_cite_roles_with_sphinxcontrib_bibtex_s_parser():
    """The parser make check loads from its file is the one the build uses."""
    from sphinxcontrib.bibtex.citation_target import parse_citation_targets

    from sphinx_cv.check import cited_keys
    from sphinx_cv.compat import citation_target_parser

    targets = "{see}wu2018sgd{p. 3}, e2019skip"
    assert list(citation_target_parser()(targets)) == [
        tuple(t) for t in parse_citation_targets(targets)
    ]
    page = (
        "A {cite:p}`{see}a1{p. 3}` B {cite:t}`b2` {cite:ps}`c3, d4`\n{footcite:t}`e5`"
    )
    assert list(cited_keys(page)) == [
        (1, "a1"),
        (1, "b2"),
        (1, "c3"),
        (1, "d4"),
        (2, "e5"),
    ]
    assert list(cited_keys("{cite:p}`a{b`")) == [(1, "")]  # unreadable: reported


def build_seeing_pages(srcdir, builddir, handler) -> None:
    """Build *srcdir* as HTML with *handler* on each page's context before the
    extension's own handlers change it."""
    from io import StringIO

    from sphinx.testing.util import SphinxTestApp

    app = SphinxTestApp(
        "html", srcdir=srcdir, builddir=builddir, status=StringIO(), warning=StringIO()
    )
    app.connect("html-page-context", handler, priority=100)
    try:
        app.build()
    finally:
        app.cleanup()


def test_sphinx_asset_objects_still_carry_what_we_read(rootdir, tmp_path):
    """assets.py lightens pages through these readers of Sphinx's asset objects,
    the script and style sheet lists of a page's context."""
    from sphinx_cv.compat import asset_attributes, asset_name, asset_priority

    seen = {}

    def capture(_app, name, _template, context, _doctree) -> None:
        seen.setdefault(
            name, (list(context["script_files"]), list(context["css_files"]))
        )

    build_seeing_pages(rootdir / "test-other-owner", tmp_path, capture)
    scripts, sheets = seen["index"]
    assert "documentation_options.js" in [asset_name(s) for s in scripts]
    assert "sphinx-cv.css" in [asset_name(s) for s in sheets]
    for asset in scripts + sheets:
        assert isinstance(asset_priority(asset), int)
        assert asset_priority(asset) == asset.priority  # read, not defaulted
        assert asset_attributes(asset) == dict(asset.attributes)


def test_sphinx_writes_an_asset_s_tag_alike_on_every_page_of_a_folder(
    rootdir, tmp_path
):
    """share_asset_tags writes each tag once per folder: Sphinx's own css_tag
    and js_tag give the same tag on two pages of one folder (the papers') and
    a different one from another folder."""
    from sphinx_cv.compat import SPHINX_TAG_WRITERS

    tags = {}

    def capture(_app, name, _template, context, _doctree) -> None:
        assets = [*context["css_files"], *context["script_files"]]
        tag = {"css_tag": context["css_tag"], "js_tag": context["js_tag"]}
        for writer, function in tag.items():  # what share_asset_tags looks for
            assert function.__qualname__ == f"{SPHINX_TAG_WRITERS}.{writer}"
        # Called now, as the template would: these are Sphinx's own functions.
        tags[name] = [
            tag["css_tag" if asset in context["css_files"] else "js_tag"](asset)
            for asset in assets
        ]

    build_seeing_pages(rootdir / "test-paper-pages", tmp_path, capture)
    papers = sorted(name for name in tags if name.startswith("papers/"))
    assert len(papers) >= 2
    first, second = tags[papers[0]], tags[papers[1]]
    assert first and first == second
    assert any("?v=" in tag for tag in first)  # checksums are part of what is shared
    assert tags["index"] != first  # the path from the page is part of the tag
    assert [tag.replace("../", "") for tag in first] == tags["index"]


def test_paper_pages_join_the_search_index_that_sphinx_prunes(rootdir, tmp_path):
    """Sphinx prunes its index to the documents before dumping it, so pages that
    are no documents vanish from it; add_to_search_index adds them afterwards,
    with the builder's indexer and format. Both halves are checked."""
    from sphinx.search import IndexBuilder
    from sphinx.util.docutils import new_document

    app = build_site(tmp_path, srcdir=rootdir / "test-paper-pages")
    assert app.warning.getvalue() == ""
    text = (app.outdir / "searchindex.js").read_text(encoding="utf-8")
    index = StandaloneHTMLBuilder.indexer_format.loads(text)
    titles = dict(zip(index["docnames"], index["titles"], strict=True))
    # Plain text, as Sphinx's own titles: its search page escapes them.
    assert (
        titles["papers/lovelace1843notes"] == "Sketch of the Analytical Engine & Notes"
    )
    assert titles["index"]  # the documents are still there

    indexer = IndexBuilder(app.env, "en", {}, None)
    indexer.feed("index", "index.md", "Home", new_document(""))
    indexer.feed("papers/x", "papers/x.html", "A title", new_document(""))
    indexer.prune({"index"})
    assert list(indexer.freeze()["docnames"]) == ["index"]


def test_conf_py_s_own_value_is_kept_beside_an_override(tmp_path):
    from sphinx.config import Config
    from sphinx.util.tags import Tags

    from sphinx_cv.compat import conf_py_value

    (tmp_path / "conf.py").write_text('language = "en"\n', encoding="utf-8")
    config = Config.read(tmp_path, overrides={"language": "zh_CN"}, tags=Tags())
    assert config.language == "zh_CN"
    assert conf_py_value(config, "language") == "en"
    assert conf_py_value(config, "project", "none") == "none"


def test_a_language_s_words_do_not_outlive_its_build():
    from sphinx import locale

    from sphinx_cv.compat import forget_loaded_catalogs
    from sphinx_cv.translations import CATALOG, LOCALE_DIR

    locale.init([str(LOCALE_DIR)], "zh_CN", CATALOG)
    assert str(locale.get_translation(CATALOG)("present")) == "至今"
    forget_loaded_catalogs()
    locale.init([str(LOCALE_DIR)], "en", CATALOG)
    assert str(locale.get_translation(CATALOG)("present")) == "present"
