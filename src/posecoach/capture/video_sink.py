"""Writing frames to a video file: into a partial file beside the target, renamed when complete.

H.264 (yuv420p) in MP4 with its index at the front, which browsers play as it downloads, encoded by
the FFmpeg inside PyAV's wheel (OpenCV's wheel has no H.264 encoder).
"""

from __future__ import annotations

import errno
import shutil
from fractions import Fraction
from pathlib import Path

import av
import cv2
import numpy as np

from posecoach.closing import Closing
from posecoach.errors import OutputError
from posecoach.fileio import failure, partial_path

# "veryfast" keeps the encoder to a few ms a 640x480 frame beside a live coach on 2 cores; crf 23 is
# x264's default quality.
_ENCODER_OPTIONS = {"preset": "veryfast", "crf": "23"}
# The free space is looked at every so many frames, and the writing stops while a margin is left (a
# few seconds of 640x480 video is under 1 MB), so that a full disk is found before the encoder's
# buffers are.
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
        self._container: av.container.OutputContainer | None = None
        self._stream: av.video.stream.VideoStream | None = None
        self.frames = 0

    def write(self, image_bgr: np.ndarray) -> None:
        if self._container is None:
            self._open(image_bgr.shape[1], image_bgr.shape[0])
        if self.frames % _SPACE_CHECK_EVERY == 0:
            self._check_space()
        assert self._container is not None and self._stream is not None
        stream = self._stream
        if image_bgr.shape[:2] != (stream.height, stream.width):
            # An odd size (yuv420p needs even ones), or a folder's picture of another size than the first.
            image_bgr = cv2.resize(image_bgr, (stream.width, stream.height), interpolation=cv2.INTER_AREA)
        frame = av.VideoFrame.from_ndarray(np.ascontiguousarray(image_bgr), format="bgr24")
        self._encode(frame)
        self.frames += 1

    def _encode(self, frame: av.VideoFrame | None) -> None:
        assert self._container is not None and self._stream is not None
        try:
            for packet in self._stream.encode(frame):
                self._container.mux(packet)
        except (OSError, av.FFmpegError) as error:
            self._discard()
            raise OutputError(f"cannot write the {self.what} {self.path}: {error}") from None

    def _open(self, width: int, height: int) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._container = av.open(
                str(self._partial), "w", format="mp4", options={"movflags": "+faststart"}
            )
        except OSError as error:
            raise failure(self.what, self.path, error) from None
        except av.FFmpegError:
            what = f"cannot write the {self.what} {self.path}: use a writable path ending in .mp4"
            raise OutputError(what) from None
        stream = self._container.add_stream("libx264", rate=Fraction(self.fps).limit_denominator(1001))
        stream.width, stream.height = width + width % 2, height + height % 2
        stream.pix_fmt = "yuv420p"
        stream.options = _ENCODER_OPTIONS
        self._stream = stream

    def _check_space(self) -> None:
        if shutil.disk_usage(self._partial.parent).free < _MIN_FREE_BYTES:
            self._discard()
            raise failure(self.what, self.path, OSError(errno.ENOSPC, "no space left"))

    def _discard(self) -> None:
        container, self._container, self._stream = self._container, None, None
        if container is not None:
            try:
                container.close()
            except (OSError, av.FFmpegError):
                pass  # the partial file is removed whole
        self._partial.unlink(missing_ok=True)

    def close(self) -> None:
        """Finish the file and put it in place; raises OutputError if it did not come out whole."""
        if self._container is None:
            return
        self._encode(None)  # the frames the encoder still holds
        container, self._container, self._stream = self._container, None, None
        try:
            container.close()
        except (OSError, av.FFmpegError) as error:
            self._partial.unlink(missing_ok=True)
            raise OutputError(f"cannot write the {self.what} {self.path}: {error}") from None
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
