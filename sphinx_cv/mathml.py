"""Math in pages as MathML, made at build time: a page with math loads no script."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from docutils import nodes
from latex2mathml.converter import convert
from sphinx.util import logging
from sphinx.util.math import get_node_equation_number

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata
    from sphinx.writers.html5 import HTML5Translator

logger = logging.getLogger(__name__)
#: latex2mathml keeps a command it does not know as text, such as <mi>\foo</mi>.
_UNCONVERTED = re.compile(r">(\\[A-Za-z]+)<")


def to_mathml(self: HTML5Translator, node: nodes.Element, display: str) -> str:
    """*node*'s TeX as MathML, or its TeX as text with an error naming the problem."""
    tex = node.astext()
    try:
        mathml = convert(tex, display=display)
    except Exception:  # latex2mathml raises many kinds for malformed input
        mathml, problem = "", "it is not well-formed TeX (check the braces)"
    else:
        unknown = _UNCONVERTED.search(mathml)
        problem = f"{unknown.group(1)} is not supported in MathML" if unknown else ""
    if problem:
        logger.error(
            f"math {tex!r} cannot be shown: {problem}; rewrite the formula",
            location=node,
            type="cv",
            subtype="math",
        )
        return f"<code>{self.encode(tex)}</code>"
    return mathml.replace("<math ", f'<math alttext="{self.attval(tex)}" ', 1)


def visit_math_html(self: HTML5Translator, node: nodes.math) -> None:
    self.body.append(self.starttag(node, "span", "", CLASS="math"))
    self.body.append(to_mathml(self, node, "inline") + "</span>")
    raise nodes.SkipNode


def visit_displaymath_html(self: HTML5Translator, node: nodes.math_block) -> None:
    self.body.append(self.starttag(node, "div", CLASS="math"))
    if node["number"]:
        number = get_node_equation_number(self, node)
        self.body.append(f'<span class="eqno">({number})')
        self.add_permalink_ref(node, "Link to this equation")
        self.body.append("</span>")
    self.body.append(to_mathml(self, node, "block") + "</div>\n")
    raise nodes.SkipNode


def setup(app: Sphinx) -> ExtensionMetadata:
    # Sphinx prefers a renderer that an extension registers to its MathJax default.
    app.add_html_math_renderer(
        "cv-mathml", (visit_math_html, None), (visit_displaymath_html, None)
    )
    return {"parallel_read_safe": True, "parallel_write_safe": True}
