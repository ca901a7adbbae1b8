"""The coach's screen, compared with stored golden screens (tests/golden/): its layout, not its pixels.

Each golden is a picture (`NAME.png`, to look at) and the texts the overlay wrote with their boxes and
colours (`NAME.json`). Text is compared as text, colour and place; the pixels are compared everywhere
else (panels, skeleton, arcs, ring), each within a pixel of where it was. Fonts differ between OpenCV
and FreeType builds (glyph widths, anti-aliased edges), so text pixels are never compared. The screens
come from landmark fixtures and the routine runner, not from the model. After an intended change of
the screen, regenerate them with
    POSECOACH_UPDATE_GOLDEN=1 pytest tests/test_coach_overlay.py
and look at the pictures before committing.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import cv2
import numpy as np
import pytest

from posecoach.engine.routine_runner import RoutineRunner
from posecoach.pose.landmarks import Landmark
from posecoach.ui import screen
from posecoach.ui.canvas import Canvas, TextBox
from posecoach.ui.coach_overlay import CoachOverlay
from posecoach.ui.screen import AMBER, GREEN, RED

from builders import ROUTINE, wall_lean

GOLDEN = Path(__file__).parent / "golden"
FRAME_MS = 100
# A text may grow or shrink with another font, but the edge or centre the layout fixes stays put.
TEXT_PLACE_PX = 2
# Outside text, a pixel matches if a golden pixel within NEIGHBOURHOOD_PX has its colour within
# COLOR_TOLERANCE levels (anti-aliased edges move by a pixel between builds); a few may still differ.
NEIGHBOURHOOD_PX = 1
COLOR_TOLERANCE = 48
MAX_PIXELS_OFF = 40
# Glyphs reach a little past the box OpenCV reports for them.
TEXT_MARGIN_PX = 3


def _background() -> np.ndarray:
    y = np.linspace(0, 1, 480)[:, None, None]
    return np.broadcast_to(np.array([190, 196, 200]) - 60 * y, (480, 640, 3)).astype(np.uint8).copy()


def _screen(
    lean_deg: float, until_ms: int, command: str | None = None, mirror: bool = False
) -> tuple[np.ndarray, list[TextBox]]:
    runner = RoutineRunner(ROUTINE, (ROUTINE.exercise("wall_lean"),))
    pose = wall_lean(body_deg=lean_deg)
    state = None
    for t_ms in range(0, until_ms + 1, FRAME_MS):
        if command is not None and t_ms == until_ms:
            runner.command(command, t_ms)
        state = runner.step(pose, t_ms)
    assert state is not None
    overlay = CoachOverlay()
    image = overlay.draw(_background(), pose, state, fps=30.0, mirror=mirror)
    return image, overlay.texts


SCREENS = {
    "get_ready": lambda: _screen(45, 2000),
    "holding": lambda: _screen(45, 13000),
    "shallow_lean": lambda: _screen(25, 8000),
    "resting": lambda: _screen(45, 27000),
    "pain_stop": lambda: _screen(45, 13000, "pain"),
    "paused_mirrored": lambda: _screen(45, 13000, "pause", mirror=True),
}


def _golden(name: str) -> tuple[np.ndarray, list[TextBox]]:
    picture, texts = GOLDEN / f"{name}.png", GOLDEN / f"{name}.json"
    image = cv2.imread(str(picture))
    assert image is not None and texts.exists(), f"missing {name}: run with POSECOACH_UPDATE_GOLDEN=1"
    return image, [
        TextBox(t["text"], tuple(t["box"]), tuple(t["color"])) for t in json.loads(texts.read_text())
    ]


def _save_golden(name: str, image: np.ndarray, texts: list[TextBox]) -> None:
    cv2.imwrite(str(GOLDEN / f"{name}.png"), image)
    records = [{"text": t.text, "box": list(t.box), "color": list(t.color)} for t in texts]
    (GOLDEN / f"{name}.json").write_text("[\n" + ",\n".join(map(json.dumps, records)) + "\n]\n")


def _text_differences(texts: list[TextBox], expected: list[TextBox]) -> list[str]:
    if [(t.text, t.color) for t in texts] != [(t.text, t.color) for t in expected]:
        return [f"texts {[(t.text, t.color) for t in texts]} != {[(t.text, t.color) for t in expected]}"]
    differences = []
    for text, golden in zip(texts, expected, strict=True):
        (x0, _, x1, y1), (g0, _, g1, gy1) = text.box, golden.box
        anchors = (x0 - g0, x1 - g1, (x0 + x1 - g0 - g1) / 2)  # left, right or centre aligned
        if abs(y1 - gy1) > TEXT_PLACE_PX or min(map(abs, anchors)) > TEXT_PLACE_PX:
            differences.append(f"{text.text!r} at {text.box}, golden at {golden.box}")
    return differences


def _off_pixels(image: np.ndarray, golden: np.ndarray) -> np.ndarray:
    """Where `image` has no pixel of like colour in the golden nearby (a boolean mask)."""
    r, height, width = NEIGHBOURHOOD_PX, *image.shape[:2]
    padded = np.pad(golden.astype(np.int16), ((r, r), (r, r), (0, 0)), mode="edge")
    nearest = np.full((height, width), np.iinfo(np.int16).max, np.int16)
    for dy in range(2 * r + 1):
        for dx in range(2 * r + 1):
            shifted = padded[dy : dy + height, dx : dx + width]
            nearest = np.minimum(nearest, np.abs(image.astype(np.int16) - shifted).max(axis=2))
    return nearest > COLOR_TOLERANCE


def _differences(image: np.ndarray, texts: list[TextBox], name: str) -> list[str]:
    golden, expected = _golden(name)
    differences = _text_differences(texts, expected)
    outside_text = np.ones(image.shape[:2], bool)
    for text in (*texts, *expected):
        x0, y0, x1, y1 = text.box
        m = TEXT_MARGIN_PX
        outside_text[max(y0 - m, 0) : y1 + m, max(x0 - m, 0) : x1 + m] = False
    off = (_off_pixels(image, golden) | _off_pixels(golden, image)) & outside_text
    if off.sum() > MAX_PIXELS_OFF:
        ys, xs = np.nonzero(off)
        differences.append(f"{off.sum()} pixels off outside text, within x {xs.min()}-{xs.max()}, "
                           f"y {ys.min()}-{ys.max()}")  # fmt: skip
    return differences


@pytest.mark.parametrize("name", SCREENS)
def test_the_screen_matches_its_golden_layout(name: str):
    image, texts = SCREENS[name]()
    if os.environ.get("POSECOACH_UPDATE_GOLDEN"):
        _save_golden(name, image, texts)
    assert _differences(image, texts, name) == []


def _shift_text(patch: pytest.MonkeyPatch, text: str, dx: int) -> None:
    draw_text = Canvas.text

    def shifted(self, written, origin, *args, **kwargs):
        if written == text:
            origin = (origin[0] + dx, origin[1])
        draw_text(self, written, origin, *args, **kwargs)

    patch.setattr(Canvas, "text", shifted)


def _rename_text(patch: pytest.MonkeyPatch, text: str, new: str) -> None:
    draw_text = Canvas.text

    def renamed(self, written, *args, **kwargs):
        draw_text(self, new if written == text else written, *args, **kwargs)

    patch.setattr(Canvas, "text", renamed)


def _move_panels(patch: pytest.MonkeyPatch, dy: int) -> None:
    shade = Canvas.shade

    def moved(self, x0, y0, x1, y1, *args):
        shade(self, x0, y0 + dy, x1, y1 + dy, *args)

    patch.setattr(Canvas, "shade", moved)


# Changes of the screen a person would notice, each of which the golden check must catch.
NOTICEABLE_CHANGES = {
    "a panel 5 px lower": lambda patch: _move_panels(patch, 5),
    "the counters 5 px to the right": lambda patch: _shift_text(patch, "Rep 1/3   1/1", 5),
    "the hint's text": lambda patch: _rename_text(patch, "Good: hold it", "Good: hold on"),
    "in-range joints amber instead of green": lambda patch: patch.setattr(screen, "GREEN", AMBER),
}


@pytest.mark.parametrize("change", NOTICEABLE_CHANGES)
def test_the_golden_check_catches_a_change_a_person_would_see(change: str, monkeypatch):
    NOTICEABLE_CHANGES[change](monkeypatch)
    image, texts = SCREENS["holding"]()
    assert _differences(image, texts, "holding") != []


def test_the_golden_check_passes_text_drawn_by_another_font():
    """Another rasteriser: the same texts, each a few pixels wider, their anti-aliased edges moved."""
    image, texts = SCREENS["holding"]()
    golden, _ = _golden("holding")
    wider = [TextBox(t.text, (t.box[0], t.box[1], t.box[2] + 6, t.box[3]), t.color) for t in texts]
    blurred = image.copy()
    for t in texts:
        x0, y0, x1, y1 = t.box
        blurred[y0:y1, x0:x1] = cv2.GaussianBlur(image, (5, 5), 0)[y0:y1, x0:x1]
    assert _differences(blurred, wider, "holding") == []
    assert not np.array_equal(blurred, golden)


def test_each_judged_joint_and_its_check_are_drawn_in_the_colour_of_its_status():
    # Knees bent to 120 degrees (the wall lean asks 150-175) are red; the straight arms stay green.
    pose = wall_lean(knee_bend=60)
    runner = RoutineRunner(ROUTINE, (ROUTINE.exercise("wall_lean"),))
    for t_ms in range(0, 8001, FRAME_MS):
        state = runner.step(pose, t_ms)
    overlay = CoachOverlay()
    image = overlay.draw(_background(), pose, state)

    def joint(landmark: Landmark) -> tuple[int, ...]:
        x, y = np.round(pose.xy[landmark]).astype(int)
        return tuple(int(v) for v in image[y, x])  # the centre of the arc's dot at the joint

    assert joint(Landmark.LEFT_KNEE) == RED and joint(Landmark.LEFT_ELBOW) == GREEN
    panel = {t.text.split(" ")[0]: t.color for t in overlay.texts if t.text.endswith(")")}
    assert panel["Knee"] == RED and panel["Elbow"] == GREEN and panel["Body"] == GREEN


def test_a_screen_with_everything_in_range_shows_no_red():
    holding, _ = SCREENS["holding"]()
    assert not np.any(np.all(holding == RED, axis=2))


def test_the_picture_is_left_untouched():
    image = _background()
    before = image.copy()
    CoachOverlay().draw(image, wall_lean(), RoutineRunner(ROUTINE).step(wall_lean(), 0))
    assert np.array_equal(image, before)


def test_pain_pressed_while_paused_shows_the_stop_panel_at_once():
    runner = RoutineRunner(ROUTINE, (ROUTINE.exercise("wall_lean"),))
    pose = wall_lean()
    for t_ms in range(0, 12001, FRAME_MS):
        if t_ms == 10000:
            runner.command("pause", t_ms)
        runner.step(pose, t_ms)
    runner.command("pain", 12050)
    overlay = CoachOverlay()
    overlay.draw(_background(), pose, runner.step(pose, 12100))
    texts = [t.text for t in overlay.texts]
    assert "Stopped" in texts and "Paused" not in texts
    assert "Press n for the next exercise or q to quit." in " ".join(texts)  # wrapped over lines
