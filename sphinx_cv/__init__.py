"""A Sphinx extension for an academic CV: dated entries and publication lists."""

from __future__ import annotations

import os
import re
from collections import Counter
from importlib.metadata import entry_points
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from .latex import latex_symbol_declarations
from .style import BibFileOrder, CVStyle

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment
    from sphinx.util.typing import ExtensionMetadata

__version__ = "1.0.0"
#: The extension's parts, each a small Sphinx extension of its own.
PARTS = [
    "markup",
    "bibliography",
    "jsonld",
    "assets",
    "finish",
    "fallback",
    "mathml",
    "pdf",
    "papers",
    "sitemap",
    "internals",
    "outputs",
]
HERE = Path(__file__).parent
#: Where a live preview is served: a host name or IP address, and a port.
LIVE_ADDRESS = re.compile(r"(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:]+\]):[0-9]{1,5}")


#: The pybtex and sphinxcontrib-bibtex plugins a build looks up, by group and name.
PLUGINS = [
    ("pybtex.style.formatting", "cv"),
    ("pybtex.style.formatting", "cv-tooltip"),
    ("pybtex.style.sorting", "cv-bib-file-order"),
    ("pybtex.style.labels", "number"),
    ("pybtex.style.names", "plain"),
    ("pybtex.style.names", "last"),
    ("pybtex.backends", "docutils"),
    ("pybtex.backends", "plaintext"),
    ("sphinxcontrib.bibtex.style.referencing", "cv-label"),
]


def register_plugins() -> None:
    """Register the plugins a build uses by class, read from one scan of the
    installed entry points: pybtex and sphinxcontrib-bibtex scan them all
    again for every look-up by name (8 ms each, two dozen times a build)."""
    import pybtex.plugin
    import sphinxcontrib.bibtex.plugin

    installed = entry_points()
    for group, name in PLUGINS:
        for entry_point in installed.select(group=group, name=name):
            register = (
                sphinxcontrib.bibtex.plugin.register_plugin
                if group.startswith("sphinxcontrib.")
                else pybtex.plugin.register_plugin
            )
            register(group, name, entry_point.load(), force=True)
            break


def configure_style(app: Sphinx, config: Config) -> None:
    """Hand the owner and the annotation marks to the pybtex style."""
    CVStyle.owner = config.cv_owner
    CVStyle.annotation_marks = dict(config.cv_annotation_marks)
    config.latex_additional_files = [
        *config.latex_additional_files,
        str(HERE / "texinputs" / "sphinxcv.sty"),
    ]
    config.html_static_path = [*config.html_static_path, str(HERE / "static")]


def add_theme_styles(app: Sphinx) -> None:
    """furo's colours for the CV's parts: only under furo, whose variables they use."""
    if app.builder.format == "html" and app.config.html_theme == "furo":
        app.add_css_file("sphinx-cv-furo.css")


def stop(app: Sphinx, problems: list[tuple[str | None, str]], subtype: str) -> None:
    """Report each (location, message) and stop the build if there are any."""
    from sphinx.util import logging

    logger = logging.getLogger(__name__)
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
    from .check import conf_line

    conf_py = Path(app.confdir, "conf.py")
    return f"{conf_py}:{conf_line(conf_py, name)}"


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
    from .check import person_problems

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
    from .check import check_bibfile

    problems = []
    for name in app.config.bibtex_bibfiles:
        found = check_bibfile(
            Path(app.confdir, name),
            app.config.cv_owner,
            app.config.cv_annotation_marks,
            pdf=app.builder.format in {"latex", "typst"},
        )
        problems += [
            (
                f"{p.path}:{p.line}"
                if p.line
                else conf_location(app, "bibtex_bibfiles"),  # the file is not there
                p.message,
            )
            for p in found
        ]
    stop(app, problems, "bibfile")


def write_latex_support(app: Sphinx) -> None:
    """The PDF's build settings: the math characters of titles, and no dates
    unless SOURCE_DATE_EPOCH gives them (pdfTeX would stamp the build's time)."""
    if app.builder.format != "latex":
        return
    text = latex_symbol_declarations()
    if "SOURCE_DATE_EPOCH" not in os.environ:
        text += "\\pdfinfoomitdate=1\\pdftrailerid{}\n"
    Path(app.outdir).mkdir(parents=True, exist_ok=True)
    Path(app.outdir, "sphinxcvbuild.sty").write_text(text, encoding="utf-8")


def remember_entry_order(app: Sphinx) -> None:
    """Number publications in the bib file's order (sphinxcontrib-bibtex parsed it)."""
    entries_in_order = app.env.get_domain("cite").bibdata.data.entries
    BibFileOrder.entry_order = {key: i for i, key in enumerate(entries_in_order)}


def depend_on_cited_bibfiles(app: Sphinx, doctree: nodes.document) -> None:
    """A page that cites is read again when a bib file changes: its labels and
    tooltips come from it (sphinxcontrib-bibtex notes this only for bibliographies)."""
    from sphinx.addnodes import pending_xref

    from .bibliography import depend_on_bibfiles

    if any(ref.get("refdomain") == "cite" for ref in doctree.findall(pending_xref)):
        depend_on_bibfiles(app.env)


def refuse_footnote_citations(app: Sphinx, doctree: nodes.document) -> None:
    """Footnote citations would list papers outside the numbered lists."""
    from sphinx.util import logging

    from .check import footnote_citations

    path = Path(app.env.doc2path(app.env.docname))
    for problem in footnote_citations([path]) if path.suffix == ".md" else []:
        logging.getLogger(__name__).error(
            problem.message,
            location=(app.env.docname, problem.line),
            type="cv",
            subtype="footcite",
        )


def citation_line(env: BuildEnvironment, docname: str, key: str) -> int | None:
    """The first line of *docname* that cites *key* (MyST roles carry no line)."""
    from .check import cited_keys

    text = Path(env.doc2path(docname)).read_text(encoding="utf-8")
    return next((number for number, cited in cited_keys(text) if cited == key), None)


def check_citations_and_lists(app: Sphinx, env: BuildEnvironment) -> None:
    """Every citation names a known key; every paper is in exactly one list,
    made with the options our lists support."""
    from sphinx.util import logging

    from .check import citation_problem

    logger = logging.getLogger(__name__)
    domain = env.get_domain("cite")
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
            where = (
                "no bibliography shows"
                if count == 0
                else f"{count} bibliographies show"
            )
            logger.error(
                f"{where} entry {key!r}: make the :filter: of the bibliography "
                "directives cover every entry exactly once, or delete the entry",
                type="cv",
                subtype="entry_not_shown",
            )


def setup(app: Sphinx) -> ExtensionMetadata:
    # Only a build needs these (and Sphinx); make check imports check.py alone.
    from . import config

    app.setup_extension("sphinxcontrib.bibtex")
    register_plugins()
    config.register(app)
    app.connect("config-inited", configure_style)
    app.connect("config-inited", check_config)
    app.connect("config-inited", quiet_duplicate_warnings)
    # Before sphinxcontrib-bibtex parses the file, which would drop a bad entry.
    app.connect("builder-inited", check_bibfiles, priority=400)
    app.connect("builder-inited", write_latex_support)
    app.connect("builder-inited", remember_entry_order)
    app.connect("doctree-read", depend_on_cited_bibfiles)
    app.connect("doctree-read", refuse_footnote_citations)
    app.connect("env-updated", check_citations_and_lists, priority=600)
    app.add_css_file("sphinx-cv.css")
    app.connect("builder-inited", add_theme_styles)
    app.add_latex_package("sphinxcv")
    app.add_latex_package("sphinxcvbuild")
    for part in PARTS:
        app.setup_extension(f"sphinx_cv.{part}")
    return {
        "version": __version__,
        # Raised when pages made from an unchanged environment would change,
        # so that Sphinx reads and writes everything again.
        "env_version": 4,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
