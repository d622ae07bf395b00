# Two commands on a new machine: `make serve` and `make test`. Everything else is a helper.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
MKDOCS := $(BIN)/python -m mkdocs
# mkdocs<2 and Material 9 are pinned on purpose (see README); their end-of-life banner is noise.
export NO_MKDOCS_2_WARNING := 1

# What an editor gives (`make new TITLE="..."`, `make mark-updated FILE=...`, or the same names in
# the environment) is text: make never expands it (a $ stays a $, "$(shell ...)" is not run), and
# the recipes pass it to the tools in the environment ("$$FILE"), never pasted into a shell line,
# so quotes, backticks and newlines reach the program as they were typed.
# LANG is also the shell's locale: only a LANG given on the make command line picks a language.
TRANSLATE_LANG := $(if $(filter command line,$(origin LANG)),$(value LANG),all)
EDITOR_VALUES := TITLE SLUG TAGS DESCRIPTION FILE TARGET SECTION DRAFT PORT JOBS LANG FUZZ_INPUTS
$(foreach name,$(EDITOR_VALUES),$(if $(filter command line environment,$(origin $(name))),\
  $(eval override $(name) := $$(value $(name)))))
export TITLE SLUG TAGS DESCRIPTION FILE TARGET SECTION JOBS TRANSLATE_LANG

.DEFAULT_GOAL := help
.PHONY: help install hooks serve build check status test lint format bench clean new translate mark-updated read-also lock fuzz

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-13s %s\n", $$1, $$2}'

# Two locks: requirements/site.lock is what building and checking the site needs (all that
# `make build` and the deploy job install); requirements/dev.lock adds tests, lint and bench.
PIP := $(BIN)/python -m pip install --quiet --disable-pip-version-check
SITE_INSTALLED := $(VENV)/.installed-site
$(SITE_INSTALLED): requirements/site.lock pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) --require-hashes -r requirements/site.lock
	$(PIP) --no-deps --editable .
	@touch $@

$(INSTALLED): $(SITE_INSTALLED) requirements/dev.lock
	$(PIP) --require-hashes -r requirements/dev.lock
	@touch $@

# After changing the dependencies in pyproject.toml (uv comes with the dev lock).
UV_COMPILE := $(BIN)/uv pip compile --quiet --generate-hashes --universal --python-version 3.11
lock: $(INSTALLED) ## Update requirements/site.lock and dev.lock from pyproject.toml
	$(UV_COMPILE) pyproject.toml -o requirements/site.lock
	$(UV_COMPILE) pyproject.toml --group dev -c requirements/site.lock -o requirements/dev.lock

# The Nu HTML Checker comes from npm (package-lock.json); Java runs it.
NODE_INSTALLED := node_modules/.installed
$(NODE_INSTALLED): package-lock.json
	@if command -v npm >/dev/null; then \
	  npm ci --ignore-scripts --no-audit --no-fund --loglevel=error && touch $@; \
	else echo "npm not found: the HTML checker tests will be skipped (apt-get install npm)"; fi

install: $(INSTALLED) $(NODE_INSTALLED) ## Create .venv and install both locks (site and development)

# pre-commit and the tools its hooks run (ruff) come with the dev lock.
hooks: $(INSTALLED) ## Check every commit as CI does: installs pre-commit (dev lock) and its git hook
	$(BIN)/pre-commit install

PORT ?= 8000
export PORT
serve: $(SITE_INSTALLED) ## Live preview of all languages, drafts too, on http://127.0.0.1:8000 (PORT=...)
	SITE_URL="http://127.0.0.1:$$PORT/" $(BIN)/python -m winkelvloer.cli.preview --dev-addr "127.0.0.1:$$PORT"

# One process per language, one per core at a time (a site under 200 pages: one process in all);
# JOBS=1 builds in one process (for debugging).
build: $(SITE_INSTALLED) ## Build the static site into site/ (strict; JOBS=1: in one process)
	$(BIN)/python -m winkelvloer.cli.build --strict $(if $(JOBS),--jobs "$$JOBS")

check: $(SITE_INSTALLED) ## Check links, structure and translations of the Markdown
	$(BIN)/python -m winkelvloer.cli.check $(CHECK_FLAGS)

status: $(SITE_INSTALLED) ## Show which translations are up to date, outdated or missing
	$(BIN)/python -m winkelvloer.cli.status

# new_page reads TITLE, SLUG, TAGS and DESCRIPTION from the environment.
new: $(SITE_INSTALLED) ## Start a Dutch article: make new [TITLE="..." SLUG=... TAGS="Verkoop,Horeca" DESCRIPTION="..."]
	$(BIN)/python -m winkelvloer.cli.new_page article $(if $(DRAFT),--draft)

translate: $(SITE_INSTALLED) ## Start translations: make translate SLUG=... [LANG=en] (default: every missing language)
	@test -n "$$SLUG" || { echo "usage: make translate SLUG=<slug> [LANG=en|de|fr]" >&2; exit 2; }
	LANG=C.UTF-8 $(BIN)/python -m winkelvloer.cli.new_page translate --lang "$$TRANSLATE_LANG" -- "$$SLUG"

mark-updated: $(SITE_INSTALLED) ## Record that translations match their source: make mark-updated FILE="docs/... docs/..." or SLUG=<slug> (all its translations)
	@test -n "$$FILE$$SLUG" || { echo 'usage: make mark-updated FILE="docs/artikelen/<slug>.en.md ..." or SLUG=<slug>' >&2; exit 2; }
	@# FILE may name several files: split on spaces, never globbed or run.
	set -f; $(BIN)/python -m winkelvloer.cli.status --mark-updated $$FILE $${SLUG:+--slug "$$SLUG"}

read-also: $(SITE_INSTALLED) ## Add a read-also line to an article and its translations: make read-also SLUG=... TARGET=... [SECTION=n]
	@test -n "$$SLUG" && test -n "$$TARGET" || { echo "usage: make read-also SLUG=<article> TARGET=<article it points to> [SECTION=<n>|intro|closing]" >&2; exit 2; }
	$(BIN)/python -m winkelvloer.cli.read_also $${SECTION:+--section "$$SECTION"} -- "$$SLUG" "$$TARGET"

# One worker per core: most of the suite waits on Chromium and the builds, which overlap well.
# A file's tests stay on one worker, so its site is built once. PYTEST_FLAGS="-n 0" runs serially.
PYTEST_FLAGS ?= -n auto --dist loadfile

test: $(INSTALLED) $(NODE_INSTALLED) ## Run the whole test suite (builds the site, checks it, browser tests)
	$(BIN)/python -m pytest $(PYTEST_FLAGS)

FUZZ_INPUTS ?= 2000
fuzz: $(INSTALLED) ## The content check on mutated real pages (FUZZ_INPUTS=2000): no traceback, no hang
	$(BIN)/python tests/fuzz_check.py --inputs "$$FUZZ_INPUTS"
export FUZZ_INPUTS

lint: $(INSTALLED) ## ruff, mypy, and deptry (the declared dependencies are the imported ones)
	$(BIN)/python -m ruff check .
	$(BIN)/python -m ruff format --check .
	$(BIN)/python -m mypy
	@# A test that reads an element the page lacks fails right there; narrowing every
	@# selectolax lookup (`css_first`, `head`) from Optional first would add nothing to it.
	$(BIN)/python -m mypy tests --disable-error-code union-attr
	$(BIN)/deptry scripts --extend-exclude scripts/winkelvloer/bench
	@# Tests and benchmarks may import the dev group too; unused ones are the first run's job.
	$(BIN)/deptry tests scripts/winkelvloer/bench --exclude '(^|/)(\.venv|__pycache__)/' \
	  --ignore DEP002,DEP004

format: $(INSTALLED) ## Format the Python code
	$(BIN)/python -m ruff format .
	$(BIN)/python -m ruff check --fix .

bench: $(INSTALLED) ## Benchmarks; writes BENCHMARKS.md (BENCH_FLAGS=--preview-only, --only cards, hugo, search or incremental: one part alone)
	$(BIN)/python -m winkelvloer.bench $(BENCH_FLAGS)

clean: ## Remove build output
	rm -rf site .pytest_cache
