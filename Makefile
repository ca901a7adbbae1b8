# The two set-up commands of README.md. Both install into .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test samples

$(BIN)/posecoach: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

# Install the pose model (downloaded, or built offline from PyPI) and coach the bundled sample video.
demo: $(BIN)/posecoach
	$(BIN)/posecoach demo

# Build the pose model offline (tests never reach hosts other than PyPI), lint, then run the tests.
test: $(BIN)/posecoach
	$(BIN)/posecoach models install --offline
	$(BIN)/ruff check src tests tools
	$(BIN)/ruff format --check src tests tools
	$(BIN)/python -m pytest

# Re-render the sample clips of samples/ with their ground truth (not needed to run or test posecoach).
samples: $(BIN)/posecoach
	command -v apt-get >/dev/null && (dpkg -s libosmesa6 >/dev/null 2>&1 || (apt-get update -q && apt-get install -y -q libosmesa6))
	$(BIN)/python -m pip install --quiet -e '.[samples]'
	$(BIN)/python -m pip install --quiet --no-deps pyrender==0.1.45
	PYOPENGL_PLATFORM=osmesa $(BIN)/python tools/render_samples.py --out samples
