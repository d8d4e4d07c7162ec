"""The checks a build makes: the settings, the bib files, the citations and the
lists, each problem with its place and what to do."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from sphinx.util import logging

from sphinx_cv.bibdata import cite_domain
from sphinx_cv.report import conf_location, stop

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment
    from sphinx.util.typing import ExtensionMetadata

logger = logging.getLogger(__name__)

#: Where a live preview is served: a host name or IP address, and a port.
LIVE_ADDRESS = re.compile(r"(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:]+\]):[0-9]{1,5}")
#: A folder of the site for the paper pages: names of letters, digits, _ and -.
PAPER_FOLDER = re.compile(r"[A-Za-z0-9_-]+(?:/[A-Za-z0-9_-]+)*")


def paper_folder_problem(folder: str) -> str | None:
    """Why ``cv_paper_pages`` cannot be the folder of the paper pages ("" is
    no paper pages)."""
    if folder == "" or PAPER_FOLDER.fullmatch(folder):
        return None
    return (
        f"cv_paper_pages {folder!r} is not a folder inside the site: write a "
        "relative path of letters, digits, _ and -, such as 'papers' (no '.', "
        "'..' or leading '/'), or '' for no paper pages"
    )


def check_config(app: Sphinx, config: Config) -> None:
    """Stop on settings that would end in a traceback or a wrong page."""
    from sphinx_cv.check import person_problems

    person = conf_location(app, "cv_person")
    problems = [(person, message) for message in person_problems(config.cv_person)]
    if urlsplit(url := config.cv_pdf_url).scheme not in ("", "http", "https"):
        problems.append(
            (
                conf_location(app, "cv_pdf_url"),
                f"cv_pdf_url {url!r} is not a path or an http(s) address",
            )
        )
    if problem := paper_folder_problem(config.cv_paper_pages):
        problems.append((conf_location(app, "cv_paper_pages"), problem))
    if (live := config.cv_live_preview) and not LIVE_ADDRESS.fullmatch(live):
        problems.append(
            (
                conf_location(app, "cv_live_preview"),
                f"cv_live_preview {live!r} is not a host:port such as 127.0.0.1:8000",
            )
        )
    stop(app, problems, "config")


def quiet_duplicate_warnings(app: Sphinx, config: Config) -> None:
    """sphinxcontrib-bibtex also warns of an unknown key, without a line on
    MyST pages and without a fix; ours says both, so a mistake has one message."""
    config.suppress_warnings = [*config.suppress_warnings, "bibtex.key_not_found"]


def check_bibfiles(app: Sphinx) -> None:
    """Stop before anything is built if a bib file would drop or garble a paper."""
    from sphinx_cv.bib.rules import PDFLATEX, check_bibfile

    # A PDF builder says what it cannot show; pdfLaTeX's fonts are known.
    pdf = getattr(app.builder, "unshowable", None)
    pdf = PDFLATEX if app.builder.format == "latex" else pdf
    problems = []
    for name in app.config.bibtex_bibfiles:
        found = check_bibfile(
            Path(app.confdir, name),
            app.config.cv_owner,
            app.config.cv_annotation_marks,
            pdf=pdf,
        )
        problems += [
            (
                f"{p.path}:{p.line}"
                if p.line
                else conf_location(app, "bibtex_bibfiles"),  # the file is not there
                p.message,
            )
            for p in found
            if not p.note
        ]
        for note in (p for p in found if p.note):  # shown as written, in full
            logger.info(note.message, location=f"{note.path}:{note.line}")
    stop(app, problems, "bibfile")


def refuse_footnote_citations(app: Sphinx, doctree: nodes.document) -> None:
    """Footnote citations would list papers outside the numbered lists."""
    from sphinx_cv.check import footnote_citations

    path = Path(app.env.doc2path(app.env.docname))
    for problem in footnote_citations([path]) if path.suffix == ".md" else []:
        logger.error(
            problem.message,
            location=(app.env.docname, problem.line),
            type="cv",
            subtype="footcite",
        )


def citation_line(env: BuildEnvironment, docname: str, key: str) -> int | None:
    """The first line of *docname* that cites *key* (MyST roles carry no line)."""
    from sphinx_cv.check import cited_keys

    text = Path(env.doc2path(docname)).read_text(encoding="utf-8")
    return next((number for number, cited in cited_keys(text) if cited == key), None)


def check_citations_and_lists(app: Sphinx, env: BuildEnvironment) -> None:
    """Every citation names a known key; every paper is in exactly one list,
    made with the options our lists support."""
    from sphinx_cv.check import citation_problem

    domain = cite_domain(env)
    keys = {key.lower(): key for key in domain.bibdata.data.entries}
    for citation_ref in domain.citation_refs:
        for target in citation_ref.targets:
            problem = citation_problem(target.key, keys, app.config.bibtex_bibfiles)
            if problem:
                docname = citation_ref.docname
                line = citation_ref.line or citation_line(env, docname, target.key)
                logger.error(
                    problem,
                    location=(docname, line),
                    type="cv",
                    subtype="unknown_key",
                )
    for where, bibliography in domain.bibliographies.items():
        if bibliography.list_ != "citation" or bibliography.keyprefix:
            logger.error(
                "sphinx_cv's publication lists number and link their entries "
                "themselves: remove :list:, :enumtype:, :start: and :keyprefix: "
                "from this bibliography",
                location=(where.docname, bibliography.line),
                type="cv",
                subtype="bibliography_option",
            )
    shown = Counter(citation.key for citation in domain.citations)
    for key in domain.bibdata.data.entries:
        if (count := shown[key]) != 1:
            lists = (
                "no bibliography shows"
                if count == 0
                else f"{count} bibliographies show"
            )
            logger.error(
                f"{lists} entry {key!r}: make the :filter: of the bibliography "
                "directives cover every entry exactly once, or delete the entry",
                type="cv",
                subtype="entry_not_shown",
            )


def setup(app: Sphinx) -> ExtensionMetadata:
    app.connect("config-inited", check_config)
    app.connect("config-inited", quiet_duplicate_warnings)
    # Before sphinxcontrib-bibtex parses the file, which would drop a bad entry.
    app.connect("builder-inited", check_bibfiles, priority=400)
    app.connect("doctree-read", refuse_footnote_citations)
    app.connect("env-updated", check_citations_and_lists, priority=600)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
