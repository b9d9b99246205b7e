# IWM: the two commands are `make run` and `make test` (see README.md); `dev`, `status` and `stop` help.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PYTEST_ARGS ?=

.PHONY: run dev test stop status venv check-python lint clean-venv

run: $(STAMP)
	$(BIN)/python -m iwm.launcher run

# As `run`, with Django's auto-reloading development server: for people changing code.
dev: $(STAMP)
	$(BIN)/python -m iwm.launcher dev

# The test settings, the test database and the tests' own Redis (never a running `make run`'s).
test: $(STAMP)
	$(BIN)/python -m iwm.launcher exec -- $(BIN)/python -m pytest $(PYTEST_ARGS)

stop: $(STAMP)
	$(BIN)/python -m iwm.launcher stop

status: $(STAMP)
	$(BIN)/python -m iwm.launcher status

venv: $(STAMP)

check-python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "IWM needs Python 3.11 or newer (set PYTHON=python3.x)")'

# Rebuilt only when pyproject.toml or the lock file changes: a second `make run` starts at once.
$(STAMP): pyproject.toml requirements.lock | check-python
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c requirements.lock -e '.[dev]'
	touch $(STAMP)

clean-venv:
	rm -rf $(VENV)
