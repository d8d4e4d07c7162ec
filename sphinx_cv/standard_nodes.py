"""Our nodes as standard docutils nodes, for the builders we do not write for."""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes

from sphinx_cv.nodes import cv_bibliography, cv_entry, cv_filter, cv_link, cv_reference

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

#: Builder formats that have their own visitors for our nodes.
WRITTEN_FOR = {"html", "latex", "typst"}


def use_standard_nodes(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Text, man, Texinfo, XML and the rest get what every builder knows: a
    dated entry becomes its date in bold followed by its content, a publication
    list a list of paragraphs that start with their labels."""
    if app.builder.format in WRITTEN_FOR:
        return
    for node in list(doctree.findall(cv_filter)):
        node.parent.remove(node)
    for link in list(doctree.findall(cv_link)):
        link.replace_self(nodes.reference("", "", *link.children, **link.attributes))
    for entry in list(doctree.findall(cv_entry)):
        date = nodes.paragraph("", "", nodes.strong(entry["date"], entry["date"]))
        entry.replace_self(nodes.container("", date, *entry.children))
    for publications in list(doctree.findall(cv_bibliography)):
        items = nodes.bullet_list()
        for reference in publications.findall(cv_reference):
            item = nodes.list_item(ids=reference["ids"])
            label = nodes.Text(f"[{reference['label']}] ")
            for index, child in enumerate(reference.children):
                if index == 0 and isinstance(child, nodes.paragraph):
                    child.insert(0, label)
                item += child.deepcopy()
            items += item
        publications.replace_self(items)


def setup(app: Sphinx) -> ExtensionMetadata:
    app.connect("doctree-resolved", use_standard_nodes)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
