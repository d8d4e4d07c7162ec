"""The pybtex style ``cv-gbt7714``: references as Chinese universities and funders
ask for them, after GB/T 7714-2015 (sequential numbering): ``WU L, MA C, E W.
Title[J]. Journal, 2018, 31(2): 1-10.``, with the owner in bold and the links."""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING

from pybtex.database import Person
from pybtex.richtext import HRef, Tag, Text
from pybtex.style import FormattedEntry
from pybtex.style.template import FieldIsMissing

from sphinx_cv.bib.model import (
    PAPER_SCHEME,
    VENUE_FIELD,
    authors_of,
    full_name,
    is_owner,
    is_published,
    owner_names,
    paper_links,
    parse_annotations,
)
from sphinx_cv.bib.style import CVStyle
from sphinx_cv.bib.tex import latex_to_plain, latex_to_text

if TYPE_CHECKING:
    from pybtex.database import Entry
    from pybtex.richtext import BaseText

#: The standard's code for each kind of work (its table 1 and appendix B).
TYPE_CODES = {
    "article": "J",
    "inproceedings": "C",
    "conference": "C",
    "incollection": "M",
    "inbook": "M",
    "book": "M",
    "phdthesis": "D",
    "mastersthesis": "D",
    "techreport": "R",
    "misc": "Z",
    "unpublished": "Z",
    "online": "EB/OL",
}
#: Han characters and kana: an entry with them is written in Chinese (or
#: Japanese), and its list of authors ends with "等" instead of "et al.".
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
#: The standard lists the first three authors of more.
SHOWN_AUTHORS = 3


def name_in_gbt7714(person: Person) -> str:
    """A name as the standard writes it: a name in Latin letters with the
    family name in capitals, then the initials of the given names, without
    points (``WU L``, ``E W``, ``SERRE J P``); one in Han characters or
    another script as it is written."""
    written = latex_to_plain(full_name(person))
    if not all(is_latin(c) for c in written if c.isalpha()):
        return written  # Han characters, Arabic, Cyrillic ... as written
    family = " ".join(person.prelast_names + person.last_names + person.lineage_names)
    initials = [
        initial
        for given in person.first_names + person.middle_names
        for part in latex_to_plain(given).replace(".", " ").split("-")
        if (initial := part.strip()[:1].upper())
    ]
    return " ".join([latex_to_plain(family).upper(), *initials])


def is_latin(letter: str) -> bool:
    return unicodedata.name(letter, "").startswith("LATIN")


def is_chinese(entry: Entry) -> bool:
    return any(_CJK.search(value) for value in entry.fields.values()) or any(
        _CJK.search(str(person)) for person in authors_of(entry)
    )


class GBT7714Style(CVStyle):
    """``Authors. Title[J]. Venue, Year, Volume(Number): Pages.``, then links."""

    def format_entry(self, label: str, entry: Entry, bib_data=None) -> FormattedEntry:
        venue_field = self.venue_field(entry)
        source = self.format_source(entry)
        text = Text(
            self.format_authors(entry).add_period(),
            " ",
            self.format_title(entry),
            *([] if str(source).startswith("//") else [". "]),
            source,
            *self.format_remarks(entry, venue_field),
            *(self.format_links(entry) if self.with_links else []),
        )
        return FormattedEntry(entry.key, text, label)

    def format_authors(self, entry: Entry) -> Text:
        persons = authors_of(entry)
        if not persons:
            raise FieldIsMissing("author", entry)
        annotations = parse_annotations(entry.fields.get("author+an", ""))
        owners = [Person(name) for name in owner_names(self.owner)]
        names: list[BaseText | str] = []
        for position, person in enumerate(persons[:SHOWN_AUTHORS], start=1):
            marks = "".join(
                self.annotation_marks.get(word, "")
                for word in annotations.get(position, [])
            )
            name = Text(name_in_gbt7714(person), marks)
            names.append(Tag("b", name) if is_owner(person, owners) else name)
        if len(persons) < len(entry.persons["author"]) or len(persons) > SHOWN_AUTHORS:
            names.append("等" if is_chinese(entry) else "et al.")
        return Text(", ").join(names)

    def format_title(self, entry: Entry) -> BaseText:
        title: BaseText = latex_to_text(self._field(entry, "title"))
        if self.with_links:  # to its page: see sphinx_cv.publications.link_titles
            title = HRef(f"{PAPER_SCHEME}{entry.key}", title)
        return Text(title, f"[{self.type_code(entry)}]")

    @staticmethod
    def type_code(entry: Entry) -> str:
        """J, C, M, D, R; a preprint with a link is an electronic work (EB/OL)."""
        if not is_published(entry) and paper_links(entry):
            return "EB/OL"
        return TYPE_CODES[entry.type]

    def format_source(self, entry: Entry) -> Text:
        """Where the work appeared and when: ``Journal, 2018, 31(2): 1-10.``,
        ``//Proceedings. 2018: 1-10.``, ``Address: Publisher, 2018.``"""
        fields = entry.fields
        venue = latex_to_text(self._field(entry, VENUE_FIELD[entry.type]))
        year = latex_to_text(self._field(entry, "year"))
        pages = re.sub("[-–]+", "-", latex_to_plain(fields.get("pages", "")))
        volume = Text(
            latex_to_text(fields.get("volume", "")),
            f"({latex_to_plain(fields['number'])})" if "number" in fields else "",
        )
        if entry.type in {"inproceedings", "conference", "incollection", "inbook"}:
            source = Text("//", venue, ". ", year)
        elif entry.type == "article":
            source = Text(venue, ", ", year)
            if str(volume):
                source = Text(source, ", ", volume)
        elif entry.type == "book" and "address" in fields:
            source = Text(latex_to_text(fields["address"]), ": ", venue, ", ", year)
        else:
            source = Text(venue, ", ", year)
        if pages:
            source = Text(source, ": ", pages)
        return Text(source).add_period()


class GBT7714TooltipStyle(GBT7714Style):
    """The same entries without their links, for citation tooltips."""

    with_links = False
