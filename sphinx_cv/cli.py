"""The ``sphinx-cv`` command: ``new`` starts a CV project, ``check`` checks one,
``build`` makes its PDF and site."""

from __future__ import annotations

import argparse
import importlib.metadata
import json
import re
import sys
import unicodedata
from importlib.resources import files
from pathlib import Path

from sphinx_cv.bib.model import is_published
from sphinx_cv.bib.reader import Lines, Problem, parse_bib, read_text
from sphinx_cv.bib.rules import read_bibfile

#: A name as the CV, the bib file and the PDF can all carry it unchanged: words of
#: letters joined by spaces, hyphens, apostrophes or initials' full stops.
NAME = re.compile(r"[^\W\d_]+(?:(?:[ '’-]|\. ?)[^\W\d_]+)*\.?")
VERSION = importlib.metadata.version("sphinx-cv")
#: The files of a new project, with placeholders for the owner's name.
TEMPLATE = files("sphinx_cv") / "templates" / "new-project"
#: Template files that a project names with a leading dot (a package's data
#: files leave dotfiles out).
DOTFILES = {
    "gitignore": ".gitignore",
    "readthedocs.yaml": ".readthedocs.yaml",
    "github-pages.yml": ".github/workflows/pages.yml",
}


def name_problem(name: str) -> str | None:
    """Why *name* cannot be a CV's owner, or None."""
    if not NAME.fullmatch(name):
        return (
            f"the name {name!r} has characters other than letters, spaces, "
            "hyphens, apostrophes and full stops: write it as the bib file's "
            "author lists do, e.g. 'Ada Lovelace'"
        )
    if re.search(r"\band\b", name, re.IGNORECASE):
        return f"the name {name!r} has the word 'and', which BibTeX reads as two names"
    return None


def pdf_name(name: str) -> str:
    """The PDF's file name: the name's ASCII letters and digits joined by
    hyphens, then ``-cv.pdf`` (``cv.pdf`` for a name in another script)."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    return f"{slug}-cv.pdf" if slug else "cv.pdf"


def render(text: str, name: str) -> str:
    """A template file for *name*: each placeholder in the form its file needs
    (the name itself is safe in Markdown, BibTeX and YAML: see :data:`NAME`)."""
    for placeholder, value in {
        # A JSON string of such a name is a Python string literal too.
        "@@NAME_PY@@": json.dumps(name, ensure_ascii=False),
        "@@PDF@@": pdf_name(name),
        "@@NAME@@": name,
    }.items():
        text = text.replace(placeholder, value)
    return text


def template_files() -> dict[str, str]:
    """Each file of the template, by its path in a new project."""
    found = {}
    folders = [(TEMPLATE, "")]
    while folders:
        folder, prefix = folders.pop()
        for item in folder.iterdir():
            if item.is_dir():
                if item.name != "__pycache__":
                    folders.append((item, f"{prefix}{item.name}/"))
            else:
                path = DOTFILES.get(item.name, item.name)
                found[prefix + path] = item.read_text(encoding="utf-8")
    return found


def bib_report(path: Path, owner: str) -> tuple[list[Problem], str]:
    """The problems of an existing bib file, as the build and ``sphinx-cv check``
    see them, and how its entries split into the two lists."""
    problems, _ = read_bibfile(path, owner)
    text, _ = read_text(path)
    entries = parse_bib(text, Lines(text))[0] if text is not None else {}
    published = sum(is_published(entry) for entry in entries.values())
    split = (
        f"{path}: {len(entries)} entries, {published} in Published and "
        f"{len(entries) - published} in Preprints"
    )
    return problems, split


def as_written_on_the_cv(name: str) -> str:
    """*name* as the CV shows it: "Last, First" (as bib files write it) turned
    round to "First Last"; the owner is found in either form."""
    family, comma, given = name.partition(",")
    return f"{given.strip()} {family.strip()}" if comma else name


def new(directory: Path, name: str, bib: Path | None) -> int:
    """Write a CV project for *name* into *directory* (new or empty)."""
    name = as_written_on_the_cv(" ".join(name.split()))
    if problem := name_problem(name):
        print(f"sphinx-cv new: {problem}", file=sys.stderr)
        return 2
    if directory.exists() and (not directory.is_dir() or any(directory.iterdir())):
        print(
            f"sphinx-cv new: {directory} is not empty: give a new folder, "
            "or an empty one (nothing was written)",
            file=sys.stderr,
        )
        return 2
    if bib is not None and not bib.is_file():
        print(f"sphinx-cv new: {bib} is not a file", file=sys.stderr)
        return 2
    problems, split = bib_report(bib, name) if bib else ([], "")
    written = template_files()
    written["requirements.txt"] += f"sphinx-cv=={VERSION}\n"
    directory.mkdir(parents=True, exist_ok=True)
    for relative, text in written.items():
        target = directory / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(render(text, name), encoding="utf-8")
    if bib:  # the file as it is, byte for byte: nothing is changed silently
        (directory / "refs.bib").write_bytes(bib.read_bytes())
    print(f"A CV for {name} in {directory}. Next: cd {directory} && make html")
    if split:
        print(split)
    for found in problems:
        print(found, file=sys.stderr)
    if problems:
        print(
            f"{len(problems)} problem(s) in {bib}; it was copied as it is to "
            f"{directory / 'refs.bib'}: fix them there (make check lists them), "
            "as the build stops on them",
            file=sys.stderr,
        )
        return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="sphinx-cv", description=__doc__)
    parser.add_argument("--version", action="version", version=VERSION)
    commands = parser.add_subparsers(dest="command", required=True)
    start = commands.add_parser(
        "new", help="write a new CV project into a new or empty folder"
    )
    start.add_argument("directory", type=Path, help="the project's folder")
    start.add_argument(
        "--name",
        required=True,
        help="the CV's owner: 'First Last' or 'Last, First', as bib files write it",
    )
    start.add_argument(
        "--bib",
        type=Path,
        help="start from this bib file (e.g. exported from Google Scholar, "
        "DBLP or Zotero) instead of the examples",
    )
    commands.add_parser(
        "check",
        help="check the project in this folder: refs.bib, the citations, "
        "conf.py and the examples left",
    )
    make = commands.add_parser(
        "build",
        help="build the PDF (pdf), or the PDF and then the site that links it "
        "(html); other options go to sphinx-build",
    )
    make.add_argument("target", choices=["pdf", "html"])
    make.add_argument("source", type=Path, help="the project's folder")
    make.add_argument("builddir", type=Path, help="where the builds go, e.g. _build")
    args, sphinx_options = parser.parse_known_args(argv)
    if args.command == "build":
        from sphinx_cv.build import build

        return build(args.target, args.source, args.builddir, sphinx_options)
    if sphinx_options:
        parser.error(f"unrecognized arguments: {' '.join(sphinx_options)}")
    if args.command == "check":
        from sphinx_cv.check import main as check

        return check()
    return new(args.directory, args.name, args.bib)


if __name__ == "__main__":
    sys.exit(main())
