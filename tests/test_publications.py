"""Publications as objects: links from the known list, BibTeX, permalinks, tooltips."""

from __future__ import annotations

import re

from pybtex.database import parse_string

from sphinx_cv.style import entry_links, latex_to_plain

from conftest import ROOT


def test_each_entry_shows_the_links_of_its_entry(entries, bib):
    for key, li in entries.items():
        shown = [
            (a.get_text(), a["href"])
            for a in li.select(".cv-body > p a.reference.external:not(.cv-title)")
        ]
        assert shown == entry_links(bib[key]), key


def test_controls_are_described_by_their_paper(entries, bib):
    """A screen reader tells which paper each link, BibTeX and permalink is for."""
    for key, li in entries.items():
        title = latex_to_plain(bib[key].fields["title"])
        controls = li.select(
            ".cv-body > p a.reference.external:not(.cv-title), "
            ".cv-bibtex, .cv-permalink"
        )
        assert len(controls) >= 2
        for control in controls:
            described = li.find(id=control["aria-describedby"])
            assert described is not None and described.get_text() == title


def test_bibtex_record_parses_back_to_the_entry(site, entries, bib):
    """The list's BibTeX link leads to the record, which reads back as the entry
    (annotations left out); the paper's page shows the same record."""
    for key, li in entries.items():
        link = li.select_one("a.cv-bibtex")
        path = (site.outdir / "sections" / link["href"]).resolve()
        record = path.read_text(encoding="utf-8")
        assert "+an" not in record
        parsed = parse_string(record, "bibtex").entries[key]
        original = bib[key]
        assert parsed.type == original.type
        assert dict(parsed.fields) == {
            k: v for k, v in original.fields.items() if "+" not in k
        }
        assert parsed.persons["author"] == original.persons["author"]
        page = site.page(f"papers/{key}")
        shown = page.select_one(".cv-bibtex-record pre").get_text()
        assert shown.rstrip() == record.rstrip()


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


def test_math_in_title_renders_as_superscript(entries):
    title = entries["chen2023linfty"].select_one(".cv-body > p")
    assert title.find("sup").get_text() == "∞"
    assert "$" not in title.get_text() and "\\infty" not in title.get_text()
