extensions = ["myst_parser", "sphinx_cv"]
cv_owner = "Kurt Gödel"
bibtex_bibfiles = ["test.bib"]
bibtex_default_style = "cv"
nitpicky = True
latex_documents = [("index", "nonlatin.tex", "Non-Latin", "Kurt Gödel", "howto")]
