"""Verdicts and hints for single frames, on landmark fixtures and the shipped routine."""

from __future__ import annotations

import math

import pytest

from posecoach.body.twist import TwistGauge
from posecoach.engine.checker import NO_PERSON_HINT, ExerciseChecker
from posecoach.engine.routine import default_routine_path, load_routine
from posecoach.pose.landmarks import Landmark
from posecoach.pose.pose import Pose

from builders import make_pose, point_at, side_pose

ROUTINE = load_routine(default_routine_path())


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


def _check(exercise_id: str, pose: Pose | None, side: str | None = None, frames: int = 1):
    checker = ExerciseChecker(ROUTINE.exercise(exercise_id))
    verdict = None
    for i in range(frames):
        verdict = checker.check(pose, i * 33, side)
    return verdict


def test_a_good_wall_lean_is_in_position_with_nothing_to_say():
    verdict = _check("wall_lean", wall_lean())
    assert verdict.in_position, verdict
    assert verdict.hint is None
    assert (verdict.view.label, verdict.position.label) == ("side_left", "standing")
    assert verdict.angles["knee_left"] == pytest.approx(164, abs=0.5)
    assert verdict.angles["shoulder_flexion_left"] == pytest.approx(135, abs=3)
    assert all(c.status == "ok" for c in verdict.checks)


def test_a_shallow_lean_gets_the_measured_value_in_the_hint():
    verdict = _check("wall_lean", wall_lean(body_deg=25))
    assert not verdict.in_position
    assert verdict.hint == "Walk your feet further back: your body is at 25°, lean to 45°"
    incline = next(c for c in verdict.checks if c.name == "body_incline")
    assert (incline.status, incline.low, incline.high, incline.target) == ("low", 37, 53, 45)


def test_locked_knees_are_the_hint_when_the_lean_is_right():
    verdict = _check("wall_lean", wall_lean(knee_bend=0))
    assert verdict.hint == "Keep your knees slightly bent"


def test_the_most_important_failing_target_speaks():
    # Both the lean (priority 1) and the knees (priority 2) are off: only the lean is said.
    verdict = _check("wall_lean", wall_lean(body_deg=25, knee_bend=0))
    assert [c.status for c in verdict.checks[:2]] == ["low", "high"]
    assert verdict.hint.startswith("Walk your feet further back")


def test_feet_out_of_frame_say_step_back():
    pose = wall_lean(ankle=(180.0, 520.0), hidden=("left_ankle", "right_ankle"))
    verdict = _check("wall_lean", pose)
    assert not verdict.in_position
    assert verdict.hint == "Step back: your feet are out of view"


def test_wrong_view_and_wrong_position():
    assert _check("wall_lean", make_pose()).hint == "Turn your side to the camera"
    seated = side_pose(hip=(300, 400), knee=(400, 400), ankle=(500, 400), shoulder=(300, 260),
                       ear=(305, 230), nose=(330, 225))  # fmt: skip
    assert _check("wall_lean", seated).hint == "Stand up"
    assert _check("prone_extension", side_pose()).hint == "Lie on your front"


def test_nobody_in_view():
    verdict = _check("wall_lean", None)
    assert not verdict.in_position and verdict.hint == NO_PERSON_HINT


PRONE = {"hip": (300, 400), "knee": (200, 400), "ankle": (100, 400), "elbow": (450, 420),
         "wrist": (500, 420)}  # fmt: skip


@pytest.mark.parametrize(
    ("lift", "in_position", "hint"),
    [
        (5, False, "Lift your chest a little higher (5°, aim for 10-30°)"),
        (20, True, None),
        (32, False, "Lower your chest a little"),
        (40, False, "Ease off: lower your chest, this is past a safe range"),
    ],
)
def test_prone_extension_range_and_safety_limit(lift: float, in_position: bool, hint: str | None):
    shoulder = point_at(90 - lift, 140, (300, 400))
    pose = side_pose(
        shoulder=shoulder,
        ear=point_at(90 - lift, 40, shoulder),
        nose=point_at(120 - lift, 50, shoulder),
        **PRONE,
    )
    verdict = _check("prone_extension", pose)
    assert verdict.position.label == "prone"
    assert (verdict.in_position, verdict.hint) == (in_position, hint)


def _front_twist(turn_deg: float, **moved: tuple[float, float]) -> Pose:
    """Seated facing the camera, shoulders turned by `turn_deg` (positive to the person's left)."""
    a = math.radians(turn_deg)
    half = 40 * math.cos(a)
    # Seated, facing the camera: thighs come toward the camera, so in the image knees sit below hips.
    points = {
        "left_shoulder": (320 + half, 200), "right_shoulder": (320 - half, 200),
        "left_hip": (345, 330), "right_hip": (295, 330),
        "left_knee": (350, 380), "right_knee": (290, 380),
        "left_ankle": (350, 430), "right_ankle": (290, 430),
        "nose": (320, 160), "left_ear": (335, 165), "right_ear": (305, 165),
    }  # fmt: skip
    pose = make_pose(**{**points, **moved})
    landmarks = pose.landmarks.copy()
    landmarks[Landmark.LEFT_SHOULDER, 2] = 0.1 * math.sin(a)
    landmarks[Landmark.RIGHT_SHOULDER, 2] = -0.1 * math.sin(a)
    return Pose(landmarks, pose.world, pose.image_size)


def test_twist_gauge_reads_the_turn_against_the_square_on_width():
    gauge = TwistGauge()
    for _ in range(5):
        assert gauge(_front_twist(0)) == pytest.approx(0)
    readings = [gauge(_front_twist(35)) for _ in range(5)]
    assert readings[-1] == pytest.approx(35, abs=0.01)
    assert [gauge(_front_twist(-35)) for _ in range(5)][-1] == pytest.approx(-35, abs=0.01)


def _rotation_verdicts(turn_deg: float, side: str, **knees) -> list:
    checker = ExerciseChecker(ROUTINE.exercise("thoracic_rotation"))
    frames = [_front_twist(0)] * 5 + [_front_twist(turn_deg, **knees)] * 25
    return [checker.check(pose, i * 33, side) for i, pose in enumerate(frames)]


BENT_LEFT = {"left_knee": (350, 380), "left_ankle": (290, 345)}
BENT_RIGHT = {"right_knee": (290, 380), "right_ankle": (350, 345)}


def test_thoracic_rotation_toward_the_bent_knee_is_in_position_on_either_side():
    left = _rotation_verdicts(35, "left", **BENT_LEFT)[-1]
    assert (left.view.label, left.position.label) == ("front", "seated")
    assert left.in_position, left.hint
    right = _rotation_verdicts(-35, "right", **BENT_RIGHT)[-1]
    assert right.in_position, right.hint
    rotation = next(c for c in right.checks if c.name == "trunk_rotation")
    assert rotation.value == pytest.approx(35, abs=1)  # counted toward the working side


def test_too_small_a_twist_and_the_wrong_side_get_their_own_hints():
    small = _rotation_verdicts(15, "left", **BENT_LEFT)[-1]
    assert small.hint == "Turn your chest further (15°, aim for 30°)"
    wrong = _rotation_verdicts(-35, "left", **BENT_RIGHT)[-1]
    assert not wrong.in_position
    assert wrong.hint == "Other side: this set is for your left side"


@pytest.mark.parametrize(("side", "turn", "knees"), [("left", 75, BENT_LEFT), ("right", -75, BENT_RIGHT)])
def test_twisting_past_the_safe_range_says_ease_off_on_either_side(side: str, turn: float, knees):
    verdict = _rotation_verdicts(turn, side, **knees)[-1]
    assert not verdict.in_position
    assert verdict.hint == "Ease off: turn back a little"


def test_a_posture_the_classifier_cannot_name_gets_the_failing_target_as_hint():
    # Child's pose done wrong: reaching forward but the hips up over the knees (it is neither kneeling
    # upright nor on all fours). "Kneel on the floor" would confuse; the knee target says what to do.
    hips_up = side_pose(hip=(300, 300), knee=(300, 400), ankle=(200, 395), heel=(190, 392),
                        foot_index=(170, 400), shoulder=(440, 350), elbow=(520, 380), wrist=(590, 400),
                        ear=(470, 365), nose=(490, 380))  # fmt: skip
    verdict = _check("child_pose", hips_up)
    assert verdict.position.label == "unknown"
    assert not verdict.in_position
    assert verdict.hint == "Sit back further onto your heels"
