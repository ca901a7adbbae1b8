"""One attempt at one exercise: the checker judging each frame and the session timing it.

The live coach (through the routine runner) and `posecoach analyze` both drive exercises through this
one class, so a recording and a live session are judged and timed alike.
"""

from __future__ import annotations

from dataclasses import dataclass

from posecoach.body.smoothing import AngleSmoother
from posecoach.engine.checker import ExerciseChecker, Verdict
from posecoach.engine.events import Event, Phase
from posecoach.engine.routine import Exercise
from posecoach.engine.session import ExerciseSession
from posecoach.pose.pose import Pose


@dataclass(frozen=True, eq=False)
class ExerciseStep:
    """One frame of an exercise: the verdict, what happened, and where the exercise stands after it
    (`rhythm_zone`: the rhythm's pose reached last, e.g. "cat")."""

    verdict: Verdict
    events: tuple[Event, ...]
    phase: Phase
    held_s: float
    rhythm_zone: str | None = None


class ExerciseRun:
    """Judges and times one exercise, frame by frame.

    Args:
        exercise: the exercise.
        smoother: the checker's smoothing stage (see `ExerciseChecker`); One Euro filters by default.
    """

    def __init__(self, exercise: Exercise, smoother: AngleSmoother | None = None) -> None:
        self.exercise = exercise
        self.checker = ExerciseChecker(exercise, smoother)
        self.session = ExerciseSession(exercise)

    def judge(self, pose: Pose | None, t_ms: int) -> Verdict:
        """Judge a frame without timing it (a countdown before the exercise starts)."""
        return self.checker.check(pose, t_ms, self.session.side)

    def advance(self, t_ms: int, verdict: Verdict) -> ExerciseStep:
        """Time a judged frame: holds, reps, sides, rests and cycles move on."""
        events = self.session.update(t_ms, verdict)
        session = self.session
        return ExerciseStep(verdict, tuple(events), session.phase, session.held_s, session.zone)

    def step(self, pose: Pose | None, t_ms: int) -> ExerciseStep:
        """Judge the frame at `t_ms` and time it."""
        return self.advance(t_ms, self.judge(pose, t_ms))
