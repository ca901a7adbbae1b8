"""The exercise state machine, rule by rule, driven by frame timestamps."""

from __future__ import annotations

from collections.abc import Iterable

import pytest

from posecoach.body.angles import AngleKey
from posecoach.body.posture import Classification
from posecoach.engine.checker import TargetCheck, Verdict
from posecoach.engine.events import HoldEnd, Phase
from posecoach.engine.session import ExerciseSession

from builders import ROUTINE

FRAME_MS = 33  # 30 fps


class Clock:
    """Feeds one exercise session a frame every 33 ms and collects the events."""

    def __init__(self, exercise_id: str) -> None:
        self.session = ExerciseSession(ROUTINE.exercise(exercise_id))
        self.t_ms = 0
        self.events: list[tuple[int, str]] = []

    def run(self, seconds: float, in_position: bool = True, values: Iterable[float] | None = None) -> None:
        frames = round(seconds * 1000 / FRAME_MS)
        value_list = list(values) if values is not None else [None] * frames
        for value in value_list:
            verdict = Verdict(in_position, None, rhythm_value=value)
            self.events += [(e.t_ms, e.kind) for e in self.session.update(self.t_ms, verdict)]
            self.t_ms += FRAME_MS

    def kinds(self) -> list[str]:
        return [kind for _, kind in self.events]


def test_a_hold_starts_only_after_three_tenths_of_a_second_in_position():
    clock = Clock("wall_lean")
    clock.run(0.2)
    clock.run(0.5, in_position=False)
    assert clock.session.phase == Phase.POSITIONING and "hold_started" not in clock.kinds()
    start = clock.t_ms
    clock.run(0.4)
    started = [t for t, kind in clock.events if kind == "hold_started"]
    assert started == [start + 10 * FRAME_MS]  # the first frame at or past 300 ms
    assert clock.session.phase == Phase.HOLDING
    # Counted from the moment the person got into position, up to the last frame.
    assert clock.session.held_s == pytest.approx((clock.t_ms - FRAME_MS - start) / 1000)


def test_a_lapse_of_up_to_a_second_pauses_the_timer_without_ending_the_hold():
    clock = Clock("wall_lean")
    clock.run(10)
    held_before = clock.session.held_s
    clock.run(0.9, in_position=False)
    assert clock.session.phase == Phase.HOLDING
    assert clock.session.held_s == pytest.approx(held_before)  # paused, not counting the lapse
    clock.run(5)
    assert clock.session.held_s == pytest.approx(held_before + 5, abs=0.05)
    assert clock.kinds().count("hold_started") == 1


def test_a_longer_lapse_ends_the_hold_and_a_short_hold_does_not_count():
    clock = Clock("wall_lean")
    clock.run(10)
    last_in = clock.t_ms - FRAME_MS
    clock.run(1.5, in_position=False)
    hold = clock.session.holds[0]
    assert (hold.counted, hold.end_ms, hold.start_ms) == (False, last_in, 0)
    assert hold.duration_s == pytest.approx(last_in / 1000)
    assert "hold_too_short" in clock.kinds()
    assert clock.session.reps_done == 0 and clock.session.phase == Phase.POSITIONING


def test_a_hold_past_the_minimum_counts_even_if_ended_before_the_target():
    clock = Clock("wall_lean")
    clock.run(16)
    clock.run(1.5, in_position=False)
    assert clock.session.holds[0].counted
    assert clock.session.reps_done == 1
    assert clock.session.phase == Phase.RESTING


def test_release_at_the_target_then_rest_then_the_next_rep_until_done():
    clock = Clock("wall_lean")  # 3 reps of 20 s, 10 s rest
    clock.run(21)
    assert "release" in clock.kinds()
    assert clock.session.holds[0].duration_s == pytest.approx(20.0, abs=0.04)
    assert clock.session.phase == Phase.RESTING
    clock.run(8.5)  # staying in position during the rest (which ends at 30 s) starts nothing
    assert clock.session.phase == Phase.RESTING and len(clock.session.holds) == 1
    clock.run(1.0, in_position=False)
    assert clock.session.phase == Phase.POSITIONING
    for _ in range(2):
        clock.run(21)
        clock.run(11, in_position=False)
    assert clock.session.phase == Phase.DONE
    assert clock.session.reps_done == 3
    assert [h.counted for h in clock.session.holds] == [True, True, True]
    assert clock.kinds()[-1] == "exercise_completed"


def test_sides_alternate_after_their_reps():
    clock = Clock("thoracic_rotation")  # 2 reps a side, left first
    sides = []
    for _ in range(4):
        clock.run(21)
        sides.append(clock.session.holds[-1].side)
        clock.run(11, in_position=False)
    assert sides == ["left", "left", "right", "right"]
    assert clock.kinds().count("side_started") == 1
    assert clock.session.phase == Phase.DONE


def test_timestamps_not_frame_counts_drive_the_timer():
    clock = Clock("wall_lean")
    # 10 fps: the same 20 s of holding releases at the same time as at 30 fps.
    for i in range(260):
        clock.session.update(i * 100, Verdict(True, None))
    assert clock.session.holds[0].duration_s == pytest.approx(20.0)


def _cat_cow(values: list[float]) -> Clock:
    clock = Clock("cat_cow")  # cow <= 0, cat >= 30, 6 cycles a set
    clock.run(0, values=values)
    return clock


def test_rhythmic_cycles_count_each_return_to_the_first_pose():
    clock = _cat_cow([10, -5, 15, 35, 15, -5, 20, 40, 5, -10])
    assert clock.session.cycles == 2
    assert clock.kinds().count("cycle") == 2


def test_a_wobble_at_a_threshold_never_counts_twice():
    clock = _cat_cow([-5, 29, 31, 29, 31, 28, 32, 29, 31, -3])
    assert clock.session.cycles == 1


def test_a_set_of_cycles_completes_a_rep():
    clock = _cat_cow([-5, 35] * 6 + [-5])
    assert clock.session.cycles == 6
    assert clock.session.reps_done == 1
    assert clock.session.phase == Phase.RESTING


def test_cycles_out_of_position_do_not_count():
    clock = Clock("cat_cow")
    clock.run(0, in_position=False, values=[-5, 35, -5, 35, -5])
    assert clock.session.cycles == 0


def test_a_hold_records_each_judged_angle_over_its_own_frames_and_how_well_it_was_seen():
    session = ExerciseSession(ROUTINE.exercise("wall_lean"))
    key = AngleKey("body_incline")
    # Out of position at 30 degrees, then in position at 44 and 46 in turn (the hold's time counts from
    # the first of those frames), 20 while lapsing mid-hold, and 60 once the hold has ended. Landmarks
    # 0.9 visible in position (0.2 out of it), the side view 0.8 sure of itself.
    view = Classification("side_right", 0.8)
    for index in range(800):
        t_ms = index * FRAME_MS
        in_position = index >= 20 and not 300 <= index < 310
        value = (44.0 + 2 * (index % 2)) if in_position else 30.0 if index < 20 else 20.0
        if session.holds:
            value = 60.0
        status, visibility = ("ok", 0.9) if in_position else ("low", 0.2)
        check = TargetCheck(key, value, 37, 53, 45, status, None, 1, visibility=visibility)
        session.update(t_ms, Verdict(in_position, None, checks=(check,), view=view))
    first = session.holds[0]
    assert first.counted and set(first.angles) == {key}
    stats = first.angles[key]
    assert (stats.min, stats.max, stats.mean) == pytest.approx((44.0, 46.0, 45.0), abs=0.01)
    # From one frame in position to the next the angle moves 2 degrees (across the lapse too: 46 at
    # frame 299, 44 at 310), so the jitter is 2.
    assert (stats.visibility, stats.view_confidence) == pytest.approx((0.9, 0.8))
    assert stats.jitter == pytest.approx(2.0)
    assert first.to_json()["angles"] == {
        "body_incline": {
            "mean": 45.0,
            "min": 44.0,
            "max": 46.0,
            "visibility": 0.9,
            "view_confidence": 0.8,
            "jitter": round(stats.jitter, 2),
        }
    }


def test_a_hold_stopped_just_after_it_started_still_has_its_angles():
    session = ExerciseSession(ROUTINE.exercise("wall_lean"))
    key = AngleKey("body_incline")
    check = TargetCheck(key, 45.0, 37, 53, 45, "ok", None, 1)
    t_ms = 0
    while session.phase != Phase.HOLDING:
        session.update(t_ms, Verdict(True, None, checks=(check,)))
        t_ms += FRAME_MS
    (ended,) = session.end_hold(HoldEnd.PAIN_STOP)
    assert ended.hold is not None and ended.hold.duration_s > 0
    assert ended.hold.angles[key].mean == pytest.approx(45.0)


def test_a_hold_past_the_minimum_counts_however_it_ends():
    # 18.8 s held (minimum 15), then lapses near the video's end: the hold is kept and counted.
    clock = Clock("wall_lean")
    clock.run(18.8)
    clock.run(0.6, in_position=False)
    events = clock.session.end_hold(HoldEnd.SOURCE_ENDED)
    (hold,) = clock.session.holds
    assert (
        hold.counted and hold.ended_by == "source_ended" and hold.duration_s == pytest.approx(18.8, abs=0.1)
    )
    assert [e.kind for e in events][:1] == ["hold_completed"] and clock.session.reps_done == 1
    assert clock.session.end_hold(HoldEnd.SOURCE_ENDED) == []  # nothing in progress any more
