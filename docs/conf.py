"""Sphinx configuration of sphinx-cv's documentation, which uses sphinx-cv itself."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent / "_ext"))

from sphinx_cv import __version__

project = "sphinx-cv"
author = "the sphinx-cv authors"
version = release = __version__
extensions = ["myst_parser", "sphinx_cv", "cv_docs"]
exclude_patterns = ["_build"]
language = "en"
nitpicky = True
myst_enable_extensions = ["colon_fence", "dollarmath"]
myst_heading_anchors = 3

# The live examples of the reference show an example owner's CV.
cv_owner = "Ada Lovelace"
cv_person = {
    "job_title": "Example Position",
    "department": "Department of Example Studies",
    "affiliation": "Example University",
    "address": ["Example Building, Room 1", "Example Street 1, City"],
    "email": "name@example.org",
    "homepage": "https://example.org/",
}
bibtex_bibfiles = ["refs.bib"]
bibtex_default_style = "cv"
bibtex_reference_style = "cv-label"
bibtex_tooltips_style = "cv-tooltip"

html_theme = "furo"
html_title = f"sphinx-cv {release}"
html_copy_source = False
html_show_sourcelink = False
html_use_index = False
