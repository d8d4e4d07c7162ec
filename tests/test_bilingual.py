"""A CV in two languages from one project (test-bilingual): English pages, and
Chinese ones in zh/ with the settings cv_translations gives them, one refs.bib.
make html gives two sites, the Chinese one in the site's zh/ folder, each page
linking the other language's, and a PDF for each language."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

from conftest import need_script_fonts, pdf_text, serve, sphinx_cv_build

pytestmark = pytest.mark.pdf

BASE = "https://mei.example.org/"
#: What each site's pages show, in its language.
DATES = {
    "en": ["Sep 2012 – Jul 2018", "Dec 2021 – present"],
    "zh": ["2012年9月 – 2018年7月", "2021年12月 – 至今"],
}
ENTRIES = {
    "en": [
        "Mei Lin, Weinan E. Gradient Flows on Curved Spaces. Journal of "
        "Computational Mathematics, 2020.",
        "林梅, 王小明. 偏微分方程的数值方法. 数学学报, 2021.",
        "Mei Lin. Stability of Stochastic Gradient Descent. arXiv preprint, 2023.",
    ],
    "zh": [  # the Chinese CV's lists follow GB/T 7714, with its fields in Chinese
        "LIN M, E W. 弯曲空间上的梯度流[J]. 计算数学, 2020, 38: 1-20.",
        "林梅, 王小明. 偏微分方程的数值方法[J]. 数学学报, 2021.",
        "LIN M. Stability of Stochastic Gradient Descent[EB/OL]. arXiv preprint, 2023.",
    ],
}
WORDS = {
    "en": {
        "aria": "Publications",
        "label": "Filter publications",
        "permalink": "Permalink",
        "copy": "Copy BibTeX",
        "count": "{shown} of {total} papers match",
    },
    "zh": {
        "aria": "论文",
        "label": "筛选论文",
        "permalink": "永久链接",
        "copy": "复制 BibTeX",
        "count": "{total} 篇论文中有 {shown} 篇符合",
    },
}
SITES = {"en": "html", "zh": "html/zh"}


def make_html(project: Path) -> None:
    """make html's command in *project*: every PDF, then every site."""
    result = sphinx_cv_build(
        "html", project, project / "_build", SOURCE_DATE_EPOCH="1700000000"
    )
    assert (result.returncode, result.stderr) == (0, ""), result.stderr


@pytest.fixture(scope="module")
def built(rootdir, tmp_path_factory):
    """test-bilingual after make html's command, in a copy."""
    need_script_fonts()
    project = tmp_path_factory.mktemp("bilingual") / "project"
    shutil.copytree(rootdir / "test-bilingual", project)
    make_html(project)
    return project / "_build"


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text("utf-8"), "html.parser")


@pytest.mark.parametrize("language", SITES)
def test_each_site_is_in_its_language(built, language):
    home = soup(built / SITES[language] / "index.html")
    assert home.html["lang"] == {"en": "en", "zh": "zh-CN"}[language]
    assert (
        home.select_one("h1").get_text().rstrip("¶")
        == {"en": "Mei Lin", "zh": "林梅"}[language]
    )
    contact = " ".join(home.select_one(".cv-contact").get_text().split())
    assert contact.startswith(
        {"en": "Associate Professor", "zh": "副教授, 数学科学学院"}[language]
    )
    person = next(
        data
        for script in home.select('script[type="application/ld+json"]')
        if (data := json.loads(script.string))["@type"] == "Person"
    )
    names = {"en": ("Mei Lin", ["林梅"]), "zh": ("林梅", ["Mei Lin"])}[language]
    assert (person["name"], person["alternateName"]) == names
    education = soup(built / SITES[language] / "education.html")
    dates = [" ".join(d.get_text().split()) for d in education.select(".cv-date")]
    assert dates == DATES[language]


@pytest.mark.parametrize("language", SITES)
def test_each_list_is_in_its_language_and_style(built, language):
    page = soup(built / SITES[language] / "publications.html")
    shown = [
        " ".join(li.select_one(".cv-body > p").get_text().split())
        for li in page.select("li.cv-reference")
    ]
    assert [s[: len(e)] for s, e in zip(shown, ENTRIES[language], strict=True)] == (
        ENTRIES[language]
    )


@pytest.mark.parametrize("language", SITES)
def test_interface_words_are_in_the_site_s_language(built, language):
    words = WORDS[language]
    page = soup(built / SITES[language] / "publications.html")
    form = page.select_one("form.cv-filter")
    assert form["aria-label"] == words["aria"]
    assert form.select_one("label").get_text() == words["label"]
    assert form["data-matching"] == words["count"]
    tools = page.select_one("li.cv-reference .cv-tools")
    assert tools.select_one(".cv-permalink").get_text() == words["permalink"]
    assert tools.select_one(".cv-bibtex")["data-copy"] == words["copy"]
    paper = soup(built / SITES[language] / "papers/lin2021pde.html")
    navigation = paper.select_one(".cv-paper-nav").get_text()
    expected = {"en": ["In the list", "Previous:"], "zh": ["在列表中", "上一篇:"]}
    for word in expected[language]:
        assert word in navigation
    other = {"en": "中文", "zh": "English"}[language]
    assert [a.get_text() for a in paper.select("nav.cv-languages a")] == [other]


def address_to_file(built: Path, address: str) -> Path:
    return built / "html" / urlsplit(address).path.lstrip("/")


@pytest.mark.parametrize("language", SITES)
def test_every_page_links_its_translation(built, language):
    """Each page of either site leads to the same page in the other language,
    which is there; the home page where it has no translation."""
    site = built / SITES[language]
    pages = [
        p
        for p in site.rglob("*.html")
        if language == "zh" or "zh" not in p.relative_to(site).parts
    ]
    assert len(pages) >= 8
    for page in pages:
        name = page.relative_to(site).as_posix()
        parsed = soup(page)
        alternates = [
            link["href"] for link in parsed.select('link[rel="alternate"][hreflang]')
        ]
        assert len(alternates) == 1, name
        target = address_to_file(built, alternates[0])
        assert target.is_file(), (name, alternates[0])
        expected = f"{BASE}{'' if language == 'zh' else 'zh/'}{name}"
        if name not in {"404.html"}:
            assert alternates[0] == expected, name
        # The switcher heads each page's text: the search page and the index
        # have none of their own (the theme writes them), only the link above.
        if name not in {"search.html", "genindex.html"}:
            links = [a["href"] for a in parsed.select("nav.cv-languages a")]
            assert [(page.parent / link).resolve() for link in links] == [
                target.resolve()
            ], name


def files_of(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in folder.rglob("*")
        if p.is_file() and p.name != ".buildinfo.bak"
    }


def test_make_html_again_after_edits_equals_a_clean_build(built, tmp_path):
    """A second make html, after an edit of refs.bib and of a Chinese page,
    gives both sites and both PDFs as a clean build does, byte for byte; the
    English site's build leaves the Chinese one's pages alone."""
    project = tmp_path / "project"
    shutil.copytree(built.parent, project)
    bib = project / "refs.bib"
    bib.write_text(
        bib.read_text("utf-8").replace("弯曲空间上的梯度流", "曲面上的梯度流"), "utf-8"
    )
    page = project / "zh/education.md"
    page.write_text(page.read_text("utf-8").replace("数学博士", "理学博士"), "utf-8")
    make_html(project)
    clean = tmp_path / "clean"
    shutil.copytree(project, clean, ignore=shutil.ignore_patterns("_build"))
    make_html(clean)
    for output in ("html", "pdf"):
        again, whole = (
            files_of(project / "_build" / output),
            files_of(clean / "_build" / output),
        )
        assert sorted(again) == sorted(whole)
        assert [name for name in whole if again[name] != whole[name]] == []
    shown = (project / "_build/html/zh/publications.html").read_text("utf-8")
    assert "曲面上的梯度流" in shown


def test_each_language_has_its_pdf(built):
    english = " ".join(pdf_text(built / "pdf/mei-lin-cv.pdf").split())
    chinese = " ".join(pdf_text(built / "pdf/mei-lin-cv-zh.pdf").split())
    for date in DATES["en"]:
        assert date in english
    for date in DATES["zh"]:
        assert date in chinese
    assert "弯曲空间上的梯度流[J]. 计算数学, 2020, 38: 1-20." in chinese
    assert (
        "Gradient Flows on Curved Spaces. Journal of Computational Mathematics"
        in english
    )
    assert "弯曲空间" not in english


def test_the_chinese_site_is_searched_by_chinese_words(built):
    text = (built / "html/zh/searchindex.js").read_text("utf-8")
    index = json.loads(text[text.index("(") + 1 : text.rindex(")")])
    for word in ("梯度", "数值", "副教授", "教育"):
        assert word in index["terms"], word
    english = (built / "html/searchindex.js").read_text("utf-8")
    assert "梯度" not in english  # the English site indexes its own pages only


@pytest.mark.browser
def test_the_switcher_and_the_filter_work_in_a_browser(built, browser):
    for url in serve(built / "html"):
        page = browser.new_page()
        page.goto(f"{url}publications.html")
        page.get_by_role("link", name="中文").click()
        page.wait_for_url(re.compile(r"/zh/publications\.html$"))
        page.get_by_label("筛选论文").fill("梯度流")
        status = page.locator("#cv-filter-count")
        assert status.text_content() == "3 篇论文中有 1 篇符合"
        copy = page.locator("li.cv-reference button.cv-copy").first
        assert copy.text_content() == "复制 BibTeX"
        page.close()
