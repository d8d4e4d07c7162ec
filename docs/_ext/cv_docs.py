"""The documentation's own directives: examples that are shown and built, and
the settings table from the extension's registry."""

from __future__ import annotations

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective

from sphinx_cv.config import SETTINGS


class CVExample(SphinxDirective):
    """``{cv-example}``: Markdown shown as source, then as the page renders it.

    With ``:conf:``, the line of conf.py it needs is shown instead of a result
    (the docs' own conf.py does not have it); tests/test_docs.py builds every
    example, each in a project of ``sphinx-cv new``.
    """

    has_content = True
    option_spec = {"conf": directives.unchanged_required}  # noqa: RUF012

    def run(self) -> list[nodes.Node]:
        found: list[nodes.Node] = []
        if conf := self.options.get("conf"):
            found.append(nodes.rubric("", "In conf.py:"))
            found.append(nodes.literal_block(conf, conf, language="python"))
        if self.content:
            source = "\n".join(self.content)
            found.append(nodes.rubric("", "In a page:"))
            found.append(nodes.literal_block(source, source, language="md"))
            if not conf:
                result = nodes.container(classes=["cv-example-result"])
                result += self.parse_content_to_nodes()
                found += [nodes.rubric("", "Gives:"), result]
        return found


class CVSettings(SphinxDirective):
    """``{cv-settings}``: every setting of ``sphinx_cv.config.SETTINGS``, as
    Sphinx's ``confval`` objects (so that ``{confval}`cv_owner``` links them)."""

    def run(self) -> list[nodes.Node]:
        source = []
        for setting in SETTINGS:
            types = " or ".join(sorted(t.__name__ for t in setting.types))
            rebuilds = (
                "every page is read again"
                if setting.rebuild == "env"
                else "the HTML pages are written again"
            )
            source += [
                f":::{{confval}} {setting.name}",
                f":type: `{types}`",
                f":default: `{setting.default!r}`",
                "",
                f"{setting.description} When it changes, {rebuilds}.",
                ":::",
                "",
            ]
        return self.parse_text_to_nodes("\n".join(source))


def setup(app):
    app.add_directive("cv-example", CVExample)
    app.add_directive("cv-settings", CVSettings)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
