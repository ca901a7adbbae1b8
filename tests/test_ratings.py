"""Pain and stiffness ratings: typed 0-10 before the first exercise and after the last, never
required; through the routine runner and its log into the history and the report. No model involved."""

from __future__ import annotations

from pathlib import Path

import pytest

from posecoach.engine.events import HIGH_PAIN_ADVICE, EventKind, Phase, describe
from posecoach.engine.ratings import DIGIT_WAIT_MS, RatingPrompt
from posecoach.engine.routine_runner import FINAL_PANEL_MS, RoutineRunner
from posecoach.history.records import read_log
from posecoach.reports.session_report import render_report, report_input

from builders import ROUTINE, coached_wall_lean, wall_lean


def _typed(prompt: RatingPrompt, keys: str, start_ms: int = 0, gap_ms: int = 300) -> list[tuple[str, int]]:
    events = []
    for index, key in enumerate(keys):
        events += prompt.key(key, start_ms + index * gap_ms)
    events += prompt.tick(start_ms + len(keys) * gap_ms + DIGIT_WAIT_MS)
    return [(event.name, event.count) for event in events]


@pytest.mark.parametrize(
    ("keys", "rated"),
    [
        ("37", [("pain_before", 3), ("stiffness_before", 7)]),
        ("10", [("pain_before", 10)]),  # a "1" then a "0" is ten
        ("1", [("pain_before", 1)]),  # a "1" left alone is one, once the wait is over
        ("12", [("pain_before", 1), ("stiffness_before", 2)]),
        ("1010", [("pain_before", 10), ("stiffness_before", 10)]),
        ("0555", [("pain_before", 0), ("stiffness_before", 5)]),  # later keys ask nothing more
    ],
)
def test_ratings_are_typed_digit_by_digit(keys: str, rated: list):
    prompt = RatingPrompt("before")
    assert _typed(prompt, keys) == rated
    assert prompt.question == (None if len(rated) == 2 else "stiffness")


def test_a_high_pain_rating_is_answered_with_advice_not_only_noted():
    prompt = RatingPrompt("before")
    (low,) = prompt.key("3", 0)
    (stiffness,) = prompt.key("8", 500)  # stiffness: noted only
    assert describe(low) == "3 of 10, noted" and describe(stiffness) == "8 of 10, noted"
    (high,) = RatingPrompt("after").key("8", 0)
    assert describe(high) == f"8 of 10, noted. {HIGH_PAIN_ADVICE}"


def test_ratings_are_asked_before_the_first_exercise_gets_going_and_after_the_last():
    runner = RoutineRunner(ROUTINE, (ROUTINE.exercise("wall_lean"),))
    first = runner.step(wall_lean(), 0)
    assert first.phase == Phase.GET_READY and first.rating == ("before", "pain")
    runner.command("4", 1000)
    states = [runner.step(wall_lean(), t_ms) for t_ms in range(1100, 100_000, 100)]
    assert states[0].rating == ("before", "stiffness")
    holding = next(s for s in states if s.phase == Phase.HOLDING)
    assert holding.rating is None  # the exercise got going: no longer asked, keys do nothing
    runner.command("6", holding.t_ms + 100)
    rated = [e for s in states for e in s.events if e.kind == EventKind.RATED]
    finished = next(s for s in states if s.phase == Phase.FINISHED)
    assert [(e.name, e.count) for e in rated] == [("pain_before", 4)] and finished.rating == ("after", "pain")


def test_answering_keeps_the_final_panel_up_and_not_answering_never_holds_the_session():
    def finished_runner() -> tuple[RoutineRunner, int]:
        runner = RoutineRunner(ROUTINE, (ROUTINE.exercise("wall_lean"),))
        t_ms = 0
        while runner.step(wall_lean(), t_ms).phase != Phase.FINISHED:
            t_ms += 100
        return runner, t_ms

    quiet, ended = finished_runner()
    quiet.step(wall_lean(), ended + FINAL_PANEL_MS)
    assert quiet.over
    typing, ended = finished_runner()
    typing.command("3", ended + FINAL_PANEL_MS - 500)
    typing.step(wall_lean(), ended + FINAL_PANEL_MS)
    assert not typing.over  # the stiffness question is still open, a key moments ago
    typing.step(wall_lean(), ended + FINAL_PANEL_MS + 6000)
    assert typing.over  # given up on: the session ends


def test_ratings_reach_the_log_the_history_and_the_report(tmp_path: Path):
    # Pain 6 and stiffness 5 typed while getting ready; pain 3 after the routine; stiffness skipped.
    log = coached_wall_lean(
        tmp_path / "session.jsonl", lambda t_ms: wall_lean(), 110, {1000: "6", 1500: "5", 102_000: "3"}
    )
    session = read_log(log)
    assert [(session.rating(m, w)) for m in ("pain", "stiffness") for w in ("before", "after")] == [
        6,
        3,
        5,
        None,
    ]
    assert session.ratings_text("pain") == "6 -> 3"
    page = render_report(report_input(session))
    assert "Pain: before 6 of 10, after 3 of 10; Stiffness: before 5 of 10." in page
