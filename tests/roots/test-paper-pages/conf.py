extensions = ["myst_parser", "sphinx_cv"]
project = "Ada Lovelace"
cv_owner = "Ada Lovelace"
cv_newest_papers = 2
bibtex_bibfiles = ["test.bib"]
html_baseurl = "https://ada.example.org/"
nitpicky = True
exclude_patterns = ["_build"]
