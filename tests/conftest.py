"""Shared fixtures: the real pose model, real footage, and small clips cut from it."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import cv2
import pytest
from hypothesis import settings

from posecoach.cli import main
from posecoach.locations import HISTORY_VARIABLE, cache_dir, models_dir
from posecoach.pose.model_store import (
    DEFAULT_MODEL,
    ModelFile,
    install_model,
    load_manifest,
    resolve_model,
)
from posecoach.pose.pypi import extract_from_wheel

# Real footage of real people: two people outdoors, 1768x994, 30 fps, 230 frames (Sports2D's demo,
# BSD-3-Clause), taken from its pinned wheel on PyPI.
DEMO_WHEEL = "sports2d==0.8.34"
DEMO_MEMBER = "Sports2D/Demo/demo.mp4"
CLIP_FPS = 30.0
CLIP_FRAMES = 45

# Property tests draw the same examples on every run and machine (a failure is reproducible, CI is
# never flaky), and keep no example database in the working tree.
settings.register_profile("posecoach", derandomize=True, database=None)
settings.load_profile("posecoach")


@pytest.fixture(scope="session", autouse=True)
def history_file(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The history every command of the tests records in (the commands they start inherit it): a
    file of the test run's own, never the person's history."""
    path = tmp_path_factory.mktemp("history") / "history.sqlite3"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(HISTORY_VARIABLE, str(path))
        yield path


@pytest.fixture(scope="session")
def model() -> ModelFile:
    """The default model, built offline into models/ once (kept there for later runs)."""
    install_model(load_manifest()[DEFAULT_MODEL], models_dir(), try_download=False, say=lambda _: None)
    return resolve_model()


@pytest.fixture(scope="session")
def demo_video() -> Path:
    """Sports2D's demo clip from PyPI, fetched once into the cache."""
    return extract_from_wheel(DEMO_WHEEL, DEMO_MEMBER, cache_dir() / "demo" / "sports2d_demo.mp4")


@pytest.fixture(scope="session")
def small_clip(tmp_path_factory: pytest.TempPathFactory, demo_video: Path) -> Path:
    """The first 45 frames of the demo clip, cropped to 640x480 around the person on the box, 30 fps."""
    path = tmp_path_factory.mktemp("clips") / "small.avi"
    capture = cv2.VideoCapture(str(demo_video))
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter.fourcc(*"MJPG"), CLIP_FPS, (640, 480))
    for _ in range(CLIP_FRAMES):
        ok, image = capture.read()
        assert ok
        writer.write(image[0:480, 330:970])
    writer.release()
    capture.release()
    return path


@pytest.fixture(scope="session")
def demo_analysis(tmp_path_factory: pytest.TempPathFactory, model: ModelFile, demo_video: Path) -> dict:
    """`posecoach analyze` on the demo clip, run once through the command line, with its outputs."""
    out = tmp_path_factory.mktemp("analysis")
    code = main(
        ["analyze", str(demo_video), "--json", str(out / "a.json"), "--annotated", str(out / "a.mp4")]
    )
    assert code == 0
    document = json.loads((out / "a.json").read_text())
    return {"document": document, "annotated": out / "a.mp4"}
