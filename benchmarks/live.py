"""Speed of the live coach: processed frames per second and the delay from capture to screen.

Replays a 30 fps 640x480 clip in real time (`--live`, frames the loop is too slow for are dropped, as
with a webcam) through the whole coach loop: pose, checker, session, cues, log and overlay, headless.
The clip is the wall-lean sample (15 fps) with every frame shown twice, written to a temporary file.
Goals (issue "Live coach"): >= 28 processed fps sustained, p95 delay <= 60 ms. Writes
benchmarks/results/live.json.

    python benchmarks/live.py [--seconds S]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

import cv2
import numpy as np

from posecoach.capture.sources import LiveReplaySource
from posecoach.coach import run_coach
from posecoach.engine.routine_file import default_routine_path, load_routine
from posecoach.engine.routine_runner import RoutineRunner
from posecoach.pose.estimator import PoseEstimator
from posecoach.pose.model_store import resolve_model
from posecoach.reports.session_log import SessionLog
from posecoach.ui.display import HeadlessDisplay

ROOT = Path(__file__).resolve().parents[1]
CLIP = ROOT / "samples" / "wall_lean_right.mp4"
RESULTS = ROOT / "benchmarks" / "results" / "live.json"
FPS_GOAL, DELAY_P95_GOAL_MS = 28.0, 60.0


def doubled_clip(source: Path, out: Path, seconds: float) -> None:
    """`source` at twice its frame rate (each frame twice), cut to `seconds`."""
    capture = cv2.VideoCapture(str(source))
    fps = capture.get(cv2.CAP_PROP_FPS)
    writer = cv2.VideoWriter(str(out), cv2.VideoWriter.fourcc(*"mp4v"), 2 * fps, (640, 480))
    for _ in range(round(seconds * fps)):
        ok, image = capture.read()
        if not ok:
            break
        writer.write(image)
        writer.write(image)
    writer.release()
    capture.release()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=29.0, help="length of the replay (default 29)")
    args = parser.parse_args()
    routine = load_routine(default_routine_path())
    with tempfile.TemporaryDirectory() as folder:
        clip = Path(folder) / "wall_lean_30fps.mp4"
        doubled_clip(CLIP, clip, args.seconds)
        runner = RoutineRunner(routine, (routine.exercise("wall_lean"),))
        with (
            LiveReplaySource(clip) as source,
            PoseEstimator(resolve_model()) as estimator,
            SessionLog(Path(folder) / "session.jsonl") as log,
        ):
            run = run_coach(source, estimator, runner, HeadlessDisplay(None, 30.0), log)
    delays = np.array(run.delays_ms)
    result = {
        "clip": f"{CLIP.name} at 30 fps, 640x480, {args.seconds:g} s",
        "cpus": os.cpu_count(),
        "frames_processed": run.frames,
        "frames_dropped": run.dropped,
        "processed_fps": round(run.fps, 2),
        "delay_ms": {
            "median": round(float(np.median(delays)), 1),
            "p95": round(float(np.percentile(delays, 95)), 1),
            "max": round(float(delays.max()), 1),
        },
        "goals": {"processed_fps": FPS_GOAL, "delay_p95_ms": DELAY_P95_GOAL_MS},
    }
    print(
        f"processed {run.frames} frames ({run.dropped} dropped) at {run.fps:.1f} fps (goal >= {FPS_GOAL:g}); "
        f"delay capture->screen median {result['delay_ms']['median']} ms, p95 {result['delay_ms']['p95']} ms "
        f"(goal <= {DELAY_P95_GOAL_MS:g}), max {result['delay_ms']['max']} ms"
    )
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=1) + "\n")
    print(f"wrote {RESULTS.relative_to(ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
