extensions = ["myst_parser", "sphinx_cv"]
myst_enable_extensions = ["dollarmath"]
bibtex_bibfiles = ["test.bib"]
html_theme = "furo"
nitpicky = True
