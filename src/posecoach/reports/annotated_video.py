"""The annotated video: each frame with what the pipeline found drawn on it, written as it goes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np

from posecoach.capture.video_sink import VideoSink
from posecoach.engine.frame_result import FrameResult


class AnnotatedVideo:
    """Writes `draw(result)` for every frame result to a video file.

    Args:
        path: the video file to write.
        fps: its frame rate.
        draw: the picture of one result (the UI's drawing, handed in: reports draw nothing themselves).
    """

    def __init__(self, path: Path, fps: float, draw: Callable[[FrameResult], np.ndarray]) -> None:
        self.path, self._draw = path, draw
        self._video = VideoSink(path, fps, "annotated video")

    def append(self, result: FrameResult) -> None:
        self._video.write(self._draw(result))

    def close(self) -> None:
        self._video.close()
