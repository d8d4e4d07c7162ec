"""How the extension reports a mistake: where it is, and what to do about it."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.util import logging

from sphinx_cv.check import conf_line

if TYPE_CHECKING:
    from collections.abc import Sequence

    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)


def stop(app: Sphinx, problems: Sequence[tuple[str | None, str]], subtype: str) -> None:
    """Report each (location, message) and stop the build if there are any."""
    for location, message in problems:
        logger.error(message, location=location, type="cv", subtype=subtype)
    if problems:
        # A SphinxError would add Sphinx's bug-report banner to what is a typo;
        # the messages above say everything. Status 1, as sphinx-build -W gives
        # for an error in a page and make check for any problem.
        logger.error(
            "build stopped: fix the problem(s) above", type="cv", subtype=subtype
        )
        raise SystemExit(1)


def conf_location(app: Sphinx, name: str) -> str:
    """``conf.py:LINE`` of the line that sets *name* (line 1 if none does)."""
    conf_py = Path(app.confdir, "conf.py")
    return f"{conf_py}:{conf_line(conf_py, name)}"
