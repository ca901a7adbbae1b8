"""The history as CSV files (a spreadsheet, a physiotherapist) or one JSON document.

Three CSV files, joined by their ids: `sessions.csv`, `holds.csv` (one row per hold, with its
`session_id` and a `hold` number counting from 1 within the session) and `angles.csv` (one row per
judged angle of a hold). Each file is written whole and renamed into place.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict, fields
from pathlib import Path

from posecoach.fileio import write_atomically
from posecoach.history.records import AngleRecord, HoldRecord, SessionRecord

SESSION_COLUMNS = (
    "id", "kind", "routine", "exercises", "source", "started", "ended", "reason", "log", "routine_file"
)  # fmt: skip
HOLD_COLUMNS = ("session_id", "hold", *(f.name for f in fields(HoldRecord) if f.name != "angles"))
ANGLE_COLUMNS = ("session_id", "hold", *(f.name for f in fields(AngleRecord)))


def _csv(header: tuple[str, ...], rows: list[tuple]) -> bytes:
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(["" if value is None else value for value in row] for row in rows)
    return text.getvalue().encode("utf-8")


def write_csv(sessions: list[SessionRecord], folder: Path) -> list[Path]:
    """Write sessions.csv, holds.csv and angles.csv into `folder`; returns their paths."""
    session_rows, hold_rows, angle_rows = [], [], []
    for session in sessions:
        columns = {column: getattr(session, column) for column in SESSION_COLUMNS}
        columns["exercises"] = " ".join(session.exercises)
        session_rows.append(tuple(columns.values()))
        for number, hold in enumerate(session.holds, 1):
            hold_rows.append((session.id, number, *(getattr(hold, c) for c in HOLD_COLUMNS[2:])))
            for angle in hold.angles:
                angle_rows.append((session.id, number, *(getattr(angle, c) for c in ANGLE_COLUMNS[2:])))
    tables = (
        ("sessions.csv", SESSION_COLUMNS, session_rows),
        ("holds.csv", HOLD_COLUMNS, hold_rows),
        ("angles.csv", ANGLE_COLUMNS, angle_rows),
    )
    return [write_atomically(folder / name, _csv(header, rows), "export") for name, header, rows in tables]


def write_json(sessions: list[SessionRecord], path: Path) -> Path:
    """Write every session, with its holds, angles and marks, as one JSON document."""
    document = {"sessions": [asdict(session) for session in sessions]}
    text = json.dumps(document, indent=1, default=str, ensure_ascii=False)
    return write_atomically(path, text.encode("utf-8"), "export")
