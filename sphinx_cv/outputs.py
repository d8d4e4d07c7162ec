"""An output folder that shows what the sources say: files written whole, a build
that did not finish (or warned) redone by the next, no page left of a deleted one.

Sphinx decides what to write again by comparing a page's time with its source's,
so a build stopped after it read the sources, or one that wrote a page only in
part, would leave pages that every later build takes as up to date.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary

from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.util import logging

from sphinx_cv.compat import warning_count

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment
    from sphinx.util.typing import ExtensionMetadata

logger = logging.getLogger(__name__)
#: Beside the doctrees while a build runs (one per builder); still there if the
#: build was stopped, failed or warned, so the next reads and writes every page.
UNFINISHED = "sphinx-cv-unfinished-{builder}"
#: Per application: whether its output folder held an unfinished build.
_REDO: WeakKeyDictionary = WeakKeyDictionary()


def unfinished_marker(app: Sphinx) -> Path:
    return Path(app.doctreedir, UNFINISHED.format(builder=app.builder.name))


def extension_data(env: BuildEnvironment) -> dict[str, Any]:
    """What the extension keeps in the environment, which Sphinx pickles (and,
    after a parallel read, merges with ``env-merge-info``)."""
    return env.__dict__.setdefault("sphinx_cv", {})


def begin_build(app: Sphinx) -> None:
    """Note whether the last build of this output folder finished, and mark
    this one as running; remove what a stopped build left half written."""
    outdir = Path(app.outdir)
    marker = unfinished_marker(app)
    _REDO[app] = marker.exists()
    if _REDO[app]:
        logger.info(
            "The last build of %s did not finish cleanly: every page is read and "
            "written again.",
            outdir,
        )
        for leftover in outdir.rglob(".*.tmp"):
            leftover.unlink(missing_ok=True)
    marker.parent.mkdir(parents=True, exist_ok=True)
    marker.touch()


def redo_unfinished(
    app: Sphinx,
    env: BuildEnvironment,
    added: set[str],
    changed: set[str],
    removed: set[str],
) -> set[str]:
    """Every document again after an unfinished build; and the pages of removed
    documents deleted now, before the environment forgets them."""
    if isinstance(app.builder, StandaloneHTMLBuilder):
        for docname in removed:
            Path(app.builder.get_outfilename(docname)).unlink(missing_ok=True)
    return set(env.found_docs) if _REDO.get(app) else set()


def write_all_if_navigation_changed(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Every page when the site's navigation changed: each page shows it (the
    theme's sidebar), and a page added, removed, retitled or moved in a toctree
    changes it, though Sphinx writes only the pages whose source changed."""
    titles = sorted((docname, title.astext()) for docname, title in env.titles.items())
    navigation = repr([sorted(env.toctree_includes.items()), titles])
    data = extension_data(env)
    before, data["navigation"] = data.get("navigation"), navigation
    return sorted(env.found_docs) if before not in (None, navigation) else []


def end_build(app: Sphinx, exception: Exception | None) -> None:
    """A build that ended without an error or a warning is finished; any other
    leaves the mark, so that the next build shows its warnings again."""
    if exception is None and warning_count(app) == 0:
        unfinished_marker(app).unlink(missing_ok=True)


def setup(app: Sphinx) -> ExtensionMetadata:
    # Before any other handler can write into the output folder.
    app.connect("builder-inited", begin_build, priority=100)
    app.connect("env-get-outdated", redo_unfinished)
    app.connect("env-updated", write_all_if_navigation_changed)
    # After every other handler has written what it writes.
    app.connect("build-finished", end_build, priority=1000)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
