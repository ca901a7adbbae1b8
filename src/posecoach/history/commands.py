"""`posecoach history`, `report` and `export`: reading the history, never the pose model."""

from __future__ import annotations

import sys
import webbrowser
from collections.abc import Callable
from pathlib import Path

from rich.console import Console

from posecoach.closing import Closing
from posecoach.errors import PosecoachError
from posecoach.history.export import write_csv, write_json
from posecoach.history.records import SessionRecord, read_log
from posecoach.history.store import History
from posecoach.history.tables import print_history
from posecoach.history.trends import side_differences, trends


def show_history(
    path: Path, limit: int | None, plot: Path | None = None, console: Console | None = None
) -> None:
    """Print past sessions (the newest `limit`, or all), then each exercise's trend and side difference
    over every session, and write them as an HTML page to `plot` if given. Sessions killed mid-way are
    first imported from their logs."""
    console = console or Console()
    with History(path) as history:
        history.import_unfinished()
        sessions = history.sessions(limit)
        rows = history.holds()
    found, differences = trends(rows), side_differences(rows)
    print_history(sessions, found, differences, console)
    console.print(f"history: {path}", highlight=False, soft_wrap=True)
    if plot is not None:
        from posecoach.reports.trend_page import write_trend_page  # matplotlib: only here

        console.print(
            f"trends page: {write_trend_page(found, differences, plot)}", highlight=False, soft_wrap=True
        )


def export_history(path: Path, csv_folder: Path | None, json_file: Path | None) -> None:
    """Write the whole history as CSV files into `csv_folder` and/or one JSON document `json_file`."""
    with History(path) as history:
        history.import_unfinished()
        sessions = history.sessions()
    written = write_csv(sessions, csv_folder) if csv_folder is not None else []
    if json_file is not None:
        written.append(write_json(sessions, json_file))
    holds = sum(len(session.holds) for session in sessions)
    print(f"exported {len(sessions)} sessions and {holds} holds: {', '.join(map(str, written))}")


def report_path(session: SessionRecord) -> Path:
    """Where a session's report goes by default: beside its log, else out/report-<id>.html."""
    if session.log is not None:
        return session.log.with_suffix(".html")
    return Path("out") / f"report-{session.id[:8]}.html"


def _find_session(history_file: Path, which: str | None) -> SessionRecord:
    """The session named by a log file, or by an id (or its start) in the history; the newest if None."""
    if which is not None and Path(which).is_file():
        return read_log(Path(which))
    with History(history_file) as history:
        history.import_unfinished()
        if which is None:
            newest = history.sessions(limit=1)
            if not newest:
                raise PosecoachError(
                    "no sessions in the history yet: coach one (posecoach coach) or give a log file"
                )
            return newest[0]
        found = history.session(which)
    if found is None:
        raise PosecoachError(
            f"no one session {which!r} in the history {history_file} (none, or several start so), and no "
            "such log file: see the ids with `posecoach history`"
        )
    return found


def write_session_report(
    history_file: Path, which: str | None, out: Path | None, open_it: bool = False
) -> Path:
    """`posecoach report`: one session's report as a self-contained HTML file; returns its path."""
    from posecoach.reports.session_report import report_input, write_report  # matplotlib: only here

    session = _find_session(history_file, which)
    path = write_report(report_input(session), out or report_path(session))
    print(f"report of the session of {session.started.replace('T', ' ')[:16]}: {path}")
    if open_it and not webbrowser.open(path.resolve().as_uri()):
        print(f"posecoach: no web browser found here: open {path} in one", file=sys.stderr)
    return path


class SessionRecorder(Closing):
    """What a coach session leaves besides its log: its place in the history (if a history is given)
    and its report beside the log.

    Opened before the session, it imports the sessions killed earlier; `started()`, once the log has
    its start, stores the session (a kill from then on is imported from the log when the history next
    opens); closing it, however the session ended, stores the session again from its closed log and
    writes the report. A report that cannot be written is a warning, never the session's end.
    """

    def __init__(self, history_file: Path | None, log_path: Path, warn: Callable[[str], None]) -> None:
        self.history_file, self.log_path, self._warn = history_file, log_path, warn
        self._history = History(history_file) if history_file is not None else None
        self._logged = False
        self._session: SessionRecord | None = None  # the ended session, as the history stored it
        self.report: Path | None = None
        if self._history is not None:
            self._history.import_unfinished()

    @property
    def stored(self) -> bool:
        """The ended session is in the history."""
        return self._session is not None

    def started(self) -> None:
        self._logged = True
        if self._history is not None:
            self._history.import_log(self.log_path)

    def close(self) -> None:
        history, self._history = self._history, None
        try:
            if history is not None and self._logged:
                self._session = history.import_log(self.log_path)  # the log is closed: its end is in it
        except PosecoachError as error:  # stored unfinished: the next start imports it from the log
            self._warn(f"the history keeps this session as unfinished for now: {error}")
        finally:
            if history is not None:
                history.close()
        if self._logged and self.report is None:
            self.report = self._write_report()

    def _write_report(self) -> Path | None:
        from posecoach.reports.session_report import report_input, write_report  # matplotlib: only here

        try:
            session = self._session or read_log(self.log_path)
            return write_report(report_input(session), report_path(session))
        except PosecoachError as error:
            self._warn(f"no report: {error}")
            return None

    def print_where(self) -> None:
        """Say where the report went and which history the session joined."""
        if self.report is not None:
            print(f"  report: {self.report}")
        if self.stored:
            print(f"  added to the history {self.history_file} (see `posecoach history`)")
