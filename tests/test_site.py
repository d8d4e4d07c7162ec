"""The real site: every page, every CV item in order, every paper as in the CV."""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import Tag
from pybtex.database import parse_file

from sphinx_cv.markup import format_date
from sphinx_cv.style import latex_to_plain

from conftest import PAGES, ROOT
from cvsource import PAGE_OF_HEADING, dated, items, plain, publication

SECTION_TITLES = {
    "education": "Education",
    "experience": "Professional Experiences",
    "research": "Research Interests",
    "publications": "Publications & Preprints",
    "teaching": "Teaching Experiences",
    "mentoring": "Mentoring",
    "talks": "Talks",
    "services": "Professional Services",
}


def text(element: Tag) -> str:
    """What a reader sees of an element, whitespace folded, helper text dropped."""
    element = element.__copy__()
    for hidden in element.select(".visually-hidden, .cv-tools, .headerlink"):
        hidden.decompose()
    return " ".join(element.get_text("").replace("’", "'").split())


@pytest.fixture(scope="module")
def cv(cv_source):
    return items(cv_source)


def test_build_has_no_warnings(site):
    assert site.warnings == ""


@pytest.mark.parametrize(("page", "title"), SECTION_TITLES.items())
def test_section_page_exists_with_its_title(site, page, title):
    soup = site.page(f"sections/{page}")
    assert text(soup.find("h1")) == title


def test_home_page_toctree_lists_sections_in_order(site):
    toctree = site.page("index").select(".toctree-wrapper a.reference.internal")
    assert [a["href"] for a in toctree] == [
        f"sections/{page}.html" for page in SECTION_TITLES
    ]


def test_home_page_has_name_position_address_and_contact(site):
    main = site.page("index").find("article")
    assert text(main.find("h1")) == "Lei Wu"
    body = text(main)
    assert (
        "Assistant Professor, School of Mathematical Sciences & Center for Machine "
        "Learning Research, Peking University" in body
    )
    assert "1371, Science building#1, Peking University" in body
    assert "No.5 Yiheyuan Road Haidian District, Beijing" in body
    mail = main.find("a", href=lambda h: unquote(h) == "mailto:leiwu@math.pku.edu.cn")
    assert mail is not None and text(mail) == "leiwu@math.pku.edu.cn"
    assert main.find("a", href="https://leiwu0.github.io/") is not None


@pytest.mark.parametrize(
    "section", ["Education", "Professional Experiences", "Teaching Experiences"]
)
def test_dated_items_in_cv_order_with_their_dates(site, cv, section):
    entries = site.page(f"sections/{PAGE_OF_HEADING[section]}").select(".cv-entry")
    shown = [
        (text(e.select_one(".cv-date")), text(e.select_one(".cv-what")))
        for e in entries
    ]
    expected = [(format_date(d), plain(rest)) for d, rest in map(dated, cv[section])]
    assert shown == expected


def test_dates_are_typeset_unambiguously():
    assert format_date("2012.9 - 2018.7") == "Sep 2012 – Jul 2018"
    assert format_date("2021.12 -") == "Dec 2021 – present"
    assert format_date("Fall 2023") == "Fall 2023"


@pytest.mark.parametrize(
    "section",
    ["Talks", "Professional Services", "Graduate students", "Undergraduate students"],
)
def test_list_items_in_cv_order(site, cv, section):
    article = site.page(f"sections/{PAGE_OF_HEADING[section]}").find("article")
    shown = [text(li) for li in article.select("li")]
    expected = [plain(item) for item in cv[section]]
    position = [shown.index(item) for item in expected]  # ValueError if missing
    assert position == sorted(position)


def test_mentoring_groups_keep_their_headings(site):
    headings = [text(h) for h in site.page("sections/mentoring").select("h2")]
    assert headings == ["Graduate students", "Undergraduate students"]


def test_research_interests_each_cite_papers(site, cv):
    interests = site.page("sections/research").find("article").select("li")
    assert len(interests) == len(cv["Research Interests"])
    for li, item in zip(interests, cv["Research Interests"], strict=True):
        assert text(li).startswith(plain(item))
        citations = li.select(".bibtex-citation a")
        assert citations, f"no citation under {item!r}"
        for link in citations:
            assert link["href"].startswith("publications.html#")


@pytest.fixture(scope="module")
def bib():
    return parse_file(ROOT / "refs.bib").entries


@pytest.mark.parametrize(
    ("section", "prefix", "position"),
    [
        ("Published", "", 0),
        ("Preprints", "P", 1),
    ],
)
def test_publications_match_the_cv(site, cv, bib, section, prefix, position):
    """Order, label, bold owner, * marks and title wording of every paper."""
    lists = site.page("sections/publications").select("ol.cv-bibliography")
    assert len(lists) == 2
    rendered = lists[position].select(":scope > li")
    assert len(rendered) == len(cv[section])
    for li, item in zip(rendered, cv[section], strict=True):
        label, cv_text, cv_bold = publication(item)
        assert text(li.select_one(".cv-label")) == f"[{prefix}{label}]"
        title = latex_to_plain(bib[li["id"]].fields["title"])
        assert " ".join(title.split()) in cv_text, f"{li['id']}: title differs"
        body = text(li.select_one(".cv-body > p"))
        authors = body[: body.index(". " + title)]
        # The CV sometimes writes ", and" before the last author, once no period.
        cv_start = re.escape(authors) + r"\.? " + re.escape(" ".join(title.split()))
        assert re.match(cv_start, cv_text.replace(", and ", ", ")), li["id"]
        assert [text(b) for b in li.select(".cv-body strong")] == cv_bold
        assert [text(v) for v in li.select(".cv-body em")], f"{li['id']}: no venue"


def test_star_legend(site):
    article = site.page("sections/publications").find("article")
    assert "* indicates equal contribution or alphabetical author order." in text(
        article
    )


def test_every_bib_entry_is_on_the_publications_page_once(site, bib):
    entries = site.page("sections/publications").select("li.cv-reference")
    ids = [li["id"] for li in entries]
    assert sorted(ids) == sorted(bib)


def test_labels_are_unique(site):
    labels = [text(s) for s in site.page("sections/publications").select(".cv-label")]
    assert len(labels) == len(set(labels)) == 29


@pytest.mark.parametrize("name", [*PAGES, "search"])
def test_internal_links_and_anchors_resolve(site, name):
    for link in site.page(name).select("a[href]"):
        href = link["href"]
        parts = urlsplit(href)
        if parts.scheme or href.startswith(("mailto:", "javascript:")):
            continue
        target = (site.outdir / name).parent / parts.path if parts.path else None
        page = (
            name
            if target is None
            else target.resolve()
            .relative_to(site.outdir.resolve())
            .with_suffix("")
            .as_posix()
        )
        if target is not None and not target.name.endswith(".html"):
            assert target.exists(), f"{name}: {href} is missing"
            continue
        if parts.fragment:
            found = site.page(page).find(id=parts.fragment)
            assert found is not None, f"{name}: {href} has no target"


def test_citations_link_to_their_entries(site):
    links = site.page("sections/research").select(".bibtex-citation a")
    publications = site.page("sections/publications")
    for link in links:
        page, _, anchor = link["href"].partition("#")
        assert page == "publications.html"
        entry = publications.find(id=anchor)
        assert entry is not None and entry.name == "li"
        assert re.fullmatch(r"\[?P?\d+\]?", text(link)), text(link)
        assert text(entry.select_one(".cv-label")) == f"[{text(link)}]"
