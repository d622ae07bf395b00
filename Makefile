# Two commands on a new machine: `make serve` and `make test`. Everything else is a helper.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
MKDOCS := $(BIN)/python -m mkdocs
# mkdocs<2 and Material 9 are pinned on purpose (see README); their end-of-life banner is noise.
export NO_MKDOCS_2_WARNING := 1

.DEFAULT_GOAL := help
.PHONY: help install serve build check status test lint format bench clean new translate mark-updated lock

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

PORT ?= 8000
serve: $(SITE_INSTALLED) ## Live preview of all languages, drafts too, on http://127.0.0.1:8000 (PORT=...)
	SITE_URL=http://127.0.0.1:$(PORT)/ $(BIN)/python -m winkelvloer.cli.preview --dev-addr 127.0.0.1:$(PORT)

# One process per language, one per core at a time; JOBS=1 builds in one process (for debugging).
build: $(SITE_INSTALLED) ## Build the static site into site/ (strict; JOBS=1: in one process)
	$(BIN)/python -m winkelvloer.cli.build --strict $(if $(JOBS),--jobs $(JOBS))

check: $(SITE_INSTALLED) ## Check links, structure and translations of the Markdown
	$(BIN)/python -m winkelvloer.cli.check $(CHECK_FLAGS)

status: $(SITE_INSTALLED) ## Show which translations are up to date, outdated or missing
	$(BIN)/python -m winkelvloer.cli.status

# LANG is also the shell's locale: only a LANG given on the make command line picks a language.
TRANSLATE_LANG := $(if $(filter command line,$(origin LANG)),$(LANG),all)

new: $(SITE_INSTALLED) ## Start a Dutch article: make new [TITLE="..." SLUG=... TAGS="Verkoop,Horeca" DESCRIPTION="..."]
	$(BIN)/python -m winkelvloer.cli.new_page article $(if $(DRAFT),--draft)

translate: $(SITE_INSTALLED) ## Start translations: make translate SLUG=... [LANG=en] (default: every missing language)
	@test -n "$(SLUG)" || { echo "usage: make translate SLUG=<slug> [LANG=en|de|fr]" >&2; exit 2; }
	LANG=C.UTF-8 $(BIN)/python -m winkelvloer.cli.new_page translate "$(SLUG)" --lang "$(TRANSLATE_LANG)"

mark-updated: $(SITE_INSTALLED) ## Record that a translation matches its source: make mark-updated FILE=docs/...
	@test -n "$(FILE)" || { echo "usage: make mark-updated FILE=docs/artikelen/<slug>.en.md" >&2; exit 2; }
	$(BIN)/python -m winkelvloer.cli.status --mark-updated $(FILE)

# One worker per core: most of the suite waits on Chromium and the builds, which overlap well.
# A file's tests stay on one worker, so its site is built once. PYTEST_FLAGS="-n 0" runs serially.
PYTEST_FLAGS ?= -n auto --dist loadfile

test: $(INSTALLED) $(NODE_INSTALLED) ## Run the whole test suite (builds the site, checks it, browser tests)
	$(BIN)/python -m pytest $(PYTEST_FLAGS)

lint: $(INSTALLED) ## ruff, mypy, and deptry (the declared dependencies are the imported ones)
	$(BIN)/python -m ruff check .
	$(BIN)/python -m ruff format --check .
	$(BIN)/python -m mypy
	@# A test that reads an element the page lacks fails right there; narrowing every
	@# selectolax lookup (`css_first`, `head`) from Optional first would add nothing to it.
	$(BIN)/python -m mypy tests --disable-error-code union-attr
	$(BIN)/deptry scripts overrides/hooks --extend-exclude scripts/winkelvloer/bench
	@# Tests and benchmarks may import the dev group too; unused ones are the first run's job.
	$(BIN)/deptry tests scripts/winkelvloer/bench --exclude '(^|/)(\.venv|__pycache__)/' \
	  --ignore DEP002,DEP004

format: $(INSTALLED) ## Format the Python code
	$(BIN)/python -m ruff format .
	$(BIN)/python -m ruff check --fix .

bench: $(INSTALLED) ## Benchmarks; writes BENCHMARKS.md (BENCH_FLAGS=--preview-only, --only cards, hugo or search: one part alone)
	$(BIN)/python -m winkelvloer.bench $(BENCH_FLAGS)

clean: ## Remove build output
	rm -rf site .pytest_cache
