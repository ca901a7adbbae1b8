"""The best frame of each hold, kept only when the person asks (`posecoach coach --save-frames`).

During a hold, the frame whose key angle (the first-priority target) came nearest its ideal is kept,
small, with the skeleton drawn; when the hold ends it is written as a JPEG beside the session log
(`<log>-frames/`), atomically, and the log records where (`frame_saved`), so the report can show it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from posecoach.engine.checker import TargetCheck
from posecoach.engine.events import Phase
from posecoach.engine.routine_runner import CoachState
from posecoach.errors import OutputError
from posecoach.fileio import write_atomically
from posecoach.pose.pose import Pose
from posecoach.reports.session_log import SessionLog

THUMBNAIL_WIDTH = 320


@dataclass
class _Best:
    distance: float
    image: np.ndarray


def frames_folder(log_path: Path) -> Path:
    """Where a session's hold frames go: beside its log, e.g. out/session-1-frames/."""
    return log_path.with_name(f"{log_path.stem}-frames")


class HoldFrames:
    """Keeps each hold's best frame and writes it when the hold ends.

    Args:
        log: the session's log, which records each frame written.
        draw: the picture of a frame with the pose drawn on it (the UI's drawing, handed in).
    """

    def __init__(self, log: SessionLog, draw: Callable[[np.ndarray, Pose], np.ndarray]) -> None:
        self.log, self._draw = log, draw
        self.folder = frames_folder(log.path)
        self._best: _Best | None = None

    def observe(self, state: CoachState, image_bgr: np.ndarray | None, pose: Pose | None) -> None:
        """Look at one frame (`image_bgr` None: the run's end, no picture) and its state's events."""
        key = _key_check(state)
        if image_bgr is not None and state.phase == Phase.HOLDING and key is not None and pose is not None:
            distance = _distance(key)
            if self._best is None or distance < self._best.distance:
                self._best = _Best(distance, self._thumbnail(image_bgr, pose))
        for event in state.events:
            if event.hold is not None and self._best is not None:
                self._write(state.exercise.id, event.hold.side, event.hold.start_ms)

    def _thumbnail(self, image_bgr: np.ndarray, pose: Pose) -> np.ndarray:
        drawn = self._draw(image_bgr.copy(), pose)
        height = round(drawn.shape[0] * THUMBNAIL_WIDTH / drawn.shape[1])
        return cv2.resize(drawn, (THUMBNAIL_WIDTH, height), interpolation=cv2.INTER_AREA)

    def _write(self, exercise: str, side: str | None, start_ms: int) -> None:
        assert self._best is not None
        image, self._best = self._best.image, None
        ok, encoded = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, 85])
        if not ok:
            raise OutputError(f"cannot write a hold's frame into {self.folder}: the picture did not encode")
        name = f"{exercise}{f'-{side}' if side else ''}-{start_ms}.jpg"
        path = write_atomically(self.folder / name, encoded.tobytes(), "hold frame")
        self.log.write(
            "frame_saved", start_ms, exercise=exercise, side=side, start_ms=start_ms, path=str(path)
        )


def _key_check(state: CoachState) -> TargetCheck | None:
    checks = [c for c in (state.verdict.checks if state.verdict else ()) if c.value is not None]
    return min(checks, key=lambda c: c.priority) if checks else None


def _distance(check: TargetCheck) -> float:
    """How far the value is from the ideal (the target, else the middle of the range, else its end)."""
    assert check.value is not None
    ideal = check.target
    if ideal is None:
        ends = [end for end in (check.low, check.high) if end is not None]
        ideal = sum(ends) / len(ends) if ends else check.value
    return abs(check.value - ideal)
