"""The target ghost: where a limb or the trunk belongs for each judged angle that is off its target.

Pure geometry in the image plane. Each segment keeps the person's own proportions and the direction
they already bend or lean, and turns about its fixed end until the angle reads its goal: a joint keeps
the limb nearer the floor, which bears the weight (the shin when kneeling or standing), and turns the
other; a body line turns about its lower end (the hips, the ankles). The coach's overlay draws the
segments faintly. Angles with no single segment to show (trunk rotation, shoulder tilt, neck, hands)
and world-plane angles get none.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from posecoach.body.angles import SIDES, Body, shoulder_flexion
from posecoach.engine.checker import TargetCheck
from posecoach.pose.pose import Pose

# A goal this far inside a bare bound (degrees) shows a posture clearly in range.
GOAL_MARGIN_DEG = 5.0
# Joint angles: (one end, vertex, other end) landmark names.
_JOINTS = {
    "knee": ("HIP", "KNEE", "ANKLE"),
    "hip": ("SHOULDER", "HIP", "KNEE"),
    "elbow": ("SHOULDER", "ELBOW", "WRIST"),
}
# Whole-body lines: (fixed end, moving end, whether the angle is measured from the horizontal).
_LINES = {
    "trunk_incline": ("HIP", "SHOULDER", False),
    "body_incline": ("ANKLE", "SHOULDER", False),
    "chest_lift": ("HIP", "SHOULDER", True),
}


@dataclass(frozen=True)
class GhostSegment:
    """One segment of the goal posture, in image pixels.

    Attributes:
        name: the angle it shows, e.g. "knee_left".
        start: the fixed end, where the person's own segment starts too.
        end: where the moving end belongs.
    """

    name: str
    start: np.ndarray
    end: np.ndarray


def goal_value(check: TargetCheck) -> float | None:
    """The angle to show for a check that is off: its ideal (a range's middle) or just inside its bound."""
    if check.status not in ("low", "high"):
        return None
    if check.target is not None:
        return check.target
    if check.status == "low" and check.low is not None:
        return check.low + GOAL_MARGIN_DEG
    if check.status == "high" and check.high is not None:
        return check.high - GOAL_MARGIN_DEG
    return None


def _turned(direction: np.ndarray, degrees: float) -> np.ndarray:
    """`direction` turned by `degrees`, positive from image +x towards +y (clockwise on screen)."""
    radians = np.radians(degrees)
    cos, sin = np.cos(radians), np.sin(radians)
    return np.array([cos * direction[0] - sin * direction[1], sin * direction[0] + cos * direction[1]])


def _turn_sign(reference: np.ndarray, toward: np.ndarray) -> float:
    """+1 if `toward` lies clockwise (on screen) of `reference`, else -1."""
    return 1.0 if reference[0] * toward[1] - reference[1] * toward[0] >= 0 else -1.0


def _unit(v: np.ndarray) -> np.ndarray | None:
    norm = np.linalg.norm(v)
    return v / norm if norm > 0 else None


def _joint_segment(body: Body, base: str, side: str, goal: float) -> tuple[np.ndarray, np.ndarray] | None:
    first, vertex, moving = (body.side(side, name) for name in _JOINTS[base])
    if first is None or vertex is None or moving is None:
        return None
    if moving[1] > first[1]:  # image y grows downwards: the lower end stays
        first, moving = moving, first
    reference = _unit(first - vertex)
    if reference is None:
        return None
    # Interior angles are unsigned: keep the side the joint already bends to.
    sign = _turn_sign(reference, moving - vertex)
    return vertex, vertex + np.linalg.norm(moving - vertex) * _turned(reference, sign * goal)


def _arm_segment(body: Body, side: str, goal: float) -> tuple[np.ndarray, np.ndarray] | None:
    shoulder, elbow, wrist = (body.side(side, name) for name in ("SHOULDER", "ELBOW", "WRIST"))
    shoulders, hips, front = body.mid("SHOULDER"), body.mid("HIP"), body.front()
    value = shoulder_flexion(body, side)
    if (
        shoulder is None
        or elbow is None
        or shoulders is None
        or hips is None
        or front is None
        or value is None
    ):
        return None
    # The whole arm turns about the shoulder, bend and all; positive flexion turns it towards the front.
    sign = _turn_sign(hips - shoulders, front)
    hand = wrist if wrist is not None else elbow
    return shoulder, shoulder + _turned(hand - shoulder, sign * (goal - value))


def _line_segment(body: Body, name: str, goal: float) -> tuple[np.ndarray, np.ndarray] | None:
    fixed_name, moving_name, from_horizontal = _LINES[name]
    fixed, moving = body.mid(fixed_name), body.mid(moving_name)
    if fixed is None or moving is None:
        return None
    incline = 90.0 - goal if from_horizontal else goal
    # Lean the way the person already leans.
    sign = _turn_sign(body.up, moving - fixed)
    return fixed, fixed + np.linalg.norm(moving - fixed) * _turned(body.up, sign * incline)


def ghost_segments(pose: Pose, checks: tuple[TargetCheck, ...]) -> list[GhostSegment]:
    """The goal posture's segments for every image-plane check of `pose` that is off its target."""
    body = Body(pose, "image")
    segments = []
    for check in checks:
        goal = goal_value(check)
        if goal is None or check.name.endswith("_world"):
            continue
        base, _, side = check.name.rpartition("_")
        if base in _JOINTS and side in SIDES:
            found = _joint_segment(body, base, side, goal)
        elif base == "shoulder_flexion" and side in SIDES:
            found = _arm_segment(body, side, goal)
        elif check.name in _LINES:
            found = _line_segment(body, check.name, goal)
        else:
            found = None
        if found is not None:
            segments.append(GhostSegment(check.name, *found))
    return segments
