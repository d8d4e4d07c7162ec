"""The reader of BibTeX values: every construct shown as meant, or refused by name."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sphinx_cv.bib.tex import (
    _TOKEN,
    PDF_CHARACTERS,
    UnsupportedTeX,
    latex_to_plain,
    latex_to_text,
    pdf_missing_characters,
)

AS_MEANT = {
    r"50% and 50\%": "50% and 50%",
    r"\$5, \&, \#1, a\_b": "$5, &, #1, a_b",
    r"\emph{a} \textit{b} \textbf{c} \textsc{d} \texttt{e} {\LaTeX}": "a b c d e LaTeX",
    r"G{\"o}del G\"{o}del G\"odel {\'E}cole \c{c} \v{s} \H{o} \k{a} \r{a} \"\i": (
        "Gödel Gödel Gödel École ç š ő ą å ï"
    ),
    r"{\ss} {\o} {\aa} {\AE}": "ß ø å Æ",
    "a--b---c~d ``q''": "a–b—c\u00a0d “q”",
    r"$\alpha \le \beta$, $x_{i}^{2}$, $\mathbb{R}^d$, \(\Gamma \to \infty\)": (
        "α ≤ β, xi2, ℝd, Γ → ∞"
    ),
    r"$O(n \log n)$ and $a^{b_{c}}$ and $x^\alpha$": "O(n log n) and abc and xα",
    # As Zotero, DBLP and arXiv export them:
    r"See \url{https://example.org/a_b%20c~d#x--y}": (
        "See https://example.org/a_b%20c~d#x--y"
    ),
    r"\href{https://example.org/p}{the \emph{page}}": "the page",
    r"{\itshape Italic} {\bf bold} {\em it} {\sc Caps} {\small s}": (
        "Italic bold it Caps s"
    ),
    r"x\^{}2 and a\~{}b": "x^2 and a~b",
    r"Author\({}^{\mbox{1}}\) \mbox{A} \NoCaseChange{B}": "Author1 A B",
}


@pytest.mark.parametrize("tex", AS_MEANT)
def test_values_read_as_meant(tex):
    assert latex_to_plain(tex) == AS_MEANT[tex]
    assert latex_to_text(tex).render_as("text") == AS_MEANT[tex]


def test_styles_and_math_become_markup():
    html = latex_to_text(r"\emph{a} \textbf{b} \texttt{c} $x_{i}^{2}$").render_as(
        "html"
    )
    assert html == "<em>a</em> <b>b</b> <tt>c</tt> x<sub>i</sub><sup>2</sup>"
    declared = latex_to_text(r"{\itshape a b} c {\bfseries d}").render_as("html")
    assert declared == (
        '<span class="bibtex-protected"><em>a b</em></span> c '
        '<span class="bibtex-protected"><b>d</b></span>'
    )


REFUSED = {
    "a $x": "unbalanced $",
    r"a \(x": r"unbalanced \(",
    "a {b": "unbalanced braces",
    "a } b": "unbalanced braces",
    r"\foo{x}": r"unsupported TeX command \foo",
    r"$\mathcal{O}$": r"unsupported math command \mathcal",
    r"$\mathbb{X}$": r"unsupported math command \mathbb{X}",
    r"\emph": r"\emph without its {argument}",
    r"\"{ab}": "an accent takes one letter",
    "a\\": r"a \ ends the value",
}


@pytest.mark.parametrize("tex", REFUSED)
def test_what_cannot_be_shown_is_refused_by_name(tex):
    with pytest.raises(UnsupportedTeX, match=None) as error:
        latex_to_plain(tex)
    assert REFUSED[tex] in str(error.value)


@settings(max_examples=500, derandomize=True, database=None)
@given(st.text())
def test_the_tokens_cover_every_character(value):
    """No character is skipped: a value is refused or read whole."""
    assert "".join(_TOKEN.findall(value)) == value


def test_the_pdf_shows_latin_and_math_but_not_cjk():
    assert pdf_missing_characters("Gödel, Škoda, α ≤ β, ℝ, 50%") == []
    assert pdf_missing_characters("王磊 and ħ") == ["王", "磊", "ħ"]
    assert "α" in PDF_CHARACTERS
