"""Verdicts and hints for single frames, on landmark fixtures and the shipped routine."""

from __future__ import annotations

import math

import pytest

from posecoach.body.angles import AngleKey
from posecoach.body.smoothing import AngleSmoother
from posecoach.body.twist import TwistGauge
from posecoach.engine.checker import ExerciseChecker
from posecoach.engine.hints import NO_PERSON_HINT
from posecoach.pose.landmarks import Landmark
from posecoach.pose.pose import Pose

from builders import PRONE, ROUTINE, check_exercise, make_pose, point_at, side_pose, wall_lean


def test_a_good_wall_lean_is_in_position_with_nothing_to_say():
    verdict = check_exercise("wall_lean", wall_lean())
    assert verdict.in_position, verdict
    assert verdict.hint is None
    assert (verdict.view.label, verdict.position.label) == ("side_left", "standing")
    assert verdict.angles[AngleKey("knee", "left")] == pytest.approx(164, abs=0.5)
    assert verdict.angles[AngleKey("shoulder_flexion", "left")] == pytest.approx(135, abs=3)
    assert all(c.status == "ok" for c in verdict.checks)


def test_a_shallow_lean_gets_the_measured_value_in_the_hint():
    verdict = check_exercise("wall_lean", wall_lean(body_deg=25))
    assert not verdict.in_position
    assert verdict.hint == "Walk your feet further back: your body is at 25°, lean to 45°"
    incline = next(c for c in verdict.checks if c.key == AngleKey("body_incline"))
    assert (incline.status, incline.low, incline.high, incline.target) == ("low", 37, 53, 45)


def test_locked_knees_are_the_hint_when_the_lean_is_right():
    verdict = check_exercise("wall_lean", wall_lean(knee_bend=0))
    assert verdict.hint == "Keep your knees slightly bent"


def test_the_most_important_failing_target_speaks():
    # Both the lean (priority 1) and the knees (priority 2) are off: only the lean is said.
    verdict = check_exercise("wall_lean", wall_lean(body_deg=25, knee_bend=0))
    assert [c.status for c in verdict.checks[:2]] == ["low", "high"]
    assert verdict.hint.startswith("Walk your feet further back")


def test_feet_out_of_frame_say_step_back():
    pose = wall_lean(ankle=(180.0, 520.0), hidden=("left_ankle", "right_ankle"))
    verdict = check_exercise("wall_lean", pose)
    assert not verdict.in_position
    assert verdict.hint == "Step back: your feet are out of view"


def test_wrong_view_and_wrong_position():
    assert check_exercise("wall_lean", make_pose()).hint == "Turn your side to the camera"
    seated = side_pose(hip=(300, 400), knee=(400, 400), ankle=(500, 400), shoulder=(300, 260),
                       ear=(305, 230), nose=(330, 225))  # fmt: skip
    assert check_exercise("wall_lean", seated).hint == "Stand up"
    assert check_exercise("prone_extension", side_pose()).hint == "Lie on your front"


def test_nobody_in_view():
    verdict = check_exercise("wall_lean", None)
    assert not verdict.in_position and verdict.hint == NO_PERSON_HINT


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
    verdict = check_exercise("prone_extension", pose)
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
    rotation = next(c for c in right.checks if c.key == AngleKey("trunk_rotation"))
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
    verdict = check_exercise("child_pose", hips_up)
    assert verdict.position.label == "unknown"
    assert not verdict.in_position
    assert verdict.hint == "Sit back further onto your heels"


class _Shifted(AngleSmoother):
    """A smoothing stage that adds `by` degrees to everything and records the keys it is handed."""

    def __init__(self, by: float) -> None:
        super().__init__()
        self.by, self.seen = by, set()

    def __call__(self, angles, t_ms):
        self.seen |= set(angles)
        return {key: None if v is None else v + self.by for key, v in super().__call__(angles, t_ms).items()}


def test_the_checks_read_the_injected_smoother_and_the_other_side_goes_through_it_too():
    exercise = ROUTINE.exercise("thoracic_rotation")
    pose = _front_twist(35, **BENT_LEFT)
    plain = ExerciseChecker(exercise).check(pose, 0, "left")
    shifting = _Shifted(100)
    shifted = ExerciseChecker(exercise, smoother=shifting).check(pose, 0, "left")
    knee = AngleKey("knee", "left")
    (plain_knee,) = (c for c in plain.checks if c.key == knee)
    (shifted_knee,) = (c for c in shifted.checks if c.key == knee)
    assert shifted_knee.value == pytest.approx(plain_knee.value + 100)
    assert shifted_knee.status == "high" and plain_knee.status == "ok"
    # The right knee is smoothed for the wrong-side hint, but is not one of the verdict's angles.
    assert AngleKey("knee", "right") in shifting.seen and AngleKey("knee", "right") not in shifted.angles


def test_a_hint_never_says_minus_zero():
    # Square on, the gauge reads a hair below zero: "-0°" would be a number no one can act on.
    verdicts = [_rotation_verdicts(turn, "left", **BENT_LEFT)[-1] for turn in (-0.4, 0.0, 0.4)]
    hints = [v.hint for v in verdicts]
    assert all(h is not None and h.startswith("Turn your chest further (") for h in hints), hints
    assert not any("-0°" in h for h in hints) and all("(0°, aim for 30°)" in h for h in hints)


@pytest.mark.parametrize("lift", [40, 52, 60])
def test_a_safety_limit_is_never_silenced_by_a_set_up_hint(lift: float):
    # A full cobra, filmed half turned so that the view reads wrong: the set-up hint ("Turn your side
    # to the camera") may be the misreading, while the chest past its limit is measured all the same.
    side_on = side_pose(shoulder=point_at(90 - lift, 140, (300, 400)), **PRONE)
    landmarks = side_on.landmarks.copy()
    for landmark, dy in ((Landmark.RIGHT_SHOULDER, 60), (Landmark.RIGHT_HIP, 40)):
        landmarks[landmark, 1] += dy / side_on.image_size[1]
    verdict = check_exercise("prone_extension", Pose(landmarks, side_on.world, side_on.image_size))
    assert not verdict.view.label.startswith("side_") and not verdict.in_position
    assert verdict.hint == "Ease off: lower your chest, this is past a safe range"
