extensions = ["myst_parser", "sphinx_cv"]
cv_owner = "Ann Owner"
bibtex_bibfiles = ["test.bib"]
bibtex_default_style = "cv"
nitpicky = True
