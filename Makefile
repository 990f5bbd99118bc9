# Two commands do everything on a fresh machine:
#   make demo   reproduce the demo (set-up included)
#   make test   run the test suite (set-up included: venv, packages, Chromium when root)
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
# A named corpus (framing corpus list); with FRAMING_MIRROR=DIR it is fetched without network.
CORPUS ?= ukraine-2022
BUILD := $(CURDIR)/build
export MPLCONFIGDIR := $(BUILD)/mpl

.PHONY: setup setup-test chromium demo test lint clean lab bench

$(VENV)/.base: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e .
	touch $@

$(VENV)/.test: pyproject.toml $(VENV)/.base
	$(PY) -m pip install -q -e ".[test,lint]"
	touch $@

setup: $(VENV)/.base
setup-test: $(VENV)/.test chromium

# Browser tests need Debian's Chromium; without root they are skipped with a reason.
chromium:
	@if command -v chromium >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium >/dev/null; \
	else echo "chromium is not installed and this is not root: browser tests will be skipped"; fi

demo: setup
	$(VENV)/bin/framing corpus fetch $(CORPUS)
	$(VENV)/bin/framing corpus info $(CORPUS)
	$(VENV)/bin/framing figures --out figures

# JupyterLab on notebooks/ with the package's kernel (framing lab --help for options).
lab: setup
	$(VENV)/bin/framing lab --dir notebooks

# The layering contract (import-linter), style (ruff) and types (mypy, which keeps py.typed honest).
lint: $(VENV)/.test
	$(VENV)/bin/lint-imports
	$(VENV)/bin/ruff check framing tests benchmarks
	$(VENV)/bin/mypy

test: setup-test lint
	$(PY) -m pytest $(PYTEST_ARGS)

# Benchmarks against peers, one table (build/bench/results.csv): make bench SIZES=ref,10k,100k,1M
SIZES ?= ref,10k,100k,1M
$(VENV)/.bench: pyproject.toml $(VENV)/.base
	$(PY) -m pip install -q -e ".[bench]"
	touch $@

bench: $(VENV)/.bench
	FRAMING_REFERENCE=$${FRAMING_REFERENCE:-$(abspath $(CURDIR)/../shared/corpora/reference)} \
	$(PY) -m benchmarks --sizes $(SIZES)

clean:
	rm -rf $(BUILD) .pytest_cache
