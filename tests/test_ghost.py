"""The target ghost: moving the person's segment onto its ghost makes the angle read its goal."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from posecoach.body.angles import AngleKey, measure
from posecoach.engine.checker import TargetCheck
from posecoach.pose.landmarks import Landmark
from posecoach.pose.pose import Pose
from posecoach.ui.ghost import GhostSegment, ghost_segments, goal_value

from builders import PRONE, check_exercise, point_at, side_pose, wall_lean


def _moved(pose: Pose, landmarks: tuple[str, ...], point: np.ndarray) -> Pose:
    """`pose` with `landmarks` (e.g. "left_ankle") moved to `point`, in pixels."""
    normalized = pose.landmarks.copy()
    for name in landmarks:
        normalized[Landmark[name.upper()], :2] = point / np.asarray(pose.image_size, dtype=float)
    return Pose(normalized, pose.world, pose.image_size)


def _ghosts(exercise_id: str, pose: Pose) -> dict[str, tuple[GhostSegment, TargetCheck]]:
    """Each ghost segment of `pose`, with the check it shows, by angle name."""
    checks = {str(check.key): check for check in check_exercise(exercise_id, pose).checks}
    return {
        str(segment.key): (segment, checks[str(segment.key)])
        for segment in ghost_segments(pose, tuple(checks.values()))
    }


BOTH_SHOULDERS = ("left_shoulder", "right_shoulder")


@pytest.mark.parametrize(
    ("exercise_id", "pose", "angle", "moves", "goal"),
    [
        # Too shallow a wall lean: the body line from the ankles at the ideal 45 deg.
        ("wall_lean", wall_lean(body_deg=25), "body_incline", BOTH_SHOULDERS, 45),
        # Locked knees (180, range 150-175): the shin stays on the floor, the thigh bends to the middle.
        ("wall_lean", wall_lean(knee_bend=0), "knee_left", ("left_hip",), 162.5),
        # Chest lifted too high (40, range 10-30): the trunk from the hips at 20 deg.
        (
            "prone_extension",
            side_pose(shoulder=point_at(50, 140, (300, 400)), **PRONE),
            "chest_lift",
            BOTH_SHOULDERS,
            20,
        ),
    ],
)
def test_the_ghost_segment_reads_the_goal(exercise_id, pose, angle, moves, goal):
    ghosts = _ghosts(exercise_id, pose)
    assert angle in ghosts, f"no ghost for {angle}: {sorted(ghosts)}"
    segment, check = ghosts[angle]
    assert check.status != "ok" and goal_value(check) == goal
    before = measure(pose, AngleKey.parse(angle))
    after = measure(_moved(pose, moves, segment.end), AngleKey.parse(angle))
    assert before is not None and abs(before - goal) > 5
    assert after == pytest.approx(goal, abs=0.5)


def _rotated(point: np.ndarray, center: np.ndarray, radians: float) -> np.ndarray:
    cos, sin = np.cos(radians), np.sin(radians)
    x, y = point - center
    return center + np.array([cos * x - sin * y, sin * x + cos * y])


@pytest.mark.parametrize("elbow_deg", [180, 120], ids=["straight arm", "bent elbow"])
def test_the_ghost_arm_turns_whole_about_the_shoulder(elbow_deg: float):
    shoulder = np.array(wall_lean().xy[Landmark.LEFT_SHOULDER])
    # The upper arm 60 deg below the horizontal: hands far too low on the wall.
    upper = np.radians(60)
    elbow = shoulder + 70 * np.array([np.cos(upper), np.sin(upper)])
    forearm = upper - np.radians(180 - elbow_deg)
    wrist = elbow + 70 * np.array([np.cos(forearm), np.sin(forearm)])
    pose = wall_lean(elbow=tuple(elbow), wrist=tuple(wrist))
    segment, check = _ghosts("wall_lean", pose)["shoulder_flexion_left"]
    assert check.status == "low" and np.allclose(segment.start, shoulder)
    assert np.linalg.norm(segment.end - shoulder) == pytest.approx(np.linalg.norm(wrist - shoulder))
    turn = np.arctan2(*(segment.end - shoulder)[::-1]) - np.arctan2(*(wrist - shoulder)[::-1])
    turned = _moved(
        _moved(pose, ("left_wrist",), segment.end), ("left_elbow",), _rotated(elbow, shoulder, turn)
    )
    assert measure(turned, AngleKey("shoulder_flexion", "left")) == pytest.approx(goal_value(check), abs=0.5)


def test_the_ghost_arm_starts_from_the_checked_value_and_measures_nothing():
    # The smoothed value drawn beside the joint lags the raw pose: the ghost turns the arm from it.
    pose = wall_lean(elbow=(330.0, 190.0), wrist=(360.0, 250.0))
    check = check_exercise("wall_lean", pose).checks
    arm = next(c for c in check if c.key == AngleKey("shoulder_flexion", "left"))
    lagging = replace(arm, value=arm.value - 10)
    (segment,) = ghost_segments(pose, (arm,))
    (lagged,) = ghost_segments(pose, (lagging,))
    shoulder = segment.start
    turn = np.degrees(
        np.arctan2(*(lagged.end - shoulder)[::-1]) - np.arctan2(*(segment.end - shoulder)[::-1])
    )
    assert abs((turn + 180) % 360 - 180) == pytest.approx(10, abs=0.01)


def test_the_ghost_keeps_the_way_the_person_leans():
    ghosts = _ghosts("wall_lean", wall_lean(body_deg=25))
    segment, _ = ghosts["body_incline"]
    assert segment.end[0] > segment.start[0]  # the fixture faces right and leans right
    mirrored = _ghosts("wall_lean", wall_lean(body_deg=-25, ankle=(460.0, 440.0)))
    assert mirrored["body_incline"][0].end[0] < mirrored["body_incline"][0].start[0]


def test_a_posture_in_range_has_no_ghost():
    assert ghost_segments(wall_lean(), check_exercise("wall_lean", wall_lean()).checks) == []


@pytest.mark.parametrize(
    ("low", "high", "target", "status", "goal"),
    [
        (37, 53, 45, "low", 45),  # an ideal is the goal
        (150, None, None, "low", 155),  # a bare bound: a little inside it
        (None, 60, None, "high", 55),
        (10, 30, 20, "ok", None),
        (10, 30, 20, "unseen", None),
    ],
)
def test_goal_value(low, high, target, status, goal):
    check = TargetCheck(AngleKey("knee", "left"), 0.0, low, high, target, status, None, 1)
    assert goal_value(check) == goal
