"""Choosing the person to coach when several are in view, and keeping to that person."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from posecoach.pose.landmarks import Landmark
from posecoach.pose.pose import Pose

# Several people may be in view; finding two lets the selector keep to the coached one when a second
# person walks past, at the cost of one more landmark pass only while two are actually in view.
DEFAULT_MAX_PEOPLE = 2


@dataclass
class PersonSelector:
    """Follows one person across frames.

    The first person is the largest and most central one. After that, each frame's choice is the pose
    whose torso is nearest the last chosen one; a pose farther than `max_jump` torso heights is another
    person, so the frame counts as "coached person not seen" rather than switching. Only after the
    person has been unseen for `forget_after_ms` does the selector pick afresh: a person who left is
    not waited for forever, while a second's gap (a limb-tangled pose the model misses) keeps them.

    Attributes:
        max_jump: largest torso movement between two sightings, in torso heights, still taken as the
            same person. Half a torso height is far more than anyone moves in a frame while stretching,
            and far less than the gap between two people standing side by side.
        forget_after_ms: how long the person may be unseen before anyone in view may be picked.
    """

    max_jump: float = 0.5
    forget_after_ms: int = 1000
    _last: Pose | None = None
    _last_seen_ms: int | None = None

    def select(self, candidates: Sequence[Pose], t_ms: int, max_jump: float | None = None) -> Pose | None:
        """Return the coached person among `candidates` at time `t_ms`, or None if not in view.

        `max_jump` overrides the attribute for this frame (a second look may allow more).
        """
        if self._last is not None and self._last_seen_ms is not None:
            if t_ms - self._last_seen_ms > self.forget_after_ms:
                self._last = None
        jump = self.max_jump if max_jump is None else max_jump
        chosen = self._nearest(candidates, jump) if self._last is not None else _most_prominent(candidates)
        if chosen is not None:
            self._last, self._last_seen_ms = chosen, t_ms
        return chosen

    def recently_seen(self, t_ms: int) -> bool:
        """Whether the coached person was chosen within `forget_after_ms` before `t_ms`."""
        return (
            self._last is not None
            and self._last_seen_ms is not None
            and (t_ms - self._last_seen_ms <= self.forget_after_ms)
        )

    def _nearest(self, candidates: Sequence[Pose], max_jump: float) -> Pose | None:
        assert self._last is not None
        reference = self._last.torso_center()
        scale = max(_torso_height(self._last), 1.0)
        best = min(candidates, key=lambda p: np.linalg.norm(p.torso_center() - reference), default=None)
        if best is None or np.linalg.norm(best.torso_center() - reference) > max_jump * scale:
            return None
        return best


def _torso_height(pose: Pose) -> float:
    xy = pose.xy
    shoulders = (xy[Landmark.LEFT_SHOULDER] + xy[Landmark.RIGHT_SHOULDER]) / 2
    hips = (xy[Landmark.LEFT_HIP] + xy[Landmark.RIGHT_HIP]) / 2
    return float(np.linalg.norm(shoulders - hips))


def _prominence(pose: Pose) -> float:
    width, height = pose.image_size
    x0, y0, x1, y1 = pose.bounding_box()
    area = (x1 - x0) * (y1 - y0) / (width * height)
    center = np.array([(x0 + x1) / 2 / width, (y0 + y1) / 2 / height])
    # 0 at the image centre, 1 at a corner.
    off_center = np.linalg.norm(center - 0.5) / np.sqrt(0.5)
    return area * (1.0 - off_center)


def _most_prominent(candidates: Sequence[Pose]) -> Pose | None:
    return max(candidates, key=_prominence, default=None)
