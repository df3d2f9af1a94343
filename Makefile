# The course's two commands, `make lab` and `make test`, share one set-up step:
# a virtual environment in .venv with the pinned requirements and mathlib (editable).
# `make lab` needs only the course's lock (requirements.txt, what students install);
# `make test` adds the test tools' lock (requirements-test.txt).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
PORT   ?= 8888
# One BLAS thread per process (numpy's OpenBLAS otherwise starts one per core for a matrix product
# above its size threshold): the course's products are small, and on a shared 2-core machine (CI,
# a class's hub, make test's two processes) the extra threads wait on each other; a 1077x64 by
# 64x128 product measured p95 16 ms with them, 5.6 ms without. OPENBLAS_NUM_THREADS=2 make lab
# overrides it.
OPENBLAS_NUM_THREADS ?= 1
export OPENBLAS_NUM_THREADS
# JupyterLab refuses to run as root unless asked (containers, CI machines): ask only then.
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root)

.PHONY: setup lab test bench html mutate clean help lock grade torch-venv
.DEFAULT_GOAL := help

help:
	@echo "make lab    set up .venv and open the course in JupyterLab (localhost only, with a token, no news or update checks)"
	@echo "make test   set up .venv with the test tools (requirements-test.txt) and run the whole test suite"
	@echo "make bench  print the performance figures and write build/bench.json"
	@echo "make html   execute every notebook into a static site in build/html/"
	@echo "make mutate MODULE=linalg TESTS=tests/test_linalg.py   mutation-test one mathlib module"
	@echo "make clean  remove .venv, build/ and caches"
	@echo "make grade DIR=submissions/   grade every student notebook under DIR in a sandbox: build/grades.csv, build/feedback/ (JOBS=2 TIMEOUT=60 MEMORY=1GB UNSEALED=1)"
	@echo "make lock   regenerate requirements.txt and requirements-test.txt from their .in files (UPGRADE=1: newest allowed)"

setup: $(STAMP)

$(STAMP): requirements.txt pyproject.toml setup.py etc/jupyter_nbconvert_config.json etc/voila.json \
  etc/lab/overrides.d/mathlib.json $(wildcard etc/voila/templates/lab-offline/*)
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
	  { echo "This course needs Python 3.11 or newer; '$(PYTHON)' is $$($(PYTHON) --version 2>&1). Try: make PYTHON=python3.12 ..."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -r requirements.txt
	@# .venv holds exactly the course's lock: remove what an earlier lock installed and this one
	@# dropped (and the test tools: `make test` adds them back).
	$(BIN)/uv pip sync --quiet --python $(BIN)/python requirements.txt
	@# The Jupyter files mathlib ships (setup.py data_files: share/jupyter/... and etc/jupyter/...),
	@# which every install of mathlib (`-e .` too) puts into the environment; copied again here in
	@# case the install was cached from before a change to them. Exported pages show each
	@# explorer as a static figure (etc/jupyter_nbconvert_config.json); Voila loads nothing from
	@# the internet (the lab-offline template); JupyterLab asks no "news?" question and checks
	@# for no updates (etc/lab/overrides.d/mathlib.json).
	mkdir -p $(VENV)/etc/jupyter $(VENV)/share/jupyter/voila/templates $(VENV)/share/jupyter/lab/settings/overrides.d
	cp etc/jupyter_nbconvert_config.json $(VENV)/etc/jupyter/jupyter_nbconvert_config.json
	cp -r etc/voila/templates/lab-offline $(VENV)/share/jupyter/voila/templates/
	cp etc/voila.json $(VENV)/etc/jupyter/voila.json
	cp etc/lab/overrides.d/mathlib.json $(VENV)/share/jupyter/lab/settings/overrides.d/mathlib.json
	touch $(STAMP)

# The test tools on top of the course (pytest, nbval, playwright, mutmut, ...): both locks together.
$(TEST_STAMP): $(STAMP) requirements-test.txt
	$(BIN)/python -m pip install --quiet -r requirements.txt -r requirements-test.txt
	$(BIN)/uv pip sync --quiet --python $(BIN)/python requirements.txt requirements-test.txt
	touch $(TEST_STAMP)

# The link printed (with its token) opens the welcome notebook itself; no news, no update checks.
lab: setup
	$(BIN)/jupyter lab --ServerApp.ip=127.0.0.1 --ServerApp.port=$(PORT) $(ROOT_FLAG) \
	  --LabApp.default_url=/lab/tree/notebooks/00_welcome.ipynb \
	  --LabApp.news_url=None --LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate

# nbval runs every notebook cell by cell (a self-check cell that asserts fails it, in the test's
# name); the slider sweep (tests/test_sweep.py) executes each once more, moves every control, and
# that execution is shared by the rerun and static-site tests. One notebook alone:
# .venv/bin/python -m pytest notebooks/06_derivatives.ipynb --nbval-lax --nbval-current-env
# On TEST_JOBS processes (pytest-xdist; tests/conftest.py keeps each notebook's nbval cells, and the
# tests that share notebook executions, in one process). TEST_JOBS=0: one process, as before.
# The 25 slowest tests are listed at the end, beside the time per notebook.
TEST_JOBS ?= 2
test: $(TEST_STAMP)
	$(BIN)/python -m pytest tests notebooks --nbval-lax --nbval-current-env --durations=25 \
	  $(if $(filter 0,$(TEST_JOBS)),-p no:xdist,-n $(TEST_JOBS))

bench: $(TEST_STAMP) torch-venv
	$(BIN)/python -m tools.bench

# PyTorch for make bench's training comparison only, never a requirement of the course: a private
# venv build/torch-venv with the CPU wheel torch==2.13.0 (made once; if it cannot be made, make
# bench goes on and says the training ratio was not measured).
torch-venv: $(TEST_STAMP)
	-$(BIN)/python -m tools.bench_training --install

html: setup
	$(BIN)/python -m tools.build_html

# The locks, each pinning every package (transitive ones too, for Python 3.11+ on every OS), written
# by the pinned uv: requirements.txt from requirements.in (the course: what students install),
# then requirements-test.txt from requirements-test.in (the test tools) with requirements.txt as
# constraints, so the packages they share have one version; last, the line that installs mathlib.
# Then: make test.
UV_COMPILE = $(BIN)/uv pip compile --universal --python-version 3.11 --custom-compile-command "make lock" \
  --quiet $(if $(UPGRADE),--upgrade)
lock: setup
	$(UV_COMPILE) requirements.in --no-emit-package mathlib -o requirements.txt
	$(UV_COMPILE) requirements-test.in -o requirements-test.txt
	printf '%s\n' '# mathlib itself, from this repository, editable (make lock writes this line)' \
	  '-e .' >> requirements.txt

mutate: $(TEST_STAMP)
	$(BIN)/python -m tools.mutate $(MODULE) $(TESTS)

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
