"""Where posecoach's files are: the data shipped in the package, the models folder and the cache.

Routines, the model manifest and the demo clip are package data (`posecoach/data/`), read the same way
from a checkout and from an installed wheel. The model itself is built on first use: into the
checkout's `models/` when posecoach runs from one (`pip install -e .`), else into the user's data folder.
The history of sessions is the person's, not the checkout's: always in the user's data folder.
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

import platformdirs

APP_NAME = "posecoach"
MODELS_DIR_VARIABLE = "POSECOACH_MODELS_DIR"
HISTORY_VARIABLE = "POSECOACH_HISTORY"


def package_data(*parts: str) -> Path:
    """A file or folder of `posecoach/data/`, e.g. `package_data("routines", "upper_back.toml")`."""
    # pip installs packages as plain files, so a resource is a path that OpenCV and tomllib can open.
    return Path(str(resources.files(__package__).joinpath("data", *parts)))


def checkout_root() -> Path | None:
    """The top folder of the source checkout posecoach runs from, or None for an installed wheel."""
    root = Path(__file__).resolve().parents[2]  # src/posecoach/locations.py in a checkout
    if (root / "pyproject.toml").is_file() and (root / "src" / APP_NAME).is_dir():
        return root
    return None


def models_dir() -> Path:
    """Where installed models live: $POSECOACH_MODELS_DIR, else the checkout's `models/`, else the
    user's data folder (e.g. ~/.local/share/posecoach/models on Linux)."""
    override = os.environ.get(MODELS_DIR_VARIABLE)
    if override:
        return Path(override)
    root = checkout_root()
    return root / "models" if root is not None else Path(platformdirs.user_data_dir(APP_NAME)) / "models"


def cache_dir() -> Path:
    """Where downloaded wheels and files taken out of them are kept (e.g. ~/.cache/posecoach on Linux)."""
    return Path(platformdirs.user_cache_dir(APP_NAME))


def history_path() -> Path:
    """The history database: $POSECOACH_HISTORY, else the user's data folder (e.g.
    ~/.local/share/posecoach/history.sqlite3 on Linux), for a checkout as for a wheel."""
    override = os.environ.get(HISTORY_VARIABLE)
    return Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME)) / "history.sqlite3"
