# The two set-up commands of README.md. Both install into .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test

$(BIN)/posecoach: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

# Install the pose model (downloaded, or built offline from PyPI) and analyze the sample video.
demo: $(BIN)/posecoach
	$(BIN)/posecoach demo

# Build the pose model offline (tests never reach hosts other than PyPI), lint, then run the tests.
test: $(BIN)/posecoach
	$(BIN)/posecoach models install --offline
	$(BIN)/ruff check src tests tools
	$(BIN)/ruff format --check src tests tools
	$(BIN)/python -m pytest
