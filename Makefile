# Two commands on a new machine: `make serve` and `make test`. Everything else is a helper.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
MKDOCS := $(BIN)/python -m mkdocs
# mkdocs<2 and Material 9 are pinned on purpose (see README); their end-of-life banner is noise.
export NO_MKDOCS_2_WARNING := 1

.DEFAULT_GOAL := help
.PHONY: help install serve build check status test lint format bench clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

$(INSTALLED): requirements.lock
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	@touch $@

install: $(INSTALLED) ## Create .venv and install the locked dependencies

serve: $(INSTALLED) ## Live preview of all languages on http://127.0.0.1:8000
	SITE_URL=http://127.0.0.1:8000/ $(MKDOCS) serve --dev-addr 127.0.0.1:8000

build: $(INSTALLED) ## Build the static site into site/ (strict)
	$(MKDOCS) build --strict --clean

check: $(INSTALLED) ## Check links, structure and translations of the Markdown
	$(BIN)/python -m scripts.check $(CHECK_FLAGS)

status: $(INSTALLED) ## Show which translations are up to date, outdated or missing
	$(BIN)/python -m scripts.translation_status

test: $(INSTALLED) ## Run the whole test suite (builds the site, checks it, browser tests)
	$(BIN)/python -m pytest

lint: $(INSTALLED) ## ruff lint and format check
	$(BIN)/python -m ruff check .
	$(BIN)/python -m ruff format --check .

format: $(INSTALLED) ## Format the Python code
	$(BIN)/python -m ruff format .
	$(BIN)/python -m ruff check --fix .

bench: $(INSTALLED) ## Benchmarks on a generated corpus; writes BENCHMARKS.md
	$(BIN)/python -m scripts.bench

clean: ## Remove build output
	rm -rf site .pytest_cache
