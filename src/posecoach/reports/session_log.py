"""The session log: one JSON object per line, written as the session goes.

Every record is flushed to the operating system when written, so killing the process (even with
kill -9) loses nothing already written; only the statistics of a hold still in progress, which are
written when the hold ends (from the hold's own record, `Hold.angles`), can be lost. Records carry
`t_ms` (the frame clock) and `wall` (local time).
"""

from __future__ import annotations

import json
import time
import uuid
from pathlib import Path
from types import TracebackType
from typing import Any

from posecoach import __version__
from posecoach.engine.events import EventKind, Phase, describe
from posecoach.engine.routine_runner import CoachState
from posecoach.errors import PosecoachError, Terminated
from posecoach.fileio import LineFile

# While an exercise is judged, the judged angles, whether in position and the hint are logged this often:
# the report's plots and its hint durations come from these samples.
SAMPLE_MS = 500


def local_time() -> str:
    """Now, in local time as ISO 8601 with its offset: how logs and the history date what happened."""
    return time.strftime("%Y-%m-%dT%H:%M:%S%z")


class SessionLog:
    """Appends the session's events to a JSON Lines file (see fileio.LineFile: whole lines only)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._file: LineFile | None = LineFile(path, "session log")
        self.holds_counted = 0
        # Names the session in the history, however many times its log is imported.
        self.session_id = uuid.uuid4().hex
        self._sampled_at: int | None = None

    def write(self, event: str, t_ms: int | None = None, **fields: Any) -> None:
        """Write one record and hand it to the operating system at once."""
        if self._file is None:
            return
        record = {"event": event, "t_ms": t_ms, "wall": local_time(), **fields}
        # A line that fails (a full disk) raises once; the LineFile then writes nothing more.
        self._file.write_line(json.dumps(record, ensure_ascii=False))

    def start(
        self, routine_id: str, source: str, exercises: list[str], routine_file: Path | None = None
    ) -> None:
        """Write the session's start: what it coaches, from where, and the routine file (so the history
        can judge its holds against the same targets later)."""
        self.write(
            "session_started",
            0,
            session_id=self.session_id,
            routine=routine_id,
            routine_file=str(routine_file.resolve()) if routine_file else None,
            source=source,
            exercises=exercises,
            version=__version__,
        )

    def append(self, state: CoachState) -> None:
        """Log the events of one frame (a hold's end carries its duration and judged angles) and, every
        SAMPLE_MS while an exercise is judged, the judged angles."""
        self._sample(state)
        for event in state.events:
            fields: dict[str, Any] = {"message": describe(event), "exercise": state.exercise.id}
            for name in ("side", "count", "seconds"):
                if getattr(event, name) is not None:
                    fields[name] = getattr(event, name)
            if event.kind == EventKind.RATED:
                fields["rating"] = event.name
            hold = event.hold
            if hold is not None:  # a hold's end, or the hold a pain stop cut short
                fields.update(duration_s=round(hold.duration_s, 2), counted=hold.counted)
                fields.update(ended_by=str(hold.ended_by), start_ms=hold.start_ms)
                fields["angles"] = {str(key): stats.to_json() for key, stats in hold.angles.items()}
                self.holds_counted += hold.counted
            self.write(str(event.kind), event.t_ms, **fields)

    def _sample(self, state: CoachState) -> None:
        verdict = state.verdict
        judged = state.phase in (Phase.POSITIONING, Phase.HOLDING) and not state.paused
        if verdict is None or not judged:
            return
        if self._sampled_at is not None and 0 <= state.t_ms - self._sampled_at < SAMPLE_MS:
            return
        self._sampled_at = state.t_ms
        angles = {str(key): round(value, 1) for key, value in verdict.angles.items() if value is not None}
        side = {"side": state.side} if state.side is not None else {}
        self.write(
            "angles",
            state.t_ms,
            exercise=state.exercise.id,
            **side,
            in_position=verdict.in_position,
            hint=verdict.hint,
            angles=angles,
        )

    def close(self, reason: str, t_ms: int | None = None) -> None:
        """Write the session's end (why it ended) and close the file; later calls do nothing."""
        file = self._file
        if file is None:
            return
        try:
            self.write("session_ended", t_ms, reason=reason, holds_counted=self.holds_counted)
        finally:
            self._file = None
            file.close()

    def __enter__(self) -> SessionLog:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None
    ) -> None:
        if kind is None:
            self.close("ended")
        elif issubclass(kind, Terminated):
            self.close("terminated")
        elif issubclass(kind, KeyboardInterrupt):
            self.close("interrupted")
        elif issubclass(kind, PosecoachError):
            self.close(f"stopped: {str(error).strip()}")  # a problem the person can fix, not a bug
        else:
            self.close(f"crashed: {kind.__name__}: {str(error).strip()}")
