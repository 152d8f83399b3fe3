# The two commands: `make run` (set up and serve the demo) and `make test` (the whole suite).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PYTEST_ARGS ?= -n auto

.PHONY: run test install lint bench messages

run: $(STAMP)
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	@echo ""
	@echo "Alongside is starting at http://127.0.0.1:8000  (Ctrl-C stops it)"
	$(BIN)/python manage.py runserver 127.0.0.1:8000

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/pytest $(PYTEST_ARGS)

install: $(STAMP)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Installs are reproducible: requirements/*.txt are pinned (pip-compile from pyproject.toml).
$(STAMP): requirements/dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements/dev.txt
	touch $@

lint: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Re-pin after changing dependencies in pyproject.toml.
lock: $(STAMP)
	$(BIN)/pip-compile -q --strip-extras --no-header -o requirements/base.txt pyproject.toml
	$(BIN)/pip-compile -q --strip-extras --no-header --extra dev -o requirements/dev.txt pyproject.toml

messages: $(STAMP)
	$(BIN)/python manage.py makemessages -l es --ignore=.venv --ignore=var
