"""Routine files: exercises as data (TOML), parsed once into typed dataclasses and validated on load.

Every problem is reported as one line naming the file, the exercise and the field, with what was
expected and what was found. Files are data only: hints are plain text with `{value}`, `{target}`, `{side}`,
`{min}` and `{max}` placeholders, nothing is evaluated.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from posecoach.body.angles import ANGLES
from posecoach.body.points import PLANES, SIDES, Plane
from posecoach.body.posture import POSITIONS, VIEWS
from posecoach.engine.routine import (
    Exercise,
    HoldSpec,
    PoseZone,
    Rhythm,
    Routine,
    RoutineError,
    SafetyLimit,
    Target,
)
from posecoach.engine.routine_fields import Fields, check_hint
from posecoach.locations import package_data

# Which side of a sided angle a target judges: a fixed side, both, the side nearer the camera, or the
# side being worked in a sided exercise ("working") and its opposite ("other").
TARGET_SIDES = ("left", "right", "both", "near", "working", "other")
VIEW_SHORTHANDS = {"side": ("side_left", "side_right"), "any": (*VIEWS,)}
EXERCISE_KINDS = ("hold", "rhythm")
# Sane bounds: a routine outside them is a typo (a 1e300 s hold, 10^18 reps), not a plan.
MIN_HOLD_S, MAX_HOLD_S = 1, 600
MAX_REPS, MAX_CYCLES, MAX_PRIORITY = 20, 100, 10
MAX_REST_S, MAX_SPEED_DEG_S, MAX_TOLERANCE_DEG = 600, 1000, 90


def _range(fields: Fields, angle: str) -> tuple[float | None, float | None, float | None]:
    """(low, high, ideal) from either min/max or target +/- tolerance, within the angle's range."""
    bottom, top = ANGLES[angle].range
    target = fields.number("target", None, bottom, top)
    tolerance = fields.number("tolerance", None, 0, MAX_TOLERANCE_DEG)
    low, high = fields.number("min", None, bottom, top), fields.number("max", None, bottom, top)
    if tolerance is not None:
        if target is None:
            raise fields.error("tolerance", "needs a target")
        if low is not None or high is not None:
            raise fields.error("tolerance", "give either target and tolerance, or min and/or max")
        if tolerance <= 0:
            raise fields.error("tolerance", f"expected a positive number, found {tolerance:g}")
        low, high = target - tolerance, target + tolerance
    if low is None and high is None:
        raise fields.error("min", "give min and/or max, or target and tolerance")
    if low is not None and high is not None and low > high:
        raise fields.error("min", f"min {low:g} is above max {high:g}")
    if target is None and low is not None and high is not None:
        target = (low + high) / 2
    return low, high, target


def _angle_and_side(fields: Fields) -> tuple[str, str | None, Plane]:
    angle = fields.get("angle", str)
    if angle not in ANGLES:
        raise fields.error("angle", f"expected one of {', '.join(ANGLES)}, found {angle!r}")
    sided = ANGLES[angle].sided
    side = fields.choice("side", TARGET_SIDES, None)
    if sided and side is None:
        raise fields.error("side", f"{angle} needs a side: one of {', '.join(TARGET_SIDES)}")
    if not sided and side is not None:
        raise fields.error("side", f"{angle} is a whole-body angle and takes no side")
    plane = fields.choice("plane", PLANES, "image")
    return angle, side, plane


def _target(fields: Fields, sided_exercise: bool) -> Target:
    angle, side, plane = _angle_and_side(fields)
    low, high, ideal = _range(fields, angle)
    toward = _toward_working_side(fields, side, sided_exercise)
    target = Target(
        angle=angle,
        side=side,
        plane=plane,
        low=low,
        high=high,
        target=ideal,
        below=fields.hint("below", "") if low is not None else "",
        above=fields.hint("above", "") if high is not None else "",
        priority=fields.whole("priority", 1, MAX_PRIORITY, 5),
        toward_working_side=toward,
    )
    said = {"target": ideal, "min": low, "max": high, "side": "left" if sided_exercise else ""}
    if low is not None:
        if not target.below:
            raise fields.error("below", "missing: the hint for a value under the range")
        check_hint(fields, "below", target.below, {**said, "value": low - 10})
    if high is not None:
        if not target.above:
            raise fields.error("above", "missing: the hint for a value over the range")
        check_hint(fields, "above", target.above, {**said, "value": high + 10})
    fields.done()
    return target


def _toward_working_side(fields: Fields, side: str | None, sided_exercise: bool) -> bool:
    toward = fields.get("toward_working_side", bool, False)
    if (side in ("working", "other") or toward) and not sided_exercise:
        raise fields.error("side" if not toward else "toward_working_side", "only for exercises with sides")
    if toward and side is not None:
        # A sided angle is already measured on the working side; only a signed whole-body angle (a turn,
        # a tilt) has a direction to count toward it.
        raise fields.error("toward_working_side", "only for whole-body angles, which take no side")
    return toward


def _safety(fields: Fields, sided_exercise: bool) -> SafetyLimit:
    angle, side, plane = _angle_and_side(fields)
    bottom, top = ANGLES[angle].range
    low, high = fields.number("min", None, bottom, top), fields.number("max", None, bottom, top)
    if low is None and high is None:
        raise fields.error("max", "give max and/or min: the limit past which to ease off")
    toward = _toward_working_side(fields, side, sided_exercise)
    limit = SafetyLimit(angle, side, plane, low, high, fields.hint("hint"), toward)
    past = high + 10 if high is not None else (low or 0) - 10
    said = {"value": past, "target": None, "min": low, "max": high, "side": "left" if sided_exercise else ""}
    check_hint(fields, "hint", limit.hint, said)
    fields.done()
    return limit


def _hold(fields: Fields) -> HoldSpec:
    seconds = {key: fields.number(key, ..., MIN_HOLD_S, MAX_HOLD_S) for key in ("min_s", "target_s", "max_s")}
    hold = HoldSpec(seconds["min_s"], seconds["target_s"], seconds["max_s"])
    if not 0 < hold.min_s <= hold.target_s <= hold.max_s:
        raise fields.error(
            "target_s",
            "expected 0 < min_s <= target_s <= max_s, "
            f"found {hold.min_s:g}, {hold.target_s:g}, {hold.max_s:g}",
        )
    fields.done()
    return hold


def _rhythm(fields: Fields, fail: Callable[[str, str], RoutineError], where: str) -> Rhythm:
    angle, side, plane = _angle_and_side(fields)
    poses_raw = fields.get("poses", list)
    if len(poses_raw) != 2:
        raise fields.error("poses", f"expected two poses, found {len(poses_raw)}")
    zones = []
    for i, raw in enumerate(poses_raw):
        pose_fields = Fields(raw, f"{where}.poses[{i}]", fail)
        bottom, top = ANGLES[angle].range
        zone = PoseZone(
            pose_fields.get("name", str),
            pose_fields.number("min", None, bottom, top),
            pose_fields.number("max", None, bottom, top),
        )
        if zone.low is None and zone.high is None:
            raise pose_fields.error("min", "give min and/or max")
        pose_fields.done()
        zones.append(zone)
    first, second = zones
    if _zones_overlap(first, second):
        raise fields.error(
            "poses", f"the zones of {first.name!r} and {second.name!r} overlap; leave a gap between them"
        )
    cycles = fields.whole("cycles", 1, MAX_CYCLES)
    fields.done()
    return Rhythm(angle, side, plane, (first, second), cycles)


def _zones_overlap(a: PoseZone, b: PoseZone) -> bool:
    lo_a, hi_a = a.low if a.low is not None else float("-inf"), a.high if a.high is not None else float("inf")
    lo_b, hi_b = b.low if b.low is not None else float("-inf"), b.high if b.high is not None else float("inf")
    return lo_a <= hi_b and lo_b <= hi_a


def _views(fields: Fields) -> tuple[str, ...]:
    raw = fields.get("view", (str, list))
    names = [raw] if isinstance(raw, str) else raw
    views: list[str] = []
    for name in names:
        if name in VIEW_SHORTHANDS:
            views.extend(VIEW_SHORTHANDS[name])
        elif name in VIEWS:
            views.append(name)
        else:
            choices = ", ".join((*VIEW_SHORTHANDS, *VIEWS))
            raise fields.error("view", f"expected one of {choices}, found {name!r}")
    if not views:
        raise fields.error("view", "give at least one view the exercise is filmed from")
    return tuple(views)


def _positions(fields: Fields) -> tuple[str, ...]:
    raw = fields.get("position", (str, list))
    names = [raw] if isinstance(raw, str) else raw
    for name in names:
        if name not in POSITIONS:
            raise fields.error("position", f"expected one of {', '.join(POSITIONS)}, found {name!r}")
    if not names:
        raise fields.error("position", "give at least one body position the exercise is done in")
    return tuple(names)


def _sides(fields: Fields) -> tuple[str, ...]:
    sides = tuple(fields.get("sides", list, []))
    for side in sides:
        if side not in SIDES:
            raise fields.error("sides", f"expected left and/or right, found {side!r}")
    return sides


def _movement(
    fields: Fields, kind: str, fail: Callable[[str, str], RoutineError]
) -> tuple[HoldSpec | None, Rhythm | None]:
    """The hold of a held exercise, or the rhythm of a rhythmic one."""
    hold = _hold(Fields(fields.get("hold", dict), "hold", fail)) if kind == "hold" else None
    rhythm = (
        _rhythm(Fields(fields.get("rhythm", dict), "rhythm", fail), fail, "rhythm")
        if kind == "rhythm"
        else None
    )
    for key in ("hold", "rhythm"):
        if kind != key and key in fields.table:
            raise fields.error(key, f"only for kind = {key!r} exercises")
    return hold, rhythm


def _reps_and_rest(fields: Fields) -> tuple[int, float]:
    reps = fields.whole("reps", 1, MAX_REPS)
    rest_s = fields.number("rest_s", 0.0, 0, MAX_REST_S)
    assert rest_s is not None
    return reps, rest_s


def _exercise(raw: Any, index: int, fail_in: Callable[[str], Callable[[str, str], RoutineError]]) -> Exercise:
    probe = raw.get("id") if isinstance(raw, dict) else None
    fail = fail_in(f"exercise {probe!r}" if isinstance(probe, str) else f"exercise #{index + 1}")
    fields = Fields(raw, "", fail)
    exercise_id = fields.get("id", str)
    sides = _sides(fields)
    kind = fields.choice("kind", EXERCISE_KINDS)
    targets = tuple(
        _target(Fields(t, f"targets[{i}]", fail), bool(sides))
        for i, t in enumerate(fields.get("targets", list))
    )
    if not targets:
        raise fields.error("targets", "at least one target is needed")
    hold, rhythm = _movement(fields, kind, fail)
    reps, rest_s = _reps_and_rest(fields)
    safety = tuple(
        _safety(Fields(s, f"safety[{i}]", fail), bool(sides))
        for i, s in enumerate(fields.get("safety", list, []))
    )
    max_speed = fields.number("max_speed_deg_s", None, 1, MAX_SPEED_DEG_S)
    exercise = Exercise(
        id=exercise_id,
        name=fields.get("name", str),
        instruction=fields.get("instruction", str),
        kind=kind,
        views=_views(fields),
        positions=_positions(fields),
        targets=targets,
        hold=hold,
        rhythm=rhythm,
        reps=reps,
        sides=sides,
        rest_s=rest_s,
        safety=safety,
        max_speed_deg_s=max_speed,
        sources=fields.get("sources", str, ""),
    )
    fields.done()
    return exercise


def load_routine(path: Path) -> Routine:
    """Read and validate a routine file.

    Raises:
        RoutineError: the file is missing, not TOML, or invalid; one line naming file, exercise, field.
    """
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise RoutineError(f"no such routine file: {path}") from None
    except IsADirectoryError:
        raise RoutineError(f"{path} is a folder: give a routine file (.toml) in it") from None
    except OSError as error:
        raise RoutineError(f"cannot read the routine file {path}: {error.strerror}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise RoutineError(f"{path}: not valid TOML ({error})") from None

    def fail_in(label: str) -> Callable[[str, str], RoutineError]:
        return lambda field, problem: RoutineError(f"{path}: {label}: field '{field}': {problem}")

    top = Fields(document, "", fail_in("routine"))
    header = Fields(top.get("routine", dict), "routine", fail_in("routine"))
    exercises = tuple(_exercise(raw, i, fail_in) for i, raw in enumerate(top.get("exercise", list)))
    routine = Routine(
        id=header.get("id", str),
        name=header.get("name", str),
        description=header.get("description", str, ""),
        exercises=exercises,
        path=path,
    )
    header.done()
    top.done()
    seen: set[str] = set()
    for exercise in exercises:
        if exercise.id in seen:
            raise fail_in(f"exercise {exercise.id!r}")("id", "used by two exercises")
        seen.add(exercise.id)
    if not exercises:
        raise fail_in("routine")("exercise", "the routine has no exercises")
    return routine


def default_routine_path() -> Path:
    return package_data("routines", "upper_back.toml")


def routine_files() -> list[Path]:
    """The routine files shipped with posecoach (in `posecoach/data/routines/`)."""
    return sorted(package_data("routines").glob("*.toml"))
