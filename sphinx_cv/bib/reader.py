"""The bib file as BibTeX reads it: its text, its entries with their lines, and
what in its syntax would lose an entry (a brace, a comment, a control character)."""

from __future__ import annotations

import re
from bisect import bisect_right
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

from sphinx_cv.bib.biblatex import as_bibtex

if TYPE_CHECKING:
    pass


ENTRY_HEAD = re.compile(r"(?<![^\s}])@[ \t]*(\w+)[ \t]*[{(][ \t]*([^,\s]*)")
NOT_ENTRIES = {"comment", "string", "preamble"}
PERSON_ROLES = {role.lower() for role in Person.valid_roles}

#: Characters of a citation key: it becomes an HTML id, a URL fragment and a
#: LaTeX label, so it keeps to letters, digits and a few safe marks.
KEY_CHARACTERS = "A-Za-z0-9_:./+-"
SAFE_KEY = re.compile(rf"[A-Za-z0-9][{KEY_CHARACTERS}]*")


class Problem(NamedTuple):
    """One mistake: where it is, and a sentence saying what to do. A note is
    reported but stops nothing (the entry is shown as written)."""

    path: Path
    line: int
    message: str
    note: bool = False

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {'note: ' if self.note else ''}{self.message}"


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
            entries[key] = as_bibtex(entry)
    return entries, key_lines, found, common


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
