"""Render sample clips of a MakeHuman-based body (anny) with exactly known joint angles.

    PYOPENGL_PLATFORM=osmesa python -m tools.render_samples [CLIP ...] [--out DIR]

(see the package's doc for what the clips are and how they are made).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

import cv2
from tools.render_samples.clips import CLIPS
from tools.render_samples.ground_truth import frame_truth, sidecar
from tools.render_samples.scene import HEIGHT, WIDTH, Renderer, camera_pose, room_background
from tools.render_samples.timeline import Clip, interpolate

ROOT = Path(__file__).resolve().parents[2]


def render_clip(renderer: Renderer, clip: Clip, out_dir: Path) -> Path:
    """Write `out_dir/<clip>.mp4` and its ground-truth sidecar `<clip>.json`; returns the video path."""
    video = out_dir / f"{clip.name}.mp4"
    out_dir.mkdir(parents=True, exist_ok=True)
    writer = cv2.VideoWriter(str(video), cv2.VideoWriter.fourcc(*"mp4v"), clip.fps, (WIDTH, HEIGHT))
    background = room_background()
    camera = camera_pose(clip)
    wall_y = None
    if clip.wall_at_s is not None:
        _, points = renderer.body(interpolate(clip.keys, clip.wall_at_s)[0], clip.physique)
        # The wall stands just beyond the palms (anny faces -Y, so "beyond" is more negative).
        wall_y = min(points["left_wrist"][1], points["right_wrist"][1]) - 0.06
    frames = []
    for index in range(clip.frame_count):
        t_ms = round(index * 1000 / clip.fps)
        bones, shift = interpolate(clip.keys, t_ms / 1000)
        vertices, points = renderer.body(bones, clip.physique, shift)
        writer.write(renderer.render(vertices, camera, background, wall_y, clip.physique.skin_rgb))
        frames.append(frame_truth(clip, index, t_ms, points, camera))
    writer.release()
    video.with_suffix(".json").write_text(json.dumps(sidecar(clip, frames), separators=(",", ":")))
    return video


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tools.render_samples", description=__doc__.splitlines()[0]
    )
    parser.add_argument(
        "clips", nargs="*", metavar="CLIP", help=f"clips to render (default all: {', '.join(CLIPS)})"
    )
    parser.add_argument("--out", type=Path, default=Path("samples"), help="output folder (default samples/)")
    args = parser.parse_args(argv)
    unknown = [name for name in args.clips if name not in CLIPS]
    if unknown:
        parser.error(f"unknown clip {unknown[0]!r}; clips: {', '.join(CLIPS)}")
    # pyrender renders offscreen through OSMesa on machines without a display; set before it loads.
    os.environ.setdefault("PYOPENGL_PLATFORM", "osmesa")
    names = args.clips or list(CLIPS)
    if len(names) > 1:
        # pyrender on OSMesa keeps about 8 MB of every frame it renders (3.7 GB for a 29 s clip), so
        # each clip renders in a process of its own, which gives it all back when it ends.
        for index, name in enumerate(names, 1):
            print(f"[{index}/{len(names)}] {name}", file=sys.stderr)
            subprocess.run(
                [sys.executable, "-m", "tools.render_samples", "--out", str(args.out), name],
                cwd=ROOT,
                check=True,
            )
        return 0
    renderer = Renderer()
    path = render_clip(renderer, CLIPS[names[0]], args.out)
    print(f"{path}: {CLIPS[names[0]].description}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
