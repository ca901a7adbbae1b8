"""What to say and play when: the coach's state, frame by frame, turned into cues (tones and words).

During a prone extension nobody can read the screen, so the coach speaks its hints, counts and
"release". The scheduler decides from the coach's state alone and plays nothing; `audio.AudioOut`
plays the cues.
"""

from __future__ import annotations

from dataclasses import dataclass

from posecoach.engine.events import Event, EventKind, Phase, describe
from posecoach.engine.routine_runner import CoachState
from posecoach.ui.keys import RESUME_PROMPT

# The same hint is never spoken twice within this time; one that stays true is repeated every
# HINT_REMIND_MS, for the person who cannot see the screen.
HINT_REPEAT_MS = 5000
HINT_REMIND_MS = 10000
# A hint must stay the same this long before it is spoken: a one-frame flicker is not worth a sentence.
HINT_SETTLE_MS = 600
TICK_EVERY_S = 5
# Events spoken as they happen, with their own message.
_SPOKEN_EVENTS = {
    EventKind.GET_READY, EventKind.RELEASE, EventKind.HOLD_TOO_SHORT, EventKind.REST_STARTED,
    EventKind.REST_ENDED, EventKind.SIDE_STARTED, EventKind.CYCLE, EventKind.EXERCISE_COMPLETED,
    EventKind.ROUTINE_COMPLETED, EventKind.PAIN_STOP, EventKind.PAUSED, EventKind.RESUMED, EventKind.RATED,
}  # fmt: skip
# Corrections are spoken while getting ready and in the exercise, not while resting.
_HINTED_PHASES = (Phase.GET_READY, Phase.POSITIONING, Phase.HOLDING)
_TONE_EVENTS = {EventKind.HOLD_STARTED: "start", EventKind.HOLD_COMPLETED: "done"}


@dataclass(frozen=True)
class Cue:
    """Something to play: a tone by name (`kind` "tone") or words (`kind` "speech")."""

    kind: str
    text: str


class CueScheduler:
    """Turns the coach's state, frame by frame, into the cues to play at that frame."""

    def __init__(self) -> None:
        self._hint: str | None = None
        self._hint_since = 0
        self._spoken_at: dict[str, int] = {}
        self._ticks = 0

    def cues(self, state: CoachState) -> list[Cue]:
        cues: list[Cue] = []
        for event in state.events:
            if event.kind in _TONE_EVENTS:
                cues.append(Cue("tone", _TONE_EVENTS[event.kind]))
            if event.kind == EventKind.HOLD_STARTED:
                self._ticks = 0
            if event.kind in _SPOKEN_EVENTS:
                cues.append(Cue("speech", _spoken(event, state)))
        if state.phase == Phase.HOLDING and state.held_s >= (self._ticks + 1) * TICK_EVERY_S:
            self._ticks = int(state.held_s // TICK_EVERY_S)
            target = state.hold_target_s
            if target is None or state.held_s < target:
                cues += [Cue("tone", "tick"), Cue("speech", str(self._ticks * TICK_EVERY_S))]
        hint = self._settled_hint(state)
        if hint is not None:
            cues.append(Cue("speech", hint))
        return cues

    def _settled_hint(self, state: CoachState) -> str | None:
        hint = state.verdict.hint if state.phase in _HINTED_PHASES and state.verdict is not None else None
        if hint != self._hint:
            self._hint, self._hint_since = hint, state.t_ms
            return None
        if hint is None or state.t_ms - self._hint_since < HINT_SETTLE_MS:
            return None
        last = self._spoken_at.get(hint)
        if last is not None and state.t_ms - last < HINT_REPEAT_MS:
            return None
        if last is not None and last >= self._hint_since and state.t_ms - last < HINT_REMIND_MS:
            return None
        self._spoken_at[hint] = state.t_ms
        return hint


def _spoken(event: Event, state: CoachState) -> str:
    words = describe(event)
    if event.kind == EventKind.GET_READY:
        return f"{words}. {state.exercise.instruction}"
    if event.kind == EventKind.PAUSED:
        return f"{words}: {RESUME_PROMPT}"
    return words
