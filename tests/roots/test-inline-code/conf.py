extensions = ["myst_parser", "sphinx_cv"]
bibtex_bibfiles = ["test.bib"]
html_theme = "furo"
nitpicky = True
cv_inline_code_pages = ["allowed"]  # its own inline script, allowed on purpose
