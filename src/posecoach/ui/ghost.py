"""The target ghost: where a limb or the trunk belongs for each judged angle that is off its target.

Pure geometry in the image plane. Each segment keeps the person's own proportions and the direction
they already bend or lean, and turns about its fixed end until the angle reads its goal: a joint keeps
the limb nearer the floor, which bears the weight (the shin when kneeling or standing), and turns the
other; a body line turns about its lower end (the hips, the ankles). The coach's overlay draws the
segments faintly. Each angle's rule is its registry entry's `ghost` (body/angles.py); angles with no
single segment to show (trunk rotation, shoulder tilt, neck, hands) and world-plane angles get none.
It measures nothing: the angle it starts from is the check's own (smoothed) value, the one drawn
beside the joint.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from posecoach.body.angles import AngleKey, ArmGhost, JointGhost, LineGhost
from posecoach.body.points import Body
from posecoach.engine.checker import TargetCheck
from posecoach.pose.pose import Pose

# A goal this far inside a bare bound (degrees) shows a posture clearly in range.
GOAL_MARGIN_DEG = 5.0


@dataclass(frozen=True)
class GhostSegment:
    """One segment of the goal posture, in image pixels.

    Attributes:
        key: the angle it shows.
        start: the fixed end, where the person's own segment starts too.
        end: where the moving end belongs.
    """

    key: AngleKey
    start: np.ndarray
    end: np.ndarray


Segment = tuple[np.ndarray, np.ndarray]


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


def _joint_segment(body: Body, parts: tuple[str, ...], side: str, goal: float) -> Segment | None:
    first, vertex, moving = (body.side(side, name) for name in parts)
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


def _arm_segment(body: Body, side: str, value: float, goal: float) -> Segment | None:
    shoulder, elbow, wrist = (body.side(side, name) for name in ("SHOULDER", "ELBOW", "WRIST"))
    shoulders, hips, front = body.mid("SHOULDER"), body.mid("HIP"), body.front
    if shoulder is None or elbow is None or shoulders is None or hips is None or front is None:
        return None
    # The whole arm turns about the shoulder, bend and all; positive flexion turns it towards the front.
    sign = _turn_sign(hips - shoulders, front)
    hand = wrist if wrist is not None else elbow
    return shoulder, shoulder + _turned(hand - shoulder, sign * (goal - value))


def _line_segment(body: Body, rule: LineGhost, goal: float) -> Segment | None:
    fixed, moving = body.mid(rule.fixed), body.mid(rule.moving)
    if fixed is None or moving is None:
        return None
    incline = 90.0 - goal if rule.from_horizontal else goal
    # Lean the way the person already leans.
    sign = _turn_sign(body.up, moving - fixed)
    return fixed, fixed + np.linalg.norm(moving - fixed) * _turned(body.up, sign * incline)


def ghost_segments(pose: Pose, checks: tuple[TargetCheck, ...]) -> list[GhostSegment]:
    """The goal posture's segments for every image-plane check of `pose` that is off its target."""
    body = Body(pose, "image")
    segments = []
    for check in checks:
        goal, key = goal_value(check), check.key
        rule = key.spec.ghost
        if goal is None or key.plane != "image" or check.value is None:
            continue
        if isinstance(rule, JointGhost) and key.side is not None:
            found = _joint_segment(body, key.spec.parts, key.side, goal)
        elif isinstance(rule, ArmGhost) and key.side is not None:
            found = _arm_segment(body, key.side, check.value, goal)
        elif isinstance(rule, LineGhost):
            found = _line_segment(body, rule, goal)
        else:
            found = None
        if found is not None:
            segments.append(GhostSegment(key, *found))
    return segments
