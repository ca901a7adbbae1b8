"""The angle vocabulary of routine files: one registry entry (`AngleSpec`) per named body angle.

An entry says which landmarks the angle is measured from, how, what the screen calls it and how the
ghost shows its goal; a new angle is one more `register(AngleSpec(...))` and nothing else. Angles are
named in code by an `AngleKey` (angle, side, plane); its string form ("knee_left", "knee_left_world")
is for JSON and files only.

Each angle can be measured in the image plane (pixels; the right choice for a move filmed side-on,
where it was within 0.5-3 deg of ground truth on rendered clips) or from MediaPipe's world landmarks
(metres; off by 5-20 deg for knees and elbows on the same clips, so used only where depth is the
point). Every measure returns None when a landmark it needs is less visible than `min_visibility`.

Names, with a side (left / right) where the body has two:
    knee, hip, elbow            interior angles (180 = straight)
    shoulder_flexion            trunk line (pointing down) to the arm: 0 hanging, 90 forward,
                                180 overhead, past it above 180, negative behind the trunk down to -90
                                (see `arm_direction`)
    trunk_incline               hip-mid -> shoulder-mid against vertical (0 upright, 90 horizontal)
    body_incline                ankle-mid -> shoulder-mid against vertical
    chest_lift                  hip-mid -> shoulder-mid above horizontal (prone moves)
    trunk_rotation              shoulder axis against hip axis about the trunk, positive turning to
                                the person's left (in the image plane: the twist gauge, twist.py)
    shoulder_tilt               shoulder line against horizontal, positive with the right shoulder lower
    neck_flexion                shoulder-mid -> ear-mid against the trunk line, positive toward the front
    wrist_gap                   wrist distance / shoulder width (a ratio, not degrees)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import numpy as np

from posecoach.body.geometry import (
    angle_between,
    elevation,
    interior_angle,
    perpendicular_part,
    signed_angle_toward,
)
from posecoach.body.points import PLANES, SIDES, Body, Plane, Side
from posecoach.body.twist import TwistGauge
from posecoach.pose.landmarks import DEFAULT_MIN_VISIBILITY, Landmark
from posecoach.pose.pose import Pose

# The arm's line runs to the wrist when the elbow is at least this straight, to the elbow when it is
# bent to _ARM_BENT_DEG or more, and blends in between.
_ARM_STRAIGHT_DEG, _ARM_BENT_DEG = 170.0, 140.0
# Shoulder flexion from straight back (an arm no shoulder reaches) round through overhead and past it.
SHOULDER_FLEXION_RANGE = (-90.0, 270.0)
# Lying, the hips are within this many torso lengths of the feet's height (standing or kneeling: a
# torso or more).
_HIPS_OFF_THE_FLOOR = 0.5
_WORLD_SUFFIX = "_world"


@dataclass(frozen=True)
class JointGhost:
    """Show a joint angle's goal by turning the limb off the floor about the vertex (`parts` order)."""


@dataclass(frozen=True)
class ArmGhost:
    """Show shoulder flexion's goal by turning the whole arm, bend and all, about the shoulder."""


@dataclass(frozen=True)
class LineGhost:
    """Show a body line's goal by turning it about its lower end.

    Attributes:
        fixed, moving: the landmark pairs at the line's ends (midpoints), e.g. "HIP" and "SHOULDER".
        from_horizontal: the angle is measured up from the horizontal, not from the vertical.
    """

    fixed: str
    moving: str
    from_horizontal: bool = False


GhostRule = JointGhost | ArmGhost | LineGhost


@dataclass(frozen=True)
class AngleSpec:
    """One named angle.

    Attributes:
        name: its name in routine files, e.g. "knee".
        label: what the screen calls it, e.g. "Knee".
        parts: the landmarks it is measured from, without side (e.g. "HIP", "KNEE", "ANKLE"); for a
            three-part sided angle the vertex is second, where the overlay draws its arc.
        sided: the body has a left and a right one; `measure` then takes the side.
        measure: `measure(body)` or, sided, `measure(body, side)`: degrees, or None when not seen.
        ghost: how the overlay shows the goal of a check that is off; None for no ghost.
        image_gauge: for an angle a single picture cannot carry (trunk rotation), a factory of a
            stateful image-plane gauge, called with the visibility threshold; the gauge reads a `Pose`.
        range: the values it can take; a routine's targets and limits must lie within.
    """

    name: str
    label: str
    parts: tuple[str, ...]
    measure: Callable[..., float | None]
    sided: bool = False
    ghost: GhostRule | None = None
    image_gauge: Callable[[float], Callable[[Pose], float | None]] | None = None
    range: tuple[float, float] = (-180.0, 180.0)


ANGLES: dict[str, AngleSpec] = {}


def register(spec: AngleSpec) -> AngleSpec:
    """Add an angle to the vocabulary (routine files, checker, overlay and ghost all read it here)."""
    if spec.name in ANGLES:
        raise ValueError(f"angle {spec.name!r} is registered already")
    ANGLES[spec.name] = spec
    return spec


@dataclass(frozen=True)
class AngleKey:
    """One measurable angle: which angle, of which side (sided angles only), in which plane."""

    angle: str
    side: Side | None = None
    plane: Plane = "image"

    def __post_init__(self) -> None:
        spec = ANGLES.get(self.angle)
        if spec is None:
            raise KeyError(f"unknown angle {self.angle!r}; known angles: {', '.join(ANGLES)}")
        if spec.sided != (self.side is not None) or (self.side is not None and self.side not in SIDES):
            wanted = "a side, left or right" if spec.sided else "no side"
            raise KeyError(f"angle {self.angle!r} takes {wanted}, not {self.side!r}")
        if self.plane not in PLANES:
            raise KeyError(f"unknown plane {self.plane!r}; expected one of {', '.join(PLANES)}")

    @property
    def spec(self) -> AngleSpec:
        return ANGLES[self.angle]

    def __str__(self) -> str:
        name = f"{self.angle}_{self.side}" if self.side else self.angle
        return name if self.plane == "image" else name + _WORLD_SUFFIX

    @classmethod
    def parse(cls, text: str) -> AngleKey:
        """The key whose string form is `text` (e.g. "knee_left", "trunk_rotation_world").

        Raises:
            KeyError: no such angle.
        """
        plane: Plane = "world" if text.endswith(_WORLD_SUFFIX) else "image"
        name = text.removesuffix(_WORLD_SUFFIX)
        base, _, side = name.rpartition("_")
        if side in SIDES and base in ANGLES:
            return cls(base, side, plane)  # type: ignore[arg-type]
        return cls(name, None, plane)

    def mirrored(self) -> AngleKey:
        """The same angle of the other side (a whole-body angle is its own mirror)."""
        if self.side is None:
            return self
        return AngleKey(self.angle, "right" if self.side == "left" else "left", self.plane)


def landmarks_needed(key: AngleKey) -> tuple[Landmark, ...]:
    """The landmarks an angle is measured from (its side's for a sided angle, both sides' otherwise)."""
    spec = key.spec
    sides = (key.side,) if key.side is not None else SIDES
    return tuple(Landmark[f"{side.upper()}_{part}"] for part in spec.parts for side in sides)


def measured_visibility(pose: Pose, key: AngleKey) -> float:
    """How visible the landmarks an angle is measured from are (0-1): the least visible of a sided
    angle's; for a whole-body angle, which takes the midpoint of each pair or the one side seen, the
    least visible of its parts, each part as visible as its better side."""
    spec = key.spec
    if key.side is not None:
        return float(pose.visibility[list(landmarks_needed(key))].min())
    parts = (
        max(pose.visibility[Landmark[f"{side.upper()}_{part}"]] for side in SIDES) for part in spec.parts
    )
    return float(min(parts))


def _all(*points: np.ndarray | None) -> bool:
    return all(p is not None for p in points)


def _joint(first: str, vertex: str, last: str) -> Callable[[Body, str], float | None]:
    def measure(body: Body, side: str) -> float | None:
        a, b, c = body.side(side, first), body.side(side, vertex), body.side(side, last)
        return interior_angle(a, b, c) if _all(a, b, c) else None

    return measure


def arm_direction(shoulder: np.ndarray, elbow: np.ndarray, wrist: np.ndarray | None) -> np.ndarray:
    """Unit direction of the arm from the shoulder, for shoulder flexion.

    A straight arm's line runs from the shoulder to the wrist: twice the upper arm's length, so a
    landmark a few pixels off tilts it half as much. (Side-on on rendered clips, MediaPipe puts the
    elbow 4-7 px off the joint, which is 10 deg on a 40 px upper arm; shoulder and wrist sit within 2.)
    As the elbow bends, the line turns smoothly to the upper arm alone, which is also what is left
    when the wrist is not seen.
    """
    upper = elbow - shoulder
    upper = upper / (np.linalg.norm(upper) or 1.0)
    if wrist is None or np.linalg.norm(wrist - shoulder) == 0:
        return upper
    straightness = (interior_angle(shoulder, elbow, wrist) - _ARM_BENT_DEG) / (
        _ARM_STRAIGHT_DEG - _ARM_BENT_DEG
    )
    weight = float(np.clip(straightness, 0.0, 1.0))
    whole = (wrist - shoulder) / np.linalg.norm(wrist - shoulder)
    return weight * whole + (1 - weight) * upper


def shoulder_flexion(body: Body, side: str) -> float | None:
    shoulder, elbow = body.side(side, "SHOULDER"), body.side(side, "ELBOW")
    shoulders, hips, front = body.mid("SHOULDER"), body.mid("HIP"), body.front
    if not _all(shoulder, elbow, shoulders, hips, front):
        return None
    arm = arm_direction(shoulder, elbow, body.side(side, "WRIST"))
    # The trunk line runs between the shoulder and hip midpoints: from one shoulder to the hips' middle
    # it would lean inwards and add a sideways part to a purely forward arm.
    angle = signed_angle_toward(hips - shoulders, arm, front)
    # A signed angle jumps by a whole turn somewhere; overhead (+-180) is where arms reach in child's
    # pose, so the jump goes where no shoulder can: straight back (-90). Past overhead reads 182, not -178.
    return angle + 360.0 if angle < SHOULDER_FLEXION_RANGE[0] else angle


def _incline(lower: str, upper: str) -> Callable[[Body], float | None]:
    def measure(body: Body) -> float | None:
        bottom, top = body.mid(lower), body.mid(upper)
        return angle_between(top - bottom, body.up) if _all(bottom, top) else None

    return measure


def chest_lift(body: Body) -> float | None:
    """The trunk's rise from the floor, for a body lying along it: None when the hips stand clearly
    above the feet (standing, kneeling, on all fours), where a trunk at 90 degrees is no lift at all
    and its safety limit would tell a person getting ready to ease off."""
    hips, shoulders, ankles = body.mid("HIP"), body.mid("SHOULDER"), body.mid("ANKLE")
    if not _all(hips, shoulders):
        return None
    torso = float(np.linalg.norm(shoulders - hips))
    if ankles is not None and np.dot(hips - ankles, body.up) > _HIPS_OFF_THE_FLOOR * torso:
        return None
    return elevation(shoulders - hips, body.up)


def trunk_rotation(body: Body) -> float | None:
    left_s, right_s = body.side("left", "SHOULDER"), body.side("right", "SHOULDER")
    left_h, right_h = body.side("left", "HIP"), body.side("right", "HIP")
    if not _all(left_s, right_s, left_h, right_h) or body.plane != "world":
        return None
    trunk = (left_s + right_s) / 2 - (left_h + right_h) / 2
    shoulder_axis = perpendicular_part(left_s - right_s, trunk)
    hip_axis = perpendicular_part(left_h - right_h, trunk)
    turn = np.cross(hip_axis, shoulder_axis)
    magnitude = angle_between(hip_axis, shoulder_axis)
    return magnitude if np.dot(turn, body.up) >= 0 else -magnitude


def shoulder_tilt(body: Body) -> float | None:
    left, right = body.side("left", "SHOULDER"), body.side("right", "SHOULDER")
    if not _all(left, right):
        return None
    line = right - left
    # Positive when the right shoulder is lower, whichever way the person faces.
    drop = -np.dot(line, body.up)
    across = np.linalg.norm(perpendicular_part(line, body.up))
    return float(np.degrees(np.arctan2(drop, across)))


def neck_flexion(body: Body) -> float | None:
    shoulders, hips, ears = body.mid("SHOULDER"), body.mid("HIP"), body.mid("EAR")
    front = body.front
    if not _all(shoulders, hips, ears, front):
        return None
    return signed_angle_toward(shoulders - hips, ears - shoulders, front)


def wrist_gap(body: Body) -> float | None:
    points = [body.side(s, n) for n in ("WRIST", "SHOULDER") for s in SIDES]
    if not _all(*points):
        return None
    left_w, right_w, left_s, right_s = points
    width = np.linalg.norm(left_s - right_s)
    return float(np.linalg.norm(left_w - right_w) / width) if width > 0 else None


# Ranges: interior angles and inclines from the vertical run 0-180, angles from the horizontal -90-90,
# signed turns -180-180 (the default); the hands' gap is in shoulder widths.
_HALF_TURN, _FROM_HORIZONTAL, _SHOULDER_WIDTHS = (0.0, 180.0), (-90.0, 90.0), (0.0, 20.0)


def _sided_joint(name: str, label: str, parts: tuple[str, str, str]) -> AngleSpec:
    return AngleSpec(name, label, parts, _joint(*parts), sided=True, ghost=JointGhost(), range=_HALF_TURN)


def _line(name: str, label: str, parts: tuple[str, str], measure: Callable, ghost: LineGhost) -> AngleSpec:
    low_range = _FROM_HORIZONTAL if ghost.from_horizontal else _HALF_TURN
    return AngleSpec(name, label, parts, measure, ghost=ghost, range=low_range)


register(_sided_joint("knee", "Knee", ("HIP", "KNEE", "ANKLE")))
register(_sided_joint("hip", "Hip", ("SHOULDER", "HIP", "KNEE")))
register(_sided_joint("elbow", "Elbow", ("SHOULDER", "ELBOW", "WRIST")))
register(
    AngleSpec(
        "shoulder_flexion",
        "Arm",
        ("ELBOW", "SHOULDER", "HIP"),
        shoulder_flexion,
        True,
        ArmGhost(),
        range=SHOULDER_FLEXION_RANGE,
    )
)
register(
    _line(
        "trunk_incline",
        "Trunk",
        ("SHOULDER", "HIP"),
        _incline("HIP", "SHOULDER"),
        LineGhost("HIP", "SHOULDER"),
    )
)
register(
    _line(
        "body_incline",
        "Body",
        ("SHOULDER", "ANKLE"),
        _incline("ANKLE", "SHOULDER"),
        LineGhost("ANKLE", "SHOULDER"),
    )
)
register(
    _line("chest_lift", "Chest lift", ("SHOULDER", "HIP"), chest_lift, LineGhost("HIP", "SHOULDER", True))
)
register(AngleSpec("trunk_rotation", "Rotation", ("SHOULDER", "HIP"), trunk_rotation, image_gauge=TwistGauge))
register(AngleSpec("shoulder_tilt", "Shoulder tilt", ("SHOULDER",), shoulder_tilt, range=_FROM_HORIZONTAL))
register(AngleSpec("neck_flexion", "Neck", ("SHOULDER", "HIP", "EAR"), neck_flexion))
register(AngleSpec("wrist_gap", "Hands", ("WRIST", "SHOULDER"), wrist_gap, range=_SHOULDER_WIDTHS))


def _read(spec: AngleSpec, body: Body, side: Side | None) -> float | None:
    return spec.measure(body, side) if spec.sided else spec.measure(body)


def measure(pose: Pose, key: AngleKey, min_visibility: float = DEFAULT_MIN_VISIBILITY) -> float | None:
    """Measure one angle on `pose`, statelessly.

    Returns:
        Degrees (a ratio for wrist_gap), or None when a needed landmark is not seen. An angle with an
        `image_gauge` (trunk rotation) is None in the image plane here, where a single picture carries
        no depth; `AngleMeter` reads it over time.
    """
    return _read(key.spec, Body(pose, key.plane, min_visibility), key.side)


@dataclass
class AngleMeter:
    """Measures a frame's angles: one `Body` per plane per frame, and the stateful image gauges (one
    per angle that has one) kept from frame to frame, so use one meter per exercise attempt."""

    min_visibility: float = DEFAULT_MIN_VISIBILITY
    _gauges: dict[AngleKey, Callable[[Pose], float | None]] = field(default_factory=dict)

    def __call__(self, pose: Pose, keys: Iterable[AngleKey]) -> dict[AngleKey, float | None]:
        bodies: dict[Plane, Body] = {}
        values: dict[AngleKey, float | None] = {}
        for key in keys:
            spec = key.spec
            if spec.image_gauge is not None and key.plane == "image":
                if key not in self._gauges:
                    self._gauges[key] = spec.image_gauge(self.min_visibility)
                values[key] = self._gauges[key](pose)
                continue
            if key.plane not in bodies:
                bodies[key.plane] = Body(pose, key.plane, self.min_visibility)
            values[key] = _read(spec, bodies[key.plane], key.side)
        return values
