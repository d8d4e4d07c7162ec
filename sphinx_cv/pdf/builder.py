"""The CV's PDF, typeset by Typst: a Sphinx builder (``cvpdf``) and its translator."""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import mimetypes
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar
from urllib.parse import unquote, urlsplit

import typst
from docutils import nodes
from pybtex.richtext import BaseText, Tag
from sphinx import addnodes
from sphinx.builders import Builder
from sphinx.util import logging
from sphinx.util.console import darkgreen
from sphinx.util.docutils import SphinxTranslator
from sphinx.util.nodes import inline_all_toctrees

from sphinx_cv.bib.rules import Unshowable
from sphinx_cv.bib.tex import UnsupportedTeX, math_to_text
from sphinx_cv.bibdata import entry_locations
from sphinx_cv.files import write_if_changed
from sphinx_cv.nodes import cv_bibliography, cv_entry, cv_reference
from sphinx_cv.pdf.fonts import (
    PDFFonts,
    fonts_for,
    typst_array,
    unshowable,
    unshown_characters,
    unshown_message,
)

if TYPE_CHECKING:
    from collections.abc import Set

    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.util.typing import ExtensionMetadata

logger = logging.getLogger(__name__)
TEMPLATE = Path(__file__).parent / "sphinx-cv.typ"
#: Beside the PDF: what it was made of (``inputs``, and its Typst source's digest).
INPUTS_STAMP = ".cvpdf-inputs"
#: Beside the Typst source: the pages' images.
IMAGES = "images"
#: The ``align`` values of docutils' image that Typst's ``align`` takes.
ALIGNMENTS = {"left", "center", "right"}
_SPACE = re.compile(r"\s+")
_HYPHENATED = re.compile(r"\S*\w-\w\S*")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
#: Docutils' inline styles and pybtex's tags, with the Typst function for each.
INLINE_STYLES = {
    nodes.strong: "strong",
    nodes.emphasis: "emph",
    nodes.superscript: "super",
    nodes.subscript: "sub",
}
RICH_TEXT_TAGS = {"b": "strong", "em": "emph", "sup": "super", "sub": "sub"}


def string(text: str) -> str:
    """*text* as a Typst string literal: only backslash and quote need escaping."""
    text = _CONTROL.sub(" ", text).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{text}"'


def text(value: str) -> str:
    """Text as Typst markup. A word with a hyphen is kept on one line: a break
    after its hyphen would reach text tools as "two- layer"."""
    value = _SPACE.sub(" ", value)
    parts, end = [], 0
    for word in _HYPHENATED.finditer(value):
        if word.start() > end:
            parts.append(f"#{string(value[end : word.start()])}")
        parts.append(f"#box[#{string(word.group())}]")
        end = word.end()
    if end < len(value) or not parts:
        parts.append(f"#{string(value[end:])}")
    return "".join(parts)


def pdf_document(config: Config) -> tuple[str, str, str, str]:
    """(root document, PDF file name, title, author) of the first of
    ``latex_documents``, so that the LaTeX route and this one agree."""
    docname, target, title, author = config.latex_documents[0][:4]
    return docname, Path(target).with_suffix(".pdf").name, title, author


def printed_link(url: str) -> str:
    """What a link leads to, for a reader of paper: ``doi:10.…``,
    ``arXiv:2305.08404``, or the host name."""
    parts = urlsplit(url)
    host = parts.hostname or url
    if host in {"doi.org", "dx.doi.org"}:
        return f"doi:{unquote(parts.path.lstrip('/'))}"
    if host == "arxiv.org" and parts.path.startswith("/abs/"):
        return f"arXiv:{parts.path.removeprefix('/abs/')}"
    return host.removeprefix("www.")


def ids_of(node: nodes.Element) -> list[str]:
    """What links may lead to: the element's ids, and a publication's citation
    id, to which sphinxcontrib-bibtex points its citations."""
    ids = list(node.get("ids", []))
    if isinstance(node, cv_reference):
        ids.append(node["citation_id"])
    return ids


class TypstTranslator(SphinxTranslator):
    """Write a doctree as Typst markup: every text as a string literal, every
    structure as a function call, so that no input is read as Typst syntax."""

    def __init__(self, document: nodes.document, builder: Builder) -> None:
        super().__init__(document, builder)
        self.body: list[str] = []
        self.docnames = [document["docname"]]
        self.section_level = 0
        self.in_publication = False
        #: What ends each open link ("]", or "" where the PDF has no link).
        self.closing: list[str] = []
        #: Labels of every element with ids, so that a link is made only to one.
        self.labels = self._all_labels(document)

    def _all_labels(self, document: nodes.document) -> set[str]:
        labels: set[str] = set()

        def collect(node: nodes.Element, docname: str) -> None:
            if isinstance(node, addnodes.start_of_file):
                docname = node["docname"]
                labels.add(f"{docname}:")
            labels.update(f"{docname}:{id_}" for id_ in ids_of(node))
            for child in node.children:
                if isinstance(child, nodes.Element):
                    collect(child, docname)

        collect(document, self.docnames[0])
        return labels

    def astext(self) -> str:
        return "".join(self.body)

    def label(self, id_: str, docname: str | None = None) -> str:
        name = f"{docname or self.docnames[-1]}:{id_}"
        return f"#metadata(none)#label({string(name)})"

    def anchors(self, node: nodes.Element) -> None:
        """Labels for the element's ids, so that links can lead to it."""
        self.body.extend(self.label(id_) for id_ in ids_of(node))

    def unknown_visit(self, node: nodes.Node) -> None:
        logger.warning(
            "the PDF has no layout for %s; its text is shown as it is",
            node.__class__.__name__,
            location=node,
            type="cv",
            subtype="pdf",
        )

    def unknown_departure(self, node: nodes.Node) -> None:
        pass

    # -- structure -----------------------------------------------------------

    def visit_document(self, node: nodes.document) -> None:
        pass

    def depart_document(self, node: nodes.document) -> None:
        pass

    def visit_start_of_file(self, node: addnodes.start_of_file) -> None:
        self.docnames.append(node["docname"])
        self.body.append(self.label("") + "\n")

    def depart_start_of_file(self, node: addnodes.start_of_file) -> None:
        self.docnames.pop()

    def visit_section(self, node: nodes.section) -> None:
        self.section_level += 1

    def depart_section(self, node: nodes.section) -> None:
        self.section_level -= 1

    def visit_title(self, node: nodes.title) -> None:
        if not isinstance(node.parent, nodes.section):
            self.unknown_visit(node)
            return
        self.body.append(f"#heading(level: {self.section_level})[")

    def depart_title(self, node: nodes.title) -> None:
        if isinstance(node.parent, nodes.section):
            self.body.append("]")
            self.anchors(node.parent)
            self.body.append("\n\n")

    def visit_paragraph(self, node: nodes.paragraph) -> None:
        self.anchors(node)

    def depart_paragraph(self, node: nodes.paragraph) -> None:
        self.body.append("\n\n")

    def visit_container(self, node: nodes.container) -> None:
        self.anchors(node)
        if "cv-contact" in node["classes"]:
            self.body.append("#cv-contact[")

    def depart_container(self, node: nodes.container) -> None:
        if "cv-contact" in node["classes"]:
            self.body.append("]\n\n")

    def visit_compound(self, node: nodes.compound) -> None:
        self.anchors(node)

    def depart_compound(self, node: nodes.compound) -> None:
        pass

    def visit_block_quote(self, node: nodes.block_quote) -> None:
        self.body.append("#quote(block: true)[")

    def depart_block_quote(self, node: nodes.block_quote) -> None:
        self.body.append("]\n\n")

    def visit_line_block(self, node: nodes.line_block) -> None:
        self.anchors(node)

    def depart_line_block(self, node: nodes.line_block) -> None:
        self.body.append("\n\n")

    def visit_line(self, node: nodes.line) -> None:
        pass

    def depart_line(self, node: nodes.line) -> None:
        if node.next_node(descend=False, siblings=True) is not None:
            self.body.append("#linebreak()")

    def visit_bullet_list(self, node: nodes.bullet_list) -> None:
        self.anchors(node)
        self.body.append("#list(\n")

    def depart_bullet_list(self, node: nodes.bullet_list) -> None:
        self.body.append(")\n\n")

    def visit_enumerated_list(self, node: nodes.enumerated_list) -> None:
        self.anchors(node)
        self.body.append(f"#enum(start: {int(node.get('start', 1))},\n")

    def depart_enumerated_list(self, node: nodes.enumerated_list) -> None:
        self.body.append(")\n\n")

    def visit_list_item(self, node: nodes.list_item) -> None:
        self.body.append("[")
        self.anchors(node)

    def depart_list_item(self, node: nodes.list_item) -> None:
        self.body.append("],\n")

    def visit_literal_block(self, node: nodes.literal_block) -> None:
        self.body.append(f"#raw(block: true, {string(node.astext())})\n\n")
        raise nodes.SkipNode

    def visit_math_block(self, node: nodes.math_block) -> None:
        self.anchors(node)
        self.body.append(f"#align(center)[{self.math(node)}]\n\n")
        raise nodes.SkipNode

    # -- inline --------------------------------------------------------------

    def visit_Text(self, node: nodes.Text) -> None:
        self.body.append(text(node.astext()))

    def depart_Text(self, node: nodes.Text) -> None:
        pass

    def visit_style(self, node: nodes.Element) -> None:
        """Inline styles: strong, emphasis, super- and subscript."""
        self.anchors(node)
        self.body.append(f"#{INLINE_STYLES[type(node)]}[")

    visit_strong = visit_emphasis = visit_superscript = visit_subscript = visit_style

    def visit_literal(self, node: nodes.literal) -> None:
        self.anchors(node)
        self.body.append(f"#raw({string(node.astext())})")
        raise nodes.SkipNode

    def depart_style(self, node: nodes.Element) -> None:
        self.body.append("]")

    depart_strong = depart_emphasis = depart_superscript = depart_subscript = (
        depart_style
    )

    def visit_inline(self, node: nodes.inline) -> None:
        self.anchors(node)

    def depart_inline(self, node: nodes.inline) -> None:
        pass

    def visit_target(self, node: nodes.target) -> None:
        self.anchors(node)

    def depart_target(self, node: nodes.target) -> None:
        pass

    def visit_reference(self, node: nodes.reference) -> None:
        self.anchors(node)
        destination = self.destination(node)
        self.closing.append("" if destination is None else "]")
        if destination is None:
            return  # the text alone: a link to a page of the site only
        function = "cv-title" if "cv-title" in node["classes"] else "link"
        self.body.append(f"#{function}({destination})[")
        if (
            self.in_publication
            and not destination.startswith("label(")
            and "cv-title" not in node["classes"]
        ):
            # Kept on one line, so that text tools read doi:10.4208/jml.230530 whole.
            self.body.append(f"#box[#{string(printed_link(node['refuri']))}]")
            self.body.append(self.closing.pop())
            raise nodes.SkipNode

    def depart_reference(self, node: nodes.reference) -> None:
        self.body.append(self.closing.pop())

    def destination(self, node: nodes.reference) -> str | None:
        """The link's target as a Typst value, or None where the PDF has none."""
        uri = node.get("refuri", "")
        if "refid" in node:
            name = f"{self.docnames[-1]}:{node['refid']}"
        elif uri.startswith("%"):
            docname, _, id_ = uri[1:].partition("#")
            name = f"{docname}:{id_}"
        elif urlsplit(uri).scheme in {"http", "https", "mailto"}:
            return string(uri)
        else:
            return None
        return f"label({string(name)})" if name in self.labels else None

    def visit_image(self, node: nodes.image) -> None:
        """The image, copied beside the Typst source; with its alt text read
        aloud, without one marked as decoration (PDF/UA needs either)."""
        if node["uri"] not in self.builder.images:  # Sphinx has warned
            raise nodes.SkipNode
        kind = mimetypes.guess_type(node["uri"])[0]
        if kind not in self.builder.supported_image_types:
            logger.error(
                "the PDF cannot show the image %s (%s): convert it to PNG, JPEG, "
                "GIF or SVG, or show it on the site only, in an {only} html block",
                node["uri"],
                kind or "an unknown format",
                location=node,
                type="cv",
                subtype="pdf",
            )
            raise nodes.SkipNode
        arguments = [string(f"{IMAGES}/{self.builder.images[node['uri']]}")]
        if node.get("alt"):
            arguments.append(f"alt: {string(node['alt'])}")
        for name in ("width", "height"):
            if length := typst_length(node.get(name, "")):
                arguments.append(f"{name}: {length}")
        image = f"image({', '.join(arguments)})"  # at most the text's width
        image = f"box({image})" if node.get("alt") else f"pdf.artifact({image})"
        self.anchors(node)
        if isinstance(node.parent, (nodes.TextElement, nodes.figure)):
            self.body.append(f"#{image}")
        else:  # an image of its own, not in a paragraph: a block, maybe aligned
            align = node.get("align") if node.get("align") in ALIGNMENTS else None
            self.body.append(f"#align({align}, {image})" if align else f"#{image}")
            self.body.append("\n\n")
        raise nodes.SkipNode

    def visit_figure(self, node: nodes.figure) -> None:
        self.anchors(node)
        self.body.append("#align(center, block[")

    def depart_figure(self, node: nodes.figure) -> None:
        self.body.append("])\n\n")

    def visit_caption(self, node: nodes.caption) -> None:
        self.body.append("#linebreak()#text(size: 9pt)[")

    def depart_caption(self, node: nodes.caption) -> None:
        self.body.append("]")

    def visit_legend(self, node: nodes.legend) -> None:
        self.body.append("#linebreak()#text(size: 9pt)[")

    depart_legend = depart_caption

    def visit_math(self, node: nodes.math) -> None:
        self.body.append(self.math(node))
        raise nodes.SkipNode

    def math(self, node: nodes.Element) -> str:
        """TeX math as Typst text with super- and subscripts."""
        try:
            return rich_text(math_to_text(node.astext()))
        except UnsupportedTeX as error:
            logger.error(
                "%s; make pdf-latex typesets any math",
                error,
                location=node,
                type="cv",
                subtype="pdf",
            )
            return string(node.astext())

    def visit_raw(self, node: nodes.raw) -> None:
        # MyST writes a hard line break as raw HTML <br /> and raw LaTeX \\.
        formats = node.get("format", "").split()
        if "latex" in formats and node.astext().strip() == "\\\\":
            self.body.append("#linebreak()")
        raise nodes.SkipNode

    def visit_comment(self, node: nodes.Element) -> None:
        raise nodes.SkipNode

    visit_substitution_definition = visit_meta = visit_comment
    visit_pending_xref = visit_comment  # unresolved: Sphinx has warned already

    # -- the CV's own nodes --------------------------------------------------

    def visit_cv_entry(self, node: cv_entry) -> None:
        self.anchors(node)
        self.body.append(f"#cv-entry({string(node['date'])})[")

    def depart_cv_entry(self, node: cv_entry) -> None:
        self.body.append("]\n\n")

    def visit_cv_bibliography(self, node: cv_bibliography) -> None:
        self.anchors(node)
        labels = "".join(
            string(f"[{reference['label']}]") + ", "
            for reference in node.findall(cv_reference)
        )
        self.body.append(f"#cv-publications(({labels}),\n")

    def depart_cv_bibliography(self, node: cv_bibliography) -> None:
        self.body.append(")\n\n")

    def visit_cv_reference(self, node: cv_reference) -> None:
        self.body.append("[")
        self.anchors(node)
        self.in_publication = True

    def depart_cv_reference(self, node: cv_reference) -> None:
        self.in_publication = False
        self.body.append("],\n")


#: CSS lengths of docutils' image options, in Typst's units.
_LENGTH = re.compile(r"(\d+(?:\.\d+)?)\s*(px|pt|mm|cm|in|em|%)?")


def typst_length(length: str) -> str | None:
    """An image's ``width`` or ``height`` as a Typst length (a pixel is
    0.75 pt, as CSS has it), or None for one that Typst has no unit for."""
    match = _LENGTH.fullmatch(length.strip())
    if match is None:
        return None
    number, unit = float(match.group(1)), match.group(2) or "px"
    if unit == "px":
        number, unit = number * 0.75, "pt"
    return f"{number:g}{unit}"


def rich_text(rich: BaseText | str) -> str:
    """pybtex rich text (as made by :func:`.latex.math_to_text`) as Typst."""
    if isinstance(rich, str):
        return text(rich)
    inner = "".join(rich_text(part) for part in rich.parts)
    if isinstance(rich, Tag) and rich.name in RICH_TEXT_TAGS:
        return f"#{RICH_TEXT_TAGS[rich.name]}[{inner}]"
    return inner


class CVPDFBuilder(Builder):
    """The whole CV as one PDF, made with Typst; no TeX is needed."""

    name = "cvpdf"
    format = "typst"
    epilog = "The PDF is in %(outdir)s."
    default_translator_class = TypstTranslator
    #: What Typst lays out (Sphinx picks among an image's candidates by it).
    supported_image_types: ClassVar[list[str]] = [
        "image/svg+xml",
        "image/png",
        "image/jpeg",
        "image/gif",
    ]

    def fonts_for(self, text: str) -> PDFFonts:
        config = self.config
        return fonts_for(text, config.cv_pdf_font_paths, self.confdir, config.language)

    @property
    def unshowable(self) -> Unshowable:
        """What the PDF cannot show, for the bib files' check."""
        config = self.config
        return unshowable(config.cv_pdf_font_paths, self.confdir, config.language)

    def get_outdated_docs(self) -> str | list[str]:
        """Every page (one PDF holds them all) when the PDF is missing or was
        made from another document setting, template or Typst; else none, and
        Sphinx writes the PDF when it read a page again (a changed page, bib
        file or setting)."""
        pdf = Path(self.outdir, pdf_document(self.config)[1])
        stamp = Path(self.outdir, INPUTS_STAMP)
        if not pdf.exists() or not stamp.exists():
            return "all documents"
        if stamp.read_text("utf-8").partition("\n")[0] != self.inputs():
            return "all documents"
        return []

    def inputs(self) -> str:
        """What the PDF is made of besides the pages: its document settings,
        language, date, the template and the Typst that typesets it."""
        template = hashlib.sha256(TEMPLATE.read_bytes()).hexdigest()
        return json.dumps(
            [
                pdf_document(self.config),
                self.config.language,
                os.environ.get("SOURCE_DATE_EPOCH"),
                template,
                importlib.metadata.version("typst"),
            ]
        )

    def get_target_uri(self, docname: str, typ: str | None = None) -> str:
        return f"%{docname}"

    def get_relative_uri(self, from_: str, to: str, typ: str | None = None) -> str:
        return self.get_target_uri(to, typ)

    def prepare_writing(self, docnames: Set[str]) -> None:
        pass

    def write_documents(self, docnames: Set[str]) -> None:
        root, filename, title, author = pdf_document(self.config)
        tree = self.env.get_doctree(root)
        tree["docname"] = root
        logger.info(darkgreen(root))
        tree = inline_all_toctrees(self, set(), root, tree, darkgreen, [root])
        tree["docname"] = root
        self.env.resolve_references(tree, root, self)
        self.post_process_images(tree)
        translator = self.create_translator(tree, self)
        tree.walkabout(translator)
        body = translator.astext()
        fonts = self.fonts_for(body)
        source = self.preamble(title, author, fonts) + body
        outdir = Path(self.outdir)
        write_if_changed(outdir / TEMPLATE.name, TEMPLATE.read_bytes())
        typ = outdir / Path(filename).with_suffix(".typ").name
        write_if_changed(typ, source.encode())
        made_of = f"{self.inputs()}\n{hashlib.sha256(source.encode()).hexdigest()}"
        for uri, name in sorted(self.images.items()):
            image = Path(self.srcdir, uri).read_bytes()
            write_if_changed(outdir / IMAGES / name, image)
            made_of += f"\n{name} {hashlib.sha256(image).hexdigest()}"
        stamp = outdir / INPUTS_STAMP
        made_before = stamp.read_text("utf-8") if stamp.exists() else None
        if made_before == made_of and (outdir / filename).exists():
            return  # made of the same source, template and settings
        epoch = os.environ.get("SOURCE_DATE_EPOCH")
        try:
            pdf = typst.compile(
                str(typ),
                root=str(outdir),
                font_paths=fonts.book,
                ignore_system_fonts=True,  # the same fonts, and output, everywhere
                pdf_standards=["ua-1"],
                timestamp=int(epoch) if epoch else None,
            )
        except typst.TypstError as error:
            diagnostic = getattr(error, "diagnostic", str(error))
            if unshown := unshown_characters(diagnostic):
                self.report_unshown(tree, unshown)
                return
            logger.error(
                "Typst could not make the PDF: %s",
                diagnostic,
                location=str(typ),
                type="cv",
                subtype="pdf",
            )
            return
        write_if_changed(outdir / filename, pdf)
        write_if_changed(stamp, made_of.encode())

    def report_unshown(self, tree: nodes.document, unshown: list[str]) -> None:
        """Where each character that no font has is written: the page's line,
        or a publication's entry in its bib file."""
        bib_entries = entry_locations(self.app)
        where: dict[str | nodes.Node, list[str]] = {}
        for node in tree.findall(nodes.Text):
            found = [c for c in unshown if c in node]
            if not found:
                continue
            reference = node.parent
            while reference is not None and not isinstance(reference, cv_reference):
                reference = reference.parent
            if reference is not None:
                key = reference["key"]
                location: str | nodes.Node = bib_entries.get(key.lower(), key)
                prefix = f"[{key}] "
            else:
                location, prefix = node.parent, ""
            for character in found:
                where.setdefault(location, [prefix]).append(character)
                unshown.remove(character)
        for location, (prefix, *characters) in where.items():
            logger.error(
                prefix + unshown_message(characters),
                location=location,
                type="cv",
                subtype="pdf",
            )
        if unshown:  # in the template or the settings, not in a page
            logger.error(unshown_message(unshown), type="cv", subtype="pdf")

    def preamble(self, title: str, author: str, fonts: PDFFonts) -> str:
        language = (self.config.language or "en").replace("_", "-")
        lang, _, region = language.partition("-")
        # Without SOURCE_DATE_EPOCH the PDF carries no date, so builds agree.
        date = "auto" if os.environ.get("SOURCE_DATE_EPOCH") else "none"
        return (
            f'#import "{TEMPLATE.name}": *\n'
            f"#show: cv.with(title: {string(title)}, author: {string(author)}, "
            f"fonts: {typst_array(fonts.families)}, lang: {string(lang.lower())}, "
            f"region: {string(region.upper()) if region else 'none'}, date: {date})\n\n"
        )


def setup(app: Sphinx) -> ExtensionMetadata:
    app.add_builder(CVPDFBuilder)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
