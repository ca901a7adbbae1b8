"""A long live session: memory, dropped frames and delays over `--minutes` of live replay (default 10).

The wall-lean sample is replayed live, end to end as many times as the minutes take, through the whole
coach loop headless (pose, checker, session, cues, log, overlay), coaching the whole routine (so it
never finishes early: the person in the clip never does the cat-cow). The process's resident memory is
read every 5 s. Goal (issue "Speed at the limit"): RSS grows by under 5 MB after the first minute.
Writes benchmarks/results/soak.json.

    python benchmarks/soak.py [--minutes M]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

import cv2

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
RESULTS = ROOT / "benchmarks" / "results" / "soak.json"
GROWTH_GOAL_MB = 5.0
SAMPLE_EVERY_S = 5.0


def looped_clip(source: Path, out: Path, minutes: float) -> None:
    """`source` end to end until `minutes` long (read again each time: holding its frames would show
    in this process's memory)."""
    capture = cv2.VideoCapture(str(source))
    fps = capture.get(cv2.CAP_PROP_FPS)
    size = (int(capture.get(cv2.CAP_PROP_FRAME_WIDTH)), int(capture.get(cv2.CAP_PROP_FRAME_HEIGHT)))
    writer = cv2.VideoWriter(str(out), cv2.VideoWriter.fourcc(*"mp4v"), fps, size)
    for _ in range(round(minutes * 60 * fps)):
        ok, image = capture.read()
        if not ok:
            capture.release()
            capture = cv2.VideoCapture(str(source))
            ok, image = capture.read()
        writer.write(image)
    writer.release()
    capture.release()


def _rss_mb() -> float:
    with open("/proc/self/status") as status:
        line = next(line for line in status if line.startswith("VmRSS:"))
    return int(line.split()[1]) / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=10.0, help="length of the session (default 10)")
    args = parser.parse_args()
    routine = load_routine(default_routine_path())
    samples: list[tuple[float, float]] = []
    done = threading.Event()

    def sample(start: float) -> None:
        while not done.wait(SAMPLE_EVERY_S):
            samples.append((time.monotonic() - start, _rss_mb()))

    with tempfile.TemporaryDirectory() as folder:
        clip = Path(folder) / "looped.mp4"
        looped_clip(CLIP, clip, args.minutes)
        with (
            LiveReplaySource(clip) as source,
            PoseEstimator(resolve_model()) as estimator,
            SessionLog(Path(folder) / "session.jsonl") as log,
        ):
            sampler = threading.Thread(target=sample, args=(time.monotonic(),), daemon=True)
            sampler.start()
            run = run_coach(source, estimator, RoutineRunner(routine), HeadlessDisplay(None, 30.0), log)
            done.set()
    after_first_minute = [rss for t, rss in samples if t >= 60] or [samples[-1][1]]
    result = {
        "clip": f"{CLIP.name} looped to {args.minutes:g} min, live",
        "cpus": os.cpu_count(),
        **run.summary(),
        "rss_mb": {
            "at_1_min": round(after_first_minute[0], 1),
            "middle": round(samples[len(samples) // 2][1], 1),
            "end": round(samples[-1][1], 1),
            "max": round(max(rss for _, rss in samples), 1),
        },
        "growth_after_first_minute_mb": round(after_first_minute[-1] - after_first_minute[0], 1),
        "goal_growth_mb": GROWTH_GOAL_MB,
    }
    print(json.dumps(result, indent=1))
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=1) + "\n")
    return 0 if result["growth_after_first_minute_mb"] < GROWTH_GOAL_MB else 1


if __name__ == "__main__":
    sys.exit(main())
