"""The pybtex sorting style ``cv-bib-file-order``: the bib file's own order."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from pybtex.style.sorting import BaseSortingStyle

if TYPE_CHECKING:
    from pybtex.database import Entry


class BibFileOrder(BaseSortingStyle):
    """Sort entries as the bib file lists them (the CV's own order), not by
    first citation; registered as the pybtex sorting style ``cv-bib-file-order``."""

    #: Entry keys in the bib file's order, set when the file has been read.
    entry_order: ClassVar[dict[str, int]] = {}

    def sorting_key(self, entry: Entry) -> int:
        return self.entry_order.get(entry.key, len(self.entry_order))
