"""Judging one frame against one exercise: the verdict a physiotherapist would give at a glance.

Per frame: measure the angles the exercise judges (`AngleMeter`), smooth them (the injected smoother,
by default One Euro), then judge the smoothed values: targets, safety limits, view and position.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from posecoach.body.angles import AngleKey, AngleMeter, measured_visibility
from posecoach.body.posture import Classification, PostureReader
from posecoach.body.smoothing import AngleSmoother
from posecoach.engine.hints import (
    MOVE_GENTLY_HINT,
    NO_PERSON_HINT,
    other_side,
    outside,
    setup_hint,
    unseen_hint,
    wrong_side_hint,
)
from posecoach.engine.routine import Exercise, SafetyLimit, Target
from posecoach.pose.landmarks import DEFAULT_MIN_VISIBILITY, Landmark
from posecoach.pose.pose import Pose


@dataclass(frozen=True)
class TargetCheck:
    """One target measured in one frame.

    Attributes:
        key: the measured angle (which angle, side and plane).
        value: the smoothed value, or None when not seen.
        low, high, target: the accepted range and the ideal.
        status: "ok", "low", "high" or "unseen".
        hint: what to say when the status is not "ok".
        priority: 1 is the most important.
        out_of_view: a landmark it needs is outside the image (the person must step back).
        visibility: the visibility of the least visible landmark the angle needs (0-1).
    """

    key: AngleKey
    value: float | None
    low: float | None
    high: float | None
    target: float | None
    status: str
    hint: str | None
    priority: int
    out_of_view: bool = False
    visibility: float = 0.0


@dataclass(frozen=True)
class Verdict:
    """The judgement of one frame.

    Attributes:
        in_position: the person is where the exercise wants them: right view, position, every target.
        hint: the single most important thing to say, or None when all is well.
        checks: every target, in the routine file's order.
        angles: every angle the exercise judges (targets, limits, rhythm), smoothed.
        view, position: what the camera sees, with confidence; None when no one is in view.
        side: the side being worked, for sided exercises.
        rhythm_value: for rhythmic moves, the angle whose cycles are counted.
    """

    in_position: bool
    hint: str | None
    checks: tuple[TargetCheck, ...] = ()
    angles: dict[AngleKey, float | None] = field(default_factory=dict)
    view: Classification | None = None
    position: Classification | None = None
    side: str | None = None
    rhythm_value: float | None = None


def _format(template: str, value: float | None, target: Target | SafetyLimit, side: str | None) -> str:
    ideal = getattr(target, "target", None)
    said = template.format(value=value, target=ideal, min=target.low, max=target.high, side=side or "")
    return _MINUS_ZERO.sub(r"\1", said)  # -0.3 rounds to "-0": say "0"


_MINUS_ZERO = re.compile(r"(?<![\d.])-(0(?:\.0+)?)(?![\d.])")


Judged = Target | SafetyLimit


class ExerciseChecker:
    """Judges frames against one exercise. Stateful: it smooths angles over time and keeps the
    square-on reference of the twist gauge, so use one checker per exercise attempt.

    Args:
        exercise: the exercise to judge.
        smoother: the smoothing stage, called as `smoother(raw_angles, t_ms)`; it must offer
            `speed(key)` in deg/s for exercises with a speed limit. By default One Euro filters.
        min_visibility: landmarks less visible than this count as not seen.
    """

    def __init__(
        self,
        exercise: Exercise,
        smoother: AngleSmoother | None = None,
        min_visibility: float = DEFAULT_MIN_VISIBILITY,
    ) -> None:
        self.exercise = exercise
        self.min_visibility = min_visibility
        self._smoother = smoother if smoother is not None else AngleSmoother()
        self._meter = AngleMeter(min_visibility)
        self._posture = PostureReader(min_visibility)

    def _sides(self, side: str | None, view: Classification, pose: Pose, working: str | None) -> list:
        if side is None:
            return [None]
        if side == "both":
            return ["left", "right"]
        if side == "working":
            return [working]
        if side == "other":
            return [other_side(working)]
        if side == "near":
            if view.label.startswith("side_"):
                return [view.label.removeprefix("side_")]
            left = pose.visibility[[Landmark.LEFT_HIP, Landmark.LEFT_KNEE, Landmark.LEFT_ANKLE]].mean()
            right = pose.visibility[[Landmark.RIGHT_HIP, Landmark.RIGHT_KNEE, Landmark.RIGHT_ANKLE]].mean()
            return ["left" if left >= right else "right"]
        return [side]

    def _keys(
        self, view: Classification, pose: Pose, side: str | None
    ) -> tuple[list[tuple[Judged, AngleKey]], AngleKey | None, list[AngleKey]]:
        """(each target and limit with the key it judges, the rhythm's key, the working side's keys
        mirrored: what the wrong-side hint reads)."""
        exercise = self.exercise
        judged = [
            (item, AngleKey(item.angle, item_side, item.plane))
            for item in (*exercise.targets, *exercise.safety)
            for item_side in self._sides(item.side, view, pose, side)
        ]
        rhythm_key = None
        if exercise.rhythm is not None:
            rhythm = exercise.rhythm
            rhythm_key = AngleKey(rhythm.angle, self._sides(rhythm.side, view, pose, side)[0], rhythm.plane)
        mirrored = []
        if exercise.sides and side is not None:
            mirrored = [
                key.mirrored()
                for item, key in judged
                if isinstance(item, Target) and item.side in ("working", "other")
            ]
        return judged, rhythm_key, mirrored

    def check(self, pose: Pose | None, t_ms: int, side: str | None = None) -> Verdict:
        """Judge the coached person's pose at `t_ms` (None when no one is in view).

        Args:
            pose: the coached person's pose, or None.
            t_ms: the frame's timestamp, for smoothing and speed.
            side: the side being worked, for sided exercises ("left" or "right").
        """
        if pose is None:
            return Verdict(False, NO_PERSON_HINT, side=side)
        posture = self._posture.read(pose)
        view, position = posture.view, posture.position
        judged, rhythm_key, mirrored = self._keys(view, pose, side)
        judged_keys = dict.fromkeys([*(key for _, key in judged), *([rhythm_key] if rhythm_key else [])])
        # The other side's angles are smoothed like the judged ones, for the wrong-side hint alone.
        smoothed = self._smoother(self._meter(pose, {**judged_keys, **dict.fromkeys(mirrored)}), t_ms)
        angles = {key: smoothed[key] for key in judged_keys}
        checks, safety_hint = [], None
        for item, key in judged:
            value = angles[key]
            # Signed angles count positive toward the working side, for targets and limits alike.
            if item.toward_working_side and value is not None and side == "right":
                value = -value
            if isinstance(item, Target):
                checks.append(self._check_target(item, key, value, pose, side))
            elif safety_hint is None and value is not None and outside(value, item.low, item.high):
                safety_hint = _format(item.hint, value, item, side)
        in_position, hint = self._decide(checks, safety_hint, view, position, smoothed, side, judged_keys)
        rhythm_value = angles[rhythm_key] if rhythm_key is not None else None
        return Verdict(in_position, hint, tuple(checks), angles, view, position, side, rhythm_value)

    def _decide(
        self,
        checks: list[TargetCheck],
        safety_hint: str | None,
        view: Classification,
        position: Classification,
        angles: dict[AngleKey, float | None],
        side: str | None,
        judged_keys: dict[AngleKey, None],
    ) -> tuple[bool, str | None]:
        """(in position, the one hint to give) from the checks, the safety limits, view and position."""
        exercise = self.exercise
        failing = sorted((c for c in checks if c.status != "ok"), key=lambda c: c.priority)
        # Joints out of frame come first: they also leave the view and position unknown.
        out_of_view = next((c.hint for c in failing if c.status == "unseen" and c.out_of_view), None)
        setup = out_of_view or setup_hint(exercise, view, position, bool(failing))
        in_position = setup is None and not failing and safety_hint is None
        # A safety limit is never silenced: the view or position a set-up hint blames may be misread
        # (a real full cobra read "seated"), while the joint past its limit is measured.
        hint = safety_hint or setup or (failing[0].hint if failing else None)
        if hint is None and exercise.max_speed_deg_s is not None:
            speeds = (self._smoother.speed(k) for k in judged_keys if angles[k] is not None)
            if any(speed > exercise.max_speed_deg_s for speed in speeds):
                hint = MOVE_GENTLY_HINT
        if failing and setup is None and safety_hint is None and exercise.sides and side is not None:
            hint = wrong_side_hint(exercise, angles, side) or hint
        return in_position, hint

    def _check_target(
        self, target: Target, key: AngleKey, value: float | None, pose: Pose, side: str | None
    ) -> TargetCheck:
        out_of_view = False
        if value is None:
            status = "unseen"
            hint, out_of_view = unseen_hint(pose, key, self.min_visibility)
        elif target.low is not None and value < target.low:
            status, hint = "low", _format(target.below, value, target, side)
        elif target.high is not None and value > target.high:
            status, hint = "high", _format(target.above, value, target, side)
        else:
            status, hint = "ok", None
        visibility = measured_visibility(pose, key)
        return TargetCheck(
            key,
            value,
            target.low,
            target.high,
            target.target,
            status,
            hint,
            target.priority,
            out_of_view,
            visibility,
        )
