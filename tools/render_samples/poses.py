"""The exercises' poses and their faults as anny bone rotations (degrees, world-aligned axes: x pitches
forward and back, y rolls sideways, z turns about the vertical)."""

from __future__ import annotations

import numpy as np

# Directions of anny's left upper arm and forearm in its rest A-pose (shoulder->elbow, elbow->wrist,
# from the COCO keypoints); the right side mirrors them in x.
_REST_UPPER_ARM = np.array([0.168, -0.016, -0.196])
_REST_FOREARM = np.array([0.122, -0.148, -0.130])


def _aim(rest: np.ndarray, target: np.ndarray) -> tuple[float, float, float]:
    """The rotation vector (degrees) that turns direction `rest` onto `target` by the shortest way."""
    from scipy.spatial.transform import Rotation

    rotation, _ = Rotation.align_vectors([target], [rest])
    return tuple(float(d) for d in np.degrees(rotation.as_rotvec()))


def _mirror(v: np.ndarray) -> np.ndarray:
    return v * [-1, 1, 1]


def arms_forward(flexion_deg: float) -> dict[str, tuple[float, float, float]]:
    """Both arms straight, raised forward in the sagittal plane: 0 hanging, 90 forward, 180 overhead.

    Measured on the keypoints: the elbows then read 171-176 deg and the flexion within 5 deg of asked.
    """
    a = np.radians(flexion_deg)
    target = np.array([0.0, -np.sin(a), -np.cos(a)])  # anny faces -Y, Z up
    return {
        "upperarm01.L": _aim(_REST_UPPER_ARM, target),
        "upperarm01.R": _aim(_mirror(_REST_UPPER_ARM), target),
        "lowerarm01.L": _aim(_REST_FOREARM, _REST_UPPER_ARM),
        "lowerarm01.R": _aim(_mirror(_REST_FOREARM), _mirror(_REST_UPPER_ARM)),
    }


def wall_lean_pose(lean_deg: float, knee_bend_deg: float) -> dict[str, tuple[float, float, float]]:
    """Leaning on a wall from the ankles, arms straight forward at shoulder height (90 deg plus the lean)."""
    return {
        "root": (lean_deg, 0.0, 0.0),
        "foot.L": (-lean_deg, 0.0, 0.0),
        "foot.R": (-lean_deg, 0.0, 0.0),
        "upperleg01.L": (-knee_bend_deg / 2, 0.0, 0.0),
        "upperleg01.R": (-knee_bend_deg / 2, 0.0, 0.0),
        "lowerleg01.L": (knee_bend_deg, 0.0, 0.0),
        "lowerleg01.R": (knee_bend_deg, 0.0, 0.0),
        **arms_forward(90 + lean_deg),
    }


def forward_fold_pose(fold_deg: float, knee_bend_deg: float) -> dict[str, tuple[float, float, float]]:
    """Folded forward at the hips from standing, arms hanging straight down."""
    return {
        "root": (fold_deg, 0.0, 0.0),
        "upperleg01.L": (-fold_deg - knee_bend_deg / 2, 0.0, 0.0),
        "upperleg01.R": (-fold_deg - knee_bend_deg / 2, 0.0, 0.0),
        "lowerleg01.L": (knee_bend_deg, 0.0, 0.0),
        "lowerleg01.R": (knee_bend_deg, 0.0, 0.0),
        "foot.L": (-knee_bend_deg / 2, 0.0, 0.0),
        "foot.R": (-knee_bend_deg / 2, 0.0, 0.0),
        **arms_forward(fold_deg),
    }


def prone_pose(lift_deg: float) -> dict[str, tuple[float, float, float]]:
    """Lying on the front, chest lifted by bending back the lower and middle spine, arms along the body."""
    return {
        "root": (90.0, 0.0, 0.0),
        "foot.L": (-30.0, 0.0, 0.0),
        "foot.R": (-30.0, 0.0, 0.0),
        "spine05": (-lift_deg / 2, 0.0, 0.0),
        "spine04": (-lift_deg / 2, 0.0, 0.0),
        "neck01": (-lift_deg / 2, 0.0, 0.0),
        **arms_forward(0.0),
    }


def seated_pose(arm_flexion_deg: float) -> dict[str, tuple[float, float, float]]:
    """Sitting on the floor, legs straight out in front, trunk upright."""
    return {
        "upperleg01.L": (-90.0, 0.0, 0.0),
        "upperleg01.R": (-90.0, 0.0, 0.0),
        "lowerleg01.L": (5.0, 0.0, 0.0),
        "lowerleg01.R": (5.0, 0.0, 0.0),
        **arms_forward(arm_flexion_deg),
    }


def quadruped_pose(neck_deg: float, spine_deg: float) -> dict[str, tuple[float, float, float]]:
    """On hands and knees; positive angles round the upper back and tuck the head (cat), negative
    ones arch the back and lift the head (cow)."""
    return {
        "root": (90.0, 0.0, 0.0),
        "upperleg01.L": (-90.0, 0.0, 0.0),
        "upperleg01.R": (-90.0, 0.0, 0.0),
        "lowerleg01.L": (90.0, 0.0, 0.0),
        "lowerleg01.R": (90.0, 0.0, 0.0),
        "foot.L": (-40.0, 0.0, 0.0),
        "foot.R": (-40.0, 0.0, 0.0),
        "spine03": (spine_deg, 0.0, 0.0),
        "spine02": (spine_deg, 0.0, 0.0),
        "neck01": (neck_deg, 0.0, 0.0),
        "neck02": (neck_deg, 0.0, 0.0),
        **arms_forward(90 - 2 * spine_deg),  # hands stay under the shoulders
    }


def kneeling_pose() -> dict[str, tuple[float, float, float]]:
    """Kneeling upright, shins flat on the floor behind, arms hanging."""
    return {
        "lowerleg01.L": (90.0, 0.0, 0.0),
        "lowerleg01.R": (90.0, 0.0, 0.0),
        "foot.L": (60.0, 0.0, 0.0),
        "foot.R": (60.0, 0.0, 0.0),
        **arms_forward(0.0),
    }


def child_pose(thigh_deg: float) -> dict[str, tuple[float, float, float]]:
    """Trunk level over the thighs, arms reaching forward along the floor. `thigh_deg` is the thigh's
    direction from straight down (negative: the knee in front of the hip); the shins lie flat behind.
    At -65 the hips sit on the heels (knee about 25 deg, hip about 20); at 0 they are up over the knees."""
    return {
        "root": (90.0, 0.0, 0.0),
        "upperleg01.L": (thigh_deg - 90.0, 0.0, 0.0),
        "upperleg01.R": (thigh_deg - 90.0, 0.0, 0.0),
        "lowerleg01.L": (90.0 - thigh_deg, 0.0, 0.0),
        "lowerleg01.R": (90.0 - thigh_deg, 0.0, 0.0),
        "foot.L": (60.0, 0.0, 0.0),
        "foot.R": (60.0, 0.0, 0.0),
        **arms_forward(170.0),
    }


def twist_seated_pose(
    side: str | None, turn_deg: float, across_deg: float = 10.0
) -> dict[str, tuple[float, float, float]]:
    """Sitting on the floor facing the camera; the `side` knee bent up with its foot across the other
    leg, the thigh turned `across_deg` toward the midline (30 or more: the knee crosses it), the trunk
    turned `turn_deg` (positive to the left). 55 deg reads about 40 on the keypoints."""
    pose = seated_pose(0.0)
    if side is not None:
        bone, across = ("L", -across_deg) if side == "left" else ("R", across_deg)
        pose[f"upperleg01.{bone}"] = (-110.0, 0.0, across)
        pose[f"lowerleg01.{bone}"] = (110.0, 0.0, 0.0)
    pose["spine05"] = (0.0, 0.0, 0.7 * turn_deg)
    pose["spine04"] = (0.0, 0.0, 0.3 * turn_deg)
    return pose


def rock_pose(tilt_deg: float) -> dict[str, tuple[float, float, float]]:
    """Sitting on the floor facing the camera, the upper body leaning sideways; positive leans to the
    person's left, which drops the left shoulder (shoulder_tilt reads about -15 at 15)."""
    pose = seated_pose(0.0)
    for bone in ("spine03", "spine04", "spine05"):
        pose[bone] = (0.0, tilt_deg / 3, 0.0)
    return pose
