"""A seeded, randomized population of clips: the judge of generality, rendered outside git.

Each clip draws one exercise (the clips cycle through all of them, so every exercise is covered), done
right or with one of its faults, on a body drawn across anny's phenotype space, facing either way, from
a camera drawn around the exercise's view, in a room of drawn colours. Done right, the pose lies well
inside the routine's targets; a fault lies well outside one of them, so that the expected verdict does
not hang on a degree. The expected hold count is worked out from the rendered frames' exact angles
(`ground_truth.expected_holds`); a rhythm's expected cycles are what the timeline performs.

    python -m tools.render_samples --population 24 --seed 1 --out ~/.cache/posecoach/population
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from tools.render_samples.clips import (
    CHEST_OPENER_ANGLES,
    CHILD_ANGLES,
    FOLD_ANGLES,
    PRONE_ANGLES,
    WALL_LEAN_ANGLES,
    back_and_forth,
)
from tools.render_samples.poses import (
    child_pose,
    forward_fold_pose,
    kneeling_pose,
    prone_pose,
    quadruped_pose,
    rock_pose,
    seated_pose,
    twist_seated_pose,
    wall_lean_pose,
)
from tools.render_samples.timeline import Clip, KeyPose, Physique, Room

Bones = dict[str, tuple[float, float, float]]
# Skin tones from fair to dark, floors (wood, pale, dark, grey, green) and walls to draw from.
_SKIN_RGB = (
    (0.92, 0.76, 0.66), (0.80, 0.62, 0.52), (0.62, 0.45, 0.34), (0.45, 0.31, 0.22), (0.30, 0.20, 0.14),
)  # fmt: skip
_FLOOR_RGB = (
    (0.55, 0.42, 0.30), (0.70, 0.62, 0.50), (0.35, 0.30, 0.28), (0.45, 0.50, 0.55), (0.25, 0.35, 0.30),
)  # fmt: skip
_WALL_BGR = ((200, 206, 212), (170, 190, 215), (215, 205, 185), (150, 160, 150), (120, 125, 135))
EXERCISES = (
    "wall_lean",
    "forward_fold",
    "prone_extension",
    "chest_opener",
    "child_pose",
    "cat_cow",
    "thoracic_rotation",
    "side_rock",
)
# Every third clip shows a fault.
_FAULT_EVERY = 3


@dataclass(frozen=True)
class _Draw:
    """What one clip performs: its start and held poses (or a rhythm's two), in words and bones."""

    label: str
    start: Bones
    held: Bones
    other: Bones | None = None  # a rhythm's second pose; `held` is then its first
    cycles: int = 0


def _uniform(rng: np.random.Generator, low: float, high: float) -> float:
    return round(float(rng.uniform(low, high)), 1)


def _with_neck(pose: Bones, neck_deg: float) -> Bones:
    """The head pitched by `neck_deg` (positive: chin toward the chest), the rest of the pose kept."""
    return {**pose, "neck01": (pose.get("neck01", (0.0, 0.0, 0.0))[0] + neck_deg, 0.0, 0.0)}


def _wall_lean(rng: np.random.Generator, fault: str | None) -> _Draw:
    lean, bend = _uniform(rng, 40, 50), _uniform(rng, 10, 24)
    if fault == "too upright":
        lean = _uniform(rng, 20, 30)
    elif fault == "knees bent":
        bend = _uniform(rng, 45, 60)
    # The head in line with the trunk, or held a little up or down: the front must not hang on it.
    neck = _uniform(rng, -20, 20)
    held = _with_neck(wall_lean_pose(lean, bend), neck)
    return _Draw(f"lean {lean}, knee bend {bend}, neck {neck}", {}, held)


def _forward_fold(rng: np.random.Generator, fault: str | None) -> _Draw:
    fold, bend = _uniform(rng, 75, 95), _uniform(rng, 0, 12)
    if fault == "knees bent":
        bend = _uniform(rng, 45, 60)
    elif fault == "too upright":
        fold = _uniform(rng, 25, 40)
    return _Draw(f"fold {fold}, knee bend {bend}", {}, forward_fold_pose(fold, bend))


def _prone_extension(rng: np.random.Generator, fault: str | None) -> _Draw:
    lift = _uniform(rng, 18, 30)
    if fault == "too high":
        lift = _uniform(rng, 55, 70)
    elif fault == "too low":
        lift = _uniform(rng, 0, 4)
    return _Draw(f"chest lift {lift}", prone_pose(0), prone_pose(lift))


def _chest_opener(rng: np.random.Generator, fault: str | None) -> _Draw:
    arms = _uniform(rng, -55, -32)
    if fault == "arms forward":
        arms = _uniform(rng, 5, 25)
    return _Draw(f"arms {arms}", seated_pose(0), seated_pose(arms))


def _child_pose(rng: np.random.Generator, fault: str | None) -> _Draw:
    thigh = _uniform(rng, -70, -60)
    if fault == "hips up":
        thigh = _uniform(rng, -10, 10)
    return _Draw(f"thigh {thigh}", kneeling_pose(), child_pose(thigh))


def _cat_cow(rng: np.random.Generator, fault: str | None) -> _Draw:
    neck, spine = _uniform(rng, 22, 32), _uniform(rng, 5, 10)
    if fault == "head still":
        neck, spine = _uniform(rng, 3, 7), _uniform(rng, 1, 3)
    cow, cat = quadruped_pose(-neck, -spine), quadruped_pose(neck, spine)
    return _Draw(f"neck {neck}, spine {spine}", quadruped_pose(0, 0), cow, cat, 0 if fault else 6)


def _thoracic_rotation(rng: np.random.Generator, fault: str | None) -> _Draw:
    # The coach asks for the left side first: the left knee bent up, crossing toward (or over) the
    # midline, and the chest turned toward it.
    across, turn = _uniform(rng, 10, 35), _uniform(rng, 50, 70)
    if fault == "too little":
        turn = _uniform(rng, 10, 22)
    elif fault == "away from the knee":
        turn = -turn
    start = twist_seated_pose(None, 0.0)
    return _Draw(f"knee across {across}, turn {turn}", start, twist_seated_pose("left", turn, across))


def _side_rock(rng: np.random.Generator, fault: str | None) -> _Draw:
    tilt = _uniform(rng, 13, 18)
    if fault == "too small":
        tilt = _uniform(rng, 3, 5)
    return _Draw(f"tilt {tilt}", rock_pose(0), rock_pose(tilt), rock_pose(-tilt), 0 if fault else 6)


_DRAWS: dict[str, tuple[Callable[[np.random.Generator, str | None], _Draw], tuple[str, ...]]] = {
    "wall_lean": (_wall_lean, ("too upright", "knees bent")),
    "forward_fold": (_forward_fold, ("knees bent", "too upright")),
    "prone_extension": (_prone_extension, ("too high", "too low")),
    "chest_opener": (_chest_opener, ("arms forward",)),
    "child_pose": (_child_pose, ("hips up",)),
    "cat_cow": (_cat_cow, ("head still",)),
    "thoracic_rotation": (_thoracic_rotation, ("too little", "away from the knee")),
    "side_rock": (_side_rock, ("too small",)),
}
_ANGLES = {
    "wall_lean": WALL_LEAN_ANGLES,
    "forward_fold": FOLD_ANGLES,
    "prone_extension": PRONE_ANGLES,
    "chest_opener": CHEST_OPENER_ANGLES,
    "child_pose": (*CHILD_ANGLES, "shoulder_flexion_right"),  # the catalogue films the left side only
    "cat_cow": ("trunk_incline", "knee_left", "knee_right", "neck_flexion"),
    "thoracic_rotation": ("trunk_rotation", "knee_left", "knee_right"),
    "side_rock": ("trunk_incline", "shoulder_tilt"),
}
_FRONT_VIEW = {"thoracic_rotation", "side_rock"}
_FLOOR = {"prone_extension", "child_pose", "cat_cow", "chest_opener", "thoracic_rotation", "side_rock"}


def _physique(rng: np.random.Generator, index: int) -> Physique:
    phenotype = {
        "gender": _uniform(rng, 0, 1),
        "age": _uniform(rng, 0.45, 1.0),
        "weight": _uniform(rng, 0.1, 0.95),
        "muscle": _uniform(rng, 0.1, 0.9),
        "height": _uniform(rng, 0.1, 0.9),
        "proportions": _uniform(rng, 0.2, 0.8),
    }
    words = ", ".join(f"{k} {v:g}" for k, v in phenotype.items())
    skin = _SKIN_RGB[int(rng.integers(len(_SKIN_RGB)))]
    return Physique(f"body{index}", f"anny phenotype {words}", phenotype, skin)


def _timeline(draw: _Draw, rng: np.random.Generator) -> tuple[tuple[KeyPose, ...], str]:
    """Move into the pose at a drawn speed and hold it for a drawn time (a rhythm: six cycles at a
    drawn pace), then come back."""
    if draw.other is not None:
        move, pause = _uniform(rng, 0.9, 1.6), _uniform(rng, 0.3, 0.8)
        keys = back_and_forth(draw.start, draw.held, draw.other, move, pause)
        return keys, f"moves {move} s, pauses {pause} s"
    enter = _uniform(rng, 1.0, 3.0)
    # Long enough to count with room to spare, or (one clip in six) clearly too short.
    hold = _uniform(rng, 9, 12) if rng.random() < 1 / 6 else _uniform(rng, 18, 28)
    start_s = 1.5
    keys = (
        KeyPose(0.0, draw.start),
        KeyPose(start_s, draw.start),
        KeyPose(start_s + enter, draw.held),
        KeyPose(start_s + enter + hold, draw.held),
        KeyPose(start_s + 2 * enter + hold, draw.start),
        KeyPose(start_s + 2 * enter + hold + 1.0, draw.start),
    )
    return keys, f"enters in {enter} s, holds {hold} s"


def population(count: int, seed: int) -> list[Clip]:
    """`count` clips drawn from `seed`: the same arguments give the same clips."""
    rng = np.random.default_rng(seed)
    clips = []
    for index in range(count):
        exercise = EXERCISES[index % len(EXERCISES)]
        make, faults = _DRAWS[exercise]
        fault = faults[int(rng.integers(len(faults)))] if index % _FAULT_EVERY == _FAULT_EVERY - 1 else None
        draw = make(rng, fault)
        keys, timing = _timeline(draw, rng)
        facing = 0.0 if exercise in _FRONT_VIEW else float(rng.choice([90.0, -90.0]))
        # The wall in front of a wall lean hides the hands from a camera turned toward the front: there
        # the camera turns only toward the back (a person would set it so to be seen).
        turn = _uniform(rng, -5, 25) if exercise == "wall_lean" else _uniform(rng, -25, 25)
        azimuth = facing + (turn if facing >= 0 else -turn)
        floor = exercise in _FLOOR
        camera = {
            "camera_azimuth_deg": azimuth,
            "camera_height_m": _uniform(rng, 0.5, 0.9) if floor else _uniform(rng, 0.8, 1.3),
            "camera_distance_m": _uniform(rng, 2.4, 3.0) if floor else _uniform(rng, 3.0, 3.6),
        }
        room = Room(
            _FLOOR_RGB[int(rng.integers(len(_FLOOR_RGB)))],
            _WALL_BGR[int(rng.integers(len(_WALL_BGR)))],
            int(rng.integers(1000)),
        )
        physique = _physique(rng, index)
        name = f"pop{seed}_{index:03d}_{exercise}" + (f"_{fault.replace(' ', '_')}" if fault else "")
        description = (
            f"{exercise} {'fault: ' + fault if fault else 'done right'} ({draw.label}; {timing}); "
            f"camera azimuth {azimuth:g}; {physique.description}"
        )
        clips.append(
            Clip(
                name,
                description,
                keys,
                angles=_ANGLES[exercise],
                exercise=exercise,
                wall_at_s=keys[2].t_s + 0.5 if exercise == "wall_lean" else None,
                expected_holds=0,
                holds_from_truth=True,
                expected_cycles=draw.cycles,
                physique=physique,
                room=room,
                **camera,
            )
        )
    return clips
