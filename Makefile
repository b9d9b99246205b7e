# IWM: the two commands are `make run` and `make test` (see README.md); `dev`, `status` and `stop` help.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PYTEST_ARGS ?=

.PHONY: run dev test stop status venv check-python lint clean-venv browser

run: $(STAMP)
	$(BIN)/python -m iwm.launcher run

# As `run`, with Django's auto-reloading development server: for people changing code.
dev: $(STAMP)
	$(BIN)/python -m iwm.launcher dev

# The test settings, the test database and the tests' own Redis (never a running `make run`'s).
test: $(STAMP) browser
	$(BIN)/python -m iwm.launcher exec -- $(BIN)/python -m pytest $(PYTEST_ARGS)

# The admin browser test (tests/test_admin_browser.py) drives Debian's chromium through
# Playwright. Installed here where we can (root with apt-get); elsewhere the test is skipped
# with how to install it, except under CI=1, where a missing browser fails the run.
browser:
	@if command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "installing chromium for the admin browser test (apt-get)"; \
		apt-get install -y -q chromium >/dev/null 2>&1 || { apt-get update -q >/dev/null 2>&1 && apt-get install -y -q chromium >/dev/null 2>&1; } \
		|| echo "could not install chromium: the admin browser test will be skipped"; \
	else echo "no chromium (and not root with apt-get): the admin browser test will be skipped; install it with: sudo apt-get install chromium"; fi

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
