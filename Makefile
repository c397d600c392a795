# Two commands on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test lint typecheck install assets lock clean soak audit

$(STAMP): pyproject.toml requirements.lock package.json package-lock.json scripts/web_assets.py
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip && $(BIN)/pip install --quiet -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	$(MAKE) assets
	touch $(STAMP)

# The explorer's browser libraries: from npm (the lock file pins them), copied into
# src/cormorant/web/static/vendor/ (not committed), where `cormorant serve` finds them.
assets:
	npm ci --no-audit --no-fund --silent
	$(BIN)/python scripts/web_assets.py

install: $(STAMP)

DEMO_DB := demo.duckdb
# With the PETRARCH Phoenix actor dictionaries present, the demo merges them with the bundled
# ones (docs/dictionaries.md: the side-by-side figures).
PHOENIX ?= ../shared/reference/petrarch2
DICTIONARIES := $(if $(wildcard $(PHOENIX)/Phoenix.*),--dictionaries 'petrarch:$(PHOENIX)/Phoenix.*' --dictionary-mode verbs=skip)

# Code the bundled articles into a demo store, show them as a table, and say how to explore them.
demo: $(STAMP)
	$(BIN)/cormorant code --format table src/cormorant/samples/articles $(DICTIONARIES)
	rm -f $(DEMO_DB) $(DEMO_DB).wal
	$(BIN)/cormorant ingest src/cormorant/samples/articles --db $(DEMO_DB) $(DICTIONARIES)
	@echo
	@echo "Open the explorer on this store (then browse to http://127.0.0.1:8000/):"
	@echo "  $(BIN)/cormorant serve --db $(DEMO_DB)"

test: $(STAMP)
	$(BIN)/ruff check src tests
	$(BIN)/mypy
	$(BIN)/python -m pytest -q

# Long reliability runs, not in `make test`: 25 seeded kill -9 trials per store backend
# and a property search ten times longer (not derandomized).
soak: $(STAMP)
	rm -f /tmp/cormorant-soak-kills.tsv
	CORMORANT_KILL_TRIALS=25 CORMORANT_KILL_LOG=/tmp/cormorant-soak-kills.tsv \
		$(BIN)/python -m pytest -q tests/test_reliability_kill.py
	awk -F'\t' '{n[$$1]++; k[$$1]+=$$4; if (!($$1 in lo) || $$5 < lo[$$1]) lo[$$1]=$$5; if ($$5 > hi[$$1]) hi[$$1]=$$5} END {for (b in n) printf "%s: %d trials passed, %d seeded mid-batch kills, %d of %d timed kills landed mid-run; before each rerun %d to %d of 150 documents were stored, each rerun stored the rest exactly once\n", b, n[b], n[b], k[b], n[b], lo[b], hi[b]}' /tmp/cormorant-soak-kills.tsv
	env -u CI HYPOTHESIS_EXAMPLES=10 $(BIN)/python -m pytest -q tests/test_reliability_properties.py

# Known vulnerabilities in requirements.lock (pip-audit); acknowledgements in .ci/audit-ignore.
audit:
	bash .ci/audit

lint: $(STAMP)
	$(BIN)/ruff check src tests
	$(BIN)/mypy

# Regenerate the pinned lock from pyproject (needs the network to PyPI).
lock:
	rm -rf /tmp/cormorant-lock && $(PYTHON) -m venv /tmp/cormorant-lock
	/tmp/cormorant-lock/bin/pip install --quiet -e '.[dev]'
	/tmp/cormorant-lock/bin/pip freeze --exclude-editable | grep -v '^-e' > requirements.lock

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache node_modules src/cormorant/web/static/vendor
