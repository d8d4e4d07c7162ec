"""Read the owner's CV (tests/data/cv-source.md) as sections of plain-text items."""

from __future__ import annotations

import re

PAGE_OF_HEADING = {
    "Education": "education",
    "Professional Experiences": "experience",
    "Research Interests": "research",
    "Published": "publications",
    "Preprints": "publications",
    "Teaching Experiences": "teaching",
    "Graduate students": "mentoring",
    "Undergraduate students": "mentoring",
    "Talks": "talks",
    "Professional Services": "services",
}


def plain(markdown: str) -> str:
    """Markdown of the CV as a reader sees it: no emphasis markers, ``\\*`` kept."""
    text = markdown.replace("\\*", "\0").replace("**", "").replace("*", "")
    text = text.replace("\0", "*").replace("$L^\\infty$", "L∞")
    return " ".join(text.split())


def items(source: str) -> dict[str, list[str]]:
    """The bullet items of each heading, in order, continuation lines joined."""
    sections: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in source.splitlines():
        if line.startswith("#"):
            current = sections.setdefault(line.lstrip("#").strip(), [])
        elif line.startswith("- ") and current is not None:
            current.append(line[2:].strip())
        elif line.strip() and line.strip() != "---" and current:
            current[-1] += " " + line.strip()
    return {name: found for name, found in sections.items() if found}


def dated(item: str) -> tuple[str, str]:
    """Split a dated item (``2012.9 - 2018.7 **Ph.D...``) into date and the rest."""
    date, _, rest = item.partition("**")
    return date.strip(), "**" + rest


def publication(item: str) -> tuple[str, str, list[str]]:
    """A publication item as (label, plain text, bold parts with their marks)."""
    label, text = re.fullmatch(r"\[(\d+)\]\s*(.*)", item).groups()
    bold = re.findall(r"\*\*(.+?)\*\*", text.replace("\\*", "\0"))
    return label, plain(text), [plain(part) for part in bold]
