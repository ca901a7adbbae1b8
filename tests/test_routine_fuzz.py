"""Random routine files (Hypothesis): each one either loads and then coaches a sequence of poses
without an error (judged, timed, drawn, spoken and written as JSON: landmark fixtures, then the real
model's poses on three rendered clips), or is refused in one line that names the file and the field.

The files start from a valid held and a valid rhythmic exercise and have up to three fields changed
(to a plausible value, a wild one: nan, inf, huge, text, a list; or left out), so that many load and
are coached, and many are refused for one field."""

from __future__ import annotations

import copy
import json
import math
import tempfile
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from posecoach.body.angles import ANGLES
from posecoach.capture.sources import VideoFileSource
from posecoach.engine.routine import RoutineError
from posecoach.engine.routine_file import load_routine
from posecoach.engine.routine_runner import RoutineRunner
from posecoach.pose.estimator import PoseEstimator
from posecoach.pose.model_store import ModelFile
from posecoach.pose.pose import Pose
from posecoach.pose.tracking import PersonTracker
from posecoach.ui.coach_overlay import CoachOverlay
from posecoach.ui.cues import CueScheduler

from builders import PRONE, side_pose, wall_lean

# Postures to coach the random routine on, each held a while, then nobody; then real clips' poses.
POSES = [wall_lean(), wall_lean(body_deg=20, knee_bend=60), side_pose(**PRONE), wall_lean(body_deg=-30), None]
FRAME_MS = 200
FRAMES_PER_POSE = 40
CLIPS = ("wall_lean_right", "prone_extension_too_high", "child_pose_right")
CLIP_STEP = 10  # every tenth frame of each clip


@pytest.fixture(scope="session")
def clip_poses(model: ModelFile) -> list[Pose | None]:
    """The real model's poses on frames of three rendered clips (standing, lying, folded)."""
    samples = Path(__file__).resolve().parents[1] / "samples"
    poses: list[Pose | None] = []
    for clip in CLIPS:
        with VideoFileSource(samples / f"{clip}.mp4") as source, PoseEstimator(model) as estimator:
            tracker = PersonTracker(estimator)
            poses += [tracker.find(frame).pose for frame in source][::CLIP_STEP]
    return poses


HOLD = {
    "id": "lean",
    "name": "Lean",
    "instruction": "Lean on the wall.",
    "kind": "hold",
    "view": "side",
    "position": "standing",
    "reps": 2,
    "rest_s": 5,
    "sides": ["left", "right"],
    "hold": {"min_s": 3, "target_s": 5, "max_s": 10},
    "max_speed_deg_s": 90,
    "targets": [
        {
            "angle": "body_incline",
            "target": 45,
            "tolerance": 8,
            "below": "Lean more ({value:.0f})",
            "above": "Lean less",
            "priority": 1,
        },
        {"angle": "knee", "side": "working", "min": 150, "below": "Straighten your {side} knee"},
    ],
    "safety": [{"angle": "knee", "side": "near", "max": 178, "hint": "Soften your knees ({value:.0f})"}],
}
RHYTHM = {
    "id": "rock",
    "name": "Rock",
    "instruction": "Rock.",
    "kind": "rhythm",
    "view": "any",
    "position": "standing",
    "reps": 1,
    "rhythm": {
        "angle": "trunk_incline",
        "poses": [{"name": "up", "max": 10}, {"name": "down", "min": 30}],
        "cycles": 2,
    },
    "targets": [{"angle": "knee", "side": "near", "min": 90, "below": "Stand up"}],
}
# Where a change may land: the exercise's own fields, and those of its first target and limit.
FIELDS = [
    *((None, key) for key in ("id", "name", "kind", "view", "position", "reps", "rest_s", "sides", "hold",
                              "rhythm", "max_speed_deg_s", "targets", "safety")),
    *(("targets", key) for key in ("angle", "side", "min", "max", "target", "tolerance", "below", "above",
                                   "priority", "plane", "toward_working_side")),
    *(("safety", key) for key in ("angle", "side", "min", "max", "hint")),
]  # fmt: skip

wild = st.one_of(
    st.integers(-(2**63), 2**63 - 1),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(st.characters(exclude_categories=("Cs",)), max_size=30),
    st.booleans(),
    st.lists(st.integers(-5, 5), max_size=3),
)
number = st.one_of(st.integers(0, 180), st.floats(0, 180), st.integers(-400, 400))
placeholder = st.sampled_from(
    ["{value}", "{value:.0f}", "{target:.0f}", "{min:g}", "{max:.1f}", "{side}", "{value:d}", "{max}",
     "{bogus}", "{value:>40}", "{", "}", "{{literal}}"]
)  # fmt: skip
hint = st.lists(st.one_of(placeholder, st.text("abc ", max_size=5)), max_size=4).map("".join)
PLAUSIBLE = {
    "angle": st.sampled_from(list(ANGLES)),
    "side": st.sampled_from(["left", "right", "both", "near", "working", "other"]),
    "kind": st.sampled_from(["hold", "rhythm"]),
    "view": st.sampled_from(["side", "any", "front", ["side_left", "front"]]),
    "position": st.sampled_from(["standing", "prone", ["standing", "kneeling"]]),
    "sides": st.sampled_from([[], ["left", "right"], ["right"]]),
    "hold": st.fixed_dictionaries({"min_s": number, "target_s": number, "max_s": number}),
    "below": hint, "above": hint, "hint": hint,
}  # fmt: skip
LEAVE_OUT = "<leave out>"


@st.composite
def exercises(draw: st.DrawFn) -> dict:
    """A valid exercise (held or rhythmic) with up to three of its fields changed or left out."""
    exercise = copy.deepcopy(draw(st.sampled_from([HOLD, RHYTHM])))
    for _ in range(draw(st.integers(0, 3))):
        table, key = draw(st.sampled_from(FIELDS))
        # Mostly plausible values (the ones that may load), else something wild, or the field left out.
        kind = draw(st.sampled_from(["plausible", "plausible", "plausible", "wild", "leave out"]))
        strategy = {"plausible": PLAUSIBLE.get(key, number), "wild": wild}.get(kind, st.just(LEAVE_OUT))
        value = draw(strategy)
        if table is None:
            owner = exercise
        elif (
            isinstance(exercise.get(table), list) and exercise[table] and isinstance(exercise[table][0], dict)
        ):
            owner = exercise[table][0]
        else:
            owner = {}
            exercise[table] = [owner]
        if value == LEAVE_OUT:
            owner.pop(key, None)
        else:
            owner[key] = value
    return exercise


def _toml(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        return ("inf" if value > 0 else "-inf") if math.isinf(value) else repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)  # a JSON string is a TOML basic string
    if isinstance(value, list):
        return "[" + ", ".join(_toml(item) for item in value) + "]"
    assert isinstance(value, dict)
    return "{" + ", ".join(f"{key} = {_toml(item)}" for key, item in value.items()) + "}"


def _routine_file(exercise: dict) -> str:
    lines = ["[routine]", 'id = "fuzz"', 'name = "Fuzz"', "", "[[exercise]]"]
    tables = {
        key: value
        for key, value in exercise.items()
        if key in ("targets", "safety")
        and isinstance(value, list)
        and all(isinstance(v, dict) for v in value)
    }
    lines += [f"{key} = {_toml(value)}" for key, value in exercise.items() if key not in tables]
    for table, items in tables.items():
        for item in items:
            lines += [
                "",
                f"[[exercise.{table}]]",
                *(f"{key} = {_toml(value)}" for key, value in item.items()),
            ]
    return "\n".join(lines) + "\n"


def _coach(routine, clip_poses: list[Pose | None]) -> None:
    """Everything a routine's numbers and words go through: judging, timing, screen, voice, JSON."""
    runner, overlay, cues = RoutineRunner(routine), CoachOverlay(), CueScheduler()
    background = np.zeros((480, 640, 3), np.uint8)
    poses = [pose for pose in POSES for _ in range(FRAMES_PER_POSE)] + clip_poses
    for index, pose in enumerate(poses):
        state = runner.step(pose, index * FRAME_MS)
        cues.cues(state)
        overlay.draw(background, pose, state)
        if state.verdict is not None:
            json.dumps({str(key): value for key, value in state.verdict.angles.items()})
        if index == 3 * FRAMES_PER_POSE:  # a pain stop, then on to the next (the end)
            runner.command("pain", index * FRAME_MS)
            runner.command("next", index * FRAME_MS)


def _loads_and_coaches_or_is_refused_in_one_line(exercise: dict, clip_poses: list[Pose | None]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzz.toml"
        path.write_text(_routine_file(exercise), encoding="utf-8")
        try:
            routine = load_routine(path)
        except RoutineError as error:
            message = str(error)
            assert "\n" not in message and message.startswith(str(path)), message
            assert "field '" in message or "not valid TOML" in message, message
            event("refused")
            return
    event("loaded and coached")
    _coach(routine, clip_poses)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(exercise=exercises())
def test_a_random_routine_loads_and_coaches_or_is_refused_in_one_line(exercise: dict, clip_poses):
    _loads_and_coaches_or_is_refused_in_one_line(exercise, clip_poses)


@settings(max_examples=100, deadline=None)
@given(below=hint, above=hint, limit=hint, knee=hint)
def test_random_hints_either_are_refused_or_can_always_be_said(below, above, limit, knee, clip_poses):
    exercise = copy.deepcopy(HOLD)
    exercise["targets"][0].update(below=below, above=above)
    exercise["targets"][1]["below"] = knee
    exercise["safety"][0]["hint"] = limit
    _loads_and_coaches_or_is_refused_in_one_line(exercise, clip_poses)


def test_the_unchanged_exercises_load(clip_poses):
    with tempfile.TemporaryDirectory() as folder:
        for exercise in (HOLD, RHYTHM):
            path = Path(folder) / "plain.toml"
            path.write_text(_routine_file(exercise), encoding="utf-8")
            _coach(load_routine(path), clip_poses)
