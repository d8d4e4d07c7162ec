"""Nothing was lost in the move to this site: the built site against the original CV.

The original is frozen in ``tests/data/cv-source.md`` (with its paper links in
``tests/data/paper-links.tsv``). Every other test checks the site against its own
sources, so editing the CV keeps them green; this one fails once the CV says
something the original did not, which is its purpose.

When the CV has moved on for good, retire this check: delete this file,
``tests/cvsource.py``, ``tests/data/cv-source.md`` and ``tests/data/paper-links.tsv``
(or refresh the two data files from the CV as it now stands).
"""

from __future__ import annotations

import csv
import re
from urllib.parse import unquote

import pytest

from sphinx_cv.bib.tex import latex_to_plain
from sphinx_cv.entries import format_date

from conftest import DATA
from conftest import visible_text as text
from cvsource import PAGE_OF_HEADING, dated, items, plain, publication


@pytest.fixture(scope="module")
def cv():
    return items((DATA / "cv-source.md").read_text(encoding="utf-8"))


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


def test_research_interests_each_cite_papers(site, cv):
    interests = site.page("sections/research").find("article").select("li")
    assert len(interests) == len(cv["Research Interests"])
    for li, item in zip(interests, cv["Research Interests"], strict=True):
        assert text(li).startswith(plain(item))
        citations = li.select(".bibtex-citation a")
        assert citations, f"no citation under {item!r}"
        for link in citations:
            assert link["href"].startswith("publications.html#")


@pytest.mark.parametrize(
    ("section", "prefix", "position"),
    [
        ("Published", "", 0),
        ("Preprints", "P", 1),
    ],
)
def test_publications_match_the_cv(site, cv, bib_by_key, section, prefix, position):
    """Order, label, bold owner, * marks and title wording of every paper."""
    lists = site.page("sections/publications").select("ol.cv-bibliography")
    assert len(lists) == 2
    rendered = lists[position].select(":scope > li")
    assert len(rendered) == len(cv[section])
    for li, item in zip(rendered, cv[section], strict=True):
        label, cv_text, cv_bold = publication(item)
        assert text(li.select_one(".cv-label")) == f"[{prefix}{label}]"
        title = latex_to_plain(bib_by_key[li["id"]].fields["title"])
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


@pytest.fixture(scope="module")
def known_links(bib_by_key):
    """paper-links.tsv by key: the TSV's lists follow the CV's order, as refs.bib."""
    with (DATA / "paper-links.tsv").open(encoding="utf-8") as tsv:
        rows = list(
            csv.DictReader((r for r in tsv if not r.startswith("#")), delimiter="\t")
        )
    published = [e for e in bib_by_key.values() if e.type != "misc"]
    preprints = [e for e in bib_by_key.values() if e.type == "misc"]
    keyed = {}
    for row in rows:
        entries = published if row["list"] == "published" else preprints
        keyed[entries[int(row["number"]) - 1].key] = row
    assert len(keyed) == len(bib_by_key) == 29
    return keyed


def test_bib_links_are_exactly_the_known_ones(bib_by_key, known_links):
    for key, row in known_links.items():
        fields = bib_by_key[key].fields
        assert fields.get("eprint", "") == row["arxiv"], key
        assert fields.get("doi", "") == row["doi"], key
        assert fields.get("url", "") == row["url"], key
        assert ("archiveprefix" in fields) == bool(row["arxiv"]), key


def test_each_entry_shows_its_links_and_no_others(entries, known_links):
    counts = {"arxiv": 0, "doi": 0}
    for key, row in known_links.items():
        links = {
            a.get_text(): a["href"]
            for a in entries[key].select(
                ".cv-body > p a.reference.external:not(.cv-title)"
            )
        }
        expected = {}
        if row["arxiv"]:
            expected[f"arXiv:{row['arxiv']}"] = f"https://arxiv.org/abs/{row['arxiv']}"
            counts["arxiv"] += 1
        if row["doi"]:
            expected["DOI"] = f"https://doi.org/{row['doi']}"
            counts["doi"] += 1
        if row["url"]:
            expected["Publisher"] = row["url"]
        assert links == expected, key
    assert counts == {"arxiv": 28, "doi": 6}
