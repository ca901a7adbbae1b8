"""Every user error ends in one line on stderr that says what to do, and exit code 2; never a traceback."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from posecoach.cli import main
from posecoach.pose.model_build import DETECTOR_IN_BUNDLE, LANDMARKER_IN_BUNDLE
from posecoach.pose.model_store import ModelFile

BROUGHT_MODEL_FIX = "check the file, or leave out --model to use the installed model"


def _run_error(capfd: pytest.CaptureFixture[str], *argv: str) -> str:
    code = main(list(argv))
    err = capfd.readouterr().err
    lines = err.strip().splitlines()
    assert code == 2, err
    assert len(lines) == 1, err
    assert lines[0].startswith("posecoach: error: ")
    return lines[0]


def test_model_path_that_does_not_exist(capfd):
    line = _run_error(capfd, "analyze", "x.mp4", "--model", "/nonexistent.task")
    assert "model file not found: /nonexistent.task" in line
    assert "leave out --model" in line


def test_truncated_model_is_named(capfd, model: ModelFile, tmp_path: Path):
    truncated = tmp_path / "cut.task"
    truncated.write_bytes(model.path.read_bytes()[: model.path.stat().st_size // 2])
    line = _run_error(capfd, "analyze", "x.mp4", "--model", str(truncated))
    assert line.endswith(f"{truncated} is truncated or not a pose model (.task); {BROUGHT_MODEL_FIX}")


def test_a_file_that_is_not_a_model_is_named(capfd, tmp_path: Path):
    text = tmp_path / "notes.task"
    text.write_text("hello")
    line = _run_error(capfd, "analyze", "x.mp4", "--model", str(text))
    assert line.endswith(f"{text} is truncated or not a pose model (.task); {BROUGHT_MODEL_FIX}")


def test_a_zip_without_the_pose_networks_is_named(capfd, tmp_path: Path):
    other = tmp_path / "hand.task"
    with zipfile.ZipFile(other, "w") as bundle:
        bundle.writestr("hand_detector.tflite", b"x")
    line = _run_error(capfd, "analyze", "x.mp4", "--model", str(other))
    assert f"{other} is not a Pose Landmarker model: it lacks pose_detector.tflite" in line
    assert line.endswith(BROUGHT_MODEL_FIX)


def test_networks_mediapipe_cannot_load_are_named(capfd, tmp_path: Path, small_clip: Path):
    junk = tmp_path / "junk.task"
    with zipfile.ZipFile(junk, "w") as bundle:
        bundle.writestr(DETECTOR_IN_BUNDLE, b"\0" * 64)
        bundle.writestr(LANDMARKER_IN_BUNDLE, b"\0" * 64)
    line = _run_error(capfd, "analyze", str(small_clip), "--model", str(junk))
    assert f"{junk} could not be loaded as a pose model" in line and line.endswith(BROUGHT_MODEL_FIX)


@pytest.fixture
def models_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty models folder, used in place of the checkout's."""
    monkeypatch.setenv("POSECOACH_MODELS_DIR", str(tmp_path))
    return tmp_path


def test_missing_installed_model_says_to_install_it(capfd, models_folder: Path):
    line = _run_error(capfd, "analyze", "x.mp4")
    assert f"model file not found: {models_folder / 'pose_landmarker_full.task'}" in line
    assert "run `posecoach models install`" in line


def test_installed_model_with_another_sha256_is_refused(capfd, models_folder: Path, model: ModelFile):
    # The same networks, compressed: a valid bundle, but not the bytes the manifest pins.
    with (
        zipfile.ZipFile(model.path) as source,
        zipfile.ZipFile(
            models_folder / "pose_landmarker_full.task", "w", compression=zipfile.ZIP_DEFLATED
        ) as copy,
    ):
        for name in source.namelist():
            copy.writestr(name, source.read(name))
    line = _run_error(capfd, "analyze", "x.mp4")
    assert "not the manifest's 3f0a28dbf43f..." in line
    assert "run `posecoach models install --force`" in line


def test_missing_video(capfd, model: ModelFile, tmp_path: Path):
    line = _run_error(capfd, "analyze", str(tmp_path / "x.mp4"))
    assert f"no such file: {tmp_path / 'x.mp4'}" in line


def test_unreadable_video(capfd, model: ModelFile, tmp_path: Path):
    bad = tmp_path / "bad.mp4"
    bad.write_bytes(b"garbage" * 100)
    line = _run_error(capfd, "analyze", str(bad))
    assert f"cannot read {bad}: not a video OpenCV can decode" in line


def test_empty_image_folder(capfd, model: ModelFile, tmp_path: Path):
    line = _run_error(capfd, "analyze", str(tmp_path))
    assert f"{tmp_path} holds no images" in line


def test_camera_that_does_not_open(capfd, model: ModelFile):
    line = _run_error(capfd, "analyze", "--camera", "7")
    assert "no camera at index 7" in line


def test_no_source_given_is_a_usage_error(capfd):
    with pytest.raises(SystemExit) as stop:
        main(["analyze"])
    assert stop.value.code == 2
    assert "give one of VIDEO, --camera N or --live VIDEO" in capfd.readouterr().err
