"""Routine files: the shipped routine loads, and every invalid field gets one line naming it."""

from __future__ import annotations

from pathlib import Path

import pytest

from posecoach.cli import main
from posecoach.engine.routine import RoutineError
from posecoach.engine.routine_file import default_routine_path, load_routine

UPPER_BACK_EXERCISES = {
    "cat_cow", "child_pose", "forward_fold", "chest_opener",
    "thoracic_rotation", "wall_lean", "prone_extension", "side_rock",
}  # fmt: skip

VALID = """
[routine]
id = "mini"
name = "Mini"

[[exercise]]
id = "lean"
name = "Lean"
instruction = "Lean."
kind = "hold"
view = "side"
position = "standing"
reps = 2
rest_s = 5
sides = ["left", "right"]
hold = { min_s = 15, target_s = 20, max_s = 30 }

[[exercise.targets]]
angle = "body_incline"
target = 45
tolerance = 8
below = "Lean more ({value:.0f} of {target:.0f})"
above = "Lean less"
priority = 1

[[exercise.targets]]
angle = "knee"
side = "working"
min = 150
below = "Straighten your {side} knee"
"""


def _load(tmp_path: Path, text: str):
    path = tmp_path / "routine.toml"
    path.write_text(text)
    return load_routine(path)


def test_the_upper_back_routine_covers_every_exercise():
    routine = load_routine(default_routine_path())
    assert {e.id for e in routine.exercises} == UPPER_BACK_EXERCISES
    for exercise in routine.exercises:
        assert exercise.sources, exercise.id
        if exercise.hold:
            assert (exercise.hold.min_s, exercise.hold.target_s, exercise.hold.max_s) == (15, 20, 30)
        assert 2 <= exercise.reps <= 3
    wall_lean = routine.exercise("wall_lean")
    assert (wall_lean.targets[0].low, wall_lean.targets[0].high, wall_lean.targets[0].target) == (37, 53, 45)
    assert routine.exercise("thoracic_rotation").sides == ("left", "right")
    assert routine.exercise("prone_extension").safety[0].high == 35


def test_a_valid_file_parses_into_typed_fields(tmp_path: Path):
    exercise = _load(tmp_path, VALID).exercise("lean")
    assert exercise.views == ("side_left", "side_right")
    assert exercise.targets[1].side == "working" and exercise.targets[1].high is None


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('angle = "knee"', 'angle = "knees"', "exercise 'lean': field 'targets[1].angle': expected one of"),
        ('side = "working"', 'side = "up"', "field 'targets[1].side': expected one of left, right, both"),
        ("min = 150", "min = 150\nmax = 120", "field 'targets[1].min': min 150 is above max 120"),
        (
            "tolerance = 8",
            "tolerance = -8",
            "'targets[0].tolerance': expected a number from 0 to 90, found -8",
        ),
        (
            "tolerance = 8",
            "tolerance = 0",
            "field 'targets[0].tolerance': expected a positive number, found 0",
        ),
        (
            "tolerance = 8",
            "tolerance = nan",
            "'targets[0].tolerance': expected a number from 0 to 90, found nan",
        ),
        ("target = 45", "target = inf", "'targets[0].target': expected a number from 0 to 180, found inf"),
        ("min = 150", "min = 250", "'targets[1].min': expected a number from 0 to 180, found 250"),
        (
            "target_s = 20",
            "target_s = 1e300",
            "'hold.target_s': expected a number from 1 to 600, found 1e+300",
        ),
        ("min_s = 15", "min_s = 0.2", "'hold.min_s': expected a number from 1 to 600, found 0.2"),
        ("rest_s = 5", "rest_s = -1", "field 'rest_s': expected a number from 0 to 600, found -1"),
        (
            "priority = 1",
            "priority = 0",
            "'targets[0].priority': expected a whole number from 1 to 10, found 0",
        ),
        ("reps = 2", "reps = 1000000000000000000", "'reps': expected a whole number from 1 to 20, found 10"),
        ("reps = 2", "reps = 1e18", "field 'reps': expected int, found 1e+18"),
        (
            "{value:.0f} of",
            "{value:d} of",
            "'targets[0].below': 'Lean more ({value:d} of {target:.0f})' cannot",
        ),
        (
            "{value:.0f} of",
            "{value:>20000000} of",
            "'targets[0].below': placeholder {value:>20000000} is wider",
        ),
        ("{value:.0f} of", "{valeu} of", "'targets[0].below': placeholder {valeu} is not one of max, min"),
        (
            "{value:.0f} of",
            "{value of",
            "'targets[0].below': 'Lean more ({value of {target:.0f})' is not a valid",
        ),
        (
            'below = "Straighten your {side} knee"',
            'below = "Straighten to {max:.0f}"',
            "'targets[1].below': placeholder {max} has no value here: this target has no max",
        ),
        ("priority = 1", "priorty = 1", "field 'targets[0].priorty': unknown field"),
        (
            'side = "working"',
            'side = "working"\ntoward_working_side = true',
            "'targets[1].toward_working_side': only for whole-body angles, which take no side",
        ),
        ("reps = 2", 'reps = "two"', "field 'reps': expected int, found 'two'"),
        ("reps = 2", "reps = 0", "field 'reps': expected a whole number from 1 to 20, found 0"),
        ('view = "side"', 'view = "top"', "field 'view': expected one of side, any, side_left"),
        ('view = "side"', "view = []", "field 'view': give at least one view the exercise is filmed from"),
        ('position = "standing"', "position = []", "field 'position': give at least one body position"),
        ('position = "standing"', 'position = "lying"', "field 'position': expected one of standing"),
        ("target_s = 20", "target_s = 40", "field 'hold.target_s': expected 0 < min_s <= target_s <= max_s"),
        ('kind = "hold"', 'kind = "rhythm"', "field 'rhythm': missing"),
        ('name = "Lean"', "", "exercise 'lean': field 'name': missing"),
        ('below = "Lean more', 'below = "Lean {__class__} more', "placeholder {__class__} is not one of"),
        ('sides = ["left", "right"]', "", "field 'targets[1].side': only for exercises with sides"),
        ('angle = "body_incline"', 'angle = "body_incline"\nside = "left"', "takes no side"),
    ],
)
def test_invalid_fields_are_named_with_file_exercise_and_field(
    tmp_path: Path, old: str, new: str, message: str
):
    assert old in VALID
    with pytest.raises(RoutineError) as error:
        _load(tmp_path, VALID.replace(old, new, 1))
    text = str(error.value)
    assert text.startswith(f"{tmp_path / 'routine.toml'}: ")
    assert message in text
    assert "\n" not in text


def test_rhythm_zones_must_not_overlap(tmp_path: Path):
    text = VALID.replace('kind = "hold"', 'kind = "rhythm"').replace(
        "hold = { min_s = 15, target_s = 20, max_s = 30 }",
        'rhythm = { angle = "neck_flexion", cycles = 4, '
        'poses = [{ name = "a", max = 10 }, { name = "b", min = 5 }] }',
    )
    with pytest.raises(RoutineError, match=r"field 'rhythm\.poses': the zones of 'a' and 'b' overlap"):
        _load(tmp_path, text)


def test_not_toml_and_missing_files(tmp_path: Path):
    with pytest.raises(RoutineError, match="not valid TOML"):
        _load(tmp_path, "[routine\n")
    with pytest.raises(RoutineError, match="no such routine file"):
        load_routine(tmp_path / "nothing.toml")


@pytest.mark.parametrize(
    "argv",
    [["routines", "validate", "{d}"], ["analyze", "x.mp4", "--exercise", "lean", "--routine", "{d}"],
     ["coach", "--headless", "--routine", "{d}"]],
)  # fmt: skip
def test_a_folder_given_as_the_routine_is_one_line_for_every_command(tmp_path: Path, capfd, argv):
    assert main([arg.format(d=tmp_path) for arg in argv]) == 2
    err = capfd.readouterr().err.strip().splitlines()
    assert err == [f"posecoach: error: {tmp_path} is a folder: give a routine file (.toml) in it"]


def test_unknown_exercise_lists_the_known_ones():
    with pytest.raises(RoutineError, match="no exercise 'plank'; exercises: cat_cow, child_pose"):
        load_routine(default_routine_path()).exercise("plank")


def test_validate_command_prints_one_line_and_exits_2(tmp_path: Path, capfd):
    path = tmp_path / "bad.toml"
    path.write_text(VALID.replace('angle = "knee"', 'angle = "knees"'))
    assert main(["routines", "validate", str(path)]) == 2
    err = capfd.readouterr().err.strip().splitlines()
    assert err == [
        f"posecoach: error: {path}: exercise 'lean': field 'targets[1].angle': expected one of knee, hip, "
        "elbow, shoulder_flexion, trunk_incline, body_incline, chest_lift, trunk_rotation, shoulder_tilt, "
        "neck_flexion, wrist_gap, found 'knees'"
    ]
    assert main(["routines", "validate", str(default_routine_path())]) == 0
    assert "valid routine 'upper_back' with 8 exercises" in capfd.readouterr().out


def test_list_command_shows_every_exercise(capfd):
    assert main(["routines", "list"]) == 0
    out = capfd.readouterr().out
    for exercise_id in UPPER_BACK_EXERCISES:
        assert exercise_id in out


def test_an_unreadable_routine_file_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    path = tmp_path / "locked.toml"
    path.write_text(VALID)

    def refuse(self, *args, **kwargs):
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_text", refuse)  # root reads any file: the refusal is injected
    with pytest.raises(RoutineError, match=r"^cannot read the routine file .*locked\.toml: Permission"):
        load_routine(path)
