"""Render sample clips of a MakeHuman-based body (anny) with exactly known joint angles.

Each clip is a timeline of key poses (per-bone rotations, linearly interpolated), rendered offscreen
with pyrender over a mildly textured room, and written as an .mp4 with a sidecar .json holding the
ground-truth angles of every frame. The ground truth is measured with posecoach's own angle library on
anny's exact 3D COCO keypoints, so the coach and its ground truth share one implementation.

Set-up and run: `make samples` (installs the optional extra "samples", pyrender without its PyOpenGL
pin, and Debian's libosmesa6, then renders every clip into samples/), or for some clips:
    PYOPENGL_PLATFORM=osmesa .venv/bin/python tools/render_samples.py [CLIP ...] [--out DIR]
Rendering is deterministic: the same clip comes out byte for byte the same.

Facts found by experiment: anny is Z up, faces -Y, its left side at +X; with its default pose
parameterization a bone's rotation vector is in world-aligned axes: x pitches (forward and back),
y rolls sideways, z turns about the vertical (positive: to the body's left). 15/30/45 deg on spine05
turn the COCO shoulder line by 12/24/37 deg against the hips: the ground truth is always measured. The first
`anny.Anny()` builds a cache for about 2 minutes; later ones take under a second.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import subprocess
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path

import cv2
import numpy as np

from posecoach.body.angles import measure
from posecoach.pose.landmarks import LANDMARK_COUNT, Landmark
from posecoach.pose.pose import Pose

WIDTH, HEIGHT = 640, 480
FIELD_OF_VIEW_DEG = 50  # vertical
DEFAULT_FPS = 15
# COCO keypoints anny regresses, by the MediaPipe landmark each one is.
COCO_TO_LANDMARK = {
    "nose": Landmark.NOSE, "left_eye": Landmark.LEFT_EYE, "right_eye": Landmark.RIGHT_EYE,
    "left_ear": Landmark.LEFT_EAR, "right_ear": Landmark.RIGHT_EAR,
    "left_shoulder": Landmark.LEFT_SHOULDER, "right_shoulder": Landmark.RIGHT_SHOULDER,
    "left_elbow": Landmark.LEFT_ELBOW, "right_elbow": Landmark.RIGHT_ELBOW,
    "left_wrist": Landmark.LEFT_WRIST, "right_wrist": Landmark.RIGHT_WRIST,
    "left_hip": Landmark.LEFT_HIP, "right_hip": Landmark.RIGHT_HIP,
    "left_knee": Landmark.LEFT_KNEE, "right_knee": Landmark.RIGHT_KNEE,
    "left_ankle": Landmark.LEFT_ANKLE, "right_ankle": Landmark.RIGHT_ANKLE,
    "left_heel": Landmark.LEFT_HEEL, "right_heel": Landmark.RIGHT_HEEL,
    "left_big_toe": Landmark.LEFT_FOOT_INDEX, "right_big_toe": Landmark.RIGHT_FOOT_INDEX,
}  # fmt: skip


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
    physique: Physique = AVERAGE
    # For sided exercises: (from t_s, side the coach asks for), in time order; the session starts left.
    working_sides: tuple[tuple[float, str], ...] = ((0.0, "left"),)

    @property
    def duration_s(self) -> float:
        return self.keys[-1].t_s


def _holding(keys: tuple[KeyPose, ...], t_s: float) -> bool:
    """Whether `t_s` falls in the exercise's held pose: between two equal key poses other than the start."""
    return any(
        a.t_s <= t_s <= b.t_s and a.shift_m == b.shift_m and a.bones == b.bones != keys[0].bones
        for a, b in itertools.pairwise(keys)
    )


def _interpolate(keys: tuple[KeyPose, ...], t_s: float) -> tuple[dict[str, np.ndarray], np.ndarray]:
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


def _arms_forward(flexion_deg: float) -> dict[str, tuple[float, float, float]]:
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


def _wall_lean_pose(lean_deg: float, knee_bend_deg: float) -> dict[str, tuple[float, float, float]]:
    """Leaning on a wall from the ankles, arms straight forward at shoulder height (90 deg plus the lean)."""
    return {
        "root": (lean_deg, 0.0, 0.0),
        "foot.L": (-lean_deg, 0.0, 0.0),
        "foot.R": (-lean_deg, 0.0, 0.0),
        "upperleg01.L": (-knee_bend_deg / 2, 0.0, 0.0),
        "upperleg01.R": (-knee_bend_deg / 2, 0.0, 0.0),
        "lowerleg01.L": (knee_bend_deg, 0.0, 0.0),
        "lowerleg01.R": (knee_bend_deg, 0.0, 0.0),
        **_arms_forward(90 + lean_deg),
    }


def _wall_lean(name: str, lean_deg: float, knee_bend_deg: float, description: str, holds: int) -> Clip:
    """Side-on: stand, lean onto the wall, hold 22.5 s, stand up."""
    held = _wall_lean_pose(lean_deg, knee_bend_deg)
    keys = (KeyPose(0.0), KeyPose(1.5), KeyPose(3.5, held), KeyPose(26.0, held), KeyPose(28.0), KeyPose(29.0))
    return Clip(
        name,
        description,
        keys,
        angles=WALL_LEAN_ANGLES,
        camera_azimuth_deg=90.0,
        exercise="wall_lean",
        wall_at_s=10.0,
        expected_holds=holds,
    )


def _wall_lean_steps_out() -> Clip:
    """Side-on: a hold cut short after 8 s by stepping out of view for 3 s, then a whole hold."""
    held, away = _wall_lean_pose(45, 15), (0.0, 3.0, 0.0)  # 3 m back: out of the picture
    keys = (
        KeyPose(0.0), KeyPose(1.5), KeyPose(3.5, held), KeyPose(11.5, held), KeyPose(13.0),
        KeyPose(14.5, shift_m=away), KeyPose(17.5, shift_m=away), KeyPose(19.0), KeyPose(20.0),
        KeyPose(22.0, held), KeyPose(44.5, held), KeyPose(46.5), KeyPose(47.5),
    )  # fmt: skip
    return Clip(
        "wall_lean_steps_out",
        "Fault: leans onto the wall at 45 deg and holds 8 s, then stands up and steps out of view for "
        "3 s; comes back and holds 22.5 s. Expected: the 8 s hold is too short and not counted, the "
        "second one is; 'Step into view of the camera' while away.",
        keys,
        angles=WALL_LEAN_ANGLES,
        camera_azimuth_deg=90.0,
        exercise="wall_lean",
        wall_at_s=10.0,
        expected_holds=1,
    )


def _held_clip(
    name: str,
    exercise: str,
    start: dict[str, tuple[float, float, float]],
    held: dict[str, tuple[float, float, float]],
    angles: tuple[str, ...],
    description: str,
    holds: int,
    **camera: float,
) -> Clip:
    """Side-on (left side to the camera) unless `camera` says otherwise: from `start`, move into `held`
    in 2 s, hold 22.5 s, come back."""
    keys = (
        KeyPose(0.0, start),
        KeyPose(1.5, start),
        KeyPose(3.5, held),
        KeyPose(26.0, held),
        KeyPose(28.0, start),
        KeyPose(29.0, start),
    )
    return Clip(
        name,
        description,
        keys,
        angles=angles,
        exercise=exercise,
        expected_holds=holds,
        **{"camera_azimuth_deg": 90.0, **camera},
    )


def _variant(clip: Clip, physique: Physique, camera_off_deg: float = 0.0) -> Clip:
    """The same clip on another body, with the camera turned `camera_off_deg` further round it."""
    camera = f", camera {abs(camera_off_deg):g} deg off the ideal view" if camera_off_deg else ""
    return replace(
        clip,
        name=f"{clip.name}_{physique.key}" + (f"_off{abs(camera_off_deg):g}" if camera_off_deg else ""),
        description=f"{clip.description} Body: {physique.description}{camera}.",
        physique=physique,
        camera_azimuth_deg=clip.camera_azimuth_deg + camera_off_deg,
    )


def _forward_fold_pose(fold_deg: float, knee_bend_deg: float) -> dict[str, tuple[float, float, float]]:
    """Folded forward at the hips from standing, arms hanging straight down."""
    return {
        "root": (fold_deg, 0.0, 0.0),
        "upperleg01.L": (-fold_deg - knee_bend_deg / 2, 0.0, 0.0),
        "upperleg01.R": (-fold_deg - knee_bend_deg / 2, 0.0, 0.0),
        "lowerleg01.L": (knee_bend_deg, 0.0, 0.0),
        "lowerleg01.R": (knee_bend_deg, 0.0, 0.0),
        "foot.L": (-knee_bend_deg / 2, 0.0, 0.0),
        "foot.R": (-knee_bend_deg / 2, 0.0, 0.0),
        **_arms_forward(fold_deg),
    }


def _prone_pose(lift_deg: float) -> dict[str, tuple[float, float, float]]:
    """Lying on the front, chest lifted by bending back the lower and middle spine, arms along the body."""
    return {
        "root": (90.0, 0.0, 0.0),
        "foot.L": (-30.0, 0.0, 0.0),
        "foot.R": (-30.0, 0.0, 0.0),
        "spine05": (-lift_deg / 2, 0.0, 0.0),
        "spine04": (-lift_deg / 2, 0.0, 0.0),
        "neck01": (-lift_deg / 2, 0.0, 0.0),
        **_arms_forward(0.0),
    }


def _seated_pose(arm_flexion_deg: float) -> dict[str, tuple[float, float, float]]:
    """Sitting on the floor, legs straight out in front, trunk upright."""
    return {
        "upperleg01.L": (-90.0, 0.0, 0.0),
        "upperleg01.R": (-90.0, 0.0, 0.0),
        "lowerleg01.L": (5.0, 0.0, 0.0),
        "lowerleg01.R": (5.0, 0.0, 0.0),
        **_arms_forward(arm_flexion_deg),
    }


def _quadruped_pose(neck_deg: float, spine_deg: float) -> dict[str, tuple[float, float, float]]:
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
        **_arms_forward(90 - 2 * spine_deg),  # hands stay under the shoulders
    }


def _cat_cow(name: str, neck_deg: float, spine_deg: float, description: str, cycles: int) -> Clip:
    """Side-on: from neutral on all fours, cow then six times cat and cow (1 s moves, 0.5 s holds)."""
    neutral, cow, cat = (
        _quadruped_pose(0, 0),
        _quadruped_pose(-neck_deg, -spine_deg),
        _quadruped_pose(neck_deg, spine_deg),
    )
    keys = [KeyPose(0.0, neutral), KeyPose(1.5, neutral), KeyPose(2.5, cow), KeyPose(3.0, cow)]
    t = 3.0
    for _ in range(6):
        keys += [KeyPose(t + 1.0, cat), KeyPose(t + 1.5, cat), KeyPose(t + 2.5, cow), KeyPose(t + 3.0, cow)]
        t += 3.0
    keys += [KeyPose(t + 1.0, neutral), KeyPose(t + 1.5, neutral)]
    return Clip(
        name,
        description,
        tuple(keys),
        angles=("trunk_incline", "knee_left", "knee_right", "neck_flexion"),
        camera_azimuth_deg=90.0,
        exercise="cat_cow",
        expected_holds=0,
        expected_cycles=cycles,
    )


def _kneeling_pose() -> dict[str, tuple[float, float, float]]:
    """Kneeling upright, shins flat on the floor behind, arms hanging."""
    return {
        "lowerleg01.L": (90.0, 0.0, 0.0),
        "lowerleg01.R": (90.0, 0.0, 0.0),
        "foot.L": (60.0, 0.0, 0.0),
        "foot.R": (60.0, 0.0, 0.0),
        **_arms_forward(0.0),
    }


def _child_pose(thigh_deg: float) -> dict[str, tuple[float, float, float]]:
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
        **_arms_forward(170.0),
    }


def _twist_seated_pose(side: str | None, turn_deg: float) -> dict[str, tuple[float, float, float]]:
    """Sitting on the floor facing the camera; the `side` knee bent up with its foot across the other
    leg, the trunk turned `turn_deg` (positive to the left). 55 deg reads about 40 on the keypoints."""
    pose = _seated_pose(0.0)
    if side is not None:
        bone, across = ("L", -10.0) if side == "left" else ("R", 10.0)
        pose[f"upperleg01.{bone}"] = (-110.0, 0.0, across)
        pose[f"lowerleg01.{bone}"] = (110.0, 0.0, 0.0)
    pose["spine05"] = (0.0, 0.0, 0.7 * turn_deg)
    pose["spine04"] = (0.0, 0.0, 0.3 * turn_deg)
    return pose


def _thoracic_rotation(name: str, sides: tuple[str, ...], turn_deg: float, description: str) -> Clip:
    """Facing the camera: per rep, cross the leg (2 s), turn (2 s), hold 22.5 s, come back; reps start
    35 s apart, so each begins after the coach's 10 s rest. A rep counts for the side asked for then."""
    straight = _twist_seated_pose(None, 0.0)
    keys, t, asked, working = [KeyPose(0.0, straight)], 1.5, ["left", "left", "right", "right"], []
    for rep, side in enumerate(sides):
        if not working or asked[rep] != working[-1][1]:
            working.append((max(t - 2.0, 0.0), asked[rep]))
        turn = turn_deg if side == "left" else -turn_deg
        crossed, turned = _twist_seated_pose(side, 0.0), _twist_seated_pose(side, turn)
        keys += [
            KeyPose(t, straight), KeyPose(t + 2.0, crossed), KeyPose(t + 4.0, turned),
            KeyPose(t + 26.5, turned), KeyPose(t + 28.5, crossed), KeyPose(t + 30.0, straight),
        ]  # fmt: skip
        t += 35.0
    keys.append(KeyPose(t - 3.5, straight))
    holds = sum(side == want for side, want in zip(sides, asked, strict=False))
    return Clip(
        name,
        description,
        tuple(keys),
        angles=("trunk_rotation", "knee_left", "knee_right"),
        camera_distance_m=3.0,
        fps=10 if len(sides) > 1 else DEFAULT_FPS,
        exercise="thoracic_rotation",
        expected_holds=holds,
        working_sides=tuple(working),
    )


def _rock_pose(tilt_deg: float) -> dict[str, tuple[float, float, float]]:
    """Sitting on the floor facing the camera, the upper body leaning sideways; positive leans to the
    person's left, which drops the left shoulder (shoulder_tilt reads about -15 at 15)."""
    pose = _seated_pose(0.0)
    for bone in ("spine03", "spine04", "spine05"):
        pose[bone] = (0.0, tilt_deg / 3, 0.0)
    return pose


def _side_rock(name: str, tilt_deg: float, description: str, cycles: int) -> Clip:
    """Facing the camera: rock one way, then six times to the other side and back (1.5 s moves,
    0.5 s pauses)."""
    neutral, one, other = _rock_pose(0.0), _rock_pose(tilt_deg), _rock_pose(-tilt_deg)
    keys = [KeyPose(0.0, neutral), KeyPose(1.5, neutral), KeyPose(3.0, one), KeyPose(3.5, one)]
    t = 3.5
    for _ in range(6):
        keys += [
            KeyPose(t + 1.5, other),
            KeyPose(t + 2.0, other),
            KeyPose(t + 3.5, one),
            KeyPose(t + 4.0, one),
        ]
        t += 4.0
    keys += [KeyPose(t + 1.5, neutral), KeyPose(t + 2.0, neutral)]
    return Clip(
        name,
        description,
        tuple(keys),
        angles=("trunk_incline", "shoulder_tilt"),
        camera_distance_m=3.0,
        exercise="side_rock",
        expected_holds=0,
        expected_cycles=cycles,
    )


FOLD_ANGLES = ("trunk_incline", "knee_left", "knee_right")
PRONE_ANGLES = ("chest_lift", "trunk_incline", "knee_left", "knee_right")
CHEST_OPENER_ANGLES = (
    "trunk_incline",
    "knee_left",
    "knee_right",
    "shoulder_flexion_left",
    "shoulder_flexion_right",
)

WALL_LEAN_ANGLES = (
    "body_incline", "knee_left", "knee_right", "elbow_left", "elbow_right",
    "shoulder_flexion_left", "shoulder_flexion_right",
)  # fmt: skip


def _twist_sweep() -> Clip:
    """Standing square to the camera, the trunk turns to known angles each way and back, hips still."""
    keys = [KeyPose(0.0), KeyPose(1.5)]
    t = 1.5
    for turn in (15, 30, 45, -15, -30, -45):
        twisted = {"spine05": (0.0, 0.0, float(turn))}
        keys += [KeyPose(t + 1.0, twisted), KeyPose(t + 2.5, twisted), KeyPose(t + 3.5), KeyPose(t + 4.0)]
        t += 4.0
    return Clip(
        "twist_sweep_front",
        "Standing, facing the camera; trunk turns 15, 30, 45 deg to the left, then to the right, "
        "holding each for 1.5 s; hips stay square.",
        tuple(keys),
        angles=("trunk_rotation",),
        exercise="thoracic_rotation",
    )


CHILD_ANGLES = ("knee_left", "knee_right", "hip_left", "hip_right", "shoulder_flexion_left", "trunk_incline")
FLOOR_CAMERA = {"camera_distance_m": 2.4, "camera_height_m": 0.7}  # closer and lower for a body folded small

_BASE_CLIPS = (
    _twist_sweep(),
    _wall_lean(
        "wall_lean_right",
        45,
        15,
        "Side-on (left side to the camera): leans onto the wall at 45 deg, knees slightly bent, arms "
        "straight at shoulder height; holds 22.5 s and stands up. Expected: one counted hold, "
        "released at 20 s.",
        holds=1,
    ),
    _wall_lean(
        "wall_lean_shallow",
        25,
        15,
        "Fault: the same lean at 25 deg instead of 45 (feet too close to the wall), held 22.5 s. "
        "Expected: never in position, no hold; hint to walk the feet back.",
        holds=0,
    ),
    _cat_cow(
        "cat_cow_right",
        25,
        8,
        "On hands and knees: six cycles of cow (head up, back arched, neck about -26 deg) and cat "
        "(chin tucked, back rounded, neck about 42 deg). Expected: 6 cycles, one set done.",
        cycles=6,
    ),
    _cat_cow(
        "cat_cow_small",
        6,
        2,
        "Fault: the same rhythm with the head barely moving (neck about 0-15 deg). Expected: no cycle "
        "counted.",
        cycles=0,
    ),
    _held_clip(
        "forward_fold_right",
        "forward_fold",
        {},
        _forward_fold_pose(80, 0),
        FOLD_ANGLES,
        "Stands, folds forward 80 deg at the hips with straight legs and hanging arms, holds 22.5 s, "
        "stands up. Expected: one counted hold.",
        holds=1,
    ),
    _held_clip(
        "forward_fold_bent_knees",
        "forward_fold",
        {},
        _forward_fold_pose(80, 50),
        FOLD_ANGLES,
        "Fault: the same fold with the knees bent 50 deg (knee angle about 125). Expected: no hold; "
        "hint to straighten the knees.",
        holds=0,
    ),
    _held_clip(
        "prone_extension_right",
        "prone_extension",
        _prone_pose(0),
        _prone_pose(20),
        PRONE_ANGLES,
        "Lying on the front, lifts the chest about 17 deg, holds 22.5 s, lowers it. Expected: one "
        "counted hold.",
        holds=1,
    ),
    _held_clip(
        "prone_extension_too_high",
        "prone_extension",
        _prone_pose(0),
        _prone_pose(60),
        PRONE_ANGLES,
        "Fault: the chest lifted about 52 deg, past the 35 deg safety limit. Expected: no hold; "
        "the coach says to ease off.",
        holds=0,
    ),
    _held_clip(
        "chest_opener_right",
        "chest_opener",
        _seated_pose(0),
        _seated_pose(-40),
        CHEST_OPENER_ANGLES,
        "Seated on the floor, legs straight: takes the arms about 37 deg behind the trunk, holds "
        "22.5 s, brings them back. Expected: one counted hold.",
        holds=1,
    ),
    _held_clip(
        "chest_opener_arms_forward",
        "chest_opener",
        _seated_pose(0),
        _seated_pose(20),
        CHEST_OPENER_ANGLES,
        "Fault: sits tall but the hands stay in front of the trunk. Expected: no hold; hint to take "
        "the hands behind the back.",
        holds=0,
    ),
    _held_clip(
        "child_pose_right",
        "child_pose",
        _kneeling_pose(),
        _child_pose(-65.0),
        CHILD_ANGLES,
        "Kneels upright, folds forward onto the heels with the arms reaching forward along the floor "
        "(knees about 25 deg, hips about 20), holds 22.5 s, kneels up. Expected: one counted hold.",
        holds=1,
        **FLOOR_CAMERA,
    ),
    _held_clip(
        "child_pose_hips_up",
        "child_pose",
        _kneeling_pose(),
        _child_pose(0.0),
        CHILD_ANGLES,
        "Fault: reaches forward but keeps the hips up over the knees (knees and hips about 90 deg). "
        "Expected: no hold; hint to sit back onto the heels.",
        holds=0,
        **FLOOR_CAMERA,
    ),
    _thoracic_rotation(
        "thoracic_rotation_both_sides",
        ("left", "left", "right", "right"),
        55.0,
        "Seated on the floor facing the camera: crosses the left knee over, turns the chest about "
        "40 deg to the left and holds 22.5 s, twice; then the same to the right, twice, each rep after "
        "the coach's 10 s rest. Expected: 4 counted holds, 2 per side.",
    ),
    _thoracic_rotation(
        "thoracic_rotation_wrong_side",
        ("right",),
        55.0,
        "Fault: starts with the right side (right knee crossed, chest turned about 40 deg to the right) "
        "while the coach asks for the left. Expected: no hold; hint that this set is for the left side.",
    ),
    _side_rock(
        "side_rock_right",
        15.0,
        "Seated on the floor facing the camera: rocks the upper body to the left and right (shoulder "
        "line tilted about 15 deg each way), six times. Expected: 6 cycles, one set done.",
        cycles=6,
    ),
    _side_rock(
        "side_rock_small",
        4.0,
        "Fault: the same rock, tilting only about 4 deg each way. Expected: no cycle counted.",
        cycles=0,
    ),
    _wall_lean_steps_out(),
)

_BY_NAME = {clip.name: clip for clip in _BASE_CLIPS}
# The same moves on two other bodies, three filmed from a camera 10-15 deg off the ideal view.
_VARIANTS = (
    _variant(_BY_NAME["forward_fold_right"], SLIM_MAN, 15.0),
    _variant(_BY_NAME["prone_extension_right"], SLIM_MAN, -10.0),
    _variant(_BY_NAME["child_pose_right"], SLIM_MAN),
    _variant(_BY_NAME["wall_lean_right"], OLDER_WOMAN, 15.0),
    _variant(_BY_NAME["chest_opener_right"], OLDER_WOMAN),
)
CLIPS = {clip.name: clip for clip in (*_BASE_CLIPS, *_VARIANTS)}


class Renderer:
    """anny's body posed and rendered offscreen, with its exact keypoints."""

    def __init__(self) -> None:
        import anny
        import pyrender
        import roma
        import torch

        self._torch, self._roma, self._pyrender = torch, roma, pyrender
        self.model = anny.Anny()
        self.keypoints = anny.KeypointsRegressor.coco(self.model)
        self.faces = self.model.faces.numpy()
        self._renderer = pyrender.OffscreenRenderer(WIDTH, HEIGHT)

    def body(
        self, bones: dict[str, np.ndarray], physique: Physique = AVERAGE, shift_m: np.ndarray | None = None
    ) -> tuple[np.ndarray, dict[str, np.ndarray]]:
        """Posed vertices and COCO keypoints, in anny's frame (metres, Z up, facing -Y)."""
        torch = self._torch
        pose = torch.eye(4).repeat(1, len(self.model.bone_labels), 1, 1)
        for name, rotvec in bones.items():
            pose[0, self.model.bone_labels.index(name), :3, :3] = self._roma.rotvec_to_rotmat(
                torch.tensor(rotvec, dtype=torch.float32)
            )
        phenotype = {k: torch.tensor([v]) for k, v in physique.phenotype.items()} or None
        with torch.no_grad():
            out = self.model(pose_parameters=pose, phenotype_kwargs=phenotype)
            points = self.keypoints(out)[0].numpy()
        shift = np.zeros(3) if shift_m is None else shift_m
        vertices = out["vertices"][0].numpy() + shift
        return vertices, dict(zip(self.keypoints.labels, points + shift, strict=True))

    def render(
        self,
        vertices: np.ndarray,
        camera_pose: np.ndarray,
        background: np.ndarray,
        wall_y: float | None = None,
        skin_rgb: tuple[float, float, float] = AVERAGE.skin_rgb,
    ) -> np.ndarray:
        import trimesh

        pyrender = self._pyrender
        scene = pyrender.Scene(bg_color=[0, 0, 0, 0], ambient_light=[0.35, 0.35, 0.35])
        skin = pyrender.MetallicRoughnessMaterial(baseColorFactor=[*skin_rgb, 1.0], roughnessFactor=0.8)
        scene.add(
            pyrender.Mesh.from_trimesh(trimesh.Trimesh(vertices, self.faces, process=False), material=skin)
        )
        floor = trimesh.creation.box(extents=[8, 8, 0.02])
        floor.apply_translation([0, 0, vertices[:, 2].min() - 0.011])
        wood = pyrender.MetallicRoughnessMaterial(
            baseColorFactor=[0.55, 0.42, 0.30, 1.0], roughnessFactor=0.9
        )
        scene.add(pyrender.Mesh.from_trimesh(floor, material=wood))
        if wall_y is not None:
            wall = trimesh.creation.box(extents=[3.0, 0.1, 3.0])
            wall.apply_translation([0, wall_y - 0.05, vertices[:, 2].min() + 1.5])
            paint = pyrender.MetallicRoughnessMaterial(
                baseColorFactor=[0.85, 0.85, 0.8, 1.0], roughnessFactor=1.0
            )
            scene.add(pyrender.Mesh.from_trimesh(wall, material=paint))
        camera = pyrender.PerspectiveCamera(yfov=np.radians(FIELD_OF_VIEW_DEG), aspectRatio=WIDTH / HEIGHT)
        scene.add(camera, pose=camera_pose)
        scene.add(pyrender.DirectionalLight(color=np.ones(3), intensity=2.5), pose=camera_pose)
        color, depth = self._renderer.render(scene)
        image = cv2.cvtColor(color, cv2.COLOR_RGB2BGR)
        return np.where(depth[..., None] > 0, image, background)


def camera_pose(clip: Clip) -> np.ndarray:
    """The camera's 4x4 pose in anny's frame (pyrender cameras look down their -z)."""
    azimuth = np.radians(clip.camera_azimuth_deg)
    # Azimuth 0 is in front of the body (-Y); 90 is at the body's left (+X).
    eye = np.array([np.sin(azimuth), -np.cos(azimuth), 0]) * clip.camera_distance_m
    eye[2] = clip.camera_height_m - 0.9  # anny's origin is about 0.9 m above its soles
    target = np.array([0.0, 0.0, eye[2]])
    back = (eye - target) / np.linalg.norm(eye - target)
    right = np.cross([0, 0, 1], back)
    right /= np.linalg.norm(right)
    up = np.cross(back, right)
    pose = np.eye(4)
    pose[:3, 0], pose[:3, 1], pose[:3, 2], pose[:3, 3] = right, up, back, eye
    return pose


def room_background(seed: int = 7) -> np.ndarray:
    """A softly lit wall with a window, a picture and a skirting board: texture for the detector."""
    rng = np.random.default_rng(seed)
    y = np.linspace(0, 1, HEIGHT)[:, None, None]
    wall = np.array([200, 206, 212]) - 40 * y + rng.normal(0, 4, (HEIGHT, WIDTH, 1))
    image = np.clip(np.broadcast_to(wall, (HEIGHT, WIDTH, 3)), 0, 255).astype(np.uint8).copy()
    cv2.rectangle(image, (40, 60), (170, 220), (225, 215, 190), -1)  # window
    cv2.rectangle(image, (40, 60), (170, 220), (120, 110, 100), 4)
    cv2.line(image, (105, 60), (105, 220), (120, 110, 100), 3)
    cv2.rectangle(image, (470, 90), (590, 170), (90, 120, 160), -1)  # picture
    cv2.rectangle(image, (470, 90), (590, 170), (60, 60, 60), 3)
    return image


def _ground_truth_pose(points: dict[str, np.ndarray]) -> Pose:
    """Exact keypoints as a posecoach Pose in MediaPipe's world axes (x left->right, y down, z away)."""
    world = np.zeros((LANDMARK_COUNT, 3))
    landmarks = np.zeros((LANDMARK_COUNT, 5))
    for name, landmark in COCO_TO_LANDMARK.items():
        x, y, z = points[name]
        world[landmark] = (x, -z, y)
        landmarks[landmark, 3:] = 1.0
    return Pose(landmarks, world, (WIDTH, HEIGHT))


def _in_view(points: dict[str, np.ndarray], camera: np.ndarray) -> bool:
    """Whether every keypoint falls inside the picture of the camera at pose `camera`."""
    focal = HEIGHT / 2 / np.tan(np.radians(FIELD_OF_VIEW_DEG) / 2)
    for point in points.values():
        x, y, z = camera[:3, :3].T @ (point - camera[:3, 3])  # the camera looks down its -z
        if z >= 0 or not (
            0 <= WIDTH / 2 + focal * x / -z < WIDTH and 0 <= HEIGHT / 2 - focal * y / -z < HEIGHT
        ):
            return False
    return True


def _working_side(clip: Clip, t_s: float) -> str:
    return [side for start, side in clip.working_sides if start <= t_s][-1]


def _expected_in_position(clip: Clip, angles: dict[str, float | None], t_s: float) -> bool | None:
    """Whether the exact angles meet every target and limit of the clip's exercise (side-on: the near
    side; sided exercises: the side the coach asks for at `t_s`)."""
    if clip.exercise is None or clip.expected_holds is None:
        return None
    from posecoach.engine.routine import default_routine_path, load_routine

    exercise = load_routine(default_routine_path()).exercise(clip.exercise)
    working = _working_side(clip, t_s)
    sides = {
        "near": "left" if clip.camera_azimuth_deg > 0 else "right",
        "working": working,
        "other": "right" if working == "left" else "left",
    }
    for item in (*exercise.targets, *exercise.safety):
        value = angles.get(f"{item.angle}_{sides[item.side]}" if item.side else item.angle)
        if value is None:
            raise ValueError(f"{clip.name}: record {item.angle} to judge {clip.exercise}")
        if item.toward_working_side and working == "right":
            value = -value
        if (item.low is not None and value < item.low) or (item.high is not None and value > item.high):
            return False
    return True


def render_clip(renderer: Renderer, clip: Clip, out_dir: Path) -> Path:
    """Write `out_dir/<clip>.mp4` and its ground-truth sidecar `<clip>.json`; returns the video path."""
    video = out_dir / f"{clip.name}.mp4"
    out_dir.mkdir(parents=True, exist_ok=True)
    writer = cv2.VideoWriter(str(video), cv2.VideoWriter.fourcc(*"mp4v"), clip.fps, (WIDTH, HEIGHT))
    background = room_background()
    pose = camera_pose(clip)
    wall_y = None
    if clip.wall_at_s is not None:
        _, points = renderer.body(_interpolate(clip.keys, clip.wall_at_s)[0], clip.physique)
        # The wall stands just beyond the palms (anny faces -Y, so "beyond" is more negative).
        wall_y = min(points["left_wrist"][1], points["right_wrist"][1]) - 0.06
    frames = []
    count = round(clip.duration_s * clip.fps) + 1
    for index in range(count):
        t_ms = round(index * 1000 / clip.fps)
        bones, shift = _interpolate(clip.keys, t_ms / 1000)
        vertices, points = renderer.body(bones, clip.physique, shift)
        writer.write(renderer.render(vertices, pose, background, wall_y, clip.physique.skin_rgb))
        truth = _ground_truth_pose(points)
        angles = {name: measure(truth, name, plane="world") for name in clip.angles}
        in_position = _expected_in_position(clip, angles, t_ms / 1000)
        in_view = _in_view(points, pose)
        frames.append(
            {
                "index": index,
                "t_ms": t_ms,
                "angles": {k: round(v, 3) for k, v in angles.items()},
                "in_position": in_position and in_view if in_position is not None else None,
                "in_pose": _holding(clip.keys, t_ms / 1000) and in_view,
                "in_view": in_view,
            }
        )
    writer.release()
    sidecar = {
        "clip": clip.name,
        "description": clip.description,
        "exercise": clip.exercise,
        "expected_holds": clip.expected_holds,
        "expected_cycles": clip.expected_cycles,
        "fps": clip.fps,
        "frame_count": count,
        "body": {"description": clip.physique.description, "phenotype": clip.physique.phenotype},
        "camera": {
            "azimuth_deg": clip.camera_azimuth_deg,
            "height_m": clip.camera_height_m,
            "distance_m": clip.camera_distance_m,
        },
        "frames": frames,
    }
    video.with_suffix(".json").write_text(json.dumps(sidecar, separators=(",", ":")))
    return video


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
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
            subprocess.run([sys.executable, __file__, "--out", str(args.out), name], check=True)
        return 0
    renderer = Renderer()
    path = render_clip(renderer, CLIPS[names[0]], args.out)
    print(f"{path}: {CLIPS[names[0]].description}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
