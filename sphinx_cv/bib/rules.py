"""The rules of a CV's bib file: every entry shown and linked as it should be,
each problem with its line, key and fix (the build and ``make check`` share them)."""

from __future__ import annotations

import re
from contextlib import suppress
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from pybtex.database import Entry, Person

from sphinx_cv.bib.formats import name_parts
from sphinx_cv.bib.model import (
    REMARK_FIELDS,
    VENUE_FIELD,
    authors_of,
    full_name,
    is_owner,
    latex_to_plain,
    link_problems,
    owner_names,
    paper_slug,
    parse_annotations,
)
from sphinx_cv.bib.tex import UnsupportedTeX, pdf_missing_characters
from sphinx_cv.config import DEFAULTS

if TYPE_CHECKING:
    from collections.abc import Callable


from sphinx_cv.bib.reader import (
    KEY_CHARACTERS,
    Lines,
    Problem,
    brace_balances,
    commented_out,
    control_characters,
    entry_heads,
    in_comments,
    parse_bib,
    read_text,
)

YEAR = re.compile(r"\d{4}")
#: Fields shown on the page, each rendered from LaTeX.
SHOWN_FIELDS = tuple(
    dict.fromkeys(["title", "year", *VENUE_FIELD.values(), *REMARK_FIELDS])
)


def check_bibfile(
    path: Path,
    owner: str | list[str] = "",
    marks: dict[str, str] | None = None,
    *,
    pdf: Unshowable | None = None,
) -> list[Problem]:
    """Every problem of *path* that would drop or garble a paper.

    With *pdf*, also every character that the PDF cannot show.
    """
    return read_bibfile(path, owner, marks, pdf=pdf)[0]


def read_bibfile(
    path: Path,
    owner: str | list[str] = "",
    marks: dict[str, str] | None = None,
    *,
    pdf: Unshowable | None = None,
) -> tuple[list[Problem], dict[str, str]]:
    """:func:`check_bibfile`, and the keys of the file's entries (lowercase key
    to the key as written)."""
    marks = DEFAULTS["cv_annotation_marks"] if marks is None else marks
    text, problems = read_text(path)
    if text is None:
        return problems, {}
    lines = Lines(text)
    entries, key_lines, found, common = parse_bib(text, lines)
    keys = {key.lower(): key for key in entries}
    found += control_characters(text, lines)
    found += commented_out(text, lines)
    hidden = in_comments(text, lines)
    found += [(line, message) for line, _, message in hidden]
    garbled = {key.lower() for _, key, _ in hidden}
    for key, at in key_lines.items():
        garbled |= {key} if len(at) > 1 else set()
        found += [
            (
                line,
                f"duplicate key {key!r} (first at line {at[0]}): "
                "give one of the entries another key, or delete the copy",
            )
            for line in at[1:]
        ]
    if not common:  # where braces do not pair up, say which entry they swallow
        unpaired = [
            (key, line, balance)
            for key, line, balance in brace_balances(text, lines)
            if balance and key.lower() not in garbled
        ]
        garbled |= {key.lower() for key, _, _ in unpaired}
        found += [
            (
                line,
                f"[{key}] {'{'} and {'}'} do not pair up in this entry "
                f"({balance:+d}): close every brace you open",
            )
            for key, line, balance in unpaired
        ]
        found += [
            (
                line,
                f"entry {key!r} could not be read: an unclosed brace in it, "
                "or in the entry before it, swallowed it",
            )
            for key, line, _ in entry_heads(text, lines)
            if key.lower() not in key_lines
        ]
    if not found and not entries:
        found.append(
            (
                1,
                "no entries: add your publications as BibTeX entries, "
                "or take the file out of bibtex_bibfiles in conf.py",
            )
        )
    found += shared_pages(entries, key_lines)
    if pdf is not None:
        shown = {k: e for k, e in entries.items() if k.lower() not in garbled}
        found += unshowable_problems(shown, key_lines, pdf)
    notes: list[Problem] = []
    owners = [Person(name) for name in owner_names(owner)]
    # An entry whose braces or key are in doubt would only add echoes of the cause.
    for key, entry in entries.items():
        if key.lower() in garbled:
            continue
        line = key_lines[key.lower()][0]
        found += [
            (line, f"[{key}] {message}") for message in entry_problems(entry, marks)
        ]
        if (
            owners
            and (authors := authors_of(entry))
            and not any(is_owner(person, owners) for person in authors)
        ):
            notes.append(
                Problem(
                    path,
                    line,
                    f"[{key}] {full_name(owners[0])} is not among the authors, so "
                    "no name is in bold: check the name's spelling (cv_owner may "
                    "list several), or remove the entry if it is not a paper of yours",
                    note=True,
                )
            )
    return [Problem(path, line, m) for line, m in sorted(found)] + notes, keys


#: The longest key whose paper page (KEY.html) a file system can hold: 255 bytes.
LONGEST_KEY = 200
#: Ids that docutils gives elements itself (id1, id2 …): a key like them would
#: give two elements of its list's page the same id.
AUTOMATIC_ID = re.compile(r"id\d+")


def key_problems(key: str) -> list[str]:
    """What keeps *key* from being an HTML id, a URL fragment and a file name."""
    problems = []
    if bad := sorted({c for c in key if not re.fullmatch(f"[{KEY_CHARACTERS}]", c)}):
        shown = " ".join(repr(c) for c in bad)
        problems.append(
            f"key {key!r} has characters other than letters, digits and "
            f"_ - : . / + ({shown}): rename the entry (and its citations)"
        )
    elif key and not key[0].isalnum():
        problems.append(
            f"key {key!r} begins with {key[0]!r}: begin it with a letter or digit "
            "(and rename its citations)"
        )
    if len(key) > LONGEST_KEY:
        problems.append(
            f"key of {len(key)} characters is too long for its paper page's file "
            f"name: shorten it to at most {LONGEST_KEY} (and its citations)"
        )
    if AUTOMATIC_ID.fullmatch(key.lower()):
        problems.append(
            f"key {key!r} is an id docutils gives elements of a page itself: "
            "rename the entry (and its citations)"
        )
    return problems


def shared_pages(entries: dict[str, Entry], key_lines: dict) -> list[tuple[int, str]]:
    """Keys that become the same paper page's name (``a.b`` and ``a-b``)."""
    first: dict[str, str] = {}
    found = []
    for key in entries:
        slug = paper_slug(key).lower()
        if slug in first:
            found.append(
                (
                    key_lines[key.lower()][0],
                    f"[{key}] key would share the paper page {slug}.html with "
                    f"{first[slug]!r} (line {key_lines[first[slug].lower()][0]}): "
                    "rename one of them (and its citations)",
                )
            )
        else:
            first[slug] = key
    return found


def shown_values(entry: Entry) -> list[tuple[str, str]]:
    """(field, LaTeX value) of what the entry shows: its fields and authors."""
    shown = [(f, entry.fields[f]) for f in SHOWN_FIELDS if f in entry.fields]
    return shown + [("author", full_name(person)) for person in authors_of(entry)]


class Unshowable(NamedTuple):
    """What a PDF cannot show: the characters of a text it has no glyph for
    (each once), and what to do about them."""

    characters: Callable[[str], list[str]]
    message: Callable[[list[str]], str]


#: What pdfLaTeX (the LaTeX route, ``make pdf-latex``) cannot show.
PDFLATEX = Unshowable(
    pdf_missing_characters,
    lambda missing: (
        f"make pdf-latex cannot show {' '.join(missing)} "
        f"({', '.join(f'U+{ord(c):04X}' for c in missing)}): pdfLaTeX's fonts "
        "cover Latin scripts only; make pdf shows every script"
    ),
)


def unshowable_problems(
    entries: dict[str, Entry], key_lines: dict, pdf: Unshowable
) -> list[tuple[int, str]]:
    """Each shown field with characters that the PDF has no glyph for (the
    file's characters are checked at once: a check may run Typst)."""
    plain: dict[str, list[tuple[str, str]]] = {}
    for key, entry in entries.items():
        for field, value in shown_values(entry):
            with suppress(UnsupportedTeX):  # said by entry_problems
                plain.setdefault(key, []).append((field, latex_to_plain(value)))
    everything = "".join(text for fields in plain.values() for _, text in fields)
    unshown = set(pdf.characters(everything))
    found = []
    for key, fields in plain.items() if unshown else ():
        missing: dict[str, list[str]] = {}  # by field, the authors' together
        for field, text in fields:
            missing.setdefault(field, []).extend(c for c in text if c in unshown)
        line = key_lines[key.lower()][0]
        found += [
            (line, f"[{key}] {field}: {pdf.message(list(dict.fromkeys(chars)))}")
            for field, chars in sorted(missing.items())
            if chars
        ]
    return found


def reads(value: str) -> bool:
    """Whether *value* is TeX that the CV reads."""
    try:
        latex_to_plain(value)
    except UnsupportedTeX:
        return False
    return True


def reads_in_parts(person: Person) -> bool:
    """Whether the person's family and given names each read on their own."""
    try:
        name_parts(person)
    except UnsupportedTeX:
        return False
    return True


def entry_problems(entry, marks: dict[str, str]) -> list[str]:
    """What is wrong with one parsed entry, each with the fix."""
    problems = key_problems(entry.key)
    venue = VENUE_FIELD.get(entry.type)
    if venue is None:
        types = ", ".join(f"@{t}" for t in VENUE_FIELD)
        return [*problems, f"unknown entry type @{entry.type}: use one of {types}"]
    authors = authors_of(entry)
    if not authors:
        problems.append("missing field 'author': add author = {First Last and ...}")
    for field in ("title", "year", venue):
        if not re.sub(r"[{}\s]", "", entry.fields.get(field, "")):
            problems.append(
                f"missing field {field!r}, required for @{entry.type}: "
                f"add {field} = {{...}}"
            )
    year = entry.fields.get("year", "").strip()
    if year and not YEAR.fullmatch(year):
        problems.append(f"year {year!r} is not a year: write four digits, e.g. 2024")
    problems += link_problems(entry.fields)
    for field, value in shown_values(entry):
        try:
            latex_to_plain(value)
        except UnsupportedTeX as error:
            problems.append(f"{field}: {error}")
    for person in authors:  # read whole above; the exports read it in parts
        if reads(full_name(person)) and not reads_in_parts(person):
            problems.append(
                f"author '{full_name(person)}': BibTeX splits a name at its "
                "spaces, which cuts the TeX in it apart: put braces around "
                "that part, e.g. {$\\alpha \\le \\beta$}"
            )
    try:
        annotations = parse_annotations(entry.fields.get("author+an", ""))
    except ValueError as error:
        annotations = {}
        problems.append(f"author+an: {error}")
    for position, words in sorted(annotations.items()):
        if not 1 <= position <= len(authors):
            problems.append(
                f"author+an points at author {position}, but there are "
                f"{len(authors)} authors: number the authors from 1"
            )
        for word in words:
            if word not in marks:
                known = ", ".join(sorted(marks))
                problems.append(
                    f"author+an uses unknown word {word!r}: use one of {known} "
                    "(cv_annotation_marks in conf.py)"
                )
    return problems
