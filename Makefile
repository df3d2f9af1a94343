# The course's two commands, `make lab` and `make test`, share one set-up step:
# a virtual environment in .venv with the pinned requirements and mathlib (editable).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PORT   ?= 8888
# JupyterLab refuses to run as root unless asked (containers, CI machines): ask only then.
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root)

.PHONY: setup lab test bench html mutate clean help
.DEFAULT_GOAL := help

help:
	@echo "make lab    set up .venv and open the course in JupyterLab (localhost only, with a token)"
	@echo "make test   set up .venv and run the whole test suite"
	@echo "make bench  print the performance figures and write build/bench.json"
	@echo "make html   execute every notebook into a static site in build/html/"
	@echo "make mutate MODULE=linalg TESTS=tests/test_linalg.py   mutation-test one mathlib module"
	@echo "make clean  remove .venv, build/ and caches"

setup: $(STAMP)

$(STAMP): requirements.txt pyproject.toml etc/jupyter_nbconvert_config.json
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
	  { echo "This course needs Python 3.11 or newer; '$(PYTHON)' is $$($(PYTHON) --version 2>&1). Try: make PYTHON=python3.12 ..."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	@# Exported pages (jupyter nbconvert --execute --to html) show each explorer as a static
	@# figure instead of a widget that needs a live kernel: see etc/jupyter_nbconvert_config.json.
	mkdir -p $(VENV)/etc/jupyter
	cp etc/jupyter_nbconvert_config.json $(VENV)/etc/jupyter/jupyter_nbconvert_config.json
	touch $(STAMP)

lab: setup
	$(BIN)/jupyter lab --ServerApp.ip=127.0.0.1 --ServerApp.port=$(PORT) $(ROOT_FLAG) \
	  notebooks/00_welcome.ipynb

test: setup
	$(BIN)/python -m pytest tests notebooks --nbval-lax --nbval-current-env

bench: setup
	$(BIN)/python tools/bench.py

html: setup
	$(BIN)/python tools/build_html.py

mutate: setup
	$(BIN)/python tools/mutate.py $(MODULE) $(TESTS)

clean:
	rm -rf $(VENV) build .pytest_cache .hypothesis
