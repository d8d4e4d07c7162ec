"""Images in a page (a photo, a decorative rule, a figure with its caption) on
the site and in the PDF, read aloud by their alt text (test-images)."""

from __future__ import annotations

import shutil

import pikepdf
import pytest
from bs4 import BeautifulSoup

from conftest import pdf_text, pdfua_report, sphinx_cv_build

pytestmark = pytest.mark.pdf

ALT_TEXTS = ["Portrait of Ada Lovelace", "The Analytical Engine's notes, as a picture"]


def make_html(project, out):
    """``make html``'s command: the PDF, then the site."""
    return sphinx_cv_build("html", project, out)


@pytest.fixture(scope="module")
def built(rootdir, tmp_path_factory):
    project = tmp_path_factory.mktemp("images") / "project"
    shutil.copytree(rootdir / "test-images", project)
    result = make_html(project, project / "_build")
    assert (result.returncode, result.stderr) == (0, ""), result.stderr
    return project


def figures(pdf_path):
    """The alt text of each Figure in the PDF's structure tree, in order."""
    found = []
    with pikepdf.open(pdf_path) as pdf:

        def walk(element):
            if not isinstance(element, pikepdf.Dictionary):
                return
            if element.get("/S") == "/Figure":
                found.append(str(element.get("/Alt")))
            kids = element.get("/K")
            for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
                walk(kid)

        walk(pdf.Root.StructTreeRoot)
    return found


def test_images_with_alt_text_are_figures_of_the_pdf(built):
    pdf = built / "_build/pdf/ada.pdf"
    assert figures(pdf) == ALT_TEXTS  # the rule, without one, is decoration
    with pikepdf.open(pdf) as document:
        images = [
            image
            for page in document.pages
            for image in page.images.values()
            if image.Subtype == "/Image"
        ]
    # The portrait, shown twice, is embedded once.
    assert [(i.Width, i.Height) for i in images] == [(120, 150)]


def test_the_caption_reads_after_its_image(built):
    text = " ".join(pdf_text(built / "_build/pdf/ada.pdf").split())
    assert text.startswith("Ada Lovelace Notes on the Analytical Engine, 1843.")
    assert text.index("1843. Publications") > 0


def test_the_pdf_with_images_is_pdfua_clean(built):
    report = pdfua_report(built / "_build/pdf/ada.pdf")
    assert report["findings"] == [], report


def test_the_site_shows_the_same_images(built):
    page = BeautifulSoup(
        (built / "_build/html/index.html").read_text("utf-8"), "html.parser"
    )
    images = page.select("article img, div.body img, section img")
    assert [img.get("alt") for img in images] == [ALT_TEXTS[0], "", ALT_TEXTS[1]]
    for img in images:
        assert (built / "_build/html" / img["src"]).is_file(), img["src"]


def test_a_changed_image_makes_the_pdf_again_as_a_clean_build_does(built, tmp_path):
    project = tmp_path / "project"
    shutil.copytree(built, project)
    before = (project / "_build/pdf/ada.pdf").read_bytes()
    rule = project / "rule.svg"
    rule.write_text(rule.read_text("utf-8").replace("#1a5fb4", "#a51d2d"), "utf-8")
    result = make_html(project, project / "_build")
    assert (result.returncode, result.stderr) == (0, "")
    after = (project / "_build/pdf/ada.pdf").read_bytes()
    assert after != before
    clean = make_html(project, tmp_path / "clean")
    assert clean.returncode == 0, clean.stderr
    assert (tmp_path / "clean/pdf/ada.pdf").read_bytes() == after


def test_an_image_the_pdf_cannot_show_stops_with_its_line(rootdir, tmp_path):
    project = tmp_path / "project"
    shutil.copytree(rootdir / "test-images", project)
    (project / "scan.bmp").write_bytes(b"BM" + bytes(60))
    with (project / "index.md").open("a", encoding="utf-8") as page:
        page.write("\n![A scan](scan.bmp)\n")
    result = make_html(project, project / "_build")
    assert result.returncode == 1
    line = len((project / "index.md").read_text("utf-8").splitlines())
    assert (
        f"{project / 'index.md'}:{line}: ERROR: the PDF cannot show the image "
        "scan.bmp (image/bmp): convert it to PNG, JPEG, GIF or SVG"
    ) in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
