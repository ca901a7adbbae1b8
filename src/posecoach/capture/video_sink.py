"""Writing frames to a video file."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np

from posecoach.closing import Closing
from posecoach.errors import PosecoachError

# mp4v plays in browsers' and desktops' players and needs no codec beyond what OpenCV's wheel carries.
_FOURCC = "mp4v"


class VideoSink(Closing):
    """A video file opened on the first frame (so its size comes from the frames) and closed on exit."""

    def __init__(self, path: Path, fps: float) -> None:
        self.path, self.fps = path, fps
        self._writer: cv2.VideoWriter | None = None

    def write(self, image_bgr: np.ndarray) -> None:
        if self._writer is None:
            height, width = image_bgr.shape[:2]
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fourcc = cv2.VideoWriter.fourcc(*_FOURCC)
            self._writer = cv2.VideoWriter(str(self.path), fourcc, self.fps, (width, height))
            if not self._writer.isOpened():
                raise PosecoachError(f"cannot write video {self.path}: use a writable path ending in .mp4")
        self._writer.write(image_bgr)

    def close(self) -> None:
        if self._writer is not None:
            self._writer.release()
