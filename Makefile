# Two commands on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test lint typecheck install lock clean

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip && $(BIN)/pip install --quiet -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $(STAMP)

install: $(STAMP)

# With the PETRARCH Phoenix actor dictionaries present, the demo merges them with the bundled
# ones (docs/dictionaries.md: the side-by-side figures).
PHOENIX ?= ../shared/reference/petrarch2
demo: $(STAMP)
	$(BIN)/cormorant code --format table src/cormorant/samples/articles \
	  $(if $(wildcard $(PHOENIX)/Phoenix.*),--dictionaries 'petrarch:$(PHOENIX)/Phoenix.*' --dictionary-mode verbs=skip)

test: $(STAMP)
	$(BIN)/ruff check src tests
	$(BIN)/mypy
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check src tests
	$(BIN)/mypy

# Regenerate the pinned lock from pyproject (needs the network to PyPI).
lock:
	rm -rf /tmp/cormorant-lock && $(PYTHON) -m venv /tmp/cormorant-lock
	/tmp/cormorant-lock/bin/pip install --quiet -e '.[dev]'
	/tmp/cormorant-lock/bin/pip freeze --exclude-editable | grep -v '^-e' > requirements.lock

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
