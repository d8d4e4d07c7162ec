"""biblatex's data model read as the BibTeX one the CV shows: its entry types
(``@thesis``, ``@report``, ``@online`` …) as their BibTeX kin, ``date`` as the
year, ``journaltitle`` as the journal, ``institution`` as a thesis's school.
Reference managers (Zotero, JabRef, biblatex users) export these as they are."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from sphinx_cv.bib.model import VENUE_FIELD

if TYPE_CHECKING:
    from pybtex.database import Entry

#: biblatex's entry types (and aliases) with the BibTeX type whose form they take.
TYPES = {
    "thesis": "phdthesis",
    "report": "techreport",
    "proceedings": "book",
    "collection": "book",
    "booklet": "misc",
    "manual": "misc",
    "software": "misc",
    "dataset": "misc",
    "electronic": "online",
    "www": "online",
    "webpage": "online",
    "patent": "misc",
    "periodical": "book",
}
#: biblatex's field names and the BibTeX field each stands for, where the entry
#: has no BibTeX field of that name.
FIELDS = {"journaltitle": "journal", "location": "address"}
#: Where the venue of an entry that lacks it is written instead (in order).
VENUE_STANDINS = {
    "phdthesis": ["institution"],
    "mastersthesis": ["institution"],
    "misc": ["publisher", "organization", "institution"],
    "online": ["organization", "publisher"],
    "book": ["organization"],
}
_YEAR = re.compile(r"\d{4}")
_MASTERS = re.compile(r"master|\bma\b|\bmsc\b|mathesis", re.IGNORECASE)


def keep_as_written(entry: Entry) -> None:
    """Remember the entry's fields as the bib file writes them, before they are
    read otherwise: its BibTeX record shows them so."""
    if not hasattr(entry, "fields_as_written"):
        entry.fields_as_written = dict(entry.fields)  # type: ignore[attr-defined]


def fields_as_written(entry: Entry) -> dict[str, str]:
    """The entry's fields as the bib file writes them."""
    return getattr(entry, "fields_as_written", entry.fields)


def as_bibtex(entry: Entry) -> Entry:
    """*entry* with biblatex's types and fields also under their BibTeX names
    (those written in BibTeX win); ``original_type`` keeps the type as written,
    :func:`fields_as_written` the fields."""
    keep_as_written(entry)
    original = entry.original_type
    kind = entry.type.lower()
    if kind in TYPES:
        kind = TYPES[kind]
        if kind == "phdthesis" and _MASTERS.search(entry.fields.get("type", "")):
            kind = "mastersthesis"
        entry.type = kind
        entry.original_type = original
    fields = entry.fields
    for biblatex, bibtex in FIELDS.items():
        if biblatex in fields and bibtex not in fields:
            fields[bibtex] = fields[biblatex]
    if "year" not in fields and (year := _YEAR.match(fields.get("date", "").strip())):
        fields["year"] = year.group()
    venue = VENUE_FIELD.get(kind)
    if venue and venue not in fields:
        for standin in VENUE_STANDINS.get(kind, []):
            if standin in fields:
                fields[venue] = fields[standin]
                break
        else:
            if kind == "online" and (host := urlsplit(fields.get("url", "")).hostname):
                fields[venue] = host.removeprefix("www.")
    return entry
