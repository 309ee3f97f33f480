# Python used to create .venv: the first interpreter >= 3.10 found on PATH.
# Override on the command line, e.g. `make PY=python3.12 venv`.
PY ?= $(shell for p in python3 python3.13 python3.12 python3.11 python3.10 python; do \
	"$$p" -c 'import sys; sys.exit(sys.version_info < (3, 10))' >/dev/null 2>&1 \
	&& { echo "$$p"; break; }; done)

VENV := .venv
STAMP := $(VENV)/.installed

.PHONY: venv play test lint bench lessons pages test-versions compiled pure clean

venv: $(STAMP)

$(STAMP): pyproject.toml
	@test -n "$(PY)" || { echo "error: no Python >= 3.10 found on PATH; set PY=..." >&2; exit 1; }
	$(PY) -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --upgrade pip
	$(VENV)/bin/python -m pip install -e '.[test]'
	touch $@

play: venv
	$(VENV)/bin/detente

# The suite spread over every core (pytest-xdist); `make TEST_WORKERS=0 test` runs it in one process.
TEST_WORKERS ?= auto

test: lint
	$(VENV)/bin/python -m pytest -n $(TEST_WORKERS)

# The layout's guards (docs/architecture.md): lint, formatting, types; tests/test_layering.py checks the arrows.
lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

bench: venv
	$(VENV)/bin/python -m bench

# Every bundled scenario's lessons measured by the doctrine lab (docs/lessons.md); fails when a claim is not supported.
lessons: venv
	@status=0; for s in $$($(VENV)/bin/python -c 'from lab.lessons import bundled_lessons_ids; print(*bundled_lessons_ids())'); do \
		$(VENV)/bin/detente lessons $$s --workers 2 --strict || status=1; done; exit $$status

# Rewrite the generated blocks of the facilitator pages from the scenario files and stored lab reports.
pages: venv
	$(VENV)/bin/python -m tools.pages

test-versions: venv
	$(VENV)/bin/python tools/test_versions.py

# Optional: the hot modules compiled with mypyc (needs a C compiler); `make pure` goes back. Nothing depends on it.
compiled: venv
	$(VENV)/bin/python -m tools.compile

pure: venv
	$(VENV)/bin/python -m tools.compile --remove

clean:
	rm -f engine/*.so players/*.so *__mypyc*.so
	rm -rf $(VENV) .venvs build dist *.egg-info .pytest_cache .hypothesis
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
