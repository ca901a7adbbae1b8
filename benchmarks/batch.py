"""Batch analysis on every core: `posecoach analyze` of 8 sample clips with `--jobs 1` against `--jobs 2`.

The two commands run in turn (A B A B, `--pairs` pairs) so that a noisy machine slows both alike; the
median ratio of their wall times is reported. Goal (issue "Speed at the limit"): `--jobs 2` takes
<= 0.6 of `--jobs 1`'s time on 2 cores. Writes benchmarks/results/batch.json.

    python benchmarks/batch.py [--pairs N]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results" / "batch.json"
CLIPS = [
    ROOT / "samples" / f"{name}.mp4"
    for name in (
        "wall_lean_right", "chest_opener_right", "side_rock_right", "cat_cow_right",
        "forward_fold_right", "child_pose_right", "prone_extension_right", "thoracic_rotation_wrong_side",
    )
]  # fmt: skip
GOAL = 0.6


def _wall_seconds(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=2, help="A B pairs to run (default 2)")
    args = parser.parse_args()
    wall: dict[int, list[float]] = {1: [], 2: []}
    with tempfile.TemporaryDirectory() as folder:
        for pair in range(args.pairs):
            for jobs in wall:
                out = Path(folder) / f"jobs{jobs}"
                command = [sys.executable, "-m", "posecoach", "analyze", *map(str, CLIPS), "--json", str(out)]
                wall[jobs].append(_wall_seconds([*command, "--jobs", str(jobs)]))
            print(f"pair {pair + 1}/{args.pairs}: --jobs 1 {wall[1][-1]:.1f} s, --jobs 2 {wall[2][-1]:.1f} s")
    ratio = statistics.median(two / one for one, two in zip(wall[1], wall[2], strict=True))
    result = {
        "clips": [clip.name for clip in CLIPS],
        "cpus": os.cpu_count(),
        "wall_s": {f"jobs_{jobs}": [round(t, 1) for t in times] for jobs, times in wall.items()},
        "jobs_2_over_jobs_1": round(ratio, 3),
        "goal": GOAL,
    }
    print(f"--jobs 2 takes {ratio:.2f} of --jobs 1's time (goal <= {GOAL})")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=1) + "\n")
    return 0 if ratio <= GOAL else 1


if __name__ == "__main__":
    sys.exit(main())
