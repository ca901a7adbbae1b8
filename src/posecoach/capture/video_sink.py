"""Writing frames to a video file: into a partial file beside the target, renamed when complete."""

from __future__ import annotations

import errno
import shutil
from pathlib import Path

import cv2
import numpy as np

from posecoach.closing import Closing
from posecoach.errors import OutputError
from posecoach.fileio import failure, partial_path

# mp4v plays in browsers' and desktops' players and needs no codec beyond what OpenCV's wheel carries.
_FOURCC = "mp4v"
# OpenCV's writer reports no write errors, so the free space is looked at every so many frames, and
# the writing stops while a margin is left (a few seconds of 640x480 video is under 1 MB).
_SPACE_CHECK_EVERY = 30
_MIN_FREE_BYTES = 16 << 20


class VideoSink(Closing):
    """A video file opened on the first frame (so its size comes from the frames) and closed on exit.

    Frames go to `NAME.partial.mp4` beside the target, which becomes the target on `close` once every
    frame is known to be in it; a failure leaves no file at the target.
    """

    def __init__(self, path: Path, fps: float, what: str = "video") -> None:
        self.path, self.fps, self.what = path, fps, what
        self._partial = partial_path(path)
        self._writer: cv2.VideoWriter | None = None
        self.frames = 0

    def write(self, image_bgr: np.ndarray) -> None:
        if self._writer is None:
            self._open(image_bgr.shape[1], image_bgr.shape[0])
        if self.frames % _SPACE_CHECK_EVERY == 0:
            self._check_space()
        assert self._writer is not None
        self._writer.write(image_bgr)
        self.frames += 1

    def _open(self, width: int, height: int) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise failure(self.what, self.path, error) from None
        fourcc = cv2.VideoWriter.fourcc(*_FOURCC)
        self._writer = cv2.VideoWriter(str(self._partial), fourcc, self.fps, (width, height))
        if not self._writer.isOpened():
            self._writer = None
            raise OutputError(f"cannot write the {self.what} {self.path}: use a writable path ending in .mp4")

    def _check_space(self) -> None:
        if shutil.disk_usage(self._partial.parent).free < _MIN_FREE_BYTES:
            self._discard()
            raise failure(self.what, self.path, OSError(errno.ENOSPC, "no space left"))

    def _discard(self) -> None:
        if self._writer is not None:
            self._writer.release()
            self._writer = None
        self._partial.unlink(missing_ok=True)

    def close(self) -> None:
        """Finish the file and put it in place; raises OutputError if it did not come out whole."""
        if self._writer is None:
            return
        self._writer.release()
        self._writer = None
        written = cv2.VideoCapture(str(self._partial))
        frames = int(written.get(cv2.CAP_PROP_FRAME_COUNT)) if written.isOpened() else 0
        written.release()
        if frames < self.frames:
            self._partial.unlink(missing_ok=True)
            raise OutputError(
                f"cannot write the {self.what} {self.path}: only {frames} of {self.frames} frames reached "
                "the disk (is it full?); nothing was kept"
            )
        try:
            self._partial.replace(self.path)
        except OSError as error:
            self._partial.unlink(missing_ok=True)
            raise failure(self.what, self.path, error) from None
