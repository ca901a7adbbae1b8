"""The `Pose` of one person in one frame: the only pose type checkers, overlays and reports see."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np

from posecoach.pose.landmarks import LANDMARK_COUNT, MIRRORED, TORSO

# Digits kept in JSON: 1e-5 of the image is well under a pixel; 1e-4 m is a tenth of a millimetre.
_IMAGE_DIGITS = 5
_WORLD_DIGITS = 4


class _NormalizedLandmark(Protocol):
    x: float | None
    y: float | None
    z: float | None
    visibility: float | None
    presence: float | None


class _WorldLandmark(Protocol):
    x: float | None
    y: float | None
    z: float | None


@dataclass(frozen=True, eq=False)
class Pose:
    """One person's landmarks in one image.

    Attributes:
        landmarks: (33, 5) array of normalized image landmarks: x and y in [0, 1] of the image width and
            height (may fall outside when a joint is out of view), z (depth, same scale as x, smaller is
            nearer the camera), visibility and presence in [0, 1].
        world: (33, 3) array of world landmarks in metres, origin between the hips.
        image_size: (width, height) of the image the pose was found in, in pixels.
    """

    landmarks: np.ndarray
    world: np.ndarray
    image_size: tuple[int, int]

    def __post_init__(self) -> None:
        if self.landmarks.shape != (LANDMARK_COUNT, 5):
            raise ValueError(f"landmarks must have shape (33, 5), but got shape {self.landmarks.shape}")
        if self.world.shape != (LANDMARK_COUNT, 3):
            raise ValueError(f"world must have shape (33, 3), but got shape {self.world.shape}")

    @classmethod
    def from_mediapipe(
        cls,
        landmarks: Sequence[_NormalizedLandmark],
        world_landmarks: Sequence[_WorldLandmark],
        image_size: tuple[int, int],
    ) -> Pose:
        """Convert one person of a MediaPipe `PoseLandmarkerResult` (missing values become 0)."""
        image = np.array([[lm.x, lm.y, lm.z, lm.visibility, lm.presence] for lm in landmarks], dtype=float)
        world = np.array([[lm.x, lm.y, lm.z] for lm in world_landmarks], dtype=float)
        return cls(np.nan_to_num(image), np.nan_to_num(world), image_size)

    @property
    def xy(self) -> np.ndarray:
        """(33, 2) landmark positions in pixels."""
        return self.landmarks[:, :2] * np.asarray(self.image_size, dtype=float)

    @property
    def visibility(self) -> np.ndarray:
        """(33,) likelihood that each landmark is visible (not hidden or out of the image)."""
        return self.landmarks[:, 3]

    def torso_center(self) -> np.ndarray:
        """Mean pixel position of the shoulders and hips."""
        return self.xy[list(TORSO)].mean(axis=0)

    def bounding_box(self) -> tuple[float, float, float, float]:
        """(x0, y0, x1, y1) in pixels around the body landmarks, clipped to the image."""
        width, height = self.image_size
        xy = self.xy
        x0, y0 = np.clip(xy.min(axis=0), 0, (width, height))
        x1, y1 = np.clip(xy.max(axis=0), 0, (width, height))
        return float(x0), float(y0), float(x1), float(y1)

    def mirrored(self) -> Pose:
        """The pose seen in a mirror (the image flipped left-right): x flips, and left and right swap,
        so a pose found in a flipped image, mirrored back, is the person in the real one."""
        landmarks = self.landmarks[list(MIRRORED)].copy()
        landmarks[:, 0] = 1.0 - landmarks[:, 0]
        world = self.world[list(MIRRORED)].copy()
        world[:, 0] = -world[:, 0]
        return Pose(landmarks, world, self.image_size)

    def to_json(self) -> dict[str, Any]:
        """The pose in the `analyze` JSON layout."""
        return {
            "landmarks": np.round(self.landmarks, _IMAGE_DIGITS).tolist(),
            "world_landmarks": np.round(self.world, _WORLD_DIGITS).tolist(),
        }
