"""BibTeX field values (LaTeX) as pybtex rich text: rendered faithfully or refused."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple

from pybtex.richtext import Protected, Tag, Text

if TYPE_CHECKING:
    from collections.abc import Callable

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
#: Binary operators, set apart too, unless they are a sign (``-1``, ``n^{-2}``).
BINARY_OPERATORS = set("+−±∓×÷·∘∪∩⊕⊗")
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
MATH_PLAIN = {r"\mathrm", r"\text", r"\mathit", r"\operatorname", r"\textrm", r"\mbox"}

#: Text commands shown as the styled text they wrap.
TEXT_STYLES = {
    "emph": "em",
    "textit": "em",
    "textsl": "em",
    "textbf": "b",
    "texttt": "tt",
}
#: Text commands whose argument is shown as it is (the style has no HTML form).
TEXT_PLAIN = {
    *("textsc", "textrm", "textsf", "textup", "textnormal", "textmd", "mbox"),
    *("hbox", "text", "ensuremath", "NoCaseChange"),
}
#: Declarations that style the rest of their group (``{\itshape text}``, as
#: Zotero and old BibTeX files write), with the tag of their style, or None.
DECLARATIONS = {
    **dict.fromkeys(["em", "it", "itshape", "sl", "slshape"], "em"),
    **dict.fromkeys(["bf", "bfseries"], "b"),
    **dict.fromkeys(["tt", "ttfamily"], "tt"),
    **dict.fromkeys(["sc", "scshape", "rm", "rmfamily", "sf", "sffamily"], None),
    **dict.fromkeys(
        ["upshape", "normalfont", "mdseries", "small", "footnotesize"], None
    ),
}
#: An accent over nothing (``\^{}``, as DBLP writes a caret): the mark itself.
SPACING_ACCENTS = {"^": "^", "~": "~", "'": "´", "`": "`", '"': "¨", "=": "¯"}
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
#: Accents, with the combining character each puts on the letter it takes.
ACCENTS = dict(
    zip(
        "\"'`^~=.uvHcdbrkt",
        "\u0308\u0301\u0300\u0302\u0303\u0304\u0307\u0306\u030c\u030b\u0327\u0323"
        "\u0331\u030a\u0328\u0361",
        strict=True,
    )
)
#: Letters written as commands (``\ss``, ``\o``).
LETTERS = {
    "ss": "ß",
    "o": "ø",
    "O": "Ø",
    "aa": "å",
    "AA": "Å",
    "ae": "æ",
    "AE": "Æ",
    "oe": "œ",
    "OE": "Œ",
    "l": "ł",
    "L": "Ł",
    "i": "ı",
    "j": "ȷ",
    "dh": "ð",
    "DH": "Ð",
    "th": "þ",
    "TH": "Þ",
    "ng": "ŋ",
    "NG": "Ŋ",
}
#: What ``--``, ``~`` and the other TeX ligatures mean.
LIGATURES = {"---": "—", "--": "–", "~": "\u00a0", "``": "“", "''": "”"}

#: A value's tokens: control words and symbols, braces, math shifts, ligatures,
#: and runs of text (``%``, ``&``, ``#`` and ``_`` are text in a BibTeX value).
_TOKEN = re.compile(
    r"\\[A-Za-z]+\s*|\\.|\\|[{}]|\$|---|--|``|''|~|[^\\{}$~`'-]+|[`'-]", re.DOTALL
)


#: A character that makes a value more than plain text.
_TEX = re.compile(r"[\\{}$~`'-]")


class Make(NamedTuple):
    """What the parser builds: rich text for pages, or plain strings."""

    tag: Callable[..., BaseText | str]
    protected: Callable[..., BaseText | str]
    text: Callable[..., BaseText | str]


def _join(*parts: str) -> str:
    return "".join(parts)


RICH = Make(Tag, Protected, Text)
PLAIN = Make(lambda _name, *parts: _join(*parts), _join, _join)


class _Tokens:
    """The tokens of a value, read left to right by the parser below."""

    def __init__(self, items: list[str]) -> None:
        self.items = items
        self.at = 0

    def next(self) -> str | None:
        if self.at == len(self.items):
            return None
        self.at += 1
        return self.items[self.at - 1]

    def group(self, closing: str = "}") -> list[str]:
        """The tokens up to the brace that closes the one just read."""
        depth, start = 1, self.at
        while (token := self.next()) is not None:
            depth += (token == "{") - (token == closing)
            if depth == 0:
                return self.items[start : self.at - 1]
        msg = "unbalanced braces: close every { you open"
        raise UnsupportedTeX(msg)

    def until(self, closing: str, message: str) -> list[str]:
        """The tokens up to *closing* (math ends at the next ``$`` or ``\\)``)."""
        start = self.at
        while (token := self.next()) != closing:
            if token is None:
                raise UnsupportedTeX(message)
        return self.items[start : self.at - 1]

    def argument(self, command: str) -> list[str]:
        """A command's argument: a braced group, or the next character."""
        token = self.next()
        if token == "{":
            return self.group()
        if token and token.startswith("\\") and token[1:].strip().isalpha():
            return [token]  # x^\alpha, \"\i
        if token and not token.startswith(("\\", "}", "$")):
            if len(token) > 1:  # \'eclair: the argument is "e", the rest is text
                self.items[self.at - 1 : self.at] = [token[0], token[1:]]
            return [token[0]]
        msg = f"{command} without its {{argument}}"
        raise UnsupportedTeX(msg)


def _math(tokens: list[str], tex: str, make: Make) -> BaseText | str:
    """Rich text of TeX math (``L^\\infty``, ``x_{i}``, Greek, relations)."""
    reader = _Tokens([piece for token in tokens for piece in _math_split(token)])
    parts: list[BaseText | str] = []
    while (token := reader.next()) is not None:
        if token in ("^", "_"):
            argument = reader.argument(token)
            parts.append(
                make.tag("sup" if token == "^" else "sub", _math(argument, tex, make))
            )
        elif token == "{":
            parts.append(_math(reader.group(), tex, make))
        elif token in MATH_SYMBOLS or token in RELATIONS:
            parts.append(_spaced(MATH_SYMBOLS.get(token, token), parts))
        elif token in MATH_FUNCTIONS:  # set apart as TeX sets an operator apart
            after = parts[-1] if parts and isinstance(parts[-1], str) else "("
            parts.append(f"{'' if after[-1:] in ' (' else ' '}{token[1:]} ")
        elif token == r"\mathbb":
            letters = "".join(reader.argument(token))
            if not letters or set(letters) - set(BLACKBOARD):
                _refuse(f"{token}{{{letters}}}", tex)
            parts.append("".join(BLACKBOARD[letter] for letter in letters))
        elif token == r"\mathbf":
            parts.append(make.tag("b", _math(reader.argument(token), tex, make)))
        elif token in MATH_PLAIN:
            parts.append("".join(reader.argument(token)))
        elif token.startswith("\\") or token == "}":
            _refuse(token, tex)
        elif not token.isspace():
            parts.append(_spaced(MATH_CHARACTERS.get(token, token), parts))
    return make.text(*parts)


def _spaced(symbol: str, before: list[BaseText | str]) -> str:
    """A relation or a binary operator between spaces, as TeX sets it apart."""
    if symbol in RELATIONS:
        return f" {symbol} "
    previous = before[-1] if before else " "
    is_sign = isinstance(previous, str) and previous[-1:] in " ("
    return f" {symbol} " if symbol in BINARY_OPERATORS and not is_sign else symbol


def _math_split(token: str) -> list[str]:
    """Math reads character by character, except commands and braces."""
    if token.startswith("\\"):
        return [token.strip()]
    return [token] if token in ("{", "}") else list(token)


def math_to_text(tex: str) -> Text:
    """Render TeX math (``L^\\infty``, ``x_{i}``, Greek, relations) as rich text."""
    return _math(_TOKEN.findall(tex), tex, RICH)


def _refuse(token: str, tex: str) -> None:
    msg = (
        f"unsupported math command {token} in ${tex}$: write it with Greek "
        "letters, ^, _ and the common relations and operators (see the README)"
    )
    raise UnsupportedTeX(msg)


def _accent(command: str, argument: list[str]) -> str:
    letter = "".join(
        LETTERS.get(t.strip()[1:], t) if t.startswith("\\") else t for t in argument
    )
    letter = {"ı": "i", "ȷ": "j"}.get(letter, letter)  # \"\i is ï
    if len(letter) != 1:
        msg = f"\\{command}{{{letter}}}: an accent takes one letter"
        raise UnsupportedTeX(msg)
    return unicodedata.normalize("NFC", letter + ACCENTS[command])


def _parts(reader: _Tokens, make: Make) -> list[BaseText | str]:
    """Rich text of the tokens up to the end of the current group."""
    parts: list[BaseText | str] = []
    while (token := reader.next()) is not None:
        if token == "{":
            parts.append(make.protected(*_parts(_Tokens(reader.group()), make)))
        elif token == "}":
            msg = "unbalanced braces: a } closes no {"
            raise UnsupportedTeX(msg)
        elif token == "$":
            math = reader.until(
                "$", "unbalanced $: close the math with a second $, or write \\$"
            )
            parts.append(_math(math, "".join(math), make))
        elif token in LIGATURES:
            parts.append(LIGATURES[token])
        elif token.startswith("\\") and (name := token[1:].rstrip()) in DECLARATIONS:
            rest = _parts(reader, make)  # the rest of the group, in its style
            style = DECLARATIONS[name]
            parts.append(make.tag(style, *rest) if style else make.text(*rest))
        elif token.startswith("\\"):
            parts += _command(token[1:].rstrip() or token[1:], reader, make)
        else:
            parts.append(token)
    return parts


def _command(name: str, reader: _Tokens, make: Make) -> list[BaseText | str]:
    if name in TEXT_SYMBOLS:
        return [TEXT_SYMBOLS[name]]
    if name in LETTERS:
        return [LETTERS[name]]
    if name in ACCENTS:
        argument = reader.argument(f"\\{name}")
        if not argument and name in SPACING_ACCENTS:
            return [SPACING_ACCENTS[name]]
        return [_accent(name, argument)]
    # Links are the entry's own fields (url, doi): a title or venue that is a
    # link inside the title's link would be no HTML, so the words are shown.
    if name == "url":  # the address as written: _, %, ~ and # are text in it
        return ["".join(reader.argument("\\url"))]
    if name == "href":
        reader.argument("\\href")  # the address
        return _parts(_Tokens(reader.argument("\\href{...}")), make)
    if name in TEXT_STYLES or name in TEXT_PLAIN:
        inner = _parts(_Tokens(reader.argument(f"\\{name}")), make)
        return [make.tag(TEXT_STYLES[name], *inner)] if name in TEXT_STYLES else inner
    if name == "(":
        math = reader.until("\\)", "unbalanced \\(: close the math with \\)")
        return [_math(math, "".join(math), make)]
    if not name:
        msg = "a \\ ends the value: remove it, or write \\textbackslash"
        raise UnsupportedTeX(msg)
    msg = (
        f"unsupported TeX command \\{name}: write the text itself, or use one "
        "of \\emph, \\textit, \\textbf, \\textsc, \\texttt, accents and $math$"
    )
    raise UnsupportedTeX(msg)


def _read(value: str, make: Make) -> list[BaseText | str]:
    value = unicodedata.normalize("NFC", value)
    return (
        _parts(_Tokens(_TOKEN.findall(value)), make) if _TEX.search(value) else [value]
    )


@lru_cache(maxsize=4096)
def latex_to_text(value: str) -> Text:
    """Parse a BibTeX field value (accents, styles, ``$math$``) into rich text.

    Raises :class:`UnsupportedTeX` naming the construct that would be lost.
    """
    return Text(*_read(value, RICH))


@lru_cache(maxsize=4096)
def latex_to_plain(value: str) -> str:
    """:func:`latex_to_text` as plain text, read without building rich text."""
    return "".join(_read(value, PLAIN))


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


MATH_COMMANDS = _math_commands()


def latex_symbol_declarations() -> str:
    """pdfLaTeX definitions of the math characters that titles may contain."""
    return "".join(
        f"\\DeclareUnicodeCharacter{{{ord(char):04X}}}{{\\ensuremath{{{command}}}}}\n"
        for char, command in sorted(MATH_COMMANDS.items())
    )


#: Characters the PDF can show.
PDF_CHARACTERS = TEXT_CHARACTERS | frozenset(MATH_COMMANDS)


def pdf_missing_characters(text: str) -> list[str]:
    """The characters of *text* that the PDF cannot show, each once, in order."""
    missing = (c for c in text if c not in PDF_CHARACTERS and not c.isspace())
    return list(dict.fromkeys(missing))
