"""Faults, injected and real: full disks, places that cannot be written, Ctrl-C, SIGTERM and kill -9
in the middle of a run, videos cut short, bad images, darkness, a camera that stalls, a model file
replaced while it runs. For each: no traceback, one line saying what to do, and nothing lost beyond
the hold in progress (and that one kept, marked, where the process lives to write it).

docs/reliability.md lists every row with its command, its message and what is kept."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import cv2
import numpy as np
import pytest

import posecoach.capture.video_sink
import posecoach.commands
from faults import cut_video, disk_full, interrupted_after
from posecoach.capture.sources import RealTimeSource, VideoFileSource
from posecoach.cli import main
from posecoach.fileio import LineFile
from posecoach.pose.model_store import ModelFile

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
WALL_LEAN = SAMPLES / "wall_lean_right.mp4"  # 15 fps, 436 frames; the hold runs from about 3.5 s
LONG_CLIP = SAMPLES / "thoracic_rotation_both_sides.mp4"  # 1380 frames: time to stop it mid-way
POSECOACH = [sys.executable, "-m", "posecoach"]
DISK_FULL = "the disk is full: free some space or write elsewhere"
READ_ONLY = "the file system is read-only: choose another folder"


def _one_error(capfd: pytest.CaptureFixture[str], code: int, *argv: str) -> str:
    """Run the CLI; it must exit with `code` and say exactly one `posecoach:` line, with no traceback."""
    exit_code = main([str(arg) for arg in argv])
    err = capfd.readouterr().err
    assert exit_code == code, err
    assert "Traceback" not in err, err
    said = [line for line in err.splitlines() if line.startswith("posecoach: ")]
    assert len(said) == 1, err
    return said[0]


def _lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines()]


# ---------------------------------------------------------------- outputs that cannot be written


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["analyze", WALL_LEAN, "--json", "{tmp}"], "the analysis {tmp}: it is a folder"),
        (["analyze", WALL_LEAN, "--json", "{tmp}/a.json/b.json"], "a part of the path is a file"),
        (["analyze", WALL_LEAN, "--annotated", "{tmp}"], "the annotated video {tmp}: it is a folder"),
        (["analyze", WALL_LEAN, "--json", "/proc/posecoach.json"], "that folder does not take new files"),
        (["coach", WALL_LEAN, "--headless", "--log", "{tmp}"], "the session log {tmp}: it is a folder"),
        (["coach", WALL_LEAN, "--headless", "--out", "{tmp}"], "the screen video {tmp}: it is a folder"),
    ],
)  # fmt: skip
def test_an_output_that_cannot_be_written_is_refused_before_any_work(capfd, tmp_path: Path, argv, message):
    (tmp_path / "a.json").write_text("{}")
    if "/proc" in str(argv) and not Path("/proc").is_dir():
        pytest.skip("no /proc here")
    started = time.monotonic()
    line = _one_error(capfd, 2, *(str(arg).format(tmp=tmp_path) for arg in argv))
    assert line.startswith("posecoach: error: cannot write ") and message.format(tmp=tmp_path) in line
    assert time.monotonic() - started < 5  # before the model loads and the first frame is read
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.json"]


class _FillingFile:
    """A text file on a disk that fills after `budget` characters: the write that overflows puts what
    fits, then fails as a full disk does."""

    def __init__(self, file, budget: int) -> None:
        self._file, self._left = file, budget

    def write(self, text: str) -> int:
        if len(text) > self._left:
            self._file.write(text[: self._left])
            self._file.flush()
            self._left = 0
            raise disk_full()
        self._left -= len(text)
        return self._file.write(text)

    def __getattr__(self, name: str):
        return getattr(self._file, name)


@pytest.fixture
def disk_fills_after(monkeypatch: pytest.MonkeyPatch):
    """Every LineFile (the analysis stream, the session log) writes to a disk that fills after `n`."""

    def fill_after(budget: int) -> None:
        opened = LineFile.__init__

        def on_a_small_disk(self, *args, **kwargs) -> None:
            opened(self, *args, **kwargs)
            self._file = _FillingFile(self._file, budget)

        monkeypatch.setattr(LineFile, "__init__", on_a_small_disk)

    return fill_after


@pytest.fixture
def read_only_folder(tmp_path: Path):
    """A real read-only file system (a tmpfs mounted read-only): root may not write there either."""
    folder = tmp_path / "ro"
    folder.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "ro,size=64k", "tmpfs", str(folder)], capture_output=True
    )
    if mounted.returncode:
        pytest.skip("cannot mount a tmpfs here (needs root)")
    yield folder
    subprocess.run(["umount", str(folder)], check=True)


def test_a_read_only_place_is_refused_before_any_work(capfd, read_only_folder: Path):
    out = read_only_folder / "a.json"
    line = _one_error(capfd, 2, "analyze", WALL_LEAN, "--json", out)
    assert line == f"posecoach: error: cannot write the analysis {out}: {READ_ONLY}"


def test_a_disk_filling_up_under_the_analysis_stream_ends_it_in_one_line_and_marks_the_document(
    capfd, model: ModelFile, tmp_path: Path, disk_fills_after
):
    out, stream = tmp_path / "a.json", tmp_path / "a.partial.jsonl"
    disk_fills_after(200_000)  # the stream's disk: about 60 frames of records
    line = _one_error(capfd, 2, "analyze", WALL_LEAN, "--json", out)
    assert line == f"posecoach: error: cannot write the analysis {stream}: {DISK_FULL}"
    # The document still went out (its own disk had room), whole, saying why it stopped.
    document = json.loads(out.read_text())
    assert document["interrupted"] and DISK_FULL in document["interrupted_by"]
    assert [f["index"] for f in document["frames"]] == list(range(document["frame_count"]))
    assert 0 < document["frame_count"] < 436 and not stream.exists()


@pytest.fixture
def small_disk(tmp_path: Path):
    """A real 1.4 MB file system (tmpfs): room for the wall lean's analysis stream (0.95 MB), not more."""
    disk = tmp_path / "disk"
    disk.mkdir()
    if subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=1400k", "tmpfs", str(disk)], capture_output=True
    ).returncode:
        pytest.skip("cannot mount a tmpfs here (needs root); the injected full disks stand in")
    yield disk
    subprocess.run(["umount", str(disk)], check=True)


def test_a_real_full_disk_keeps_the_stream_and_leaves_no_document_at_the_target(
    capfd, model: ModelFile, small_disk: Path
):
    out = small_disk / "a.json"
    line = _one_error(capfd, 2, "analyze", WALL_LEAN, "--json", out)
    assert line == f"posecoach: error: cannot write the analysis {out}: {DISK_FULL}"
    assert not out.exists() and not (small_disk / "a.partial.json").exists()
    records = _lines(small_disk / "a.partial.jsonl")  # every frame analysed, as whole lines
    assert [frame["index"] for frame in records[1:]] == list(range(436))


def test_a_disk_filling_up_under_the_video_leaves_no_file_at_the_target(
    capfd, model: ModelFile, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    out = tmp_path / "seen.mp4"
    free = iter([10**10, 10**10, 0])

    class Usage:
        def __init__(self, folder) -> None:
            self.free = next(free, 0)

    monkeypatch.setattr(posecoach.capture.video_sink.shutil, "disk_usage", Usage)
    line = _one_error(capfd, 2, "analyze", WALL_LEAN, "--annotated", out, "--json", tmp_path / "a.json")
    assert line == f"posecoach: error: cannot write the annotated video {out}: {DISK_FULL}"
    assert not out.exists() and not (tmp_path / "seen.partial.mp4").exists()
    assert DISK_FULL in json.loads((tmp_path / "a.json").read_text())["interrupted_by"]


def test_a_disk_filling_up_under_the_session_log_stops_the_coach_in_one_line(
    capfd, model: ModelFile, tmp_path: Path, disk_fills_after
):
    log = tmp_path / "session.jsonl"
    disk_fills_after(1500)
    line = _one_error(
        capfd, 2, "coach", WALL_LEAN, "--exercise", "wall_lean", "--headless", "--mute", "--log", log
    )
    assert line == f"posecoach: error: cannot write the session log {log}: {DISK_FULL}"
    assert all(record["event"] for record in _lines(log))  # every line that is there parses


# ---------------------------------------------------------------- stopped in the middle


def test_ctrl_c_mid_hold_keeps_the_analysis_and_the_hold_in_progress(
    capfd, model: ModelFile, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    opened = posecoach.commands.open_source
    monkeypatch.setattr(
        posecoach.commands, "open_source", lambda **spec: interrupted_after(150, opened(**spec))
    )
    out = tmp_path / "a.json"
    assert _one_error(capfd, 130, "analyze", WALL_LEAN, "--exercise", "wall_lean", "--json", out) == (
        "posecoach: interrupted"
    )
    document = json.loads(out.read_text())
    assert (document["interrupted"], document["interrupted_by"], document["frame_count"]) == (
        True,
        "Ctrl-C",
        150,
    )
    (hold,) = document["holds"]
    assert hold["ended_by"] == "interrupted" and not hold["counted"] and 5 < hold["duration_s"] < 7
    assert document["events"][-1]["kind"] == "hold_too_short"
    assert not out.with_name("a.partial.jsonl").exists()


def _analyzing(tmp_path: Path) -> tuple[subprocess.Popen, Path]:
    """`posecoach analyze` of the long clip in a process of its own, once 100 frames are on disk."""
    out = tmp_path / "a.json"
    process = subprocess.Popen(
        [*POSECOACH, "analyze", str(LONG_CLIP), "--exercise", "thoracic_rotation", "--json", str(out)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    stream = out.with_name("a.partial.jsonl")
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        if stream.exists() and stream.read_text().count("\n") > 100:
            return process, out
        time.sleep(0.05)
    process.kill()
    raise AssertionError("the analysis did not get 100 frames in")


def test_sigterm_mid_run_writes_the_analysis_marked_and_exits_143(model: ModelFile, tmp_path: Path):
    process, out = _analyzing(tmp_path)
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 143, err
    assert "Traceback" not in err and err.strip().splitlines()[-1] == "posecoach: terminated (SIGTERM)"
    document = json.loads(out.read_text())
    assert document["interrupted_by"] == "SIGTERM" and document["frame_count"] >= 100


def test_kill_9_mid_run_keeps_every_frame_analyzed_so_far_as_whole_lines(model: ModelFile, tmp_path: Path):
    process, out = _analyzing(tmp_path)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    records = _lines(out.with_name("a.partial.jsonl"))
    assert records[0]["video"] == str(LONG_CLIP) and len(records) > 100
    assert [frame["index"] for frame in records[1:]] == list(range(len(records) - 1))
    assert not out.exists()  # no half-written document at the target


def _coaching_into_the_hold(log: Path, *options: str) -> subprocess.Popen:
    """The coach on a paced replay of the wall lean, in a process of its own, once its hold has begun."""
    command = [
        *POSECOACH,
        "coach",
        "--live",
        str(WALL_LEAN),
        "--exercise",
        "wall_lean",
        "--headless",
        "--mute",
    ]
    process = subprocess.Popen(
        [*command, *options, "--log", str(log)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and '"hold_started"' not in (log.read_text() if log.exists() else ""):
        time.sleep(0.1)
    assert process.poll() is None, "the coach ended before its hold began"
    return process


def test_sigterm_mid_hold_ends_the_coach_with_the_hold_logged(model: ModelFile, tmp_path: Path):
    log = tmp_path / "session.jsonl"
    process = _coaching_into_the_hold(log)
    time.sleep(1)
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 143 and b"Traceback" not in err, err
    records = _lines(log)
    assert records[-1]["event"] == "session_ended" and records[-1]["reason"] == "terminated"
    ended = [r for r in records if r.get("ended_by") == "interrupted"]
    assert len(ended) == 1 and ended[0]["event"] == "hold_too_short" and ended[0]["duration_s"] >= 1


# ---------------------------------------------------------------- bad input


def test_a_video_cut_short_is_analysed_as_far_as_it_goes_and_says_so(capfd, model: ModelFile, tmp_path: Path):
    cut = cut_video(WALL_LEAN, tmp_path / "cut.mp4", keep=0.5)
    out = tmp_path / "a.json"
    line = _one_error(capfd, 0, "analyze", cut, "--json", out)
    assert line == "posecoach: read 217 of 436 frames: the file ends early (cut short or damaged?)"
    document = json.loads(out.read_text())
    assert document["frame_count"] == 217 and document["frames_expected"] == 436
    assert document["reading_problems"] == [line.removeprefix("posecoach: ")]


def test_a_video_cut_short_with_its_index_at_the_end_cannot_be_read_and_says_so(capfd, tmp_path: Path):
    cut = tmp_path / "cut.mp4"
    cut.write_bytes(WALL_LEAN.read_bytes()[: WALL_LEAN.stat().st_size // 2])  # OpenCV writes the index last
    line = _one_error(capfd, 2, "analyze", cut)
    assert line == f"posecoach: error: cannot read {cut}: not a video OpenCV can decode (try an .mp4 file)"


def test_a_bad_image_in_a_folder_is_skipped_and_counted(capfd, model: ModelFile, tmp_path: Path):
    folder = tmp_path / "frames"
    folder.mkdir()
    for index, frame in zip(range(12), VideoFileSource(WALL_LEAN), strict=False):
        cv2.imwrite(str(folder / f"frame{index:02d}.png"), frame.image_bgr)
    (folder / "frame05.png").write_bytes(b"not a picture")
    out = tmp_path / "a.json"
    line = _one_error(capfd, 0, "analyze", folder, "--json", out)
    assert line == "posecoach: skipped 1 of 12 images that do not decode: frame05.png"
    document = json.loads(out.read_text())
    assert [f["index"] for f in document["frames"]] == [0, 1, 2, 3, 4, 6, 7, 8, 9, 10, 11]


def test_a_dark_video_is_reported_too_dark_as_the_coach_says(capfd, model: ModelFile, tmp_path: Path):
    dark = tmp_path / "dark.avi"
    writer = cv2.VideoWriter(str(dark), cv2.VideoWriter.fourcc(*"MJPG"), 15, (640, 480))
    for _, frame in zip(range(20), VideoFileSource(WALL_LEAN), strict=False):
        writer.write((frame.image_bgr * 0.12).astype(np.uint8))
    writer.release()
    out = tmp_path / "a.json"
    line = _one_error(capfd, 0, "analyze", dark, "--exercise", "wall_lean", "--json", out)
    assert line == "posecoach: 20 of 20 frames too dark: turn on a light or face a window"
    frames = json.loads(out.read_text())["frames"]
    assert all(f["notice"] == "Too dark: turn on a light or face a window" for f in frames)


def test_json_to_standard_output_is_the_document_alone(capfd, model: ModelFile, small_clip: Path):
    assert main(["analyze", str(small_clip), "--json", "-"]) == 0
    out, err = capfd.readouterr()
    assert json.loads(out)["frame_count"] == 45 and "frames" in err  # the summary went to stderr
    assert not Path("-").exists()


def test_no_people_to_look_for_is_a_usage_error(capfd):
    with pytest.raises(SystemExit) as stop:
        main(["analyze", str(WALL_LEAN), "--max-people", "0"])
    assert stop.value.code == 2
    assert (
        "--max-people: expected a whole number from 1 (the coached person alone) to 10"
        in capfd.readouterr().err
    )


# ---------------------------------------------------------------- the model and the camera


def test_a_model_with_its_networks_swapped_is_one_line_that_does_not_say_reinstall(
    capfd, model: ModelFile, tmp_path: Path
):
    import zipfile

    from posecoach.pose.model_build import DETECTOR_IN_BUNDLE, LANDMARKER_IN_BUNDLE

    swapped = tmp_path / "swapped.task"
    with zipfile.ZipFile(model.path) as source, zipfile.ZipFile(swapped, "w") as bundle:
        bundle.writestr(DETECTOR_IN_BUNDLE, source.read(LANDMARKER_IN_BUNDLE))
        bundle.writestr(LANDMARKER_IN_BUNDLE, source.read(DETECTOR_IN_BUNDLE))
    line = _one_error(capfd, 2, "analyze", WALL_LEAN, "--model", swapped)
    assert f"{swapped} loads but fails on a frame" in line and "leave out --model" in line
    assert "--force" not in line


def test_the_model_file_replaced_during_a_run_does_not_disturb_it(model: ModelFile, tmp_path: Path):
    copy = tmp_path / "model.task"
    copy.write_bytes(model.path.read_bytes())
    log = tmp_path / "session.jsonl"
    process = _coaching_into_the_hold(log, "--model", str(copy))
    copy.write_bytes(b"replaced mid-run")  # the model is in memory: the run goes on
    _, err = process.communicate(timeout=120)
    assert process.returncode == 0, err
    records = _lines(log)
    assert records[-1]["reason"] == "source ended" and any(r["event"] == "hold_completed" for r in records)


class _CameraThatStalls(RealTimeSource):
    """A camera that sends the wall-lean clip's first 60 frames, then nothing (a stuck driver)."""

    name = "camera 0"
    stall_timeout_s = 0.5

    def __init__(self) -> None:
        super().__init__()
        self.fps, self.frame_count = 15.0, None

    def _produce(self, publish) -> None:
        for index, frame in zip(range(60), VideoFileSource(WALL_LEAN), strict=False):
            publish(frame.image_bgr, index, None)
            time.sleep(1 / 15)
        self._stop.wait()


def test_a_camera_that_stalls_mid_session_ends_it_in_one_line_with_the_log_whole(
    capfd, model: ModelFile, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr(posecoach.commands, "open_source", lambda **spec: _CameraThatStalls())
    log = tmp_path / "session.jsonl"
    line = _one_error(capfd, 2, "coach", "--camera", "0", "--headless", "--mute", "--log", log)
    assert line == (
        "posecoach: error: camera 0 sent no frame for 0.5 s: is it unplugged or taken by another program? "
        "What was done is kept"
    )
    last = _lines(log)[-1]
    assert last["event"] == "session_ended" and last["reason"].startswith("stopped: camera 0 sent no frame")
