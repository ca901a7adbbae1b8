"""What the history keeps of one session: its holds with their judged angles, and what marked it.

A coach session's record is read back from its session log (the write-ahead record: whatever killed
the process, the log has every line written before), so reading the same log twice gives the same
record. An `analyze --exercise` run's record is made from the run's holds.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from posecoach.body.angles import AngleKey
from posecoach.engine.events import Hold
from posecoach.engine.routine import Routine, RoutineError, Target
from posecoach.engine.routine_file import default_routine_path, load_routine, routine_files
from posecoach.errors import PosecoachError


class SessionKind(StrEnum):
    COACH = "coach"  # a coach session, read from its log
    ANALYSIS = "analysis"  # an `analyze --exercise` run


# The events of a session log the history keeps besides holds, and the field that carries their value.
MARKS = {"pain_stop": None, "cycle": "count", "rest_started": "seconds", "skipped": None}


@dataclass(frozen=True)
class AngleRecord:
    """One judged angle over one hold, how well it was measured, and the target it was judged against.

    Attributes:
        angle: the angle's name with side and plane, as `str(AngleKey)` (e.g. "knee_right").
        mean, min, max: degrees over the hold.
        visibility, view_confidence, jitter: the measurement's quality (see engine.events.AngleStats).
        low, high, target: the exercise's accepted range and ideal for this angle (None when unknown).
        priority: the target's priority (1: the exercise's key angle), None when unknown.
    """

    angle: str
    mean: float
    min: float
    max: float
    visibility: float | None = None
    view_confidence: float | None = None
    jitter: float | None = None
    low: float | None = None
    high: float | None = None
    target: float | None = None
    priority: int | None = None


@dataclass(frozen=True)
class HoldRecord:
    """One hold of a session; `rep` is the rep it was an attempt at (counted holds before it, plus one)."""

    exercise: str
    side: str | None
    rep: int
    start_ms: int
    end_ms: int | None
    duration_s: float
    counted: bool
    ended_by: str
    angles: tuple[AngleRecord, ...] = ()


@dataclass(frozen=True)
class MarkRecord:
    """Something else the session did: a pain stop, a cycle (value: its count), a rest (value: seconds)."""

    kind: str
    exercise: str | None
    side: str | None
    t_ms: int | None
    value: float | None = None


@dataclass(frozen=True)
class AngleSample:
    """The judged angles at one moment of a coach session, as its log samples them (reports plot them).

    Attributes:
        angles: each judged angle's smoothed value, by name; signed angles as measured (not turned
            toward the working side).
    """

    t_ms: int
    exercise: str
    side: str | None
    in_position: bool
    hint: str | None
    angles: dict[str, float]


@dataclass(frozen=True)
class SessionRecord:
    """One coach session or analysis run.

    Attributes:
        id: the session's own name (the log's `session_id`), the same however often it is imported.
        kind: SessionKind.COACH or SessionKind.ANALYSIS.
        routine, exercises: the routine's id and the exercises' ids, in order.
        source: the camera or file it read.
        started, ended: local times (ISO 8601); `ended` is None for a session that has not ended (still
            running, or killed before it could say so).
        reason: why it ended (None while not ended).
        log: the session log it was read from, None for an analysis.
        routine_file: the routine file it was judged against (None: the one shipped of that id).
    """

    id: str
    kind: str
    routine: str
    exercises: tuple[str, ...]
    source: str
    started: str
    ended: str | None
    reason: str | None
    log: Path | None = None
    holds: tuple[HoldRecord, ...] = ()
    marks: tuple[MarkRecord, ...] = ()
    routine_file: str | None = None

    @property
    def holds_counted(self) -> int:
        return sum(hold.counted for hold in self.holds)

    def rating(self, measure: str, moment: str) -> int | None:
        """The person's 0-10 rating of `measure` ("pain", "stiffness") `moment` ("before", "after")."""
        given = [mark.value for mark in self.marks if mark.kind == f"{measure}_{moment}"]
        return int(given[-1]) if given and given[-1] is not None else None

    def ratings_text(self, measure: str) -> str:
        """E.g. "4 -> 2" (before -> after), "4 ->" or "" when not rated."""
        before, after = self.rating(measure, "before"), self.rating(measure, "after")
        if before is None and after is None:
            return ""
        return f"{'' if before is None else before} -> {'' if after is None else after}".strip()


def _records(path: Path) -> list[dict[str, Any]]:
    """A session log's records, the first its start.

    Raises:
        PosecoachError: the file cannot be read, or is not a session log.
    """
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise PosecoachError(f"cannot read the session log {path}: {error.strerror or error}") from error
    records = [record for record in map(_parse, lines) if record is not None]
    if not records or records[0].get("event") != "session_started":
        raise PosecoachError(f"{path} is not a posecoach session log: give a file the coach wrote (--log)")
    return records


def read_samples_and_frames(
    path: Path,
) -> tuple[list[AngleSample], dict[tuple[str, str | None, int], Path]]:
    """From one reading of a session log: the judged angles it sampled, in time order, and the hold
    frames it saved (`coach --save-frames`) by exercise, side and hold start."""
    records = _records(path)
    samples = [
        AngleSample(
            record.get("t_ms", 0),
            record.get("exercise", "?"),
            record.get("side"),
            bool(record.get("in_position")),
            record.get("hint"),
            record.get("angles", {}),
        )
        for record in records
        if record.get("event") == "angles"
    ]
    frames = {
        (record.get("exercise", "?"), record.get("side"), record.get("start_ms", 0)): Path(record["path"])
        for record in records
        if record.get("event") == "frame_saved" and record.get("path")
    }
    return samples, frames


def read_log(path: Path) -> SessionRecord:
    """The session a session log records, as far as it goes.

    Raises:
        PosecoachError: the file cannot be read, or is not a session log.
    """
    records = _records(path)
    start, end = records[0], next((r for r in records if r.get("event") == "session_ended"), None)
    routine = routine_of(start.get("routine"), start.get("routine_file"))
    holds, marks, counted = [], [], {}
    for record in records:
        event, exercise, side = record.get("event"), record.get("exercise"), record.get("side")
        if "duration_s" in record:  # a hold's end, or the hold a pain stop cut short
            rep = _rep(counted, (exercise, side), bool(record.get("counted")))
            targets = _targets(routine, exercise)
            angles = tuple(_angle(name, stats, targets) for name, stats in record.get("angles", {}).items())
            holds.append(
                HoldRecord(
                    exercise,
                    side,
                    rep,
                    record.get("start_ms", 0),
                    record.get("t_ms"),
                    float(record["duration_s"]),
                    bool(record.get("counted")),
                    record.get("ended_by", "lapse"),
                    angles,
                )
            )
        if event == "rated" and record.get("rating"):  # e.g. "pain_before", 0-10
            marks.append(MarkRecord(record["rating"], None, None, record.get("t_ms"), record.get("count")))
        if event in MARKS:
            value_field = MARKS[event]
            value = record.get(value_field) if value_field else None
            marks.append(MarkRecord(event, exercise, side, record.get("t_ms"), value))
    return SessionRecord(
        id=start.get("session_id") or _legacy_id(path, json.dumps(start)),
        kind=SessionKind.COACH,
        routine=start.get("routine", "?"),
        exercises=tuple(start.get("exercises", ())),
        source=start.get("source", "?"),
        started=start.get("wall", ""),
        ended=end.get("wall") if end else None,
        reason=end.get("reason") if end else None,
        log=path.resolve(),
        holds=tuple(holds),
        marks=tuple(marks),
        routine_file=start.get("routine_file"),
    )


def analysis_record(
    session_id: str,
    routine: Routine,
    exercise_id: str,
    source: str,
    started: str,
    ended: str,
    reason: str,
    holds: tuple[Hold, ...],
    cycles: int,
) -> SessionRecord:
    """The record of an `analyze --exercise` run: its holds, judged as the coach would."""
    targets = _targets(routine, exercise_id)
    records, counted = [], {}
    for hold in holds:
        rep = _rep(counted, hold.side, hold.counted)
        angles = tuple(_angle(str(key), stats.to_json(), targets) for key, stats in hold.angles.items())
        records.append(
            HoldRecord(
                exercise_id,
                hold.side,
                rep,
                hold.start_ms,
                hold.end_ms,
                round(hold.duration_s, 2),
                hold.counted,
                str(hold.ended_by),
                angles,
            )
        )
    marks = (MarkRecord("cycle", exercise_id, None, None, cycles),) if cycles else ()
    return SessionRecord(
        session_id,
        SessionKind.ANALYSIS,
        routine.id,
        (exercise_id,),
        source,
        started,
        ended,
        reason,
        None,
        tuple(records),
        marks,
        str(routine.path.resolve()),
    )


def _rep(counted_so_far: dict, key: object, counted: bool) -> int:
    """The rep a hold was an attempt at: the holds counted before it on `key` (an exercise's side),
    plus one; a counted hold is added to `counted_so_far`."""
    done = counted_so_far.get(key, 0)
    counted_so_far[key] = done + counted
    return done + 1


def _parse(line: str) -> dict[str, Any] | None:
    """One log line, or None for one that is not a JSON object (a line edited by hand)."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError:
        return None
    return record if isinstance(record, dict) else None


def _legacy_id(path: Path, start: str) -> str:
    """A name for a log written before logs named their session: its path and start record."""
    return hashlib.sha1(f"{path.resolve()}\n{start}".encode()).hexdigest()[:32]


def routine_of(routine_id: str | None, routine_file: str | None = None) -> Routine | None:
    """The routine a session names: its file if it says which and the file still reads as that
    routine, else the shipped routine of that id; None when neither (its targets are then unknown)."""
    candidates = [Path(routine_file)] if routine_file else []
    candidates += [default_routine_path(), *routine_files()]
    for path in dict.fromkeys(candidates):  # each file once: the default is among the shipped ones
        try:
            routine = load_routine(path)
        except RoutineError:
            continue
        if routine.id == routine_id:
            return routine
    return None


def _targets(routine: Routine | None, exercise_id: str | None) -> tuple[Target, ...]:
    if routine is None or exercise_id is None:
        return ()
    exercise = next((e for e in routine.exercises if e.id == exercise_id), None)
    return exercise.targets if exercise is not None else ()


def angle_key(name: str) -> AngleKey | None:
    """The angle a stored name means; None for a name this posecoach does not know (a newer one's)."""
    try:
        return AngleKey.parse(name)
    except KeyError:
        return None


def angle_base(name: str) -> str:
    """The angle a stored name means, without side or plane ("knee_left": "knee"); unknown names whole."""
    key = angle_key(name)
    return key.angle if key is not None else name


def _angle(name: str, stats: dict[str, Any], targets: tuple[Target, ...]) -> AngleRecord:
    """An angle's record, with the target of the same angle and plane (whatever its side)."""
    key = angle_key(name)
    target = None
    if key is not None:
        target = next((t for t in targets if t.angle == key.angle and t.plane == key.plane), None)
    judged = {}
    if target is not None:
        judged = {"low": target.low, "high": target.high, "target": target.target}
        judged["priority"] = target.priority
    return AngleRecord(
        name,
        float(stats["mean"]),
        float(stats["min"]),
        float(stats["max"]),
        stats.get("visibility"),
        stats.get("view_confidence"),
        stats.get("jitter"),
        **judged,
    )
