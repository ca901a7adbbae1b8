"""The history database, on session logs the real routine runner writes from landmark fixtures, and on
records made by hand for the trends: no model involved."""

from __future__ import annotations

import csv
import json
import sqlite3
import threading
from dataclasses import replace
from pathlib import Path

import pytest

from posecoach.cli import main
from posecoach.errors import PosecoachError
from posecoach.history.commands import SessionRecorder
from posecoach.history.export import write_csv
from posecoach.history.records import AngleRecord, HoldRecord, MarkRecord, SessionRecord, read_log
from posecoach.history.store import MIGRATIONS, SCHEMA_VERSION, History
from posecoach.history.trends import Change, detectable_difference, side_differences, trends

from builders import coached_wall_lean, wall_lean


def _coach_log(path: Path, body_deg: float = 45, seconds: int = 100, commands: dict | None = None) -> Path:
    return coached_wall_lean(path, lambda t_ms: wall_lean(body_deg), seconds, commands)


@pytest.fixture(scope="module")
def full_log(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three counted holds of 20 s at 45 degrees, the routine finished."""
    return _coach_log(tmp_path_factory.mktemp("logs") / "session.jsonl")


def test_a_coach_log_becomes_one_session_with_its_holds_angles_and_their_quality(full_log, tmp_path):
    with History(tmp_path / "history.sqlite3") as history:
        history.import_log(full_log)
        (session,) = history.sessions()
    assert session.kind == "coach" and session.routine == "upper_back" and session.exercises == ("wall_lean",)
    assert session.ended is not None and session.log == full_log.resolve()
    assert [(h.rep, h.counted, h.side) for h in session.holds] == [
        (1, True, None),
        (2, True, None),
        (3, True, None),
    ]
    assert all(h.duration_s == pytest.approx(20.0) for h in session.holds)
    body = next(a for a in session.holds[0].angles if a.angle == "body_incline")
    # Judged against the routine's own target (45 +- 8, the exercise's key angle), measured well.
    assert (body.low, body.high, body.target, body.priority) == (37, 53, 45, 1)
    assert body.mean == pytest.approx(45, abs=0.5) and body.min <= body.mean <= body.max
    assert body.visibility is not None and body.visibility > 0.5 and body.jitter is not None
    assert [m.kind for m in session.marks].count("rest_started") == 2


def test_importing_a_log_again_counts_nothing_twice(full_log, tmp_path):
    with History(tmp_path / "history.sqlite3") as history:
        for _ in range(3):
            history.import_log(full_log)
        assert len(history.sessions()) == 1 and len(history.holds()) == 3


def test_a_session_killed_mid_way_is_kept_from_its_log_and_imported_once(full_log, tmp_path):
    # The log as a kill -9 leaves it: everything up to the second hold's start, no end.
    lines = full_log.read_text().splitlines(keepends=True)
    second_start = [i for i, line in enumerate(lines) if '"hold_started"' in line][1]
    killed = tmp_path / "killed.jsonl"
    killed.write_text("".join(lines[: second_start + 1]))
    path = tmp_path / "history.sqlite3"
    with History(path) as history:
        history.import_log(killed)  # what the coach does as the session starts
    for _ in range(2):  # the next two starts of posecoach
        with History(path) as history:
            (imported,) = history.import_unfinished()
            (session,) = history.sessions()
    assert imported.id == session.id and session.ended is None and session.reason is None
    assert [h.counted for h in session.holds] == [True]
    # Had it gone on (the log grew and ended), the next start imports it whole, still once.
    killed.write_text(full_log.read_text().replace(read_log(full_log).id, session.id))
    with History(path) as history:
        history.import_unfinished()
        (session,) = history.sessions()
        assert session.ended is not None and session.holds_counted == 3
        assert history.import_unfinished() == []  # ended sessions are not read again


def test_an_older_schema_is_brought_up_to_date_keeping_its_data(tmp_path):
    path = tmp_path / "history.sqlite3"
    old = sqlite3.connect(path)
    old.executescript(MIGRATIONS[0] + "PRAGMA user_version = 1;")
    old.execute("INSERT INTO sessions VALUES ('s1', 'coach', 'upper_back', '[\"wall_lean\"]', 'cam', "
                "'2026-11-01T10:00:00+0000', '2026-11-01T10:10:00+0000', 'ended', NULL)")  # fmt: skip
    old.execute("INSERT INTO holds VALUES (1, 's1', 'wall_lean', NULL, 1, 0, 20000, 20.0, 1, 'release')")
    old.execute("INSERT INTO hold_angles VALUES (1, 'body_incline', 44.0, 42.0, 46.0, 37, 53, 45, 1)")
    old.commit()
    old.close()
    with History(path) as history:
        (session,) = history.sessions()
        version = history._db.execute("PRAGMA user_version").fetchone()[0]
    assert version == SCHEMA_VERSION > 1
    (angle,) = session.holds[0].angles
    assert (angle.angle, angle.mean, angle.priority, angle.visibility) == ("body_incline", 44.0, 1, None)


def test_a_history_from_a_newer_posecoach_or_not_a_history_is_refused_saying_what_to_do(tmp_path):
    newer = tmp_path / "newer.sqlite3"
    sqlite3.connect(newer).execute("PRAGMA user_version = 99").connection.close()
    with pytest.raises(PosecoachError, match=r"newer posecoach.*update posecoach"):
        History(newer)
    garbage = tmp_path / "notes.txt"
    garbage.write_text("not a database, but long enough to have a header: " * 20)
    with pytest.raises(PosecoachError, match=r"cannot open the history .*--no-history"):
        History(garbage)


def _hand_made(number: int, holds: int = 3) -> SessionRecord:
    angle = AngleRecord("body_incline", 45.0, 44.0, 46.0, 0.9, 0.8, 0.5, 37, 53, 45, 1)
    hold = HoldRecord("wall_lean", None, 1, 0, 20000, 20.0, True, "release", (angle,))
    return SessionRecord(
        f"session{number:03d}", "coach", "upper_back", ("wall_lean",), "camera 0",
        f"2026-11-{1 + number % 28:02d}T10:{number % 60:02d}:00+0000", None, None, None,
        tuple(replace(hold, rep=rep) for rep in range(1, holds + 1)),
    )  # fmt: skip


def test_readers_see_only_whole_sessions_while_a_session_is_written(tmp_path):
    path = tmp_path / "history.sqlite3"
    History(path).close()
    seen, problems = [], []

    def read() -> None:
        try:
            with History(path) as reader:
                while len(seen) < 200 and (not seen or seen[-1] < 40):
                    sessions = reader.sessions()
                    problems.extend(s.id for s in sessions if len(s.holds) != 3)  # never half a session
                    seen.append(len(sessions))
        except Exception as error:  # a "database is locked" would end up here
            problems.append(repr(error))

    reader = threading.Thread(target=read)
    reader.start()
    with History(path) as writer:
        for number in range(40):
            writer.save(_hand_made(number))
    reader.join(timeout=60)
    assert not problems and seen == sorted(seen) and len(seen) > 1


def _session(started: str, exercise: str, angles: dict[str | None, float], **target) -> SessionRecord:
    """A session with one counted hold per side in `angles` (side None: an exercise without sides)."""
    name = {"wall_lean": "body_incline", "thoracic_rotation": "trunk_rotation"}[exercise]
    holds = tuple(
        HoldRecord(
            exercise, side, 1, 0, 20000, 20.0, True, "release", (AngleRecord(name, v, v, v, **target),)
        )
        for side, v in angles.items()
    )
    return SessionRecord(started, "coach", "upper_back", (exercise,), "camera 0", started, None, None,
                         None, holds)  # fmt: skip


WALL_LEAN_TARGET = {"low": 37, "high": 53, "target": 45, "priority": 1}


@pytest.mark.parametrize(
    ("first", "last", "change"),
    [
        (40.0, 42.0, Change.WITHIN_ERROR),  # 2 degrees: less than the lean's detectable 3.9
        (38.0, 44.5, Change.PROGRESS),  # nearer the 45 aimed for, by more than the error
        (45.0, 51.0, Change.SETBACK),
        (51.0, 39.5, Change.WITHIN_ERROR),  # 6 from 45, then 5.5 from it: the distance barely changed
    ],
)
def test_a_change_is_called_progress_only_beyond_the_measurement_error(tmp_path, first, last, change):
    assert detectable_difference("wall_lean", "body_incline") == pytest.approx(3.9)
    with History(tmp_path / "history.sqlite3") as history:
        history.save(_session("2026-11-01T10:00:00", "wall_lean", {None: first}, **WALL_LEAN_TARGET))
        history.save(_session("2026-11-08T10:00:00", "wall_lean", {None: 47.0}, **WALL_LEAN_TARGET))
        history.save(_session("2026-11-15T10:00:00", "wall_lean", {None: last}, **WALL_LEAN_TARGET))
        (trend,) = trends(history.holds())
    assert (trend.first, trend.last, trend.change) == (first, last, change)
    assert trend.best == min((first, 47.0, last), key=lambda value: abs(value - 45))


def test_left_against_right_is_an_asymmetry_only_beyond_the_measurement_error(tmp_path):
    rotation = {"low": 30, "high": None, "target": 40, "priority": 1}
    with History(tmp_path / "history.sqlite3") as history:
        history.save(
            _session("2026-11-01T10:00:00", "thoracic_rotation", {"left": 90, "right": 5}, **rotation)
        )
        (old,) = side_differences(history.holds())
        history.save(
            _session("2026-11-08T10:00:00", "thoracic_rotation", {"left": 46, "right": 34}, **rotation)
        )
        (latest,) = side_differences(history.holds())
    detectable = detectable_difference("thoracic_rotation", "trunk_rotation")
    assert old.asymmetric and abs(old.left - old.right) > detectable
    assert (latest.left, latest.right, latest.asymmetric) == (46, 34, False)  # the latest session decides


def test_csv_files_read_back_into_the_same_numbers(full_log, tmp_path):
    with History(tmp_path / "history.sqlite3") as history:
        history.import_log(full_log)
        history.import_log(
            _coach_log(tmp_path / "pain.jsonl", body_deg=43, seconds=40, commands={15_000: "pain"})
        )
        sessions = history.sessions()
    write_csv(sessions, tmp_path / "csv")
    rows = {
        name: list(csv.DictReader((tmp_path / "csv" / f"{name}.csv").open()))
        for name in ("sessions", "holds", "angles")
    }
    assert [row["id"] for row in rows["sessions"]] == [s.id for s in sessions]
    holds = [(s.id, h) for s in sessions for h in s.holds]
    assert [(r["session_id"], float(r["duration_s"]), r["counted"] == "True") for r in rows["holds"]] == [
        (session_id, hold.duration_s, hold.counted) for session_id, hold in holds
    ]
    angles = [(a.angle, a.mean, a.min, a.max, a.jitter) for _, h in holds for a in h.angles]
    assert [
        (r["angle"], *(float(r[c]) for c in ("mean", "min", "max", "jitter"))) for r in rows["angles"]
    ] == angles
    pain = next(s for s in sessions if s.log.name == "pain.jsonl")
    assert [m.kind for m in pain.marks] == ["pain_stop"] and pain.holds[-1].ended_by == "pain_stop"


def test_history_and_export_on_the_command_line(full_log, tmp_path, capsys, monkeypatch):
    path = tmp_path / "history.sqlite3"
    monkeypatch.setenv("COLUMNS", "150")
    assert main(["history", "--history", str(path)]) == 0
    assert "No sessions yet" in capsys.readouterr().out
    with History(path) as history:
        session = history.import_log(full_log)
    assert main(["history", "--history", str(path), "--plot", str(tmp_path / "trends.html")]) == 0
    out = capsys.readouterr().out
    assert session.id[:8] in out and "3 of 3" in out and "one session so far" in out
    page = (tmp_path / "trends.html").read_text()
    assert page.count("<svg") == 1 and "http" not in page and "wall_lean: body_incline" in page
    assert main(["export", "--history", str(path), "--json", str(tmp_path / "all.json")]) == 0
    document = json.loads((tmp_path / "all.json").read_text())
    assert [len(s["holds"]) for s in document["sessions"]] == [3]
    with pytest.raises(SystemExit) as usage:
        main(["export", "--history", str(path)])
    assert usage.value.code == 2 and "give --csv DIR, --json FILE, or both" in capsys.readouterr().err


def test_marks_keep_what_they_count(tmp_path):
    mark = MarkRecord("cycle", "cat_cow", None, 1200, 3)
    session = replace(_hand_made(1, holds=0), marks=(mark,))
    with History(tmp_path / "history.sqlite3") as history:
        history.save(session)
        assert history.sessions()[0].marks == (mark,)


def test_angles_this_posecoach_does_not_know_are_shown_not_a_crash(tmp_path, capsys):
    # A history written by a newer posecoach, with an angle added since.
    future = {"low": 10, "high": 50, "target": 30, "priority": 1}
    session = _session("2026-11-01T10:00:00", "wall_lean", {None: 20.0}, **future)
    hold = replace(session.holds[0], angles=(replace(session.holds[0].angles[0], angle="spine_curl_left"),))
    with History(tmp_path / "history.sqlite3") as history:
        history.save(replace(session, holds=(hold,)))
        (trend,) = trends(history.holds())
    assert (trend.angle, trend.detectable, trend.change) == ("spine_curl_left", None, Change.ONE_SESSION)
    assert main(["history", "--history", str(tmp_path / "history.sqlite3")]) == 0
    assert "spine_curl_left" in capsys.readouterr().out


def test_a_history_that_cannot_be_written_is_one_line_and_never_ends_a_session_badly(full_log, tmp_path):
    path = tmp_path / "history.sqlite3"
    with History(path) as history:
        history._db.execute("PRAGMA query_only = ON")  # as a full disk or a read-only file would
        with pytest.raises(PosecoachError, match=r"cannot write the history .*--no-history"):
            history.import_log(full_log)
    # The coach's end: the session stays stored as unfinished (the next start imports it), with a
    # warning; the report is written all the same.
    warnings = []
    recorder = SessionRecorder(path, full_log, warnings.append)
    recorder.started()
    recorder._history._db.execute("PRAGMA query_only = ON")
    recorder.close()
    assert not recorder.stored and recorder.report == full_log.with_suffix(".html")
    assert len(warnings) == 1 and "keeps this session as unfinished" in warnings[0]
    with History(path) as history:
        history.import_unfinished()
        assert history.sessions()[0].ended is not None  # imported once the history could be written
