"""A pybtex style for a CV: the owner in bold, annotation marks, titles as written."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, ClassVar

from pybtex.backends.plaintext import Backend as PlainTextBackend
from pybtex.database import Person
from pybtex.richtext import HRef, Protected, String, Tag, Text
from pybtex.style import FormattedEntry
from pybtex.style.formatting import BaseStyle
from pybtex.style.template import FieldIsMissing

if TYPE_CHECKING:
    from collections.abc import Iterable

    from pybtex.database import Entry
    from pybtex.richtext import BaseText

#: The field that names where an entry appeared, by entry type.
VENUE_FIELD = {
    "article": "journal",
    "inproceedings": "booktitle",
    "misc": "howpublished",
    "unpublished": "note",
}

#: Symbols allowed in ``$...$`` math inside titles.
MATH_SYMBOLS = {
    r"\infty": "∞",
    r"\alpha": "α",
    r"\beta": "β",
    r"\gamma": "γ",
    r"\delta": "δ",
    r"\epsilon": "ε",
    r"\lambda": "λ",
    r"\mu": "μ",
    r"\sigma": "σ",
    r"\ell": "ℓ",
    r"\le": "≤",
    r"\ge": "≥",
    r"\times": "×",
}
_MATH_TOKEN = re.compile(r"\\[A-Za-z]+|\{[^{}]*\}|\S")
_TRAILING_MARKS = re.compile(r"[^\w.]+$")
_PLAIN_TEXT = PlainTextBackend()


def parse_annotations(value: str) -> dict[int, list[str]]:
    """Parse a biblatex name annotation such as ``1=equal;2=equal,corresponding``."""
    annotations: dict[int, list[str]] = {}
    for item in filter(None, (part.strip() for part in value.split(";"))):
        position, _, words = item.partition("=")
        if not position.strip().isdigit() or not words.strip():
            msg = f"bad annotation {item!r}: write it as POSITION=WORD, e.g. 1=equal"
            raise ValueError(msg)
        annotations[int(position)] = [w.strip() for w in words.split(",")]
    return annotations


def math_to_text(tex: str) -> Text:
    """Render simple TeX math (``L^\\infty``, ``x_{i}``, Greek letters) as rich text."""
    parts: list[BaseText | str] = []
    tokens = iter(_MATH_TOKEN.findall(tex))
    for token in tokens:
        if token in "^_":
            argument = next(tokens, "")
            if not argument:
                msg = f"{token} without an argument in ${tex}$"
                raise ValueError(msg)
            parts.append(Tag("sup" if token == "^" else "sub", math_to_text(argument)))
        elif token.startswith("{"):
            parts.append(math_to_text(token[1:-1]))
        elif token.startswith("\\"):
            if token not in MATH_SYMBOLS:
                known = " ".join(sorted(MATH_SYMBOLS))
                msg = f"unsupported math command {token} in ${tex}$; use one of {known}"
                raise ValueError(msg)
            parts.append(MATH_SYMBOLS[token])
        else:
            parts.append(token)
    return Text(*parts)


def _render_math(parts: Iterable[BaseText]) -> list[BaseText]:
    """Replace ``$...$`` inside the strings of parsed LaTeX by rendered math."""
    rendered: list[BaseText] = []
    for part in parts:
        if isinstance(part, String):
            pieces = part.value.split("$")
            if len(pieces) % 2 == 0:
                msg = f"unbalanced $ in {part.value!r}"
                raise ValueError(msg)
            for index, piece in enumerate(pieces):
                if index % 2:
                    rendered.append(math_to_text(piece))
                elif piece:
                    rendered.append(String(piece))
        elif isinstance(part, Protected):
            rendered.append(Protected(*_render_math(part.parts)))
        else:
            rendered.append(part)
    return rendered


def latex_to_text(value: str) -> Text:
    """Parse a BibTeX field value (accents, braces, ``$math$``) into rich text."""
    return Text(*_render_math(Text.from_latex(value).parts))


def latex_to_plain(value: str) -> str:
    """A BibTeX field value as plain text (``render_as`` would look up the backend
    among all installed plugins on every call)."""
    return latex_to_text(value).render(_PLAIN_TEXT)


def entry_links(entry: Entry) -> list[tuple[str, str]]:
    """(short text, URL) of each link the entry's fields give: arXiv, DOI, publisher."""
    fields = entry.fields
    links = []
    if "eprint" in fields:
        links.append(
            (f"arXiv:{fields['eprint']}", f"https://arxiv.org/abs/{fields['eprint']}")
        )
    if "doi" in fields:
        links.append(("DOI", f"https://doi.org/{fields['doi']}"))
    if "url" in fields:
        links.append(("Publisher", fields["url"]))
    return links


def _bare(name_part: str) -> str:
    """A name part as plain lowercase text, without marks such as a trailing ``*``."""
    return _TRAILING_MARKS.sub("", latex_to_plain(name_part)).lower()


def is_same_person(person: Person, owner: Person) -> bool:
    """Whether *person* names *owner*, allowing initials ("Wu, L.") and marks."""
    if [_bare(p) for p in person.last_names] != [_bare(p) for p in owner.last_names]:
        return False
    given = [_bare(p) for p in person.first_names + person.middle_names]
    owner_given = [_bare(p) for p in owner.first_names + owner.middle_names]
    if len(given) > len(owner_given):
        return False
    return all(
        name == full
        or (name.endswith(".") and full.startswith(name[:-1]))
        or (len(name) == 1 and full.startswith(name))
        for name, full in zip(given, owner_given, strict=False)
    )


def full_name(person: Person) -> str:
    """The name in reading order, as written in the bib file (LaTeX kept)."""
    return " ".join(
        person.first_names
        + person.middle_names
        + person.prelast_names
        + person.last_names
        + person.lineage_names
    )


class CVStyle(BaseStyle):
    """Format CV entries: ``Authors. Title. In *Venue*, Year.`` followed by links.

    pybtex builds styles without arguments, so the owner and the annotation
    marks are class attributes, set from the Sphinx configuration.
    """

    default_label_style = "number"
    default_name_style = "plain"

    #: The CV's owner, whose name is set in bold.
    owner: ClassVar[str] = ""
    #: Annotation word -> mark written after the name, e.g. ``{"equal": "*"}``.
    annotation_marks: ClassVar[dict[str, str]] = {"equal": "*"}
    #: Whether entries end with their links (not in tooltips, say).
    with_links: ClassVar[bool] = True
    #: Entry keys in the order the CV lists them (the bib file's order).
    entry_order: ClassVar[dict[str, int]] = {}

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.sort = self.sort_in_bib_order  # BaseStyle binds its sorting style here

    def sort_in_bib_order(self, entries: Iterable[Entry]) -> list[Entry]:
        """Keep the bib file's order, not the order of first citation."""
        fallback = len(self.entry_order)
        return sorted(entries, key=lambda e: self.entry_order.get(e.key, fallback))

    def format_entry(self, label: str, entry: Entry, bib_data=None) -> FormattedEntry:
        venue_field = VENUE_FIELD.get(entry.type)
        if venue_field is None:
            known = ", ".join(sorted(VENUE_FIELD))
            msg = f"entry type @{entry.type} of {entry.key}; use one of {known}"
            raise FieldIsMissing(msg, entry)
        venue = Tag("em", latex_to_text(self._field(entry, venue_field)))
        text = Text(
            self.format_authors(entry),
            ". ",
            latex_to_text(self._field(entry, "title")),
            ". ",
            Text("In ", venue) if entry.type == "inproceedings" else venue,
            ", ",
            self._field(entry, "year"),
            ".",
            *(self.format_links(entry) if self.with_links else []),
        )
        return FormattedEntry(entry.key, text, label)

    @staticmethod
    def _field(entry: Entry, name: str) -> str:
        try:
            return entry.fields[name]
        except KeyError:
            raise FieldIsMissing(name, entry) from None

    def format_authors(self, entry: Entry) -> Text:
        persons = entry.persons.get("author")
        if not persons:
            raise FieldIsMissing("author", entry)
        annotations = parse_annotations(entry.fields.get("author+an", ""))
        owner = Person(self.owner) if self.owner else None
        names: list[BaseText | str] = []
        for position, person in enumerate(persons, start=1):
            marks = "".join(
                self.annotation_marks.get(word, "")
                for word in annotations.get(position, [])
            )
            name = Text(latex_to_text(full_name(person)), marks)
            if owner is not None and is_same_person(person, owner):
                name = Tag("b", name)
            names.append(name)
        return Text(", ").join(names)

    @staticmethod
    def format_links(entry: Entry) -> list[BaseText | str]:
        """Short links: ``arXiv:ID``, ``DOI`` and ``Publisher``, each only if known."""
        parts: list[BaseText | str] = []
        for text, url in entry_links(entry):
            parts += [" ", HRef(url, text)]
        return parts


class CVTooltipStyle(CVStyle):
    """The same entries without their links, for citation tooltips."""

    with_links = False
