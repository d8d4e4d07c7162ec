"""Validate a CV's bib file and its citations, with messages naming file, line and fix.

Run without a Sphinx build: ``python -m sphinx_cv.check`` reads ``conf.py`` for the
bib files and the owner, and the Markdown pages for citations.
"""

from __future__ import annotations

import re
import runpy
import sys
from bisect import bisect_right
from fnmatch import fnmatch
from functools import cache
from itertools import accumulate
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from pybtex.bibtex.utils import split_name_list
from pybtex.database import Entry, Person
from pybtex.database.input.bibtex import LowLevelParser, month_names
from pybtex.scanner import PybtexSyntaxError
from pybtex.textutils import normalize_whitespace
from pybtex.utils import CaseInsensitiveDict

from .config import DEFAULTS
from .internals import citation_target_parser
from .latex import UnsupportedTeX, pdf_missing_characters
from .style import (
    VENUE_FIELD,
    authors_of,
    full_name,
    is_same_person,
    is_web_address,
    latex_to_plain,
    link_problems,
    paper_slug,
    parse_annotations,
)

if TYPE_CHECKING:
    from collections.abc import Iterator

ENTRY_HEAD = re.compile(r"(?<![^\s}])@[ \t]*(\w+)[ \t]*[{(][ \t]*([^,\s]*)")
NOT_ENTRIES = {"comment", "string", "preamble"}
PERSON_ROLES = {role.lower() for role in Person.valid_roles}
YEAR = re.compile(r"\d{4}")
#: A cite role of sphinxcontrib-bibtex in MyST: {cite:p}, {cite:t}, {cite:ps},
#: {footcite:t} and the rest; the targets are read by its own parser.
CITATION = re.compile(r"\{(?:cite|footcite)(?::\w+)*\}`([^`]*)`")
#: Characters of a citation key: it becomes an HTML id, a URL fragment and a
#: LaTeX label, so it keeps to letters, digits and a few safe marks.
KEY_CHARACTERS = "A-Za-z0-9_:./+-"
SAFE_KEY = re.compile(rf"[A-Za-z0-9][{KEY_CHARACTERS}]*")
#: Fields shown on the page, each rendered from LaTeX.
SHOWN_FIELDS = ("title", "year", *dict.fromkeys(VENUE_FIELD.values()))


class Problem(NamedTuple):
    """One mistake: where it is, and a sentence saying what to do."""

    path: Path
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class Lines:
    """Line numbers of offsets in a text, in logarithmic time."""

    def __init__(self, text: str) -> None:
        self.starts = [0, *accumulate(len(line) + 1 for line in text.split("\n"))]

    def of(self, offset: int) -> int:
        return bisect_right(self.starts, offset)


def entry_heads(text: str, lines: Lines) -> list[tuple[str, int, int]]:
    """(key, line, offset) of every entry head, in order (a key may stand twice)."""
    return [
        (match.group(2), lines.of(match.start()), match.start())
        for match in ENTRY_HEAD.finditer(text)
        if match.group(1).lower() not in NOT_ENTRIES
    ]


def entry_lines(path: Path) -> dict[str, int]:
    """The line of each entry of the bib file *path*, by lowercase key."""
    text = path.read_text(encoding="utf-8-sig", errors="replace")
    heads = entry_heads(text, Lines(text))
    return {key.lower(): line for key, line, _ in reversed(heads)}


def brace_balances(text: str, lines: Lines) -> list[tuple[str, int, int]]:
    """(key, line, opened minus closed braces) of each entry, head to next head."""
    heads = entry_heads(text, lines)
    starts = [start for _, _, start in heads]
    balances = []
    for (key, line, start), end in zip(heads, [*starts[1:], len(text)], strict=False):
        chunk = text[start:end].replace("\\{", "").replace("\\}", "")
        balances.append((key, line, chunk.count("{") - chunk.count("}")))
    return balances


def file_problem(path: Path) -> str | None:
    """Why *path* cannot be read as a bib file (missing, a folder, unreadable)."""
    if path.is_dir():
        return f"{path} is a folder, not a bib file: name the .bib file itself"
    if not path.exists():
        return (
            f"{path} does not exist: create it, or correct its name in "
            "bibtex_bibfiles in conf.py"
        )
    try:
        with path.open("rb") as file:
            file.read(1)
    except OSError as error:
        return (
            f"{path} cannot be read ({error.strerror}): make it a readable "
            "file (its permissions, or the link it is)"
        )
    return None


def read_text(path: Path) -> tuple[str | None, list[Problem]]:
    """The file's text, or why it cannot be read: the line of its first byte
    that is not UTF-8, or (at line 0) what keeps the file from being read."""
    if problem := file_problem(path):
        return None, [Problem(path, 0, problem)]
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        byte = data[error.start]
        message = (
            f"byte 0x{byte:02X} is not UTF-8 text: save the file as UTF-8 "
            "(your editor's or exporter's encoding setting)"
        )
        return None, [Problem(path, line, message)]


#: One entry as read: (type, key, [(field, value)], line).
Command = tuple[str, str, list[tuple[str, str]], int]
#: A value in the common form: ``{text}`` (braces three deep) or a number.
_VALUE = r"\{(?:[^{}]++|\{(?:[^{}]++|\{[^{}]*+\})*+\})*+\}|\d+"
_FIELD = rf"\s*[A-Za-z][\w+:.-]*\s*=\s*(?:{_VALUE})"
_FAST_FIELD = re.compile(rf"\s*([A-Za-z][\w+:.-]*)\s*=\s*({_VALUE})")
_FAST_ENTRY = re.compile(
    rf"@[ \t]*(\w+)[ \t]*\{{[ \t]*([{KEY_CHARACTERS}]+)[ \t]*,"
    rf"((?:{_FIELD}\s*,)*(?:{_FIELD})?)\s*\}}"
)


def scan_fast(text: str, lines: Lines) -> list[Command] | None:
    """The entries of a file in the common form, read fast (a pybtex scan of
    10,000 entries takes seconds): ``@type{key, name = {value} or 123, ...}``
    only. Anything else returns None, and pybtex's scanner reads the file."""
    commands: list[Command] = []
    end = 0
    for entry in _FAST_ENTRY.finditer(text):
        if "@" in text[end : entry.start()]:  # an entry not in the common form
            return None
        kind, key, body = entry.groups()
        if kind.lower() in NOT_ENTRIES:
            return None
        fields = [
            (name, " ".join(value.removeprefix("{").removesuffix("}").split()))
            for name, value in _FAST_FIELD.findall(body)
        ]
        commands.append((kind, key, fields, lines.of(entry.start())))
        end = entry.end()
    return None if "@" in text[end:] else commands


def scan_pybtex(text: str, lines: Lines, found: list) -> list[Command]:
    """The entries as pybtex's scanner reads them, and each syntax error."""

    def syntax_error(error: PybtexSyntaxError) -> None:
        found.append(
            (
                error.lineno or 1,
                f"{error}: check the braces, quotes and the 'name = {{value}},' "
                "syntax here and in the entry before",
            )
        )

    scanner = LowLevelParser(
        text,
        handle_error=syntax_error,
        want_entry=lambda _: True,
        macros=CaseInsensitiveDict(month_names),  # @string adds to them
    )
    commands: list[Command] = []
    for command, body in scanner:
        if command.lower() not in NOT_ENTRIES:
            fields = [(n, normalize_whitespace("".join(v))) for n, v in body[1]]
            commands.append(
                (command, body[0] or "", fields, lines.of(scanner.command_start))
            )
    return commands


_AND = re.compile(r" and ", re.IGNORECASE)


def names_of(value: str) -> list[str]:
    """The names of a name list, as pybtex splits them (fast where no braces are)."""
    if "{" in value or not value:
        return split_name_list(value)
    return [name.strip() for name in _AND.split(value)]


@cache
def person(name: str) -> Person:
    """A parsed name (a CV names the same people in many entries)."""
    return Person(name)


def parse_bib(text: str, lines: Lines) -> tuple[dict[str, Entry], dict, list, bool]:
    """Parse *text* as BibTeX does; return the entries (the first of a repeated
    key), the lines of each key as written, (line, message) of each error, and
    whether the file had the common form (so that every brace pairs up)."""
    found: list[tuple[int, str]] = []
    commands = scan_fast(text, lines)
    common = commands is not None
    if commands is None:
        commands = scan_pybtex(text, lines, found)
    entries: dict[str, Entry] = {}
    key_lines: dict[str, list[int]] = {}
    for kind, key, fields, line in commands:
        key_lines.setdefault(key.lower(), []).append(line)
        entry, seen = Entry(kind), set()
        for name, value in fields:
            if name.lower() in seen:
                found.append(
                    (line, f"[{key}] field {name!r} is given twice: keep one of them")
                )
            elif name.lower() in PERSON_ROLES:
                for each in names_of(value):
                    entry.add_person(person(each), name.lower())
            else:
                entry.fields[name] = value
            seen.add(name.lower())
        entry.key = key
        if len(key_lines[key.lower()]) == 1:
            entries[key] = entry
    return entries, key_lines, found, common


def check_bibfile(
    path: Path,
    owner: str = "",
    marks: dict[str, str] | None = None,
    *,
    pdf: bool = True,
) -> list[Problem]:
    """Every problem of *path* that would drop or garble a paper.

    With *pdf*, also every character that the PDF cannot show.
    """
    return read_bibfile(path, owner, marks, pdf=pdf)[0]


def read_bibfile(
    path: Path,
    owner: str = "",
    marks: dict[str, str] | None = None,
    *,
    pdf: bool = True,
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
    owner_person = Person(owner) if owner else None
    # An entry whose braces or key are in doubt would only add echoes of the cause.
    for key, entry in entries.items():
        if key.lower() in garbled:
            continue
        line = key_lines[key.lower()][0]
        found += [
            (line, f"[{key}] {message}")
            for message in entry_problems(entry, owner_person, marks, pdf=pdf)
        ]
    return [Problem(path, line, m) for line, m in sorted(found)], keys


#: Characters that no text of a paper holds and that would reach the pages and
#: exports as they are (tab, line feed and carriage return are white space).
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def control_characters(text: str, lines: Lines) -> list[tuple[int, str]]:
    return [
        (
            lines.of(match.start()),
            f"control character U+{ord(match[0]):04X} in the file: delete it "
            "(an editor that shows invisible characters finds it)",
        )
        for match in CONTROL.finditer(text)
    ]


#: An entry head after a ``%`` on its line: BibTeX has no comments, so the
#: entry is still read.
COMMENTED_HEAD = re.compile(r"^[ \t]*%[^\n]*?(@[ \t]*\w+[ \t]*[{(])", re.M)


def commented_out(text: str, lines: Lines) -> list[tuple[int, str]]:
    return [
        (
            lines.of(match.start(1)),
            "an entry after '%' is still read: BibTeX has no comment lines, so "
            "'%' hides nothing; delete the entry to leave it out",
        )
        for match in COMMENTED_HEAD.finditer(text)
        if match[1].lstrip("@ \t").rstrip("{( \t").lower() not in NOT_ENTRIES
    ]


COMMENT_BLOCK = re.compile(r"(?<![^\s}])@[ \t]*comment[ \t]*\{", re.IGNORECASE)


def in_comments(text: str, lines: Lines) -> list[tuple[int, str, str]]:
    """(line, key, message) of each entry inside an ``@comment{…}``: BibTeX
    (and so the site) reads it, biber does not, so what it means is in doubt."""
    found = []
    for block in COMMENT_BLOCK.finditer(text):
        depth, end = 1, block.end()
        while depth and end < len(text):
            depth += {"{": 1, "}": -1}.get(text[end], 0)
            end += 1
        for key, line, start in entry_heads(text[block.end() : end], lines):
            line = lines.of(block.end() + start)
            found.append(
                (
                    line,
                    key,
                    f"[{key}] entry inside @comment{{...}} (line "
                    f"{lines.of(block.start())}): BibTeX reads it, biber does not; "
                    "to leave the paper out, delete the entry, else take it out "
                    "of the @comment",
                )
            )
    return found


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


def entry_problems(
    entry, owner: Person | None, marks: dict[str, str], *, pdf: bool = True
) -> list[str]:
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
    shown = [(f, entry.fields[f]) for f in SHOWN_FIELDS if f in entry.fields]
    shown += [("author", full_name(person)) for person in authors]
    for field, value in shown:
        try:
            plain = latex_to_plain(value)
        except UnsupportedTeX as error:
            problems.append(f"{field}: {error}")
            continue
        if pdf and (missing := pdf_missing_characters(plain)):
            problems.append(
                f"{field}: the PDF cannot show {' '.join(missing)} "
                f"({', '.join(f'U+{ord(c):04X}' for c in missing)}): its fonts "
                "cover Latin scripts only; write the text in Latin letters"
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
    if owner and authors and not any(is_same_person(p, owner) for p in authors):
        problems.append(
            f"{full_name(owner)} is not among the authors: check the spelling of "
            "the name, or remove the entry if it is not one of the CV's papers"
        )
    return problems


#: The values of ``cv_person`` in ``conf.py``, with their types.
PERSON_FIELDS = {
    "job_title": str,
    "department": str,
    "affiliation": str,
    "address": list,
    "email": str,
    "homepage": str,
    "alumni_of": list,
}
OPTIONAL_PERSON_FIELDS = {"alumni_of"}


def person_problems(person: object) -> list[str]:
    """What is wrong with ``cv_person``, each with the fix."""
    if not isinstance(person, dict):
        return [
            f"cv_person is a {type(person).__name__}: make it a dict, "
            "e.g. {'job_title': 'Professor', ...}"
        ]
    problems = [
        f"cv_person has no {name!r}: add it"
        for name in PERSON_FIELDS
        if person and name not in person and name not in OPTIONAL_PERSON_FIELDS
    ]
    for name, value in person.items():
        kind = PERSON_FIELDS.get(name)
        if kind is None:
            problems.append(
                f"cv_person has an unknown key {name!r}: use "
                + ", ".join(PERSON_FIELDS)
            )
        elif not isinstance(value, kind) or (
            kind is list and not all(isinstance(v, str) for v in value)
        ):
            example = "['first line', 'second line']" if kind is list else "'text'"
            problems.append(
                f"cv_person[{name!r}] is a {type(value).__name__}: "
                f"write a {'list of strings' if kind is list else 'string'}, "
                f"e.g. {example}"
            )
    if isinstance(homepage := person.get("homepage"), str) and not is_web_address(
        homepage
    ):
        problems.append(
            f"cv_person['homepage'] {homepage!r} is not an http(s) address: "
            "write it as https://..."
        )
    return problems


def unknown_key_message(key: str, bibfiles: list[str]) -> str:
    """What to say of a citation of *key*, which no bib file defines."""
    files = ", ".join(bibfiles)
    return (
        f"unknown citation key {key!r}: use a key from {files}, or add the paper there"
    )


def cited_keys(text: str) -> Iterator[tuple[int, str]]:
    """(line, key) of every key that a cite role in *text* names; a key of ""
    where the role's targets cannot be read."""
    parse = citation_target_parser()
    for number, line in enumerate(text.splitlines(), 1):
        for match in CITATION.finditer(line):
            try:
                targets = list(parse(match.group(1)))
            except ValueError:
                yield number, ""
                continue
            for target in targets:
                yield number, target.key


def citation_problem(key: str, keys: dict[str, str], bibfiles: list[str]) -> str:
    """What is wrong with a citation of *key*, given the bib files' *keys*
    (lowercase to as written); "" if nothing is."""
    if not key:
        return MALFORMED_CITATION
    if (written := keys.get(key.lower())) is None:
        return unknown_key_message(key, bibfiles)
    if written != key:
        return (
            f"citation key {key!r} differs from the entry {written!r} only in "
            f"case, so it would not link: write {written!r}"
        )
    return ""


def check_citations(
    pages: list[Path], keys: dict[str, str], bibfiles: list[str]
) -> list[Problem]:
    """Citations in Markdown pages of keys that no bib file defines (or spells
    otherwise), and cite roles whose targets cannot be read."""
    return [
        Problem(page, number, problem)
        for page in pages
        for number, key in cited_keys(page.read_text(encoding="utf-8"))
        if (problem := citation_problem(key, keys, bibfiles))
    ]


#: A footnote citation, or the list of a page's footnote citations.
FOOTNOTE_CITATION = re.compile(r"\{footcite(?::\w+)*\}`|\{footbibliography\}")


def footnote_citations(pages: list[Path]) -> list[Problem]:
    return [
        Problem(page, number, FOOTNOTE_MESSAGE)
        for page in pages
        for number, line in enumerate(page.read_text(encoding="utf-8").split("\n"), 1)
        if FOOTNOTE_CITATION.search(line)
    ]


FOOTNOTE_MESSAGE = (
    "footnote citations ({footcite:p}, {footbibliography}) would list papers "
    "outside the CV's numbered lists: cite with {cite:p}, which links to the "
    "paper in its list"
)
MALFORMED_CITATION = (
    "the cite role's keys cannot be read: write {cite:p}`key1,key2`, with an "
    "optional {pre-note} before and {post-note} after each key"
)


def is_excluded(path: Path, patterns: list[str]) -> bool:
    """Whether Sphinx's ``exclude_patterns`` leave out *path* or a folder above it."""
    candidates = [path, *path.parents][:-1]
    return any(fnmatch(c.as_posix(), p) for c in candidates for p in patterns)


#: What marks the examples that ``sphinx-cv new`` writes: a field of a bib
#: entry, and a comment line (``%`` in a page, ``#`` in conf.py) above the rest.
EXAMPLE_FIELD = re.compile(r"^\s*cv-example\s*=", re.MULTILINE | re.IGNORECASE)
EXAMPLE_LINE = re.compile(r"\s*[%#]\s*sphinx-cv example\b")


def leftover_examples(bibfiles: list[Path], pages: list[Path]) -> list[Problem]:
    """The examples of ``sphinx-cv new`` still in the bib files, and in the
    pages and conf.py."""
    problems = []
    for path in bibfiles:
        text = path.read_text(encoding="utf-8", errors="replace")
        lines = Lines(text)
        heads = entry_heads(text, lines)
        for match in EXAMPLE_FIELD.finditer(text):
            key, line, _ = next(h for h in reversed(heads) if h[2] < match.start())
            message = (
                f"[{key}] is an example entry of sphinx-cv new: replace it with "
                "one of your papers, or delete it"
            )
            problems.append(Problem(path, line, message))
    for page in pages:
        for number, line in enumerate(page.read_text(encoding="utf-8").split("\n"), 1):
            if EXAMPLE_LINE.match(line):
                message = (
                    "example text of sphinx-cv new: replace the example below "
                    "with your own, then delete this line"
                )
                problems.append(Problem(page, number, message))
    return problems


def conf_line(conf_py: Path, name: str) -> int:
    """The line of *conf_py* that sets *name* (1 if none does)."""
    lines = conf_py.read_text(encoding="utf-8").splitlines() if conf_py.exists() else []
    setting = re.compile(rf"{name}\s*[=:]")
    return next((n for n, line in enumerate(lines, 1) if setting.match(line)), 1)


def main(confdir: Path = Path()) -> int:
    """``sphinx-cv check``: every problem of the project in *confdir*, and every
    example left in it; status 1 if there is any."""
    config = runpy.run_path(str(confdir / "conf.py"))
    owner = config.get("cv_owner", "")
    marks = config.get("cv_annotation_marks", DEFAULTS["cv_annotation_marks"])
    person_line = conf_line(confdir / "conf.py", "cv_person")
    problems = [
        Problem(confdir / "conf.py", person_line, message)
        for message in person_problems(config.get("cv_person", {}))
    ]
    keys: dict[str, str] = {}
    bibfiles = [confdir / name for name in config.get("bibtex_bibfiles", [])]
    unread = False  # a bib file not read: every citation would seem unknown
    bibfiles_line = conf_line(confdir / "conf.py", "bibtex_bibfiles")
    for path in bibfiles:
        found, bib_keys = read_bibfile(path, owner, marks)
        problems += [  # a file that is not there: conf.py names it
            p if p.line else Problem(confdir / "conf.py", bibfiles_line, p.message)
            for p in found
        ]
        keys |= bib_keys
        unread |= not bib_keys
    pages = [
        page
        for page in sorted(confdir.rglob("*.md"))
        if not is_excluded(
            page.relative_to(confdir), config.get("exclude_patterns", [])
        )
    ]
    if not unread:
        problems += check_citations(pages, keys, config.get("bibtex_bibfiles", []))
    problems += footnote_citations(pages)
    problems += leftover_examples(
        [p for p in bibfiles if not file_problem(p)], [confdir / "conf.py", *pages]
    )
    for problem in problems:
        print(problem, file=sys.stderr)
    print(
        f"{len(problems)} problem(s) in {len(pages)} pages and "
        f"{len(config.get('bibtex_bibfiles', []))} bib file(s)"
    )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
