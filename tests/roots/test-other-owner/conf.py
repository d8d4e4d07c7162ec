extensions = ["myst_parser", "sphinx_cv"]
cv_owner = "Ada Lovelace"
cv_annotation_marks = {"equal": "†"}
bibtex_bibfiles = ["test.bib"]
bibtex_default_style = "cv"
nitpicky = True
