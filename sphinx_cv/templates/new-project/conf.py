"""Sphinx configuration for the CV of @@NAME@@ (made by sphinx-cv new)."""

import os
from pathlib import Path

project = @@NAME_PY@@
author = @@NAME_PY@@

extensions = ["myst_parser", "sphinx_cv"]
exclude_patterns = ["_build", ".venv*", "README.md"]
language = "en"
nitpicky = True
myst_enable_extensions = ["colon_fence", "dollarmath"]
myst_heading_anchors = 2

# -- The CV ------------------------------------------------------------------------

# Your name as the bib file writes it in author lists: set in bold there.
cv_owner = @@NAME_PY@@
# The home page's contact block and the JSON-LD for search engines.
# sphinx-cv example: replace these details with yours, then delete this line.
cv_person = {
    "job_title": "Example Position",
    "department": "Department of Example Studies",
    "affiliation": "Example University",
    "address": ["Example Building, Room 1", "Example Street 1, City"],
    "email": "name@example.org",
    "homepage": "https://example.org/",
    # "alumni_of": ["Example University"],
}

# The home page links the PDF: `make html` builds it first and copies it beside
# the pages; on Read the Docs it is served from the downloads.
PDF = "@@PDF@@"
if os.environ.get("READTHEDOCS"):
    _lang = os.environ.get("READTHEDOCS_LANGUAGE", "en")
    cv_pdf_url = f"/_/downloads/{_lang}/{os.environ['READTHEDOCS_VERSION']}/pdf/"
elif (Path(__file__).parent / "_build" / "pdf" / PDF).exists():
    html_extra_path = [f"_build/pdf/{PDF}"]
    cv_pdf_url = PDF

# -- Bibliography --------------------------------------------------------------------

bibtex_bibfiles = ["refs.bib"]
bibtex_default_style = "cv"
bibtex_reference_style = "cv-label"
bibtex_tooltips_style = "cv-tooltip"

# -- HTML ------------------------------------------------------------------------------

html_theme = "furo"
html_title = @@NAME_PY@@
html_copy_source = False
html_show_sourcelink = False
html_use_index = False
cv_lighten_pages = True
cv_drop_assets = ["pygments.css", "styles/furo-extensions.css"]
# Your site's address (canonical links, sitemap): Read the Docs sets it.
html_baseurl = os.environ.get("READTHEDOCS_CANONICAL_URL") or os.environ.get(
    "CV_SITE_URL", ""  # set by the GitHub Pages workflow
)

# -- PDF (make pdf) ----------------------------------------------------------------

# The PDF's file name and title (make pdf and make pdf-latex both use them).
latex_documents = [
    (
        "index",
        PDF.replace(".pdf", ".tex"),
        f"{project} — Curriculum Vitae",
        author,
        "howto",
        False,
    ),
]
