"""The pybtex styles ``cv`` and ``cv-tooltip``: the owner in bold, annotation
marks, titles as written, venue and year, then the links."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from pybtex.database import Person
from pybtex.richtext import HRef, Tag, Text
from pybtex.style import FormattedEntry
from pybtex.style.formatting import BaseStyle
from pybtex.style.template import FieldIsMissing

from sphinx_cv.bib.model import (
    PAPER_SCHEME,
    REMARK_FIELDS,
    VENUE_FIELD,
    authors_of,
    entry_links,
    full_name,
    is_owner,
    owner_names,
    parse_annotations,
)
from sphinx_cv.bib.tex import latex_to_text
from sphinx_cv.config import DEFAULTS

if TYPE_CHECKING:
    from pybtex.database import Entry
    from pybtex.richtext import BaseText


class CVStyle(BaseStyle):
    """Format CV entries: ``Authors. Title. In *Venue*, Year.`` followed by links.

    pybtex builds styles without arguments, so the owner and the annotation
    marks are class attributes, set from the Sphinx configuration.
    """

    default_label_style = "number"
    default_name_style = "plain"

    #: The CV's owner (``cv_owner``: a name, or the owner's several names), in bold.
    owner: ClassVar[str | list[str]] = ""
    #: Annotation word -> mark written after the name, e.g. ``{"equal": "*"}``.
    annotation_marks: ClassVar[dict[str, str]] = DEFAULTS["cv_annotation_marks"]
    #: The style's words, in the CV's language (set from the extension's catalog).
    words: ClassVar[dict[str, str]] = {"In": "In", "et al.": "et al."}
    #: Whether entries end with their links (not in tooltips, say).
    with_links: ClassVar[bool] = True
    #: Keep the bib file's order (:class:`BibFileOrder`), a pybtex sorting plugin.
    default_sorting_style = "cv-bib-file-order"

    @staticmethod
    def venue_field(entry: Entry) -> str:
        """The field of the entry's venue, by its type (a type without one stops)."""
        venue_field = VENUE_FIELD.get(entry.type)
        if venue_field is None:
            known = ", ".join(sorted(VENUE_FIELD))
            msg = f"entry type @{entry.type} of {entry.key}; use one of {known}"
            raise FieldIsMissing(msg, entry)
        return venue_field

    def format_entry(self, label: str, entry: Entry, bib_data=None) -> FormattedEntry:
        venue_field = self.venue_field(entry)
        venue = Tag("em", latex_to_text(self._field(entry, venue_field)))
        in_venue = venue_field == "booktitle"
        title = latex_to_text(self._field(entry, "title"))
        if self.with_links:  # to its page: see sphinx_cv.publications.link_titles
            title = HRef(f"{PAPER_SCHEME}{entry.key}", title)
        # One mark between parts, never two: a title may end with "?" or ".",
        # a venue with ",".
        after_venue = " " if str(venue).rstrip().endswith((",", ";", ":")) else ", "
        text = Text(
            self.format_authors(entry).add_period(),
            " ",
            Text(title).add_period(),
            " ",
            Text(self.words["In"], " ", venue) if in_venue else venue,
            after_venue,
            Text(latex_to_text(self._field(entry, "year"))).add_period(),
            *self.format_remarks(entry, venue_field),
            *(self.format_links(entry) if self.with_links else []),
        )
        return FormattedEntry(entry.key, text, label)

    @staticmethod
    def _field(entry: Entry, name: str) -> str:
        try:
            return entry.fields[name]
        except KeyError:
            raise FieldIsMissing(name, entry) from None

    def format_authors(self, entry: Entry) -> Text:
        persons = authors_of(entry)
        if not persons:
            raise FieldIsMissing("author", entry)
        annotations = parse_annotations(entry.fields.get("author+an", ""))
        owners = [Person(name) for name in owner_names(self.owner)]
        names: list[BaseText | str] = []
        for position, person in enumerate(persons, start=1):
            marks = "".join(
                self.annotation_marks.get(word, "")
                for word in annotations.get(position, [])
            )
            name = Text(latex_to_text(full_name(person)), marks)
            if is_owner(person, owners):
                name = Tag("b", name)
            names.append(name)
        if len(persons) < len(entry.persons["author"]):
            names.append(self.words["et al."])
        return Text(", ").join(names)

    @staticmethod
    def format_remarks(entry: Entry, venue_field: str) -> list[BaseText | str]:
        """``note`` (where it is not the venue) and ``addendum``, each a sentence
        after the year, as biblatex prints them."""
        return [
            Text(" ", latex_to_text(entry.fields[field])).add_period()
            for field in REMARK_FIELDS
            if field in entry.fields and field != venue_field
        ]

    @staticmethod
    def format_links(entry: Entry) -> list[BaseText | str]:
        """Short links: ``arXiv:ID``, ``DOI`` and ``Publisher``, each only if known."""
        parts: list[BaseText | str] = []
        for text, url in entry_links(entry):
            parts += [" ", HRef(url, text)]
        return parts


class CVTooltipStyle(CVStyle):
    """The same entries without their links, for citation tooltips."""

    with_links = False
