"""What one frame of the coach's screen shows, and the interface of the layers that draw it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import numpy as np

from posecoach.engine.checker import TargetCheck
from posecoach.engine.routine_runner import CoachState
from posecoach.pose.pose import Pose
from posecoach.ui.canvas import Canvas

GREEN, AMBER, RED = (90, 200, 60), (0, 175, 255), (60, 60, 235)  # BGR
# A value this close to its range (degrees) is amber rather than red: nearly there.
CLOSE_DEG = 5.0


def status_color(check: TargetCheck) -> tuple[int, int, int]:
    """Green in range, amber within CLOSE_DEG of it, red further off or unseen."""
    if check.status == "ok":
        return GREEN
    if check.value is None:
        return RED
    gap = (check.low - check.value) if check.status == "low" else (check.value - (check.high or 0.0))
    return AMBER if gap <= CLOSE_DEG else RED


@dataclass(frozen=True, eq=False)
class Screen:
    """Everything a layer of the screen reads.

    Attributes:
        state: the coach's state for this frame.
        pose: the coached person's pose, or None.
        width: the picture's width, for mirroring.
        mirror: the picture is shown flipped left-right (a webcam); points are mirrored to match.
        fps: processed frames per second, or None.
        notice: a camera set-up problem seen in the picture itself (e.g. too dark), or None.
    """

    state: CoachState
    pose: Pose | None
    width: int
    mirror: bool = False
    fps: float | None = None
    notice: str | None = None

    @property
    def checks(self) -> tuple[TargetCheck, ...]:
        return self.state.verdict.checks if self.state.verdict is not None else ()

    def shown(self, points: np.ndarray) -> np.ndarray:
        """Image points (N x 2) where they appear on screen."""
        if not self.mirror:
            return points
        shown = points.copy()
        shown[..., 0] = self.width - shown[..., 0]
        return shown


class Annotator(Protocol):
    """One layer of the screen: draws on the canvas from the screen's state, decides nothing."""

    def annotate(self, canvas: Canvas, screen: Screen) -> Canvas: ...
