"""Sphinx configuration for the CV of Lei Wu."""

from __future__ import annotations

import contextlib
import io
import os
from pathlib import Path
from urllib.parse import urlsplit

# -- Project information -----------------------------------------------------

project = "Lei Wu"
author = "Lei Wu"

# -- General configuration ---------------------------------------------------

# sphinxext-opengraph prints that matplotlib is missing when it is imported; this
# site draws no social cards (ogp_social_cards below), so the line is noise.
with contextlib.redirect_stdout(io.StringIO()):
    import sphinxext.opengraph  # noqa: F401

extensions = [
    "myst_parser",
    "sphinx_cv",
    "sphinxext.opengraph",
    "notfound.extension",
]
exclude_patterns = [
    "_build",
    "_templates",
    ".venv*",
    "README.md",
    "CHANGELOG.md",
    "docs",  # the package's documentation, a Sphinx project of its own
    "sphinx_cv",  # its template of a new CV project has pages too
    "build",  # where pip install . (Read the Docs) copies the package, template too
    "tests",
    "tools",
    ".pytest_cache",
]
root_doc = "index"
language = "en"
nitpicky = True

# -- The CV --------------------------------------------------------------------

cv_owner = "Lei Wu"
# The home page's contact block and the JSON-LD for search engines.
cv_person = {
    "job_title": "Assistant Professor",
    "department": (
        "School of Mathematical Sciences & Center for Machine Learning Research"
    ),
    "affiliation": "Peking University",
    "address": [
        "1371, Science building#1, Peking University",
        "No.5 Yiheyuan Road Haidian District, Beijing",
    ],
    "email": "leiwu@math.pku.edu.cn",
    "homepage": "https://leiwu0.github.io/",
    "alumni_of": ["Peking University", "Nankai University"],
}

# The home page links the PDF: Read the Docs serves it from its downloads;
# here `make html` builds it first (with TeX) and copies it beside the pages.
if os.environ.get("READTHEDOCS"):
    _lang = os.environ.get("READTHEDOCS_LANGUAGE", "en")
    cv_pdf_url = f"/_/downloads/{_lang}/{os.environ['READTHEDOCS_VERSION']}/pdf/"
elif (Path(__file__).parent / "_build" / "pdf" / "lei-wu-cv.pdf").exists():
    html_extra_path = ["_build/pdf/lei-wu-cv.pdf"]
    cv_pdf_url = "lei-wu-cv.pdf"
epub_exclude_files = ["lei-wu-cv.pdf"]  # the ePub is a CV of its own

# -- MyST ------------------------------------------------------------------------

myst_enable_extensions = ["colon_fence", "dollarmath"]
myst_update_mathjax = False  # math becomes MathML (sphinx_cv), MathJax is unused
myst_heading_anchors = 2

# -- Bibliography ----------------------------------------------------------------

bibtex_bibfiles = ["refs.bib"]
bibtex_default_style = "cv"
bibtex_reference_style = "cv-label"  # labels, runs as ranges: [1–8, P1–P7]
bibtex_tooltips_style = "cv-tooltip"

# -- HTML output ---------------------------------------------------------------

html_theme = "furo"
html_title = "Lei Wu"
html_static_path = ["_static"]
templates_path = ["_templates"]
html_css_files = ["cv.css"]
html_copy_source = False
html_show_sourcelink = False
html_show_copyright = False  # the CV states no copyright
html_theme_options = {
    "top_of_page_buttons": [],
}
html_use_index = False
# A CV shows no code and uses no furo extension styles: leave those out, serve the
# style sheets as one file, and load search scripts on the search page only.
cv_lighten_pages = True
cv_drop_assets = ["pygments.css", "styles/furo-extensions.css"]
html_favicon = "_static/favicon.svg"
# The site's address, for canonical links, the sitemap and social cards. Read the
# Docs sets READTHEDOCS_CANONICAL_URL, the GitHub Pages workflow CV_SITE_URL;
# change the default if the site moves.
html_baseurl = (
    os.environ.get("READTHEDOCS_CANONICAL_URL")
    or os.environ.get("CV_SITE_URL")
    or "https://lei-wu-cv.readthedocs.io/en/latest/"
)

# -- Search engines and social cards ---------------------------------------------

ogp_site_url = html_baseurl
ogp_social_cards = {"enable": False}  # drawing cards needs matplotlib; none is set
# Twitter (X) reads og:title and og:description; it needs only the card type.
ogp_custom_meta_tags = ['<meta name="twitter:card" content="summary">']
# The 404 page's links are absolute so that it works at any depth.
notfound_urls_prefix = urlsplit(html_baseurl).path

# -- LaTeX / PDF output ------------------------------------------------------------

latex_engine = "pdflatex"
latex_documents = [
    ("index", "lei-wu-cv.tex", "Lei Wu — Curriculum Vitae", "Lei Wu", "howto", False),
]
latex_domain_indices = False
latex_elements = {
    "papersize": "a4paper",
    "pointsize": "10pt",
    "sphinxsetup": "hmargin=1.8cm, vmargin={1.6cm,1.8cm}",
    "releasename": "",
    "makeindex": "",
    "printindex": "",
    "tableofcontents": "",
    "maketitle": r"\cvmaketitle",
    "preamble": r"\usepackage{cvlayout}",
}
latex_additional_files = ["_latex/cvlayout.sty"]


# Pages that have no text of their own to describe them.
GENERATED_PAGE_DESCRIPTIONS = {
    "search": "Search the CV of Lei Wu, Peking University.",
    "404": "This page is not part of the CV of Lei Wu, Peking University.",
}


def add_head_tags(app, pagename, templatename, context, doctree):
    """A PNG beside the SVG favicon (for browsers without SVG icons), and a
    description for the generated pages."""
    href = context["pathto"]("_static/favicon.png", 1)
    tags = [f'<link rel="icon" type="image/png" sizes="64x64" href="{href}">']
    if description := GENERATED_PAGE_DESCRIPTIONS.get(pagename):
        tags.append(f'<meta name="description" content="{description}">')
    context["metatags"] = "\n".join([context.get("metatags", ""), *tags])


def setup(app):
    app.connect("html-page-context", add_head_tags)
