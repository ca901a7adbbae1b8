"""One pose's landmarks in one plane (image pixels or MediaPipe's world metres), with visibility
applied: what every angle and posture feature is measured on."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Literal

import numpy as np

from posecoach.body.geometry import angle_between, elevation, interior_angle, perpendicular_part
from posecoach.pose.landmarks import DEFAULT_MIN_VISIBILITY, Landmark
from posecoach.pose.pose import Pose

Plane = Literal["image", "world"]
Side = Literal["left", "right"]
PLANES: tuple[Plane, ...] = ("image", "world")
SIDES: tuple[Side, ...] = ("left", "right")
_THIGHS_FOLDED_BELOW_DEG, _THIGHS_FULL_VOTE_DEG = 130, 40  # a hip at 90 degrees gives a whole vote
# How long, in torso lengths, each part of the body is when it gives a full vote for the front (a
# shorter one votes less): the nose in front of the ears, the nose off the trunk line, the thigh's offset
# from the trunk line, a foot, a knee's bend off the hip-ankle line. A leg is upright within
# _UPRIGHT_SHIN_DEG of the vertical.
_FACE_DEPTH_TORSOS, _NOSE_OFFSET_TORSOS, _THIGH_TORSOS = 0.15, 0.3, 0.4
_FOOT_TORSOS, _KNEE_BEND_TORSOS = 0.3, 0.1
_UPRIGHT_SHIN_DEG = 60
# Lying, the shins and the trunk are within _FLAT_DEG of the floor.
_FLAT_DEG = 40


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
        """Unit direction the chest faces, perpendicular to the trunk (None when it cannot be told).

        Several parts of the body vote, each as strongly as it is long enough to be read:
        - the face: the nose lies in front of the ears, however the head is carried (the nose's offset
          from the trunk line alone flips sign when the head lines up with the trunk, as in a wall lean);
        - thighs folded in front of the trunk (seated, kneeling, on all fours);
        - on upright legs, the feet (heel to toe) and a bent knee point forward, and the chest faces
          forward turned down by the trunk's lean: that holds from upright through a deep fold.
        - lying or folded over flat shins, the soles face away from the chest.
        Several angles of one frame need it: it is worked out once per `Body`.
        """
        shoulders, hips = self.mid("SHOULDER"), self.mid("HIP")
        if shoulders is None or hips is None:
            return None
        trunk = shoulders - hips
        torso = float(np.linalg.norm(trunk))
        if torso == 0:
            return None
        votes = [self._face_vote(shoulders, trunk), self._thighs_vote(shoulders, hips, trunk)]
        for side in ("left", "right"):
            votes += [vote(side, trunk) for vote in (self._foot_vote, self._knee_vote, self._sole_vote)]
        total = np.zeros_like(trunk)
        for vote in votes:
            if vote is not None:
                direction, length = vote
                norm = float(np.linalg.norm(direction))
                if norm > 0:
                    total += direction / norm * min(1.0, length / torso)
        norm = float(np.linalg.norm(total))
        return total / norm if norm > 0 else None

    def _face_vote(self, shoulders: np.ndarray, trunk: np.ndarray) -> tuple[np.ndarray, float] | None:
        nose, ears = self.point(Landmark.NOSE), self.mid("EAR")
        if nose is None:
            return None
        if ears is None:  # the face turned away: the nose's offset from the trunk line is all there is
            offset = perpendicular_part(nose - shoulders, trunk)
            return offset, float(np.linalg.norm(offset)) / _NOSE_OFFSET_TORSOS
        offset = perpendicular_part(nose - ears, trunk)
        return offset, float(np.linalg.norm(offset)) / _FACE_DEPTH_TORSOS

    def _thighs_vote(
        self, shoulders: np.ndarray, hips: np.ndarray, trunk: np.ndarray
    ) -> tuple[np.ndarray, float] | None:
        # Only thighs folded in front of the trunk say where the front is; legs that carry on the trunk
        # line (standing, lying with the chest lifted) bend either way and would mislead, so the vote
        # grows from nothing at _THIGHS_FOLDED_BELOW_DEG (a cobra's hips open to 120-130) to a right angle.
        knees = self.mid("KNEE")
        if knees is None:
            return None
        fold = (_THIGHS_FOLDED_BELOW_DEG - interior_angle(shoulders, hips, knees)) / _THIGHS_FULL_VOTE_DEG
        if fold <= 0:
            return None
        offset = perpendicular_part(knees - hips, trunk)
        return offset, float(np.linalg.norm(offset)) / _THIGH_TORSOS * min(1.0, fold)

    def _foot_vote(self, side: str, trunk: np.ndarray) -> tuple[np.ndarray, float] | None:
        heel, toe, ankle, knee = (self.side(side, n) for n in ("HEEL", "FOOT_INDEX", "ANKLE", "KNEE"))
        if heel is None or toe is None or ankle is None or knee is None:
            return None
        # A foot says where forward is only under a standing shin (kneeling, the toes point back).
        if angle_between(knee - ankle, self.up) > _UPRIGHT_SHIN_DEG:
            return None
        forward = perpendicular_part(toe - heel, self.up)
        return self._chest_facing(forward, trunk), float(np.linalg.norm(forward)) / _FOOT_TORSOS

    def _sole_vote(self, side: str, trunk: np.ndarray) -> tuple[np.ndarray, float] | None:
        # Lying or folded over flat shins, the soles face away from the chest: face down (prone, child's
        # pose, all fours) the toes point into the floor below the heels; face up, above them.
        heel, toe, ankle, knee = (self.side(side, n) for n in ("HEEL", "FOOT_INDEX", "ANKLE", "KNEE"))
        if heel is None or toe is None or ankle is None or knee is None:
            return None
        if abs(elevation(ankle - knee, self.up)) > _FLAT_DEG or abs(elevation(trunk, self.up)) > _FLAT_DEG:
            return None
        toes = perpendicular_part(toe - heel, ankle - knee)
        return perpendicular_part(toes, trunk), float(np.linalg.norm(toes)) / _FOOT_TORSOS

    def _knee_vote(self, side: str, trunk: np.ndarray) -> tuple[np.ndarray, float] | None:
        hip, knee, ankle = (self.side(side, n) for n in ("HIP", "KNEE", "ANKLE"))
        if hip is None or knee is None or ankle is None:
            return None
        if angle_between(hip - ankle, self.up) > _UPRIGHT_SHIN_DEG:
            return None
        bend = perpendicular_part(knee - ankle, hip - ankle)  # a knee bends forward
        forward = perpendicular_part(bend, self.up)
        return self._chest_facing(forward, trunk), float(np.linalg.norm(bend)) / _KNEE_BEND_TORSOS

    def _chest_facing(self, forward: np.ndarray, trunk: np.ndarray) -> np.ndarray:
        """The chest's direction for a body whose legs face `forward` (horizontal): forward when the
        trunk is upright, turned down by as much as the trunk leans (down in a 90 degree fold)."""
        norm = float(np.linalg.norm(forward))
        if norm == 0:
            return forward
        f, t = forward / norm, trunk / np.linalg.norm(trunk)
        return float(np.dot(t, self.up)) * f - float(np.dot(t, f)) * self.up
