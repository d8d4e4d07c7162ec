"""Validate a CV's bib file and its citations, with messages naming file, line and fix.

Run without a Sphinx build: ``python -m sphinx_cv.check`` reads ``conf.py`` for the
bib files and the owner, and the Markdown pages for citations.
"""

from __future__ import annotations

import re
import runpy
import sys
from fnmatch import fnmatch
from pathlib import Path
from typing import NamedTuple

import pybtex.errors
from pybtex.database import Person
from pybtex.database.input.bibtex import Parser
from pybtex.scanner import PybtexSyntaxError

from .style import VENUE_FIELD, is_same_person, parse_annotations

ENTRY_HEAD = re.compile(r"^[ \t]*@[ \t]*(\w+)[ \t]*[{(][ \t]*([^,\s]*)", re.MULTILINE)
NOT_ENTRIES = {"comment", "string", "preamble"}
CITATION = re.compile(r"\{(?:cite|footcite)(?::\w+)?\}`([^`]*)`")


class Problem(NamedTuple):
    """One mistake: where it is, and a sentence saying what to do."""

    path: Path
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


def entry_heads(text: str) -> list[tuple[str, int, int]]:
    """(key, line, offset) of every entry head, in order (a key may stand twice)."""
    return [
        (match.group(2), text.count("\n", 0, match.start()) + 1, match.start())
        for match in ENTRY_HEAD.finditer(text)
        if match.group(1).lower() not in NOT_ENTRIES
    ]


def entry_lines(text: str) -> dict[str, list[int]]:
    """Line numbers of every entry head, by lowercase key."""
    lines: dict[str, list[int]] = {}
    for key, line, _ in entry_heads(text):
        lines.setdefault(key.lower(), []).append(line)
    return lines


def brace_balances(text: str) -> list[tuple[str, int, int]]:
    """(key, line, opened minus closed braces) of each entry, head to next head."""
    heads = entry_heads(text)
    ends = [start for _, _, start in heads[1:]] + [len(text)]
    balances = []
    for (key, line, start), end in zip(heads, ends, strict=True):
        chunk = text[start:end].replace("\\{", "").replace("\\}", "")
        balances.append((key, line, chunk.count("{") - chunk.count("}")))
    return balances


def check_bibfile(
    path: Path, owner: str = "", marks: dict[str, str] | None = None
) -> list[Problem]:
    """Every problem of *path* that would drop or garble a paper."""
    marks = {"equal": "*"} if marks is None else marks
    text = path.read_text(encoding="utf-8-sig")
    heads = entry_lines(text)
    found: list[tuple[int, str]] = []
    for key, lines in heads.items():
        found += [
            (
                line,
                f"duplicate key {key!r} (first at line {lines[0]}): "
                "give one of the entries another key, or delete the copy",
            )
            for line in lines[1:]
        ]
    found += [
        (
            line,
            f"[{key}] {'{'} and {'}'} do not pair up in this entry "
            f"({balance:+d}): close every brace you open",
        )
        for key, line, balance in brace_balances(text)
        if balance
    ]
    with pybtex.errors.capture() as errors:
        data = Parser(encoding="utf-8").parse_string(text)
    for error in errors:
        if isinstance(error, PybtexSyntaxError):
            found.append(
                (
                    error.lineno or 1,
                    f"{error}: check the braces and the "
                    "'name = {value},' syntax here and in the entry before",
                )
            )
        elif "repeated bibliography entry" not in str(error):
            found.append((1, str(error)))
    parsed = {key.lower() for key in data.entries}
    found += [
        (
            lines[0],
            f"entry {key!r} could not be read: an unclosed brace in it, "
            "or in the entry before it, swallowed it",
        )
        for key, lines in heads.items()
        if key not in parsed
    ]
    if found:  # the fields of a garbled entry would only add echoes of the cause
        return [Problem(path, line, message) for line, message in sorted(found)]
    for key, entry in data.entries.items():
        line = heads.get(key.lower(), [1])[0]
        found += [
            (line, f"[{key}] {message}")
            for message in entry_problems(entry, owner, marks)
        ]
    return [Problem(path, line, message) for line, message in sorted(found)]


def entry_problems(entry, owner: str, marks: dict[str, str]) -> list[str]:
    """What is wrong with one parsed entry, each with the fix."""
    venue = VENUE_FIELD.get(entry.type)
    if venue is None:
        types = ", ".join(f"@{t}" for t in VENUE_FIELD)
        return [f"unknown entry type @{entry.type}: use one of {types}"]
    problems = []
    authors = entry.persons.get("author", [])
    if not authors:
        problems.append("missing field 'author': add author = {First Last and ...}")
    for field in ("title", "year", venue):
        if not entry.fields.get(field, "").strip():
            problems.append(
                f"missing field {field!r}, required for @{entry.type}: "
                f"add {field} = {{...}}"
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
    if owner and authors and not any(is_same_person(p, Person(owner)) for p in authors):
        problems.append(
            f"{owner} is not among the authors: check the spelling of the name, "
            "or remove the entry if it is not one of the CV's papers"
        )
    return problems


def unknown_key_message(key: str, bibfiles: list[str]) -> str:
    """What to say of a citation of *key*, which no bib file defines."""
    files = ", ".join(bibfiles)
    return (
        f"unknown citation key {key!r}: use a key from {files}, or add the paper there"
    )


def check_citations(
    pages: list[Path], keys: set[str], bibfiles: list[str]
) -> list[Problem]:
    """Citations in Markdown pages of keys that no bib file defines."""
    problems = []
    for page in pages:
        for number, line in enumerate(page.read_text(encoding="utf-8").splitlines(), 1):
            for match in CITATION.finditer(line):
                for key in filter(None, (k.strip() for k in match.group(1).split(","))):
                    if key.lower() not in keys:
                        message = unknown_key_message(key, bibfiles)
                        problems.append(Problem(page, number, message))
    return problems


def is_excluded(path: Path, patterns: list[str]) -> bool:
    """Whether Sphinx's ``exclude_patterns`` leave out *path* or a folder above it."""
    candidates = [path, *path.parents][:-1]
    return any(fnmatch(c.as_posix(), p) for c in candidates for p in patterns)


def main(confdir: Path = Path()) -> int:
    config = runpy.run_path(str(confdir / "conf.py"))
    owner = config.get("cv_owner", "")
    marks = config.get("cv_annotation_marks", {"equal": "*"})
    problems, keys = [], set()
    for name in config.get("bibtex_bibfiles", []):
        path = confdir / name
        problems += check_bibfile(path, owner, marks)
        keys |= set(entry_lines(path.read_text(encoding="utf-8-sig")))
    pages = [
        page
        for page in sorted(confdir.rglob("*.md"))
        if not is_excluded(
            page.relative_to(confdir), config.get("exclude_patterns", [])
        )
    ]
    problems += check_citations(pages, keys, config.get("bibtex_bibfiles", []))
    for problem in problems:
        print(problem, file=sys.stderr)
    print(
        f"{len(problems)} problem(s) in {len(pages)} pages and "
        f"{len(config.get('bibtex_bibfiles', []))} bib file(s)"
    )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
