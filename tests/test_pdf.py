"""The PDF: Typst's (make pdf), read by text tools and PDF/UA checks, and the LaTeX
route (make pdf-latex), whose output must keep compiling."""

from __future__ import annotations

import os
import re
import shutil
import subprocess

import pdfplumber
import pikepdf
import pytest
from pybtex.database import parse_file

from sphinx_cv.bib.model import entry_links, latex_to_plain
from sphinx_cv.check import cited_keys
from sphinx_cv.pdf.builder import printed_link

from conftest import (
    ROOT,
    TEX_PACKAGES,
    build_site,
    need_tool,
    pdf_text,
    pdfua_report,
)

pytestmark = pytest.mark.pdf


def folded(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def cvpdf(tmp_path_factory):
    app = build_site(tmp_path_factory.mktemp("cvpdf"), "cvpdf")
    assert app.warning.getvalue() == ""
    app.pdf = app.outdir / "lei-wu-cv.pdf"
    return app


@pytest.fixture(scope="module")
def papers():
    """(key, type, title as plain text) of refs.bib, in the file's (the CV's) order."""
    entries = parse_file(ROOT / "refs.bib").entries.values()
    return [(e.key, e.type, latex_to_plain(e.fields["title"])) for e in entries]


@pytest.fixture(scope="module")
def section_titles(cvpdf):
    """The titles of the pages that the home page's toctree lists, in its order."""
    env = cvpdf.env
    return [env.titles[doc].astext() for doc in env.toctree_includes["index"]]


@pytest.fixture(scope="module")
def extracted(cvpdf):
    """The PDF's text by two independent readers, each with its default settings."""
    with pdfplumber.open(cvpdf.pdf) as pdf:
        plumber = "\n".join(page.extract_text() for page in pdf.pages)
    return {"pdfplumber": plumber, "pdftotext": pdf_text(cvpdf.pdf)}


READERS = ["pdfplumber", "pdftotext"]


@pytest.mark.parametrize("reader", READERS)
def test_every_title_reads_verbatim_in_order(extracted, papers, reader):
    text = folded(extracted[reader])
    published = text.index("Published")
    preprints = text.index("Preprints", published)
    positions = []
    for key, kind, title in papers:
        assert text.count(folded(title)) == 1, f"{key}: {title!r} not read once"
        position = text.index(folded(title))
        start, end = (
            (preprints, len(text)) if kind == "misc" else (published, preprints)
        )
        assert start < position < end, f"{key} left its list"
        positions.append(position)
    assert positions == sorted(positions), "papers are out of the CV's order"


@pytest.mark.parametrize("reader", READERS)
def test_owner_and_headings_read_as_printed(cvpdf, extracted, section_titles, reader):
    owner = cvpdf.config.cv_owner
    lines = [line.strip() for line in extracted[reader].splitlines() if line.strip()]
    assert lines[0] == owner
    assert lines.count(owner) == 1  # the header; in the lists the name runs on
    for title in section_titles:
        assert title in lines, f"heading {title!r} not on a line of its own"
    headings = [line for line in lines if line in section_titles]
    assert headings == section_titles


@pytest.fixture(scope="module")
def links():
    """Every link of refs.bib, as the site makes them."""
    entries = parse_file(ROOT / "refs.bib").entries.values()
    return [url for entry in entries for _text, url in entry_links(entry)]


@pytest.mark.parametrize("reader", READERS)
def test_links_print_where_they_lead(extracted, links, reader):
    text = folded(extracted[reader])
    for url in links:
        assert printed_link(url) in text, url
    assert any(printed_link(url).startswith("doi:10.") for url in links)
    assert any(printed_link(url).startswith("arXiv:") for url in links)
    assert not re.search(r"\b(DOI|Publisher)\b", text)


def structure(pdf: pikepdf.Pdf) -> list[tuple[str, pikepdf.Dictionary]]:
    """Every element of the structure tree, in reading order, with its type."""
    found = []

    def walk(node):
        if isinstance(node, pikepdf.Array):
            for kid in node:
                walk(kid)
        elif isinstance(node, pikepdf.Dictionary):
            if "/S" in node:
                found.append((str(node.S)[1:], node))
            if "/K" in node:
                walk(node.K)

    walk(pdf.Root.StructTreeRoot)
    return found


def test_pdf_is_tagged_with_headings_lists_and_links(cvpdf, section_titles, papers):
    with pikepdf.open(cvpdf.pdf) as pdf:
        assert pdf.Root.MarkInfo.Marked is True
        assert str(pdf.Root.Lang) == "en"
        assert pdf.Root.ViewerPreferences.DisplayDocTitle is True
        kinds = [kind for kind, _ in structure(pdf)]
        annotations = [a for page in pdf.pages for a in page.get("/Annots", [])]
        with pdf.open_metadata() as xmp:
            assert xmp["dc:title"] == cvpdf.config.latex_documents[0][2]
            assert xmp["dc:creator"] == [cvpdf.config.latex_documents[0][3]]
            assert xmp["pdfuaid:part"] == "1"
    assert kinds.count("H1") == 1
    assert kinds.count("H2") == len(section_titles)
    assert kinds.index("H1") < kinds.index("H2")
    assert "H4" not in kinds
    assert kinds.count("L") >= 2
    assert kinds.count("LI") >= len(papers)
    links = [a for a in annotations if a.Subtype == "/Link"]
    assert kinds.count("Link") == len(links) > len(papers)
    for link in links:
        assert str(link.get("/Contents", "")).strip(), "a link without a description"


def test_pdfua_check_finds_nothing(cvpdf):
    report = pdfua_report(cvpdf.pdf)
    assert report["findings"] == []
    assert report["summary"]["errors"] == report["summary"]["warnings"] == 0


def test_pdf_metadata_pages_fonts_and_links(cvpdf, links):
    need_tool("pdfinfo", "poppler-utils")
    info = subprocess.run(
        ["pdfinfo", "-url", str(cvpdf.pdf)], capture_output=True, text=True, check=True
    ).stdout
    assert f"mailto:{cvpdf.config.cv_person['email']}" in info
    for url in links:
        assert url in info
    fields = dict(
        re.findall(
            r"^(\w+):\s*(.*)$",
            subprocess.run(
                ["pdfinfo", str(cvpdf.pdf)], capture_output=True, text=True, check=True
            ).stdout,
            re.M,
        )
    )
    _, _, title, author = cvpdf.config.latex_documents[0][:4]
    assert (fields["Title"], fields["Author"]) == (title, author)
    assert fields["Tagged"] == "yes"
    assert int(fields["Pages"]) <= 4
    fonts = subprocess.run(
        ["pdffonts", str(cvpdf.pdf)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    assert fonts
    for font in fonts:
        assert font.split()[-5] == "yes", f"not embedded: {font}"


def test_each_title_links_to_its_page_on_the_site(cvpdf):
    """The PDF has no paper pages: a title leads to the paper's page on the site."""
    need_tool("pdfinfo", "poppler-utils")
    info = subprocess.run(
        ["pdfinfo", "-url", str(cvpdf.pdf)], capture_output=True, text=True, check=True
    ).stdout
    base = cvpdf.config.html_baseurl
    for key in parse_file(ROOT / "refs.bib").entries:
        assert f"{base}papers/{key}.html" in info, key


def cited_pages_roles() -> list[str]:
    """The cite roles of the section pages."""
    return [
        role
        for page in sorted((ROOT / "sections").glob("*.md"))
        for role in re.findall(r"\{cite:p\}`[^`]*`", page.read_text(encoding="utf-8"))
    ]


def test_citations_link_inside_the_pdf(cvpdf):
    """Each cited number leads to its entry in the list, inside the PDF."""
    cited = [
        key
        for page in sorted((ROOT / "sections").glob("*.md"))
        for _line, key in cited_keys(page.read_text(encoding="utf-8"))
    ]
    with pikepdf.open(cvpdf.pdf) as pdf:
        internal = [
            a
            for page in pdf.pages
            for a in page.get("/Annots", [])
            if "/Dest" in a or ("/A" in a and a.A.S == "/GoTo")
        ]
    assert cited
    # A range links its two ends: [1–8] is two links, [9] one.
    assert len(cited) > len(internal) >= 2 * len(cited_pages_roles())


def test_make_pdf_needs_no_tex(tmp_path):
    """make pdf works where TeX is missing: a latexmk that fails is never run."""
    make = need_tool("make", "make")
    shims = tmp_path / "shims"
    shims.mkdir()
    for tool in ("latexmk", "pdflatex"):
        (shims / tool).write_text("#!/bin/sh\necho TeX was run >&2; exit 1\n")
        (shims / tool).chmod(0o755)
    result = subprocess.run(
        [make, "-s", "pdf", f"BUILDDIR={tmp_path}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PATH": f"{shims}:{os.environ['PATH']}"},
    )
    assert result.returncode == 0, result.stderr
    assert "TeX was run" not in result.stderr
    assert (tmp_path / "pdf" / "lei-wu-cv.pdf").stat().st_size > 10_000


# -- The LaTeX route -----------------------------------------------------------


@pytest.fixture(scope="module")
def latex(tmp_path_factory):
    app = build_site(tmp_path_factory.mktemp("latex"), "latex")
    assert app.warning.getvalue() == ""
    return app.outdir


@pytest.fixture(scope="module")
def tex(latex) -> str:
    return (latex / "lei-wu-cv.tex").read_text(encoding="utf-8")


def test_latex_has_no_title_page_contents_or_index(tex):
    assert r"\maketitle" not in tex.split(r"\begin{document}")[1]
    assert r"\cvmaketitle" in tex
    for unwanted in (
        r"\sphinxtableofcontents",
        r"\tableofcontents",
        r"\printindex",
        r"\chapter",
    ):
        assert unwanted not in tex


def test_latex_sections_in_site_order(tex, section_titles):
    found = re.findall(r"\\section\{(.+?)\}", tex)
    assert found == [title.replace("&", r"\&") for title in section_titles]


def test_latex_publications_stay_in_their_lists(tex, papers):
    published = tex.index(r"\subsection{Published}")
    preprints = tex.index(r"\subsection{Preprints}")
    positions = []
    for key, kind, _title in papers:
        item = re.search(
            r"\\item\[\{\[(P?\d+)\]\}\]\\phantomsection\\label\{\\detokenize\{"
            rf"sections/publications:{key}\}}\}}",
            tex,
        )
        assert item, f"{key} is not in a publication list"
        start = preprints if kind == "misc" else published
        assert start < item.start(), f"{key} left its list"
        assert kind == "misc" or item.start() < preprints, f"{key} left its list"
        positions.append(item.start())
    assert positions == sorted(positions), "papers are out of the CV's order"
    assert r"\begin{thebibliography}" not in tex


def test_latex_citations_link_to_entries(tex):
    targets = set(re.findall(r"\\hypertarget\{(cite\.[^}]+)\}", tex))
    links = re.findall(r"\\hyperlink\{(cite\.[^}]+)\}", tex)
    assert links
    assert set(links) <= targets


def test_latex_math_in_title_is_typeset(tex):
    assert r"The L$^{\text{\(\infty\)}}$ Learnability" in tex
    assert r"\$L" not in tex


def test_latex_owner_bold(tex, cvpdf):
    assert rf"\sphinxstylestrong{{{cvpdf.config.cv_owner}" in tex


def test_latex_compiles_to_the_same_titles(latex, papers):
    need_tool("latexmk", TEX_PACKAGES)
    subprocess.run(
        ["make", "-C", str(latex), "all-pdf"], check=True, capture_output=True
    )
    text = re.sub(r"[\s\-‐]", "", pdf_text(latex / "lei-wu-cv.pdf"))
    for key, _kind, title in papers:
        assert re.sub(r"[\s\-‐]", "", title) in text, f"{key} missing"


def test_make_pdf_latex_without_tex_names_the_packages(tmp_path):
    """Without latexmk, make pdf-latex stops at once and says what to install."""
    make = need_tool("make", "make")
    tools = tmp_path / "bin"  # grep (the Makefile reads the package list) and no TeX
    tools.mkdir()
    (tools / "grep").symlink_to(shutil.which("grep"))
    result = subprocess.run(
        [make, "-s", "pdf-latex", f"BUILDDIR={tmp_path}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PATH": str(tools)},
    )
    assert result.returncode != 0
    assert f"apt-get install {TEX_PACKAGES}" in result.stderr
    assert not (tmp_path / "latex").exists()


def test_page_math_in_the_pdf(rootdir, tmp_path):
    """Math on a page is set as in titles; math beyond that stops with the way out."""
    source = tmp_path / "src"
    shutil.copytree(rootdir / "test-math", source)
    app = build_site(tmp_path / "beyond", "cvpdf", srcdir=source)
    assert (
        "index.md:5: ERROR: unsupported math command \\frac" in app.warning.getvalue()
    )
    assert "make pdf-latex typesets any math" in app.warning.getvalue()
    (source / "index.md").write_text(
        "# Math\n\nEuler: $e^{i\\pi} + 1 = 0$ and {math}`\\alpha \\le \\beta_1`.\n\n"
        "```{bibliography}\n:all:\n```\n",
        encoding="utf-8",
    )
    app = build_site(tmp_path / "within", "cvpdf", srcdir=source)
    assert app.warning.getvalue() == ""
    with pdfplumber.open(next(app.outdir.glob("*.pdf"))) as pdf:
        text = folded(pdf.pages[0].extract_text())
    assert "Euler: eiπ + 1 = 0 and α ≤ β1." in text
