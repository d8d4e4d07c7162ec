"""What a CV entry is: its kind and list, venue, authors and their annotations,
links, and whether a name is the owner's."""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING
from urllib.parse import quote, unquote, urlsplit

from pybtex.database import Person

from sphinx_cv.bib.tex import UnsupportedTeX, latex_to_plain

if TYPE_CHECKING:
    from pybtex.database import Entry

#: Entry types a CV lists, with the field that names where each appeared.
#: The published list takes these types ...
PUBLISHED_VENUES = {
    "article": "journal",
    "inproceedings": "booktitle",
    "conference": "booktitle",
    "incollection": "booktitle",
    "inbook": "booktitle",
    "book": "publisher",
}
#: ... and the list of preprints and other works these; other types stop the build.
OTHER_VENUES = {
    "misc": "howpublished",
    "unpublished": "note",
    "online": "howpublished",
    "techreport": "institution",
    "phdthesis": "school",
    "mastersthesis": "school",
}
VENUE_FIELD = PUBLISHED_VENUES | OTHER_VENUES
#: A "journal" that is a preprint server: such an @article is a preprint (Google
#: Scholar and DBLP export arXiv papers as @article in "arXiv preprint" or "CoRR").
PREPRINT_JOURNAL = r"arxiv|biorxiv|medrxiv|chemrxiv|ssrn|preprint|^corr$"
_PUBLISHED = (
    f"type in {{{', '.join(map(repr, PUBLISHED_VENUES))}}} "
    f"and not journal % {PREPRINT_JOURNAL!r}"
)
#: Each list's entries, in sphinxcontrib-bibtex's filter language.
LIST_FILTERS = {"published": _PUBLISHED, "preprints": f"not ({_PUBLISHED})"}

_PREPRINT = re.compile(PREPRINT_JOURNAL, re.IGNORECASE)
_TRAILING_MARKS = re.compile(r"[^\w.]+$")
_ARXIV_ID = re.compile(r"\d{4}\.\d{4,5}(v\d+)?|[a-z-]+(\.[A-Z]{2})?/\d{7}(v\d+)?")
_DOI = re.compile(r"10\.\d{4,9}/\S+")
#: TeX's escapes of characters that an address holds as they are (DBLP writes
#: ``10.1007/978-3-319\_1``), and a DOI's resolver or prefix written before it.
_TEX_ESCAPE = re.compile(r"\\([_%&#$~])")
_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
#: Characters a DOI keeps in its URL (``#`` would start a fragment).
_DOI_SAFE = "/:;()[].,_-+=!*'~%@$&?"


#: The title's link to the paper's own page, until a transform knows its address.
PAPER_SCHEME = "cv-paper:"


def is_published(entry: Entry) -> bool:
    """Whether *entry* belongs to the published list (:data:`LIST_FILTERS`)."""
    journal = entry.fields.get("journal", "")
    return entry.type in PUBLISHED_VENUES and not _PREPRINT.search(journal)


def is_others(person: Person) -> bool:
    """Whether *person* is the "others" of an author list ending "and others"."""
    return str(person) == "others"


def authors_of(entry: Entry) -> list[Person]:
    """The named authors, without the "others" of "and others"."""
    return [p for p in entry.persons.get("author", []) if not is_others(p)]


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


def is_web_address(url: str) -> bool:
    """Whether *url* is an absolute http(s) address."""
    parts = urlsplit(url) if url.isprintable() and " " not in url else None
    return bool(parts and parts.scheme in ("http", "https") and parts.netloc)


_NOT_IN_FILE_NAMES = re.compile(r"[^A-Za-z0-9_-]")


def paper_slug(key: str) -> str:
    """The file name (without suffix) of a paper's page."""
    return _NOT_IN_FILE_NAMES.sub("-", key)


#: Fields shown after the year as sentences of their own, as biblatex prints them.
REMARK_FIELDS = ("note", "addendum")
#: Fields that link a paper's material, with the text of each link, in the order
#: shown: the fields al-folio's users write.
MATERIAL_LINKS = {
    "pdf": "PDF",
    "html": "HTML",
    "code": "Code",
    "data": "Data",
    "slides": "Slides",
    "poster": "Poster",
    "video": "Video",
    "supp": "Supplement",
    "website": "Website",
    "blog": "Blog",
}


def address(fields, name: str) -> str | None:
    """The field *name* (``doi``, ``url``, ``eprint`` or a material link) as the
    address it writes: TeX's escapes and braces decoded, a DOI without the
    resolver or ``doi:`` written before it; None without the field."""
    if name not in fields:
        return None
    value = _TEX_ESCAPE.sub(r"\1", fields[name]).replace("{", "").replace("}", "")
    value = value.strip()
    return _DOI_PREFIX.sub("", value) if name == "doi" else value


def doi_url(doi: str) -> str:
    return f"https://doi.org/{quote(doi, _DOI_SAFE)}"


def link_problems(fields) -> list[str]:
    """Why the entry's ``eprint``, ``doi``, ``url`` or a material link cannot be a
    safe link."""
    problems = [
        f"{field} {fields[field]!r} is not an http(s) address: links may only lead "
        "to http:// or https:// pages (a file of the project is not linked yet)"
        for field in MATERIAL_LINKS
        if field in fields and not is_web_address(address(fields, field) or "")
    ]
    eprint, doi, url = (address(fields, name) for name in ("eprint", "doi", "url"))
    if (prefix := fields.get("archiveprefix", "arXiv")).lower() != "arxiv":
        problems.append(
            f"archiveprefix {prefix!r} is not supported: only arXiv eprints "
            "are linked; put other links in url"
        )
    if eprint is not None and not _ARXIV_ID.fullmatch(eprint):
        problems.append(
            f"eprint {fields['eprint']!r} is not an arXiv id: write it as "
            "2305.08404 (or math/0601001)"
        )
    if doi is not None and not _DOI.fullmatch(doi):
        problems.append(
            f"doi {fields['doi']!r} is not a DOI: write it as 10.1234/abc "
            "(https://doi.org/ or doi: before it may stay)"
        )
    if url is not None and not is_web_address(url):
        problems.append(
            f"url {fields['url']!r} is not an http(s) address: links may only "
            "lead to http:// or https:// pages"
        )
    return problems


def entry_links(entry: Entry) -> list[tuple[str, str]]:
    """(short text, URL) of each link the entry's fields give: the paper's own
    (:func:`paper_links`), then its material (code, slides, video …).

    The fields passed :func:`link_problems` when the bib file was checked.
    """
    material = [
        (text, link)
        for field, text in MATERIAL_LINKS.items()
        if (link := address(entry.fields, field))
    ]
    return paper_links(entry) + material


def paper_links(entry: Entry) -> list[tuple[str, str]]:
    """(short text, URL) of each address of the paper itself: arXiv, DOI,
    publisher."""
    links = []
    if eprint := address(entry.fields, "eprint"):
        links.append((f"arXiv:{eprint}", f"https://arxiv.org/abs/{eprint}"))
    if doi := address(entry.fields, "doi"):
        links.append(("DOI", doi_url(doi)))
    url = address(entry.fields, "url")
    if url and not (doi and same_doi(url, doi)):  # one link to one place
        links.append(("Publisher", url))
    return links


def same_doi(url: str, doi: str) -> bool:
    """Whether *url* is the resolver's address of *doi* (DOIs ignore case)."""
    return _DOI_PREFIX.match(url) is not None and (
        unquote(_DOI_PREFIX.sub("", url)).lower() == doi.lower()
    )


def _bare(name_part: str) -> str:
    """A name part as plain lowercase text, without marks such as a trailing ``*``.

    A part is compared as written where it is no TeX of its own: pybtex may split
    a name inside its math (``$\\alpha \\le \\beta$``), which reads whole only.
    """
    try:
        plain = latex_to_plain(name_part)
    except UnsupportedTeX:
        plain = name_part
    return _TRAILING_MARKS.sub("", plain).lower()


#: German's spellings of its umlauts in ASCII, beside the plain letters.
_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


def _spellings(word: str) -> set[str]:
    """*word* (bare, lowercase) and its ASCII spellings: Müller, Muller, Mueller."""
    folded = {word, word.translate(_UMLAUTS)}
    return {
        "".join(
            c for c in unicodedata.normalize("NFKD", w) if not unicodedata.combining(c)
        )
        for w in folded
    }


def _same_word(a: str, b: str) -> bool:
    return bool(_spellings(a) & _spellings(b))


def _given_words(words: list[str]) -> list[str]:
    """Given names, each hyphenated name and run of initials one word apiece:
    "Hans-Peter" and "H.-P." and "H.P." all give two."""
    split = []
    for word in words:
        split += [part for part in re.split(r"-|(?<=\.)(?=\w)", word) if part]
    return split


#: Words that begin a family name ("De Luca"), whichever case they are written
#: in: the owner's name may leave out a middle name, never one of these.
PARTICLES = frozenset(
    (  # noqa: SIM905 (a list of words reads best as words)
        "al bin da das de del della den der di do dos du el la le st ten ter van von y"
    ).split()
)


def _given_match(given: list[str], owner_given: list[str]) -> bool:
    """Whether given names (or their initials) are the owner's, from the first;
    later ones may be left out ("Adam G." and "Adam" are "Adam Gabriel"), but
    not a particle of the family name ("Luca" is not "De Luca")."""
    if len(given) > len(owner_given):
        return False
    if PARTICLES & set(owner_given[len(given) :]):
        return False
    return all(
        _same_word(name, full)
        or (name.endswith(".") and full.startswith(name[:-1]) and len(name) > 1)
        or (len(name) == 1 and full.startswith(name))
        for name, full in zip(given, owner_given, strict=False)
    )


def _name_words(person: Person) -> list[str]:
    parts = person.first_names + person.middle_names
    family = person.prelast_names + person.last_names
    return [_bare(p) for p in parts + family]


def is_same_person(person: Person, owner: Person) -> bool:
    """Whether *person* names *owner*, by name parts: "Last, First" or
    "First Last" with particles ("De Luca, Alessandro" is "Alessandro De Luca"),
    initials ("Wu, L.", "H.-P."), ASCII spellings (Mueller for Müller) and marks.

    The family name must be the same word for word; a person who shares only a
    surname ("Aldo de Luca") is someone else.
    """
    words, owner_words = _name_words(person), _name_words(owner)
    for size in range(1, min(len(words), len(owner_words)) + 1):
        family, owner_family = words[-size:], owner_words[-size:]
        if all(_same_word(a, b) for a, b in zip(family, owner_family, strict=True)):
            given = _given_words(words[:-size])
            owner_given = _given_words(owner_words[:-size])
            # A name of one word ("吴磊") is the owner's only if the owner's is.
            if (given or not owner_given) and _given_match(given, owner_given):
                return True
    return False


def owner_names(owner: str | list[str]) -> list[str]:
    """``cv_owner`` as a list: one name, or the several the owner writes."""
    return [owner] if isinstance(owner, str) and owner else list(owner or [])


def is_owner(person: Person, owners: list[Person]) -> bool:
    """Whether *person* is the owner in any of the owner's names."""
    return any(is_same_person(person, owner) for owner in owners)


def full_name(person: Person) -> str:
    """The name in reading order, as written in the bib file (LaTeX kept)."""
    return " ".join(
        person.first_names
        + person.middle_names
        + person.prelast_names
        + person.last_names
        + person.lineage_names
    )
