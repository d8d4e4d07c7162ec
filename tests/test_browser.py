"""The site in a real browser: Debian's Chromium, driven by Playwright, on 127.0.0.1."""

from __future__ import annotations

import functools
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import pytest

from conftest import ROOT, need_tool

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PAGES = [
    "index",
    "sections/education",
    "sections/experience",
    "sections/research",
    "sections/publications",
    "sections/teaching",
    "sections/mentoring",
    "sections/talks",
    "sections/services",
]
SCREENSHOTS = ROOT / "_build" / "screenshots"


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def base_url(site):
    handler = functools.partial(QuietHandler, directory=str(site.outdir))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser():
    executable = need_tool("chromium", "chromium")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, base_url):
    """A page that refuses, and records, every request to another host."""
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    page.foreign_requests = []

    def guard(route):
        host = urlsplit(route.request.url).hostname
        if route.request.url.startswith("data:") or host == "127.0.0.1":
            route.continue_()
        else:
            page.foreign_requests.append(route.request.url)
            route.abort()

    page.route("**/*", guard)
    yield page
    context.close()


def open_page(page, base_url, name):
    page.goto(f"{base_url}{name}.html")
    page.wait_for_load_state("load")


@pytest.mark.parametrize("name", PAGES)
def test_no_request_leaves_the_host(page, base_url, name):
    open_page(page, base_url, name)
    page.wait_for_load_state("networkidle")
    assert page.foreign_requests == []


def test_filter_narrows_both_lists(page, base_url):
    open_page(page, base_url, "sections/publications")
    box = page.get_by_label("Filter publications")
    box.focus()
    page.keyboard.type("Barron")
    visible = page.locator("ol.cv-bibliography > li:visible")
    assert sorted(visible.evaluate_all("els => els.map(e => e.id)")) == [
        "e2022barron",
        "wu2023embedding",
    ]
    assert page.locator(".cv-filter-count").inner_text() == "2 of 29 papers match"
    box.fill("Weinan 2019")
    ids = visible.evaluate_all("els => els.map(e => e.id)")
    assert ids == ["e2019priori", "e2019skip"]  # a co-author and a year, both lists
    box.fill("")
    assert visible.count() == 29


def test_without_javascript_lists_are_whole_and_filter_hidden(browser, base_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{base_url}sections/publications.html")
    assert page.locator("ol.cv-bibliography > li:visible").count() == 29
    assert page.locator(".cv-filter").count() == 0
    page.locator("details.cv-bibtex summary").first.click()
    assert (
        "@inproceedings{wang2023inductive"
        in page.locator("details.cv-bibtex pre").first.inner_text()
    )
    context.close()


def test_copy_bibtex_in_one_click(browser, base_url):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(f"{base_url}sections/publications.html")
    page.locator("#wu2018sgd button.cv-copy").click()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith("@inproceedings{wu2018sgd,")
    assert copied == page.locator("#wu2018sgd details.cv-bibtex pre").text_content()
    context.close()


def test_permalink_lands_on_its_paper(page, base_url):
    page.goto(f"{base_url}sections/publications.html#wu2018sgd")
    target = page.locator(":target")
    assert target.get_attribute("id") == "wu2018sgd"
    assert target.is_visible()
    # furo scrolls smoothly: wait until the paper has reached the top of the view.
    page.wait_for_function(
        "Math.abs(document.getElementById('wu2018sgd').getBoundingClientRect().top)"
        " < 100"
    )


def test_citation_shows_reference_on_keyboard_focus(page, base_url):
    open_page(page, base_url, "sections/research")
    link = page.locator(".bibtex-citation a").first
    link.focus()
    shown = link.evaluate("a => getComputedStyle(a, '::after').content")
    assert "Theoretical Analysis of Inductive Biases" in shown


def test_screenshots_for_people_to_look_at(page, base_url):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for name in ("index", "sections/publications"):
        open_page(page, base_url, name)
        path = SCREENSHOTS / f"{name.replace('/', '-')}.png"
        page.screenshot(path=str(path), full_page=True)
        assert path.stat().st_size > 10_000
