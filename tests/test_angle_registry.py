"""A new angle is one registry entry: routine files accept it, the checker judges it, the screen and
the JSON name it, with nothing else touched."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from posecoach.body import angles
from posecoach.body.angles import AngleKey, AngleSpec, LineGhost, landmarks_needed
from posecoach.body.geometry import angle_between
from posecoach.body.points import Body
from posecoach.engine.checker import ExerciseChecker
from posecoach.engine.routine_file import load_routine
from posecoach.engine.routine_runner import RoutineRunner
from posecoach.pose.landmarks import Landmark
from posecoach.ui.coach_overlay import CoachOverlay
from posecoach.ui.ghost import ghost_segments

from builders import all_keys, wall_lean

ROUTINE_WITH_THE_TOY = """
[routine]
id = "toy"
name = "Toy routine"

[[exercise]]
id = "level_forearms"
name = "Level forearms"
instruction = "Hold your forearms level."
kind = "hold"
view = "side"
position = "standing"
reps = 1

[[exercise.targets]]
angle = "forearm_incline"
side = "left"
min = 80
max = 100
below = "Lift your hands: your forearm is at {value:.0f}°"
above = "Lower your hands"

[exercise.hold]
min_s = 1
target_s = 2
max_s = 3
"""


def forearm_incline(body: Body, side: str) -> float | None:
    """The toy: the forearm (elbow -> wrist) against straight down; 0 hanging, 90 level."""
    elbow, wrist = body.side(side, "ELBOW"), body.side(side, "WRIST")
    return angle_between(wrist - elbow, -body.up) if elbow is not None and wrist is not None else None


@pytest.fixture
def toy(monkeypatch: pytest.MonkeyPatch) -> AngleSpec:
    spec = AngleSpec("forearm_incline", "Forearm", ("ELBOW", "WRIST"), forearm_incline, sided=True)
    monkeypatch.setitem(angles.ANGLES, spec.name, spec)
    return spec


def _routine(tmp_path: Path):
    path = tmp_path / "toy.toml"
    path.write_text(ROUTINE_WITH_THE_TOY, encoding="utf-8")
    return load_routine(path)


def test_without_its_entry_the_angle_is_refused(tmp_path: Path):
    with pytest.raises(Exception, match=r"field 'targets\[0\].angle'.*'forearm_incline'"):
        _routine(tmp_path)


def test_a_registered_toy_angle_is_read_judged_drawn_and_named(toy: AngleSpec, tmp_path: Path):
    exercise = _routine(tmp_path).exercise("level_forearms")
    key = AngleKey("forearm_incline", "left")
    assert key in all_keys() and str(key) == "forearm_incline_left" and AngleKey.parse(str(key)) == key
    assert landmarks_needed(key) == (Landmark.LEFT_ELBOW, Landmark.LEFT_WRIST)

    # Arms straight forward at shoulder height: level forearms, in range.
    level = ExerciseChecker(exercise).check(wall_lean(), 0)
    (check,) = level.checks
    assert check.key == key and check.status == "ok" and check.value == pytest.approx(90, abs=3)

    # Hands hanging: the forearm points down, its own hint with its own value.
    shoulder = wall_lean().xy[Landmark.LEFT_SHOULDER]
    hanging = wall_lean(elbow=tuple(shoulder + np.array([0, 60])), wrist=tuple(shoulder + np.array([0, 120])))
    low = ExerciseChecker(exercise).check(hanging, 0)
    assert low.checks[0].status == "low" and low.hint == "Lift your hands: your forearm is at 0°"

    # The screen lists it by its label; with no ghost rule it gets no ghost.
    runner = RoutineRunner(_routine(tmp_path))
    for t_ms in range(0, 6001, 100):
        state = runner.step(hanging, t_ms)
    overlay = CoachOverlay()
    overlay.draw(np.zeros((480, 640, 3), np.uint8), hanging, state)
    assert "Forearm (left) 0 (80-100)" in [text.text for text in overlay.texts]
    assert ghost_segments(hanging, low.checks) == []


def test_a_ghost_rule_in_the_entry_is_all_the_ghost_needs(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    # The same toy as a whole-body line (shoulders -> hips against vertical) with a line ghost.
    whole = AngleSpec(
        "forearm_incline",
        "Forearm",
        ("SHOULDER", "HIP"),
        angles.ANGLES["trunk_incline"].measure,
        ghost=LineGhost("HIP", "SHOULDER"),
    )
    monkeypatch.setitem(angles.ANGLES, whole.name, whole)
    text = ROUTINE_WITH_THE_TOY.replace('side = "left"\n', "")
    path = tmp_path / "whole.toml"
    path.write_text(text, encoding="utf-8")
    exercise = load_routine(path).exercise("level_forearms")
    pose = wall_lean()  # a 45 deg lean: under the toy's 80-100
    verdict = ExerciseChecker(exercise).check(pose, 0)
    (segment,) = ghost_segments(pose, verdict.checks)
    assert segment.key == AngleKey("forearm_incline")
