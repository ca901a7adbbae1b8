"""Speed of the live coach: processed frames per second and the delay from capture to screen.

Replays a 30 fps clip in real time (`--live`, frames the loop is too slow for are dropped, as with a
webcam) through the whole coach loop: pose, checker, session, cues, log and overlay, headless. The
clip is the wall-lean sample (15 fps, 640x480) with every frame shown twice, written to a temporary
file; `--size 1280x720` scales it to the frame's height and pads the sides black, as a 4:3 scene
filmed by a 720p webcam (the decoding and the picture's bars are a 720p camera's). `--beside-load`
runs a CPU-bound process beside it all the time. Goals (issue "Live coach"): >= 28 processed fps
sustained, p95 delay <= 60 ms. Writes benchmarks/results/live_SIZE[_loaded].json.

    python benchmarks/live.py [--seconds S] [--size WxH] [--beside-load]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import cv2

from posecoach.capture.sources import LiveReplaySource
from posecoach.coach import CoachRun, run_coach
from posecoach.engine.routine import Routine
from posecoach.engine.routine_file import default_routine_path, load_routine
from posecoach.engine.routine_runner import RoutineRunner
from posecoach.pose.estimator import PoseEstimator
from posecoach.pose.model_store import resolve_model
from posecoach.reports.session_log import SessionLog
from posecoach.ui.display import HeadlessDisplay

ROOT = Path(__file__).resolve().parents[1]
CLIP = ROOT / "samples" / "wall_lean_right.mp4"
RESULTS_DIR = ROOT / "benchmarks" / "results"
FPS_GOAL, DELAY_P95_GOAL_MS = 28.0, 60.0


def doubled_clip(source: Path, out: Path, seconds: float, size: tuple[int, int]) -> None:
    """`source` at twice its frame rate (each frame twice), cut to `seconds`, scaled to `size`'s height
    and padded black to its width."""
    capture = cv2.VideoCapture(str(source))
    fps = capture.get(cv2.CAP_PROP_FPS)
    writer = cv2.VideoWriter(str(out), cv2.VideoWriter.fourcc(*"mp4v"), 2 * fps, size)
    for _ in range(round(seconds * fps)):
        ok, image = capture.read()
        if not ok:
            break
        height, width = image.shape[:2]
        scaled = cv2.resize(image, (round(width * size[1] / height), size[1]))
        left = (size[0] - scaled.shape[1]) // 2
        framed = cv2.copyMakeBorder(scaled, 0, 0, left, size[0] - scaled.shape[1] - left, cv2.BORDER_CONSTANT)
        writer.write(framed)
        writer.write(framed)
    writer.release()
    capture.release()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=29.0, help="length of the replay (default 29)")
    parser.add_argument("--size", type=_size, default=(640, 480), help="frame size WxH (default 640x480)")
    parser.add_argument("--beside-load", action="store_true", help="run a CPU-bound process beside it")
    args = parser.parse_args()
    routine = load_routine(default_routine_path())
    size = f"{args.size[0]}x{args.size[1]}"
    results = RESULTS_DIR / f"live_{size}{'_loaded' if args.beside_load else ''}.json"
    load = subprocess.Popen([sys.executable, "-c", "while True: pass"]) if args.beside_load else None
    try:
        run = _replay(routine, args.seconds, args.size)
    finally:
        if load is not None:
            load.kill()
            load.wait()
    result = {
        "clip": f"{CLIP.name} at 30 fps, {size}, {args.seconds:g} s",
        "cpu_bound_process_beside": args.beside_load,
        "cpus": os.cpu_count(),
        **run.summary(),
        "goals": {"processed_fps": FPS_GOAL, "delay_p95_ms": DELAY_P95_GOAL_MS},
    }
    print(
        f"processed {run.frames} frames ({run.dropped} dropped) at {run.fps:.1f} fps (goal >= {FPS_GOAL:g}); "
        f"delay capture->screen median {result['delay_ms']['median']} ms, p95 {result['delay_ms']['p95']} ms "
        f"(goal <= {DELAY_P95_GOAL_MS:g}), max {result['delay_ms']['max']} ms"
    )
    results.parent.mkdir(parents=True, exist_ok=True)
    results.write_text(json.dumps(result, indent=1) + "\n")
    print(f"wrote {results.relative_to(ROOT)}", file=sys.stderr)
    return 0


def _replay(routine: Routine, seconds: float, size: tuple[int, int]) -> CoachRun:
    with tempfile.TemporaryDirectory() as folder:
        clip = Path(folder) / "wall_lean_30fps.mp4"
        doubled_clip(CLIP, clip, seconds, size)
        runner = RoutineRunner(routine, (routine.exercise("wall_lean"),))
        with (
            LiveReplaySource(clip) as source,
            PoseEstimator(resolve_model()) as estimator,
            SessionLog(Path(folder) / "session.jsonl") as log,
        ):
            return run_coach(source, estimator, runner, HeadlessDisplay(None, 30.0), log)


def _size(text: str) -> tuple[int, int]:
    width, _, height = text.partition("x")
    if not (width.isdigit() and height.isdigit()):
        raise argparse.ArgumentTypeError(f"{text!r} is not WIDTHxHEIGHT, e.g. 1280x720")
    return int(width), int(height)


if __name__ == "__main__":
    sys.exit(main())
