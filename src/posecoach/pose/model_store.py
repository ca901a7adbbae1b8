"""The pose model on disk: where it lives, the manifest that pins it, installing and checking it."""

from __future__ import annotations

import hashlib
import tomllib
import urllib.error
import urllib.request
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from posecoach.errors import ModelError
from posecoach.fileio import sha256_of, write_atomically
from posecoach.locations import models_dir, package_data
from posecoach.pose import model_build
from posecoach.pose.pypi import download_wheel

DEFAULT_MODEL = "pose_landmarker_full"
# Long enough for a reachable server to answer, short enough not to stall a set-up that is offline.
DOWNLOAD_TIMEOUT_S = 10


@dataclass(frozen=True)
class ModelEntry:
    """One model of the manifest (`posecoach/data/models.toml`).

    Attributes:
        name: the model's name on the command line.
        file: file name inside the models folder.
        sha256: hash of the file `posecoach models install` builds offline.
        size: its size in bytes.
        source: where the bytes come from, in words.
        official_url: MediaPipe's own download address, tried first.
        official_sha256: hash of the file at `official_url`; a download is kept only if it matches.
    """

    name: str
    file: str
    sha256: str
    size: int
    source: str
    official_url: str
    official_sha256: str

    def accepts(self, digest: str) -> bool:
        return digest in (self.sha256, self.official_sha256)


@dataclass(frozen=True)
class ModelFile:
    """A model ready to load: its path, the sha256 the analysis records, and whether the user brought it
    (--model) rather than installed it."""

    path: Path
    sha256: str
    brought: bool = False

    @property
    def fix(self) -> str:
        """What to do when it fails to load or run."""
        return _BROUGHT if self.brought else _REINSTALL


def load_manifest(path: Path | None = None) -> dict[str, ModelEntry]:
    """Read the manifest, keyed by model name.

    Raises:
        ModelError: the manifest is missing or malformed.
    """
    path = path or package_data("models.toml")
    try:
        document = tomllib.loads(path.read_text())
        return {item["name"]: ModelEntry(**item) for item in document["models"]}
    except FileNotFoundError:
        raise ModelError(f"no model manifest at {path}; reinstall posecoach") from None
    except (tomllib.TOMLDecodeError, KeyError, TypeError) as error:
        raise ModelError(f"{path} is not a valid model manifest ({error})") from None


_REINSTALL = "run `posecoach models install --force`"
_BROUGHT = "check the file, or leave out --model to use the installed model"


def check_bundle(path: Path, brought: bool = False) -> None:
    """Check that `path` is a Pose Landmarker `.task` bundle holding both networks.

    Args:
        path: the bundle.
        brought: the user brought it (--model): the messages then say to check it, not to reinstall.

    Raises:
        ModelError: missing, truncated, or not a pose model; the message names the file.
    """
    fix = _BROUGHT if brought else _REINSTALL
    if not path.is_file():
        raise ModelError(
            f"model file not found: {path}; {_BROUGHT if brought else 'run `posecoach models install`'}"
        )
    try:
        with zipfile.ZipFile(path) as bundle:
            names = set(bundle.namelist())
            damaged = bundle.testzip()
    except (zipfile.BadZipFile, OSError):
        raise ModelError(f"{path} is truncated or not a pose model (.task); {fix}") from None
    missing = {model_build.DETECTOR_IN_BUNDLE, model_build.LANDMARKER_IN_BUNDLE} - names
    if missing:
        raise ModelError(
            f"{path} is not a Pose Landmarker model: it lacks {', '.join(sorted(missing))}; {fix}"
        )
    if damaged is not None:
        raise ModelError(f"{path} is damaged ({damaged} fails its checksum); {fix}")


def resolve_model(path: Path | None = None) -> ModelFile:
    """The model to load: `path` when the user brings one, else the installed default.

    The default must match the manifest's sha256; a model the user brings is only checked for shape,
    so the official lite, full and heavy bundles all work.

    Raises:
        ModelError: the model is missing, damaged, or (the default) not the one the manifest pins.
    """
    if path is not None:
        check_bundle(path, brought=True)
        return ModelFile(path, sha256_of(path), brought=True)
    entry = load_manifest()[DEFAULT_MODEL]
    default = models_dir() / entry.file
    check_bundle(default)
    digest = sha256_of(default)
    if not entry.accepts(digest):
        raise ModelError(
            f"{default} has sha256 {digest[:12]}..., not the manifest's {entry.sha256[:12]}...; {_REINSTALL}"
        )
    return ModelFile(default, digest)


def install_model(
    entry: ModelEntry,
    folder: Path,
    *,
    try_download: bool = True,
    force: bool = False,
    say: Callable[[str], None] = print,
) -> Path:
    """Make `folder/entry.file` hold the model the manifest pins, by the cheapest way that works.

    In order: keep a file whose sha256 already matches; download MediaPipe's official file; build it
    offline from the mediapipe wheel on PyPI.

    Args:
        entry: the manifest entry to install.
        folder: the models folder.
        try_download: False skips the official download (tests and CI never reach other hosts).
        force: rebuild even when the file on disk matches.
        say: receives one line per step, for the user.

    Raises:
        ModelError: nothing produced a file matching the manifest.
    """
    target = folder / entry.file
    if not force and target.is_file() and entry.accepts(sha256_of(target)):
        say(f"{target} is present and matches the manifest")
        return target
    if try_download:
        data = _download_official(entry, say)
        if data is not None:
            return write_atomically(target, data, "model")
    say(f"building {entry.file} offline from {model_build.MEDIAPIPE_WHEEL} on PyPI")
    detector, landmarker = model_build.read_wheel_models(
        download_wheel(model_build.MEDIAPIPE_WHEEL, platform=model_build.WHEEL_PLATFORM)
    )
    data = model_build.build_task_bundle(detector, landmarker)
    digest = hashlib.sha256(data).hexdigest()
    if digest != entry.sha256:
        raise ModelError(
            f"the offline build of {entry.file} has sha256 {digest[:12]}..., not the manifest's "
            f"{entry.sha256[:12]}...; the wheel on PyPI differs from the one the manifest was made with"
        )
    path = write_atomically(target, data, "model")
    say(f"built {path} ({len(data):,} bytes, sha256 {digest[:12]}...)")
    return path


def _download_official(entry: ModelEntry, say: Callable[[str], None]) -> bytes | None:
    try:
        with urllib.request.urlopen(entry.official_url, timeout=DOWNLOAD_TIMEOUT_S) as response:
            data = response.read()
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        reason = getattr(error, "reason", error)
        say(f"official download unavailable ({reason}); falling back to the offline build")
        return None
    if hashlib.sha256(data).hexdigest() != entry.official_sha256:
        say("official download does not match the manifest's sha256; falling back to the offline build")
        return None
    say(f"downloaded {entry.file} from MediaPipe ({len(data):,} bytes)")
    return data
