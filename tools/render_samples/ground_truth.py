"""The ground truth of a frame: anny's exact keypoints as a posecoach Pose, their angles, and whether
the coach should find the person in position."""

from __future__ import annotations

import itertools

import numpy as np
from tools.render_samples.scene import HEIGHT, WIDTH, in_view
from tools.render_samples.timeline import Clip, holding

from posecoach.body.angles import AngleKey, measure
from posecoach.pose.landmarks import LANDMARK_COUNT, Landmark
from posecoach.pose.pose import Pose

# COCO keypoints anny regresses, by the MediaPipe landmark each one is.
COCO_TO_LANDMARK = {
    "nose": Landmark.NOSE, "left_eye": Landmark.LEFT_EYE, "right_eye": Landmark.RIGHT_EYE,
    "left_ear": Landmark.LEFT_EAR, "right_ear": Landmark.RIGHT_EAR,
    "left_shoulder": Landmark.LEFT_SHOULDER, "right_shoulder": Landmark.RIGHT_SHOULDER,
    "left_elbow": Landmark.LEFT_ELBOW, "right_elbow": Landmark.RIGHT_ELBOW,
    "left_wrist": Landmark.LEFT_WRIST, "right_wrist": Landmark.RIGHT_WRIST,
    "left_hip": Landmark.LEFT_HIP, "right_hip": Landmark.RIGHT_HIP,
    "left_knee": Landmark.LEFT_KNEE, "right_knee": Landmark.RIGHT_KNEE,
    "left_ankle": Landmark.LEFT_ANKLE, "right_ankle": Landmark.RIGHT_ANKLE,
    "left_heel": Landmark.LEFT_HEEL, "right_heel": Landmark.RIGHT_HEEL,
    "left_big_toe": Landmark.LEFT_FOOT_INDEX, "right_big_toe": Landmark.RIGHT_FOOT_INDEX,
}  # fmt: skip


def ground_truth_pose(points: dict[str, np.ndarray]) -> Pose:
    """Exact keypoints as a posecoach Pose in MediaPipe's world axes (x left->right, y down, z away)."""
    world = np.zeros((LANDMARK_COUNT, 3))
    landmarks = np.zeros((LANDMARK_COUNT, 5))
    for name, landmark in COCO_TO_LANDMARK.items():
        x, y, z = points[name]
        world[landmark] = (x, -z, y)
        landmarks[landmark, 3:] = 1.0
    return Pose(landmarks, world, (WIDTH, HEIGHT))


def working_side(clip: Clip, t_s: float) -> str:
    return [side for start, side in clip.working_sides if start <= t_s][-1]


def expected_in_position(clip: Clip, angles: dict[str, float | None], t_s: float) -> bool | None:
    """Whether the exact angles meet every target and limit of the clip's exercise (side-on: the near
    side; sided exercises: the side the coach asks for at `t_s`)."""
    if clip.exercise is None or clip.expected_holds is None:
        return None
    from posecoach.engine.routine_file import default_routine_path, load_routine

    exercise = load_routine(default_routine_path()).exercise(clip.exercise)
    working = working_side(clip, t_s)
    sides = {
        "near": "left" if clip.camera_azimuth_deg > 0 else "right",
        "working": working,
        "other": "right" if working == "left" else "left",
    }
    for item in (*exercise.targets, *exercise.safety):
        value = angles.get(f"{item.angle}_{sides[item.side]}" if item.side else item.angle)
        if value is None:
            raise ValueError(f"{clip.name}: record {item.angle} to judge {clip.exercise}")
        if item.toward_working_side and working == "right":
            value = -value
        if (item.low is not None and value < item.low) or (item.high is not None and value > item.high):
            return False
    return True


def expected_holds(clip: Clip, frames: list[dict]) -> int:
    """Holds the coach must count on these frames, by the session's rules (engine/session.py): time in
    position adds up across lapses of up to its grace, and a hold that reaches the minimum counts."""
    from posecoach.engine.routine_file import default_routine_path, load_routine
    from posecoach.engine.session import HOLD_GRACE_MS

    hold = load_routine(default_routine_path()).exercise(clip.exercise).hold
    if hold is None:
        return 0
    counted, held_ms, last_in = 0, 0, None
    for frame, following in itertools.pairwise(frames):
        if frame["in_position"]:
            if last_in is not None and frame["t_ms"] - last_in > HOLD_GRACE_MS:
                counted += held_ms >= hold.min_s * 1000
                held_ms = 0
            held_ms += following["t_ms"] - frame["t_ms"]
            last_in = frame["t_ms"]
    return counted + (held_ms >= hold.min_s * 1000)


def frame_truth(clip: Clip, index: int, t_ms: int, points: dict[str, np.ndarray], camera: np.ndarray) -> dict:
    """One frame's record in the sidecar: the exact angles, and where the person is."""
    truth = ground_truth_pose(points)
    angles = {name: measure(truth, AngleKey.parse(f"{name}_world")) for name in clip.angles}
    in_position = expected_in_position(clip, angles, t_ms / 1000)
    seen = in_view(points, camera)
    return {
        "index": index,
        "t_ms": t_ms,
        "angles": {k: round(v, 3) for k, v in angles.items()},
        "in_position": in_position and seen if in_position is not None else None,
        "in_pose": holding(clip.keys, t_ms / 1000) and seen,
        "in_view": seen,
    }


def sidecar(clip: Clip, frames: list[dict]) -> dict:
    """The clip's ground-truth document: what it shows, on which body, from where, frame by frame."""
    return {
        "clip": clip.name,
        "description": clip.description,
        "exercise": clip.exercise,
        "expected_holds": expected_holds(clip, frames) if clip.holds_from_truth else clip.expected_holds,
        "expected_cycles": clip.expected_cycles,
        "fps": clip.fps,
        "frame_count": clip.frame_count,
        "body": {"description": clip.physique.description, "phenotype": clip.physique.phenotype},
        "camera": {
            "azimuth_deg": clip.camera_azimuth_deg,
            "height_m": clip.camera_height_m,
            "distance_m": clip.camera_distance_m,
        },
        "frames": frames,
    }
