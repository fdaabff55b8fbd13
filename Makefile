# Two commands do everything on a fresh machine with Python 3.11, make and git:
#   make serve   -- create .venv, build every figure, serve the site on http://127.0.0.1:8000
#   make test    -- the whole test suite (code blocks, snippets, site build, browser checks)
# Both are idempotent: .venv is rebuilt only when requirements.txt or pyproject.toml change.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
PY     := $(VENV)/bin/python
# The stamp names the checkout: a copied checkout's .venv (whose editable install and scripts point at the
# original) is made again rather than trusted.
STAMP  := $(VENV)/.installed-$(shell printf '%s' '$(CURDIR)' | cksum | cut -d' ' -f1)
SCALE  ?= quick
export NO_MKDOCS_2_WARNING := 1
export SNIPPETS_SCALE := $(SCALE)
# The date in sitemap.xml: the last commit's, so that two builds of one commit are the same bytes.
export SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 0)

.PHONY: venv figures build serve test check browser reproducible bench mutation clean vendor-katex vendor-axe

venv: $(STAMP)

$(STAMP): requirements.txt pyproject.toml
	@echo "Creating $(VENV) with the pinned dependencies (once; again only when the pins change)"
	$(PYTHON) -m venv --clear $(VENV)  # from scratch: a package dropped from the pins must not linger
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@touch $(STAMP)

figures: venv
	$(PY) -m lecture_site figures --scale $(SCALE)

build: venv
	$(PY) -m properdocs build --strict -f mkdocs.yml

serve: figures
	$(PY) -m properdocs serve --strict -f mkdocs.yml --dev-addr 127.0.0.1:8000

browser: venv
	@$(PY) tests/chromium.py

# The suite runs on every core (pytest-xdist). The site is built first, so that the workers, which each
# build it once for their site tests, find every figure in the cache instead of all computing them at
# once. One BLAS/OpenMP thread per process: two workers whose torch threads spin for a core they do not
# get made one notebook test take minutes (2 cores: 8.0 min serial -> 5.4 min).
test: build browser
	OMP_NUM_THREADS=1 $(PY) -m pytest -n auto

# The fast loop for one page (make check PAGE=training): its figures, built and built again to compare
# bytes, its code blocks, the unit tests of its modules, then the site and the page in a browser.
check: venv browser
	@test -n "$(PAGE)" || { echo "usage: make check PAGE=name (a page of docs/, e.g. training)"; exit 2; }
	OMP_NUM_THREADS=1 $(PY) tests/check_page.py $(PAGE)

# Two builds, one from an empty figure cache, must give the same bytes (minutes: it computes every figure).
reproducible: venv
	$(PY) tests/reproducible.py

# Mutation testing of every module against its unit tests (mutmut; about half an hour on 2 cores):
# per-module scores and every surviving mutant with file:line. Not part of `make test`.
mutation: venv
	$(PY) tests/mutation.py --report mutation-report.md

bench: venv
	$(PY) benchmarks/build.py
	$(PY) benchmarks/training.py
	$(PY) -m properdocs build --strict --quiet -f mkdocs.yml
	$(PY) benchmarks/lighthouse.py

clean:
	rm -rf site .cache tests/screenshots

# Maintainers only: refresh the vendored KaTeX from npm (readers never need npm).
KATEX_VERSION := 0.19.1
vendor-katex:
	rm -rf /tmp/katex-vendor && mkdir -p /tmp/katex-vendor
	cd /tmp/katex-vendor && npm pack katex@$(KATEX_VERSION) --silent && tar xzf katex-$(KATEX_VERSION).tgz
	rm -rf docs/assets/katex && mkdir -p docs/assets/katex/contrib docs/assets/katex/fonts
	cp /tmp/katex-vendor/package/dist/katex.min.js /tmp/katex-vendor/package/dist/katex.min.css docs/assets/katex/
	cp /tmp/katex-vendor/package/dist/contrib/auto-render.min.js docs/assets/katex/contrib/
	cp /tmp/katex-vendor/package/dist/fonts/*.woff2 docs/assets/katex/fonts/
	cp /tmp/katex-vendor/package/LICENSE docs/assets/katex/LICENSE.txt

# Maintainers only: refresh the vendored axe-core (the accessibility engine the browser tests inject).
AXE_VERSION := 4.14.1
vendor-axe:
	rm -rf /tmp/axe-vendor && mkdir -p /tmp/axe-vendor
	cd /tmp/axe-vendor && npm pack axe-core@$(AXE_VERSION) --silent && tar xzf axe-core-$(AXE_VERSION).tgz
	mkdir -p tests/vendor/axe-core
	cp /tmp/axe-vendor/package/axe.min.js /tmp/axe-vendor/package/LICENSE tests/vendor/axe-core/
