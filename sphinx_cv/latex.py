"""BibTeX field values (LaTeX) as pybtex rich text: rendered faithfully or refused."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import TYPE_CHECKING

from pybtex.richtext import Protected, Tag, Text
from pylatexenc.latex2text import LatexNodes2Text
from pylatexenc.latexwalker import (
    LatexCharsNode,
    LatexGroupNode,
    LatexMacroNode,
    LatexMathNode,
    LatexSpecialsNode,
    LatexWalker,
    LatexWalkerError,
)

if TYPE_CHECKING:
    from pybtex.richtext import BaseText


class UnsupportedTeX(ValueError):
    """A construct that cannot be rendered faithfully; the message names it."""


GREEK = (
    "alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa "
    "lambda mu nu xi pi varpi rho varrho sigma varsigma tau upsilon phi varphi chi "
    "psi omega Gamma Delta Theta Lambda Xi Pi Sigma Upsilon Phi Psi Omega"
)
GREEK_LETTERS = "αβγδϵεζηθϑικλμνξπϖρϱσςτυϕφχψωΓΔΘΛΞΠΣΥΦΨΩ"
#: Math commands allowed in ``$...$`` and the character each stands for.
MATH_SYMBOLS = {
    f"\\{name}": c for name, c in zip(GREEK.split(), GREEK_LETTERS, strict=True)
}
MATH_SYMBOLS |= {
    r"\infty": "∞",
    r"\ell": "ℓ",
    r"\partial": "∂",
    r"\nabla": "∇",
    r"\le": "≤",
    r"\leq": "≤",
    r"\ge": "≥",
    r"\geq": "≥",
    r"\ne": "≠",
    r"\neq": "≠",
    r"\ll": "≪",
    r"\gg": "≫",
    r"\approx": "≈",
    r"\sim": "∼",
    r"\simeq": "≃",
    r"\equiv": "≡",
    r"\propto": "∝",
    r"\in": "∈",
    r"\notin": "∉",
    r"\subset": "⊂",
    r"\subseteq": "⊆",
    r"\to": "→",
    r"\rightarrow": "→",
    r"\leftarrow": "←",
    r"\Rightarrow": "⇒",
    r"\Leftrightarrow": "⇔",
    r"\mapsto": "↦",
    r"\times": "×",
    r"\cdot": "⋅",
    r"\pm": "±",
    r"\mp": "∓",
    r"\div": "÷",
    r"\circ": "∘",
    r"\otimes": "⊗",
    r"\oplus": "⊕",
    r"\sum": "∑",
    r"\prod": "∏",
    r"\int": "∫",
    r"\cdots": "⋯",
    r"\ldots": "…",
    r"\{": "{",
    r"\}": "}",
    r"\|": "‖",
    r"\,": " ",
    r"\;": " ",
    r"\quad": " ",
}
#: Math-mode characters written as another character (``-`` is a minus sign).
MATH_CHARACTERS = {"-": "−", "'": "′"}
#: Relations, set apart by spaces as TeX sets them apart.
RELATIONS = set("=<>≤≥≠≪≫≈∼≃≡∝∈∉⊂⊆→←⇒⇔↦")
#: ``\mathbb`` letters.
BLACKBOARD = dict(zip("RNZQCEP", "ℝℕℤℚℂ𝔼ℙ", strict=True))
#: Named functions typeset upright: ``\log`` is shown as "log".
MATH_FUNCTIONS = {
    f"\\{name}"
    for name in [
        "log",
        "ln",
        "exp",
        "sin",
        "cos",
        "tan",
        "max",
        "min",
        "sup",
        "inf",
        "lim",
        "det",
        "dim",
        "arg",
    ]
}
#: Commands whose argument is shown as it is in math (``\mathrm{d}``).
MATH_PLAIN = {r"\mathrm", r"\text", r"\mathit", r"\operatorname", r"\textrm"}

#: Text commands shown as the styled text they wrap.
TEXT_STYLES = {
    "emph": "em",
    "textit": "em",
    "textsl": "em",
    "textbf": "b",
    "texttt": "tt",
}
#: Text commands whose argument is shown as it is (the style has no HTML form).
TEXT_PLAIN = {"textsc", "textrm", "textsf", "textup", "textnormal", "textmd", "mbox"}
#: Commands without arguments and the text they stand for.
TEXT_SYMBOLS = {
    "LaTeX": "LaTeX",
    "TeX": "TeX",
    "BibTeX": "BibTeX",
    "%": "%",
    "$": "$",
    "&": "&",
    "#": "#",
    "_": "_",
    "{": "{",
    "}": "}",
    " ": " ",
    ",": " ",
    "/": "",
    "\\": " ",
    "textendash": "–",
    "textemdash": "—",
    "textquoteleft": "‘",
    "textquoteright": "’",
    "textquotedblleft": "“",
    "textquotedblright": "”",
}
#: Accents (with one argument) and special letters, given to pylatexenc to convert.
ACCENTS = set("\"'`^~=.uvHcdbrkt")
LETTERS = set(
    [
        "ss",
        "o",
        "O",
        "aa",
        "AA",
        "ae",
        "AE",
        "oe",
        "OE",
        "l",
        "L",
        "i",
        "j",
        "dh",
        "DH",
        "th",
        "TH",
        "ng",
        "NG",
    ]
)
#: What ``--``, ``~`` and the other TeX ligatures mean.
SPECIALS = {
    "--": "–",
    "---": "—",
    "~": "\u00a0",
    "``": "“",
    "''": "”",
    "&": "&",
    "#": "#",
    "!`": "¡",
    "?`": "¿",
}

#: ``%`` not escaped by a backslash: in a BibTeX value it is a percent sign.
_BARE_PERCENT = re.compile(r"(?<!\\)((?:\\\\)*)%")
_MATH_TOKEN = re.compile(r"\\[A-Za-z]+|\\.|\{[^{}]*\}|\S")
_TO_TEXT = LatexNodes2Text()


def math_to_text(tex: str) -> Text:
    """Render TeX math (``L^\\infty``, ``x_{i}``, Greek, relations) as rich text."""
    parts: list[BaseText | str] = []
    tokens = iter(_MATH_TOKEN.findall(tex))
    for token in tokens:
        if token in ("^", "_"):
            argument = next(tokens, "")
            if not argument:
                msg = f"{token} without an argument in ${tex}$"
                raise UnsupportedTeX(msg)
            parts.append(Tag("sup" if token == "^" else "sub", math_to_text(argument)))
        elif token.startswith("{"):
            parts.append(math_to_text(token[1:-1]))
        elif token in MATH_SYMBOLS or token in RELATIONS:
            symbol = MATH_SYMBOLS.get(token, token)
            parts.append(f" {symbol} " if symbol in RELATIONS else symbol)
        elif token in MATH_FUNCTIONS:
            parts.append(f"{token[1:]} ")
        elif token == r"\mathbb":
            letters = next(tokens, "").strip("{}")
            if not letters or set(letters) - set(BLACKBOARD):
                _refuse(f"{token}{{{letters}}}", tex)
            parts.append("".join(BLACKBOARD[letter] for letter in letters))
        elif token == r"\mathbf":
            parts.append(Tag("b", math_to_text(next(tokens, "").strip("{}"))))
        elif token in MATH_PLAIN:
            parts.append(next(tokens, "").strip("{}"))
        elif token.startswith("\\"):
            _refuse(token, tex)
        else:
            parts.append(MATH_CHARACTERS.get(token, token))
    return Text(*parts)


def _refuse(token: str, tex: str) -> None:
    msg = (
        f"unsupported math command {token} in ${tex}$: write it with Greek "
        "letters, ^, _ and the common relations and operators (see the README)"
    )
    raise UnsupportedTeX(msg)


def _macro_text(node: LatexMacroNode) -> list[BaseText | str]:
    name = node.macroname
    arguments = [a for a in (node.nodeargd.argnlist if node.nodeargd else []) if a]
    if name in TEXT_SYMBOLS:
        return [TEXT_SYMBOLS[name]]
    if name in TEXT_STYLES or name in TEXT_PLAIN:
        if len(arguments) != 1:
            msg = f"\\{name} without its {{argument}}"
            raise UnsupportedTeX(msg)
        inner = _nodes_to_parts(_children(arguments[0]))
        return [Tag(TEXT_STYLES[name], *inner)] if name in TEXT_STYLES else inner
    if name in ACCENTS or name in LETTERS:
        return [unicodedata.normalize("NFC", _TO_TEXT.nodelist_to_text([node]))]
    msg = (
        f"unsupported TeX command \\{name}: write the text itself, or use one "
        "of \\emph, \\textit, \\textbf, \\textsc, \\texttt, accents and $math$"
    )
    raise UnsupportedTeX(msg)


def _children(node) -> list:
    return node.nodelist if isinstance(node, LatexGroupNode) else [node]


def _nodes_to_parts(nodes: list) -> list[BaseText | str]:
    parts: list[BaseText | str] = []
    for node in nodes:
        if isinstance(node, LatexCharsNode):
            parts.append(node.chars)
        elif isinstance(node, LatexGroupNode):
            parts.append(Protected(*_nodes_to_parts(node.nodelist)))
        elif isinstance(node, LatexMacroNode):
            parts += _macro_text(node)
        elif isinstance(node, LatexSpecialsNode):
            parts.append(SPECIALS.get(node.specials_chars, node.specials_chars))
        elif isinstance(node, LatexMathNode):
            delimiter = len(node.delimiters[0])
            parts.append(math_to_text(node.latex_verbatim()[delimiter:-delimiter]))
        else:
            msg = f"unsupported TeX {node.latex_verbatim()!r}"
            raise UnsupportedTeX(msg)
    return parts


@lru_cache(maxsize=4096)
def latex_to_text(value: str) -> Text:
    """Parse a BibTeX field value (accents, styles, ``$math$``) into rich text.

    Raises :class:`UnsupportedTeX` naming the construct that would be lost.
    """
    source = _BARE_PERCENT.sub(r"\1\\%", unicodedata.normalize("NFC", value))
    try:
        nodes, _, _ = LatexWalker(source, tolerant_parsing=False).get_latex_nodes()
    except LatexWalkerError as error:
        what = str(error).splitlines()[0]
        if "'$'" in what:
            msg = "unbalanced $: close the math with a second $, or write \\$"
        else:
            msg = f"unreadable TeX ({what}): check the braces"
        raise UnsupportedTeX(msg) from None
    return Text(*_nodes_to_parts(nodes))


#: Characters pdfLaTeX shows with T1 fonts: Latin scripts and punctuation (the
#: few Latin Extended-A letters that T1 lacks left out).
TEXT_CHARACTERS = frozenset(
    [chr(c) for c in range(0x20, 0x7F)]
    + [chr(c) for c in range(0xA0, 0x180) if chr(c) not in "ĦħĸĿŀŉŦŧſ"]
    + list("‐‑‒–—‘’‚“”„†‡•…‰‹›€™\u2009")
)


def _math_commands() -> dict[str, str]:
    """Each math character a title may contain, with the TeX command it stands for."""
    commands = {char: command for command, char in reversed(MATH_SYMBOLS.items())}
    commands |= {"−": "-", "′": r"\prime"}
    commands |= {char: rf"\mathbb{{{letter}}}" for letter, char in BLACKBOARD.items()}
    return {c: command for c, command in commands.items() if c not in TEXT_CHARACTERS}


def latex_symbol_declarations() -> str:
    """pdfLaTeX definitions of the math characters that titles may contain."""
    return "".join(
        f"\\DeclareUnicodeCharacter{{{ord(char):04X}}}{{\\ensuremath{{{command}}}}}\n"
        for char, command in sorted(_math_commands().items())
    )


#: Characters the PDF can show.
PDF_CHARACTERS = TEXT_CHARACTERS | frozenset(_math_commands())


def pdf_missing_characters(text: str) -> list[str]:
    """The characters of *text* that the PDF cannot show, each once, in order."""
    missing = (c for c in text if c not in PDF_CHARACTERS and not c.isspace())
    return list(dict.fromkeys(missing))
