# The course's two commands, `make lab` and `make test`, share one set-up step:
# a virtual environment in .venv with the pinned requirements and mathlib (editable).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PORT   ?= 8888
# JupyterLab refuses to run as root unless asked (containers, CI machines): ask only then.
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root)

.PHONY: setup lab test bench html mutate clean help lock grade
.DEFAULT_GOAL := help

help:
	@echo "make lab    set up .venv and open the course in JupyterLab (localhost only, with a token)"
	@echo "make test   set up .venv and run the whole test suite"
	@echo "make bench  print the performance figures and write build/bench.json"
	@echo "make html   execute every notebook into a static site in build/html/"
	@echo "make mutate MODULE=linalg TESTS=tests/test_linalg.py   mutation-test one mathlib module"
	@echo "make clean  remove .venv, build/ and caches"
	@echo "make grade DIR=submissions/   run every student notebook under DIR, write build/grades.csv (JOBS=2 TIMEOUT=60)"
	@echo "make lock   regenerate the pins in requirements.txt from requirements.in (UPGRADE=1: newest allowed)"

setup: $(STAMP)

$(STAMP): requirements.txt pyproject.toml etc/jupyter_nbconvert_config.json etc/voila.json \
  $(wildcard etc/voila/templates/lab-offline/*)
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
	  { echo "This course needs Python 3.11 or newer; '$(PYTHON)' is $$($(PYTHON) --version 2>&1). Try: make PYTHON=python3.12 ..."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -r requirements.txt
	@# .venv holds exactly the lock: remove what an earlier lock installed and this one dropped.
	$(BIN)/uv pip sync --quiet --python $(BIN)/python requirements.txt
	@# Exported pages (jupyter nbconvert --execute --to html) show each explorer as a static
	@# figure instead of a widget that needs a live kernel: see etc/jupyter_nbconvert_config.json.
	mkdir -p $(VENV)/etc/jupyter
	cp etc/jupyter_nbconvert_config.json $(VENV)/etc/jupyter/jupyter_nbconvert_config.json
	@# Voila loads nothing from the internet (no CDN icons): the course's template and its config.
	mkdir -p $(VENV)/share/jupyter/voila/templates
	cp -r etc/voila/templates/lab-offline $(VENV)/share/jupyter/voila/templates/
	cp etc/voila.json $(VENV)/etc/jupyter/voila.json
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

# The lock: requirements.txt pins every package (transitive ones too, for Python 3.11+ on every
# OS), generated from the direct requirements in requirements.in by the pinned uv. Then: make test.
lock: setup
	$(BIN)/uv pip compile requirements.in --universal --python-version 3.11 --no-emit-package mathlib \
	  --custom-compile-command "make lock" --quiet $(if $(UPGRADE),--upgrade) -o requirements.txt
	printf '%s\n' '# mathlib itself, from this repository, editable (make lock writes this line)' \
	  '-e .' >> requirements.txt

mutate: setup
	$(BIN)/python tools/mutate.py $(MODULE) $(TESTS)

# Grade a class: every *.ipynb under DIR alone in a sandbox (bubblewrap), judged by the
# grader; build/grades.csv, build/feedback/ and a summary (docs/grading.md). MEMORY=1GB per
# submission; UNSEALED=1 runs without the sandbox. DIR is checked before the set-up step runs.
grade:
	@test -n "$(DIR)" || { echo "usage: make grade DIR=submissions/ [JOBS=2] [TIMEOUT=60] [MEMORY=1GB] [UNSEALED=1]"; exit 2; }
	@$(MAKE) --no-print-directory setup
	$(BIN)/python -m mathlib.grade "$(DIR)" --jobs $(or $(JOBS),2) --timeout $(or $(TIMEOUT),60) \
	  --memory $(or $(MEMORY),1GB) $(if $(UNSEALED),--unsealed)

clean:
	rm -rf $(VENV) build .pytest_cache .hypothesis
