"""Publications as objects: links from the known list, BibTeX, permalinks, tooltips."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pybtex.database import parse_string

from sphinx_cv.bib.model import entry_links, latex_to_plain

from conftest import MATH_PAPERS, ROOT, build_site


def test_each_entry_shows_the_links_of_its_entry(entries, bib_by_key):
    for key, li in entries.items():
        shown = [
            (a.get_text(), a["href"])
            for a in li.select(".cv-body > p a.reference.external:not(.cv-title)")
        ]
        assert shown == entry_links(bib_by_key[key]), key


def test_controls_are_described_by_their_paper(entries, bib_by_key):
    """A screen reader tells which paper each link, BibTeX and permalink is for."""
    for key, li in entries.items():
        title = latex_to_plain(bib_by_key[key].fields["title"])
        controls = li.select(
            ".cv-body > p a.reference.external:not(.cv-title), "
            ".cv-bibtex, .cv-permalink"
        )
        assert len(controls) >= 2
        for control in controls:
            described = li.find(id=control["aria-describedby"])
            assert described is not None and described.get_text() == title


@pytest.mark.slow
def test_without_paper_pages_the_title_text_describes_the_controls(
    tmp_path, bib_by_key
):
    """With no page to link, the title is text, and still what the entry's
    links and tools are described by."""
    app = build_site(tmp_path, confoverrides={"cv_paper_pages": ""})
    html = (Path(app.outdir) / "sections" / "publications.html").read_text("utf-8")
    items = BeautifulSoup(html, "html.parser").select("ol.cv-bibliography > li")
    assert len(items) == len(bib_by_key)
    for li in items:
        title = li.find(id=f"{li['id']}-title")
        assert title.name == "span" and not li.select("a.cv-title")
        assert title.get_text() == latex_to_plain(bib_by_key[li["id"]].fields["title"])
        controls = li.select("[aria-describedby]")
        assert controls and {c["aria-describedby"] for c in controls} == {title["id"]}


def test_bibtex_record_parses_back_to_the_entry(site, entries, bib_by_key):
    """The list's BibTeX link leads to the paper's page, whose record reads back
    as the entry (annotations left out)."""
    for key, li in entries.items():
        link = li.select_one("a.cv-bibtex")
        assert link["href"] == f"../papers/{key}.html"
        page = site.page(f"papers/{key}")
        record = page.select_one(".cv-bibtex-record pre").get_text()
        assert "+an" not in record
        parsed = parse_string(record, "bibtex").entries[key]
        original = bib_by_key[key]
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
        # A single paper's tooltip is its reference; a range's lists each paper
        # as "[n] reference", this one among them.
        parts = [p.strip() for p in re.split(r"\[P?\d+\] ", link["title"]) if p.strip()]
        assert any(full.startswith(part) for part in parts), key
        assert "arXiv:" not in link["title"]


def test_math_in_titles_renders_as_text_with_superscripts(entries, bib_by_key):
    """Each title with math (tests/roots/test-odd-input has more) shows no TeX."""
    for key in MATH_PAPERS:
        title = entries[key].select_one(".cv-body > p")
        assert "$" not in title.get_text() and "\\" not in title.get_text(), key
        if "^" in bib_by_key[key].fields["title"]:
            assert title.find("sup"), key
