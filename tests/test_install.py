"""posecoach as a user installs it: a plain wheel in a fresh venv, and a command line that starts fast."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from posecoach.pose.model_build import MEDIAPIPE_WHEEL, WHEEL_PLATFORM
from posecoach.pose.pypi import download_wheel

CHECKOUT = Path(__file__).resolve().parents[1]
SAMPLE = CHECKOUT / "samples" / "wall_lean_right.mp4"


@pytest.mark.parametrize("argv", [["--help"], ["routines", "list"]])
def test_help_and_routines_list_load_neither_opencv_nor_mediapipe(argv: list[str]):
    probe = (
        "import sys\n"
        "from posecoach.cli import main\n"
        "try:\n"
        f"    main({argv!r})\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(sorted(m for m in ('cv2', 'mediapipe') if m in sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert result.stdout.splitlines()[-1] == "[]"


@pytest.fixture(scope="module")
def wheel_venv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv holding posecoach's wheel, built from a copy of the checkout's sources.

    The dependencies are the test venv's own (a .pth file points at them), so this needs no network;
    posecoach itself comes only from the wheel.
    """
    root = tmp_path_factory.mktemp("wheel")
    sources = root / "sources"
    sources.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(CHECKOUT / name, sources / name)
    shutil.copytree(
        CHECKOUT / "src", sources / "src", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info")
    )
    pip = [sys.executable, "-m", "pip"]
    build = [*pip, "wheel", "--quiet", "--no-deps", "--no-build-isolation", "--no-index"]
    subprocess.run([*build, "--wheel-dir", str(root / "dist"), str(sources)], check=True)
    venv = root / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    Path(purelib, "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    (wheel,) = (root / "dist").glob("posecoach-*.whl")
    install = [*pip, "--python", str(python), "install", "--quiet", "--no-deps", "--no-index", str(wheel)]
    subprocess.run(install, check=True)
    return venv


def _posecoach(venv: Path, data: Path, *argv: str) -> str:
    # No display (the demo then runs headless), no models folder of the checkout's and no history of
    # the tests': the user's data folder is `data`.
    unset = ("POSECOACH_MODELS_DIR", "POSECOACH_HISTORY", "DISPLAY", "WAYLAND_DISPLAY")
    env = {k: v for k, v in os.environ.items() if k not in unset}
    result = subprocess.run(
        [str(venv / "bin" / "posecoach"), *argv],
        cwd=data, env={**env, "XDG_DATA_HOME": str(data)}, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_a_plain_wheel_installs_the_model_lists_the_routines_and_analyzes(wheel_venv: Path, tmp_path: Path):
    download_wheel(MEDIAPIPE_WHEEL, platform=WHEEL_PLATFORM)  # into the cache, as `make test` already did
    where = _posecoach(wheel_venv, tmp_path, "models", "install", "--offline")
    model = tmp_path / "posecoach" / "models" / "pose_landmarker_full.task"
    assert f"built {model}" in where and model.is_file()  # the user's data folder, not a checkout's
    listing = _posecoach(wheel_venv, tmp_path, "routines", "list")
    assert str(wheel_venv) in listing.splitlines()[0]  # the routine shipped inside the wheel
    assert len([line for line in listing.splitlines() if line.startswith("  ")]) == 8
    analysis = _posecoach(wheel_venv, tmp_path, "analyze", str(SAMPLE), "--exercise", "wall_lean")
    assert "Upper back stretch (wall lean): 1 of 1 holds counted" in analysis
    # The main job: the coach on the sample shipped inside the wheel (the model is in place by now, so
    # nothing is downloaded).
    demo = _posecoach(wheel_venv, tmp_path, "demo", "--out", str(tmp_path / "demo"))
    assert "1 holds counted" in demo and (tmp_path / "demo" / "demo_session.jsonl").is_file()
    assert f"report: {tmp_path / 'demo' / 'demo_session.html'}" in demo
    # Both runs are in the user's history, which reports and exports them.
    assert (tmp_path / "posecoach" / "history.sqlite3").is_file()
    history = _posecoach(wheel_venv, tmp_path, "history")
    assert history.count("1 of 1") == 2
    _posecoach(wheel_venv, tmp_path, "report", "--out", str(tmp_path / "report.html"))
    assert "<svg" in (tmp_path / "report.html").read_text()
    _posecoach(wheel_venv, tmp_path, "export", "--csv", str(tmp_path / "csv"))
    assert sorted(p.name for p in (tmp_path / "csv").iterdir()) == ["angles.csv", "holds.csv", "sessions.csv"]
    kinds = [line.split(",")[1] for line in (tmp_path / "csv" / "sessions.csv").read_text().splitlines()[1:]]
    assert kinds == ["coach", "analysis"]  # newest first: the demo, then the analysis
