"""End-to-end on rendered clips with exact ground truth (samples/, made by tools/render_samples/)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from posecoach.body.twist import TwistGauge
from posecoach.capture.sources import VideoFileSource
from posecoach.cli import main
from posecoach.engine.routine_file import default_routine_path, load_routine
from posecoach.pose.estimator import PoseEstimator
from posecoach.pose.model_store import ModelFile
from posecoach.pose.person import PersonSelector

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


def _held(truth: np.ndarray) -> np.ndarray:
    """Frames where the ground truth stands still: the holds of a clip."""
    still = np.zeros(truth.size, dtype=bool)
    still[1:-1] = (np.abs(np.diff(truth)[:-1]) < 0.01) & (np.abs(np.diff(truth)[1:]) < 0.01)
    return still


@pytest.fixture(scope="module")
def twist_readings(model: ModelFile) -> tuple[np.ndarray, np.ndarray]:
    clip = SAMPLES / "twist_sweep_front.mp4"
    sidecar = json.loads(clip.with_suffix(".json").read_text())
    truth = np.array([f["angles"]["trunk_rotation"] for f in sidecar["frames"]])
    gauge, selector, readings = TwistGauge(), PersonSelector(), []
    with VideoFileSource(clip) as source, PoseEstimator(model) as estimator:
        for frame in source:
            pose = selector.select(estimator.detect(frame), frame.t_ms)
            readings.append(np.nan if pose is None else gauge(pose))
    assert len(readings) == sidecar["frame_count"]
    return truth, np.array(readings, dtype=float)


def test_twist_gauge_reads_held_trunk_rotations_within_the_goal(twist_readings):
    truth, readings = twist_readings
    held = _held(truth) & (np.abs(truth) > 5)
    errors = np.abs(readings[held] - truth[held])
    assert held.sum() >= 100
    # Goal of the samples issue: trunk rotation mean absolute error <= 8 deg.
    assert np.nanmean(errors) <= 5.0
    assert np.nanmax(errors) <= 15.0


def test_twist_gauge_gets_the_direction_of_every_clear_twist(twist_readings):
    truth, readings = twist_readings
    # Under about 15 deg the width barely changes (the cosine is flat there), so the reading may be 0.
    clear = np.abs(truth) >= 20
    assert np.all(np.sign(readings[clear]) == np.sign(truth[clear]))


def test_a_30_degree_target_accepts_the_big_twist_and_refuses_the_small_ones(twist_readings):
    truth, readings = twist_readings
    held = _held(truth)
    assert np.all(readings[held & (np.abs(truth) > 35)] * np.sign(truth[held & (np.abs(truth) > 35)]) >= 30)
    assert np.all(np.abs(readings[held & (np.abs(truth) < 15)]) < 30)


EXERCISE_CLIPS = sorted(
    path.with_suffix(".mp4")
    for path in SAMPLES.glob("*.json")
    if json.loads(path.read_text()).get("expected_holds") is not None
)
# Goals of the samples issue for in-plane angles filmed side-on, in degrees.
MEAN_ERROR_GOAL, MAX_ERROR_GOAL = 3.0, 8.0
# Angles that meet those goals on every clip so far. The others are tracked in benchmarks/accuracy.py,
# with why they miss in README.md: straight knees lying or seated read 3-6 deg low; a chest lifted
# 52 deg reads 7 low (17.5 deg, the exercise's range, reads within 0.1); a tightly folded child's pose
# reads knees and hips 9-13 off; arms still read up to 7 high on the wall lean.
GOAL_ANGLES = ("body_incline", "trunk_incline")
RHYTHMIC = {e.id for e in load_routine(default_routine_path()).exercises if e.kind == "rhythm"}


@pytest.fixture(scope="module", params=EXERCISE_CLIPS, ids=lambda path: path.stem)
def analyzed(request, model: ModelFile, tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, dict]:
    clip: Path = request.param
    sidecar = json.loads(clip.with_suffix(".json").read_text())
    out = tmp_path_factory.mktemp("rendered") / f"{clip.stem}.json"
    assert main(["analyze", str(clip), "--exercise", sidecar["exercise"], "--json", str(out)]) == 0
    return sidecar, json.loads(out.read_text())


def test_the_coach_credits_exactly_the_expected_holds_and_cycles(analyzed):
    sidecar, document = analyzed
    counted = [hold for hold in document["holds"] if hold["counted"]]
    assert len(counted) == sidecar["expected_holds"]
    assert document["cycles"] == sidecar["expected_cycles"]
    assert all(hold["duration_s"] == pytest.approx(20.0, abs=0.1) for hold in counted)


def test_the_verdict_is_right_on_97_percent_of_frames(analyzed):
    sidecar, document = analyzed
    pairs = list(zip(sidecar["frames"], document["frames"], strict=True))
    right = sum(truth["in_position"] == frame["in_position"] for truth, frame in pairs)
    assert right >= 0.97 * len(pairs)


def test_judged_angles_are_within_the_goals_while_in_the_pose(analyzed):
    sidecar, document = analyzed
    if document["cycles"] or sidecar["exercise"] in RHYTHMIC:
        pytest.skip("rhythmic moves hold each pose 0.5 s: their angles are benchmarked, their cycles tested")
    judged = set().union(*(frame.get("angles", {}) for frame in document["frames"]))
    checked = [name for name in GOAL_ANGLES if name in judged and name in sidecar["frames"][0]["angles"]]
    if not checked:
        pytest.skip(
            f"{sidecar['exercise']} judges none of {', '.join(GOAL_ANGLES)}: "
            "benchmarks/accuracy.py measures its angles"
        )
    held = [(t, f) for t, f in zip(sidecar["frames"], document["frames"], strict=True) if t["in_pose"]]
    assert len(held) >= 60
    for name in checked:
        errors = np.array(
            [f["angles"][name] - t["angles"][name] for t, f in held if f["angles"].get(name) is not None]
        )
        assert errors.size >= 0.9 * len(held), name
        assert np.abs(errors).mean() <= MEAN_ERROR_GOAL, name
        assert np.abs(errors).max() <= MAX_ERROR_GOAL, name
