"""The coach's screen around the person: the exercise and its counters, the checks list, the hold
ring, the one correction that matters, the get-ready / rest / pause / pain-stop / finish panels, and
the fps label. Each is one layer (see screen.Annotator)."""

from __future__ import annotations

import textwrap

import cv2
import numpy as np

from posecoach.body.angles import AngleKey
from posecoach.engine.checker import TargetCheck
from posecoach.engine.events import PAIN_MESSAGE, Phase
from posecoach.engine.routine_runner import CoachState
from posecoach.ui.canvas import DARK, GREY, WHITE, Canvas
from posecoach.ui.keys import AFTER_PAIN_PROMPT, RATING_PROMPTS, RESUME_PROMPT
from posecoach.ui.screen import AMBER, GREEN, RED, Screen, status_color

_RUNNING = (Phase.POSITIONING, Phase.HOLDING)
_NO_HINT = (Phase.STOPPED, Phase.FINISHED, Phase.RESTING, Phase.DONE)
_AFTER_REST = {"rep": "Then the next rep", "side": "Then the other side"}


def _label(key: AngleKey) -> str:
    label = key.spec.label
    return f"{label} ({key.side})" if key.side is not None else label


def _range(check: TargetCheck) -> str:
    if check.low is not None and check.high is not None:
        return f"{check.low:g}-{check.high:g}"
    return f">={check.low:g}" if check.low is not None else f"<={check.high:g}"


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


class TopBar:
    """The exercise's name and instruction, and where the person stands: side, rep or cycle, exercise."""

    def annotate(self, canvas: Canvas, screen: Screen) -> Canvas:
        state, width = screen.state, canvas.width
        canvas.shade(0, 0, width, canvas.px(62))
        exercise = state.exercise
        canvas.text(exercise.name, (canvas.px(10), canvas.px(26)), 0.75, WHITE, 2)
        instruction = textwrap.shorten(
            exercise.instruction, width=int(width / canvas.px(7.2)), placeholder="..."
        )
        canvas.text(instruction, (canvas.px(10), canvas.px(50)), 0.45, GREY)
        counters = _counters(state)
        size = canvas.text_width(counters, 0.55)
        canvas.text(counters, (width - size - canvas.px(10), canvas.px(26)), 0.55, WHITE)
        return canvas


def _counters(state: CoachState) -> str:
    counters = f"{state.index + 1}/{state.count}"
    if state.exercise.hold is not None:
        counters = f"Rep {min(state.reps_done + 1, state.reps_per_side)}/{state.reps_per_side}   " + counters
    elif state.cycles_target is not None:
        counters = f"Cycle {state.cycles}/{state.cycles_target}   " + counters
    if state.side is not None:
        counters = f"{state.side.capitalize()} side   " + counters
    return counters


class ChecksPanel:
    """Every judged target: its value and range, in its status colour."""

    def annotate(self, canvas: Canvas, screen: Screen) -> Canvas:
        y = canvas.px(88)
        for check in screen.checks:
            value = "--" if check.value is None else f"{check.value:.0f}"
            text = f"{_label(check.key)} {value} ({_range(check)})"
            canvas.text(text, (canvas.px(10), y), 0.5, status_color(check))
            y += canvas.px(22)
        return canvas


class HoldRing:
    """Seconds held, as a ring filling up to the hold's target."""

    def annotate(self, canvas: Canvas, screen: Screen) -> Canvas:
        state = screen.state
        if state.hold_target_s is None or state.phase not in _RUNNING:
            return canvas
        center = (canvas.width - canvas.px(58), canvas.px(112))
        radius = canvas.px(38)
        cv2.circle(canvas.image, center, radius, DARK, canvas.px(10), cv2.LINE_AA)
        done = min(state.held_s / state.hold_target_s, 1.0)
        if done > 0:
            cv2.ellipse(
                canvas.image, center, (radius, radius), -90, 0, 360 * done, GREEN, canvas.px(8), cv2.LINE_AA
            )
        seconds = f"{state.held_s:.0f}"
        width, height = canvas.text_size(seconds, 0.9, 2)
        canvas.text(seconds, (center[0] - width // 2, center[1] + height // 2), 0.9, WHITE, 2)
        target = f"of {state.hold_target_s:g} s"
        canvas.text(target, (center[0] - canvas.px(26), center[1] + canvas.px(58)), 0.45, GREY)
        return canvas


class HintBar:
    """The one thing to say, at the bottom: a set-up notice, the verdict's hint, or "Good"."""

    def annotate(self, canvas: Canvas, screen: Screen) -> Canvas:
        found = _hint(screen)
        if found is None:
            return canvas
        text, color = found
        height, width = canvas.height, canvas.width
        canvas.shade(0, height - canvas.px(54), width, height)
        size = 0.8
        while canvas.text_width(text, size, 2) > width - canvas.px(20) and size > 0.45:
            size -= 0.05
        text_width = canvas.text_width(text, size, 2)
        canvas.text(text, ((width - text_width) // 2, height - canvas.px(18)), size, color, 2)
        return canvas


def _hint(screen: Screen) -> tuple[str, tuple[int, int, int]] | None:
    state, verdict = screen.state, screen.state.verdict
    if state.phase in _NO_HINT or state.paused:
        return None
    if screen.notice is not None:
        return screen.notice, AMBER
    if verdict is None:
        return None
    if verdict.hint is not None:
        return verdict.hint, AMBER if verdict.in_position else RED
    if verdict.in_position:
        return ("Good: hold it" if state.phase == Phase.HOLDING else "Good"), GREEN
    return None


class CenterPanel:
    """The panel a moment calls for: paused, stopped for pain, finished, get ready, or rest."""

    def annotate(self, canvas: Canvas, screen: Screen) -> Canvas:
        panel = _panel_text(screen.state)
        if panel is None:
            return canvas
        title, big, small = panel
        height, width = canvas.height, canvas.width
        x0, x1 = canvas.px(60), width - canvas.px(60)
        y0, y1 = height // 2 - canvas.px(95), height // 2 + canvas.px(95)
        canvas.shade(x0, y0, x1, y1, 0.7)
        title_width = canvas.text_width(title, 0.8, 2)
        canvas.text(title, ((width - title_width) // 2, y0 + canvas.px(36)), 0.8, WHITE, 2)
        if big:
            big_width = canvas.text_width(big, 2.0, 3)
            canvas.text(big, ((width - big_width) // 2, y0 + canvas.px(105)), 2.0, GREEN, 3)
        if small:
            chars = int((x1 - x0) / canvas.px(8.5))
            for i, line in enumerate(textwrap.wrap(small, chars)[:4]):
                line_width = canvas.text_width(line, 0.48)
                y = y0 + canvas.px(130 if big else 70) + i * canvas.px(20)
                canvas.text(line, ((width - line_width) // 2, y), 0.48, GREY)
        return canvas


def _panel_text(state: CoachState) -> tuple[str, str, str | None] | None:
    """(title, big line, small print) of the panel the state calls for, or None."""
    if state.phase == Phase.STOPPED:  # before the pause: a pain stop shows whatever else was on
        return "Stopped", "", f"{PAIN_MESSAGE} {_sentence(AFTER_PAIN_PROMPT)}."
    if state.paused:
        return "Paused", "||", _sentence(RESUME_PROMPT)
    asked = RATING_PROMPTS[state.rating[1]] if state.rating is not None else None
    if state.phase == Phase.FINISHED:
        return "Routine complete", "Well done!", asked
    if state.phase == Phase.GET_READY and state.countdown_s is not None:
        small = asked or state.exercise.instruction
        return f"Next: {state.exercise.name}", f"{np.ceil(state.countdown_s):.0f}", small
    if state.phase == Phase.RESTING and state.countdown_s is not None:
        after = _AFTER_REST[state.rest_leads_to] if state.rest_leads_to else None
        return "Rest", f"{np.ceil(state.countdown_s):.0f}", after
    return None


class FpsLabel:
    """Processed frames per second, small in a corner."""

    def annotate(self, canvas: Canvas, screen: Screen) -> Canvas:
        if screen.fps is not None:
            canvas.text(f"{screen.fps:.0f} fps", (canvas.width - canvas.px(70), canvas.px(470)), 0.45, GREY)
        return canvas
