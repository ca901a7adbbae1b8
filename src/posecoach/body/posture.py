"""Body position (standing, seated, kneeling, on all fours, prone, supine) and camera view, with confidence.

Both are read in the image plane and assume a level camera. Lengths are in torso lengths (shoulder-mid to
hip-mid), so they do not depend on how far the person stands from the camera.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from posecoach.body.geometry import angle_between, interior_angle
from posecoach.body.points import Body
from posecoach.pose.landmarks import DEFAULT_MIN_VISIBILITY, Landmark
from posecoach.pose.pose import Pose

POSITIONS = ("standing", "seated", "kneeling", "quadruped", "prone", "supine")
VIEWS = ("side_left", "side_right", "front", "back")
UNKNOWN = "unknown"

# Shoulder width over torso length in the image: about 0.7 square-on, near 0 side-on. A view is read
# side-on up to _SIDE_MAX_WIDTH (about 35 deg off a standing side view, 30 off a body lying or folded,
# whose torso the turn foreshortens too) and stays side-on up to _SIDE_KEPT_WIDTH. Square-on is read from
# _FRONT_MIN_WIDTH and stays down to _FRONT_KEPT_WIDTH (a side view reads 0.05-0.15): a chest turned
# 54 deg on the hips (thoracic rotation) read 0.27, MediaPipe's hips turning partly with the shoulders.
_SIDE_MAX_WIDTH, _SIDE_KEPT_WIDTH = 0.40, 0.45
_FRONT_MIN_WIDTH, _FRONT_KEPT_WIDTH = 0.45, 0.20
# Once side-on, the other side is read as nearer only when the depths say so by this much.
_SIDE_DEPTH_KEPT_M = 0.03
# A position read stays while its rule fails by less than this (in its conditions' own scales) and no
# other position's rule holds by this much more.
_POSITION_KEPT_WITHIN = 0.3
# MediaPipe's shoulders sit about 1.75 hip widths apart square-on (measured on the rendered twist sweep);
# a little less keeps a broad-hipped person from reading wider than they are.
_SHOULDERS_PER_HIP_WIDTH = 1.6


@dataclass(frozen=True)
class Classification:
    """A label and how sure the classifier is of it, from 0 to 1, and why: `scores` holds what it read
    (each position's margin, >= 0 when its rule holds; the view's shoulder width in torso lengths)."""

    label: str
    confidence: float
    scores: dict[str, float] = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class _Condition:
    """`feature` must be above (or below) `threshold`; `scale` is the margin that counts as clear."""

    feature: str
    threshold: float
    above: bool
    scale: float

    def margin(self, features: dict[str, float]) -> float:
        value = features[self.feature]
        return (value - self.threshold if self.above else self.threshold - value) / self.scale


def _over(feature: str, threshold: float, scale: float) -> _Condition:
    return _Condition(feature, threshold, True, scale)


def _under(feature: str, threshold: float, scale: float) -> _Condition:
    return _Condition(feature, threshold, False, scale)


# A position holds when all the conditions of one of its rules do; the clearest one wins. Heights are in
# torso lengths: a straight leg is about 1.7 torso lengths, a thigh about 0.8.
_POSITION_RULES: tuple[tuple[str, tuple[_Condition, ...]], ...] = (
    ("standing", (_over("hip_over_ankle", 0.9, 0.5), _over("knee", 120, 30))),
    (
        "quadruped",
        (
            _over("trunk_incline", 50, 20),
            _over("hip_over_knee", 0.45, 0.3),
            _over("shoulder_over_wrist", 0.45, 0.3),
            _under("knee_over_ankle", 0.4, 0.3),
            # Thighs under the hips: the knee near a right angle (68-86 deg on a real all-fours), not
            # folded (33-36 in a real child's pose).
            _over("knee", 55, 15),
        ),
    ),
    # Upright kneeling, and folded onto the heels (child's pose): shins flat on the floor.
    (
        "kneeling",
        (
            _under("knee_over_ankle", 0.35, 0.3),
            _under("trunk_incline", 50, 20),
            _over("hip_over_knee", 0.5, 0.3),
        ),
    ),
    (
        "kneeling",
        # Folded: the knee well closed (25-36 deg in child's pose; 68-86 on all fours).
        (_under("knee_over_ankle", 0.35, 0.3), _under("knee", 60, 20), _under("hip_over_ankle", 0.6, 0.3)),
    ),
    # Lying: legs along the floor and the trunk pointing away from them (up to a 45 deg chest lift).
    (
        "prone",
        (
            _over("trunk_incline", 45, 15),
            _under("lying", 0.5, 0.3),
            _under("trunk_toward_knees", -0.5, 0.3),
            _under("front_up", 0.0, 0.5),
        ),
    ),
    (
        "supine",
        (
            _over("trunk_incline", 45, 15),
            _under("lying", 0.5, 0.3),
            _under("trunk_toward_knees", -0.5, 0.3),
            _over("front_up", 0.0, 0.5),
        ),
    ),
    (
        "seated",
        (
            _under("trunk_incline", 60, 20),
            _under("hip_over_knee", 0.4, 0.3),
            _under("hip_over_ankle", 0.9, 0.5),
            # Lying with the chest lifted, the thighs carry on along the floor behind the trunk's lean.
            _under("legs_behind_lean", 0.3, 0.2),
        ),
    ),
)


def _cosine(u: np.ndarray, v: np.ndarray) -> float:
    norms = float(np.linalg.norm(u) * np.linalg.norm(v))
    return float(np.dot(u, v)) / norms if norms > 0 else 0.0


def _height(point: np.ndarray) -> float:
    return -float(point[1])  # image y points down


def _position_features(body: Body) -> dict[str, float] | None:
    shoulders, hips, knees, ankles = (body.mid(n) for n in ("SHOULDER", "HIP", "KNEE", "ANKLE"))
    if shoulders is None or hips is None or knees is None or ankles is None:
        return None
    torso = float(np.linalg.norm(shoulders - hips))
    if torso == 0:
        return None
    wrists = body.mid("WRIST")
    front = body.front
    return {
        "trunk_incline": angle_between(shoulders - hips, body.up),
        "knee": interior_angle(hips, knees, ankles),
        "hip_over_ankle": (_height(hips) - _height(ankles)) / torso,
        "hip_over_knee": (_height(hips) - _height(knees)) / torso,
        "knee_over_ankle": (_height(knees) - _height(ankles)) / torso,
        "shoulder_over_wrist": (_height(shoulders) - _height(wrists)) / torso if wrists is not None else -9.0,
        # Lying: shoulders, hips and ankles all near the floor, whatever the chest lift.
        "lying": abs(_height(hips) - _height(ankles)) / torso,
        "trunk_toward_knees": _cosine(shoulders - hips, knees - hips),
        # How far the thighs run back along the floor against the trunk's lean, in torso lengths squared:
        # about 0.6 for a chest lifted 40 deg, 0 or less seated (the thighs in front, or toward the camera).
        "legs_behind_lean": -float((shoulders - hips)[0] * (knees - hips)[0]) / torso**2,
        "front_up": float(np.dot(front, body.up) / np.linalg.norm(front)) if front is not None else 0.0,
    }


def _position_scores(features: dict[str, float]) -> dict[str, float]:
    """Each position's margin: how clearly its best rule holds (>= 0: all its conditions hold)."""
    scores: dict[str, float] = {}
    for label, conditions in _POSITION_RULES:
        margin = min(c.margin(features) for c in conditions)
        scores[label] = max(scores.get(label, margin), margin)
    return scores


def _width(pose: Pose, body: Body) -> float | None:
    """Shoulder width over torso length in the image (the hips count too, scaled to shoulders)."""
    shoulders, hips = body.mid("SHOULDER"), body.mid("HIP")
    if shoulders is None or hips is None:
        return None
    torso = float(np.linalg.norm(shoulders - hips))
    if torso == 0:
        return None
    # Side-on the far shoulder is often hidden; its estimate is still good enough for a width. The
    # hips count too, so that a trunk twisted on square hips (thoracic rotation) still faces the camera.
    xy = pose.xy
    shoulder_width = float(np.linalg.norm(xy[Landmark.LEFT_SHOULDER] - xy[Landmark.RIGHT_SHOULDER]))
    hip_width = float(np.linalg.norm(xy[Landmark.LEFT_HIP] - xy[Landmark.RIGHT_HIP]))
    return max(shoulder_width, _SHOULDERS_PER_HIP_WIDTH * hip_width) / torso


def _nearer_side_depth(pose: Pose) -> float:
    """How much nearer the camera the left side is than the right, in MediaPipe's world metres."""
    left = pose.world[[Landmark.LEFT_SHOULDER, Landmark.LEFT_HIP], 2].mean()
    right = pose.world[[Landmark.RIGHT_SHOULDER, Landmark.RIGHT_HIP], 2].mean()
    return float(right - left)  # smaller z is nearer


@dataclass(frozen=True)
class Posture:
    """How the person is positioned and which way they face the camera, in one frame."""

    view: Classification
    position: Classification


@dataclass
class PostureReader:
    """Reads the camera view and body position frame after frame, with hysteresis: a label read once
    stays until the frames clearly say otherwise, so that a reading near a boundary (prone and supine
    in a held chest lift, a side view a little turned) does not flicker. One reader per exercise."""

    min_visibility: float = DEFAULT_MIN_VISIBILITY
    _position: str = UNKNOWN
    _view: str = UNKNOWN

    def read(self, pose: Pose) -> Posture:
        body = Body(pose, "image", self.min_visibility)
        return Posture(self._read_view(pose, body), self._read_position(body))

    def _read_position(self, body: Body) -> Classification:
        features = _position_features(body)
        if features is None:
            self._position = UNKNOWN
            return Classification(UNKNOWN, 0.0)
        scores = {label: round(score, 2) for label, score in _position_scores(features).items()}
        best = max(scores, key=scores.__getitem__)
        kept = scores.get(self._position)
        if kept is not None and min(kept, kept - scores[best]) > -_POSITION_KEPT_WITHIN:
            best = self._position
        elif scores[best] < 0:
            self._position = UNKNOWN
            return Classification(UNKNOWN, 0.5, scores)
        self._position = best
        return Classification(best, float(np.clip(0.5 + scores[best], 0.0, 1.0)), scores)

    def _read_view(self, pose: Pose, body: Body) -> Classification:
        width = _width(pose, body)
        if width is None:
            self._view = UNKNOWN
            return Classification(UNKNOWN, 0.0)
        if self._view.startswith("side_"):
            side_limit, front_limit = _SIDE_KEPT_WIDTH, _FRONT_MIN_WIDTH
        elif self._view in ("front", "back"):
            side_limit = front_limit = _FRONT_KEPT_WIDTH
        else:
            side_limit, front_limit = _SIDE_MAX_WIDTH, _FRONT_MIN_WIDTH
        if width <= side_limit:
            # MediaPipe's depth says which side is nearer even when its magnitude is poor; near zero
            # it says little, and the side read before stays.
            depth = _nearer_side_depth(pose)
            if self._view.startswith("side_") and abs(depth) < _SIDE_DEPTH_KEPT_M:
                label = self._view
            else:
                label = "side_left" if depth > 0 else "side_right"
            confidence = 0.5 + (side_limit - width) / 0.3
        elif width >= front_limit:
            # Facing the camera, the person's left shoulder and hip are on the image's right.
            xy = pose.xy
            leftward = (xy[Landmark.LEFT_SHOULDER, 0] - xy[Landmark.RIGHT_SHOULDER, 0]) + (
                xy[Landmark.LEFT_HIP, 0] - xy[Landmark.RIGHT_HIP, 0]
            )
            label = "front" if leftward > 0 else "back"
            confidence = 0.5 + (width - front_limit) / 0.3
        else:
            label, confidence = UNKNOWN, 0.5
        self._view = label
        return Classification(label, float(min(1.0, confidence)), {"width": round(width, 3)})
