extensions = ["myst_parser", "sphinx_cv"]
project = "Mei Lin"
cv_owner = ["Mei Lin", "林梅"]
cv_person = {
    "job_title": "Associate Professor",
    "department": "School of Mathematical Sciences",
    "affiliation": "Example University",
    "address": ["1 Example Road", "Example City"],
    "email": "mei.lin@example.org",
    "homepage": "https://mei.example.org/",
}
bibtex_bibfiles = ["test.bib"]
html_baseurl = "https://mei.example.org/"
nitpicky = True
exclude_patterns = ["_build"]
latex_documents = [("index", "mei-lin.tex", "Mei Lin 林梅", "Mei Lin", "howto")]
bibtex_default_style = "cv"
bibtex_reference_style = "cv-label"
