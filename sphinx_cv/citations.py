"""Citations that compress runs into ranges, as natbib's sort&compress does:
``[1, 2, 3, 4, 10, P1, P2, P3]`` reads ``[1–4, 10, P1–P3]``.

A sphinxcontrib-bibtex referencing style (``bibtex_reference_style = "cv-label"``,
an entry point): the label style, with runs of three or more consecutive labels
of one list (the same prefix) joined by an en dash. Each end of a range is still
a link to its paper, with the whole range's papers as its tooltip; ranges never
cross lists, so [20] and [P1] stay apart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pybtex.richtext import Text
from sphinxcontrib.bibtex.richtext import BaseReferenceText
from sphinxcontrib.bibtex.style.referencing.basic_label import (
    BasicLabelParentheticalReferenceStyle,
)
from sphinxcontrib.bibtex.style.referencing.label import LabelReferenceStyle

if TYPE_CHECKING:
    from pybtex.richtext import BaseText
    from pybtex.style.template import Node

_LABEL = re.compile(r"([^\d\s,]*)(\d+)")
#: The shortest run that becomes a range (two stay "1, 2", as in natbib).
RUN = 3


def compress(children: list[BaseText]) -> list[BaseText]:
    """Join runs of consecutive labels (same prefix) into first–last; a child
    with a pre- or post-note, or with another label, stays as it is."""
    labels = []
    for child in children:
        match = _LABEL.fullmatch(str(child))
        labels.append((match.group(1), int(match.group(2))) if match else None)
    result: list[BaseText] = []
    start = 0
    while start < len(children):
        end = start
        while (
            labels[start] is not None
            and end + 1 < len(children)
            and (label := labels[end]) is not None
            and labels[end + 1] == (label[0], label[1] + 1)
        ):
            end += 1
        if end - start + 1 >= RUN:
            covered = children[start : end + 1]
            for first_or_last in (covered[0], covered[-1]):
                describe_range(first_or_last, covered)
            result.append(Text(children[start], "–", children[end]))
        else:
            result.extend(children[start : end + 1])
        start = end + 1
    return result


def references_in(text: BaseText) -> list[BaseReferenceText]:
    """The citation references (with their tooltip info) inside *text*."""
    if isinstance(text, BaseReferenceText):
        return [text]
    return [ref for part in getattr(text, "parts", []) for ref in references_in(part)]


def describe_range(end: BaseText, covered: list[BaseText]) -> None:
    """Give an end of a range the tooltip of the whole range: every paper it covers."""
    titles = [
        f"[{child}] {ref.info[0].title}"
        for child in covered
        for ref in references_in(child)
        if ref.info[0].title
    ]
    for ref in references_in(end):
        ref.info = (ref.info[0]._replace(title="\n".join(titles)),)


@dataclass
class CompressingParentheticalStyle(BasicLabelParentheticalReferenceStyle):
    """``{cite:p}`` by label, with runs compressed."""

    def outer(self, role_name: str, children: list[BaseText]) -> Node:
        return super().outer(role_name, compress(children))


@dataclass
class CVLabelReferenceStyle(LabelReferenceStyle):
    """sphinxcontrib-bibtex's label style, with compressed parenthetical citations."""

    def __post_init__(self) -> None:
        super().__post_init__()
        compressing = CompressingParentheticalStyle(
            bracket=self.bracket_parenthetical,
            pre_text_sep=self.pre_text_sep,
            post_text_sep=self.post_text_sep,
        )
        self.styles[0] = compressing
        self.role_style.update(dict.fromkeys(compressing.role_names(), compressing))
