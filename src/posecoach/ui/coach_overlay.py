"""The live coach's screen: the layers (figure.py, panels.py) drawn in order on a camera frame.

It reads a `CoachState` and draws; it decides nothing. Sizes are set for a 640x480 image, readable
from about 3 m, and scale with the image's shorter side.
"""

from __future__ import annotations

import cv2
import numpy as np

from posecoach.engine.routine_runner import CoachState
from posecoach.pose.pose import Pose
from posecoach.ui.canvas import Canvas, TextBox
from posecoach.ui.figure import FigureLayer, GhostLayer
from posecoach.ui.panels import CenterPanel, ChecksPanel, FpsLabel, HintBar, HoldRing, TopBar
from posecoach.ui.screen import Annotator, Screen


class CoachOverlay:
    """Draws the coach's state on camera frames.

    Attributes:
        layers: the screen's layers, drawn in this order (later ones on top).
        texts: every piece of text the last `draw` wrote, in order, with its box: what tests of the
            screen's layout read, since the pixels of text differ from one font rasteriser to the next.
    """

    def __init__(self, layers: tuple[Annotator, ...] | None = None) -> None:
        self.layers = layers or (
            GhostLayer(),
            FigureLayer(),
            TopBar(),
            ChecksPanel(),
            HoldRing(),
            HintBar(),
            CenterPanel(),
            FpsLabel(),
        )
        self.texts: list[TextBox] = []

    def draw(
        self,
        image: np.ndarray,
        pose: Pose | None,
        state: CoachState,
        fps: float | None = None,
        mirror: bool = False,
        notice: str | None = None,
    ) -> np.ndarray:
        """Return a new image: `image` (mirrored for a webcam) with the coach's screen drawn on it.

        Args:
            image: the camera frame (BGR), left untouched.
            pose: the coached person's pose, or None.
            state: the coach's state for this frame.
            fps: processed frames per second, shown small in a corner.
            mirror: flip the picture left-right, as people expect of a webcam; text stays readable.
            notice: a camera set-up problem seen in the picture itself (e.g. too dark), shown over the hint.
        """
        canvas = Canvas(cv2.flip(image, 1) if mirror else image.copy())
        screen = Screen(state, pose, canvas.width, mirror, fps, notice)
        for layer in self.layers:
            canvas = layer.annotate(canvas, screen)
        self.texts = canvas.texts
        return canvas.image
