"""Body position (standing, seated, kneeling, on all fours, prone, supine) and camera view, with confidence.

Both are read in the image plane and assume a level camera. Lengths are in torso lengths (shoulder-mid to
hip-mid), so they do not depend on how far the person stands from the camera.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from posecoach.body.geometry import angle_between, interior_angle
from posecoach.body.points import Body
from posecoach.pose.landmarks import DEFAULT_MIN_VISIBILITY, Landmark
from posecoach.pose.pose import Pose

POSITIONS = ("standing", "seated", "kneeling", "quadruped", "prone", "supine")
VIEWS = ("side_left", "side_right", "front", "back")
UNKNOWN = "unknown"

# Shoulder width over torso length in the image: about 0.7 square-on, near 0 side-on.
_SIDE_MAX_WIDTH = 0.3
_FRONT_MIN_WIDTH = 0.45
# MediaPipe's shoulders sit about 1.75 hip widths apart square-on (measured on the rendered twist sweep);
# a little less keeps a broad-hipped person from reading wider than they are.
_SHOULDERS_PER_HIP_WIDTH = 1.6


@dataclass(frozen=True)
class Classification:
    """A label and how sure the classifier is of it, from 0 to 1."""

    label: str
    confidence: float


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


# Tried in this order; the first whose conditions all hold wins. Heights are in torso lengths:
# a straight leg is about 1.7 torso lengths, a thigh about 0.8.
_POSITION_RULES: tuple[tuple[str, tuple[_Condition, ...]], ...] = (
    ("standing", (_over("hip_over_ankle", 0.9, 0.5), _over("knee", 120, 30))),
    (
        "quadruped",
        (
            _over("trunk_incline", 50, 20),
            _over("hip_over_knee", 0.45, 0.3),
            _over("shoulder_over_wrist", 0.45, 0.3),
            _under("knee_over_ankle", 0.4, 0.3),
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
        (_under("knee_over_ankle", 0.35, 0.3), _under("knee", 90, 30), _under("hip_over_ankle", 0.6, 0.3)),
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
        "front_up": float(np.dot(front, body.up) / np.linalg.norm(front)) if front is not None else 0.0,
    }


def body_position(pose: Pose, min_visibility: float = DEFAULT_MIN_VISIBILITY) -> Classification:
    """Classify how the person is positioned ("unknown" when shoulders, hips, knees or ankles are unseen)."""
    features = _position_features(Body(pose, "image", min_visibility))
    if features is None:
        return Classification(UNKNOWN, 0.0)
    for label, conditions in _POSITION_RULES:
        margin = min(c.margin(features) for c in conditions)
        if margin >= 0:
            return Classification(label, float(min(1.0, 0.5 + margin)))
    return Classification(UNKNOWN, 0.5)


def camera_view(pose: Pose, min_visibility: float = DEFAULT_MIN_VISIBILITY) -> Classification:
    """Which way the person faces the camera: "side_left" (their left side nearer), "side_right",
    "front", "back", or "unknown" when the shoulders and hips are unseen or the turn is in between."""
    body = Body(pose, "image", min_visibility)
    shoulders, hips = body.mid("SHOULDER"), body.mid("HIP")
    if shoulders is None or hips is None:
        return Classification(UNKNOWN, 0.0)
    torso = float(np.linalg.norm(shoulders - hips))
    if torso == 0:
        return Classification(UNKNOWN, 0.0)
    # Side-on the far shoulder is often hidden; its estimate is still good enough for a width. The
    # hips count too, so that a trunk twisted on square hips (thoracic rotation) still faces the camera.
    xy = pose.xy
    shoulder_width = float(np.linalg.norm(xy[Landmark.LEFT_SHOULDER] - xy[Landmark.RIGHT_SHOULDER]))
    hip_width = float(np.linalg.norm(xy[Landmark.LEFT_HIP] - xy[Landmark.RIGHT_HIP]))
    width = max(shoulder_width, _SHOULDERS_PER_HIP_WIDTH * hip_width) / torso
    if width <= _SIDE_MAX_WIDTH:
        # MediaPipe's depth says which side is nearer even when its magnitude is poor.
        left_depth = pose.world[[Landmark.LEFT_SHOULDER, Landmark.LEFT_HIP], 2].mean()
        right_depth = pose.world[[Landmark.RIGHT_SHOULDER, Landmark.RIGHT_HIP], 2].mean()
        label = "side_left" if left_depth < right_depth else "side_right"
        return Classification(label, float(min(1.0, 0.5 + (_SIDE_MAX_WIDTH - width) / 0.3)))
    if width >= _FRONT_MIN_WIDTH:
        # Facing the camera, the person's left shoulder and hip are on the image's right.
        leftward = (xy[Landmark.LEFT_SHOULDER, 0] - xy[Landmark.RIGHT_SHOULDER, 0]) + (
            xy[Landmark.LEFT_HIP, 0] - xy[Landmark.RIGHT_HIP, 0]
        )
        label = "front" if leftward > 0 else "back"
        return Classification(label, float(min(1.0, 0.5 + (width - _FRONT_MIN_WIDTH) / 0.3)))
    return Classification(UNKNOWN, 0.5)
