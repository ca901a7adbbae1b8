"""The person on the coach's screen: a faint ghost of where each segment that is off belongs, the
skeleton, and the judged joints' arcs and values in their status colours."""

from __future__ import annotations

import cv2
import numpy as np

from posecoach.body.angles import landmarks_needed
from posecoach.engine.checker import TargetCheck
from posecoach.engine.events import Phase
from posecoach.pose.landmarks import DEFAULT_MIN_VISIBILITY
from posecoach.ui.canvas import GREY, WHITE, Canvas
from posecoach.ui.drawing import draw_skeleton
from posecoach.ui.ghost import ghost_segments
from posecoach.ui.screen import Screen, status_color

GHOST, GHOST_OPACITY = (255, 230, 170), 0.5  # a pale blue, apart from the white skeleton
_LIVE_PHASES = (Phase.POSITIONING, Phase.HOLDING)


class GhostLayer:
    """Where each image-plane segment that is off its target belongs, while the exercise runs."""

    def annotate(self, canvas: Canvas, screen: Screen) -> Canvas:
        state = screen.state
        if screen.pose is None or state.phase not in _LIVE_PHASES or state.paused:
            return canvas
        segments = ghost_segments(screen.pose, screen.checks)
        if not segments:
            return canvas
        layer = canvas.image.copy()
        for segment in segments:
            start, end = screen.shown(segment.start), screen.shown(segment.end)
            start_px, end_px = tuple(np.round(start).astype(int)), tuple(np.round(end).astype(int))
            cv2.line(layer, start_px, end_px, GHOST, canvas.px(12), cv2.LINE_AA)
            cv2.circle(layer, end_px, canvas.px(10), GHOST, -1, cv2.LINE_AA)
        cv2.addWeighted(layer, GHOST_OPACITY, canvas.image, 1 - GHOST_OPACITY, 0, dst=canvas.image)
        return canvas


class FigureLayer:
    """The skeleton, with an arc and the value at every judged three-point joint."""

    def annotate(self, canvas: Canvas, screen: Screen) -> Canvas:
        pose = screen.pose
        if pose is None:
            return canvas
        seen = pose.visibility >= DEFAULT_MIN_VISIBILITY
        xy = np.round(screen.shown(pose.xy)).astype(int)
        draw_skeleton(canvas.image, xy, seen, WHITE, GREY, canvas.px(3), canvas.px(4))
        for check in screen.checks:
            needed = landmarks_needed(check.key)
            if len(needed) != 3 or not all(seen[list(needed)]):
                continue  # arcs for three-point joint angles; whole-body angles are in the panel
            _arc(canvas, xy[needed[0]], xy[needed[1]], xy[needed[2]], check)
        return canvas


def _arc(canvas: Canvas, a: np.ndarray, joint: np.ndarray, b: np.ndarray, check: TargetCheck) -> None:
    color = status_color(check)
    start = np.degrees(np.arctan2(*(a - joint)[::-1]))
    end = np.degrees(np.arctan2(*(b - joint)[::-1]))
    sweep = (end - start + 540) % 360 - 180  # the short way round, as the interior angle goes
    radius = canvas.px(26)
    cv2.ellipse(
        canvas.image,
        tuple(joint),
        (radius, radius),
        0,
        start,
        start + sweep,
        color,
        canvas.px(4),
        cv2.LINE_AA,
    )
    cv2.circle(canvas.image, tuple(joint), canvas.px(7), color, -1, cv2.LINE_AA)
    if check.value is not None:
        label = (int(joint[0]) + canvas.px(14), int(joint[1]) - canvas.px(12))
        canvas.text(f"{check.value:.0f}", label, 0.6, color, 2)
