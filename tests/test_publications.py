"""Publications as objects: links from the known list, BibTeX, permalinks, tooltips."""

from __future__ import annotations

import csv

import pytest
from pybtex.database import parse_file, parse_string

from sphinx_cv.style import latex_to_plain

from conftest import DATA, ROOT


@pytest.fixture(scope="module")
def bib():
    return parse_file(ROOT / "refs.bib").entries


@pytest.fixture(scope="module")
def known_links(bib):
    """paper-links.tsv by key: the TSV's lists follow the CV's order, as refs.bib."""
    with (DATA / "paper-links.tsv").open(encoding="utf-8") as tsv:
        rows = list(
            csv.DictReader((r for r in tsv if not r.startswith("#")), delimiter="\t")
        )
    published = [e for e in bib.values() if e.type != "misc"]
    preprints = [e for e in bib.values() if e.type == "misc"]
    keyed = {}
    for row in rows:
        entries = published if row["list"] == "published" else preprints
        keyed[entries[int(row["number"]) - 1].key] = row
    assert len(keyed) == len(bib) == 29
    return keyed


@pytest.fixture(scope="module")
def entries(site):
    page = site.page("sections/publications")
    return {li["id"]: li for li in page.select("ol.cv-bibliography > li")}


def test_bib_links_are_exactly_the_known_ones(bib, known_links):
    for key, row in known_links.items():
        fields = bib[key].fields
        assert fields.get("eprint", "") == row["arxiv"], key
        assert fields.get("doi", "") == row["doi"], key
        assert fields.get("url", "") == row["url"], key
        assert ("archiveprefix" in fields) == bool(row["arxiv"]), key


def test_each_entry_shows_its_links_and_no_others(entries, known_links):
    counts = {"arxiv": 0, "doi": 0}
    for key, row in known_links.items():
        links = {
            a.get_text(): a["href"]
            for a in entries[key].select(".cv-body > p a.reference.external")
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


def test_controls_are_described_by_their_paper(entries, bib):
    """A screen reader tells which paper each link, summary and permalink is for."""
    for key, li in entries.items():
        title = latex_to_plain(bib[key].fields["title"])
        controls = li.select(
            ".cv-body > p a.reference.external, summary, .cv-permalink"
        )
        assert len(controls) >= 2
        for control in controls:
            described = li.find(id=control["aria-describedby"])
            assert described is not None and described.get_text() == title


def test_bibtex_record_parses_back_to_the_entry(entries, bib):
    for key, li in entries.items():
        record = li.select_one("details.cv-bibtex pre").get_text()
        assert "+an" not in record
        parsed = parse_string(record, "bibtex").entries[key]
        original = bib[key]
        assert parsed.type == original.type
        assert dict(parsed.fields) == {
            k: v for k, v in original.fields.items() if "+" not in k
        }
        assert parsed.persons["author"] == original.persons["author"]


def test_permalinks_are_the_keys(entries):
    for key, li in entries.items():
        assert li.select_one("a.cv-permalink")["href"] == f"#{key}"


def test_refs_bib_can_be_downloaded(site):
    link = site.page("sections/publications").select_one("a.reference.download")
    assert link.get_text() == "refs.bib"
    target = (site.outdir / "sections" / link["href"]).resolve()
    assert target.read_bytes() == (ROOT / "refs.bib").read_bytes()


def test_citation_tooltips_hold_the_full_reference(site, entries):
    for link in site.page("sections/research").select(".bibtex-citation a"):
        key = link["href"].partition("#")[2]
        paragraph = entries[key].select_one(".cv-body > p")
        full = " ".join(paragraph.get_text("").split())
        assert full.startswith(link["title"]), key
        assert "arXiv:" not in link["title"]


def test_math_in_title_renders_as_superscript(entries):
    title = entries["chen2023linfty"].select_one(".cv-body > p")
    assert title.find("sup").get_text() == "∞"
    assert "$" not in title.get_text() and "\\infty" not in title.get_text()
