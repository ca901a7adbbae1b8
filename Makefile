# The two set-up commands of README.md. Both install into .venv on first use, from requirements.lock.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# The tool that writes requirements.lock (`make lock`); pinned so that the lock is made the same way.
UV := uv==0.13.8

.PHONY: demo test samples lock

# The venv is made anew whenever the lock or the project changes, so it holds exactly the locked versions.
$(BIN)/posecoach: pyproject.toml requirements.lock
	$(PYTHON) -m venv --clear $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

# Install the pose model (downloaded, or built offline from PyPI) and coach the bundled sample video.
# The voice (espeak-ng) and the tones (aplay) are optional: without them the coach runs silently.
demo: $(BIN)/posecoach
	@tools/debian-packages "the coach runs silently" espeak-ng alsa-utils
	$(BIN)/posecoach demo

# Build the pose model offline (tests never reach hosts other than PyPI), lint, then run the tests.
# One pytest worker per core (each analysis uses one): a test module, with its module-scoped analyses,
# stays on one worker (--dist loadscope), so no clip is analysed twice.
# The window tests run the coach on a virtual screen (Xvfb) and type on it with xdotool; the report's
# test opens it in a headless Chromium.
test: $(BIN)/posecoach
	@tools/debian-packages "the window tests are skipped" xvfb xdotool
	@tools/debian-packages "the report's browser test is skipped" chromium
	$(BIN)/posecoach models install --offline
	$(BIN)/ruff check src tests tools benchmarks
	$(BIN)/ruff format --check src tests tools benchmarks
	$(BIN)/python -m pytest -n auto --dist loadscope

# Write requirements.lock anew from pyproject.toml: the newest versions its ranges allow, with hashes,
# for every platform and Python posecoach supports; setuptools is the build backend `pip install -e .` uses.
lock:
	$(PYTHON) -m venv $(VENV)-lock
	$(VENV)-lock/bin/python -m pip install --quiet $(UV)
	printf 'setuptools>=68\n' | $(VENV)-lock/bin/uv pip compile --quiet - pyproject.toml --extra test \
		--universal --python-version 3.11 --generate-hashes --custom-compile-command "make lock" \
		--output-file requirements.lock
	rm -rf $(VENV)-lock

# Re-render the sample clips of samples/ with their ground truth (not needed to run or test posecoach).
samples: $(BIN)/posecoach
	@tools/debian-packages "the clips cannot be rendered" libosmesa6
	$(BIN)/python -m pip install --quiet -e '.[samples]'
	$(BIN)/python -m pip install --quiet --no-deps pyrender==0.1.45
	PYOPENGL_PLATFORM=osmesa $(BIN)/python -m tools.render_samples --out samples
