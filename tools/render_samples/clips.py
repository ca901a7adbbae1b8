"""The catalogue of sample clips: each exercise done right and done wrong, on three bodies, from the
camera the exercise asks for (and a little off it)."""

from __future__ import annotations

from dataclasses import replace

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
from tools.render_samples.timeline import DEFAULT_FPS, OLDER_WOMAN, SLIM_MAN, Clip, KeyPose, Physique


def _wall_lean(name: str, lean_deg: float, knee_bend_deg: float, description: str, holds: int) -> Clip:
    """Side-on: stand, lean onto the wall, hold 22.5 s, stand up."""
    held = wall_lean_pose(lean_deg, knee_bend_deg)
    keys = (KeyPose(0.0), KeyPose(1.5), KeyPose(3.5, held), KeyPose(26.0, held), KeyPose(28.0), KeyPose(29.0))
    return Clip(
        name,
        description,
        keys,
        angles=WALL_LEAN_ANGLES,
        camera_azimuth_deg=90.0,
        exercise="wall_lean",
        wall_at_s=10.0,
        expected_holds=holds,
    )


def _wall_lean_steps_out() -> Clip:
    """Side-on: a hold cut short after 8 s by stepping out of view for 3 s, then a whole hold."""
    held, away = wall_lean_pose(45, 15), (0.0, 3.0, 0.0)  # 3 m back: out of the picture
    keys = (
        KeyPose(0.0), KeyPose(1.5), KeyPose(3.5, held), KeyPose(11.5, held), KeyPose(13.0),
        KeyPose(14.5, shift_m=away), KeyPose(17.5, shift_m=away), KeyPose(19.0), KeyPose(20.0),
        KeyPose(22.0, held), KeyPose(44.5, held), KeyPose(46.5), KeyPose(47.5),
    )  # fmt: skip
    return Clip(
        "wall_lean_steps_out",
        "Fault: leans onto the wall at 45 deg and holds 8 s, then stands up and steps out of view for "
        "3 s; comes back and holds 22.5 s. Expected: the 8 s hold is too short and not counted, the "
        "second one is; 'Step into view of the camera' while away.",
        keys,
        angles=WALL_LEAN_ANGLES,
        camera_azimuth_deg=90.0,
        exercise="wall_lean",
        wall_at_s=10.0,
        expected_holds=1,
    )


def _held_clip(
    name: str,
    exercise: str,
    start: dict[str, tuple[float, float, float]],
    held: dict[str, tuple[float, float, float]],
    angles: tuple[str, ...],
    description: str,
    holds: int,
    **camera: float,
) -> Clip:
    """Side-on (left side to the camera) unless `camera` says otherwise: from `start`, move into `held`
    in 2 s, hold 22.5 s, come back."""
    keys = (
        KeyPose(0.0, start),
        KeyPose(1.5, start),
        KeyPose(3.5, held),
        KeyPose(26.0, held),
        KeyPose(28.0, start),
        KeyPose(29.0, start),
    )
    return Clip(
        name,
        description,
        keys,
        angles=angles,
        exercise=exercise,
        expected_holds=holds,
        **{"camera_azimuth_deg": 90.0, **camera},
    )


def _variant(clip: Clip, physique: Physique, camera_off_deg: float = 0.0) -> Clip:
    """The same clip on another body, with the camera turned `camera_off_deg` further round it."""
    camera = f", camera {abs(camera_off_deg):g} deg off the ideal view" if camera_off_deg else ""
    return replace(
        clip,
        name=f"{clip.name}_{physique.key}" + (f"_off{abs(camera_off_deg):g}" if camera_off_deg else ""),
        description=f"{clip.description} Body: {physique.description}{camera}.",
        physique=physique,
        camera_azimuth_deg=clip.camera_azimuth_deg + camera_off_deg,
    )


def back_and_forth(
    neutral: dict, first: dict, second: dict, move_s: float, pause_s: float, times: int = 6
) -> tuple[KeyPose, ...]:
    """A rhythmic move's timeline: 1.5 s still, to `first`, then `times` over to `second` and back
    (each move `move_s`, each pose held `pause_s`), and back to `neutral`."""
    keys = [KeyPose(0.0, neutral), KeyPose(1.5, neutral)]
    t = 1.5
    for pose in (first, *(second, first) * times, neutral):
        keys += [KeyPose(t + move_s, pose), KeyPose(t + move_s + pause_s, pose)]
        t += move_s + pause_s
    return tuple(keys)


def _cat_cow(name: str, neck_deg: float, spine_deg: float, description: str, cycles: int) -> Clip:
    """Side-on: from neutral on all fours, cow then six times cat and cow (1 s moves, 0.5 s holds)."""
    neutral, cow, cat = (
        quadruped_pose(0, 0),
        quadruped_pose(-neck_deg, -spine_deg),
        quadruped_pose(neck_deg, spine_deg),
    )
    return Clip(
        name,
        description,
        back_and_forth(neutral, cow, cat, move_s=1.0, pause_s=0.5),
        angles=("trunk_incline", "knee_left", "knee_right", "neck_flexion"),
        camera_azimuth_deg=90.0,
        exercise="cat_cow",
        expected_holds=0,
        expected_cycles=cycles,
    )


def _thoracic_rotation(name: str, sides: tuple[str, ...], turn_deg: float, description: str) -> Clip:
    """Facing the camera: per rep, cross the leg (2 s), turn (2 s), hold 22.5 s, come back; reps start
    35 s apart, so each begins after the coach's 10 s rest. A rep counts for the side asked for then."""
    straight = twist_seated_pose(None, 0.0)
    keys, t, asked, working = [KeyPose(0.0, straight)], 1.5, ["left", "left", "right", "right"], []
    for rep, side in enumerate(sides):
        if not working or asked[rep] != working[-1][1]:
            working.append((max(t - 2.0, 0.0), asked[rep]))
        turn = turn_deg if side == "left" else -turn_deg
        crossed, turned = twist_seated_pose(side, 0.0), twist_seated_pose(side, turn)
        keys += [
            KeyPose(t, straight), KeyPose(t + 2.0, crossed), KeyPose(t + 4.0, turned),
            KeyPose(t + 26.5, turned), KeyPose(t + 28.5, crossed), KeyPose(t + 30.0, straight),
        ]  # fmt: skip
        t += 35.0
    keys.append(KeyPose(t - 3.5, straight))
    holds = sum(side == want for side, want in zip(sides, asked, strict=False))
    return Clip(
        name,
        description,
        tuple(keys),
        angles=("trunk_rotation", "knee_left", "knee_right"),
        camera_distance_m=3.0,
        fps=10 if len(sides) > 1 else DEFAULT_FPS,
        exercise="thoracic_rotation",
        expected_holds=holds,
        working_sides=tuple(working),
    )


def _side_rock(name: str, tilt_deg: float, description: str, cycles: int) -> Clip:
    """Facing the camera: rock one way, then six times to the other side and back (1.5 s moves,
    0.5 s pauses)."""
    neutral, one, other = rock_pose(0.0), rock_pose(tilt_deg), rock_pose(-tilt_deg)
    return Clip(
        name,
        description,
        back_and_forth(neutral, one, other, move_s=1.5, pause_s=0.5),
        angles=("trunk_incline", "shoulder_tilt"),
        camera_distance_m=3.0,
        exercise="side_rock",
        expected_holds=0,
        expected_cycles=cycles,
    )


FOLD_ANGLES = ("trunk_incline", "knee_left", "knee_right")
PRONE_ANGLES = ("chest_lift", "trunk_incline", "knee_left", "knee_right")
CHEST_OPENER_ANGLES = (
    "trunk_incline",
    "knee_left",
    "knee_right",
    "shoulder_flexion_left",
    "shoulder_flexion_right",
)

WALL_LEAN_ANGLES = (
    "body_incline", "knee_left", "knee_right", "elbow_left", "elbow_right",
    "shoulder_flexion_left", "shoulder_flexion_right",
)  # fmt: skip


def _twist_sweep() -> Clip:
    """Standing square to the camera, the trunk turns to known angles each way and back, hips still."""
    keys = [KeyPose(0.0), KeyPose(1.5)]
    t = 1.5
    for turn in (15, 30, 45, -15, -30, -45):
        twisted = {"spine05": (0.0, 0.0, float(turn))}
        keys += [KeyPose(t + 1.0, twisted), KeyPose(t + 2.5, twisted), KeyPose(t + 3.5), KeyPose(t + 4.0)]
        t += 4.0
    return Clip(
        "twist_sweep_front",
        "Standing, facing the camera; trunk turns 15, 30, 45 deg to the left, then to the right, "
        "holding each for 1.5 s; hips stay square.",
        tuple(keys),
        angles=("trunk_rotation",),
        exercise="thoracic_rotation",
    )


CHILD_ANGLES = ("knee_left", "knee_right", "hip_left", "hip_right", "shoulder_flexion_left", "trunk_incline")
FLOOR_CAMERA = {"camera_distance_m": 2.4, "camera_height_m": 0.7}  # closer and lower for a body folded small

_BASE_CLIPS = (
    _twist_sweep(),
    _wall_lean(
        "wall_lean_right",
        45,
        15,
        "Side-on (left side to the camera): leans onto the wall at 45 deg, knees slightly bent, arms "
        "straight at shoulder height; holds 22.5 s and stands up. Expected: one counted hold, "
        "released at 20 s.",
        holds=1,
    ),
    _wall_lean(
        "wall_lean_shallow",
        25,
        15,
        "Fault: the same lean at 25 deg instead of 45 (feet too close to the wall), held 22.5 s. "
        "Expected: never in position, no hold; hint to walk the feet back.",
        holds=0,
    ),
    _cat_cow(
        "cat_cow_right",
        25,
        8,
        "On hands and knees: six cycles of cow (head up, back arched, neck about -26 deg) and cat "
        "(chin tucked, back rounded, neck about 42 deg). Expected: 6 cycles, one set done.",
        cycles=6,
    ),
    _cat_cow(
        "cat_cow_small",
        6,
        2,
        "Fault: the same rhythm with the head barely moving (neck about 0-15 deg). Expected: no cycle "
        "counted.",
        cycles=0,
    ),
    _held_clip(
        "forward_fold_right",
        "forward_fold",
        {},
        forward_fold_pose(80, 0),
        FOLD_ANGLES,
        "Stands, folds forward 80 deg at the hips with straight legs and hanging arms, holds 22.5 s, "
        "stands up. Expected: one counted hold.",
        holds=1,
    ),
    _held_clip(
        "forward_fold_bent_knees",
        "forward_fold",
        {},
        forward_fold_pose(80, 50),
        FOLD_ANGLES,
        "Fault: the same fold with the knees bent 50 deg (knee angle about 125). Expected: no hold; "
        "hint to straighten the knees.",
        holds=0,
    ),
    _held_clip(
        "prone_extension_right",
        "prone_extension",
        prone_pose(0),
        prone_pose(20),
        PRONE_ANGLES,
        "Lying on the front, lifts the chest about 17 deg, holds 22.5 s, lowers it. Expected: one "
        "counted hold.",
        holds=1,
    ),
    _held_clip(
        "prone_extension_too_high",
        "prone_extension",
        prone_pose(0),
        prone_pose(60),
        PRONE_ANGLES,
        "Fault: the chest lifted about 52 deg, past the 35 deg safety limit. Expected: no hold; "
        "the coach says to ease off.",
        holds=0,
    ),
    _held_clip(
        "chest_opener_right",
        "chest_opener",
        seated_pose(0),
        seated_pose(-40),
        CHEST_OPENER_ANGLES,
        "Seated on the floor, legs straight: takes the arms about 37 deg behind the trunk, holds "
        "22.5 s, brings them back. Expected: one counted hold.",
        holds=1,
    ),
    _held_clip(
        "chest_opener_arms_forward",
        "chest_opener",
        seated_pose(0),
        seated_pose(20),
        CHEST_OPENER_ANGLES,
        "Fault: sits tall but the hands stay in front of the trunk. Expected: no hold; hint to take "
        "the hands behind the back.",
        holds=0,
    ),
    _held_clip(
        "child_pose_right",
        "child_pose",
        kneeling_pose(),
        child_pose(-65.0),
        CHILD_ANGLES,
        "Kneels upright, folds forward onto the heels with the arms reaching forward along the floor "
        "(knees about 25 deg, hips about 20), holds 22.5 s, kneels up. Expected: one counted hold.",
        holds=1,
        **FLOOR_CAMERA,
    ),
    _held_clip(
        "child_pose_hips_up",
        "child_pose",
        kneeling_pose(),
        child_pose(0.0),
        CHILD_ANGLES,
        "Fault: reaches forward but keeps the hips up over the knees (knees and hips about 90 deg). "
        "Expected: no hold; hint to sit back onto the heels.",
        holds=0,
        **FLOOR_CAMERA,
    ),
    _thoracic_rotation(
        "thoracic_rotation_both_sides",
        ("left", "left", "right", "right"),
        55.0,
        "Seated on the floor facing the camera: crosses the left knee over, turns the chest about "
        "40 deg to the left and holds 22.5 s, twice; then the same to the right, twice, each rep after "
        "the coach's 10 s rest. Expected: 4 counted holds, 2 per side.",
    ),
    _thoracic_rotation(
        "thoracic_rotation_wrong_side",
        ("right",),
        55.0,
        "Fault: starts with the right side (right knee crossed, chest turned about 40 deg to the right) "
        "while the coach asks for the left. Expected: no hold; hint that this set is for the left side.",
    ),
    _side_rock(
        "side_rock_right",
        15.0,
        "Seated on the floor facing the camera: rocks the upper body to the left and right (shoulder "
        "line tilted about 15 deg each way), six times. Expected: 6 cycles, one set done.",
        cycles=6,
    ),
    _side_rock(
        "side_rock_small",
        4.0,
        "Fault: the same rock, tilting only about 4 deg each way. Expected: no cycle counted.",
        cycles=0,
    ),
    _wall_lean_steps_out(),
)

_BY_NAME = {clip.name: clip for clip in _BASE_CLIPS}
# The same moves on two other bodies, three filmed from a camera 10-15 deg off the ideal view.
_VARIANTS = (
    _variant(_BY_NAME["forward_fold_right"], SLIM_MAN, 15.0),
    _variant(_BY_NAME["prone_extension_right"], SLIM_MAN, -10.0),
    _variant(_BY_NAME["child_pose_right"], SLIM_MAN),
    _variant(_BY_NAME["wall_lean_right"], OLDER_WOMAN, 15.0),
    _variant(_BY_NAME["chest_opener_right"], OLDER_WOMAN),
)
CLIPS = {clip.name: clip for clip in (*_BASE_CLIPS, *_VARIANTS)}
