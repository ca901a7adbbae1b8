"""The routine runner (get ready, exercise after exercise, pause, skip, pain stop), the cues it drives
and the session log, on landmark fixtures: no model involved."""

from __future__ import annotations

import itertools
import json

import pytest

from posecoach.engine.events import PAIN_MESSAGE, describe
from posecoach.engine.routine_runner import FINAL_PANEL_MS, GET_READY_MS, RoutineRunner
from posecoach.errors import SourceError, Terminated
from posecoach.reports.session_log import SessionLog
from posecoach.ui.audio import tone_wav
from posecoach.ui.cues import HINT_REPEAT_MS, CueScheduler

from builders import ROUTINE, wall_lean

FRAME_MS = 100


def _run(runner: RoutineRunner, pose, start_ms: int, end_ms: int, commands=None) -> list:
    states = []
    for t_ms in range(start_ms, end_ms, FRAME_MS):
        if commands and t_ms in commands:
            runner.command(commands[t_ms], t_ms)
        states.append(runner.step(pose, t_ms))
    return states


def _kinds(states) -> list[str]:
    return [event.kind for state in states for event in state.events]


def test_a_countdown_comes_first_and_its_time_never_counts_as_held():
    runner = RoutineRunner(ROUTINE, (ROUTINE.exercise("wall_lean"),))
    states = _run(runner, wall_lean(), 0, GET_READY_MS + 2000)
    assert states[0].phase == "get_ready" and states[0].countdown_s == pytest.approx(5.0)
    assert states[0].verdict is not None and states[0].verdict.in_position  # set-up hints show meanwhile
    assert _kinds(states)[:3] == ["get_ready", "exercise_started", "hold_started"]
    assert states[-1].phase == "holding"
    assert states[-1].held_s == pytest.approx(1.9, abs=0.15)


def test_three_holds_then_the_next_exercise_then_the_end():
    exercises = (ROUTINE.exercise("wall_lean"), ROUTINE.exercise("forward_fold"))
    runner = RoutineRunner(ROUTINE, exercises)
    states = _run(runner, wall_lean(), 0, 100_000)
    kinds = _kinds(states)
    assert kinds.count("hold_completed") == 3
    assert kinds.index("exercise_completed") < kinds.index("get_ready", 1)
    assert states[-1].exercise.id == "forward_fold"
    # The wall lean is no forward fold: the runner waits there, and "next" finishes the routine.
    runner.command("next", 100_000)
    finished = _run(runner, wall_lean(), 100_000, 100_000 + FINAL_PANEL_MS + 200)
    assert "routine_completed" in _kinds(finished)
    assert finished[-1].finished and runner.over


def test_a_pause_is_not_time_held():
    runner = RoutineRunner(ROUTINE, (ROUTINE.exercise("wall_lean"),))
    states = _run(runner, wall_lean(), 0, 30_000, commands={8000: "pause", 18000: "pause"})
    paused = [s for s in states if s.paused]
    assert len(paused) == 100 and all(s.verdict is None for s in paused)
    held = [s.held_s for s in states if s.phase == "holding"]
    # 5.3 s countdown and start, paused 10 s: at 30 s the hold has run about 14.7 s, not 24.7.
    assert max(held) == pytest.approx(14.7, abs=0.3)
    assert "hold_completed" not in _kinds(states)


# (when the pain button is pressed, commands before it): in every phase a person can be in.
PAIN_MOMENTS = {
    "getting ready": (2_000, {}),
    "holding": (12_000, {}),
    "paused mid-hold": (12_000, {9_000: "pause"}),
    "resting": (27_000, {}),
    "paused while resting": (28_000, {27_000: "pause"}),
}


@pytest.mark.parametrize("moment", PAIN_MOMENTS)
def test_pain_stops_at_once_from_any_phase_and_waits_for_the_person(moment: str):
    pain_at, commands = PAIN_MOMENTS[moment]
    runner = RoutineRunner(ROUTINE, (ROUTINE.exercise("wall_lean"), ROUTINE.exercise("prone_extension")))
    states = _run(runner, wall_lean(), 0, pain_at + FRAME_MS, commands={**commands, pain_at: "pain"})
    stopped = states[-1]
    (stop,) = [e for e in stopped.events if e.kind == "pain_stop"]
    assert describe(stop) == PAIN_MESSAGE and "consult a professional" in PAIN_MESSAGE
    # The stop panel at once, over a pause too; nothing is judged or timed any more.
    assert stopped.phase == "stopped" and not stopped.paused and stopped.verdict is None
    assert stopped.held_s == 0
    # It never ends the session by itself, and a pause cannot hide it.
    runner.command("pause", pain_at + 500)
    later = _run(runner, wall_lean(), pain_at + FRAME_MS, pain_at + 60_000)
    assert all(s.phase == "stopped" for s in later) and not runner.over
    assert "hold_completed" not in _kinds(later)
    # The person chooses: the next exercise, with its countdown.
    runner.command("next", pain_at + 60_000)
    assert runner.step(wall_lean(), pain_at + 60_100).exercise.id == "prone_extension"


def test_a_pain_stop_mid_hold_logs_the_hold_in_progress(tmp_path):
    runner = RoutineRunner(ROUTINE, (ROUTINE.exercise("wall_lean"),))
    path = tmp_path / "session.jsonl"
    with SessionLog(path) as log:
        states = _run(runner, wall_lean(), 0, 12_100, commands={12_000: "pain"})
        for state in states:
            log.append(state)
    stop = next(e for s in states for e in s.events if e.kind == "pain_stop")
    # In position from 5.0 s (the countdown's end) to the last frame before the stop, 11.9 s.
    assert stop.hold is not None and stop.hold.ended_by == "pain_stop"
    assert stop.hold.duration_s == pytest.approx(6.9, abs=0.11) and not stop.hold.counted
    assert "hold_too_short" not in _kinds(states)
    (logged,) = [r for r in map(json.loads, path.read_text().splitlines()) if r["event"] == "pain_stop"]
    assert logged["duration_s"] == pytest.approx(6.9, abs=0.11) and logged["ended_by"] == "pain_stop"
    assert logged["angles"]["body_incline"]["mean"] == pytest.approx(45, abs=0.5)


def test_back_and_restart_start_the_exercise_over_with_a_countdown():
    runner = RoutineRunner(ROUTINE)
    assert runner.exercise.id == "cat_cow"
    runner.command("next", 0)
    runner.command("next", 0)
    runner.command("back", 0)
    state = runner.step(None, 100)
    assert (state.exercise.id, state.phase, state.index, state.count) == ("child_pose", "get_ready", 1, 8)
    assert [e.kind for e in state.events] == ["skipped", "skipped", "went_back", "get_ready"]
    runner.command("restart", 200)
    assert runner.step(None, 300).events[0].kind == "restarted"
    with pytest.raises(ValueError, match="unknown command"):
        runner.command("jump", 400)


def test_cues_tone_the_hold_tick_every_5_s_and_say_release():
    runner, scheduler = RoutineRunner(ROUTINE, (ROUTINE.exercise("wall_lean"),)), CueScheduler()
    cues = []
    for state in _run(runner, wall_lean(), 0, 27_000):
        cues += [(state.t_ms, cue.kind, cue.text) for cue in scheduler.cues(state)]
    tones = [(t, text) for t, kind, text in cues if kind == "tone"]
    assert tones == [(5300, "start"), (10000, "tick"), (15000, "tick"), (20000, "tick"), (25000, "done")]
    spoken = [text for _, kind, text in cues if kind == "speech"]
    assert spoken[0].startswith("Get ready: Upper back stretch (wall lean). Hands on the wall")
    assert ["5", "10", "15", "Release", "Rest 10 seconds"] == spoken[1:6]


def test_a_hint_is_said_once_settled_and_never_twice_within_5_s():
    runner, scheduler = RoutineRunner(ROUTINE, (ROUTINE.exercise("wall_lean"),)), CueScheduler()
    spoken = []
    shallow, good = wall_lean(body_deg=25), wall_lean()
    for t_ms in range(0, 30_000, FRAME_MS):
        # The person flips between a shallow lean and a good one every 1.5 s.
        pose = shallow if (t_ms // 1500) % 2 == 0 else good
        for cue in scheduler.cues(runner.step(pose, t_ms)):
            if cue.kind == "speech" and cue.text.startswith("Walk your feet"):
                spoken.append(t_ms)
    assert len(spoken) >= 3
    assert all(b - a >= HINT_REPEAT_MS for a, b in itertools.pairwise(spoken))


def test_tones_are_short_wav_files():
    wav = tone_wav("start")
    assert wav[:4] == b"RIFF" and wav[8:12] == b"WAVE"
    assert 0.3 < (len(wav) - 44) / 2 / 22050 < 0.4


def test_the_log_has_every_hold_with_its_angles_and_the_end(tmp_path):
    runner = RoutineRunner(ROUTINE, (ROUTINE.exercise("wall_lean"),))
    path = tmp_path / "session.jsonl"
    with SessionLog(path) as log:
        log.start(ROUTINE.id, "fixture", ["wall_lean"])
        for state in _run(runner, wall_lean(), 0, 30_000, commands={28_000: "pain"}):
            log.append(state)
    records = [json.loads(line) for line in path.read_text().splitlines()]
    assert records[0]["event"] == "session_started" and records[-1]["event"] == "session_ended"
    hold = next(r for r in records if r["event"] == "hold_completed")
    assert hold["duration_s"] == 20.0 and hold["counted"] is True
    assert hold["angles"]["body_incline"]["mean"] == pytest.approx(45, abs=0.5)
    quality = {"visibility", "view_confidence", "jitter"}
    assert set(hold["angles"]["knee_left"]) == {"mean", "min", "max", *quality}
    assert any(r["event"] == "pain_stop" for r in records)
    assert records[-1]["reason"] == "ended" and records[-1]["holds_counted"] == 1


def test_a_crash_is_logged_as_the_session_end(tmp_path):
    path = tmp_path / "session.jsonl"
    with pytest.raises(RuntimeError), SessionLog(path) as log:
        log.start(ROUTINE.id, "fixture", [])
        raise RuntimeError("boom")
    last = json.loads(path.read_text().splitlines()[-1])
    assert last["event"] == "session_ended" and last["reason"] == "crashed: RuntimeError: boom"


@pytest.mark.parametrize(
    ("error", "reason"),
    [
        (KeyboardInterrupt(), "interrupted"),
        (Terminated(), "terminated"),
        (SourceError("camera 0 sent no frame"), "stopped: camera 0 sent no frame"),
        (RuntimeError("boom"), "crashed: RuntimeError: boom"),
    ],
)
def test_the_log_says_how_the_session_ended(tmp_path, error: BaseException, reason: str):
    path = tmp_path / "session.jsonl"
    with pytest.raises(type(error)), SessionLog(path) as log:
        log.start(ROUTINE.id, "fixture", [])
        raise error
    last = json.loads(path.read_text().splitlines()[-1])
    assert last["event"] == "session_ended" and last["reason"] == reason
