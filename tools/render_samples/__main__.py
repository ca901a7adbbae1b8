"""Render sample clips of a MakeHuman-based body (anny) with exactly known joint angles.

    PYOPENGL_PLATFORM=osmesa python -m tools.render_samples [CLIP ...] [--out DIR]
    PYOPENGL_PLATFORM=osmesa python -m tools.render_samples --population N --seed S [--out DIR] [--jobs J]

(see the package's doc for what the clips are and how they are made).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path

import cv2
from tools.render_samples.clips import CLIPS
from tools.render_samples.ground_truth import frame_truth, sidecar
from tools.render_samples.population import population
from tools.render_samples.scene import HEIGHT, WIDTH, Renderer, camera_pose, in_view, room_background
from tools.render_samples.timeline import Clip, interpolate

ROOT = Path(__file__).resolve().parents[2]
POPULATION_CACHE = Path.home() / ".cache" / "posecoach" / "population"
_FARTHEST_CAMERA_M = 6.0
_SOLES_BELOW_ORIGIN_M = 0.9  # anny standing: its origin above its soles (scene.camera_pose)


def fit_camera(renderer: Renderer, clip: Clip) -> Clip:
    """The clip with its camera height counted from the floor under its key poses (a camera height is
    otherwise from the soles of a standing body: a body lying on the floor lies higher, and a low camera
    would look at the floor from below it), then moved back 0.2 m at a time until every key pose is
    wholly in view."""
    moments = [interpolate(clip.keys, key.t_s) for key in clip.keys]
    posed = [renderer.body(bones, clip.physique, shift) for bones, shift in moments]
    floor_z = min(float(vertices[:, 2].min()) for vertices, _ in posed)
    clip = replace(clip, camera_height_m=round(clip.camera_height_m + floor_z + _SOLES_BELOW_ORIGIN_M, 3))
    bodies = [points for _, points in posed]
    while clip.camera_distance_m < _FARTHEST_CAMERA_M and not all(
        in_view(points, camera_pose(clip)) for points in bodies
    ):
        clip = replace(clip, camera_distance_m=round(clip.camera_distance_m + 0.2, 2))
    return clip


def render_clip(renderer: Renderer, clip: Clip, out_dir: Path) -> Path:
    """Write `out_dir/<clip>.mp4` and its ground-truth sidecar `<clip>.json`; returns the video path."""
    video = out_dir / f"{clip.name}.mp4"
    out_dir.mkdir(parents=True, exist_ok=True)
    if clip.holds_from_truth:  # a drawn camera may cut the body off; a catalogue clip's is as chosen
        clip = fit_camera(renderer, clip)
    writer = cv2.VideoWriter(str(video), cv2.VideoWriter.fourcc(*"mp4v"), clip.fps, (WIDTH, HEIGHT))
    background = room_background(clip.room)
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
        writer.write(renderer.render(vertices, camera, background, wall_y, clip.physique.skin_rgb, clip.room))
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
    parser.add_argument(
        "--out", type=Path, help=f"output folder (default samples/; a population: {POPULATION_CACHE}/seedS)"
    )
    parser.add_argument("--population", type=int, metavar="N", help="render N clips drawn at random instead")
    parser.add_argument("--seed", type=int, default=1, help="the population's seed (default 1)")
    parser.add_argument("--jobs", type=int, default=1, help="clips rendered at once (default 1)")
    args = parser.parse_args(argv)
    drawn = {clip.name: clip for clip in population(args.population, args.seed)} if args.population else {}
    known = drawn or CLIPS
    unknown = [name for name in args.clips if name not in known]
    if unknown:
        parser.error(f"unknown clip {unknown[0]!r}; clips: {', '.join(known)}")
    out = args.out or (POPULATION_CACHE / f"seed{args.seed}" if drawn else Path("samples"))
    # pyrender renders offscreen through OSMesa on machines without a display; set before it loads.
    os.environ.setdefault("PYOPENGL_PLATFORM", "osmesa")
    names = args.clips or list(known)
    if len(names) > 1:
        if drawn:  # a population is a cache: what is rendered already stays
            names = [n for n in names if not (out / f"{n}.json").exists()]
        # pyrender on OSMesa keeps about 8 MB of every frame it renders (3.7 GB for a 29 s clip), so
        # each clip renders in a process of its own, which gives it all back when it ends.
        selection = ["--population", str(args.population), "--seed", str(args.seed)] if drawn else []

        def render_one(numbered: tuple[int, str]) -> bool:
            index, name = numbered
            print(f"[{index}/{len(names)}] {name}", file=sys.stderr)
            command = [sys.executable, "-m", "tools.render_samples", "--out", str(out), *selection, name]
            return subprocess.run(command, cwd=ROOT).returncode == 0

        with ThreadPoolExecutor(max(1, args.jobs)) as pool:
            rendered = list(pool.map(render_one, enumerate(names, 1)))
        failed = [name for name, ok in zip(names, rendered, strict=True) if not ok]
        if failed:
            print(f"{len(failed)} of {len(names)} clips failed: {', '.join(failed)}", file=sys.stderr)
        return 1 if failed else 0
    renderer = Renderer()
    clip = known[names[0]]
    path = render_clip(renderer, clip, out)
    print(f"{path}: {clip.description}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
