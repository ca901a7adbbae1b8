"""Start-up time of the command line: `posecoach --help` and `posecoach routines list`.

Neither loads OpenCV nor MediaPipe (tests/test_install.py checks that), so both should answer at
once. Each command runs `--runs` times, the two in turn (A B A B) so that a noisy machine slows both
alike; the median wall time of each is reported. Goal (issue "Reproducible install"): under 0.3 s.
Writes benchmarks/results/startup.json.

    python benchmarks/startup.py [--runs N]
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results" / "startup.json"
GOAL_S = 0.3
COMMANDS = {"posecoach --help": ["--help"], "posecoach routines list": ["routines", "list"]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="runs of each command (default 15)")
    args = parser.parse_args()
    executable = shutil.which("posecoach") or str(Path(sys.executable).with_name("posecoach"))
    times: dict[str, list[float]] = {name: [] for name in COMMANDS}
    for _ in range(args.runs):
        for name, argv in COMMANDS.items():
            start = time.perf_counter()
            subprocess.run([executable, *argv], check=True, stdout=subprocess.DEVNULL)
            times[name].append(time.perf_counter() - start)
    result = {
        "goal_s": GOAL_S,
        "runs": args.runs,
        "median_s": {name: round(statistics.median(t), 3) for name, t in times.items()},
        "max_s": {name: round(max(t), 3) for name, t in times.items()},
    }
    for name in COMMANDS:
        median = result["median_s"][name]
        print(f"{name}: median {median:.3f} s, max {result['max_s'][name]:.3f} s (goal < {GOAL_S} s)")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=1) + "\n")
    return 0 if all(m < GOAL_S for m in result["median_s"].values()) else 1


if __name__ == "__main__":
    sys.exit(main())
