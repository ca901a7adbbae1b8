"""End-to-end on rendered clips with exact ground truth (samples/, made by tools/render_samples.py)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from posecoach.estimator import PoseEstimator
from posecoach.model_store import ModelFile
from posecoach.person import PersonSelector
from posecoach.sources import VideoFileSource
from posecoach.twist import TwistGauge

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
