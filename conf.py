"""Sphinx configuration for the CV of Lei Wu."""

from __future__ import annotations

import os

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

# -- MyST ------------------------------------------------------------------------

myst_enable_extensions = ["colon_fence"]
myst_heading_anchors = 2

# -- Bibliography ----------------------------------------------------------------

bibtex_bibfiles = ["refs.bib"]
bibtex_default_style = "cv"
bibtex_reference_style = "label"

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
