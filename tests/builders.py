"""Builders for landmark fixtures with known geometry."""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

import numpy as np

from posecoach.body.angles import ANGLES, AngleKey
from posecoach.body.points import SIDES
from posecoach.engine.checker import ExerciseChecker, Verdict
from posecoach.engine.routine_file import default_routine_path, load_routine
from posecoach.engine.routine_runner import RoutineRunner
from posecoach.pose.landmarks import LANDMARK_COUNT, Landmark
from posecoach.pose.pose import Pose
from posecoach.reports.session_log import SessionLog

ROUTINE = load_routine(default_routine_path())

IMAGE_SIZE = (640, 480)


def point_at(angle_deg: float, length: float, origin: tuple[float, float]) -> tuple[float, float]:
    """A point `length` px from `origin`, at `angle_deg` clockwise from straight up on screen."""
    a = math.radians(angle_deg)
    return origin[0] + length * math.sin(a), origin[1] - length * math.cos(a)


def make_pose(
    center: tuple[float, float] = (320, 240),
    height: float = 300,
    image_size: tuple[int, int] = IMAGE_SIZE,
    visibility: float = 0.99,
    **points: tuple[float, float],
) -> Pose:
    """A standing person facing the camera, `height` pixels tall, centred at `center` (pixels).

    Any landmark can be moved with a keyword, e.g. `left_knee=(300, 380)`, in pixels.
    """
    cx, cy = center
    body = {
        Landmark.NOSE: (0.0, -0.45),
        Landmark.LEFT_EAR: (0.04, -0.44),
        Landmark.RIGHT_EAR: (-0.04, -0.44),
        Landmark.LEFT_SHOULDER: (0.1, -0.3),
        Landmark.RIGHT_SHOULDER: (-0.1, -0.3),
        Landmark.LEFT_ELBOW: (0.12, -0.1),
        Landmark.RIGHT_ELBOW: (-0.12, -0.1),
        Landmark.LEFT_WRIST: (0.13, 0.05),
        Landmark.RIGHT_WRIST: (-0.13, 0.05),
        Landmark.LEFT_HIP: (0.07, 0.0),
        Landmark.RIGHT_HIP: (-0.07, 0.0),
        Landmark.LEFT_KNEE: (0.07, 0.25),
        Landmark.RIGHT_KNEE: (-0.07, 0.25),
        Landmark.LEFT_ANKLE: (0.07, 0.5),
        Landmark.RIGHT_ANKLE: (-0.07, 0.5),
    }
    xy = np.tile([cx, cy], (LANDMARK_COUNT, 1)).astype(float)
    for landmark, (dx, dy) in body.items():
        xy[landmark] = (cx + dx * height, cy + dy * height)
    for name, point in points.items():
        xy[Landmark[name.upper()]] = point
    landmarks = np.zeros((LANDMARK_COUNT, 5))
    landmarks[:, :2] = xy / np.asarray(image_size, dtype=float)
    landmarks[:, 3:] = visibility
    world = np.zeros((LANDMARK_COUNT, 3))
    world[:, :2] = (xy - [cx, cy]) / height * 1.7
    return Pose(landmarks, world, image_size)


def side_pose(
    image_size: tuple[int, int] = IMAGE_SIZE,
    near: str = "left",
    world: dict[str, tuple[float, float, float]] | None = None,
    hidden: tuple[str, ...] = (),
    **parts: tuple[float, float],
) -> Pose:
    """A person seen side-on: each part (e.g. `knee=(300, 380)`) is placed for both sides, in pixels.

    Parts not given keep a standing person's place, facing right (+x). `hidden` names landmarks
    (e.g. "left_ankle") whose visibility is 0.1. World landmarks, when given, are set by landmark name.
    """
    standing = {
        "nose": (340, 95), "ear": (315, 100), "shoulder": (310, 130), "elbow": (310, 200),
        "wrist": (310, 260), "hip": (310, 270), "knee": (310, 370), "ankle": (310, 460),
        "heel": (300, 465), "foot_index": (340, 468),
    }  # fmt: skip
    standing.update(parts)
    points: dict[str, tuple[float, float]] = {"nose": standing.pop("nose")}
    for part, (x, y) in standing.items():
        for side in ("left", "right"):
            points[f"{side}_{part}"] = (x, y)
    pose = make_pose(image_size=image_size, **points)
    landmarks = pose.landmarks.copy()
    for name in hidden:
        landmarks[Landmark[name.upper()], 3] = 0.1
    # The far side is a little less visible, as MediaPipe reports it side-on.
    far = "right" if near == "left" else "left"
    for landmark in Landmark:
        if landmark.name.startswith(far.upper()):
            landmarks[landmark, 3] = min(landmarks[landmark, 3], 0.8)
    world_points = pose.world.copy()
    # Depth: the near side is closer to the camera (smaller z).
    for landmark in Landmark:
        if landmark.name.startswith(far.upper()):
            world_points[landmark, 2] = 0.15
    for name, xyz in (world or {}).items():
        world_points[Landmark[name.upper()]] = xyz
    return Pose(landmarks, world_points, image_size)


def wall_lean(body_deg: float = 45, knee_bend: float = 16, ankle=(180.0, 440.0), **overrides) -> Pose:
    """Side-on wall lean facing right: legs, trunk and arms laid out from the ankle up."""
    knee = point_at(body_deg - knee_bend / 2, 130, ankle)
    hip = point_at(body_deg + knee_bend / 2, 130, knee)
    shoulder = point_at(body_deg, 150, hip)
    parts = {
        "ankle": ankle, "heel": (ankle[0] - 10, ankle[1] + 5), "foot_index": (ankle[0] + 30, ankle[1] + 8),
        "knee": knee, "hip": hip, "shoulder": shoulder,
        "elbow": (shoulder[0] + 70, shoulder[1]), "wrist": (shoulder[0] + 140, shoulder[1]),
        "ear": point_at(body_deg, 35, shoulder), "nose": point_at(body_deg + 40, 45, shoulder),
    }  # fmt: skip
    parts.update(overrides)
    return side_pose(**parts)


# A person lying face down, side-on, facing right: pixel positions of the near side's landmarks.
PRONE = {"hip": (300, 400), "knee": (200, 400), "ankle": (100, 400), "elbow": (450, 420),
         "wrist": (500, 420)}  # fmt: skip


def check_exercise(exercise_id: str, pose: Pose | None, side: str | None = None, frames: int = 1) -> Verdict:
    """The verdict on `pose` held for `frames` frames (33 ms apart) against an exercise of the routine."""
    checker = ExerciseChecker(ROUTINE.exercise(exercise_id))
    verdict = None
    for i in range(frames):
        verdict = checker.check(pose, i * 33, side)
    return verdict


def all_keys(plane: str = "image") -> tuple[AngleKey, ...]:
    """Every angle of the vocabulary in `plane`, sided ones once per side."""
    return tuple(
        AngleKey(spec.name, side, plane)  # type: ignore[arg-type]
        for spec in ANGLES.values()
        for side in (SIDES if spec.sided else (None,))
    )


def coached_wall_lean(
    path: Path, pose_at: Callable[[int], Pose], seconds: int = 100, commands: dict[int, str] | None = None
) -> Path:
    """A wall-lean session as the coach logs it, the person in `pose_at(t_ms)` every 100 ms, giving
    the commands (e.g. {15_000: "pain"}) at their times."""
    runner = RoutineRunner(ROUTINE, (ROUTINE.exercise("wall_lean"),))
    commands = commands or {}
    with SessionLog(path) as log:
        log.start(ROUTINE.id, "fixture", ["wall_lean"], ROUTINE.path)
        for t_ms in range(0, seconds * 1000, 100):
            if t_ms in commands:
                runner.command(commands[t_ms], t_ms)
            log.append(runner.step(pose_at(t_ms), t_ms))
    return path
