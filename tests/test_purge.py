"""The style sheet cut: what it keeps and drops, and how it reads scripts' strings."""

from __future__ import annotations

import pytest
from pygments.lexers import JavascriptLexer
from pygments.token import String

from sphinx_cv.site.css_cut import WORD, Names, purge, string_words


def test_string_words_hold_every_word_pygments_reads_in_a_string(site):
    """Against a real JavaScript lexer, on every script the site serves."""
    lexer = JavascriptLexer()
    scripts = sorted((site.outdir / "_static").rglob("*.js"))
    assert len(scripts) >= 5
    for path in scripts:
        script = path.read_text(encoding="utf-8")
        read = {
            word
            for kind, text in lexer.get_tokens(script)
            if kind in String
            for word in WORD.findall(text)
        }
        assert read <= string_words(script), path.name


@pytest.mark.parametrize(
    ("script", "words"),
    [
        ('el.classList.add("cv-copy")', {"cv-copy"}),
        ("a = b / c / d; e.className = 'shown'", {"shown"}),
        ("// don't\nx.id = 'kept'", {"kept"}),
        ('if (/[\'"]/.test(s)) t = "after"', {"after"}),
        ("return /x/.test(y) ? `kind-${k}` : 'other'", {"x", "kind-", "k", "other"}),
        ("/* a 'quoted' comment */ n = 1", set()),
    ],
)
def test_string_words_skip_code_and_comments(script, words):
    assert string_words(script) == words


def test_a_quote_that_opens_no_string_makes_every_word_count():
    assert string_words('a = "open; b.add(c)') == {"a", "open", "b", "add", "c"}


PAGE = '<body><div class="box" id="top"><p>Text</p></div></body>'
SHEET = """/*! a licence */
/* a note */
.box{color:red}
.gone{color:blue}
.box .gone, #top{margin:0}
#elsewhere{margin:1px}
p::before, table{content:"x"}
svg|rect{fill:red}
.added-by-script{color:green}
@media print{.gone{display:none}}
@media (min-width:10em){
.box{--used:1px;--unused:2px;--via:var(--used);padding:var(--via)}}
"""


def cut(page: str = PAGE, scripts: tuple[str, ...] = ()) -> str:
    names = Names.of_pages([page])
    names.add_scripts(scripts)
    return purge(SHEET, names)


def test_rules_no_page_can_match_go_and_the_rest_stays():
    text = cut()
    assert "/*! a licence */" in text and "a note" not in text
    assert ".box{color:red}" in text
    assert ".gone{color:blue}" not in text
    assert "#top{margin:0}" in text and ".box .gone" not in text
    assert "#elsewhere" not in text
    assert "p::before{" in text and "table" not in text
    assert "svg|rect" not in text  # no rect in the page
    assert "@media print" not in text  # nothing left in it


def test_a_class_a_script_adds_keeps_its_rule():
    assert ".added-by-script" not in cut()
    assert ".added-by-script{" in cut(scripts=('e.classList.add("added-by-script")',))
    assert ".added-by-script" not in cut(scripts=("addedByScript = 1",))


def test_custom_properties_nothing_reads_go():
    text = cut()
    assert "--used:1px" in text and "--via:var(--used)" in text
    assert "--unused" not in text
    assert "--unused:2px" in cut(page=PAGE + '<p style="width:var(--unused)">')
