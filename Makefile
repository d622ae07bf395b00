# Two commands on a new machine: `make serve` and `make test`. Everything else is a helper.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
MKDOCS := $(BIN)/python -m mkdocs
# mkdocs<2 and Material 9 are pinned on purpose (see README); their end-of-life banner is noise.
export NO_MKDOCS_2_WARNING := 1

.DEFAULT_GOAL := help
.PHONY: help install serve build check status test lint format bench clean new translate mark-updated

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-13s %s\n", $$1, $$2}'

$(INSTALLED): requirements.lock pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --editable .
	@touch $@

# The Nu HTML Checker comes from npm (package-lock.json); Java runs it.
NODE_INSTALLED := node_modules/.installed
$(NODE_INSTALLED): package-lock.json
	@if command -v npm >/dev/null; then \
	  npm ci --ignore-scripts --no-audit --no-fund --loglevel=error && touch $@; \
	else echo "npm not found: the HTML checker tests will be skipped (apt-get install npm)"; fi

install: $(INSTALLED) $(NODE_INSTALLED) ## Create .venv and install the locked dependencies

PORT ?= 8000
serve: $(INSTALLED) ## Live preview of all languages, drafts too, on http://127.0.0.1:8000 (PORT=...)
	SITE_URL=http://127.0.0.1:$(PORT)/ $(BIN)/python -m winkelvloer.cli.preview --dev-addr 127.0.0.1:$(PORT)

# One process per language, one per core at a time; JOBS=1 builds in one process (for debugging).
build: $(INSTALLED) ## Build the static site into site/ (strict; JOBS=1: in one process)
	$(BIN)/python -m winkelvloer.cli.build --strict $(if $(JOBS),--jobs $(JOBS))

check: $(INSTALLED) ## Check links, structure and translations of the Markdown
	$(BIN)/python -m winkelvloer.cli.check $(CHECK_FLAGS)

status: $(INSTALLED) ## Show which translations are up to date, outdated or missing
	$(BIN)/python -m winkelvloer.cli.status

# LANG is also the shell's locale: only a LANG given on the make command line picks a language.
TRANSLATE_LANG := $(if $(filter command line,$(origin LANG)),$(LANG),all)

new: $(INSTALLED) ## Start a Dutch article: make new [TITLE="..." SLUG=... TAGS="Verkoop,Horeca" DESCRIPTION="..."]
	$(BIN)/python -m winkelvloer.cli.new_page article $(if $(DRAFT),--draft)

translate: $(INSTALLED) ## Start translations: make translate SLUG=... [LANG=en] (default: every missing language)
	@test -n "$(SLUG)" || { echo "usage: make translate SLUG=<slug> [LANG=en|de|fr]" >&2; exit 2; }
	LANG=C.UTF-8 $(BIN)/python -m winkelvloer.cli.new_page translate "$(SLUG)" --lang "$(TRANSLATE_LANG)"

mark-updated: $(INSTALLED) ## Record that a translation matches its source: make mark-updated FILE=docs/...
	@test -n "$(FILE)" || { echo "usage: make mark-updated FILE=docs/artikelen/<slug>.en.md" >&2; exit 2; }
	$(BIN)/python -m winkelvloer.cli.status --mark-updated $(FILE)

# One worker per core: most of the suite waits on Chromium and the builds, which overlap well.
# A file's tests stay on one worker, so its site is built once. PYTEST_FLAGS="-n 0" runs serially.
PYTEST_FLAGS ?= -n auto --dist loadfile

test: $(INSTALLED) $(NODE_INSTALLED) ## Run the whole test suite (builds the site, checks it, browser tests)
	$(BIN)/python -m pytest $(PYTEST_FLAGS)

lint: $(INSTALLED) ## ruff lint and format check
	$(BIN)/python -m ruff check .
	$(BIN)/python -m ruff format --check .

format: $(INSTALLED) ## Format the Python code
	$(BIN)/python -m ruff format .
	$(BIN)/python -m ruff check --fix .

bench: $(INSTALLED) ## Benchmarks; writes BENCHMARKS.md (BENCH_FLAGS=--preview-only, --only cards or --only hugo: one part alone)
	$(BIN)/python -m winkelvloer.bench $(BENCH_FLAGS)

clean: ## Remove build output
	rm -rf site .pytest_cache
