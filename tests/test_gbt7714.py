"""The cv-gbt7714 style: references after GB/T 7714-2015, rendered on their own
with the pybtex-docutils backend, as the standard's own examples write them."""

from __future__ import annotations

import pytest
from docutils import nodes
from pybtex.database import Entry, Person
from pybtex.plugin import find_plugin

from sphinx_cv.bib.gbt7714 import name_in_gbt7714
from sphinx_cv.bib.style import CVStyle


@pytest.fixture
def render(monkeypatch):
    """An entry as the cv-gbt7714 style writes it, for owner Lei Wu (吴磊)."""
    monkeypatch.setattr(CVStyle, "owner", ["Lei Wu", "吴磊"])
    backend = find_plugin("pybtex.backends", "docutils")()
    style = find_plugin("pybtex.style.formatting", "cv-gbt7714")()

    def render(entry_type, authors, **fields):
        entry = Entry(entry_type, fields={"title": "A Title", "year": "2020", **fields})
        entry.persons["author"] = [Person(a) for a in authors]
        entry.key = "key"
        text = style.format_entry("1", entry).text.render(backend)
        paragraph = nodes.paragraph("", "", *text)
        bold = [n.astext() for n in paragraph.findall(nodes.strong)]
        return paragraph.astext(), bold

    return render


@pytest.mark.parametrize(
    ("written", "shown"),
    [
        ("Lei Wu", "WU L"),
        ("Wu, Lei", "WU L"),
        ("Weinan E", "E W"),
        ("Jean-Pierre Serre", "SERRE J P"),
        ("Johannes Diderik van der Waals", "VAN DER WAALS J D"),
        ("G. H. Hardy", "HARDY G H"),
        ("Nguyễn, Thị Minh", "NGUYỄN T M"),
        ("吴磊", "吴磊"),
        ("Мария Иванова", "Мария Иванова"),
    ],
)
def test_names_are_written_as_the_standard_writes_them(written, shown):
    assert name_in_gbt7714(Person(written)) == shown


def test_a_journal_article(render):
    text, bold = render(
        "article",
        ["Lei Wu", "Chao Ma", "Weinan E"],
        title="How SGD Selects the Global Minima",
        journal="Advances in Neural Information Processing Systems",
        volume="31",
        number="2",
        pages="8279--8288",
        year="2018",
    )
    assert text == (
        "WU L, MA C, E W. How SGD Selects the Global Minima[J]. Advances in Neural "
        "Information Processing Systems, 2018, 31(2): 8279-8288."
    )
    assert bold == ["WU L"]


def test_more_than_three_authors_end_with_et_al_or_deng(render):
    four = ["Lei Wu", "Chao Ma", "Weinan E", "Ada Lovelace"]
    text, _ = render("article", four, journal="J", year="2019")
    assert text.startswith("WU L, MA C, E W, et al. A Title[J]. J, 2019.")
    text, bold = render(
        "article",
        ["吴磊", "马超", "鄂维南", "王小明"],
        title="随机梯度下降",
        journal="数学学报",
    )
    assert text == "吴磊, 马超, 鄂维南, 等. 随机梯度下降[J]. 数学学报, 2020."
    assert bold == ["吴磊"]


@pytest.mark.parametrize(
    ("entry_type", "fields", "reads"),
    [
        (
            "inproceedings",
            {"booktitle": "Proceedings of ICML", "pages": "1--9"},
            "WU L. A Title[C]//Proceedings of ICML. 2020: 1-9.",
        ),
        (
            "book",
            {"publisher": "Springer", "address": "Berlin"},
            "WU L. A Title[M]. Berlin: Springer, 2020.",
        ),
        (
            "phdthesis",
            {"school": "Peking University"},
            "WU L. A Title[D]. Peking University, 2020.",
        ),
        ("techreport", {"institution": "IAS"}, "WU L. A Title[R]. IAS, 2020."),
        ("misc", {"howpublished": "Manuscript"}, "WU L. A Title[Z]. Manuscript, 2020."),
        (
            "misc",
            {"howpublished": "arXiv preprint", "eprint": "2305.08404"},
            "WU L. A Title[EB/OL]. arXiv preprint, 2020. arXiv:2305.08404",
        ),
    ],
)
def test_each_kind_of_work_has_its_code(render, entry_type, fields, reads):
    text, _ = render(entry_type, ["Lei Wu"], **fields)
    assert text == reads
