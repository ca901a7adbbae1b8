"""The One Euro filter meets its goals: held still, jitter <= 1 deg; moving at 60 deg/s, lag <= 100 ms."""

from __future__ import annotations

import numpy as np
import pytest

from posecoach.body.smoothing import AngleSmoother, OneEuroFilter

FPS = 30
# The input jitter the filter was tuned for (see posecoach.body.smoothing).
JITTER_DEG = 2.0


def _times(seconds: float) -> np.ndarray:
    return np.round(np.arange(0, seconds, 1 / FPS) * 1000).astype(int)


def _run(signal: np.ndarray, times: np.ndarray) -> np.ndarray:
    one_euro = OneEuroFilter()
    return np.array([one_euro(float(v), int(t)) for v, t in zip(signal, times, strict=True)])


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_a_held_angle_jitters_by_at_most_one_degree(seed: int):
    times = _times(10)
    held = 45 + np.random.default_rng(seed).normal(0, JITTER_DEG, times.size)
    smoothed = _run(held, times)[2 * FPS :]  # after the first two seconds
    assert smoothed.std() <= 1.0
    assert abs(smoothed.mean() - 45) < 0.5


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_a_steady_60_deg_per_second_change_lags_at_most_100_ms(seed: int):
    times = _times(6)
    truth = 20 + 60 * times / 1000
    smoothed = _run(truth + np.random.default_rng(seed).normal(0, JITTER_DEG, times.size), times)
    lag_ms = np.mean(truth[FPS:] - smoothed[FPS:]) / 60 * 1000
    assert 0 < lag_ms <= 100


def test_irregular_frame_times_give_the_same_result_on_replay():
    times = np.cumsum(np.random.default_rng(3).integers(25, 60, 100))
    signal = np.sin(times / 300) * 30
    assert np.array_equal(_run(signal, times), _run(signal, times))


def test_a_missing_value_restarts_that_angle_only():
    smoother = AngleSmoother()
    smoother({"knee": 100.0, "hip": 50.0}, 0)
    smoother({"knee": 100.0, "hip": 50.0}, 33)
    out = smoother({"knee": None, "hip": 80.0}, 66)
    assert out["knee"] is None
    assert 50 < out["hip"] < 80  # still filtered
    assert smoother({"knee": 140.0, "hip": 80.0}, 100)["knee"] == 140.0  # no glide from the stale 100


@pytest.mark.parametrize("fps", [15, 30, 60])
@pytest.mark.parametrize("true_speed", [0.0, 30.0, 120.0])
def test_speed_is_read_in_degrees_per_second_whatever_the_frame_rate(fps: int, true_speed: float):
    # The filtered value's change read a true 30 deg/s as 80 at 30 fps and 105 at 60: a slope over
    # 0.4 s of the raw values reads what the body does.
    smoother = AngleSmoother()
    times = np.round(np.arange(0, 3, 1 / fps) * 1000).astype(int)
    jitter = np.random.default_rng(fps).normal(0, JITTER_DEG, times.size)
    readings = []
    for t, noise in zip(times, jitter, strict=True):
        smoother({"neck": 20 + true_speed * t / 1000 + noise}, int(t))
        readings.append(smoother.speed("neck"))
    settled = np.array(readings[fps:])
    assert np.median(settled) == pytest.approx(true_speed, abs=12)
    assert settled.max() < max(true_speed * 1.5, 45)  # jitter alone never looks like moving fast


def test_speed_restarts_with_a_missing_value():
    smoother = AngleSmoother()
    for t in range(0, 600, 33):
        smoother({"neck": t / 10}, t)
    assert smoother.speed("neck") == pytest.approx(100, abs=1)
    smoother({"neck": None}, 633)
    smoother({"neck": 5.0}, 666)
    assert smoother.speed("neck") == 0.0
