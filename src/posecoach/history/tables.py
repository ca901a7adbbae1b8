"""`posecoach history` on the terminal: past sessions, then each exercise's trend and side difference."""

from __future__ import annotations

from pathlib import Path

from rich import box
from rich.console import Console
from rich.table import Table

from posecoach.history.records import SessionRecord
from posecoach.history.trends import SideDifference, Trend


def _degrees(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}°"


def sessions_table(sessions: list[SessionRecord]) -> Table:
    table = Table(title="Sessions (newest first)", title_justify="left", box=box.SIMPLE, pad_edge=False)
    for column in ("id", "started", "what", "source", "holds", "pain", "ended"):
        fixed = column in ("id", "started", "holds", "pain")
        table.add_column(column, no_wrap=fixed, overflow="ellipsis" if fixed else "fold")
    for session in sessions:
        what = session.routine if len(session.exercises) != 1 else session.exercises[0]
        if session.kind != "coach":
            what += f" ({session.kind})"
        pain = sum(mark.kind == "pain_stop" for mark in session.marks)
        ended = session.reason or "not ended (still running, or killed)"
        table.add_row(
            session.id[:8],
            session.started.replace("T", " ")[:16],
            what,
            Path(session.source).name or session.source,  # a file's name; "camera 0" as it is
            f"{session.holds_counted} of {len(session.holds)}",
            session.ratings_text("pain"),
            ended + (f"; {pain} pain stop{'s' if pain > 1 else ''}" if pain else ""),
        )
    return table


def trends_table(found: list[Trend]) -> Table:
    """Per exercise and side: sessions (n), first, last and best values, the smallest detectable
    difference (±) and what the change from first to last is called."""
    title = "Key angle per exercise and side, over sessions"
    table = Table(title=title, title_justify="left", box=box.SIMPLE, pad_edge=False)
    numbers = ("n", "first", "last", "best", "±")
    for column in ("exercise", "side", "angle", *numbers, "change"):
        table.add_column(column, justify="right" if column in numbers else "left", no_wrap=column != "change")
    for trend in found:
        table.add_row(
            trend.exercise,
            trend.side or "",
            trend.angle,
            str(len(trend.values)),
            _degrees(trend.first),
            _degrees(trend.last),
            _degrees(trend.best),
            _degrees(trend.detectable),
            str(trend.change),
        )
    return table


def side_lines(differences: list[SideDifference]) -> list[str]:
    lines = []
    for difference in differences:
        lines.append(
            f"{difference.exercise}: left {difference.left:.1f}°, right {difference.right:.1f}° "
            f"({difference.gap:.1f}° apart, detectable {_degrees(difference.detectable)}): "
            f"{difference.verdict}"
        )
    return lines


def print_history(
    sessions: list[SessionRecord], found: list[Trend], differences: list[SideDifference], console: Console
) -> None:
    """The whole `posecoach history` answer."""
    if not sessions:
        console.print("No sessions yet: `posecoach coach` and `posecoach analyze --exercise ID` add them.")
        return
    console.print(sessions_table(sessions))
    if found:
        console.print(trends_table(found))
    for line in side_lines(differences):
        console.print(line, highlight=False)
