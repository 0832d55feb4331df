# One command sets up and runs each job; the virtual environment is made on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: serve build check test golden bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

serve: $(STAMP)          ## build the example timeline and preview it with live reload
	$(BIN)/timeline build
	$(BIN)/timeline serve

build: $(STAMP)          ## build the site into site/
	$(BIN)/timeline build

check: $(STAMP)          ## check all content
	$(BIN)/timeline check

TOOLS := tests/tools/node_modules/.installed

$(TOOLS): tests/tools/package.json tests/tools/package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		npm ci --prefix tests/tools --no-audit --no-fund --loglevel=error && touch $(TOOLS); \
	else echo "npm not found: the workflow lint test (tests/test_workflow.py) will be skipped"; fi

test: $(STAMP) $(TOOLS)  ## run the test suite
	NO_MKDOCS_2_WARNING=1 $(BIN)/python -m pytest

golden: $(STAMP)         ## rewrite the golden pages after an intended change; read the diff!
	UPDATE_GOLDEN=1 $(BIN)/python -m pytest tests/test_render.py
	git diff --stat -- tests/golden

bench: $(STAMP)          ## build-scale benchmark (10,000 events, median of 5 builds)
	$(BIN)/python benchmarks/build_scale.py --events 10000 --repeat 5

clean:
	rm -rf site .site.* $(VENV)
