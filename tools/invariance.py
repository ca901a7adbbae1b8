"""The same recording changed the ways a real one differs (the person facing the other way, another frame
rate, a bigger or a portrait frame, a darker room), and whether two analyses of it agree.

The coach must not care: the holds and cycles it counts, and its verdict frame by frame, must be the
same. `tests/test_invariance.py` checks a few clips, `benchmarks/invariance.py` every sample.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

import cv2
import numpy as np

# Verdicts must agree on this share of the original's frames.
AGREEMENT = 0.97


@dataclass(frozen=True)
class Transform:
    """One change to a recording.

    Attributes:
        name: what it is called in test ids and reports, e.g. "60fps".
        mirrored: flipped left-right, as if the person faced the other way.
        fps: the new frame rate (frames repeated or dropped by their timestamps); None keeps it.
        size: the new frame (width, height); the picture is scaled to fit and padded with black.
        farther: the picture, shrunk to this share of the frame's height, stands at the bottom of a
            textured backdrop filling the frame: the person farther from a wider camera.
        brightness: every pixel's value times this.
    """

    name: str
    mirrored: bool = False
    fps: float | None = None
    size: tuple[int, int] | None = None
    farther: float | None = None
    brightness: float = 1.0


TRANSFORMS = (
    Transform("mirrored", mirrored=True),
    Transform("15fps", fps=15),
    Transform("30fps", fps=30),
    Transform("60fps", fps=60),
    Transform("1280x720", size=(1280, 720)),
    Transform("portrait_720x1280", size=(720, 1280)),
    Transform("farther_1280x720", size=(1280, 720), farther=0.55),
    Transform("darker_40pct", brightness=0.6),
)


def _fitted(image: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    """`image` scaled to fit `size` whole and centred on black (letterboxed)."""
    width, height = size
    scale = min(width / image.shape[1], height / image.shape[0])
    scaled = cv2.resize(
        image, (round(image.shape[1] * scale), round(image.shape[0] * scale)), interpolation=cv2.INTER_AREA
    )
    canvas = np.zeros((height, width, 3), np.uint8)
    top, left = (height - scaled.shape[0]) // 2, (width - scaled.shape[1]) // 2
    canvas[top : top + scaled.shape[0], left : left + scaled.shape[1]] = scaled
    return canvas


def _farther(image: np.ndarray, size: tuple[int, int], share: float) -> np.ndarray:
    """`image` shrunk to `share` of the frame's height, at the bottom middle of a grey textured frame."""
    width, height = size
    backdrop = np.random.default_rng(0).normal(150, 20, (height, width, 3)).clip(0, 255).astype(np.uint8)
    scale = share * height / image.shape[0]
    shrunk = cv2.resize(
        image, (round(image.shape[1] * scale), round(image.shape[0] * scale)), interpolation=cv2.INTER_AREA
    )
    top, left = height - shrunk.shape[0] - height // 40, (width - shrunk.shape[1]) // 2
    backdrop[top : top + shrunk.shape[0], left : left + shrunk.shape[1]] = shrunk
    return backdrop


def _changed(image: np.ndarray, transform: Transform) -> np.ndarray:
    if transform.mirrored:
        image = cv2.flip(image, 1)
    if transform.farther is not None and transform.size is not None:
        image = _farther(image, transform.size, transform.farther)
    elif transform.size is not None:
        image = _fitted(image, transform.size)
    if transform.brightness != 1.0:
        image = cv2.convertScaleAbs(image, alpha=transform.brightness)
    return image


def transformed(video: Path, transform: Transform, out: Path) -> Path:
    """Write `video` changed by `transform` to `out` (an .mp4); returns `out`."""
    capture = cv2.VideoCapture(str(video))
    source_fps = capture.get(cv2.CAP_PROP_FPS)
    frames = []
    while True:
        ok, image = capture.read()
        if not ok:
            break
        frames.append(image)
    capture.release()
    if not frames or source_fps <= 0:
        raise ValueError(f"{video}: no frames to read")
    fps = transform.fps or source_fps
    duration_s = len(frames) / source_fps
    first = _changed(frames[0], transform)
    writer = cv2.VideoWriter(str(out), cv2.VideoWriter.fourcc(*"mp4v"), fps, (first.shape[1], first.shape[0]))
    # Each new frame shows the source frame on screen at its time (repeated or dropped as the rate asks).
    for index in range(math.floor(duration_s * fps + 1e-6)):
        source = min(len(frames) - 1, math.floor(index / fps * source_fps + 1e-6))
        writer.write(_changed(frames[source], transform))
    writer.release()
    return out


@dataclass(frozen=True)
class Agreement:
    """How two analyses of one recording compare."""

    holds: tuple[int, int]  # counted holds: original, changed
    cycles: tuple[int, int]
    verdicts_same: float  # share of the original's frames whose verdict the changed one shares
    # Per frame of the original (t_ms): whether a person was found in it, and in the changed one.
    found: dict[int, tuple[bool, bool]] = field(repr=False)

    @property
    def agrees(self) -> bool:
        return (
            self.holds[0] == self.holds[1]
            and self.cycles[0] == self.cycles[1]
            and (self.verdicts_same >= AGREEMENT)
        )


def agreement(original: dict, changed: dict) -> Agreement:
    """Compare two analysis documents (`posecoach analyze --json`), frame by frame at the nearest time."""
    times = np.array([frame["t_ms"] for frame in changed["frames"]])
    same, found = 0, {}
    for frame in original["frames"]:
        nearest = changed["frames"][int(np.abs(times - frame["t_ms"]).argmin())]
        same += nearest["in_position"] == frame["in_position"]
        found[frame["t_ms"]] = (frame["pose"] is not None, nearest["pose"] is not None)
    counted = [sum(hold["counted"] for hold in document["holds"]) for document in (original, changed)]
    return Agreement(
        (counted[0], counted[1]),
        (original["cycles"], changed["cycles"]),
        same / len(original["frames"]),
        found,
    )
