"""``make check``: a CV project checked without a Sphinx build, each problem
with the file, the line and what to do.

``python -m sphinx_cv.check`` reads ``conf.py`` for the bib files and the owner,
and the Markdown pages for citations.
"""

from __future__ import annotations

import re
import runpy
import sys
from fnmatch import fnmatch
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx_cv.bib.model import (
    is_web_address,
)
from sphinx_cv.compat import citation_target_parser
from sphinx_cv.config import DEFAULTS

if TYPE_CHECKING:
    from collections.abc import Iterator


from sphinx_cv.bib.reader import Lines, Problem, entry_heads, file_problem
from sphinx_cv.bib.rules import Unshowable, read_bibfile
from sphinx_cv.pdf.fonts import unshowable

#: A cite role of sphinxcontrib-bibtex in MyST: {cite:p}, {cite:t}, {cite:ps},
#: {footcite:t} and the rest; the targets are read by its own parser.
CITATION = re.compile(r"\{(?:cite|footcite)(?::\w+)*\}`([^`]*)`")


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


def unshowable_in_pages(pages: list[Path], pdf: Unshowable) -> list[Problem]:
    """The characters of the pages that no font of the PDF has, each at the
    first line that has it."""
    texts = {page: page.read_text(encoding="utf-8") for page in pages}
    unshown = set(pdf.characters("".join(texts.values())))
    problems = []
    for page, text in texts.items():
        for number, line in enumerate(text.splitlines(), 1):
            if missing := list(dict.fromkeys(c for c in line if c in unshown)):
                problems.append(Problem(page, number, pdf.message(missing)))
                unshown -= set(missing)
    return problems


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
        for number, text in enumerate(page.read_text(encoding="utf-8").split("\n"), 1):
            if EXAMPLE_LINE.match(text):
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
    pdf = unshowable(
        config.get("cv_pdf_font_paths", DEFAULTS["cv_pdf_font_paths"]),
        confdir,
        config.get("language"),
    )
    for path in bibfiles:
        found, bib_keys = read_bibfile(path, owner, marks, pdf=pdf)
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
    problems += unshowable_in_pages(pages, pdf)
    problems += leftover_examples(
        [p for p in bibfiles if not file_problem(p)], [confdir / "conf.py", *pages]
    )
    for problem in problems:
        print(problem, file=sys.stderr)
    errors = [problem for problem in problems if not problem.note]
    notes = len(problems) - len(errors)
    print(
        f"{len(errors)} problem(s){f' and {notes} note(s)' if notes else ''} in "
        f"{len(pages)} pages and {len(config.get('bibtex_bibfiles', []))} bib file(s)"
    )
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
