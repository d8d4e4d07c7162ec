"""The PDF: the LaTeX text always, the compiled PDF where TeX is installed."""

from __future__ import annotations

import os
import re
import subprocess

import pytest
from pybtex.database import parse_file

from sphinx_cv.style import latex_to_plain

from conftest import ROOT, TEX_PACKAGES, build_site, need_tool, pdf_text

SECTIONS = [
    "Education",
    "Professional Experiences",
    "Research Interests",
    r"Publications \& Preprints",
    "Teaching Experiences",
    "Mentoring",
    "Talks",
    "Professional Services",
]


@pytest.fixture(scope="module")
def latex(tmp_path_factory):
    app = build_site(tmp_path_factory.mktemp("latex"), "latex")
    assert app.warning.getvalue() == ""
    return app.outdir


@pytest.fixture(scope="module")
def tex(latex) -> str:
    return (latex / "lei-wu-cv.tex").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def papers():
    """Titles of refs.bib as plain text, in the file's (the CV's) order."""
    entries = parse_file(ROOT / "refs.bib").entries.values()
    return [(e.key, e.type, latex_to_plain(e.fields["title"])) for e in entries]


def test_no_title_page_contents_or_index(tex):
    assert r"\maketitle" not in tex.split(r"\begin{document}")[1]
    assert r"\cvmaketitle" in tex
    for unwanted in (
        r"\sphinxtableofcontents",
        r"\tableofcontents",
        r"\printindex",
        r"\chapter",
    ):
        assert unwanted not in tex


def test_sections_in_site_order(tex):
    found = re.findall(r"\\section\{(.+?)\}", tex)
    assert found == SECTIONS


def test_publications_stay_in_their_sections(tex, papers):
    published = tex.index(r"\subsection{Published}")
    preprints = tex.index(r"\subsection{Preprints}")
    teaching = tex.index(r"\section{Teaching Experiences}")
    positions = []
    for key, kind, _title in papers:
        item = re.search(
            r"\\item\[\{\[(P?\d+)\]\}\]\\phantomsection\\label\{\\detokenize\{"
            rf"sections/publications:{key}\}}\}}",
            tex,
        )
        assert item, f"{key} is not in a publication list"
        start, end = (preprints, teaching) if kind == "misc" else (published, preprints)
        assert start < item.start() < end, f"{key} left its section"
        positions.append(item.start())
    assert positions == sorted(positions), "papers are out of the CV's order"
    assert r"\begin{thebibliography}" not in tex


def test_citations_link_to_entries(tex):
    targets = set(re.findall(r"\\hypertarget\{(cite\.[^}]+)\}", tex))
    links = re.findall(r"\\hyperlink\{(cite\.[^}]+)\}", tex)
    assert links
    assert set(links) <= targets


def test_math_in_title_is_typeset(tex):
    assert r"The L$^{\text{\(\infty\)}}$ Learnability" in tex
    assert r"\$L" not in tex


def test_owner_bold_and_marks(tex):
    assert r"Zihao Wang*, \sphinxstylestrong{Lei Wu*}." in tex


@pytest.fixture(scope="module")
def pdf(latex):
    need_tool("latexmk", TEX_PACKAGES)
    subprocess.run(
        ["make", "-C", str(latex), "all-pdf"], check=True, capture_output=True
    )
    return latex / "lei-wu-cv.pdf"


def squash(text: str) -> str:
    """Text without spaces, line breaks or hyphens, which line breaking moves."""
    return re.sub(r"[\s\-‐]", "", text)


def test_pdf_has_every_title_in_order_in_its_section(pdf, papers):
    text = squash(pdf_text(pdf))
    published = text.index("Published", text.index("Publications&Preprints"))
    preprints = text.index("Preprints", published)
    teaching = text.index("TeachingExperiences", preprints)
    positions = []
    for key, kind, title in papers:
        position = text.find(squash(title))
        assert text.count(squash(title)) == 1, f"{key}: title not in the PDF once"
        start, end = (preprints, teaching) if kind == "misc" else (published, preprints)
        assert start < position < end, f"{key} left its section"
        positions.append(position)
    assert positions == sorted(positions)


def test_pdf_metadata_and_length(pdf):
    need_tool("pdfinfo", "poppler-utils")
    info = subprocess.run(
        ["pdfinfo", str(pdf)], check=True, capture_output=True, text=True
    ).stdout
    fields = dict(re.findall(r"^(\w+):\s*(.*)$", info, re.M))
    assert fields["Title"] == "Lei Wu — Curriculum Vitae"
    assert fields["Author"] == "Lei Wu"
    assert int(fields["Pages"]) <= 6


def test_pdf_opens_with_the_contact_header(pdf):
    first_lines = [line for line in pdf_text(pdf).splitlines() if line.strip()][:6]
    assert first_lines[0] == "Lei Wu"
    assert "leiwu@math.pku.edu.cn" in " ".join(first_lines)


def test_pdf_fonts_are_embedded_and_links_clickable(pdf):
    need_tool("pdffonts", "poppler-utils")
    fonts = subprocess.run(
        ["pdffonts", str(pdf)], check=True, capture_output=True, text=True
    ).stdout.splitlines()[2:]
    assert fonts
    for font in fonts:
        assert font.split()[-5] == "yes", f"not embedded: {font}"
    links = subprocess.run(
        ["pdfinfo", "-url", str(pdf)], check=True, capture_output=True, text=True
    ).stdout
    assert "mailto:leiwu@math.pku.edu.cn" in links
    assert "https://arxiv.org/abs/2305.08404" in links
    assert "https://doi.org/10.4208/jml.220404" in links


def test_make_pdf_without_tex_names_the_packages(tmp_path):
    """Without latexmk on the PATH, make pdf stops at once and says what to install."""
    make = need_tool("make", "make")
    result = subprocess.run(
        [make, "-s", "pdf", f"BUILDDIR={tmp_path}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PATH": str(tmp_path)},
    )
    assert result.returncode != 0
    assert f"apt-get install {TEX_PACKAGES}" in result.stderr
    assert not (tmp_path / "latex").exists()
