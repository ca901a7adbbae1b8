"""The coach's screen, compared with stored golden pictures (tests/golden/, within a tolerance).

The pictures come from landmark fixtures and the routine runner, not from the model, so they are the
same on every machine. After an intended change of the screen, regenerate them with
    POSECOACH_UPDATE_GOLDEN=1 pytest tests/test_coach_overlay.py
and look at them before committing.
"""

from __future__ import annotations

import os
from pathlib import Path

import cv2
import numpy as np
import pytest

from posecoach.coach_overlay import GREEN, RED, CoachOverlay
from posecoach.routine import default_routine_path, load_routine
from posecoach.routine_runner import RoutineRunner
from test_checker import wall_lean

GOLDEN = Path(__file__).parent / "golden"
ROUTINE = load_routine(default_routine_path())
FRAME_MS = 100


def _background() -> np.ndarray:
    y = np.linspace(0, 1, 480)[:, None, None]
    return np.broadcast_to(np.array([190, 196, 200]) - 60 * y, (480, 640, 3)).astype(np.uint8).copy()


def _screen(lean_deg: float, until_ms: int, command: str | None = None, mirror: bool = False) -> np.ndarray:
    runner = RoutineRunner(ROUTINE, (ROUTINE.exercise("wall_lean"),))
    pose = wall_lean(body_deg=lean_deg)
    state = None
    for t_ms in range(0, until_ms + 1, FRAME_MS):
        if command is not None and t_ms == until_ms:
            runner.command(command, t_ms)
        state = runner.step(pose, t_ms)
    assert state is not None
    return CoachOverlay().draw(_background(), pose, state, fps=30.0, mirror=mirror)


SCREENS = {
    "get_ready": lambda: _screen(45, 2000),
    "holding": lambda: _screen(45, 13000),
    "shallow_lean": lambda: _screen(25, 8000),
    "resting": lambda: _screen(45, 27000),
    "pain_stop": lambda: _screen(45, 13000, "pain"),
    "paused_mirrored": lambda: _screen(45, 13000, "pause", mirror=True),
}


@pytest.mark.parametrize("name", SCREENS)
def test_the_screen_matches_its_golden_picture(name: str):
    image = SCREENS[name]()
    golden = GOLDEN / f"{name}.png"
    if os.environ.get("POSECOACH_UPDATE_GOLDEN"):
        cv2.imwrite(str(golden), image)
    expected = cv2.imread(str(golden))
    assert expected is not None, f"missing {golden}: run with POSECOACH_UPDATE_GOLDEN=1 to create it"
    difference = np.abs(image.astype(int) - expected.astype(int)).max(axis=2)
    # Anti-aliased edges may differ by a few levels between OpenCV builds; shapes and text may not.
    assert (difference > 48).mean() < 0.002, f"{name}: {(difference > 48).sum()} pixels differ"


def test_the_judged_joints_are_green_in_range_and_red_out_of_it():
    holding, shallow = SCREENS["holding"](), SCREENS["shallow_lean"]()
    assert np.any(np.all(holding == GREEN, axis=2))
    assert not np.any(np.all(holding == RED, axis=2))
    assert np.any(np.all(shallow == RED, axis=2))


def test_the_picture_is_left_untouched():
    image = _background()
    before = image.copy()
    CoachOverlay().draw(image, wall_lean(), RoutineRunner(ROUTINE).step(wall_lean(), 0))
    assert np.array_equal(image, before)
