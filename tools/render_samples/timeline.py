"""A clip's timeline: key poses (bone rotations) on a body, linearly interpolated, seen from one camera."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

import numpy as np

DEFAULT_FPS = 15


@dataclass(frozen=True)
class KeyPose:
    """The body at time `t_s`: bone name -> rotation vector in degrees (world-aligned axes), and where
    it stands: `shift_m` moves the whole body (metres, anny's axes: +Y is behind it)."""

    t_s: float
    bones: dict[str, tuple[float, float, float]] = field(default_factory=dict)
    shift_m: tuple[float, float, float] = (0.0, 0.0, 0.0)


@dataclass(frozen=True)
class Physique:
    """A body: anny's phenotype parameters (0 to 1, 0.5 by default; gender 1 is female) and skin colour."""

    key: str  # names the clips on this body
    description: str
    phenotype: dict[str, float] = field(default_factory=dict)
    skin_rgb: tuple[float, float, float] = (0.80, 0.62, 0.52)


AVERAGE = Physique("average", "anny's average body (1.63 m)")
OLDER_WOMAN = Physique(
    "older_woman",
    "an older, heavier woman (1.44 m)",
    {"gender": 1.0, "age": 0.9, "weight": 0.95, "muscle": 0.3, "height": 0.2},
    (0.55, 0.40, 0.30),
)
SLIM_MAN = Physique(
    "slim_man",
    "a slim, muscular man (1.74 m)",
    {"gender": 0.0, "age": 0.75, "weight": 0.15, "muscle": 0.7, "height": 0.35},
    (0.92, 0.76, 0.66),
)


@dataclass(frozen=True)
class Room:
    """Where the body is filmed: the floor's colour (RGB, 0-1), the wall's (BGR, 0-255, before its shading)
    and the seed of the wall's noise."""

    floor_rgb: tuple[float, float, float] = (0.55, 0.42, 0.30)
    wall_bgr: tuple[int, int, int] = (200, 206, 212)
    seed: int = 7


DEFAULT_ROOM = Room()


@dataclass(frozen=True)
class Clip:
    """One sample clip: a timeline of key poses seen from one camera."""

    name: str
    description: str
    keys: tuple[KeyPose, ...]
    angles: tuple[str, ...]  # the ground-truth angles to record, by posecoach name
    camera_azimuth_deg: float = 0.0  # 0: in front of the body; 90: at its left side
    camera_height_m: float = 1.0
    camera_distance_m: float = 3.2
    fps: int = DEFAULT_FPS
    exercise: str | None = None  # the routine exercise whose checker measures the clip
    wall_at_s: float | None = None  # put a wall where the hands are at this time
    expected_holds: int | None = None  # counted holds the coach must credit; None: verdicts not judged
    expected_cycles: int = 0  # cycles of a rhythmic move the coach must count
    holds_from_truth: bool = False  # expected_holds is counted on the rendered frames' exact angles
    physique: Physique = AVERAGE
    room: Room = DEFAULT_ROOM
    # For sided exercises: (from t_s, side the coach asks for), in time order; the session starts left.
    working_sides: tuple[tuple[float, str], ...] = ((0.0, "left"),)

    @property
    def duration_s(self) -> float:
        return self.keys[-1].t_s

    @property
    def frame_count(self) -> int:
        return round(self.duration_s * self.fps) + 1


def holding(keys: tuple[KeyPose, ...], t_s: float) -> bool:
    """Whether `t_s` falls in the exercise's held pose: between two equal key poses other than the start."""
    return any(
        a.t_s <= t_s <= b.t_s and a.shift_m == b.shift_m and a.bones == b.bones != keys[0].bones
        for a, b in itertools.pairwise(keys)
    )


def interpolate(keys: tuple[KeyPose, ...], t_s: float) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """Bone rotations (radians) and body shift at `t_s`, linearly between the key poses around it."""
    after = next((i for i, key in enumerate(keys) if key.t_s >= t_s), len(keys) - 1)
    before = max(after - 1, 0)
    a, b = keys[before], keys[after]
    w = 0.0 if b.t_s == a.t_s else (t_s - a.t_s) / (b.t_s - a.t_s)
    names = set(a.bones) | set(b.bones)
    bones = {
        n: np.radians((1 - w) * np.array(a.bones.get(n, (0, 0, 0))) + w * np.array(b.bones.get(n, (0, 0, 0))))
        for n in names
    }
    return bones, (1 - w) * np.array(a.shift_m) + w * np.array(b.shift_m)
