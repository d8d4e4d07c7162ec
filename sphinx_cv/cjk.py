"""Chinese and Japanese lines of a page's source joined without a space, as
those languages write (Markdown makes every line break a space)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.transforms import SphinxTransform

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

#: Scripts written without spaces between words: CJK punctuation, kana, Han
#: ideographs and full-width forms (not Hangul: Korean puts spaces between words).
UNSPACED = (
    "\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
    "\uff00-\uff60\U00020000-\U0003134f"
)
UNSPACED_CHARACTER = re.compile(rf"[{UNSPACED}]{{2}}")
LINE_BREAK = re.compile(rf"(?<=[{UNSPACED}])[ \t]*\n\s*(?=[{UNSPACED}])")

#: Elements whose text is shown line for line, or is not prose.
KEEP_LINES = (nodes.FixedTextElement, nodes.literal, nodes.math, nodes.raw)


class JoinUnspacedLines(SphinxTransform):
    """Drop a line break between two characters of unspaced scripts."""

    default_priority = 700  # after the parsers, before the builders' transforms

    def apply(self, **kwargs: object) -> None:
        for text in list(self.document.findall(nodes.Text)):
            parent = text.parent
            if isinstance(parent, KEEP_LINES) or "\n" not in text:
                continue
            if not text.strip():  # MyST's line break: a text node of its own
                at = parent.index(text)
                before = parent[at - 1].astext()[-1:] if at else ""
                after = parent[at + 1].astext()[:1] if at + 1 < len(parent) else ""
                if UNSPACED_CHARACTER.fullmatch(before + after):
                    parent.remove(text)
            elif LINE_BREAK.search(text):
                parent.replace(text, nodes.Text(LINE_BREAK.sub("", text)))


def setup(app: Sphinx) -> ExtensionMetadata:
    app.add_transform(JoinUnspacedLines)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
