"""`posecoach analyze`: the pose of the coached person in every frame of a video, as a JSON document.

The document layout is a public contract, versioned by its "schema" field and described in README.md.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from posecoach.capture.sources import Frame, FrameSource
from posecoach.engine.checker import ExerciseChecker, Verdict
from posecoach.engine.routine import Routine
from posecoach.engine.session import Event, ExerciseSession
from posecoach.pose.estimator import PoseEstimator
from posecoach.pose.model_store import ModelFile
from posecoach.pose.person import PersonSelector
from posecoach.pose.pose import Pose

SCHEMA_VERSION = 1
_ANGLE_DIGITS = 2


@dataclass(frozen=True, eq=False)
class Coaching:
    """The exercise engine's view of one frame: the verdict and where the exercise stands."""

    verdict: Verdict
    events: tuple[Event, ...]
    phase: str
    hold_s: float

    def to_json(self) -> dict[str, Any]:
        verdict = self.verdict
        return {
            "angles": {k: None if v is None else round(v, _ANGLE_DIGITS) for k, v in verdict.angles.items()},
            "in_position": verdict.in_position,
            "hint": verdict.hint,
            "view": verdict.view.label if verdict.view else None,
            "view_confidence": round(verdict.view.confidence, 2) if verdict.view else None,
            "position": verdict.position.label if verdict.position else None,
            "position_confidence": round(verdict.position.confidence, 2) if verdict.position else None,
            "side": verdict.side,
            "phase": self.phase,
            "hold_s": round(self.hold_s, 2),
        }


@dataclass(frozen=True, eq=False)
class FrameResult:
    """What the pipeline found in one frame.

    Attributes:
        frame: the frame itself.
        people_in_view: how many people the model found.
        pose: the coached person's pose, or None when that person is not in view.
        coaching: the exercise engine's judgement, when an exercise is checked.
    """

    frame: Frame
    people_in_view: int
    pose: Pose | None
    coaching: Coaching | None = None

    def to_json(self) -> dict[str, Any]:
        record = {
            "index": self.frame.index,
            "t_ms": self.frame.t_ms,
            "people_in_view": self.people_in_view,
            "pose": None if self.pose is None else self.pose.to_json(),
        }
        if self.coaching is not None:
            record.update(self.coaching.to_json())
        return record


def analyze(
    source: FrameSource, estimator: PoseEstimator, session: ExerciseSession | None = None
) -> Iterator[FrameResult]:
    """Yield, frame by frame, the coached person's pose in `source` (a generator, so a camera can stream).

    Args:
        source: the frames.
        estimator: an open estimator.
        session: when given, every frame is judged against its exercise and advances it.
    """
    selector = PersonSelector()
    checker = ExerciseChecker(session.exercise) if session is not None else None
    for frame in source:
        people = estimator.detect(frame)
        pose = selector.select(people, frame.t_ms)
        coaching = None
        if session is not None and checker is not None:
            verdict = checker.check(pose, frame.t_ms, session.side)
            events = session.update(frame.t_ms, verdict)
            coaching = Coaching(verdict, tuple(events), session.phase, session.held_s)
        yield FrameResult(frame, len(people), pose, coaching)


def analysis_document(
    source: FrameSource,
    model: ModelFile,
    frames: Sequence[dict[str, Any]],
    exercise: tuple[Routine, ExerciseSession, Sequence[Event]] | None = None,
) -> dict[str, Any]:
    """The analysis document (see README.md, "The analysis JSON") for the frames analyzed so far.

    Args:
        source: what was analyzed.
        model: the model used.
        frames: each frame's `FrameResult.to_json()`.
        exercise: when an exercise was checked: its routine, its session, and the events announced.
    """
    document: dict[str, Any] = {
        "schema": SCHEMA_VERSION,
        "video": source.name,
        "fps": source.fps,
        "frame_count": len(frames),
        "model": {"path": str(model.path), "sha256": model.sha256},
    }
    if exercise is not None:
        routine, session, events = exercise
        document.update(_exercise_summary(routine, session, events))
    document["frames"] = list(frames)
    return document


def _exercise_summary(routine: Routine, session: ExerciseSession, events: Sequence[Event]) -> dict[str, Any]:
    exercise = session.exercise
    return {
        "exercise": {"id": exercise.id, "name": exercise.name, "routine": str(routine.path)},
        "holds": [hold.to_json() for hold in session.holds],
        "reps_completed": session.reps_done,
        "cycles": session.cycles,
        "completed": session.phase == "done",
        "events": [{"t_ms": e.t_ms, "kind": e.kind, "message": e.message, "side": e.side} for e in events],
    }


def coverage(document: dict[str, Any]) -> tuple[int, int]:
    """(frames with anyone in view, frames with the coached person) of an analysis document."""
    frames = document["frames"]
    return sum(f["people_in_view"] > 0 for f in frames), sum(f["pose"] is not None for f in frames)
