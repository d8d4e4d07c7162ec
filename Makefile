# make html | pdf | pdf-latex | test | test-fast | check | fuzz | live | linkcheck
#      bench | docs | lock | clean
# Every target sets up .venv from the pinned requirements on first use.

PYTHON     ?= python3
# Each Python gets its own venv: make test PYTHON=python3.13 uses .venv-python3.13.
VENV       ?= .venv$(if $(filter python3,$(PYTHON)),,-$(notdir $(PYTHON)))
BIN        := $(VENV)/bin
BUILDDIR   := _build
SPHINXOPTS ?= -n -W --keep-going
# Only problems are printed; make html QUIET= shows what each build does.
QUIET      ?= -q

# Reproducible output: dates in the HTML and the PDF come from the last commit
# (without git history the PDF carries no dates). Sphinx fails on a value that
# is not a number, so a wrong one stops here with what to do.
not_digits = $(subst 0,,$(subst 1,,$(subst 2,,$(subst 3,,$(subst 4,,$(subst 5,,$(subst \
  6,,$(subst 7,,$(subst 8,,$(subst 9,,$(or $(1),empty)))))))))))
ifeq ($(origin SOURCE_DATE_EPOCH),undefined)
SOURCE_DATE_EPOCH := $(shell git log -1 --format=%ct 2>/dev/null)
else ifneq ($(call not_digits,$(SOURCE_DATE_EPOCH)),)
$(error SOURCE_DATE_EPOCH is '$(SOURCE_DATE_EPOCH)', not a number of seconds: set it to one, or unset it to date the build by the last commit)
endif
ifneq ($(SOURCE_DATE_EPOCH),)
export SOURCE_DATE_EPOCH
else
unexport SOURCE_DATE_EPOCH
endif

.PHONY: html test test-fast test-latest check live linkcheck bench clean lock fuzz docs

# The PDF, then the site that links it, in one process (sphinx-cv build: each
# builder keeps its own doctrees, so what one reads again the other writes too).
html: $(VENV)/.installed
	$(BIN)/sphinx-cv build html . $(BUILDDIR) $(SPHINXOPTS) $(QUIET)

# One worker per core; a test file stays on one worker, with its fixtures.
test: $(VENV)/.installed-test
	$(BIN)/pytest -n auto --dist loadfile

# The suite on the newest Python here, with the newest releases of the site's
# main dependencies (not the pins): does the next upgrade pass?
LATEST_PYTHON ?= python3.13
LATEST := .venv-latest
test-latest: requirements-test.txt
	rm -rf $(LATEST) && $(LATEST_PYTHON) -m venv $(LATEST)
	$(LATEST)/bin/pip install --quiet --disable-pip-version-check -r requirements-test.txt
	$(LATEST)/bin/pip install --quiet --disable-pip-version-check --upgrade \
	  sphinx sphinxcontrib-bibtex pybtex pybtex-docutils furo myst-parser
	$(LATEST)/bin/pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@$(LATEST)/bin/python --version
	@$(LATEST)/bin/pip list --disable-pip-version-check 2>/dev/null | grep -iE '^(sphinx|sphinxcontrib-bibtex|pybtex|pybtex-docutils|furo|myst-parser) '
	$(LATEST)/bin/pytest

# The edit loop's tests (under 20 s): no browser, no PDF, no many-build tests;
# a worker per core, as make test.
test-fast: $(VENV)/.installed-test
	$(BIN)/pytest -m "not browser and not pdf and not slow" -n auto --dist loadfile

# A live-reloading preview on http://127.0.0.1:8000 (LIVE_PORT) while editing;
# the pages' policy allows sphinx-autobuild's reload script there.
LIVE_PORT ?= 8000
live: $(VENV)/.installed-test
	$(BIN)/sphinx-autobuild --host 127.0.0.1 --port $(LIVE_PORT) --ignore "*/.venv/*" \
	  --ignore "*/tools/*" --ignore "*/tests/*" --ignore "*/$(BUILDDIR)/*" $(SPHINXOPTS) \
	  -D cv_live_preview=127.0.0.1:$(LIVE_PORT) . $(BUILDDIR)/live

# The package's reference (docs/), built with the package itself.
docs: $(VENV)/.installed
	$(BIN)/sphinx-build -b html $(SPHINXOPTS) -q docs $(BUILDDIR)/docs
	@echo "Reference: $(BUILDDIR)/docs/index.html"

# Check the external links (needs internet; the tests check the internal ones).
linkcheck: $(VENV)/.installed
	$(BIN)/sphinx-build -b linkcheck $(SPHINXOPTS) . $(BUILDDIR)/linkcheck

# Time and weigh the site against a bare furo site of the same pages (a table).
bench: $(VENV)/.installed-test
	$(BIN)/python tools/bench.py

# Many more fuzzing examples than make test runs, with fresh randomness.
FUZZ_EXAMPLES ?= 2000
fuzz: $(VENV)/.installed-test
	CV_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(BIN)/pytest tests/test_fuzz.py --hypothesis-show-statistics

# Validate refs.bib and the pages' citations without a Sphinx build, then lint
# (ruff) and type-check (mypy) the package.
check: $(VENV)/.installed-test
	$(BIN)/python -m sphinx_cv.check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

LOCK := sphinx_cv/templates/new-project/requirements.txt
$(VENV)/.installed: requirements.txt $(LOCK) pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

# Lighthouse (npm, pinned by tools/lighthouse/package-lock.json) where npm exists.
$(VENV)/.installed-test: $(VENV)/.installed requirements-test.txt tools/lighthouse/package-lock.json
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-test.txt
	@if command -v npm >/dev/null; then npm ci --prefix tools/lighthouse --no-audit --no-fund --silent; \
	 else echo "No npm: the Lighthouse tests will skip (see README)."; fi
	touch $@

# Re-pin every dependency to the newest release the ranges in pyproject.toml allow:
# the site's own in $(LOCK) (which requirements.txt includes, and which every
# project of sphinx-cv new gets), the rest of the test extra in requirements-test.txt.
lock:
	rm -rf $(BUILDDIR)/lock && $(PYTHON) -m venv $(BUILDDIR)/lock
	$(BUILDDIR)/lock/bin/pip install --quiet -U pip setuptools && $(BUILDDIR)/lock/bin/pip install --quiet .
	$(BUILDDIR)/lock/bin/pip freeze --all --exclude sphinx-cv | grep -v '^pip==' | LC_ALL=C sort > $(BUILDDIR)/lock/site.txt
	$(BUILDDIR)/lock/bin/pip install --quiet '.[test]'
	$(BUILDDIR)/lock/bin/pip freeze --all --exclude sphinx-cv | grep -v '^pip==' | LC_ALL=C sort > $(BUILDDIR)/lock/all.txt
	rm -rf build  # what pip's in-tree build of the package left
	{ echo "# The pinned dependencies of a CV site: this repository, Read the Docs and every"; \
	  echo "# project of 'sphinx-cv new' install exactly these. Regenerate with 'make lock'."; \
	  cat $(BUILDDIR)/lock/site.txt; } > $(LOCK)
	{ echo "# Pinned test and tool dependencies, on top of the site's own pins."; echo '-r requirements.txt'; \
	  LC_ALL=C comm -13 $(BUILDDIR)/lock/site.txt $(BUILDDIR)/lock/all.txt; } > requirements-test.txt

clean:
	rm -rf $(BUILDDIR)

# The PDF, typeset by Typst (a Python package: no TeX needed), tagged for PDF/UA.
.PHONY: pdf pdf-latex
pdf: $(VENV)/.installed
	$(BIN)/sphinx-cv build pdf . $(BUILDDIR) $(SPHINXOPTS) $(QUIET)

# The same CV through Sphinx's LaTeX builder and pdfLaTeX, for those who want
# TeX's typesetting; it proves that the LaTeX output compiles.
TEX_PACKAGES := $(shell grep '^latexmk' tools/system-packages.txt)
pdf-latex: $(VENV)/.installed
	@command -v latexmk >/dev/null || { echo "make pdf-latex needs TeX: sudo apt-get install $(TEX_PACKAGES)" >&2; exit 1; }
	$(BIN)/sphinx-build -M latexpdf . $(BUILDDIR) $(SPHINXOPTS) -q
	@echo "PDF: $(BUILDDIR)/latex/lei-wu-cv.pdf"
