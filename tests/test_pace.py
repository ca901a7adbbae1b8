"""The live loop's pace: the rate on screen, and a loop that has fallen behind told once."""

from __future__ import annotations

import pytest

from posecoach.coach import PACE_WINDOW_S, SLOW_NOTICE_S, Pace


def _show(pace: Pace, fps: float, seconds: float, start: float = 0.0) -> list[tuple[float, float]]:
    """Frames shown at `fps` for `seconds`; returns (time, rate) for each time the loop was found slow."""
    found = []
    for index in range(round(fps * seconds)):
        now = start + index / fps
        rate = pace.shown(now)
        if rate is not None:
            found.append((now, rate))
    return found


def test_a_loop_at_the_camera_rate_is_never_slow():
    pace = Pace(source_fps=30)
    assert _show(pace, 30, 20) == []
    assert pace.fps == pytest.approx(30)


def test_a_loop_under_24_fps_of_a_30_fps_camera_for_five_seconds_is_found_slow_once():
    pace = Pace(source_fps=30)
    assert _show(pace, 30, 3) == []
    found = _show(pace, 15, 20, start=3)
    ((when, rate),) = found
    assert rate == pytest.approx(15, abs=1)
    # Found once the last second's rate has stayed under 24 for five seconds.
    assert 3 + PACE_WINDOW_S <= when <= 3 + PACE_WINDOW_S + 1.1
    assert pace.notice(when + 1).startswith("This computer keeps up with 15 frames a second")
    assert pace.notice(when + SLOW_NOTICE_S + 0.1) is None


def test_stalls_shorter_than_five_seconds_are_not_falling_behind():
    pace = Pace(source_fps=30)
    _show(pace, 30, 6)
    for start in (6, 16, 26):
        assert _show(pace, 10, 4, start=start) == [] and _show(pace, 30, 6, start=start + 4) == []


def test_the_goal_is_the_source_s_own_rate():
    assert _show(Pace(source_fps=15), 13, 20) == []
    assert len(_show(Pace(source_fps=15), 11, 20)) == 1


def test_a_file_is_read_as_fast_as_the_machine_goes_and_is_never_slow():
    assert _show(Pace(source_fps=None), 10, 20) == []
