"""A paper's material (code, slides, video, PDF …) and remarks (note, addendum),
from the fields al-folio's users write, in the list, on its page and in the PDF."""

from __future__ import annotations

import json

import pytest
from bs4 import BeautifulSoup

from sphinx_cv.bib.model import MATERIAL_LINKS

from conftest import build_site, pdf_text

ENGINE = "lovelace1843engine"
LETTERS = "lovelace1842letters"
#: What the test root's entries link, as the list shows it (text, address).
ENGINE_LINKS = [
    ("DOI", "https://doi.org/10.1000/example.1843"),
    ("PDF", "https://example.org/engine/paper.pdf"),
    ("Code", "https://example.org/engine/code"),
    ("Slides", "https://example.org/engine/slides.pdf"),
    ("Video", "https://video.example.org/watch?v=engine&t=1"),
]


@pytest.fixture(scope="module")
def material(rootdir, tmp_path_factory):
    app = build_site(
        tmp_path_factory.mktemp("material"), srcdir=rootdir / "test-material"
    )
    assert app.warning.getvalue() == ""
    return app.outdir


def page(outdir, name: str) -> BeautifulSoup:
    return BeautifulSoup((outdir / f"{name}.html").read_text("utf-8"), "html.parser")


def links_of(element) -> list[tuple[str, str]]:
    return [
        (a.get_text(), a["href"])
        for a in element.select("a.reference.external:not(.cv-title)")
    ]


def test_the_list_links_each_paper_s_material_after_its_own_addresses(material):
    entry = page(material, "index").select_one(f"li#{ENGINE} .cv-body > p")
    assert links_of(entry) == ENGINE_LINKS
    for link in entry.select("a.reference.external:not(.cv-title)"):
        assert link["aria-describedby"] == f"{ENGINE}-title"
    letters = page(material, "index").select_one(f"li#{LETTERS} .cv-body > p")
    assert links_of(letters) == [("Website", "https://example.org/letters")]


def test_note_and_addendum_are_sentences_after_the_year(material):
    text = " ".join(
        page(material, "index").select_one(f"li#{ENGINE} p").get_text().split()
    )
    assert "Scientific Memoirs, 1843. Translated from the French, with notes. " in text
    assert "Reprinted in 1961. DOI" in text  # its own full stop, not a second
    letters = page(material, "index").select_one(f"li#{LETTERS} p").get_text()
    assert letters.count("Manuscript") == 1  # @unpublished's venue is its note


def test_the_paper_s_page_links_its_material_and_json_ld_only_the_paper(material):
    paper = page(material, f"papers/{ENGINE}")
    shown = links_of(paper.select_one(f"section#{ENGINE} p"))
    assert shown == ENGINE_LINKS
    data = [
        json.loads(script.string)
        for script in paper.select('script[type="application/ld+json"]')
    ]
    article = next(d for d in data if d.get("@type") == "ScholarlyArticle")
    assert article["sameAs"] == ["https://doi.org/10.1000/example.1843"]


@pytest.mark.pdf
def test_the_pdf_prints_the_material_links(rootdir, tmp_path):
    app = build_site(tmp_path, "cvpdf", srcdir=rootdir / "test-material")
    assert app.warning.getvalue() == ""
    text = " ".join(pdf_text(app.outdir / "ada.pdf").split())
    assert "Translated from the French, with notes. Reprinted in 1961." in text
    for printed in ("doi:10.1000/example.1843", "example.org", "video.example.org"):
        assert printed in text


def test_every_material_field_has_its_link_text():
    assert set(MATERIAL_LINKS) == {
        "pdf",
        "html",
        "code",
        "data",
        "slides",
        "poster",
        "video",
        "supp",
        "website",
        "blog",
    }
