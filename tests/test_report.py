"""The session report: one HTML file holding its plots and tables, with no URL; opened in a real
headless Chromium where there is one. On a session the real routine runner logs from landmark fixtures."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import webbrowser
from pathlib import Path

import cv2
import numpy as np
import pytest

from posecoach import DISCLAIMER
from posecoach.cli import main
from posecoach.engine.routine_runner import RoutineRunner
from posecoach.history.records import AngleSample, SessionRecord
from posecoach.reports.hold_frames import HoldFrames
from posecoach.reports.session_log import SessionLog
from posecoach.reports.session_report import ReportInput, render_report

from builders import ROUTINE, coached_wall_lean, wall_lean

PLOT_LINE_BGR = (192, 101, 21)  # the angle's line, #1565c0


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A wall lean begun too upright (30 degrees, "walk your feet further back") for 10 s, then held at 45
    to the end: three holds; written by `posecoach report LOG`."""
    folder = tmp_path_factory.mktemp("report")
    log = coached_wall_lean(folder / "session.jsonl", lambda t_ms: wall_lean(30 if t_ms < 10_000 else 45))
    assert main(["report", str(log), "--out", str(folder / "report.html")]) == 0
    return folder / "report.html"


def test_the_report_is_one_file_with_its_plots_and_tables_and_no_url(report: Path):
    page = report.read_text(encoding="utf-8")
    # Nothing to fetch: no URL, and every src or href is inside the page (a fragment or data).
    assert "http" not in page and not re.search(r"""(?:src|href)\s*=\s*["'](?!#|data:)""", page)
    assert "No picture of the person was kept" in page
    assert page.count("<svg") == 1  # one exercise: one figure of its judged angles
    assert DISCLAIMER in page and "Upper back stretch (wall lean)" in page
    assert "3 holds of 20 s (at least 15)" in page
    # From the end of the get-ready countdown (5 s) until the person leaned further (10 s).
    hint = "Walk your feet further back: your body is at 30°, lean to 45°"
    assert f"{hint}</td><td class=num>5.0 s</td><td class=num>5 s</td>" in page
    assert page.count("<td class=num>20.0 s</td>") == 3  # each hold's time


def test_open_without_a_browser_says_so_on_stderr_and_keeps_stdout_for_the_path(
    report: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
):
    # As webbrowser.open answers where no browser can be started (set per call: the module reads
    # $BROWSER only once per process).
    monkeypatch.setattr(webbrowser, "open", lambda url: False)
    log = report.parent / "session.jsonl"
    assert main(["report", str(log), "--out", str(tmp_path / "again.html"), "--open"]) == 0
    out, err = capsys.readouterr()
    assert out.strip().endswith(str(tmp_path / "again.html")) and "no web browser" not in out
    assert err.strip() == f"posecoach: no web browser found here: open {tmp_path / 'again.html'} in one"


def test_hints_that_differ_only_in_their_numbers_are_one_with_the_time_they_stood():
    session = SessionRecord(
        "s1", "coach", "upper_back", ("wall_lean",), "camera 0", "2026-12-01T09:00", None, None
    )
    hints = ["Turn your chest further (13°, aim for 30°)", "Turn your chest further (22°, aim for 30°)"]
    samples = [AngleSample(500 * i, "wall_lean", None, False, hint, {}) for i, hint in enumerate(hints)]
    page = render_report(ReportInput(session, samples, ROUTINE))
    assert "Turn your chest further (…°, aim for 30°)</td><td class=num>1.0 s</td>" in page


def test_the_report_shows_its_plots_and_tables_in_a_real_browser(report: Path, tmp_path: Path):
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        pytest.skip("no Chromium here (Debian package chromium; `make test` installs it where it can)")
    picture = tmp_path / "report.png"
    browser = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars"]
    subprocess.run(
        [*browser, "--window-size=1000,1600", f"--screenshot={picture}", report.as_uri()],
        capture_output=True, timeout=120, check=True,
    )  # fmt: skip
    image = cv2.imread(str(picture))
    assert image is not None and image.shape[:2] == (1600, 1000)
    line = np.all(np.abs(image.astype(int) - PLOT_LINE_BGR) < 30, axis=2)
    ys, xs = np.nonzero(line)
    # The plot is drawn: its lines run across most of the page's width, over several panels.
    assert line.sum() > 500 and xs.max() - xs.min() > 500 and ys.max() - ys.min() > 300
    dom = subprocess.run(
        [*browser, "--dump-dom", report.as_uri()], capture_output=True, text=True, timeout=120, check=True
    ).stdout
    assert dom.count("<svg") == 1 and dom.count("<table") >= 3 and "What was done" in dom


def test_a_hold_keeps_the_frame_whose_key_angle_came_nearest_its_ideal(tmp_path: Path):
    # Leaning at 40 degrees, but at the ideal 45 from 12 s to 18 s: the pictures of those seconds are
    # bright, the others dark, so the frame kept tells which moment was chosen.
    runner = RoutineRunner(ROUTINE, (ROUTINE.exercise("wall_lean"),))
    with SessionLog(tmp_path / "session.jsonl") as log:
        frames = HoldFrames(log, lambda image, pose: image)
        for t_ms in range(0, 40_000, 100):
            body = 45 if 12_000 <= t_ms < 18_000 else 40
            state = runner.step(wall_lean(body), t_ms)
            log.append(state)
            frames.observe(
                state, np.full((480, 640, 3), 200 if body == 45 else 30, np.uint8), wall_lean(body)
            )
    saved = [json.loads(line) for line in log.path.read_text().splitlines() if '"frame_saved"' in line]
    assert len(saved) == 1 and cv2.imread(saved[0]["path"]).mean() == pytest.approx(200, abs=2)
