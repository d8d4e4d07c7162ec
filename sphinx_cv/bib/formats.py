"""Each paper as RIS, CSL-JSON and Highwire Press fields, for reference tools."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from sphinx_cv.bib.model import (
    VENUE_FIELD,
    address,
    authors_of,
    is_published,
    latex_to_plain,
    paper_links,
)

if TYPE_CHECKING:
    from pybtex.database import Entry, Person

#: RIS and CSL types by BibTeX type; what is not listed is a generic work.
RIS_TYPES = {
    "article": "JOUR",
    "inproceedings": "CPAPER",
    "conference": "CPAPER",
    "incollection": "CHAP",
    "inbook": "CHAP",
    "book": "BOOK",
    "phdthesis": "THES",
    "mastersthesis": "THES",
    "techreport": "RPRT",
    "unpublished": "UNPB",
    "online": "ELEC",
}
CSL_TYPES = {
    "article": "article-journal",
    "inproceedings": "paper-conference",
    "conference": "paper-conference",
    "incollection": "chapter",
    "inbook": "chapter",
    "book": "book",
    "phdthesis": "thesis",
    "mastersthesis": "thesis",
    "techreport": "report",
    "unpublished": "manuscript",
    "online": "webpage",
}
_PAGES = re.compile(r"^\s*(\w+)\s*(?:-+|–)\s*(\w+)\s*$")


def plain(entry: Entry, field: str) -> str:
    return " ".join(latex_to_plain(entry.fields.get(field, "")).split())


def venue(entry: Entry) -> str:
    return plain(entry, VENUE_FIELD[entry.type])


def kind(entry: Entry) -> str:
    """The entry's type as reference tools see it: an arXiv "article" is a preprint."""
    if entry.type == "article" and not is_published(entry):
        return "preprint"
    return entry.type


def pages(entry: Entry) -> tuple[str, str]:
    """(first page, last page) of the ``pages`` field, where it gives them."""
    value = plain(entry, "pages")
    if match := _PAGES.match(value):
        return match.group(1), match.group(2)
    return value, ""


def name_parts(person: Person) -> tuple[str, str]:
    """(family, given) of a person, as plain text."""
    family = " ".join(person.prelast_names + person.last_names)
    given = " ".join(person.first_names + person.middle_names)
    return latex_to_plain(family), latex_to_plain(given)


def ris_record(entry: Entry) -> dict[str, Any]:
    """The entry for rispy: RIS tags by their rispy names."""
    record: dict[str, Any] = {
        "type_of_reference": "GEN"
        if kind(entry) == "preprint"
        else RIS_TYPES.get(entry.type, "GEN"),
        "id": entry.key,
        "title": plain(entry, "title"),
        "authors": [", ".join(name_parts(p)) for p in authors_of(entry)],
        "year": plain(entry, "year"),
    }
    if name := venue(entry):
        record["secondary_title"] = name
    for field, tag in (("volume", "volume"), ("number", "number")):
        if value := plain(entry, field):
            record[tag] = value
    first, last = pages(entry)
    if first:
        record["start_page"] = first
    if last:
        record["end_page"] = last
    if doi := address(entry.fields, "doi"):
        record["doi"] = doi
    if abstract := plain(entry, "abstract"):
        record["abstract"] = abstract
    urls = [url for url in (address(entry.fields, "url"),) if url]
    if eprint := address(entry.fields, "eprint"):
        urls.append(f"https://arxiv.org/abs/{eprint}")
    if urls:
        record["urls"] = urls
    return record


def csl_item(entry: Entry) -> dict[str, Any]:
    """The entry as a CSL-JSON item."""
    item: dict[str, Any] = {
        "id": entry.key,
        "type": "article" if kind(entry) == "preprint" else CSL_TYPES.get(entry.type),
        "title": plain(entry, "title"),
        "author": [
            {"family": family, "given": given}
            for family, given in map(name_parts, authors_of(entry))
        ],
        "issued": {"date-parts": [[int(plain(entry, "year"))]]},
    }
    if item["type"] is None:
        item["type"] = "article"
    if name := venue(entry):
        item["container-title"] = name
    if value := plain(entry, "volume"):
        item["volume"] = value
    if value := plain(entry, "number"):
        item["issue"] = value
    if value := plain(entry, "pages"):
        item["page"] = value.replace("--", "-")
    if doi := address(entry.fields, "doi"):
        item["DOI"] = doi
    if url := address(entry.fields, "url"):
        item["URL"] = url
    elif eprint := address(entry.fields, "eprint"):
        item["URL"] = f"https://arxiv.org/abs/{eprint}"
    if abstract := plain(entry, "abstract"):
        item["abstract"] = abstract
    return item


def highwire_tags(entry: Entry, abstract_url: str = "") -> list[tuple[str, str]]:
    """Google Scholar's citation_* tags (its inclusion guidelines), in order."""
    tags = [("citation_title", plain(entry, "title"))]
    tags += [("citation_author", ", ".join(name_parts(p))) for p in authors_of(entry)]
    tags.append(("citation_publication_date", plain(entry, "year")))
    if name := venue(entry):
        field = (
            "citation_conference_title"
            if VENUE_FIELD[entry.type] == "booktitle"
            else "citation_journal_title"
            if entry.type == "article"
            else "citation_publisher"
            if entry.type == "book"
            else "citation_technical_report_institution"
            if entry.type == "techreport"
            else "citation_dissertation_institution"
            if entry.type.endswith("thesis")
            else ""
        )
        if field:
            tags.append((field, name))
    for field, tag in (("volume", "citation_volume"), ("number", "citation_issue")):
        if value := plain(entry, field):
            tags.append((tag, value))
    first, last = pages(entry)
    if first:
        tags.append(("citation_firstpage", first))
    if last:
        tags.append(("citation_lastpage", last))
    if doi := address(entry.fields, "doi"):
        tags.append(("citation_doi", doi))
    if abstract_url and "abstract" in entry.fields:
        tags.append(("citation_abstract_html_url", abstract_url))
    return tags


def coins(entry: Entry) -> str:
    """The entry as a COinS OpenURL ContextObject (Z39.88-2004), the title
    attribute of a ``span.Z3988`` that Zotero's connector reads on list pages."""
    book = entry.type in {"book", "inbook", "incollection"}
    pairs = [
        ("ctx_ver", "Z39.88-2004"),
        ("rft_val_fmt", f"info:ofi/fmt:kev:mtx:{'book' if book else 'journal'}"),
        ("rft.genre", GENRES.get(kind(entry), "document")),
        (
            "rft.atitle" if entry.type != "book" else "rft.btitle",
            plain(entry, "title"),
        ),
    ]
    if name := venue(entry):
        pairs.append(("rft.btitle" if book else "rft.jtitle", name))
    pairs.append(("rft.date", plain(entry, "year")))
    for person in authors_of(entry):
        family, given = name_parts(person)
        pairs.append(("rft.au", f"{family}, {given}" if given else family))
    if doi := address(entry.fields, "doi"):
        pairs.append(("rft_id", f"info:doi/{doi}"))
    for _text, url in paper_links(entry):
        if "doi.org" not in url:
            pairs.append(("rft_id", url))
    # Form encoding, which Zotero reads; ":" and "/" as they are, so that a
    # link in it repeats the href beside it, which gzip then stores once.
    return urlencode(pairs, safe=":/")


GENRES = {
    "article": "article",
    "inproceedings": "proceeding",
    "conference": "proceeding",
    "incollection": "bookitem",
    "inbook": "bookitem",
    "book": "book",
    "preprint": "preprint",
}
