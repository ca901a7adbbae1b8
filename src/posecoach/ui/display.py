"""Where the coach's screen goes: an OpenCV window with the keyboard, or, headless, a video file."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import cv2
import numpy as np

from posecoach.capture.native_logs import filtered_native_stderr
from posecoach.capture.video_sink import VideoSink
from posecoach.errors import PosecoachError
from posecoach.ui.keys import KEYS

WINDOW_TITLE = "posecoach"
# OpenCV's Qt looks for fonts beside itself, finds none, and says so several times; our text is drawn
# into the image, so the window needs no fonts.
_QT_FONT_NOISE = re.compile(r"QFontDatabase|Qt no longer ships fonts")


def display_available() -> bool:
    """Whether a window can be opened: always on Windows and macOS, with an X or Wayland display on Linux."""
    if sys.platform in ("win32", "darwin"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


class WindowDisplay:
    """A resizable window that shows each frame and reports keys and its own closing."""

    def __init__(self, title: str = WINDOW_TITLE) -> None:
        if not display_available():
            raise PosecoachError(
                "no display to open the coach's window on: run with --headless --out annotated.mp4 "
                "to write what the window would show"
            )
        self.title = title
        with filtered_native_stderr(_QT_FONT_NOISE):
            cv2.namedWindow(title, cv2.WINDOW_NORMAL | cv2.WINDOW_KEEPRATIO | cv2.WINDOW_GUI_NORMAL)
        self._shown = False
        self._closed = False

    def show(self, image: np.ndarray) -> None:
        if self.closed:
            return  # imshow would open the window again, and the coach would carry on unseen
        if self._shown:
            cv2.imshow(self.title, image)
            return
        with filtered_native_stderr(_QT_FONT_NOISE):
            cv2.resizeWindow(self.title, image.shape[1], image.shape[0])
            cv2.imshow(self.title, image)
            cv2.waitKey(1)
        self._shown = True

    def command(self) -> str | None:
        """The command of the key pressed since the last frame, if any (waits 1 ms: OpenCV draws then)."""
        key = cv2.waitKey(1)
        return KEYS.get(key & 0xFF) if key >= 0 else None

    @property
    def closed(self) -> bool:
        """The user closed the window with its close button (it stays closed)."""
        if self._shown and not self._closed:
            try:
                self._closed = cv2.getWindowProperty(self.title, cv2.WND_PROP_VISIBLE) < 1
            except cv2.error:
                # OpenCV's Qt backend forgets a window the user closed, then raises on any question about it.
                self._closed = True
        return self._closed

    def close(self) -> None:
        cv2.destroyAllWindows()
        cv2.waitKey(1)


class HeadlessDisplay:
    """No window: the frames the window would show go to a video file (or nowhere), no keys arrive."""

    closed = False

    def __init__(self, out: Path | None, fps: float) -> None:
        self._sink = VideoSink(out, fps, "screen video") if out is not None else None

    def show(self, image: np.ndarray) -> None:
        if self._sink is not None:
            self._sink.write(image)

    def command(self) -> str | None:
        return None

    def close(self) -> None:
        if self._sink is not None:
            self._sink.close()
