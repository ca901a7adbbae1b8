"""The live coach's screen: skeleton with judged joints coloured, angle arcs, a faint ghost of where
each segment that is off belongs, hold ring, counters, the exercise and its instruction, the one
correction that matters, and the get-ready, rest, pause, pain-stop and finish panels. It reads a
`CoachState` and draws; it decides nothing.

Sizes are set for a 640x480 image, readable from about 3 m, and scale with the image's shorter side.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

import cv2
import numpy as np

from posecoach.body.angles import landmarks_needed
from posecoach.engine.checker import TargetCheck
from posecoach.engine.routine_runner import FINISHED, GET_READY, PAIN_MESSAGE, STOPPED, CoachState
from posecoach.engine.session import DONE, HOLDING, POSITIONING, RESTING
from posecoach.pose.landmarks import BONES, DEFAULT_MIN_VISIBILITY
from posecoach.pose.pose import Pose
from posecoach.ui.ghost import GhostSegment, ghost_segments

GREEN, AMBER, RED = (90, 200, 60), (0, 175, 255), (60, 60, 235)  # BGR
WHITE, GREY, DARK = (255, 255, 255), (170, 170, 170), (25, 25, 25)
GHOST, GHOST_OPACITY = (255, 230, 170), 0.5  # a pale blue, apart from the white skeleton
# A value this close to its range (degrees) is amber rather than red: nearly there.
CLOSE_DEG = 5.0
_FONT = cv2.FONT_HERSHEY_DUPLEX
_REFERENCE_SIDE = 480
_LABELS = {
    "knee": "Knee", "hip": "Hip", "elbow": "Elbow", "shoulder_flexion": "Arm", "trunk_incline": "Trunk",
    "body_incline": "Body", "chest_lift": "Chest lift", "trunk_rotation": "Rotation",
    "shoulder_tilt": "Shoulder tilt", "neck_flexion": "Neck", "wrist_gap": "Hands",
}  # fmt: skip


@dataclass(frozen=True)
class TextBox:
    """A piece of text the overlay wrote and the box it covers, shadow included (for layout checks).

    Attributes:
        text: the text as written.
        box: (x0, y0, x1, y1) in pixels, x1 and y1 exclusive.
        color: its BGR colour.
    """

    text: str
    box: tuple[int, int, int, int]
    color: tuple[int, int, int]


def status_color(check: TargetCheck) -> tuple[int, int, int]:
    """Green in range, amber within CLOSE_DEG of it, red further off or unseen."""
    if check.status == "ok":
        return GREEN
    if check.value is None:
        return RED
    gap = (check.low - check.value) if check.status == "low" else (check.value - (check.high or 0.0))
    return AMBER if gap <= CLOSE_DEG else RED


def _label(name: str) -> str:
    base = name.removesuffix("_world")
    for side in ("_left", "_right"):
        if base.endswith(side):
            return f"{_LABELS.get(base.removesuffix(side), base)} ({side[1:]})"
    return _LABELS.get(base, base)


def _range(check: TargetCheck) -> str:
    if check.low is not None and check.high is not None:
        return f"{check.low:g}-{check.high:g}"
    return f">={check.low:g}" if check.low is not None else f"<={check.high:g}"


class CoachOverlay:
    """Draws the coach's state on camera frames.

    Attributes:
        texts: every piece of text the last `draw` wrote, in order, with its box: what tests of the
            screen's layout read, since the pixels of text differ from one font rasteriser to the next.
    """

    texts: list[TextBox]

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
        canvas = cv2.flip(image, 1) if mirror else image.copy()
        self.scale = min(canvas.shape[:2]) / _REFERENCE_SIDE
        self.texts = []
        checks = state.verdict.checks if state.verdict is not None else ()
        if pose is not None:
            points = pose.xy.copy()
            if mirror:
                points[:, 0] = canvas.shape[1] - points[:, 0]
            if state.phase in (POSITIONING, HOLDING) and not state.paused:
                self._ghost(canvas, ghost_segments(pose, checks), mirror)
            self._skeleton(canvas, points, pose.visibility, checks)
        self._top_bar(canvas, state)
        self._checks_panel(canvas, checks)
        if state.hold_target_s is not None and state.phase in (POSITIONING, HOLDING):
            self._hold_ring(canvas, state)
        self._hint_bar(canvas, state, notice)
        panel = self._panel_text(state)
        if panel is not None:
            self._center_panel(canvas, *panel)
        if fps is not None:
            self._text(canvas, f"{fps:.0f} fps", (canvas.shape[1] - self._px(70), self._px(470)), 0.45, GREY)
        return canvas

    def _px(self, value: float) -> int:
        return round(value * self.scale)

    def _text(
        self,
        canvas: np.ndarray,
        text: str,
        origin: tuple[int, int],
        size: float,
        color: tuple[int, int, int],
        weight: int = 1,
    ) -> None:
        scale, thickness = size * self.scale, max(1, round(weight * self.scale))
        # A dark shadow keeps text readable on any background. (Not a thicker outline: OpenCV spaces
        # letters by stroke thickness, so the outline would drift away from the letters.)
        shadow = max(1, round(1.5 * self.scale))
        x, y = origin
        cv2.putText(canvas, text, (x + shadow, y + shadow), _FONT, scale, DARK, thickness, cv2.LINE_AA)
        cv2.putText(canvas, text, origin, _FONT, scale, color, thickness, cv2.LINE_AA)
        (width, height), baseline = cv2.getTextSize(text, _FONT, scale, thickness)
        box = (x, y - height, x + width + shadow, y + baseline + shadow)
        self.texts.append(TextBox(text, box, color))

    def _shade(self, canvas: np.ndarray, x0: int, y0: int, x1: int, y1: int, alpha: float = 0.55) -> None:
        region = canvas[max(y0, 0) : y1, max(x0, 0) : x1]
        region[:] = (region * (1 - alpha)).astype(np.uint8)

    def _ghost(self, canvas: np.ndarray, segments: list[GhostSegment], mirror: bool) -> None:
        if not segments:
            return
        layer = canvas.copy()
        for segment in segments:
            start, end = segment.start.copy(), segment.end.copy()
            if mirror:
                start[0], end[0] = canvas.shape[1] - start[0], canvas.shape[1] - end[0]
            start_px, end_px = tuple(np.round(start).astype(int)), tuple(np.round(end).astype(int))
            cv2.line(layer, start_px, end_px, GHOST, self._px(12), cv2.LINE_AA)
            cv2.circle(layer, end_px, self._px(10), GHOST, -1, cv2.LINE_AA)
        cv2.addWeighted(layer, GHOST_OPACITY, canvas, 1 - GHOST_OPACITY, 0, dst=canvas)

    def _skeleton(
        self, canvas: np.ndarray, points: np.ndarray, visibility: np.ndarray, checks: tuple[TargetCheck, ...]
    ) -> None:
        seen = visibility >= DEFAULT_MIN_VISIBILITY
        xy = np.round(points).astype(int)
        for start, end in BONES:
            if seen[start] and seen[end]:
                cv2.line(canvas, tuple(xy[start]), tuple(xy[end]), WHITE, self._px(3), cv2.LINE_AA)
        for index in {i for bone in BONES for i in bone}:
            if seen[index]:
                cv2.circle(canvas, tuple(xy[index]), self._px(4), GREY, -1, cv2.LINE_AA)
        for check in checks:
            needed = landmarks_needed(check.name.removesuffix("_world"))
            if len(needed) != 3 or not all(seen[list(needed)]):
                continue  # arcs for three-point joint angles; whole-body angles are in the panel
            self._arc(canvas, xy[needed[0]], xy[needed[1]], xy[needed[2]], check)

    def _arc(
        self, canvas: np.ndarray, a: np.ndarray, joint: np.ndarray, b: np.ndarray, check: TargetCheck
    ) -> None:
        color = status_color(check)
        start = np.degrees(np.arctan2(*(a - joint)[::-1]))
        end = np.degrees(np.arctan2(*(b - joint)[::-1]))
        sweep = (end - start + 540) % 360 - 180  # the short way round, as the interior angle goes
        radius = self._px(26)
        cv2.ellipse(
            canvas, tuple(joint), (radius, radius), 0, start, start + sweep, color, self._px(4), cv2.LINE_AA
        )
        cv2.circle(canvas, tuple(joint), self._px(7), color, -1, cv2.LINE_AA)
        if check.value is not None:
            label = (int(joint[0]) + self._px(14), int(joint[1]) - self._px(12))
            self._text(canvas, f"{check.value:.0f}", label, 0.6, color, 2)

    def _top_bar(self, canvas: np.ndarray, state: CoachState) -> None:
        width = canvas.shape[1]
        self._shade(canvas, 0, 0, width, self._px(62))
        exercise = state.exercise
        self._text(canvas, exercise.name, (self._px(10), self._px(26)), 0.75, WHITE, 2)
        instruction = textwrap.shorten(
            exercise.instruction, width=int(width / self._px(7.2)), placeholder="..."
        )
        self._text(canvas, instruction, (self._px(10), self._px(50)), 0.45, GREY)
        counters = f"{state.index + 1}/{state.count}"
        if exercise.hold is not None:
            counters = (
                f"Rep {min(state.reps_done + 1, state.reps_per_side)}/{state.reps_per_side}   " + counters
            )
        elif state.cycles_target is not None:
            counters = f"Cycle {state.cycles}/{state.cycles_target}   " + counters
        if state.side is not None:
            counters = f"{state.side.capitalize()} side   " + counters
        size = cv2.getTextSize(counters, _FONT, 0.55 * self.scale, 1)[0][0]
        self._text(canvas, counters, (width - size - self._px(10), self._px(26)), 0.55, WHITE)

    def _checks_panel(self, canvas: np.ndarray, checks: tuple[TargetCheck, ...]) -> None:
        y = self._px(88)
        for check in checks:
            value = "--" if check.value is None else f"{check.value:.0f}"
            self._text(
                canvas,
                f"{_label(check.name)} {value} ({_range(check)})",
                (self._px(10), y),
                0.5,
                status_color(check),
            )
            y += self._px(22)

    def _hold_ring(self, canvas: np.ndarray, state: CoachState) -> None:
        assert state.hold_target_s is not None
        center = (canvas.shape[1] - self._px(58), self._px(112))
        radius = self._px(38)
        cv2.circle(canvas, center, radius, DARK, self._px(10), cv2.LINE_AA)
        done = min(state.held_s / state.hold_target_s, 1.0)
        if done > 0:
            cv2.ellipse(canvas, center, (radius, radius), -90, 0, 360 * done, GREEN, self._px(8), cv2.LINE_AA)
        seconds = f"{state.held_s:.0f}"
        size = cv2.getTextSize(seconds, _FONT, 0.9 * self.scale, 2)[0]
        self._text(canvas, seconds, (center[0] - size[0] // 2, center[1] + size[1] // 2), 0.9, WHITE, 2)
        self._text(
            canvas,
            f"of {state.hold_target_s:g} s",
            (center[0] - self._px(26), center[1] + self._px(58)),
            0.45,
            GREY,
        )

    def _hint_bar(self, canvas: np.ndarray, state: CoachState, notice: str | None) -> None:
        verdict = state.verdict
        if state.phase in (STOPPED, FINISHED, RESTING, DONE) or state.paused:
            return
        if notice is not None:
            text, color = notice, AMBER
        elif verdict is None:
            return
        elif verdict.hint is not None:
            text, color = verdict.hint, AMBER if verdict.in_position else RED
        elif verdict.in_position:
            text, color = ("Good: hold it" if state.phase == HOLDING else "Good"), GREEN
        else:
            return
        height, width = canvas.shape[:2]
        self._shade(canvas, 0, height - self._px(54), width, height)
        size = 0.8
        while cv2.getTextSize(text, _FONT, size * self.scale, 2)[0][0] > width - self._px(20) and size > 0.45:
            size -= 0.05
        text_width = cv2.getTextSize(text, _FONT, size * self.scale, 2)[0][0]
        self._text(canvas, text, ((width - text_width) // 2, height - self._px(18)), size, color, 2)

    @staticmethod
    def _panel_text(state: CoachState) -> tuple[str, str, str | None] | None:
        """(title, big line, small print) of the panel the state calls for, or None."""
        if state.paused:
            return "Paused", "||", "Press space to go on"
        if state.phase == STOPPED:
            return "Stopped", "", PAIN_MESSAGE + " Press n for the next exercise or q to quit."
        if state.phase == FINISHED:
            return "Routine complete", "Well done!", None
        if state.phase == GET_READY and state.countdown_s is not None:
            return (
                f"Next: {state.exercise.name}",
                f"{np.ceil(state.countdown_s):.0f}",
                state.exercise.instruction,
            )
        if state.phase == RESTING and state.countdown_s is not None:
            after = "Then the next rep" if state.reps_done < state.reps_per_side else "Then the other side"
            return "Rest", f"{np.ceil(state.countdown_s):.0f}", after
        return None

    def _center_panel(self, canvas: np.ndarray, title: str, big: str, small: str | None) -> None:
        height, width = canvas.shape[:2]
        x0, x1 = self._px(60), width - self._px(60)
        y0, y1 = height // 2 - self._px(95), height // 2 + self._px(95)
        self._shade(canvas, x0, y0, x1, y1, 0.7)
        title_width = cv2.getTextSize(title, _FONT, 0.8 * self.scale, 2)[0][0]
        self._text(canvas, title, ((width - title_width) // 2, y0 + self._px(36)), 0.8, WHITE, 2)
        if big:
            big_size = cv2.getTextSize(big, _FONT, 2.0 * self.scale, 3)[0]
            self._text(canvas, big, ((width - big_size[0]) // 2, y0 + self._px(105)), 2.0, GREEN, 3)
        if small:
            chars = int((x1 - x0) / self._px(8.5))
            for i, line in enumerate(textwrap.wrap(small, chars)[:4]):
                line_width = cv2.getTextSize(line, _FONT, 0.48 * self.scale, 1)[0][0]
                y = y0 + self._px(130 if big else 70) + i * self._px(20)
                self._text(canvas, line, ((width - line_width) // 2, y), 0.48, GREY)
