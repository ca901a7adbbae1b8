"""Drawing on frames. Overlays only read what the pipeline decided; they never decide anything."""

from __future__ import annotations

import cv2
import numpy as np

from posecoach.pose.landmarks import BONES, DEFAULT_MIN_VISIBILITY
from posecoach.pose.pose import Pose

_BONE_COLOR = (255, 200, 0)  # BGR light blue
_JOINT_COLOR = (255, 255, 255)
# Line widths are set for a 640x480 image and scale with the image's shorter side.
_REFERENCE_SIDE = 480


class SkeletonOverlay:
    """Draws the coached person's bones and joints."""

    def __init__(self, min_visibility: float = DEFAULT_MIN_VISIBILITY) -> None:
        self.min_visibility = min_visibility

    def annotate(self, image: np.ndarray, pose: Pose | None) -> np.ndarray:
        """Return `image` with the skeleton of `pose` drawn on it (in place); unchanged if no pose."""
        if pose is None:
            return image
        scale = min(image.shape[:2]) / _REFERENCE_SIDE
        thickness = max(1, round(3 * scale))
        radius = max(2, round(4 * scale))
        points = np.round(pose.xy).astype(int)
        draw_skeleton(
            image,
            points,
            pose.visibility >= self.min_visibility,
            _BONE_COLOR,
            _JOINT_COLOR,
            thickness,
            radius,
        )
        return image


def draw_skeleton(
    image: np.ndarray,
    points: np.ndarray,
    seen: np.ndarray,
    bone_color: tuple[int, int, int],
    joint_color: tuple[int, int, int],
    thickness: int,
    radius: int,
) -> None:
    """Draw the bones between seen landmarks, then the seen joints, on `image` (in place).

    Args:
        points: integer pixel positions of the 33 landmarks.
        seen: which landmarks are visible enough to draw.
    """
    for start, end in BONES:
        if seen[start] and seen[end]:
            cv2.line(image, tuple(points[start]), tuple(points[end]), bone_color, thickness, cv2.LINE_AA)
    for index in {i for bone in BONES for i in bone}:
        if seen[index]:
            cv2.circle(image, tuple(points[index]), radius, joint_color, -1, cv2.LINE_AA)
