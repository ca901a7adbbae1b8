# The two set-up commands of README.md. Both install into .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test samples

# Debian packages, installed with apt-get where it exists and they are missing.
apt_install = if command -v apt-get >/dev/null && ! dpkg -s $(1) >/dev/null 2>&1; then apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q $(1); fi

$(BIN)/posecoach: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

# Install the pose model (downloaded, or built offline from PyPI) and coach the bundled sample video.
# The voice (espeak-ng) and the tones (aplay) are optional: without them the coach runs silently.
demo: $(BIN)/posecoach
	-$(call apt_install,espeak-ng alsa-utils)
	$(BIN)/posecoach demo

# Build the pose model offline (tests never reach hosts other than PyPI), lint, then run the tests.
# The window test runs the coach on a virtual screen (Xvfb) and types on it with xdotool.
test: $(BIN)/posecoach
	$(call apt_install,xvfb xdotool)
	$(BIN)/posecoach models install --offline
	$(BIN)/ruff check src tests tools benchmarks
	$(BIN)/ruff format --check src tests tools benchmarks
	$(BIN)/python -m pytest

# Re-render the sample clips of samples/ with their ground truth (not needed to run or test posecoach).
samples: $(BIN)/posecoach
	$(call apt_install,libosmesa6)
	$(BIN)/python -m pip install --quiet -e '.[samples]'
	$(BIN)/python -m pip install --quiet --no-deps pyrender==0.1.45
	PYOPENGL_PLATFORM=osmesa $(BIN)/python tools/render_samples.py --out samples
