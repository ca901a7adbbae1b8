"""The session report: one self-contained HTML file (inline CSS, inline SVG plots, no URL) that shows
what was done against the routine, each exercise's judged angles over time, the hints given and how
long each stood, and left against right. Written whole, then renamed into place."""

from __future__ import annotations

import base64
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

from posecoach import DISCLAIMER
from posecoach.engine.routine import Exercise, Routine
from posecoach.fileio import write_atomically
from posecoach.history.records import (
    AngleSample,
    HoldRecord,
    SessionRecord,
    angle_key,
    read_samples_and_frames,
    routine_of,
)
from posecoach.history.store import HoldRow
from posecoach.history.trends import key_angle, side_differences
from posecoach.reports.plots import Band, angle_series, exercise_figure, svg_text
from posecoach.reports.session_log import SAMPLE_MS

STYLE = """
body { font: 15px/1.45 system-ui, sans-serif; margin: 2em auto; max-width: 960px; color: #222;
       padding: 0 1em; }
h1 { font-size: 1.6em; margin-bottom: 0.2em; } h2 { margin-top: 2em; border-bottom: 1px solid #ddd; }
table { border-collapse: collapse; margin: 0.8em 0; } th, td { padding: 0.25em 0.8em; text-align: left; }
th { background: #f1f3f4; } tr:nth-child(even) td { background: #fafafa; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.meta { color: #555; }
.disclaimer { background: #fff8e1; border-left: 4px solid #f9a825; padding: 0.6em 1em; }
.counted { color: #2e7d32; font-weight: 600; } .short { color: #ef6c00; }
.pain { color: #c62828; font-weight: 600; }
svg { max-width: 100%; height: auto; }
"""


@dataclass(frozen=True)
class ReportInput:
    """What a report is made of: the session (from the history or its log) and, for a coach session,
    the log's samples of the judged angles and the hold frames it saved (by exercise, side and hold
    start); the routine for its targets (None when unknown)."""

    session: SessionRecord
    samples: list[AngleSample]
    routine: Routine | None
    frames: dict[tuple[str, str | None, int], Path] = field(default_factory=dict)


def report_input(session: SessionRecord) -> ReportInput:
    """The session with its log's samples and frames (none for an analysis, or a log since deleted)."""
    routine = routine_of(session.routine, session.routine_file)
    if session.log is None or not session.log.is_file():
        return ReportInput(session, [], routine)
    samples, frames = read_samples_and_frames(session.log)
    return ReportInput(session, samples, routine, frames)


def write_report(made_of: ReportInput, path: Path) -> Path:
    """Write the report of one session to `path` (atomically); returns the path."""
    return write_atomically(path, render_report(made_of).encode("utf-8"), "report")


def render_report(made_of: ReportInput) -> str:
    session = made_of.session
    exercises = [_exercise(made_of.routine, exercise_id) for exercise_id in session.exercises]
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>posecoach session {escape(session.started)}</title><style>{STYLE}</style></head><body>",
        "<h1>posecoach session report</h1>",
        f'<p class="meta">{escape(_when(session))} · {escape(session.routine)} · '
        f"from {escape(session.source)} · session {escape(session.id[:8])}</p>",
        f'<p class="disclaimer">{escape(DISCLAIMER)}</p>',
        _ratings(session),
        "<h2>What was done</h2>",
        _done_table(session, exercises),
    ]
    for exercise_id, exercise in zip(session.exercises, exercises, strict=True):
        parts.append(_exercise_section(made_of, exercise_id, exercise))
    sided = _side_table(session)
    if sided:
        parts += ["<h2>Left and right</h2>", sided]
    if not made_of.samples:
        parts.append(
            '<p class="meta">No angles over time: this session has no log of them (an analysis, or a log '
            "since moved). Holds and their angles come from the history.</p>"
        )
    if not made_of.frames:
        parts.append(
            '<p class="meta">No picture of the person was kept (`posecoach coach --save-frames` keeps each '
            "hold's best frame).</p>"
        )
    parts.append("</body></html>")
    return "\n".join(parts)


def _ratings(session: SessionRecord) -> str:
    """The person's own pain and stiffness ratings, before and after, if any were given."""
    said = []
    for measure in ("pain", "stiffness"):
        before, after = session.rating(measure, "before"), session.rating(measure, "after")
        if before is not None or after is not None:
            told = [
                f"{when} {value} of 10"
                for when, value in (("before", before), ("after", after))
                if value is not None
            ]
            said.append(f"{measure.capitalize()}: {', '.join(told)}")
    if not said:
        return '<p class="meta">No pain or stiffness ratings given (type 0-10 when the coach asks).</p>'
    return "<p>" + escape("; ".join(said)) + ".</p>"


def _exercise(routine: Routine | None, exercise_id: str) -> Exercise | None:
    if routine is None:
        return None
    return next((e for e in routine.exercises if e.id == exercise_id), None)


def _when(session: SessionRecord) -> str:
    started = session.started.replace("T", " ")[:16]
    if session.ended is None:
        return f"{started}, not ended (killed, or still running)"
    return f"{started} to {session.ended.replace('T', ' ')[11:16]}, {session.reason}"


def _cells(*values: object, numeric: tuple[int, ...] = ()) -> str:
    return (
        "<tr>"
        + "".join(f"<td{' class=num' if i in numeric else ''}>{value}</td>" for i, value in enumerate(values))
        + "</tr>"
    )


def _head(*names: str) -> str:
    return "<tr>" + "".join(f"<th>{escape(name)}</th>" for name in names) + "</tr>"


def _done_table(session: SessionRecord, exercises: list[Exercise | None]) -> str:
    marks = Counter((mark.kind, mark.exercise) for mark in session.marks)
    cycles = defaultdict(float)
    for mark in session.marks:
        if mark.kind == "cycle" and mark.value is not None:
            cycles[mark.exercise] = max(cycles[mark.exercise], mark.value)
    rows = [_head("exercise", "asked", "holds counted", "too short", "cycles", "rests taken", "pain stops")]
    for exercise_id, exercise in zip(session.exercises, exercises, strict=True):
        holds = [hold for hold in session.holds if hold.exercise == exercise_id]
        counted = sum(hold.counted for hold in holds)
        pain = marks[("pain_stop", exercise_id)]
        rows.append(
            _cells(
                escape(exercise.name if exercise else exercise_id),
                escape(_asked(exercise)),
                f'<span class="counted">{counted}</span>' if counted else "0",
                len(holds) - counted,
                int(cycles[exercise_id]) if cycles[exercise_id] else "",
                marks[("rest_started", exercise_id)],
                f'<span class="pain">{pain}</span>' if pain else "",
                numeric=(2, 3, 4, 5, 6),
            )
        )
    return "<table>" + "".join(rows) + "</table>"


def _asked(exercise: Exercise | None) -> str:
    if exercise is None:
        return "?"
    sides = f" on each side ({' and '.join(exercise.sides)})" if exercise.sides else ""
    if exercise.hold is not None:
        return (
            f"{exercise.reps} holds of {exercise.hold.target_s:g} s (at least {exercise.hold.min_s:g}){sides}"
        )
    cycles = exercise.rhythm.cycles if exercise.rhythm else 0
    return f"{exercise.reps} sets of {cycles} cycles{sides}"


def _exercise_section(made_of: ReportInput, exercise_id: str, exercise: Exercise | None) -> str:
    session = made_of.session
    name = exercise.name if exercise else exercise_id
    holds = [hold for hold in session.holds if hold.exercise == exercise_id]
    samples = [sample for sample in made_of.samples if sample.exercise == exercise_id]
    parts = [f"<h2>{escape(name)}</h2>"]
    names, flipped = _plotted(samples, exercise)
    if names:
        figure = exercise_figure(angle_series(samples, names, flipped), holds, f"{name}: judged angles")
        parts.append(svg_text(figure))
        parts.append(
            '<p class="meta">Green band: the target range (dashed: the ideal). Shaded in time: the holds '
            "(grey counted, orange too short).</p>"
        )
    if holds:
        parts.append(_holds_table(holds, made_of.frames))
    hints = _hint_table(samples)
    if hints:
        parts += ["<h3>Hints given</h3>", hints]
    if not (samples or holds):
        parts.append('<p class="meta">Not reached in this session.</p>')
    return "\n".join(parts)


def _plotted(
    samples: list[AngleSample], exercise: Exercise | None
) -> tuple[dict[str, tuple[str, Band | None]], frozenset[str]]:
    """Each angle sampled, with its label and target band, targets first in the routine's order."""
    seen = list(dict.fromkeys(name for sample in samples for name in sample.angles))
    targets = exercise.targets if exercise is not None else ()
    names: dict[str, tuple[str, Band | None]] = {}
    flipped = set()
    for target in targets:
        for name in seen:
            key = angle_key(name)
            if (
                key is not None
                and key.angle == target.angle
                and key.plane == target.plane
                and name not in names
            ):
                names[name] = (_label(name), Band(target.low, target.high, target.target))
                if target.toward_working_side:
                    flipped.add(name)
    for name in seen:
        if name not in names:
            names[name] = (_label(name), None)
    return names, frozenset(flipped)


def _label(name: str) -> str:
    """What the screen calls an angle ("Knee left"); an angle this posecoach does not know, its name."""
    key = angle_key(name)
    if key is None:
        return name
    return key.spec.label + (f" {key.side}" if key.side else "")


def _holds_table(holds: list[HoldRecord], frames: dict[tuple[str, str | None, int], Path]) -> str:
    pictures = [_picture(frames.get((hold.exercise, hold.side, hold.start_ms))) for hold in holds]
    shown = any(pictures)
    columns = ["rep", "side", "held", "counted", "ended by", "key angle (mean, min-max)", "measured"]
    rows = [_head(*columns, *(["best frame"] if shown else []))]
    for hold, picture in zip(holds, pictures, strict=True):
        angle = key_angle(hold.angles)
        key_text = (
            f"{escape(angle.angle)} {angle.mean:.1f}° ({angle.min:.0f}-{angle.max:.0f})" if angle else "-"
        )
        quality = "-"
        if angle is not None and angle.visibility is not None:
            quality = f"visibility {angle.visibility:.2f}, jitter {angle.jitter or 0:.1f}°"
        counted = (
            '<span class="counted">yes</span>' if hold.counted else '<span class="short">too short</span>'
        )
        rows.append(
            _cells(
                hold.rep,
                escape(hold.side or ""),
                f"{hold.duration_s:.1f} s",
                counted,
                escape(hold.ended_by.replace("_", " ")),
                key_text,
                quality,
                *([picture] if shown else []),
                numeric=(0, 2),
            )
        )
    return "<table>" + "".join(rows) + "</table>"


def _picture(path: Path | None) -> str:
    """A saved hold frame inline (a data URI: the report stays one file), or "" when there is none."""
    if path is None or not path.is_file():
        return ""
    data = base64.b64encode(path.read_bytes()).decode("ascii")
    return f'<img alt="the best frame of the hold" width="160" src="data:image/jpeg;base64,{data}">'


_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


def _hint_groups(samples: list[AngleSample]) -> dict[str, list[int]]:
    """The hints shown, by wording: hints that differ only in their numbers ("Turn your chest further
    (13°, aim for 30°)", "(22°, ...)") are one, the numbers that changed shown as "…"; each with the
    times it was sampled at."""
    groups: dict[str, list[AngleSample]] = defaultdict(list)
    for sample in samples:
        if sample.hint:
            groups[_NUMBER.sub("#", sample.hint)].append(sample)
    named = {}
    for wording, members in groups.items():
        numbers = zip(*(_NUMBER.findall(member.hint or "") for member in members), strict=True)
        for values in numbers:
            wording = wording.replace("#", values[0] if len(set(values)) == 1 else "…", 1)
        named[wording] = [member.t_ms for member in members]
    return named


def _hint_table(samples: list[AngleSample]) -> str:
    """Each hint shown, how long it stood (its samples times the sampling interval), first at."""
    shown = _hint_groups(samples)
    if not shown:
        return ""
    rows = [_head("hint", "shown for", "first at")]
    for hint, times in sorted(shown.items(), key=lambda item: -len(item[1])):
        rows.append(
            _cells(
                escape(hint),
                f"{len(times) * SAMPLE_MS / 1000:.1f} s",
                f"{times[0] / 1000:.0f} s",
                numeric=(1, 2),
            )
        )
    return "<table>" + "".join(rows) + "</table>"


def _side_table(session: SessionRecord) -> str:
    rows = [_head("exercise", "angle", "left", "right", "difference", "detectable")]
    for difference in side_differences(
        [HoldRow(session.id, session.started, hold) for hold in session.holds]
    ):
        detectable = difference.detectable
        rows.append(
            _cells(
                escape(difference.exercise),
                escape(difference.angle),
                f"{difference.left:.1f}°",
                f"{difference.right:.1f}°",
                f"{difference.gap:.1f}°: {difference.verdict}",
                "-" if detectable is None else f"{detectable:.1f}°",
                numeric=(2, 3),
            )
        )
    return "<table>" + "".join(rows) + "</table>" if len(rows) > 1 else ""
