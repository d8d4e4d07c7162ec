"""The Content-Security-Policy allows exactly the inline code that the theme and the
extensions write: a page's own inline script or style (raw HTML) is warned of, with
its line, and blocked unless the page is allowed it on purpose; ``make live``'s
reload script is allowed in the preview, and nowhere else."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from sphinx.util.console import strip_escape_sequences

from sphinx_cv.compat import live_reload_script
from sphinx_cv.site.csp import sha256

from conftest import build_site, make, serve
from test_incremental import (
    assert_equals_a_clean_build,
    assert_made,
    replace,
)

RAW_SCRIPT = "window.fromRawHtml = true;"
RAW_STYLE = "color: rgb(255, 0, 0)"
ALLOWED_SCRIPT = "window.fromAllowedPage = true;"


def policy_of(outdir, page: str) -> dict[str, list[str]]:
    soup = BeautifulSoup((outdir / f"{page}.html").read_text("utf-8"), "html.parser")
    meta = soup.select_one('meta[http-equiv="Content-Security-Policy"]')
    directives = [part.split() for part in meta["content"].split(";")]
    return {words[0]: words[1:] for words in directives}


@pytest.fixture(scope="module")
def inline_code_site(rootdir, tmp_path_factory):
    return build_site(
        tmp_path_factory.mktemp("inline-code"), srcdir=rootdir / "test-inline-code"
    )


def test_a_pages_own_inline_code_is_warned_of_with_its_line(inline_code_site):
    warnings = strip_escape_sequences(inline_code_site.warning.getvalue())
    warnings = warnings.strip().splitlines()
    assert len(warnings) == 1, warnings  # not for the page allowed it
    assert re.search(r"test-inline-code/index\.md:7: WARNING: ", warnings[0])
    assert "Content-Security-Policy will block" in warnings[0]
    assert "html_js_files" in warnings[0]
    assert "cv_inline_code_pages = ['index']" in warnings[0]
    assert warnings[0].endswith("[cv.inline_code]")


def test_the_policy_refuses_a_pages_own_inline_code(inline_code_site):
    outdir = inline_code_site.outdir
    policy = policy_of(outdir, "index")
    assert sha256(RAW_SCRIPT) not in policy["script-src"]
    assert sha256(RAW_STYLE) not in policy["style-src-attr"]
    theme_scripts = [s for s in policy["script-src"] if s.startswith("'sha256-")]
    assert theme_scripts, "the theme's inline scripts are allowed"
    assert sha256(ALLOWED_SCRIPT) in policy_of(outdir, "allowed")["script-src"]
    assert "connect-src" not in policy  # no live preview's socket outside make live


@pytest.mark.browser
def test_in_chromium_a_pages_own_script_and_style_do_not_run(page, inline_code_site):
    for url in serve(inline_code_site.outdir):
        page.goto(f"{url}index.html")
        page.wait_for_load_state("load")
        assert page.evaluate("() => window.fromRawHtml") is None
        color = page.eval_on_selector("#styled", "e => getComputedStyle(e).color")
        assert color != "rgb(255, 0, 0)"
        assert len(page.policy_violations) == 2  # the script and the attribute
        page.policy_violations.clear()
        page.goto(f"{url}allowed.html")
        page.wait_for_load_state("load")
        assert page.evaluate("() => window.fromAllowedPage") is True


def test_the_live_preview_allows_its_reload_script_and_socket(tmp_path, rootdir):
    app = build_site(
        tmp_path,
        srcdir=rootdir / "test-math",
        confoverrides={"cv_live_preview": "127.0.0.1:8123"},
    )
    assert app.warning.getvalue() == ""
    policy = policy_of(app.outdir, "index")
    assert sha256(live_reload_script("127.0.0.1:8123")) in policy["script-src"]
    assert policy["connect-src"] == ["'self'", "ws://127.0.0.1:8123"]


@pytest.mark.browser
@pytest.mark.slow
def test_make_live_reloads_the_open_page_after_an_edit(page, live_preview, tmp_path):
    """And make html after it (the preview still running) equals a clean build."""
    project, url = live_preview
    page.goto(f"{url}sections/talks.html")
    page.wait_for_load_state("load")
    assert "A talk given today" not in page.locator("article").inner_text()
    with page.expect_navigation(timeout=60_000):  # the reload, after the build
        replace(project / "sections" / "talks.md", "\n", "\n\n- A talk given today\n")
    page.wait_for_load_state("load")
    assert "A talk given today" in page.locator("article").inner_text()
    assert page.policy_violations == []
    assert_made(make(project, "html"))
    assert_equals_a_clean_build(project, tmp_path / "clean")
