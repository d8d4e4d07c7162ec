"""Fuzzing: any bib file builds, or stops with our message; nothing leaks or is lost.

``make test`` runs a bounded, derandomized set; ``make fuzz`` runs many more
(``CV_FUZZ_EXAMPLES``) with fresh randomness.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from io import StringIO
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from sphinx.application import Sphinx
from sphinx.util.console import nocolor
from sphinx.util.docutils import docutils_namespace, patch_docutils

pytestmark = pytest.mark.slow
EXAMPLES = int(os.environ.get("CV_FUZZ_EXAMPLES", "0"))
nocolor()  # the warnings are read as text
CONF = """\
extensions = ["myst_parser", "sphinx_cv"]
cv_owner = "Ann Owner"
bibtex_bibfiles = ["test.bib"]
nitpicky = True
latex_documents = [("index", "fuzz.tex", "Fuzz", "Ann Owner", "howto")]
"""
PAGE = """\
# Fuzz

```{cv-bibliography} published
```

```{cv-bibliography} preprints
:labelprefix: P
```
"""
#: Markup that would run or inject if it reached a page unescaped.
PAYLOADS = [
    "<fuzz-tag>",
    '" fuzz-attr="1',
    "' fuzz-attr='1",
    "</script><fuzz-tag>",
    "<!--",
    "]]>",
    "&amp;",
    "javascript:alert(1)",
    '#panic("fuzz")',  # and Typst, in the PDF's source
    "]#panic[fuzz",
    '"#panic("fuzz")#"',
    '\\"',
]
#: What exports carry: TeX escapes, styles, accents and math ...
TEX = [
    r"\emph{x}",
    r"\textbf{y}",
    r"\textsc{z}",
    r"{\LaTeX}",
    r"\%",
    "%",
    r"\$",
    r"\&",
    r"\#",
    r"\_",
    r"{\"o}",
    r"\'e",
    "--",
    "---",
    "~",
    r"$\alpha \le \beta$",
    r"$x^{2}_i$",
    "α",
]
#: ... and their broken forms, and text pdfLaTeX cannot show.
BROKEN = ["$", "{", "}", "\\", r"\foo", r"$\mathcal{O}$", "中文"]
SAFE_KEYS = st.from_regex(r"[A-Za-z][A-Za-z0-9_:./+-]{0,12}", fullmatch=True)
#: Keys as BibTeX reads them (up to a space, a comma or a brace), any characters.
UNSAFE_KEYS = st.text(
    st.characters(
        exclude_categories=("Cs", "Cc", "Zs", "Zl", "Zp"), exclude_characters=",{}"
    ),
    min_size=1,
    max_size=10,
)
TEXT = st.lists(
    st.one_of(
        st.sampled_from(PAYLOADS + TEX),
        st.text(
            st.characters(
                max_codepoint=0x17F,
                exclude_categories=("Cc",),
                exclude_characters="{}\\$",
            ),
            max_size=8,
        ),
        st.text(
            st.characters(exclude_categories=("Cs", "Cc"), exclude_characters="{}\\$"),
            max_size=4,
        ),
    ),
    min_size=1,
    max_size=5,
).map("".join)
GOOD_URLS = ["https://example.org/a?b=1&c=<2>", "http://x.org/'\"><fuzz-tag>"]
BAD_URLS = ["javascript:x", "ftp://x", "//x.org", "https:x", " https://x.org"]
VENUE = {
    "article": "journal",
    "inproceedings": "booktitle",
    "book": "publisher",
    "misc": "howpublished",
    "techreport": "institution",
    "unpublished": "note",
}
#: One defect an entry may carry: a field (or the type, or the key) and its value.
DEFECTS = st.one_of(
    st.tuples(st.just("key"), UNSAFE_KEYS),
    st.tuples(st.just("title"), st.sampled_from(BROKEN)),
    st.tuples(st.just("year"), st.sampled_from(["20201", "soon", ""])),
    st.tuples(st.just("url"), st.sampled_from(BAD_URLS)),
    st.tuples(st.just("doi"), st.just("https://doi.org/10.1/x")),
    st.tuples(st.just("type"), st.just("patent")),
)


@st.composite
def entries(draw):
    """One bib entry as text, and its key; one entry in four has a defect."""
    kind, key = draw(st.sampled_from(list(VENUE))), draw(SAFE_KEYS)
    fields = {
        "author": "Ann Owner and "
        + draw(TEXT)
        + draw(st.sampled_from(["", " and others"])),
        "title": draw(TEXT),
        VENUE[kind]: draw(TEXT),
        "year": draw(st.sampled_from(["2020", "1999", "2024"])),
    }
    if draw(st.booleans()):
        fields["url"] = draw(st.sampled_from(GOOD_URLS))
    if draw(st.booleans()):
        fields["doi"] = draw(st.sampled_from(["10.1000/x<y>#z", '10.1234/a"b']))
    if draw(st.integers(0, 3)) == 0:
        field, value = draw(DEFECTS)
        if field == "type":
            kind = value
        elif field == "key":
            key = value
        elif field == "title":
            fields["title"] += value
        else:
            fields[field] = value
    body = "".join(f"  {name} = {{{value}}},\n" for name, value in fields.items())
    return f"@{kind}{{{key},\n{body}}}\n", key


def build(srcdir: Path, builder: str) -> tuple[Path | None, str]:
    """Build *srcdir* as sphinx-build does, in this process; return the output
    folder (None if the build stopped) and the warnings."""
    warnings, outdir = StringIO(), srcdir / "_build" / builder
    # The namespace undoes each build's registrations, even when it stops.
    with patch_docutils(srcdir), docutils_namespace():
        try:
            app = Sphinx(
                srcdir,
                srcdir,
                outdir,
                outdir / ".doctrees",
                builder,
                status=None,
                warning=warnings,
                freshenv=True,
            )
            app.build()
        except SystemExit:  # our checks stopped it
            return None, warnings.getvalue()
    return outdir, warnings.getvalue()


OUR_MESSAGE = re.compile(r".*(ERROR|WARNING): .*\[cv\.[a-z_]+\]$")


def assert_only_our_messages(warnings: str) -> None:
    problems = [line for line in warnings.splitlines() if line.strip()]
    for line in problems:
        assert OUR_MESSAGE.fullmatch(line), line


def assert_safe(soup: BeautifulSoup) -> None:
    assert soup.find("fuzz-tag") is None
    assert soup.find(attrs={"fuzz-attr": True}) is None
    for script in soup.find_all("script", type="application/ld+json"):
        json.loads(script.string)
    for meta in soup.find_all("meta", attrs={"name": True}):
        assert "fuzz-attr" not in meta.attrs


def assert_safe_and_whole(outdir: Path, keys: list[str]) -> None:
    page = (outdir / "index.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(page, "html.parser")
    assert_safe(soup)
    for paper in (outdir / "papers").glob("*.html"):  # each paper's own page
        assert_safe(BeautifulSoup(paper.read_text(encoding="utf-8"), "html.parser"))
    for link in soup.select("ol.cv-bibliography a[href]"):
        assert link["href"].startswith(("https://", "http://", "#", "papers/"))
    for script in soup.find_all("script", type="application/ld+json"):
        json.loads(script.string)
    for key in keys:
        assert len(soup.find_all("li", id=key)) == 1, key


@settings(
    max_examples=EXAMPLES or 120,
    derandomize=not EXAMPLES,
    database=None if not EXAMPLES else settings.default.database,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(st.lists(entries(), min_size=1, max_size=3, unique_by=lambda e: e[1].lower()))
def test_any_bib_file_builds_or_stops_with_our_message(generated):
    keys = [key for _, key in generated]
    with tempfile.TemporaryDirectory() as folder:
        srcdir = Path(folder)
        (srcdir / "conf.py").write_text(CONF, encoding="utf-8")
        (srcdir / "index.md").write_text(PAGE, encoding="utf-8")
        bib = "\n".join(text for text, _ in generated)
        (srcdir / "test.bib").write_text(bib, encoding="utf-8")
        html, warnings = build(srcdir, "html")
        assert "Traceback" not in warnings
        event("stopped before HTML" if html is None else "built HTML")
        if html is None:
            assert_only_our_messages(warnings)
            return
        assert warnings == ""
        assert_safe_and_whole(html, keys)
        latex, warnings = build(srcdir, "latex")
        event("stopped before LaTeX" if latex is None else "built LaTeX")
        if latex is None:  # only what pdfLaTeX cannot show may stop it now
            assert_only_our_messages(warnings)
            assert "make pdf-latex cannot show" in warnings
            return
        assert warnings == ""
        tex = (latex / "fuzz.tex").read_text(encoding="utf-8")
        for key in keys:
            assert tex.count(rf"\label{{\detokenize{{index:{key}}}}}") == 1, key
        pdf, warnings = build(srcdir, "cvpdf")
        assert warnings == ""
        assert (pdf / "fuzz.pdf").exists()
        typst = (pdf / "fuzz.typ").read_text(encoding="utf-8")
        for key in keys:
            assert typst.count(f'#label("index:{key}")') == 1, key
