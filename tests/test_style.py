"""The pybtex style on its own, rendered with the pybtex-docutils backend."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from docutils import nodes
from pybtex.database import Entry, Person
from pybtex.plugin import find_plugin

from sphinx_cv.bib.model import is_same_person
from sphinx_cv.bib.style import CVStyle
from sphinx_cv.bib.tex import math_to_text
from sphinx_cv.entries import format_date

PACKAGE = Path(__file__).resolve().parent.parent / "sphinx_cv"


@pytest.fixture
def render(monkeypatch):
    """Render an entry with the style configured for owner Lei Wu."""
    monkeypatch.setattr(CVStyle, "owner", "Lei Wu")
    monkeypatch.setattr(CVStyle, "annotation_marks", {"equal": "*"})
    backend = find_plugin("pybtex.backends", "docutils")()
    style = find_plugin("pybtex.style.formatting", "cv")()

    def render(entry_type="article", authors=("Lei Wu",), **fields):
        entry = Entry(
            entry_type,
            fields={
                "title": "A Title",
                "journal": "J",
                "booktitle": "B",
                "howpublished": "arXiv preprint",
                "year": "2020",
                **fields,
            },
        )
        entry.persons["author"] = [Person(a) for a in authors]
        entry.key = "key"
        paragraph = nodes.paragraph(
            "", "", *style.format_entry("1", entry).text.render(backend)
        )
        return paragraph

    return render


def strong(paragraph):
    return [n.astext() for n in paragraph.findall(nodes.strong)]


@pytest.mark.parametrize("name", ["Lei Wu", "Wu, Lei", "Wu, L.", "L. Wu", "Lei Wu*"])
def test_owner_is_bold_in_every_name_variant(render, name):
    paragraph = render(authors=("Chao Ma", name))
    assert len(strong(paragraph)) == 1
    assert strong(paragraph)[0].rstrip("*") in {"Lei Wu", "L. Wu"}


@pytest.mark.parametrize("name", ["Jingfeng Wu", "Wu, J.", "Lei Wang", "Lexing Ying"])
def test_other_people_are_not_bold(render, name):
    assert strong(render(authors=(name,))) == []


def test_owner_match_uses_name_parts():
    owner = Person("Lei Wu")
    assert is_same_person(Person("Wu, L."), owner)
    assert not is_same_person(Person("Wu, Lei Jun"), owner)


def test_equal_marks_follow_exactly_the_annotated_authors(render):
    paragraph = render(
        authors=("Weinan E", "Chao Ma", "Lei Wu", "Bing Yu"),
        **{"author+an": "1=equal;3=equal"},
    )
    assert paragraph.astext().startswith("Weinan E*, Chao Ma, Lei Wu*, Bing Yu. ")
    assert strong(paragraph) == ["Lei Wu*"]


def test_title_case_is_kept_and_braces_respected(render):
    paragraph = render(title="The {SGD} Noise and {Barron}-type Spaces of deep nets")
    assert "The SGD Noise and Barron-type Spaces of deep nets." in paragraph.astext()


def test_math_in_title_is_a_superscript(render):
    paragraph = render(title=r"The {$L^\infty$} Learnability")
    sup = next(paragraph.findall(nodes.superscript))
    assert sup.astext() == "∞"
    assert "The L∞ Learnability." in paragraph.astext()
    assert "$" not in paragraph.astext() and "\\" not in paragraph.astext()


def test_math_subscripts_and_unknown_commands():
    assert math_to_text(r"x_{i}^2").render_as("html") == "x<sub>i</sub><sup>2</sup>"
    with pytest.raises(ValueError, match=r"unsupported math command \\foo"):
        math_to_text(r"\foo")


@pytest.mark.parametrize(
    ("entry_type", "venue"),
    [
        ("article", "J"),
        ("inproceedings", "B"),
        ("misc", "arXiv preprint"),
    ],
)
def test_venue_is_in_italics(render, entry_type, venue):
    paragraph = render(entry_type)
    assert [n.astext() for n in paragraph.findall(nodes.emphasis)] == [venue]
    assert ("In " + venue in paragraph.astext()) == (entry_type == "inproceedings")


@pytest.mark.parametrize(
    ("field", "value", "text", "url"),
    [
        (
            "eprint",
            "2305.08404",
            "arXiv:2305.08404",
            "https://arxiv.org/abs/2305.08404",
        ),
        ("doi", "10.4208/jml.220404", "DOI", "https://doi.org/10.4208/jml.220404"),
        (
            "url",
            "https://jmlr.org/papers/v23/21-092.html",
            "Publisher",
            "https://jmlr.org/papers/v23/21-092.html",
        ),
    ],
)
def test_each_kind_of_link(render, field, value, text, url):
    title, *links = render(**{field: value}).findall(nodes.reference)
    assert title["refuri"] == "cv-paper:key"  # to the paper's page, once known
    assert [(a.astext(), a["refuri"]) for a in links] == [(text, url)]


def test_no_link_without_a_known_identifier(render):
    links = list(render().findall(nodes.reference))
    assert [a["refuri"] for a in links] == ["cv-paper:key"]


def test_package_knows_nothing_of_this_cv():
    words = ["Lei", "Wu", "Peking", "PKU", "leiwu", "Weinan"]
    for path in PACKAGE.rglob("*"):
        if path.is_file() and path.suffix in {".py", ".css", ".js", ".sty"}:
            source = path.read_text(encoding="utf-8")
            for word in words:
                assert f" {word}" not in source and f"{word} " not in source, (
                    f"{path.name} mentions {word}"
                )


@pytest.mark.sphinx("html", testroot="other-owner")
def test_other_owner_site(app):
    app.build()
    assert app.warning.getvalue() == ""
    html = (app.outdir / "index.html").read_text(encoding="utf-8")
    assert "<strong>Ada Lovelace†</strong>, Luigi Menabrea†." in html
    assert "<strong>A. Lovelace</strong>, Charles Babbage." in html
    assert 'href="https://doi.org/10.1000/example_1%2"' in html
    assert "Wu" not in html


def test_a_citing_page_is_rebuilt_when_the_bib_file_changes(rootdir, tmp_path):
    """Labels and tooltips of a page that only cites come from the bib file too."""
    from conftest import build_site

    source = tmp_path / "src"
    shutil.copytree(rootdir / "test-other-owner", source)
    (source / "cites.md").write_text(
        "# Cites\n\nSee {cite:p}`lovelace1843notes`.\n", encoding="utf-8"
    )
    index = (source / "index.md").read_text(encoding="utf-8")
    (source / "index.md").write_text(
        index + "\n```{toctree}\ncites\n```\n", encoding="utf-8"
    )
    build_site(tmp_path / "out", srcdir=source)
    bib = source / "test.bib"
    bib.write_text(
        bib.read_text(encoding="utf-8").replace("{Analytical Engine}", "{Difference}"),
        encoding="utf-8",
    )
    app = build_site(tmp_path / "out", srcdir=source)
    assert app.warning.getvalue() == ""
    page = (app.outdir / "cites.html").read_text(encoding="utf-8")
    assert "Sketch of the Difference" in page
    assert "Analytical Engine" not in page


def test_months_follow_the_language():
    """Month names come from Babel, through Sphinx's date formatting."""
    assert format_date("2012.9 - 2018.7") == "Sep 2012 – Jul 2018"
    assert format_date("2012.9 - 2018.7", "de") == "Sept. 2012 – Juli 2018"
    assert format_date("2021.12 -", "fr") == "déc. 2021 – present"


def links(paragraph) -> list[tuple[str, str]]:
    return [
        (ref.astext(), ref["refuri"])
        for ref in paragraph.findall(nodes.reference)
        if not ref["refuri"].startswith("cv-paper:")
    ]


@pytest.mark.parametrize(
    ("written", "shown"),
    [
        ("10.1007/978-3-319\\_1", "10.1007/978-3-319_1"),  # DBLP's export
        ("{10.1007/978-3-319_1}", "10.1007/978-3-319_1"),
        ("https://doi.org/10.1007/978-3-319_1", "10.1007/978-3-319_1"),
        ("http://dx.doi.org/10.1007/978-3-319_1", "10.1007/978-3-319_1"),
        ("doi:10.1007/978-3-319_1", "10.1007/978-3-319_1"),
        ("DOI: 10.1007/978-3-319_1", "10.1007/978-3-319_1"),
    ],
)
def test_a_doi_links_as_written_in_any_of_its_forms(render, written, shown):
    assert links(render(doi=written)) == [("DOI", f"https://doi.org/{shown}")]


def test_tex_in_a_url_and_an_eprint_is_decoded(render):
    paragraph = render(
        url="https://example.org/a\\_b?x=1\\&y=50\\%", eprint="2305.08404"
    )
    assert links(paragraph) == [
        ("arXiv:2305.08404", "https://arxiv.org/abs/2305.08404"),
        ("Publisher", "https://example.org/a_b?x=1&y=50%"),
    ]


@pytest.mark.parametrize(
    "url", ["https://doi.org/10.1000/ABC", "http://dx.doi.org/10.1000/abc"]
)
def test_a_url_to_the_doi_s_own_address_is_one_link(render, url):
    assert links(render(doi="10.1000/abc", url=url)) == [
        ("DOI", "https://doi.org/10.1000/abc")
    ]


@pytest.mark.parametrize(
    ("fields", "reads"),
    [
        ({"title": "Is It Complete?"}, "Is It Complete? J, 2020."),
        ({"title": "Injection."}, "Injection. J, 2020."),
        ({"journal": "Example Corporation,"}, "A Title. Example Corporation, 2020."),
        ({"year": "2020."}, "A Title. J, 2020."),
    ],
)
def test_no_punctuation_mark_is_doubled(render, fields, reads):
    text = render(**fields).astext()
    assert text.endswith(reads), text
    for doubled in ("..", "?.", ",,", ", ,"):
        assert doubled not in text, text


@pytest.mark.parametrize(
    ("owner", "same", "other"),
    [
        (
            "Alessandro De Luca",
            ["De Luca, Alessandro", "A. De Luca", "De Luca, A."],
            ["Aldo de Luca", "de Luca, Aldo", "Luca, Alessandro"],
        ),
        (
            "Hans-Peter Marshall",
            ["H.P. Marshall", "H.-P. Marshall", "Marshall, Hans-Peter", "H. Marshall"],
            ["Peter Marshall", "H. Marsh"],
        ),
        (
            "Thomas Müller",
            ["Mueller, Thomas", "T. Muller", "Müller, T."],
            ["T. Miller"],
        ),
        ("Thomas Mueller", ["Müller, Thomas"], ["Thomas Mahler"]),
        (
            "Adam Gabriel Smith",
            ["Adam G. Smith", "A. G. Smith", "Adam Smith", "Smith, A. G."],
            ["Gabriel Smith", "Adam Gerald Smith"],
        ),
        ("Maria Cantu Gutierrez", ["Cantu Gutierrez, Maria", "M. Cantu Gutierrez"], []),
        ("Lei Wu", ["Wu, Lei", "L. Wu", "Lei Wu*"], ["Wu Lei", "Wei Wu", "Wu"]),
    ],
)
def test_the_owner_is_found_in_every_spelling_and_no_one_else(owner, same, other):
    for name in same:
        assert is_same_person(Person(name), Person(owner)), name
    for name in other:
        assert not is_same_person(Person(name), Person(owner)), name


def test_the_owner_may_have_several_names(render, monkeypatch):
    monkeypatch.setattr(CVStyle, "owner", ["Lei Wu", "吴磊"])
    assert strong(render(authors=("Chao Ma", "吴磊"))) == ["吴磊"]
    assert strong(render(authors=("Wu, L.", "Chao Ma"))) == ["L. Wu"]
    assert strong(render(authors=("吴雷", "Chao Ma"))) == []


def test_json_ld_names_the_owner_and_the_other_names():
    from types import SimpleNamespace

    from sphinx_cv.site.metadata import person

    about = {
        "job_title": "Professor",
        "department": "Mathematics",
        "affiliation": "U",
        "address": ["Street 1"],
        "email": "a@example.org",
        "homepage": "https://example.org/",
    }
    config = SimpleNamespace(
        cv_owner=["Lei Wu", "吴磊"], cv_person=about, html_baseurl="", root_doc="index"
    )
    data = person(config)
    assert (data["name"], data["alternateName"]) == ("Lei Wu", ["吴磊"])
    config.cv_owner = "Lei Wu"
    assert "alternateName" not in person(config)
