// sphinx-cv: progressive enhancements for publication lists.
