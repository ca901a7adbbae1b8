"""Builders for landmark fixtures with known geometry."""

from __future__ import annotations

import numpy as np

from posecoach.landmarks import LANDMARK_COUNT, Landmark
from posecoach.pose import Pose

IMAGE_SIZE = (640, 480)


def make_pose(
    center: tuple[float, float] = (320, 240),
    height: float = 300,
    image_size: tuple[int, int] = IMAGE_SIZE,
    visibility: float = 0.99,
    **points: tuple[float, float],
) -> Pose:
    """A standing person facing the camera, `height` pixels tall, centred at `center` (pixels).

    Any landmark can be moved with a keyword, e.g. `left_knee=(300, 380)`, in pixels.
    """
    cx, cy = center
    body = {
        Landmark.NOSE: (0.0, -0.45),
        Landmark.LEFT_EAR: (0.04, -0.44),
        Landmark.RIGHT_EAR: (-0.04, -0.44),
        Landmark.LEFT_SHOULDER: (0.1, -0.3),
        Landmark.RIGHT_SHOULDER: (-0.1, -0.3),
        Landmark.LEFT_ELBOW: (0.12, -0.1),
        Landmark.RIGHT_ELBOW: (-0.12, -0.1),
        Landmark.LEFT_WRIST: (0.13, 0.05),
        Landmark.RIGHT_WRIST: (-0.13, 0.05),
        Landmark.LEFT_HIP: (0.07, 0.0),
        Landmark.RIGHT_HIP: (-0.07, 0.0),
        Landmark.LEFT_KNEE: (0.07, 0.25),
        Landmark.RIGHT_KNEE: (-0.07, 0.25),
        Landmark.LEFT_ANKLE: (0.07, 0.5),
        Landmark.RIGHT_ANKLE: (-0.07, 0.5),
    }
    xy = np.tile([cx, cy], (LANDMARK_COUNT, 1)).astype(float)
    for landmark, (dx, dy) in body.items():
        xy[landmark] = (cx + dx * height, cy + dy * height)
    for name, point in points.items():
        xy[Landmark[name.upper()]] = point
    landmarks = np.zeros((LANDMARK_COUNT, 5))
    landmarks[:, :2] = xy / np.asarray(image_size, dtype=float)
    landmarks[:, 3:] = visibility
    world = np.zeros((LANDMARK_COUNT, 3))
    world[:, :2] = (xy - [cx, cy]) / height * 1.7
    return Pose(landmarks, world, image_size)
