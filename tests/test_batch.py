"""Many recordings at once (`posecoach analyze A B C --jobs 2`): which recordings the paths name, where
their outputs go, and, with the real model in worker processes, the same JSON as one recording alone."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from posecoach.batch import output_paths
from posecoach.capture.inputs import recordings
from posecoach.cli import main
from posecoach.errors import OutputError, SourceError
from posecoach.history.store import History

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


def _lines(path: Path) -> int:
    try:
        return path.read_bytes().count(b"\n")
    except FileNotFoundError:  # renamed into place meanwhile
        return 0


def _touch(folder: Path, *names: str) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / name for name in names]
    for path in paths:
        path.write_bytes(b"")
    return paths


def test_a_folder_of_videos_is_each_video_a_folder_of_images_is_one_recording(tmp_path: Path):
    b, a = _touch(tmp_path / "videos", "b.mp4", "a.MOV")
    _touch(tmp_path / "videos", "notes.txt")
    frames = tmp_path / "frames"
    _touch(frames, "0001.png", "0002.png")
    single = tmp_path / "single.avi"
    assert recordings([tmp_path / "videos", frames, single]) == [a, b, frames, single]


def test_a_folder_of_videos_and_images_together_is_refused_with_what_to_do(tmp_path: Path):
    _touch(tmp_path, "a.mp4", "frame.jpg")
    with pytest.raises(SourceError, match="holds both videos and images: give the videos as files"):
        recordings([tmp_path])


def test_outputs_are_named_after_their_recordings_in_the_folder_given(tmp_path: Path):
    videos = _touch(tmp_path / "in", "wall.mp4", "rock.avi")
    out = tmp_path / "out" / "json"
    assert output_paths(videos, out, ".json", "analysis") == [out / "wall.json", out / "rock.json"]
    assert out.is_dir()
    assert output_paths(videos, None, ".json", "analysis") == [None, None]


@pytest.mark.parametrize(
    ("folder", "message"),
    [
        ("-", "give a folder for them, not -"),
        ("a_file", "is a file: with several recordings, give a folder"),
    ],
)
def test_outputs_that_cannot_hold_several_recordings_are_refused(tmp_path: Path, folder: str, message: str):
    videos = _touch(tmp_path / "in", "wall.mp4", "rock.avi")
    (tmp_path / "a_file").write_text("")
    with pytest.raises(OutputError, match=message):
        output_paths(videos, Path(folder) if folder == "-" else tmp_path / folder, ".json", "analysis")


def test_two_recordings_of_the_same_name_are_refused_before_any_work(tmp_path: Path):
    first, second = _touch(tmp_path / "monday", "wall.mp4")[0], _touch(tmp_path / "tuesday", "wall.mp4")[0]
    with pytest.raises(OutputError, match=r"would both write .*wall\.json: analyse them in separate runs"):
        output_paths([first, second], tmp_path / "out", ".json", "analysis")


def test_each_recording_gets_the_json_one_run_alone_would_write(
    model, tmp_path: Path, small_clip: Path, capsys
):
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("first", "second"):
        shutil.copy(small_clip, folder / f"{name}.avi")
    (folder / "broken.mp4").write_text("not a video")
    history = ["--history", str(tmp_path / "history.sqlite3")]
    judged = ["--exercise", "wall_lean", "--json", str(tmp_path / "out"), "--jobs", "2"]
    code = main(["analyze", str(folder), *judged, *history])
    table = capsys.readouterr().out
    # Each recording analysed is in the history once, recorded by the parent process.
    with History(tmp_path / "history.sqlite3") as stored:
        sources = sorted(Path(session.source).name for session in stored.sessions())
    assert sources == ["first.avi", "second.avi"]
    # The broken file fails alone, in one line of the table; the others are analysed.
    assert code == 2
    assert f"{folder / 'broken.mp4'}  error: cannot read" in table
    assert "3 recordings in" in table and "2 analysed, 1 failed" in table
    for name in ("first", "second"):
        alone = tmp_path / f"{name}_alone.json"
        assert (
            main(["analyze", str(folder / f"{name}.avi"), "--exercise", "wall_lean", "--json", str(alone)])
            == 0
        )
        assert (tmp_path / "out" / f"{name}.json").read_bytes() == alone.read_bytes()
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["first.json", "second.json"]


def test_ctrl_c_keeps_what_each_worker_analysed_and_skips_the_rest(model, tmp_path: Path):
    folder = tmp_path / "in"
    folder.mkdir()
    for clip in ("wall_lean_right", "chest_opener_right", "side_rock_right", "cat_cow_right"):
        shutil.copy(SAMPLES / f"{clip}.mp4", folder)
    out = tmp_path / "out"
    command = [sys.executable, "-m", "posecoach", "analyze", str(folder), "--json", str(out), "--jobs", "2"]
    process = subprocess.Popen(command, start_new_session=True, stdout=subprocess.PIPE, text=True)
    try:
        # Ctrl-C once both workers are some frames in (each writes its partial file as it goes).
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and sum(_lines(p) > 10 for p in out.glob("*.partial.jsonl")) < 2:
            time.sleep(0.1)
        os.killpg(process.pid, signal.SIGINT)
        table, _ = process.communicate(timeout=60)
    finally:
        process.kill()
    assert process.returncode == 130
    written = sorted(out.glob("*.json"))
    assert len(written) == 2 and not list(out.glob("*.partial.jsonl"))
    for path in written:
        document = json.loads(path.read_text())
        assert document["interrupted"] and document["interrupted_by"] == "Ctrl-C" and document["frames"]
    rows = [line for line in table.splitlines() if line.startswith(str(folder))]
    assert sum(line.endswith("  not analysed (stopped early)") for line in rows) == 2
    assert sum(line.endswith(".json (stopped early)") for line in rows) == 2
