"""Every script on the site and in the PDF: a CV in Chinese, Japanese, Korean,
Vietnamese, Greek, Cyrillic, Arabic, Hebrew and Devanagari (test-scripts), its
owner's name in two scripts, and the located message where a font is missing."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import unicodedata

import pdfplumber
import pytest
from bs4 import BeautifulSoup

from conftest import (
    ROOT,
    need_script_fonts,
    need_tool,
    pdf_text,
    pdfua_report,
    sphinx_cv_build,
)

pytestmark = pytest.mark.pdf

#: A line of test-scripts/index.md in each script, as the page writes it.
SAMPLES = {
    "Traditional Chinese": "繁體中文：數學與統計學系",
    "Japanese": "日本語：東京大学大学院数理科学研究科",
    "Korean": "한국어: 서울대학교 수리과학부",
    "Vietnamese": "Tiếng Việt: Trường Đại học Khoa học Tự nhiên",
    "Greek": "Ελληνικά: Πανεπιστήμιο Αθηνών",
    "Cyrillic": "Русский: Московский государственный университет",
    "Arabic": "العربية: جامعة القاهرة",
    "Hebrew": "עברית: האוניברסיטה העברית בירושלים",
    "Devanagari": "हिन्दी: भारतीय विज्ञान संस्थान",
}
#: The page's Chinese paragraph, whose source breaks the line inside a sentence.
JOINED = "林梅的研究方向是偏微分方程与数值分析。"
#: Each entry as the list shows it (in GB/T 7714's style), in the bib file's order.
ENTRIES = {
    "lin2020pde": (
        "林梅, 王小明. 偏微分方程的数值方法[J]. 数学学报, 2020, 63(2): 101-118."
    ),
    "lin2021kyoto": "LIN M, 山田太郎. 楕円型方程式の数値解析[J]. 日本数学会誌, 2021.",
    "lin2022hanoi": (
        "LIN M, NGUYỄN T M, محمد علي. Finite Elements on Curved Domains[C]//"
        "Proceedings of the Hanoi Conference on Numerical Analysis. 2022."
    ),
    "lin2023flows": (
        "LIN M, SERRE J P, E W, et al. Gradient Flows on Curved Spaces[J]. "
        "Journal of Computational Mathematics, 2023, 41: 1-20."
    ),
}
#: Where make html puts the PDF.
PDF = "pdf/mei-lin.pdf"
BIDI_CONTROLS = dict.fromkeys(map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e"))


def words(text: str) -> list[str]:
    """The words of *text*, without the direction marks that text tools add
    around right-to-left runs (in the order they put them)."""
    text = unicodedata.normalize("NFKC", text)  # as pdf_text gives it
    return text.translate(BIDI_CONTROLS).replace(":", " ").split()


@pytest.fixture(scope="module")
def scripts(rootdir, tmp_path_factory):
    """test-scripts built as the owner builds it: make html (the PDF, then the site)."""
    need_script_fonts()
    out = tmp_path_factory.mktemp("scripts")
    result = sphinx_cv_build("html", rootdir / "test-scripts", out)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    return out


@pytest.fixture(scope="module")
def home(scripts):
    """The home page, parsed."""
    text = (scripts / "html/index.html").read_text("utf-8")
    return BeautifulSoup(text, "html.parser")


def test_every_script_shows_on_the_site(home):
    items = [" ".join(li.get_text().split()) for li in home.select("section li")]
    for script, sample in SAMPLES.items():
        assert sample in items, script
    assert home.select_one("h1").get_text().rstrip("¶") == "Mei Lin 林梅"


def test_chinese_lines_join_without_a_space(home, scripts):
    assert home.select_one("#section-1 p, section section p").get_text() == JOINED
    assert JOINED in pdf_text(scripts / PDF).split("\n")


def test_entries_in_any_script_bold_the_owner_in_either_name(home):
    for key, shown in ENTRIES.items():
        entry = home.select_one(f"li#{key} .cv-body > p")
        assert " ".join(entry.get_text().split()).startswith(shown), key
        bold = [strong.get_text() for strong in entry.select("strong")]
        assert bold == (["林梅"] if key == "lin2020pde" else ["LIN M"]), key


def test_the_other_name_is_the_persons_alternate_name(home, scripts):
    person = next(
        data
        for script in home.select('script[type="application/ld+json"]')
        if (data := json.loads(script.string))["@type"] == "Person"
    )
    assert (person["name"], person["alternateName"]) == ("Mei Lin", ["林梅"])
    paper = BeautifulSoup(
        (scripts / "html/papers/lin2020pde.html").read_text("utf-8"), "html.parser"
    )
    article = json.loads(paper.select_one('script[type="application/ld+json"]').string)
    assert article["name"] == "偏微分方程的数值方法"
    assert article["author"][0] == {
        "@type": "Person",
        "@id": person["@id"],
        "name": "林梅",
    }


@pytest.fixture(scope="module")
def pdf_lines(scripts):
    """The PDF's lines by pdftotext, and its words by pdfplumber."""
    pdf = scripts / PDF
    with pdfplumber.open(pdf) as document:
        plumber = "\n".join(p.extract_text() for p in document.pages)
    return pdf_text(pdf).splitlines(), plumber


@pytest.mark.parametrize("script", SAMPLES)
def test_every_script_reads_back_from_the_pdf(pdf_lines, script):
    lines, plumber = pdf_lines
    expected = sorted(words(SAMPLES[script]))
    assert any(sorted(words(line.lstrip("• "))) == expected for line in lines), script
    for word in words(SAMPLES[script]):
        # pdfplumber (pdfminer) reverses right-to-left runs and reorders the
        # vowel signs of Devanagari; pdftotext, above, reads them as written.
        if not re.search(r"[\u0590-\u06ff\u0900-\u097f]", word):
            assert word in plumber, (script, word)


def test_entries_read_back_from_the_pdf_in_order(pdf_lines):
    text = " ".join(" ".join(pdf_lines[0]).translate(BIDI_CONTROLS).split())
    positions = []
    for label, shown in enumerate(ENTRIES.values(), 1):
        positions.append(text.index(f"[{label}] {shown.split('.')[0]}"))
        assert shown.split(". ")[1] in text
    assert positions == sorted(positions)


def test_the_pdf_embeds_the_fonts_of_each_script(scripts):
    need_tool("pdffonts", "poppler-utils")
    listing = subprocess.run(
        ["pdffonts", str(scripts / PDF)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()[2:]
    fonts = {line.split()[0].partition("+")[2]: line.split()[-5] for line in listing}
    assert set(fonts.values()) == {"yes"}, listing  # the "emb" column
    faces = {name.partition("-")[0] for name in fonts}
    assert {"LibertinusSerif", "NotoSerifCJKsc", "NotoNaskhArabic"} <= faces
    assert "NotoSerifDevanagari" in faces


def test_the_pdf_is_pdfua_clean(scripts):
    report = pdfua_report(scripts / PDF)
    assert report["findings"] == [], report


def test_the_chinese_page_as_chromium_and_the_pdf_show_it(scripts, tmp_path):
    """Screenshots a person can compare: the site in Chromium, the PDF's page."""
    chromium = need_tool("chromium", "chromium")
    need_tool("pdftoppm", "poppler-utils")
    from conftest import CHROMIUM_ARGS

    shots = ROOT / "_build" / "screenshots" / "scripts"  # kept, as the themes' are
    shots.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            *(chromium, "--headless", *CHROMIUM_ARGS, "--window-size=900,1400"),
            *(
                f"--screenshot={shots / 'site.png'}",
                (scripts / "html/index.html").as_uri(),
            ),
        ],
        capture_output=True,
        check=True,
    )
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "80",
            "-f",
            "1",
            "-l",
            "1",
            scripts / PDF,
            shots / "pdf",
        ],
        check=True,
    )
    for shot in ("site.png", "pdf-1.png"):
        assert (shots / shot).stat().st_size > 20_000, shot  # drawn, not blank
    print(f"screenshots: {shots}")


def without_fonts(rootdir, tmp_path, page: str | None = None, bib: str | None = None):
    """A copy of test-scripts whose PDF may use Typst's own fonts only."""
    project = tmp_path / "project"
    shutil.copytree(rootdir / "test-scripts", project)
    with (project / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write("cv_pdf_font_paths = []\n")
    if page is not None:
        (project / "index.md").write_text(page, encoding="utf-8")
    if bib is not None:
        (project / "test.bib").write_text(bib, encoding="utf-8")
    return project


def build_pdf(project, out):
    return sphinx_cv_build("pdf", project, out)


def test_a_character_without_a_font_stops_with_its_page_line_and_package(
    rootdir, tmp_path
):
    latin = "@misc{mei2024,\n  author = {Mei Lin},\n  title = {Notes},\n"
    latin += "  howpublished = {Manuscript},\n  year = {2024},\n}\n"
    page = "# Mei Lin\n\nA line in Latin letters.\n\nHer name: 林梅.\n"
    project = without_fonts(rootdir, tmp_path, page=page, bib=latin)
    result = build_pdf(project, tmp_path / "out")
    assert result.returncode == 1
    expected = (
        f"{project / 'index.md'}:5: ERROR: no font of the PDF has 林 (U+6797), "
        "梅 (U+6885): install fonts-noto-cjk"
    )
    assert expected in result.stderr, result.stderr
    assert "build.apt_packages in .readthedocs.yaml" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out/pdf/mei-lin.pdf").exists()


def test_a_character_without_a_font_stops_with_its_entry(rootdir, tmp_path):
    project = without_fonts(rootdir, tmp_path)
    result = build_pdf(project, tmp_path / "out")
    assert result.returncode == 1
    bib = project / "test.bib"
    kyoto = bib.read_text("utf-8").splitlines().index("@article{lin2021kyoto,") + 1
    expected = [
        f"{bib}:1: ERROR: [lin2020pde] author: no font of the PDF has 林 (U+6797), "
        "梅 (U+6885), 王 (U+738B)",
        f"{bib}:1: ERROR: [lin2020pde] title: no font of the PDF has 偏 (U+504F)",
        f"{bib}:{kyoto}: ERROR: [lin2021kyoto] title: no font of the PDF has 楕",
    ]
    for message in expected:
        assert message in result.stderr, result.stderr
    assert "lin2022hanoi" not in result.stderr  # Typst's own fonts show Nguyễn
    check = subprocess.run(
        [sys.executable, "-m", "sphinx_cv.check"],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )
    assert check.returncode == 1
    for message in expected:  # make check names the files as conf.py does
        message = message.replace(" ERROR:", "").replace(f"{project}/", "")
        assert message in check.stderr, check.stderr
    assert "index.md:1: no font of the PDF has 林 (U+6797)" in check.stderr


@pytest.mark.parametrize("name", ["林梅", "Nguyễn Thị Minh", "Мария Иванова"])
def test_sphinx_cv_new_takes_a_name_in_any_script(name):
    from sphinx_cv.cli import name_problem

    assert name_problem(name) is None
