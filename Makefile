# Every target sets up .venv from requirements.txt first (once, or again when the pins change).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
JB := $(BIN)/jupyter-book
BUILD_FLAGS := -W -n --keep-going
PORT ?= 8000

.PHONY: book test serve figures notebooks bench lint format validate clean

$(STAMP): requirements.txt pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip==26.3"
	$(BIN)/python -m pip install --quiet --require-virtualenv -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 --display-name "Python 3" > /dev/null
	@touch $(STAMP)

## book: execute the chapters (cached) and build the HTML site into _build/html
book: $(STAMP)
	$(BIN)/python -m axisnet validate data
	$(JB) build . $(BUILD_FLAGS)

## test: the whole suite: lint, data, bad input, measures, figures, notebooks (nbval), build, site
test: $(STAMP)
	$(BIN)/ruff check axisnet tests _ext bench
	$(BIN)/ruff format --check axisnet tests _ext bench
	$(BIN)/nbqa ruff chapters
	$(BIN)/python -m pytest

## serve: serve the built site on 127.0.0.1:$(PORT)
serve: $(STAMP)
	@test -d _build/html || $(MAKE) book
	$(BIN)/python -m http.server $(PORT) --bind 127.0.0.1 --directory _build/html

## figures: regenerate figures/ (SVG, PNG, PDF, CSV, index) from the chapters
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

## lint: ruff on the package, tests and notebooks
lint: $(STAMP)
	$(BIN)/ruff check axisnet tests _ext bench
	$(BIN)/nbqa ruff chapters

## format: apply ruff's formatting
format: $(STAMP)
	$(BIN)/ruff format axisnet tests _ext bench
	$(BIN)/nbqa ruff --fix chapters

validate: $(STAMP)
	$(BIN)/python -m axisnet validate data

clean:
	rm -rf _build
