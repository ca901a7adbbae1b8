"""Routines and their exercises as typed, frozen data: what routine files (routine_file.py) are read into."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from posecoach.body.points import Plane
from posecoach.errors import PosecoachError


class RoutineError(PosecoachError):
    """A routine file that cannot be used; the message names the file, exercise and field."""


@dataclass(frozen=True)
class Target:
    """One angle the exercise judges.

    Attributes:
        angle: a name from the angle vocabulary, without side (e.g. "knee", "body_incline").
        side: for sided angles, which side (see routine_file.TARGET_SIDES); None for whole-body angles.
        plane: "image" or "world".
        low, high: the accepted range in degrees (either may be None for an open end).
        target: the ideal value, shown to the user (the middle of the range if not given).
        below, above: the hint when the value is under `low` or over `high`.
        priority: 1 is the most important; the coach voices only the most important failing target.
        toward_working_side: for signed angles (trunk rotation), count positive toward the working side.
    """

    angle: str
    side: str | None
    plane: Plane
    low: float | None
    high: float | None
    target: float | None
    below: str
    above: str
    priority: int
    toward_working_side: bool = False


@dataclass(frozen=True)
class SafetyLimit:
    """An angle past which the coach says to ease off, whatever the targets say."""

    angle: str
    side: str | None
    plane: Plane
    low: float | None
    high: float | None
    hint: str
    toward_working_side: bool = False


@dataclass(frozen=True)
class HoldSpec:
    min_s: float
    target_s: float
    max_s: float


@dataclass(frozen=True)
class PoseZone:
    """A named pose of a rhythmic move: the rhythm angle inside [low, high]."""

    name: str
    low: float | None
    high: float | None

    def contains(self, value: float) -> bool:
        return (self.low is None or value >= self.low) and (self.high is None or value <= self.high)


@dataclass(frozen=True)
class Rhythm:
    """A rhythmic move: one cycle is first pose -> second pose -> first pose.

    The two zones do not overlap, and the state changes only on entering the other zone, so a wobble
    at one threshold never counts twice.
    """

    angle: str
    side: str | None
    plane: Plane
    poses: tuple[PoseZone, PoseZone]
    cycles: int


@dataclass(frozen=True)
class Exercise:
    id: str
    name: str
    instruction: str
    kind: str
    views: tuple[str, ...]
    positions: tuple[str, ...]
    targets: tuple[Target, ...]
    hold: HoldSpec | None
    rhythm: Rhythm | None
    reps: int
    sides: tuple[str, ...]
    rest_s: float
    safety: tuple[SafetyLimit, ...]
    max_speed_deg_s: float | None
    sources: str


@dataclass(frozen=True)
class Routine:
    id: str
    name: str
    description: str
    exercises: tuple[Exercise, ...]
    path: Path

    def exercise(self, exercise_id: str) -> Exercise:
        """The exercise with this id.

        Raises:
            RoutineError: no such exercise; the message lists the ids there are.
        """
        for exercise in self.exercises:
            if exercise.id == exercise_id:
                return exercise
        known = ", ".join(e.id for e in self.exercises)
        raise RoutineError(f"{self.path}: no exercise {exercise_id!r}; exercises: {known}")
