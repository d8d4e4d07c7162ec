"""The site in a real browser: Debian's Chromium, driven by Playwright, on 127.0.0.1."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

from sphinx_cv.bib.tex import latex_to_plain

from conftest import MATH_PAPERS, PAGES, PAPER, ROOT, papers_cited_by_the_pages

SCREENSHOTS = ROOT / "_build" / "screenshots"
pytestmark = pytest.mark.browser


def wait_until(page, predicate: str, frames: int = 600) -> None:
    """Wait frame by frame (at most *frames*) until the JavaScript function
    *predicate* returns true. page.wait_for_function would need eval, which the
    pages' Content-Security-Policy forbids, as it should."""
    met = page.evaluate(
        f"""() => new Promise(resolve => {{
            const predicate = {predicate};
            let left = {frames};
            const check = () => predicate() ? resolve(true)
                : --left ? requestAnimationFrame(check) : resolve(false);
            check();
        }})"""
    )
    assert met, f"never true: {predicate}"


def open_page(page, site_url, name):
    page.goto(f"{site_url}{name}.html")
    page.wait_for_load_state("load")


@pytest.mark.parametrize("name", [*PAGES, "search", "404"])
def test_no_request_leaves_the_host(page, site_url, name):
    open_page(page, site_url, name)
    page.wait_for_load_state("networkidle")
    assert page.foreign_requests == []
    assert page.policy_violations == []
    assert page.locator('meta[http-equiv="Content-Security-Policy"]').count() == 1


def test_a_page_with_math_is_self_contained_and_shows_it(page, math_url):
    open_page(page, math_url, "index")
    page.wait_for_load_state("networkidle")
    assert page.foreign_requests == []
    assert page.policy_violations == []
    formulas = page.locator("math")
    assert formulas.count() == 4
    for index in range(4):  # laid out by Chromium's MathML engine, not as text
        formula = formulas.nth(index)
        assert formula.evaluate("e => getComputedStyle(e).display") in (
            "math",
            "block math",
            "inline math",
        )
        box = formula.bounding_box()
        assert box["width"] > 10 and box["height"] > 5


def test_an_injected_script_is_refused_by_the_policy(page, site_url):
    """Defence in depth: a script that slipped into a page would not run."""
    open_page(page, site_url, "index")
    page.evaluate(
        """() => { const s = document.createElement("script");
        s.textContent = "window.injected = true"; document.body.append(s); }"""
    )
    assert page.evaluate("() => window.injected") is None
    assert len(page.policy_violations) == 1
    page.policy_violations.clear()


def matching(site, query: str) -> list[str]:
    """The papers whose text holds every word of *query*, from the built page."""
    words = query.lower().split()
    papers = site.page("sections/publications").select("ol.cv-bibliography > li")
    return [
        li["id"]
        for li in papers
        if all(
            word in li.select_one(".cv-body > p").get_text().lower() for word in words
        )
    ]


def test_filter_narrows_both_lists(page, site, site_url):
    open_page(page, site_url, "sections/publications")
    total = len(site.page("sections/publications").select("ol.cv-bibliography > li"))
    box = page.get_by_label("Filter publications")
    box.focus()
    page.keyboard.type("Barron")
    visible = page.locator("ol.cv-bibliography > li:visible")
    expected = matching(site, "Barron")
    assert visible.evaluate_all("els => els.map(e => e.id)") == expected
    count = f"{len(expected)} of {total} papers match"
    assert page.locator(".cv-filter-count").inner_text() == count
    box.fill("Weinan 2019")  # a co-author and a year, in both lists
    ids = visible.evaluate_all("els => els.map(e => e.id)")
    assert ids == matching(site, "Weinan 2019") and len(ids) >= 2
    box.fill("")
    assert visible.count() == total


def test_without_javascript_lists_are_whole_and_filter_hidden(browser, site, site_url):
    total = len(site.page("sections/publications").select("ol.cv-bibliography > li"))
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site_url}sections/publications.html")
    assert page.locator("ol.cv-bibliography > li:visible").count() == total
    assert page.locator(".cv-filter").is_hidden()
    # BibTeX stays reachable: a link to the paper's page, which shows it.
    page.locator(f"#{PAPER} a.cv-bibtex").click()
    page.wait_for_load_state("load")
    assert page.url.endswith(f"papers/{PAPER}.html")
    record = page.locator(".cv-bibtex-record pre").inner_text()
    assert re.match(rf"@\w+\{{{PAPER},", record)
    context.close()


@pytest.mark.parametrize("where", ["sections/publications", f"papers/{PAPER}"])
def test_copy_bibtex_in_one_click(browser, site, site_url, where):
    """From the list (the button fetches the paper's page) and from that page."""
    record = site.page(f"papers/{PAPER}").select_one(".cv-bibtex-record pre").text
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(f"{site_url}{where}.html")
    button = page.locator("button.cv-copy")
    if where.startswith("sections"):
        button = page.locator(f"#{PAPER} button.cv-copy")
    button.click()
    wait_until(
        page,
        "() => [...document.querySelectorAll('button.cv-copy')]"
        ".some(b => b.textContent === 'Copied')",
    )
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.rstrip() == record.rstrip()
    context.close()


@pytest.mark.parametrize(
    ("label", "name"),
    [
        ("BibTeX", f"{PAPER}.bib"),
        ("RIS", f"{PAPER}.ris"),
        ("CSL-JSON", f"{PAPER}.json"),
    ],
)
def test_a_paper_s_downloads_save_its_record(page, site, site_url, label, name):
    """Each download link saves a file of that name from the page itself, under
    the page's policy."""
    import rispy

    open_page(page, site_url, f"papers/{PAPER}")
    with page.expect_download() as download:
        page.locator(".cv-downloads a", has_text=label).click()
    assert download.value.suggested_filename == name
    saved = Path(download.value.path()).read_text(encoding="utf-8")
    if name.endswith(".bib"):
        record = site.page(f"papers/{PAPER}").select_one(".cv-bibtex-record pre")
        assert saved == record.get_text() + "\n"
    elif name.endswith(".ris"):
        assert [r["id"] for r in rispy.loads(saved)] == [PAPER]
    else:
        assert [item["id"] for item in json.loads(saved)] == [PAPER]


def title_words(bib_by_key, key: str) -> list[str]:
    """The words of a paper's title as a reader sees them."""
    return re.findall(r"\w+", latex_to_plain(bib_by_key[key].fields["title"]))


def test_from_the_list_to_a_paper_and_on(page, site_url, bib_by_key):
    """A title leads to the paper's page; its links lead to the next paper, back
    to its place in the list, and to the pages that cite it."""
    open_page(page, site_url, "sections/publications")
    page.locator(f"#{PAPER} a.cv-title").click()
    page.wait_for_load_state("load")
    assert page.url.endswith(f"papers/{PAPER}.html")
    title = page.locator("article h1").inner_text()
    assert re.findall(r"\w+", title) == title_words(bib_by_key, PAPER)
    page.locator(".cv-cited-on a").first.click()
    page.wait_for_load_state("load")
    assert page.url.endswith(f"{papers_cited_by_the_pages()[PAPER][0]}.html")
    page.go_back()
    page.locator(".cv-paper-nav a", has_text="In the list").click()
    page.wait_for_load_state("load")
    assert page.url.endswith(f"sections/publications.html#{PAPER}")
    page.goto(f"{site_url}papers/{PAPER}.html")
    page.locator(".cv-paper-nav a").last.click()
    page.wait_for_load_state("load")
    assert "/papers/" in page.url and not page.url.endswith(f"{PAPER}.html")


def test_search_finds_a_paper_by_its_title_and_leads_to_its_page(
    page, site_url, bib_by_key
):
    query = "+".join(
        sorted(title_words(bib_by_key, PAPER), key=len)[-3:]
    )  # its longest
    page.goto(f"{site_url}search.html?q={query}")
    results = page.locator("#search-results ul.search li a")
    results.first.wait_for()
    hrefs = results.evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert any(f"papers/{PAPER}.html" in href for href in hrefs), hrefs


def test_permalink_lands_on_its_paper(page, site_url):
    page.goto(f"{site_url}sections/publications.html#{PAPER}")
    target = page.locator(":target")
    assert target.get_attribute("id") == PAPER
    assert target.is_visible()
    # furo scrolls smoothly: wait until the paper has reached the top of the view.
    wait_until(
        page,
        "() => Math.abs("
        f"document.getElementById('{PAPER}').getBoundingClientRect().top) < 100",
    )


def test_citation_shows_reference_on_keyboard_focus(page, site_url, bib_by_key):
    page_name, key = next(
        (pages[0], key) for key, pages in papers_cited_by_the_pages().items()
    )
    open_page(page, site_url, page_name)
    link = page.locator(f'.bibtex-citation a[href$="#{key}"]').first
    link.focus()
    shown = link.evaluate("a => getComputedStyle(a, '::after').content")
    assert " ".join(title_words(bib_by_key, key)[:4]) in " ".join(
        re.findall(r"\w+", shown)
    )


def test_screenshots_for_people_to_look_at(page, site_url):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for name in ("index", "sections/publications", f"papers/{PAPER}"):
        open_page(page, site_url, name)
        path = SCREENSHOTS / f"{name.replace('/', '-')}.png"
        page.screenshot(path=str(path), full_page=True)
        assert path.stat().st_size > 10_000


ALL_PAGES = [*PAGES, "search", "404", f"papers/{PAPER}"]
ALL_PAGES += [f"papers/{key}" for key in MATH_PAPERS if key != PAPER]


def open_drawer(page):
    page.locator(".mobile-header label.nav-overlay-icon").click()


def toggle_theme(page):
    page.locator(".content-icon-container .theme-toggle").click()


def filter_papers(page):
    page.locator("#cv-filter-input").fill("stability")


def focus_citation(page):
    page.locator(".bibtex-citation a").first.focus()


def search_results(page):
    """Wait for every result, and for each its excerpt, which Sphinx's search
    fetches and highlights after it says it has finished."""
    page.locator(".search-summary", has_text="Search finished").wait_for()
    wait_until(
        page,
        "() => [...document.querySelectorAll('#search-results li')]"
        ".every(li => li.querySelector('.context'))",
    )


#: (page, viewport width, what the visitor does there first): each kind of
#: page and each thing that changes how one looks.
VIEWS = [
    ("index", 1200, None),
    ("sections/experience", 1200, None),
    ("sections/research", 1200, focus_citation),
    ("sections/publications", 1200, toggle_theme),
    (f"papers/{PAPER}", 1200, None),
    ("search.html?q=stability#", 1200, search_results),
    ("404", 1200, None),
    ("index", 375, open_drawer),
    ("sections/publications", 375, filter_papers),
]


#: The computed style of every element of the body, and of its ::before and
#: ::after where it has them: what the browser draws, as text (not custom
#: properties: the cut leaves out those nothing reads). Transitions first end.
COMPUTED_STYLES = """() => {
  for (const animation of document.getAnimations()) animation.finish();
  return [...document.body.querySelectorAll('*:not(script)')].map(element => {
    const drawn = [null, '::before', '::after'].map(pseudo => {
      const style = getComputedStyle(element, pseudo);
      if (pseudo && ['none', 'normal'].includes(style.content)) return '';
      let text = '';
      for (const name of style) {
        if (!name.startsWith('--')) text += `${name}:${style.getPropertyValue(name)};`;
      }
      return text;
    });
    return `<${element.tagName} class="${element.getAttribute('class')}"> ${drawn}`;
  });
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_lightened_pages_look_as_with_the_themes_own_files(
    browser, site_url, unlightened_url, scheme
):
    """One style sheet cut to the rules the site uses, the unused theme files
    left out, the scripts deferred: on every page, and after what a visitor does
    there, each element has the style it has with the theme's files whole."""
    for name, width, action in VIEWS:
        styles = []
        for url in (site_url, unlightened_url):
            page = browser.new_page(
                viewport={"width": width, "height": 900}, color_scheme=scheme
            )
            page.goto(f"{url}{name}" if "?" in name else f"{url}{name}.html")
            page.wait_for_load_state("load")
            if action:
                action(page)
                # The pointer leaves the page: where a click left it, what slid
                # under it would be hovered in one run and not in another.
                page.mouse.move(-1, -1)
            styles.append(page.evaluate(COMPUTED_STYLES))
            page.close()
        assert len(styles[0]) == len(styles[1]), (name, width, action)
        for lightened, whole in zip(*styles, strict=True):
            assert lightened == whole, (name, width, action, lightened[:80])


AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_wcag_violation(browser, site_url, scheme):
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    found = {}
    for name in ALL_PAGES:
        page.goto(f"{site_url}{name}.html")
        page.wait_for_load_state("networkidle")
        assert page.evaluate("document.body.dataset.theme") == "auto"
        result = Axe().run(
            page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}}
        )
        for violation in result.response["violations"]:
            targets = [node["target"] for node in violation["nodes"]]
            found[f"{name}: {violation['id']}"] = targets
    context.close()
    assert found == {}


def test_search_finds_barron_on_its_papers_and_the_list(page, site, site_url):
    page.goto(f"{site_url}search.html?q=Barron")
    results = page.locator("#search-results ul.search li a")
    results.first.wait_for()
    wait_until(
        page,
        "() => document.querySelector('#search-results .search-summary')"
        "?.textContent.length",
    )
    hrefs = results.evaluate_all("links => links.map(a => a.getAttribute('href'))")
    found = [href.partition("?")[0].partition("#")[0] for href in hrefs]
    papers = {f"papers/{key}.html" for key in matching(site, "Barron")}
    assert papers | {"sections/publications.html"} <= set(found)
    assert found[0] in papers  # a title that holds the word ranks first


def test_search_finds_weinan_e_on_several_pages(page, site_url):
    page.goto(f"{site_url}search.html?q=Weinan+E")
    results = page.locator("#search-results ul.search li a")
    results.first.wait_for()
    wait_until(
        page,
        "() => document.querySelector('#search-results .search-summary')"
        "?.textContent.length",
    )
    pages = {
        href.split("#")[0]
        for href in results.evaluate_all(
            "links => links.map(a => a.getAttribute('href'))"
        )
    }
    assert {"sections/education.html", "sections/publications.html"} <= {
        p.split("?")[0] for p in pages
    }


def test_theme_toggle_switches_light_and_dark(page, site_url):
    open_page(page, site_url, "index")
    background = "getComputedStyle(document.body).backgroundColor"
    seen = set()
    for _ in range(3):
        page.locator(".content-icon-container .theme-toggle").click()
        seen.add(
            (page.evaluate("document.body.dataset.theme"), page.evaluate(background))
        )
    themes = {theme for theme, _ in seen}
    assert {"light", "dark"} <= themes
    colours = dict(seen)
    assert colours["light"] != colours["dark"]


@pytest.mark.parametrize("name", PAGES)
def test_no_sideways_scroll_at_375px(browser, site_url, name):
    context = browser.new_context(viewport={"width": 375, "height": 740})
    page = context.new_page()
    page.goto(f"{site_url}{name}.html")
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    width = page.evaluate("document.documentElement.scrollWidth")
    context.close()
    assert width <= 375


def test_navigation_drawer_opens_on_a_phone(browser, site_url):
    context = browser.new_context(viewport={"width": 375, "height": 740})
    page = context.new_page()
    page.goto(f"{site_url}index.html")
    link = page.locator(".sidebar-drawer a.reference", has_text="Talks")
    assert not link.is_visible() or link.bounding_box()["x"] < 0
    page.locator(".mobile-header label.nav-overlay-icon").click()
    wait_until(
        page,
        "() => document.querySelector('.sidebar-drawer').getBoundingClientRect()"
        ".left >= 0",
    )
    assert link.is_visible() and link.bounding_box()["x"] >= 0
    context.close()


def test_keyboard_only_use_has_skip_link_and_visible_focus(page, site_url):
    open_page(page, site_url, "sections/publications")
    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    assert skip.get_attribute("href") == "#furo-main-content"
    assert skip.is_visible()
    page.keyboard.press("Enter")
    for _ in range(3):
        page.keyboard.press("Tab")
    focused = page.locator(":focus")
    style = focused.evaluate(
        "e => { const s = getComputedStyle(e);"
        " return [s.outlineStyle, s.outlineWidth, s.boxShadow]; }"
    )
    assert (style[0] != "none" and style[1] != "0px") or style[2] != "none"


def test_printing_hides_the_navigation(page, site_url):
    open_page(page, site_url, "sections/publications")
    page.emulate_media(media="print")
    assert page.locator(".sidebar-drawer").is_hidden()
    assert page.locator("ol.cv-bibliography > li").first.is_visible()


@pytest.mark.parametrize("width", [375, 1100])
def test_bibtex_records_stay_inside_the_page(browser, site_url, width):
    """A long BibTeX line scrolls in its own box instead of widening the page."""
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    page.goto(f"{site_url}papers/wang2023inductive.html")
    widths = page.evaluate(
        """() => [document.documentElement.scrollWidth, window.innerWidth]"""
    )
    context.close()
    assert widths[0] <= widths[1]


#: (label, body) boxes of each entry of the Publications lists.
ENTRY_BOXES = """() => [...document.querySelectorAll('.cv-bibliography > li')]
  .map(li => {
    const label = li.querySelector('.cv-label').getBoundingClientRect();
    const body = li.querySelector('.cv-body').getBoundingClientRect();
    const list = li.parentElement.getBoundingClientRect();
    return [label.left, label.right, label.top, body.left, body.top, body.width,
            list.width];
})"""


def entries_are_label_then_body(boxes) -> None:
    """Each entry is two columns: its label, and beside it a body as wide as the
    list allows, both starting on one line."""
    assert boxes
    for label_left, label_right, label_top, body_left, body_top, width, full in boxes:
        assert label_right <= body_left
        assert abs(label_top - body_top) < 4
        assert width > 0.8 * (full - (body_left - label_left))


@pytest.mark.parametrize("width", [375, 1200])
def test_each_entry_is_a_label_beside_its_reference(browser, site_url, width):
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    page.goto(f"{site_url}sections/publications.html")
    entries_are_label_then_body(page.evaluate(ENTRY_BOXES))
    context.close()
