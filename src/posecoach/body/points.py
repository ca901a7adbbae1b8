"""One pose's landmarks in one plane (image pixels or MediaPipe's world metres), with visibility
applied: what every angle and posture feature is measured on."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Literal

import numpy as np

from posecoach.body.geometry import interior_angle, perpendicular_part
from posecoach.pose.landmarks import DEFAULT_MIN_VISIBILITY, Landmark
from posecoach.pose.pose import Pose

Plane = Literal["image", "world"]
Side = Literal["left", "right"]
PLANES: tuple[Plane, ...] = ("image", "world")
SIDES: tuple[Side, ...] = ("left", "right")
_THIGHS_FOLDED_BELOW_DEG = 130


@dataclass(frozen=True)
class Body:
    """One pose's landmarks in one plane, with visibility applied: `point` is None for unseen ones."""

    pose: Pose
    plane: Plane
    min_visibility: float = DEFAULT_MIN_VISIBILITY

    @property
    def up(self) -> np.ndarray:
        # Image y and MediaPipe world y both point down (the camera is assumed level).
        return np.array([0.0, -1.0]) if self.plane == "image" else np.array([0.0, -1.0, 0.0])

    def point(self, landmark: Landmark) -> np.ndarray | None:
        if self.pose.visibility[landmark] < self.min_visibility:
            return None
        return self.pose.xy[landmark] if self.plane == "image" else self.pose.world[landmark]

    def side(self, side: str, name: str) -> np.ndarray | None:
        return self.point(Landmark[f"{side.upper()}_{name}"])

    def mid(self, name: str) -> np.ndarray | None:
        """Midpoint of a left/right pair; the one seen if only one is (side-on, they nearly coincide)."""
        seen = [p for p in (self.side("left", name), self.side("right", name)) if p is not None]
        return np.mean(seen, axis=0) if seen else None

    @cached_property
    def front(self) -> np.ndarray | None:
        """Direction the body's front faces, perpendicular to the trunk (None when it cannot be told).

        The face and the thighs both lie in front of the trunk line: the face when upright or lying,
        the thighs when seated, kneeling or on all fours (where a lifted head alone would mislead).
        Several angles of one frame need it: it is worked out once per `Body`.
        """
        shoulders, hips = self.mid("SHOULDER"), self.mid("HIP")
        if shoulders is None or hips is None:
            return None
        trunk = shoulders - hips
        parts = []
        nose, knees = self.point(Landmark.NOSE), self.mid("KNEE")
        if nose is not None:
            parts.append(perpendicular_part(nose - shoulders, trunk))
        # Only thighs folded in front of the trunk say where the front is; legs that carry on the trunk
        # line (standing, lying with the chest lifted) bend either way and would mislead.
        if knees is not None and interior_angle(shoulders, hips, knees) < _THIGHS_FOLDED_BELOW_DEG:
            parts.append(perpendicular_part(knees - hips, trunk))
        if not parts:
            return None
        front = np.sum(parts, axis=0)
        return front if np.linalg.norm(front) > 0 else None
