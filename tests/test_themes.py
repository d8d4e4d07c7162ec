"""A new CV under furo, Alabaster and pydata-sphinx-theme, in Chromium: the dates
align, the BibTeX tools work, axe finds no violation; screenshots are kept."""

from __future__ import annotations

import re
import urllib.request
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from bs4 import BeautifulSoup

from conftest import ROOT, build_site, serve
from test_browser import ENTRY_BOXES, entries_are_label_then_body
from test_quickstart import new_project

pytestmark = pytest.mark.browser
THEMES = ["furo", "alabaster", "pydata_sphinx_theme"]
SCREENSHOTS = ROOT / "_build" / "screenshots" / "themes"
PAGES = [
    "index",
    "sections/education",
    "sections/publications",
    "papers/example2024article",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
#: Dates of every width the CV typesets, to see them line up.
MORE_ENTRIES = """
:::{cv-entry} 2019
**A one-year entry**, *Example University*.
:::

:::{cv-entry} 2021.12 -
**An open range**, *Example Institute*.
:::
"""


@pytest.fixture(scope="module", params=THEMES)
def themed(request, tmp_path_factory):
    """(theme, URL) of a new project built with that theme, served."""
    theme = request.param
    work = tmp_path_factory.mktemp(theme)
    project = new_project(work / "cv")
    with (project / "sections" / "education.md").open("a", encoding="utf-8") as page:
        page.write(MORE_ENTRIES)
    conf = (project / "conf.py").read_text(encoding="utf-8")
    if theme != "furo":  # as docs/themes.md says: that line names furo's files
        conf = "\n".join(
            line for line in conf.split("\n") if not line.startswith("cv_drop_assets")
        )
    (project / "conf.py").write_text(f"{conf}\nhtml_theme = {theme!r}\n", "utf-8")
    app = build_site(work / "out", srcdir=project)
    assert app.warning.getvalue() == ""
    server = serve(Path(app.outdir))
    yield theme, next(server)
    next(server, None)


def test_dates_align_in_one_column(page, themed):
    _, url = themed
    page.goto(f"{url}sections/education.html")
    boxes = page.eval_on_selector_all(
        ".cv-entry",
        """entries => entries.map(e => {
            const date = e.querySelector('.cv-date').getBoundingClientRect();
            const what = e.querySelector('.cv-what').getBoundingClientRect();
            return [date.left, date.top, what.left, what.top, date.right];
        })""",
    )
    assert len(boxes) == 3
    assert len({round(b[0]) for b in boxes}) == 1  # dates start at one edge
    assert len({round(b[2]) for b in boxes}) == 1  # the items start at another
    for date_left, date_top, what_left, what_top, date_right in boxes:
        assert date_right <= what_left  # side by side, never overlapping
        assert abs(date_top - what_top) < 4
        assert date_left < what_left


def test_each_entry_is_a_label_beside_its_reference(page, themed):
    _, url = themed
    page.goto(f"{url}sections/publications.html")
    entries_are_label_then_body(page.evaluate(ENTRY_BOXES))


def test_copy_bibtex_and_permalink_work(browser, themed):
    _, url = themed
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(f"{url}sections/publications.html")
    page.locator("#example2024article button.cv-copy").click()
    page.wait_for_function(
        "() => [...document.querySelectorAll('button.cv-copy')]"
        ".some(b => b.textContent === 'Copied')"
    )
    copied = page.evaluate("navigator.clipboard.readText()")
    paper = page.request.get(f"{url}papers/example2024article.html").text()
    record = BeautifulSoup(paper, "html.parser").select_one(".cv-bibtex-record pre")
    assert copied.rstrip() == record.get_text().rstrip()
    assert "@article{example2024article," in copied
    page.locator("#example2024article a.cv-permalink").click()
    assert page.url.endswith("#example2024article")
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violation_and_screenshots_are_kept(browser, themed, scheme):
    theme, url = themed
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    found = {}
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for name in PAGES:
        page.goto(f"{url}{name}.html")
        page.wait_for_load_state("networkidle")
        result = Axe().run(
            page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}}
        )
        for violation in result.response["violations"]:
            found[f"{name}: {violation['id']}"] = [
                node["target"] for node in violation["nodes"]
            ]
        shot = SCREENSHOTS / f"{theme}-{scheme}-{name.replace('/', '-')}.png"
        page.screenshot(path=str(shot), full_page=True)
        assert shot.stat().st_size > 5_000
    context.close()
    assert found == {}


def test_furo_styles_only_under_furo(themed):
    """sphinx-cv-furo.css (furo's variables and elements) reaches furo pages only."""
    theme, url = themed
    html = urllib.request.urlopen(f"{url}index.html").read().decode()
    sheets = "".join(
        urllib.request.urlopen(f"{url}{href}").read().decode()
        for href in re.findall(r'href="(_static/[^"?]+\.css)', html)
    )
    assert "ol.cv-bibliography" in sheets
    assert ("body[data-theme] .cv-filter" in sheets) == (theme == "furo")
