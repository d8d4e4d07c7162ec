"""Sphinx configuration for the CV of Lei Wu."""

from __future__ import annotations

import os
from pathlib import Path

# -- Project information -----------------------------------------------------

project = "Lei Wu"
author = "Lei Wu"
copyright = "Lei Wu"  # noqa: A001 (Sphinx's name for it)

# -- General configuration ---------------------------------------------------

extensions = [
    "myst_parser",
    "sphinx_cv",
]
exclude_patterns = ["_build", ".venv", "README.md", "tests", ".pytest_cache"]
root_doc = "index"
language = "en"
nitpicky = True

# -- The CV --------------------------------------------------------------------

cv_owner = "Lei Wu"
cv_annotation_marks = {"equal": "*"}

# The home page links the PDF: Read the Docs serves it from its downloads;
# here `make html` builds it first (with TeX) and copies it beside the pages.
if os.environ.get("READTHEDOCS"):
    _lang = os.environ.get("READTHEDOCS_LANGUAGE", "en")
    cv_pdf_url = f"/_/downloads/{_lang}/{os.environ['READTHEDOCS_VERSION']}/pdf/"
elif (Path(__file__).parent / "_build" / "pdf" / "lei-wu-cv.pdf").exists():
    html_extra_path = ["_build/pdf"]
    cv_pdf_url = "lei-wu-cv.pdf"

# -- MyST ------------------------------------------------------------------------

myst_enable_extensions = ["colon_fence"]
myst_heading_anchors = 2

# -- Bibliography ----------------------------------------------------------------

bibtex_bibfiles = ["refs.bib"]
bibtex_default_style = "cv"
bibtex_reference_style = "label"
bibtex_tooltips_style = "cv-tooltip"

# -- HTML output ---------------------------------------------------------------

html_theme = "furo"
html_title = "Lei Wu"
html_static_path = ["_static"]
html_css_files = ["cv.css"]
html_copy_source = False
html_show_sourcelink = False
html_theme_options = {
    "top_of_page_buttons": [],
}
html_baseurl = os.environ.get("READTHEDOCS_CANONICAL_URL", "")

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
latex_additional_files = ["_static/cvlayout.sty"]
