"""Invariance of the coach on every sample clip: the clip mirrored, at 15, 30 and 60 fps, in a 1280x720
and a portrait 720x1280 frame, and 40% darker must give the same hold and cycle counts, and the same
verdict on at least 97% of frames (tools/invariance.py). Goal (issue 13): every clip, every change.
Writes benchmarks/results/invariance.json.

    python benchmarks/invariance.py [CLIP ...] [--jobs 2]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # tools/ is not installed with posecoach

from tools.invariance import AGREEMENT, TRANSFORMS, agreement, transformed  # noqa: E402

from posecoach.cli import main as posecoach  # noqa: E402

SAMPLES = ROOT / "samples"
RESULTS = ROOT / "benchmarks" / "results" / "invariance.json"


def _analysis(video: Path, exercise: str, out: Path) -> dict:
    if posecoach(["analyze", str(video), "--exercise", exercise, "--json", str(out)]) != 0:
        raise RuntimeError(f"posecoach analyze {video} failed")
    return json.loads(out.read_text())


def check_clip(clip: Path) -> list[dict]:
    """Every change of one sample clip against the clip as it is."""
    exercise = json.loads(clip.with_suffix(".json").read_text())["exercise"]
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        original = _analysis(clip, exercise, work / "original.json")
        for change in TRANSFORMS:
            video = transformed(clip, change, work / f"{change.name}.mp4")
            result = agreement(original, _analysis(video, exercise, work / f"{change.name}.json"))
            lost = sum(found == (True, False) for found in result.found.values())
            rows.append(
                {
                    "clip": clip.stem,
                    "change": change.name,
                    "holds": list(result.holds),
                    "cycles": list(result.cycles),
                    "verdicts_same": round(result.verdicts_same, 4),
                    "frames_lost": lost,
                    "agrees": result.agrees,
                }
            )
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("clips", nargs="*", metavar="CLIP", help="sample clips by name (default: all)")
    parser.add_argument("--jobs", type=int, default=1, help="clips checked at once (default 1)")
    args = parser.parse_args()
    clips = [SAMPLES / f"{name}.mp4" for name in args.clips] or sorted(SAMPLES.glob("*.mp4"))
    missing = [clip.name for clip in clips if not clip.exists()]
    if missing:
        parser.error(f"no sample {missing[0]} in {SAMPLES}")
    rows: list[dict] = []
    with ProcessPoolExecutor(max(1, args.jobs)) as pool:
        for index, clip_rows in enumerate(pool.map(check_clip, clips), 1):
            rows += clip_rows
            for row in clip_rows:
                print(
                    f"[{index}/{len(clips)}] {row['clip']:<36} {row['change']:<18} holds {row['holds']} "
                    f"cycles {row['cycles']} verdicts {100 * row['verdicts_same']:.1f}% lost "
                    f"{row['frames_lost']} {'ok' if row['agrees'] else 'DIFFERS'}"
                )
    agreeing = sum(row["agrees"] for row in rows)
    print(f"{agreeing} of {len(rows)} changed clips agree (goal: all; verdicts >= {100 * AGREEMENT:g}%)")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps({"agreeing": agreeing, "checked": len(rows), "rows": rows}, indent=1))
    print(f"wrote {RESULTS.relative_to(ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
