"""What the engine hands on: the phases an exercise goes through, the events it announces, and the holds.

Events carry a kind and data (a name, a count, seconds, the hold that ended), never sentences: the
words are `describe(event)`'s, and what a screen or keyboard adds ("press space") is the UI's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from posecoach.body.angles import AngleKey

PAIN_MESSAGE = (
    "Stopped. Rest and breathe calmly. If the pain persists, stop exercising and consult a professional."
)


class Phase(StrEnum):
    """Where the coach stands: the exercise session's phases, and the routine's around them."""

    GET_READY = "get_ready"
    POSITIONING = "positioning"
    HOLDING = "holding"
    RESTING = "resting"
    DONE = "done"
    STOPPED = "stopped"  # after a pain stop
    FINISHED = "finished"  # after the last exercise


class HoldEnd(StrEnum):
    """What ended a hold."""

    RELEASE = "release"  # the target time was reached
    LAPSE = "lapse"  # out of position for longer than the grace
    PAIN_STOP = "pain_stop"
    INTERRUPTED = "interrupted"  # the run was stopped (Ctrl-C, quit, window closed)
    SOURCE_ENDED = "source_ended"  # the video or camera ended mid-hold


class EventKind(StrEnum):
    EXERCISE_STARTED = "exercise_started"
    GET_READY = "get_ready"
    HOLD_STARTED = "hold_started"
    RELEASE = "release"
    HOLD_COMPLETED = "hold_completed"
    HOLD_TOO_SHORT = "hold_too_short"
    REST_STARTED = "rest_started"
    REST_ENDED = "rest_ended"
    SIDE_STARTED = "side_started"
    CYCLE = "cycle"
    EXERCISE_COMPLETED = "exercise_completed"
    ROUTINE_COMPLETED = "routine_completed"
    PAUSED = "paused"
    RESUMED = "resumed"
    SKIPPED = "skipped"
    WENT_BACK = "went_back"
    RESTARTED = "restarted"
    PAIN_STOP = "pain_stop"


@dataclass(frozen=True)
class AngleStats:
    """One judged angle over a hold."""

    mean: float
    min: float
    max: float

    def to_json(self) -> dict[str, float]:
        return {"mean": round(self.mean, 1), "min": round(self.min, 1), "max": round(self.max, 1)}


@dataclass(frozen=True)
class Hold:
    """One hold: from getting into position to leaving it (or the release at the target).

    Attributes:
        start_ms, end_ms: when the person got into position, and when the hold ended.
        duration_s: time in position, lapses excluded.
        side: the side worked, or None.
        counted: the hold reached the exercise's minimum (whatever ended it).
        angles: each judged angle over the hold's frames in position, from the moment its time counts.
        ended_by: what ended it.
    """

    start_ms: int
    end_ms: int
    duration_s: float
    side: str | None
    counted: bool
    angles: dict[AngleKey, AngleStats] = field(default_factory=dict)
    ended_by: HoldEnd = HoldEnd.LAPSE

    def to_json(self) -> dict[str, Any]:
        return {
            "start_ms": self.start_ms,
            "end_ms": self.end_ms,
            "duration_s": round(self.duration_s, 2),
            "side": self.side,
            "counted": self.counted,
            "angles": {str(key): stats.to_json() for key, stats in self.angles.items()},
            "ended_by": str(self.ended_by),
        }


@dataclass(frozen=True)
class Event:
    """Something that happened at `t_ms`.

    Attributes:
        kind: what happened.
        side: the side being worked, when it matters.
        hold: the hold that ended, for HOLD_COMPLETED and HOLD_TOO_SHORT, and the one a PAIN_STOP
            cut short (or None).
        name: the exercise (or, for ROUTINE_COMPLETED, the routine) it is about.
        count: the hold or cycle number, for HOLD_COMPLETED and CYCLE.
        seconds: the rest's length, or the minimum hold that was missed.
    """

    t_ms: int
    kind: EventKind
    side: str | None = None
    hold: Hold | None = None
    name: str | None = None
    count: int | None = None
    seconds: float | None = None


_WORDS = {
    EventKind.EXERCISE_STARTED: "{name}",
    EventKind.GET_READY: "Get ready: {name}",
    EventKind.HOLD_STARTED: "Hold",
    EventKind.RELEASE: "Release",
    EventKind.HOLD_COMPLETED: "Hold {count} done",
    EventKind.HOLD_TOO_SHORT: "Hold for at least {seconds:g} seconds",
    EventKind.REST_STARTED: "Rest {seconds:g} seconds",
    EventKind.REST_ENDED: "Get into position",
    EventKind.SIDE_STARTED: "Now your {side} side",
    EventKind.CYCLE: "{count}",
    EventKind.EXERCISE_COMPLETED: "{name} complete",
    EventKind.ROUTINE_COMPLETED: "{name} complete. Well done!",
    EventKind.PAUSED: "Paused",
    EventKind.RESUMED: "Resumed",
    EventKind.SKIPPED: "Skipped to {name}",
    EventKind.WENT_BACK: "Back to {name}",
    EventKind.RESTARTED: "Restarting {name}",
    EventKind.PAIN_STOP: PAIN_MESSAGE,
}


def describe(event: Event) -> str:
    """The event in words, as the coach says it and the logs record it."""
    return _WORDS[event.kind].format(
        name=event.name, count=event.count, seconds=event.seconds, side=event.side
    )
