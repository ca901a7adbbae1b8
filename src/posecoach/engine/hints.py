"""The hints that are not a target's own: no one in view, out of frame, unseen joints, the wrong view
or position, the wrong side, moving too fast."""

from __future__ import annotations

from posecoach.body.angles import AngleKey, landmarks_needed
from posecoach.body.posture import UNKNOWN, Classification
from posecoach.engine.routine import Exercise
from posecoach.pose.landmarks import Landmark
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


def other_side(side: str | None) -> str | None:
    return {"left": "right", "right": "left"}.get(side or "")


def outside(value: float, low: float | None, high: float | None) -> bool:
    return (low is not None and value < low) or (high is not None and value > high)


def _part(landmark: Landmark) -> str:
    return next(part for key, part in _PART_NAMES.items() if key in landmark.name)


def unseen_hint(pose: Pose, key: AngleKey, min_visibility: float) -> tuple[str, bool]:
    """What to do about an angle that cannot be measured, and whether a joint is out of frame."""
    missing = [lm for lm in landmarks_needed(key) if pose.visibility[lm] < min_visibility]
    for landmark in missing:
        x, y = pose.landmarks[landmark, :2]
        margin = _OUT_OF_FRAME_MARGIN
        if not (-margin <= x <= 1 + margin and -margin <= y <= 1 + margin):
            part = _part(landmark)
            return STEP_BACK_HINT.format(part=part, verb="is" if part == "head" else "are"), True
    return f"Turn so the camera can see your {_part(missing[0]) if missing else 'body'}", False


def setup_hint(
    exercise: Exercise, view: Classification, position: Classification, failing: bool
) -> str | None:
    """What to change about where the person is or how they face the camera, or None."""
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


def wrong_side_hint(exercise: Exercise, angles: dict[AngleKey, float | None], side: str) -> str | None:
    """Says so when the person works the other side: every working-side target passes mirrored."""
    other = other_side(side)
    judged = False
    for target in exercise.targets:
        if target.side in ("working", "other"):
            mirrored_side = other if target.side == "working" else side
            value = angles.get(AngleKey(target.angle, mirrored_side, target.plane))
        elif target.toward_working_side:
            value = angles.get(AngleKey(target.angle, None, target.plane))
            value = None if value is None else (value if side == "right" else -value)
        else:
            continue
        if value is None or outside(value, target.low, target.high):
            return None
        judged = True
    return f"Other side: this set is for your {side} side" if judged else None
