"""The history database: every session's holds and angles in one SQLite file on the person's machine.

WAL mode, so that `posecoach history` reads while a coach session writes. The schema's version is
SQLite's `user_version`; opening an older file applies the migrations it lacks, in one transaction
each, keeping its data. A session is saved whole in one transaction, replacing any earlier save of the
same session: importing a log twice, or a killed session's log once more, never counts anything twice.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from posecoach.closing import Closing
from posecoach.errors import PosecoachError
from posecoach.history.records import (
    AngleRecord,
    HoldRecord,
    MarkRecord,
    SessionKind,
    SessionRecord,
    read_log,
)

# Each entry takes the schema from the version before it (its index) to its own (index + 1).
MIGRATIONS = (
    # 1: sessions, their holds with each judged angle's statistics and target, and what marked them.
    """
    CREATE TABLE sessions (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        routine TEXT NOT NULL,
        exercises TEXT NOT NULL,  -- JSON list of exercise ids
        source TEXT NOT NULL,
        started TEXT NOT NULL,
        ended TEXT,
        reason TEXT,
        log TEXT
    );
    CREATE TABLE holds (
        id INTEGER PRIMARY KEY,
        session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        exercise TEXT NOT NULL,
        side TEXT,
        rep INTEGER NOT NULL,
        start_ms INTEGER NOT NULL,
        end_ms INTEGER,
        duration_s REAL NOT NULL,
        counted INTEGER NOT NULL,
        ended_by TEXT NOT NULL
    );
    CREATE TABLE hold_angles (
        hold_id INTEGER NOT NULL REFERENCES holds(id) ON DELETE CASCADE,
        angle TEXT NOT NULL,
        mean REAL NOT NULL,
        min REAL NOT NULL,
        max REAL NOT NULL,
        low REAL,
        high REAL,
        target REAL,
        priority INTEGER,
        PRIMARY KEY (hold_id, angle)
    );
    CREATE TABLE marks (
        session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        exercise TEXT,
        side TEXT,
        t_ms INTEGER,
        value REAL
    );
    CREATE INDEX holds_by_session ON holds(session_id);
    CREATE INDEX marks_by_session ON marks(session_id);
    """,
    # 2: how well each angle was measured, for telling progress from measurement error; the routine file
    # a session was judged against, for its report.
    """
    ALTER TABLE sessions ADD COLUMN routine_file TEXT;
    ALTER TABLE hold_angles ADD COLUMN visibility REAL;
    ALTER TABLE hold_angles ADD COLUMN view_confidence REAL;
    ALTER TABLE hold_angles ADD COLUMN jitter REAL;
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)
# A writer holds the file for a few milliseconds; a reader or second writer waits this long for it.
BUSY_TIMEOUT_MS = 5000

_SESSION_COLUMNS = "id, kind, routine, exercises, source, started, ended, reason, log, routine_file"
_ANGLE_COLUMNS = "angle, mean, min, max, low, high, target, priority, visibility, view_confidence, jitter"


@dataclass(frozen=True)
class HoldRow:
    """A hold as the history reads it back, with its session's start and the angles judged."""

    session_id: str
    started: str
    hold: HoldRecord


class History(Closing):
    """The history database at `path` (made, or brought up to the current schema, on opening).

    Raises:
        PosecoachError: the file cannot be opened, is not a history, or is newer than this posecoach.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        except (OSError, sqlite3.Error) as error:
            raise self._failure("open", error) from None
        try:
            self._db.execute("PRAGMA foreign_keys = ON")
            self._db.execute("PRAGMA journal_mode = WAL")
            self._migrate()
        except sqlite3.Error as error:
            self._db.close()
            raise self._failure("open", error) from None
        except PosecoachError:  # not a history, or a newer one (_migrate says which)
            self._db.close()
            raise

    def _failure(self, doing: str, error: BaseException) -> PosecoachError:
        """The one-line error for a history that cannot be opened, read or written (a full disk, a
        damaged file, another program holding it too long)."""
        return PosecoachError(
            f"cannot {doing} the history {self.path}: {error}; choose another with --history FILE, "
            "or run without one with --no-history"
        )

    def _migrate(self) -> None:
        version = self._db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise PosecoachError(
                f"the history {self.path} was written by a newer posecoach (schema {version}, this one "
                f"reads up to {SCHEMA_VERSION}): update posecoach, or choose another with --history FILE"
            )
        for number, script in enumerate(MIGRATIONS[version:], version + 1):
            with self._transaction():
                for statement in filter(str.strip, script.split(";")):
                    self._db.execute(statement)
                self._db.execute(f"PRAGMA user_version = {number}")

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    def save(self, session: SessionRecord) -> None:
        """Store `session` whole, replacing an earlier save of the same session (or nothing of it).

        Raises:
            PosecoachError: the history cannot be written.
        """
        try:
            self._save(session)
        except sqlite3.Error as error:
            raise self._failure("write", error) from None

    def _save(self, session: SessionRecord) -> None:
        db = self._db
        with self._transaction():
            db.execute("DELETE FROM sessions WHERE id = ?", (session.id,))
            db.execute(
                f"INSERT INTO sessions ({_SESSION_COLUMNS}) VALUES ({', '.join('?' * 10)})",
                (
                    session.id,
                    session.kind,
                    session.routine,
                    json.dumps(list(session.exercises)),
                    session.source,
                    session.started,
                    session.ended,
                    session.reason,
                    str(session.log) if session.log else None,
                    session.routine_file,
                ),
            )
            for hold in session.holds:
                hold_id = db.execute(
                    "INSERT INTO holds (session_id, exercise, side, rep, start_ms, end_ms, duration_s, "
                    "counted, ended_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        session.id,
                        hold.exercise,
                        hold.side,
                        hold.rep,
                        hold.start_ms,
                        hold.end_ms,
                        hold.duration_s,
                        int(hold.counted),
                        hold.ended_by,
                    ),
                ).lastrowid
                db.executemany(
                    f"INSERT INTO hold_angles (hold_id, {_ANGLE_COLUMNS}) VALUES ({', '.join('?' * 12)})",
                    [(hold_id, *_angle_values(angle)) for angle in hold.angles],
                )
            db.executemany(
                "INSERT INTO marks VALUES (?, ?, ?, ?, ?, ?)",
                [(session.id, m.kind, m.exercise, m.side, m.t_ms, m.value) for m in session.marks],
            )

    def import_log(self, path: Path) -> SessionRecord:
        """Read a session log into the history (again: it replaces what an earlier import stored)."""
        session = read_log(path)
        self.save(session)
        return session

    def _read(self, query: str, parameters: tuple = ()) -> list[tuple]:
        """The rows of a query; a history that cannot be read is a PosecoachError."""
        try:
            return self._db.execute(query, parameters).fetchall()
        except sqlite3.Error as error:
            raise self._failure("read", error) from None

    def import_unfinished(self) -> list[SessionRecord]:
        """Import once more every coach session stored before it ended whose log is still there: a
        session killed mid-way gets what its log holds; one still running, what it has so far."""
        rows = self._read(
            "SELECT log FROM sessions WHERE kind = ? AND ended IS NULL AND log IS NOT NULL",
            (SessionKind.COACH,),
        )
        imported = []
        for (log,) in rows:
            path = Path(log)
            if path.is_file():
                try:
                    imported.append(self.import_log(path))
                except PosecoachError:
                    continue  # a log since replaced by another file: what was stored stays
        return imported

    def sessions(self, limit: int | None = None) -> list[SessionRecord]:
        """Sessions, newest first, with their holds and marks."""
        rows = self._read(
            f"SELECT {_SESSION_COLUMNS} FROM sessions ORDER BY started DESC, rowid DESC LIMIT ?",
            (limit or -1,),
        )
        return [self._session(row) for row in rows]

    def session(self, session_id: str) -> SessionRecord | None:
        """The session of this id, or of the only id starting with it; None when there is none."""
        rows = self._read(
            f"SELECT {_SESSION_COLUMNS} FROM sessions WHERE id LIKE ? ORDER BY started DESC",
            (session_id + "%",),
        )
        return self._session(rows[0]) if len(rows) == 1 else None

    def holds(self) -> list[HoldRow]:
        """Every hold, oldest session first, with its session's start."""
        rows = self._read(
            "SELECT holds.id, sessions.id, sessions.started FROM holds JOIN sessions "
            "ON holds.session_id = sessions.id ORDER BY sessions.started, holds.id"
        )
        return [HoldRow(session_id, started, self._hold(hold_id)) for hold_id, session_id, started in rows]

    def _session(self, row: tuple) -> SessionRecord:
        session_id, kind, routine, exercises, source, started, ended, reason, log, routine_file = row
        hold_ids = self._read("SELECT id FROM holds WHERE session_id = ? ORDER BY id", (session_id,))
        marks = self._read(
            "SELECT kind, exercise, side, t_ms, value FROM marks WHERE session_id = ? ORDER BY rowid",
            (session_id,),
        )
        return SessionRecord(
            session_id,
            kind,
            routine,
            tuple(json.loads(exercises)),
            source,
            started,
            ended,
            reason,
            Path(log) if log else None,
            tuple(self._hold(hold_id) for (hold_id,) in hold_ids),
            tuple(MarkRecord(*mark) for mark in marks),
            routine_file,
        )

    def _hold(self, hold_id: int) -> HoldRecord:
        ((exercise, side, rep, start_ms, end_ms, duration_s, counted, ended_by),) = self._read(
            "SELECT exercise, side, rep, start_ms, end_ms, duration_s, counted, ended_by FROM holds "
            "WHERE id = ?",
            (hold_id,),
        )
        angles = self._read(
            f"SELECT {_ANGLE_COLUMNS} FROM hold_angles WHERE hold_id = ? ORDER BY rowid", (hold_id,)
        )
        angle_records = tuple(_angle_record(*row) for row in angles)
        return HoldRecord(
            exercise, side, rep, start_ms, end_ms, duration_s, bool(counted), ended_by, angle_records
        )

    def close(self) -> None:
        self._db.close()


@contextmanager
def open_history(path: Path | None) -> Iterator[History | None]:
    """The history at `path` while the block runs; None (nothing recorded) when `path` is None."""
    if path is None:
        yield None
        return
    with History(path) as history:
        yield history


def _angle_values(angle: AngleRecord) -> tuple:
    return (
        angle.angle,
        angle.mean,
        angle.min,
        angle.max,
        angle.low,
        angle.high,
        angle.target,
        angle.priority,
        angle.visibility,
        angle.view_confidence,
        angle.jitter,
    )


def _angle_record(
    angle: str,
    mean: float,
    low_value: float,
    high_value: float,
    low: float | None,
    high: float | None,
    target: float | None,
    priority: int | None,
    visibility: float | None,
    view_confidence: float | None,
    jitter: float | None,
) -> AngleRecord:
    return AngleRecord(
        angle, mean, low_value, high_value, visibility, view_confidence, jitter, low, high, target, priority
    )
