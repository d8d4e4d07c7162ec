extensions = ["myst_parser", "sphinx_cv"]
myst_enable_extensions = ["colon_fence"]
project = "Mei Lin"
language = "en"
html_theme = "furo"
cv_lighten_pages = True  # one cut style sheet per site, linked by its own pages
cv_owner = ["Mei Lin", "林梅"]
cv_person = {
    "job_title": "Associate Professor",
    "department": "School of Mathematical Sciences",
    "affiliation": "Example University",
    "address": ["1 Example Road", "Example City"],
    "email": "mei.lin@example.org",
    "homepage": "https://mei.example.org/",
}
bibtex_bibfiles = ["refs.bib"]
bibtex_default_style = "cv"
bibtex_reference_style = "cv-label"
html_baseurl = "https://mei.example.org/"
nitpicky = True
exclude_patterns = ["_build"]
latex_documents = [("index", "mei-lin-cv.tex", "Mei Lin", "Mei Lin", "howto")]
# The CV in Chinese: its pages in zh/, these settings changed.
cv_translations = {
    "zh_CN": {
        "folder": "zh",
        "project": "林梅",
        "cv_owner": ["林梅", "Mei Lin"],  # the name the Chinese site shows first
        "latex_documents": [("index", "mei-lin-cv-zh.tex", "林梅", "林梅", "howto")],
        "bibtex_default_style": "cv-gbt7714",
        "cv_person": {
            "job_title": "副教授",
            "department": "数学科学学院",
            "affiliation": "示例大学",
            "address": ["示例路 1 号", "示例市"],
            "email": "mei.lin@example.org",
            "homepage": "https://mei.example.org/zh/",
        },
    }
}
