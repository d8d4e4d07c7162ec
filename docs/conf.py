"""Sphinx configuration of sphinx-cv's documentation, which uses sphinx-cv itself."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent / "_ext"))

from sphinx_cv import __version__
from sphinx_cv.cli import TEMPLATE, render

project = "sphinx-cv"
author = "the sphinx-cv authors"
version = release = __version__
extensions = ["myst_parser", "sphinx_cv", "cv_docs", "sphinx.ext.autodoc"]
exclude_patterns = ["_build"]
language = "en"
nitpicky = True
myst_enable_extensions = ["colon_fence", "dollarmath"]
myst_heading_anchors = 3

# The live examples show the CV that sphinx-cv new writes for Ada Lovelace: its
# owner and contact block come from the template's conf.py.
_new_project = {"__file__": __file__}
exec(render((TEMPLATE / "conf.py").read_text("utf-8"), "Ada Lovelace"), _new_project)
cv_owner = _new_project["cv_owner"]
cv_person = _new_project["cv_person"]
bibtex_bibfiles = ["refs.bib"]
bibtex_default_style = "cv"
bibtex_reference_style = "cv-label"
bibtex_tooltips_style = "cv-tooltip"

html_theme = "furo"
html_title = f"sphinx-cv {release}"
html_copy_source = False
html_show_sourcelink = False
html_use_index = False

# The API page: signatures without their types (pybtex and docutils have no
# inventory here to link them to); every cross-reference in a docstring must
# resolve (nitpicky).
autodoc_typehints = "none"
autodoc_member_order = "bysource"
