"""Judging one frame against one exercise: the verdict a physiotherapist would give at a glance."""

from __future__ import annotations

from dataclasses import dataclass, field

from posecoach.body.angles import landmarks_needed, measure
from posecoach.body.posture import UNKNOWN, Classification, body_position, camera_view
from posecoach.body.smoothing import AngleSmoother
from posecoach.body.twist import TwistGauge
from posecoach.engine.routine import Exercise, SafetyLimit, Target
from posecoach.pose.landmarks import DEFAULT_MIN_VISIBILITY, Landmark
from posecoach.pose.pose import Pose

NO_PERSON_HINT = "Step into view of the camera"
STEP_BACK_HINT = "Step back: your {part} {verb} out of view"
MOVE_GENTLY_HINT = "Move gently: slow down"
POSITION_HINTS = {
    "standing": "Stand up",
    "seated": "Sit on the floor",
    "kneeling": "Kneel on the floor",
    "quadruped": "Come onto your hands and knees",
    "prone": "Lie on your front",
    "supine": "Lie on your back",
}
# The part of the body a landmark belongs to, as the hints name it.
_PART_NAMES = {
    "NOSE": "head", "EYE": "head", "EAR": "head", "MOUTH": "head", "SHOULDER": "shoulders",
    "ELBOW": "elbows", "WRIST": "hands", "PINKY": "hands", "INDEX": "hands", "THUMB": "hands",
    "HIP": "hips", "KNEE": "knees", "ANKLE": "feet", "HEEL": "feet", "FOOT": "feet",
}  # fmt: skip
# A landmark this far outside the image (in image widths/heights) is out of view, not just hidden.
_OUT_OF_FRAME_MARGIN = 0.02


@dataclass(frozen=True)
class TargetCheck:
    """One target measured in one frame.

    Attributes:
        name: the measured angle, e.g. "knee_left" ("_world" appended for world-plane angles).
        value: the smoothed value, or None when not seen.
        low, high, target: the accepted range and the ideal.
        status: "ok", "low", "high" or "unseen".
        hint: what to say when the status is not "ok".
        priority: 1 is the most important.
        out_of_view: a landmark it needs is outside the image (the person must step back).
    """

    name: str
    value: float | None
    low: float | None
    high: float | None
    target: float | None
    status: str
    hint: str | None
    priority: int
    out_of_view: bool = False


@dataclass(frozen=True)
class Verdict:
    """The judgement of one frame.

    Attributes:
        in_position: the person is where the exercise wants them: right view, position, every target.
        hint: the single most important thing to say, or None when all is well.
        checks: every target, in the routine file's order.
        angles: every angle measured for this exercise (smoothed), keyed by name.
        view, position: what the camera sees, with confidence; None when no one is in view.
        side: the side being worked, for sided exercises.
        rhythm_value: for rhythmic moves, the angle whose cycles are counted.
    """

    in_position: bool
    hint: str | None
    checks: tuple[TargetCheck, ...] = ()
    angles: dict[str, float | None] = field(default_factory=dict)
    view: Classification | None = None
    position: Classification | None = None
    side: str | None = None
    rhythm_value: float | None = None


def _key(angle: str, side: str | None, plane: str) -> str:
    name = f"{angle}_{side}" if side else angle
    return name if plane == "image" else f"{name}_world"


def _other(side: str | None) -> str | None:
    return {"left": "right", "right": "left"}.get(side or "")


def _format(template: str, value: float | None, target: Target | SafetyLimit, side: str | None) -> str:
    ideal = getattr(target, "target", None)
    return template.format(value=value, target=ideal, min=target.low, max=target.high, side=side or "")


def _part(landmark: Landmark) -> str:
    return next(part for key, part in _PART_NAMES.items() if key in landmark.name)


class ExerciseChecker:
    """Judges frames against one exercise. Stateful: it smooths angles over time and keeps the
    square-on reference of the twist gauge, so use one checker per exercise attempt."""

    def __init__(self, exercise: Exercise, min_visibility: float = DEFAULT_MIN_VISIBILITY) -> None:
        self.exercise = exercise
        self.min_visibility = min_visibility
        self._smoother = AngleSmoother()
        self._twist = TwistGauge(min_visibility)

    def _sides(
        self, side: str | None, view: Classification, pose: Pose, working: str | None
    ) -> list[str | None]:
        if side is None:
            return [None]
        if side == "both":
            return ["left", "right"]
        if side == "working":
            return [working]
        if side == "other":
            return [_other(working)]
        if side == "near":
            if view.label.startswith("side_"):
                return [view.label.removeprefix("side_")]
            left = pose.visibility[[Landmark.LEFT_HIP, Landmark.LEFT_KNEE, Landmark.LEFT_ANKLE]].mean()
            right = pose.visibility[[Landmark.RIGHT_HIP, Landmark.RIGHT_KNEE, Landmark.RIGHT_ANKLE]].mean()
            return ["left" if left >= right else "right"]
        return [side]

    def _raw(self, pose: Pose, angle: str, side: str | None, plane: str) -> float | None:
        if angle == "trunk_rotation" and plane == "image":
            return self._twist(pose)
        name = f"{angle}_{side}" if side else angle
        return measure(pose, name, plane, self.min_visibility)  # type: ignore[arg-type]

    def _unseen_hint(self, pose: Pose, key: str) -> tuple[str, bool]:
        """What to do about an angle that cannot be measured, and whether a joint is out of frame."""
        landmarks = landmarks_needed(key.removesuffix("_world"))
        missing = [lm for lm in landmarks if pose.visibility[lm] < self.min_visibility]
        for landmark in missing:
            x, y = pose.landmarks[landmark, :2]
            margin = _OUT_OF_FRAME_MARGIN
            if not (-margin <= x <= 1 + margin and -margin <= y <= 1 + margin):
                part = _part(landmark)
                return STEP_BACK_HINT.format(part=part, verb="is" if part == "head" else "are"), True
        return f"Turn so the camera can see your {_part(missing[0]) if missing else 'body'}", False

    def check(self, pose: Pose | None, t_ms: int, side: str | None = None) -> Verdict:
        """Judge the coached person's pose at `t_ms` (None when no one is in view).

        Args:
            pose: the coached person's pose, or None.
            t_ms: the frame's timestamp, for smoothing and speed.
            side: the side being worked, for sided exercises ("left" or "right").
        """
        if pose is None:
            return Verdict(False, NO_PERSON_HINT, side=side)
        exercise = self.exercise
        view, position = camera_view(pose, self.min_visibility), body_position(pose, self.min_visibility)

        wanted: dict[str, tuple[str, str | None, str]] = {}
        items: list[tuple[Target | SafetyLimit, str]] = []
        for item in (*exercise.targets, *exercise.safety):
            for item_side in self._sides(item.side, view, pose, side):
                key = _key(item.angle, item_side, item.plane)
                wanted[key] = (item.angle, item_side, item.plane)
                items.append((item, key))
        rhythm_key = None
        if exercise.rhythm is not None:
            rhythm = exercise.rhythm
            rhythm_side = self._sides(rhythm.side, view, pose, side)[0]
            rhythm_key = _key(rhythm.angle, rhythm_side, rhythm.plane)
            wanted[rhythm_key] = (rhythm.angle, rhythm_side, rhythm.plane)
        raw = {key: self._raw(pose, *spec) for key, spec in wanted.items()}
        angles = self._smoother(raw, t_ms)
        rhythm_value = angles[rhythm_key] if rhythm_key is not None else None

        checks = []
        safety_hint = None
        for item, key in items:
            value = angles[key]
            # Signed angles count positive toward the working side, for targets and limits alike.
            if item.toward_working_side and value is not None and side == "right":
                value = -value
            if isinstance(item, SafetyLimit):
                breached = value is not None and (
                    (item.high is not None and value > item.high)
                    or (item.low is not None and value < item.low)
                )
                if breached and safety_hint is None:
                    safety_hint = _format(item.hint, value, item, side)
                continue
            checks.append(self._check_target(item, key, value, pose, side))

        failing = sorted((c for c in checks if c.status != "ok"), key=lambda c: c.priority)
        # Joints out of frame come first: they also leave the view and position unknown.
        out_of_view = next((c.hint for c in failing if c.status == "unseen" and c.out_of_view), None)
        setup_hint = out_of_view or self._setup_hint(view, position, bool(failing))
        in_position = setup_hint is None and not failing and safety_hint is None
        if setup_hint is not None:
            safety_hint = None  # the limits are about the exercise's movement, not some other posture
        hint = safety_hint or setup_hint or (failing[0].hint if failing else None)
        if hint is None and exercise.max_speed_deg_s is not None:
            if any(
                self._smoother.speed(k) > exercise.max_speed_deg_s for k in angles if angles[k] is not None
            ):
                hint = MOVE_GENTLY_HINT
        if failing and setup_hint is None and safety_hint is None and exercise.sides and side is not None:
            hint = self._wrong_side_hint(angles, pose, side) or hint
        return Verdict(in_position, hint, tuple(checks), angles, view, position, side, rhythm_value)

    def _check_target(
        self, target: Target, key: str, value: float | None, pose: Pose, side: str | None
    ) -> TargetCheck:
        out_of_view = False
        if value is None:
            status = "unseen"
            hint, out_of_view = self._unseen_hint(pose, key)
        elif target.low is not None and value < target.low:
            status, hint = "low", _format(target.below, value, target, side)
        elif target.high is not None and value > target.high:
            status, hint = "high", _format(target.above, value, target, side)
        else:
            status, hint = "ok", None
        return TargetCheck(
            key, value, target.low, target.high, target.target, status, hint, target.priority, out_of_view
        )

    def _setup_hint(self, view: Classification, position: Classification, failing: bool) -> str | None:
        exercise = self.exercise
        if view.label not in exercise.views:
            if all(v.startswith("side_") for v in exercise.views):
                return "Turn your side to the camera"
            if exercise.views == ("front",):
                return "Face the camera"
            return "Turn to face the camera as the exercise shows"
        # A posture the classifier cannot name is most often the exercise done wrong (hips up in child's
        # pose): then the failing target says better what to change than "kneel on the floor".
        if position.label not in exercise.positions and not (position.label == UNKNOWN and failing):
            return POSITION_HINTS[exercise.positions[0]]
        return None

    def _wrong_side_hint(self, angles: dict[str, float | None], pose: Pose, side: str) -> str | None:
        """Says so when the person works the other side: every working-side target passes mirrored."""
        other = _other(side)
        judged = False
        for target in self.exercise.targets:
            if target.side in ("working", "other"):
                mirrored_side = other if target.side == "working" else side
                value = measure(pose, f"{target.angle}_{mirrored_side}", target.plane, self.min_visibility)
            elif target.toward_working_side:
                value = angles.get(_key(target.angle, None, target.plane))
                value = None if value is None else (value if side == "right" else -value)
            else:
                continue
            if (
                value is None
                or (target.low is not None and value < target.low)
                or (target.high is not None and value > target.high)
            ):
                return None
            judged = True
        return f"Other side: this set is for your {side} side" if judged else None
