# Two commands do everything on a fresh machine:
#   make demo   reproduce the demo (set-up included)
#   make test   run the test suite (set-up included: venv, packages, Chromium when root), after
#               building the documentation site (make docs: build/docs/index.html) with warnings as errors
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
# A named corpus (framing corpus list); with MIRROR=DIR (or FRAMING_MIRROR=DIR) it is copied from
# that folder (layout github/<owner>/<repo>/<commit>/<path>) instead of downloaded.
CORPUS ?= ukraine-2022
# The demo figure set's last figure and notebooks/08_languages use the companion corpus in the
# outlets' own languages (Russian, Ukrainian and English translations), fetched the same way.
COMPANION ?= ukraine-2022-ru-uk
MIRROR ?=
BUILD := $(CURDIR)/build
export MPLCONFIGDIR := $(BUILD)/mpl

.PHONY: setup setup-test chromium demo test lint clean lab bench readme-figures readme-images screenshots docs

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
	$(VENV)/bin/framing corpus fetch $(CORPUS) $(if $(MIRROR),--mirror "$(MIRROR)")
	$(VENV)/bin/framing corpus fetch $(COMPANION) $(if $(MIRROR),--mirror "$(MIRROR)")
	$(VENV)/bin/framing corpus info $(CORPUS)
	$(VENV)/bin/framing figures --out figures

# JupyterLab on notebooks/ with the package's kernel (framing lab --help for options); the lab
# extra adds Voila, which shows a notebook as a web app (voila notebooks/00_quickstart.ipynb).
$(VENV)/.lab: pyproject.toml $(VENV)/.base
	$(PY) -m pip install -q -e ".[lab]"
	touch $@

lab: $(VENV)/.lab
	$(VENV)/bin/framing lab --dir notebooks

# The layering contract (import-linter), style (ruff) and types (mypy, which keeps py.typed honest).
lint: $(VENV)/.test
	$(VENV)/bin/lint-imports
	$(VENV)/bin/ruff check framing tests benchmarks docs
	$(VENV)/bin/mypy

test: setup-test lint docs
	$(PY) -m pytest $(PYTEST_ARGS)

# The documentation site in build/docs/ (open build/docs/index.html from disk): the user guide,
# the API reference from the docstrings, the notebooks run on a sample of the demo corpus (fetched
# as `make demo` does, MIRROR=DIR too; DOCS_SAMPLE documents per outlet) and the gallery of the
# demo figures (built into build/docs-figures/). Every warning is an error. The doctests run in
# tests/test_doctests.py (make test), not here.
DOCS_SAMPLE ?= 40
$(VENV)/.docs: pyproject.toml $(VENV)/.base
	$(PY) -m pip install -q -e ".[docs]"
	touch $@

docs: $(VENV)/.docs
	$(VENV)/bin/framing corpus fetch $(CORPUS) $(if $(MIRROR),--mirror "$(MIRROR)")
	$(VENV)/bin/framing corpus fetch $(COMPANION) $(if $(MIRROR),--mirror "$(MIRROR)")
	$(VENV)/bin/framing figures --out $(BUILD)/docs-figures
	FRAMING_DOCS_SAMPLE=$(DOCS_SAMPLE) $(PY) -m sphinx -b html -n -W --keep-going \
		-d $(BUILD)/docs-cache/doctrees docs $(BUILD)/docs
	@echo "the site: $(BUILD)/docs/index.html"

# Every benchmark against its peer, one table (build/bench/results.csv, .json, machine.json), on the
# demo corpus (fetched like `make demo`, MIRROR=DIR too) and sizes resampled from it: SIZES=demo,10k,100k,1M
SIZES ?= demo,10k,100k,1M
$(VENV)/.bench: pyproject.toml $(VENV)/.base
	$(PY) -m pip install -q -e ".[bench]"
	touch $@

bench: $(VENV)/.bench
	$(VENV)/bin/framing corpus fetch ukraine-2022 $(if $(MIRROR),--mirror "$(MIRROR)")
	$(PY) -m benchmarks --sizes $(SIZES)

# The guide's measured numbers from the last `make bench`: copies build/bench/{results,machine}.json
# into benchmarks/results/ (commit them) and rewrites the generated blocks of docs/guide/ (lab.md, scale.md).
readme-figures: setup
	$(PY) -m benchmarks.readme --accept

# The views in JupyterLab, for the README and docs/guide/lab.md (needs Chromium and the demo corpus).
screenshots: setup-test
	$(VENV)/bin/framing corpus fetch $(CORPUS) $(if $(MIRROR),--mirror "$(MIRROR)")
	$(PY) -m benchmarks.screenshots

# The two demo images of docs/guide/figures.md and the tables behind them (a test checks the tables against a fresh build).
readme-images: setup
	$(VENV)/bin/framing corpus fetch $(CORPUS) $(if $(MIRROR),--mirror "$(MIRROR)")
	$(VENV)/bin/framing figures --out figures --only rates_by_outlet --only weekly_rates
	cp figures/rates_by_outlet.png figures/rates_by_outlet.csv figures/weekly_rates.png figures/weekly_rates.csv docs/figures/

clean:
	rm -rf $(BUILD) .pytest_cache
