"""Progress over sessions, and left against right, told apart from measurement error.

Each exercise has a key angle (its first-priority target: the wall lean's body angle, the prone
extension's chest lift, the rotation's twist). A session's value is the mean of that angle over its
counted holds, per side. A change is called progress (or a setback) only when the value came nearer
the target (or went further from it) by more than the angle's smallest detectable difference,
measured on rendered clips (`data/detectable_difference.toml`, from `benchmarks/accuracy.py
--detectable`); otherwise it is within measurement error.
"""

from __future__ import annotations

import tomllib
from collections import defaultdict
from dataclasses import dataclass
from enum import StrEnum
from functools import cache

import numpy as np

from posecoach.history.records import AngleRecord, angle_base
from posecoach.history.store import HoldRow
from posecoach.locations import package_data


class Change(StrEnum):
    PROGRESS = "progress"
    SETBACK = "setback"
    WITHIN_ERROR = "within measurement error"
    ONE_SESSION = "one session so far"
    UNKNOWN_ERROR = "no measured error for this angle"


@dataclass(frozen=True)
class Trend:
    """The key angle of one exercise and side over sessions.

    Attributes:
        values: (session start, the session's mean over its counted holds), oldest first.
        best: the value nearest the target (the deepest, for a target open at one end); None when
            the target is unknown.
        detectable: the smallest difference the measurement can tell, in degrees (None: unknown).
        change: first against last, beyond `detectable` or not.
        judged: the angle of the latest hold: its target range and ideal.
    """

    exercise: str
    side: str | None
    angle: str
    values: tuple[tuple[str, float], ...]
    best: float | None
    detectable: float | None
    change: Change
    judged: AngleRecord

    @property
    def first(self) -> float:
        return self.values[0][1]

    @property
    def last(self) -> float:
        return self.values[-1][1]


@dataclass(frozen=True)
class SideDifference:
    """Left against right on a sided exercise, in the latest session that did both."""

    exercise: str
    angle: str
    left: float
    right: float
    detectable: float | None

    @property
    def gap(self) -> float:
        """How far apart the sides are, in degrees."""
        return abs(self.left - self.right)

    @property
    def asymmetric(self) -> bool | None:
        """The sides differ beyond measurement error (None: the error is unknown)."""
        if self.detectable is None:
            return None
        return self.gap > self.detectable

    @property
    def verdict(self) -> str:
        """What the difference is called: an asymmetry only beyond measurement error."""
        return {
            True: "an asymmetry",
            False: "within measurement error",
            None: "no measured error to judge it",
        }[self.asymmetric]


def key_angle(angles: tuple[AngleRecord, ...]) -> AngleRecord | None:
    """The hold's key angle: its first-priority target, or the first angle if no target is known."""
    ranked = sorted(angles, key=lambda a: a.priority if a.priority is not None else 99)
    return ranked[0] if ranked else None


def trends(rows: list[HoldRow]) -> list[Trend]:
    """One trend per exercise and side that has counted holds, in the order first done."""
    per_session: dict[tuple[str, str | None, str], dict[str, list[float]]] = defaultdict(dict)
    reference: dict[tuple[str, str | None, str], AngleRecord] = {}
    for row in rows:
        hold = row.hold
        angle = key_angle(hold.angles)
        if not hold.counted or angle is None:
            continue
        trend_key = (hold.exercise, hold.side, angle.angle)
        per_session[trend_key].setdefault(row.started, []).append(angle.mean)
        reference[trend_key] = angle
    found = []
    for (exercise, side, name), sessions in per_session.items():
        values = tuple((started, float(np.mean(means))) for started, means in sorted(sessions.items()))
        angle = reference[(exercise, side, name)]
        detectable = detectable_difference(exercise, name)
        best = min((v for _, v in values), key=lambda v: _distance(v, angle)) if _directed(angle) else None
        change = _change(values, angle, detectable)
        found.append(Trend(exercise, side, name, values, best, detectable, change, angle))
    return found


def side_differences(rows: list[HoldRow]) -> list[SideDifference]:
    """For each sided exercise, left against right in the latest session with counted holds on both."""
    sides: dict[tuple[str, str], dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    names: dict[str, str] = {}
    for row in rows:
        hold = row.hold
        angle = key_angle(hold.angles)
        if hold.counted and angle is not None and hold.side in ("left", "right"):
            sides[(hold.exercise, row.started)][hold.side].append(angle.mean)
            names[hold.exercise] = angle_base(angle.angle)
    latest: dict[str, SideDifference] = {}
    for (exercise, _), by_side in sorted(sides.items(), key=lambda item: item[0][1]):
        if by_side["left"] and by_side["right"]:
            left, right = float(np.mean(by_side["left"])), float(np.mean(by_side["right"]))
            name = names[exercise]
            detectable = detectable_difference(exercise, name)
            latest[exercise] = SideDifference(exercise, name, left, right, detectable)
    return list(latest.values())


@cache
def _detectable_table() -> dict[str, dict[str, float]]:
    return tomllib.loads(package_data("detectable_difference.toml").read_text(encoding="utf-8"))


def detectable_difference(exercise: str, angle: str) -> float | None:
    """The smallest difference in `angle` (e.g. "knee_left", or "knee" for either side) that the
    measurement tells apart on `exercise`, in degrees; the worse side's when either side will do."""
    table = _detectable_table().get(exercise, {})
    if angle in table:
        return float(table[angle])
    base = angle_base(angle)
    sided = [value for name, value in table.items() if angle_base(name) == base]
    return float(max(sided)) if sided else None


def _directed(angle: AngleRecord) -> bool:
    return angle.low is not None or angle.high is not None


def _distance(value: float, angle: AngleRecord) -> float:
    """How far `value` is from the target: from the ideal in a closed range, else toward the open end
    (a knee "at most 60" is better at 40)."""
    if angle.low is not None and angle.high is not None:
        ideal = angle.target if angle.target is not None else (angle.low + angle.high) / 2
        return abs(value - ideal)
    return value if angle.high is not None else -value


def _change(values: tuple[tuple[str, float], ...], angle: AngleRecord, detectable: float | None) -> Change:
    if len(values) < 2:
        return Change.ONE_SESSION
    if detectable is None or not _directed(angle):
        return Change.UNKNOWN_ERROR
    nearer = _distance(values[0][1], angle) - _distance(values[-1][1], angle)
    if abs(nearer) <= detectable:
        return Change.WITHIN_ERROR
    return Change.PROGRESS if nearer > 0 else Change.SETBACK
