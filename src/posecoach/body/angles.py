"""The angle vocabulary of routine files: named body angles measured on a `Pose`, in degrees.

Each angle can be measured in the image plane (pixels; the right choice for a move filmed side-on,
where it was within 0.5-3 deg of ground truth on rendered clips) or from MediaPipe's world landmarks
(metres; off by 5-20 deg for knees and elbows on the same clips, so used only where depth is the
point). Every measure returns None when a landmark it needs is less visible than `min_visibility`.

Names, with `_left` / `_right` where the body has two:
    knee, hip, elbow            interior angles (180 = straight)
    shoulder_flexion            trunk line (pointing down) to the arm: 0 hanging, 90 forward,
                                180 overhead, negative behind the trunk (see `arm_direction`)
    trunk_incline               hip-mid -> shoulder-mid against vertical (0 upright, 90 horizontal)
    body_incline                ankle-mid -> shoulder-mid against vertical
    chest_lift                  hip-mid -> shoulder-mid above horizontal (prone moves)
    trunk_rotation              shoulder axis against hip axis about the trunk, positive turning to
                                the person's left
    shoulder_tilt               shoulder line against horizontal, positive with the right shoulder lower
    neck_flexion                shoulder-mid -> ear-mid against the trunk line, positive toward the front
    wrist_gap                   wrist distance / shoulder width (a ratio, not degrees)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

import numpy as np

from posecoach.body.geometry import (
    angle_between,
    elevation,
    interior_angle,
    perpendicular_part,
    signed_angle_toward,
)
from posecoach.pose.landmarks import DEFAULT_MIN_VISIBILITY, Landmark
from posecoach.pose.pose import Pose

Plane = Literal["image", "world"]
PLANES: tuple[Plane, ...] = ("image", "world")
SIDES = ("left", "right")
_THIGHS_FOLDED_BELOW_DEG = 130
# The arm's line runs to the wrist when the elbow is at least this straight, to the elbow when it is
# bent to _ARM_BENT_DEG or more, and blends in between.
_ARM_STRAIGHT_DEG, _ARM_BENT_DEG = 170.0, 140.0


@dataclass(frozen=True)
class Body:
    """One pose's landmarks in one plane, with visibility applied: `point` is None for unseen ones."""

    pose: Pose
    plane: Plane
    min_visibility: float = DEFAULT_MIN_VISIBILITY

    @property
    def up(self) -> np.ndarray:
        # Image y and MediaPipe world y both point down (the camera is assumed level).
        return np.array([0.0, -1.0]) if self.plane == "image" else np.array([0.0, -1.0, 0.0])

    def point(self, landmark: Landmark) -> np.ndarray | None:
        if self.pose.visibility[landmark] < self.min_visibility:
            return None
        return self.pose.xy[landmark] if self.plane == "image" else self.pose.world[landmark]

    def side(self, side: str, name: str) -> np.ndarray | None:
        return self.point(Landmark[f"{side.upper()}_{name}"])

    def mid(self, name: str) -> np.ndarray | None:
        """Midpoint of a left/right pair; the one seen if only one is (side-on, they nearly coincide)."""
        seen = [p for p in (self.side("left", name), self.side("right", name)) if p is not None]
        return np.mean(seen, axis=0) if seen else None

    def front(self) -> np.ndarray | None:
        """Direction the body's front faces, perpendicular to the trunk.

        The face and the thighs both lie in front of the trunk line: the face when upright or lying,
        the thighs when seated, kneeling or on all fours (where a lifted head alone would mislead).
        """
        shoulders, hips = self.mid("SHOULDER"), self.mid("HIP")
        if shoulders is None or hips is None:
            return None
        trunk = shoulders - hips
        parts = []
        nose, knees = self.point(Landmark.NOSE), self.mid("KNEE")
        if nose is not None:
            parts.append(perpendicular_part(nose - shoulders, trunk))
        # Only thighs folded in front of the trunk say where the front is; legs that carry on the trunk
        # line (standing, lying with the chest lifted) bend either way and would mislead.
        if knees is not None and interior_angle(shoulders, hips, knees) < _THIGHS_FOLDED_BELOW_DEG:
            parts.append(perpendicular_part(knees - hips, trunk))
        if not parts:
            return None
        front = np.sum(parts, axis=0)
        return front if np.linalg.norm(front) > 0 else None


def _all(*points: np.ndarray | None) -> bool:
    return all(p is not None for p in points)


def _joint(first: str, vertex: str, last: str) -> Callable[[Body, str], float | None]:
    def measure(body: Body, side: str) -> float | None:
        a, b, c = body.side(side, first), body.side(side, vertex), body.side(side, last)
        return interior_angle(a, b, c) if _all(a, b, c) else None

    return measure


def arm_direction(shoulder: np.ndarray, elbow: np.ndarray, wrist: np.ndarray | None) -> np.ndarray:
    """Unit direction of the arm from the shoulder, for shoulder flexion.

    A straight arm's line runs from the shoulder to the wrist: twice the upper arm's length, so a
    landmark a few pixels off tilts it half as much. (Side-on on rendered clips, MediaPipe puts the
    elbow 4-7 px off the joint, which is 10 deg on a 40 px upper arm; shoulder and wrist sit within 2.)
    As the elbow bends, the line turns smoothly to the upper arm alone, which is also what is left
    when the wrist is not seen.
    """
    upper = elbow - shoulder
    upper = upper / (np.linalg.norm(upper) or 1.0)
    if wrist is None or np.linalg.norm(wrist - shoulder) == 0:
        return upper
    straightness = (interior_angle(shoulder, elbow, wrist) - _ARM_BENT_DEG) / (
        _ARM_STRAIGHT_DEG - _ARM_BENT_DEG
    )
    weight = float(np.clip(straightness, 0.0, 1.0))
    whole = (wrist - shoulder) / np.linalg.norm(wrist - shoulder)
    return weight * whole + (1 - weight) * upper


def shoulder_flexion(body: Body, side: str) -> float | None:
    shoulder, elbow = body.side(side, "SHOULDER"), body.side(side, "ELBOW")
    shoulders, hips, front = body.mid("SHOULDER"), body.mid("HIP"), body.front()
    if not _all(shoulder, elbow, shoulders, hips, front):
        return None
    arm = arm_direction(shoulder, elbow, body.side(side, "WRIST"))
    # The trunk line runs between the shoulder and hip midpoints: from one shoulder to the hips' middle
    # it would lean inwards and add a sideways part to a purely forward arm.
    return signed_angle_toward(hips - shoulders, arm, front)


def _incline(lower: str, upper: str) -> Callable[[Body], float | None]:
    def measure(body: Body) -> float | None:
        bottom, top = body.mid(lower), body.mid(upper)
        return angle_between(top - bottom, body.up) if _all(bottom, top) else None

    return measure


def chest_lift(body: Body) -> float | None:
    hips, shoulders = body.mid("HIP"), body.mid("SHOULDER")
    return elevation(shoulders - hips, body.up) if _all(hips, shoulders) else None


def trunk_rotation(body: Body) -> float | None:
    left_s, right_s = body.side("left", "SHOULDER"), body.side("right", "SHOULDER")
    left_h, right_h = body.side("left", "HIP"), body.side("right", "HIP")
    if not _all(left_s, right_s, left_h, right_h) or body.plane != "world":
        return None
    trunk = (left_s + right_s) / 2 - (left_h + right_h) / 2
    shoulder_axis = perpendicular_part(left_s - right_s, trunk)
    hip_axis = perpendicular_part(left_h - right_h, trunk)
    turn = np.cross(hip_axis, shoulder_axis)
    magnitude = angle_between(hip_axis, shoulder_axis)
    return magnitude if np.dot(turn, body.up) >= 0 else -magnitude


def shoulder_tilt(body: Body) -> float | None:
    left, right = body.side("left", "SHOULDER"), body.side("right", "SHOULDER")
    if not _all(left, right):
        return None
    line = right - left
    # Positive when the right shoulder is lower, whichever way the person faces.
    drop = -np.dot(line, body.up)
    across = np.linalg.norm(perpendicular_part(line, body.up))
    return float(np.degrees(np.arctan2(drop, across)))


def neck_flexion(body: Body) -> float | None:
    shoulders, hips, ears = body.mid("SHOULDER"), body.mid("HIP"), body.mid("EAR")
    front = body.front()
    if not _all(shoulders, hips, ears, front):
        return None
    return signed_angle_toward(shoulders - hips, ears - shoulders, front)


def wrist_gap(body: Body) -> float | None:
    points = [body.side(s, n) for n in ("WRIST", "SHOULDER") for s in SIDES]
    if not _all(*points):
        return None
    left_w, right_w, left_s, right_s = points
    width = np.linalg.norm(left_s - right_s)
    return float(np.linalg.norm(left_w - right_w) / width) if width > 0 else None


_SIDED: dict[str, Callable[[Body, str], float | None]] = {
    "knee": _joint("HIP", "KNEE", "ANKLE"),
    "hip": _joint("SHOULDER", "HIP", "KNEE"),
    "elbow": _joint("SHOULDER", "ELBOW", "WRIST"),
    "shoulder_flexion": shoulder_flexion,
}
_WHOLE: dict[str, Callable[[Body], float | None]] = {
    "trunk_incline": _incline("HIP", "SHOULDER"),
    "body_incline": _incline("ANKLE", "SHOULDER"),
    "chest_lift": chest_lift,
    "trunk_rotation": trunk_rotation,
    "shoulder_tilt": shoulder_tilt,
    "neck_flexion": neck_flexion,
    "wrist_gap": wrist_gap,
}
SIDED_ANGLES = tuple(_SIDED)
ANGLE_NAMES: tuple[str, ...] = (*(f"{n}_{s}" for n in _SIDED for s in SIDES), *_WHOLE)


# The body parts each angle is measured from, to tell the user what the camera must see.
_PARTS: dict[str, tuple[str, ...]] = {
    "knee": ("HIP", "KNEE", "ANKLE"),
    "hip": ("SHOULDER", "HIP", "KNEE"),
    "elbow": ("SHOULDER", "ELBOW", "WRIST"),
    "shoulder_flexion": ("ELBOW", "SHOULDER", "HIP"),  # the vertex second: the overlay draws its arc
    "trunk_incline": ("SHOULDER", "HIP"),
    "body_incline": ("SHOULDER", "ANKLE"),
    "chest_lift": ("SHOULDER", "HIP"),
    "trunk_rotation": ("SHOULDER", "HIP"),
    "shoulder_tilt": ("SHOULDER",),
    "neck_flexion": ("SHOULDER", "HIP", "EAR"),
    "wrist_gap": ("WRIST", "SHOULDER"),
}


def landmarks_needed(name: str) -> tuple[Landmark, ...]:
    """The landmarks an angle (e.g. "knee_left", "trunk_incline") is measured from."""
    base, _, side = name.rpartition("_")
    if base in _SIDED and side in SIDES:
        return tuple(Landmark[f"{side.upper()}_{part}"] for part in _PARTS[base])
    return tuple(Landmark[f"{s.upper()}_{part}"] for part in _PARTS[name] for s in SIDES)


def measure(
    pose: Pose, name: str, plane: Plane = "image", min_visibility: float = DEFAULT_MIN_VISIBILITY
) -> float | None:
    """Measure one named angle (e.g. "knee_left", "trunk_incline") on `pose`.

    Args:
        pose: the pose to measure.
        name: a name from `ANGLE_NAMES`.
        plane: "image" (pixels, for moves filmed side-on) or "world" (MediaPipe's metric landmarks).
        min_visibility: landmarks less visible than this count as not seen.

    Returns:
        Degrees (a ratio for wrist_gap), or None when a needed landmark is not seen. `trunk_rotation`
        is None in the image plane, where a single picture carries no depth.

    Raises:
        KeyError: `name` is not in the vocabulary.
    """
    body = Body(pose, plane, min_visibility)
    if name in _WHOLE:
        return _WHOLE[name](body)
    base, _, side = name.rpartition("_")
    if base in _SIDED and side in SIDES:
        return _SIDED[base](body, side)
    raise KeyError(f"unknown angle {name!r}; known angles: {', '.join(ANGLE_NAMES)}")
