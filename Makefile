# Every target sets up .venv from requirements.txt first (once, or again when the pins change).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
JB := $(BIN)/jupyter-book
BUILD_FLAGS := -W -n --keep-going
PORT ?= 8000
REPO ?=
BRANCH ?=
# nbval runs every chapter notebook (collected before tests/) against its stored outputs
NBVAL := --nbval --nbval-current-env --nbval-sanitize-with tests/nbval-sanitize.cfg

.PHONY: book pdf test check serve figures notebooks bench lint format validate clean

$(STAMP): requirements.txt pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip==26.3"
	$(BIN)/python -m pip install --quiet --require-virtualenv -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 --display-name "Python 3" > /dev/null
	@touch $(STAMP)

## book: execute the chapters (cached) and build the HTML site into _build/html
##   REPO=https://github.com/owner/name (and BRANCH=...) override repository.url (and .branch)
##   of _config.yml for this build: repository link and Binder/Colab buttons
book: $(STAMP)
	$(BIN)/python -m axisnet validate data
	AXISNET_REPOSITORY_URL="$(REPO)" AXISNET_REPOSITORY_BRANCH="$(BRANCH)" $(JB) build . $(BUILD_FLAGS)

## pdf: the whole book as one PDF in _build/pdf/, printed offline with chromium, linked from the site
pdf: book
	$(BIN)/python tools/print_book.py
	$(MAKE) --no-print-directory book

## test: the whole suite: lint, data, bad input, measures, figures, notebooks (nbval), build, site
test: lint
	$(BIN)/python -m pytest $(NBVAL)

## check: the fast loop: lint and every test that needs no chapter run, book build or browser
check: lint
	$(BIN)/python -m pytest -m "not build and not browser and not slow" -q tests

## serve: serve the built site on 127.0.0.1:$(PORT)
serve: $(STAMP)
	@test -d _build/html || $(MAKE) book
	$(BIN)/python -m http.server $(PORT) --bind 127.0.0.1 --directory _build/html

## figures: regenerate figures/ (SVG, PNG, PDF, CSV, registry.json) from the chapters
figures: $(STAMP)
	TZ=UTC $(BIN)/python -m axisnet figures

## notebooks: re-execute every chapter notebook and store its outputs (after editing one)
notebooks: $(STAMP)
	TZ=UTC $(BIN)/python -m axisnet execute chapters/*.ipynb

## bench: performance report (ratios against floors measured in the same run)
bench: $(STAMP)
	@if ! command -v npm >/dev/null; then echo "npm not found: the report will skip Lighthouse"; \
	elif [ ! bench/node_modules/.package-lock.json -nt bench/package-lock.json ]; then \
		cd bench && npm ci --no-audit --no-fund; fi
	$(BIN)/python bench/run.py

## lint: ruff (checks and formatting) on the package, tests, extensions, bench and notebooks
lint: $(STAMP)
	$(BIN)/ruff check axisnet tests _ext bench tools
	$(BIN)/ruff format --check axisnet tests _ext bench tools
	$(BIN)/nbqa ruff chapters

## format: apply ruff's formatting
format: $(STAMP)
	$(BIN)/ruff format axisnet tests _ext bench tools
	$(BIN)/nbqa ruff --fix chapters

## validate: check the dataset (file, row and column of every problem)
validate: $(STAMP)
	$(BIN)/python -m axisnet validate data

clean:
	rm -rf _build
