"""The analysis JSON: the pose (and, with an exercise, the verdict) of every frame, as one document.

The layout is a public contract, versioned by its "schema" field and described in README.md. Angle
keys appear here in their string form ("knee_left", "trunk_rotation_world").
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from posecoach.capture.sources import FrameSource
from posecoach.engine.events import Event, Phase, describe
from posecoach.engine.exercise_run import ExerciseRun, ExerciseStep
from posecoach.engine.frame_result import FrameResult
from posecoach.engine.routine import Routine
from posecoach.fileio import STDOUT, LineFile, partial_path, write_atomically
from posecoach.pose.model_store import ModelFile

SCHEMA_VERSION = 1
_ANGLE_DIGITS = 2


def _rounded(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)


def _coaching_json(step: ExerciseStep) -> dict[str, Any]:
    verdict = step.verdict
    return {
        "angles": {str(key): _rounded(value, _ANGLE_DIGITS) for key, value in verdict.angles.items()},
        "in_position": verdict.in_position,
        "hint": verdict.hint,
        "view": verdict.view.label if verdict.view else None,
        "view_confidence": round(verdict.view.confidence, 2) if verdict.view else None,
        "position": verdict.position.label if verdict.position else None,
        "position_confidence": round(verdict.position.confidence, 2) if verdict.position else None,
        "side": verdict.side,
        "phase": str(step.phase),
        "hold_s": round(step.held_s, 2),
        # Why: each target's value against its range, what the posture readers read, the rhythm's state.
        "checks": [
            {
                "angle": str(check.key),
                "value": _rounded(check.value, _ANGLE_DIGITS),
                "min": check.low,
                "max": check.high,
                "status": check.status,
            }
            for check in verdict.checks
        ],
        "view_width": verdict.view.scores.get("width") if verdict.view else None,
        "position_scores": verdict.position.scores if verdict.position else None,
        "rhythm_value": _rounded(verdict.rhythm_value, _ANGLE_DIGITS),
        "rhythm_zone": step.rhythm_zone,
    }


def frame_json(result: FrameResult) -> dict[str, Any]:
    """One frame's record in the document."""
    record = {
        "index": result.frame.index,
        "t_ms": result.frame.t_ms,
        "people_in_view": result.people_in_view,
        "pose": None if result.pose is None else result.pose.to_json(),
        "notice": result.notice,
        "found_mirrored": result.found_mirrored,
    }
    if result.coaching is not None:
        record.update(_coaching_json(result.coaching))
    return record


def _event_json(event: Event) -> dict[str, Any]:
    return {"t_ms": event.t_ms, "kind": str(event.kind), "message": describe(event), "side": event.side}


@dataclass
class JudgedExercise:
    """The exercise an analysis judged: the routine it comes from and its run."""

    routine: Routine
    run: ExerciseRun


class AnalysisJson:
    """Gathers frame results into the analysis document, written to `path` (if any) on `close`.

    While the analysis runs, every frame also goes, as it comes, to `NAME.partial.jsonl` beside the
    target (a first line with the document's head, then one line per frame): a crash or `kill -9`
    keeps what was analysed there. `close` writes the whole document atomically and removes it.

    Args:
        path: where to write the document; `-` for standard output; None keeps it in memory only.
        source: what is analyzed.
        model: the model used.
        judged: the exercise judged, if any.
    """

    def __init__(
        self, path: Path | None, source: FrameSource, model: ModelFile, judged: JudgedExercise | None = None
    ) -> None:
        self.path, self.source, self.model, self.judged = path, source, model, judged
        self.frames: list[dict[str, Any]] = []
        self.events: list[Event] = []
        self.interrupted_by: str | None = None
        self._stream: LineFile | None = None
        if path is not None and path != STDOUT:
            self._stream = LineFile(partial_path(path).with_suffix(".jsonl"), "analysis", append=False)
            self._stream.write_line(json.dumps(self._head(), separators=(",", ":")))

    def append(self, result: FrameResult) -> None:
        record = frame_json(result)
        self.frames.append(record)
        if result.coaching is not None:
            self.events.extend(result.coaching.events)
        if self._stream is not None:
            self._stream.write_line(json.dumps(record, separators=(",", ":")))

    def add_events(self, events: Iterable[Event]) -> None:
        """Events that happened after the last frame (the hold in progress, ended with the run)."""
        self.events.extend(events)

    def _head(self) -> dict[str, Any]:
        source = self.source
        return {
            "schema": SCHEMA_VERSION,
            "video": source.name,
            "fps": source.fps,
            "frame_count": len(self.frames),
            "model": {"path": str(self.model.path), "sha256": self.model.sha256},
            "interrupted": self.interrupted_by is not None,
            "interrupted_by": self.interrupted_by,
            **source.reading_report(),
        }

    def document(self) -> dict[str, Any]:
        """The analysis document (see README.md, "The analysis JSON") for the frames appended so far."""
        document = self._head()
        if self.judged is not None:
            document.update(self._exercise_summary(self.judged))
        document["frames"] = list(self.frames)
        return document

    def _exercise_summary(self, judged: JudgedExercise) -> dict[str, Any]:
        exercise, session = judged.run.exercise, judged.run.session
        return {
            "exercise": {"id": exercise.id, "name": exercise.name, "routine": str(judged.routine.path)},
            "holds": [hold.to_json() for hold in session.holds],
            "reps_completed": session.reps_done,
            "cycles": session.cycles,
            "completed": session.phase == Phase.DONE,
            "events": [_event_json(event) for event in self.events],
        }

    def close(self, interrupted_by: str | None = None) -> None:
        """Write the document; `interrupted_by` says what stopped the analysis early (e.g. "Ctrl-C")."""
        self.interrupted_by = interrupted_by
        stream, self._stream = self._stream, None
        if stream is not None:
            stream.close()
        if self.path is None:
            return
        text = json.dumps(self.document(), separators=(",", ":"))
        if self.path == STDOUT:
            sys.stdout.write(text + "\n")
            sys.stdout.flush()
            return
        write_atomically(self.path, text.encode("utf-8"), "analysis")
        assert stream is not None
        stream.path.unlink(missing_ok=True)
