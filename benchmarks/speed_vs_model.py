"""posecoach's overhead over the bare model: `posecoach analyze` against a loop that only decodes the
same clip and runs the same Pose Landmarker on it (VIDEO mode, one pose), nothing else.

The two commands run in turn (A B A B, `--pairs` pairs) so that a noisy machine slows both alike; each
pair gives the ratio of their whole-process CPU times (user + system), and the median ratio is
reported as posecoach's throughput against the bare model's. Goal (issue "Speed at the limit"):
>= 0.9. Writes benchmarks/results/speed_vs_model.json.

    python benchmarks/speed_vs_model.py [--clip VIDEO --exercise ID] [--pairs N]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CLIP = ROOT / "samples" / "wall_lean_right.mp4"
RESULTS = ROOT / "benchmarks" / "results" / "speed_vs_model.json"
GOAL = 0.9


def bare_loop(clip: Path, model: Path) -> int:
    """Decode `clip` and run the Pose Landmarker on every frame; returns the frames seen."""
    import cv2
    import mediapipe as mp
    from mediapipe.tasks.python import BaseOptions, vision

    options = vision.PoseLandmarkerOptions(
        base_options=BaseOptions(model_asset_path=str(model)),
        running_mode=vision.RunningMode.VIDEO,
        num_poses=1,
    )
    capture = cv2.VideoCapture(str(clip))
    fps = capture.get(cv2.CAP_PROP_FPS)
    frames = 0
    with vision.PoseLandmarker.create_from_options(options) as landmarker:
        while True:
            ok, image = capture.read()
            if not ok:
                break
            rgb = cv2.cvtColor(image, cv2.COLOR_BGR2RGB)
            landmarker.detect_for_video(
                mp.Image(image_format=mp.ImageFormat.SRGB, data=rgb), round(frames * 1000 / fps)
            )
            frames += 1
    return frames


def _cpu_seconds(command: list[str]) -> float:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def _in_turn(commands: dict[str, list[str]], pairs: int) -> dict[str, list[float]]:
    """Each command's CPU seconds, the commands run in turn `pairs` times."""
    cpu: dict[str, list[float]] = {name: [] for name in commands}
    for pair in range(pairs):
        for name, command in commands.items():
            cpu[name].append(_cpu_seconds(command))
        said = ", ".join(f"{name} {times[-1]:.2f} s CPU" for name, times in cpu.items())
        print(f"pair {pair + 1}/{pairs}: {said}", flush=True)
    return cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--clip", type=Path, default=CLIP, help="video to analyse (default: the wall-lean sample)"
    )
    parser.add_argument("--exercise", default="wall_lean", help="exercise the clip shows (default wall_lean)")
    parser.add_argument("--pairs", type=int, default=5, help="A B pairs to run (default 5)")
    parser.add_argument("--bare", action="store_true", help=argparse.SUPPRESS)  # the bare loop itself
    args = parser.parse_args()
    from posecoach.errors import PosecoachError
    from posecoach.pose.model_store import resolve_model

    try:
        model = resolve_model().path
    except PosecoachError as error:
        print(f"speed_vs_model: error: {error}", file=sys.stderr)
        return 2
    if args.bare:
        bare_loop(args.clip, model)
        return 0
    os.environ.setdefault("GLOG_minloglevel", "2")
    bare = [sys.executable, __file__, "--bare", "--clip", str(args.clip)]
    with tempfile.TemporaryDirectory() as folder:
        coach = [
            sys.executable, "-m", "posecoach", "analyze", str(args.clip),
            "--exercise", args.exercise, "--json", str(Path(folder) / "analysis.json"),
        ]  # fmt: skip
        cpu = _in_turn({"posecoach": coach, "bare": bare}, args.pairs)
    ratios = [bare_s / coach_s for bare_s, coach_s in zip(cpu["bare"], cpu["posecoach"], strict=True)]
    result = {
        "clip": args.clip.name,
        "cpus": os.cpu_count(),
        "pairs": args.pairs,
        "cpu_s": {name: [round(t, 2) for t in times] for name, times in cpu.items()},
        "throughput_vs_bare_model": round(statistics.median(ratios), 3),
        "goal": GOAL,
    }
    print(
        f"posecoach's throughput: {result['throughput_vs_bare_model']:.2f}x the bare model's (goal >= {GOAL})"
    )
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=1) + "\n")
    return 0 if result["throughput_vs_bare_model"] >= GOAL else 1


if __name__ == "__main__":
    sys.exit(main())
