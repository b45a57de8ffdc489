# Every target sets up .venv from the pinned requirements.txt first, so a fresh
# clone needs nothing but Python 3.11 and make.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp
export GX_ANALYTICS_ENABLED := false
# Bytecode caches (git-ignored __pycache__) spare every process, pytest's workers above all,
# compiling the package and rewriting the tests again: seconds per pytest process.
unexport PYTHONDONTWRITEBYTECODE

.PHONY: setup verify validate expectations snapshot mutate test screenshots book lab pdf bench clean

$(STAMP): requirements.txt pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@touch $(STAMP)

# A copy of the project that shares this checkout's environment (tests, benchmarks) sets
# NGOCLAIMS_NO_SETUP=1, so it never reinstalls the package from the copy.
ifdef NGOCLAIMS_NO_SETUP
setup: ;
else
setup: $(STAMP)
endif

verify: setup
	$(PY) -m ngoclaims verify

validate: setup
	$(PY) -m ngoclaims validate

expectations: setup
	$(PY) -m ngoclaims expectations

# After reviewing what changed in `verify`, accept it as the new snapshot of the analysis.
snapshot: setup
	$(PY) -m pytest -q tests/claims/test_snapshot.py --snapshot-update

# Mutation testing of the engine's code (minutes; not part of `make test`).
mutate: setup
	$(PY) bench/mutate.py $(MUTATE_ARGS)

# Every test, one worker per core (a test file stays on one; files go in the order
# tests/conftest.py gives, not by their number of tests). The tests run even when verify
# fails, so the JUnit report CI uploads names each failing claim (test_claim[id]). The GX
# suites run on the data inside pytest (tests/gate/test_validate.py), so not twice here.
JUNIT := _build/reports/junit.xml
test: setup
	v=0; p=0; \
	$(PY) -m ngoclaims verify --quiet || v=$$?; \
	$(PY) -m pytest -n auto --dist loadfile --no-loadscope-reorder --junitxml=$(JUNIT) || p=$$?; \
	$(PY) -m ngoclaims.dev.testsummary $(JUNIT) verify=$$v pytest=$$p

# Pictures of every page at 1280 and 375 px in _build/screenshots, for a person to look at
# (taken on the visits of the page checks, which run with them and in `make test`, there
# without pictures).
screenshots: book
	NGOCLAIMS_SCREENSHOTS=1 $(PY) -m pytest -q -p no:cacheprovider tests/build/test_pages.py

book: setup
	$(PY) -m ngoclaims book

pdf: book
	$(PY) -m ngoclaims pdf

lab: setup
	$(VENV)/bin/jupyter lab --no-browser --ServerApp.contents_manager_class=jupytext.TextFileContentsManager --notebook-dir=. $(if $(filter 0,$(shell id -u)),--allow-root,)

bench: setup
	$(PY) bench/run.py $(BENCH_ARGS)

clean:
	rm -rf _build
