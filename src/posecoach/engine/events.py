"""What the engine hands on: the phases an exercise goes through, the events it announces, and the holds.

Events carry a kind and data (a name, a count, seconds, the hold that ended), never sentences: the
words are `describe(event)`'s, and what a screen or keyboard adds ("press space") is the UI's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

import numpy as np

from posecoach.body.angles import AngleKey

PAIN_MESSAGE = (
    "Stopped. Rest and breathe calmly. If the pain persists, stop exercising and consult a professional."
)
# A pain rating from this value up is answered with advice, not only noted.
HIGH_PAIN_RATING = 7
HIGH_PAIN_ADVICE = (
    "That is a lot of pain: go gently or rest today, and consult a professional if it persists."
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
    RATED = "rated"  # a pain or stiffness rating typed: name "pain_before", count the value


@dataclass(frozen=True)
class AngleStats:
    """One judged angle over a hold, and how well it was measured.

    Attributes:
        mean, min, max: the smoothed angle over the hold's frames, in degrees.
        visibility: the mean over those frames of the least visible landmark the angle needs (0-1).
        view_confidence: the mean confidence of the camera view the frames were judged in (0-1).
        jitter: the RMS change of the angle from one frame to the next, in degrees (0 for one frame).
    """

    mean: float
    min: float
    max: float
    visibility: float | None = None
    view_confidence: float | None = None
    jitter: float | None = None

    @classmethod
    def of(cls, values: list[float], visibility: list[float], view_confidence: list[float]) -> AngleStats:
        """The statistics of one angle's values, frame by frame, with their landmarks' visibility and
        the view's confidence on the same frames."""
        steps = np.diff(values)
        return cls(
            float(np.mean(values)),
            float(np.min(values)),
            float(np.max(values)),
            float(np.mean(visibility)) if visibility else None,
            float(np.mean(view_confidence)) if view_confidence else None,
            float(np.sqrt(np.mean(steps**2))) if len(steps) else 0.0,
        )

    def to_json(self) -> dict[str, float | None]:
        quality = {"visibility": self.visibility, "view_confidence": self.view_confidence}
        return {
            "mean": round(self.mean, 1),
            "min": round(self.min, 1),
            "max": round(self.max, 1),
            **{name: None if value is None else round(value, 3) for name, value in quality.items()},
            "jitter": None if self.jitter is None else round(self.jitter, 2),
        }


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
        name: the exercise (or, for ROUTINE_COMPLETED, the routine) it is about; for RATED, what was
            rated when ("pain_before", "stiffness_after").
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
    EventKind.RATED: "{count} of 10, noted",
}


def describe(event: Event) -> str:
    """The event in words, as the coach says it and the logs record it."""
    words = _WORDS[event.kind].format(
        name=event.name, count=event.count, seconds=event.seconds, side=event.side
    )
    high_pain = event.kind == EventKind.RATED and str(event.name).startswith("pain")
    if high_pain and event.count is not None and event.count >= HIGH_PAIN_RATING:
        words = f"{words}. {HIGH_PAIN_ADVICE}"
    return words
