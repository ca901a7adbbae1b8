"""Frame sources: a webcam, a video file, a folder of images, and a paced live replay of a video.

Every source yields `Frame(image_bgr, index, t_ms)`. File sources take time from the file, so a replay
gives the same timestamps every run. The camera and the live replay hand the consumer only the newest
frame, dropping the ones it was too slow to take, as a webcam does; a camera's frames are timed by the
monotonic clock when they arrive, a live replay's by when the file shows them, so however slow the
machine, a frame that is kept carries its own time.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import cv2
import numpy as np

from posecoach.capture.inputs import IMAGE_SUFFIXES
from posecoach.capture.native_logs import FFMPEG_LINE, filtered_native_stderr
from posecoach.closing import Closing
from posecoach.errors import SourceError

DEFAULT_FOLDER_FPS = 30.0
NO_CAMERA_ADVICE = "pass a video file, or --live VIDEO to replay one as if it were a camera"
# Camera indices probed to tell the user which ones open.
_PROBED_CAMERAS = range(10)


@dataclass(frozen=True, eq=False)
class Frame:
    """One image from a source.

    Attributes:
        image_bgr: (height, width, 3) uint8 image in OpenCV's BGR order.
        index: position of the frame in its source, counting dropped frames, from 0.
        t_ms: timestamp in milliseconds from the source's start; strictly increasing.
        captured_s: for live sources, when the frame was captured (a camera: when it arrived; a live
            replay: when the file shows it), on the `time.monotonic()` clock, to measure the delay from
            capture to screen; None for files.
    """

    image_bgr: np.ndarray
    index: int
    t_ms: int
    captured_s: float | None = None


class FrameSource(Closing):
    """Base of every source: iterate it for frames, close it (or use `with`) when done.

    Attributes:
        name: what the source reads, for messages and reports.
        fps: nominal frame rate, or None when unknown.
        frame_count: number of frames, or None for a camera.
        live: True when frames arrive in real time and a slow consumer misses some.
    """

    name: str
    fps: float | None = None
    frame_count: int | None = None
    live: bool = False

    def __iter__(self) -> Iterator[Frame]:
        raise NotImplementedError

    @property
    def problems(self) -> list[str]:
        """What went wrong reading it so far, one sentence each (a file that ends early, bad images)."""
        return []

    def reading_report(self) -> dict[str, Any]:
        """How the reading went, for reports: frames the source said it holds, and what went wrong."""
        return {"frames_expected": self.frame_count, "reading_problems": self.problems}

    def close(self) -> None:
        """Release the device or file."""


class VideoFileSource(FrameSource):
    """Every frame of a video file, timestamped with the file's own presentation times."""

    def __init__(self, path: Path) -> None:
        self.name = str(path)
        if not path.exists():
            raise SourceError(f"no such file: {path}")
        if path.is_dir():
            raise SourceError(f"{path} is a folder, not a video file")
        with filtered_native_stderr(FFMPEG_LINE):
            self._capture = cv2.VideoCapture(str(path))
        if not self._capture.isOpened():
            raise SourceError(f"cannot read {path}: not a video OpenCV can decode (try an .mp4 file)")
        fps = self._capture.get(cv2.CAP_PROP_FPS)
        self.fps = fps if fps > 0 else None
        count = int(self._capture.get(cv2.CAP_PROP_FRAME_COUNT))
        self.frame_count = count if count > 0 else None
        self._read_to_end: int | None = None  # frames read, once the file has been read to its end
        self._first = self._read()
        if self._first is None:
            self._capture.release()
            raise SourceError(f"{path} holds no readable frames")

    def _read(self) -> tuple[np.ndarray, float] | None:
        ok, image = self._capture.read()
        if not ok:
            return None
        return image, self._capture.get(cv2.CAP_PROP_POS_MSEC)

    def __iter__(self) -> Iterator[Frame]:
        item, index, last_t = self._first, 0, -1
        while item is not None:
            image, position_ms = item
            t_ms = _file_timestamp(position_ms, index, self.fps, last_t)
            yield Frame(image, index, t_ms)
            item, index, last_t = self._read(), index + 1, t_ms
        self._read_to_end = index

    @property
    def problems(self) -> list[str]:
        read, expected = self._read_to_end, self.frame_count
        # Containers estimate their frame count from the duration: a frame or two off is no problem.
        if read is None or expected is None or read >= expected - max(2, expected // 50):
            return []
        return [f"read {read} of {expected} frames: the file ends early (cut short or damaged?)"]

    def close(self) -> None:
        self._capture.release()


def _file_timestamp(position_ms: float, index: int, fps: float | None, last_t: int) -> int:
    # Some containers report no position; the frame rate then gives the time. MediaPipe rejects a
    # timestamp that does not increase, so a repeated one is nudged forward by a millisecond.
    t_ms = round(position_ms) if position_ms > 0 or index == 0 else round(index * 1000 / (fps or 30))
    return max(t_ms, last_t + 1)


class ImageFolderSource(FrameSource):
    """The images of a folder in natural name order (frame2 before frame10), at a fixed frame rate."""

    def __init__(self, path: Path, fps: float = DEFAULT_FOLDER_FPS) -> None:
        self.name = str(path)
        if not path.exists():
            raise SourceError(f"no such folder: {path}")
        self._paths = sorted(
            (p for p in path.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES), key=_natural_key
        )
        if not self._paths:
            raise SourceError(f"{path} holds no images ({', '.join(IMAGE_SUFFIXES)})")
        self.fps = fps
        self.frame_count = len(self._paths)
        self.skipped: list[Path] = []

    def __iter__(self) -> Iterator[Frame]:
        for index, path in enumerate(self._paths):
            image = cv2.imread(str(path), cv2.IMREAD_COLOR)
            if image is None:
                # One bad image must not cost the rest: it is skipped (its time stays empty) and counted.
                self.skipped.append(path)
                continue
            yield Frame(image, index, round(index * 1000 / self.fps))

    @property
    def problems(self) -> list[str]:
        if not self.skipped:
            return []
        names = ", ".join(path.name for path in self.skipped[:5]) + (", ..." if len(self.skipped) > 5 else "")
        return [f"skipped {len(self.skipped)} of {self.frame_count} images that do not decode: {names}"]


def _natural_key(path: Path) -> list[int | str]:
    return [int(part) if part.isdigit() else part.lower() for part in re.split(r"(\d+)", path.name)]


class Clock(Protocol):
    """The time a real-time source runs on: the monotonic clock, or in tests one that they move."""

    def now(self) -> float:
        """Seconds on this clock."""
        ...

    def wait_until(self, t: float, stop: threading.Event) -> bool:
        """Block until `now() >= t` or `stop` is set; True if it was stopped."""
        ...


class MonotonicClock:
    """The machine's monotonic clock: what cameras and live replays run on outside tests."""

    def now(self) -> float:
        return time.monotonic()

    def wait_until(self, t: float, stop: threading.Event) -> bool:
        return stop.wait(max(t - time.monotonic(), 0.0))


class _NewestFrame:
    """A one-frame mailbox between a producer thread and the consumer: newer frames overwrite older."""

    def __init__(self) -> None:
        self._condition = threading.Condition()
        self._frame: Frame | None = None
        self._ended = False
        self.error: BaseException | None = None

    def put(self, frame: Frame) -> None:
        with self._condition:
            self._frame = frame
            self._condition.notify()

    def end(self, error: BaseException | None = None) -> None:
        with self._condition:
            self._ended, self.error = True, error
            self._condition.notify()

    def take(self, timeout_s: float | None = None) -> Frame | None:
        """Wait for a frame not taken before; None once the producer has ended and nothing is left.

        Raises:
            TimeoutError: no frame came within `timeout_s` (if given).
        """
        with self._condition:
            if not self._condition.wait_for(lambda: self._frame is not None or self._ended, timeout_s):
                raise TimeoutError
            frame, self._frame = self._frame, None
            return frame


class RealTimeSource(FrameSource):
    """Runs `produce` on its own thread and hands the consumer the newest frame only."""

    live = True
    # A source that sends nothing for this long has stopped (a camera unplugged mid-read, a stuck
    # driver); None waits for ever.
    stall_timeout_s: float | None = None

    def __init__(self, clock: Clock | None = None) -> None:
        self._clock = clock or MonotonicClock()
        self._mailbox = _NewestFrame()
        self._stop = threading.Event()
        self._started_s = 0.0  # on the clock, when the producer thread starts
        self._thread: threading.Thread | None = None

    def _produce(self, publish: Callable[[np.ndarray, int, float | None], None]) -> None:
        """Publish each frame with its index and its capture time (None: now); return at the end."""
        raise NotImplementedError

    def _run(self) -> None:
        self._started_s = self._clock.now()

        def publish(image: np.ndarray, index: int, captured_s: float | None) -> None:
            at = self._clock.now() if captured_s is None else captured_s
            self._mailbox.put(Frame(image, index, round((at - self._started_s) * 1000), at))

        try:
            self._produce(publish)
        except BaseException as error:  # handed to the consumer, which re-raises it
            self._mailbox.end(error)
        else:
            self._mailbox.end()

    def __iter__(self) -> Iterator[Frame]:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name=f"capture {self.name}", daemon=True)
            self._thread.start()
        last_t = -1
        while (frame := self._take()) is not None:
            if frame.t_ms <= last_t:  # two frames in one millisecond: keep time increasing
                frame = Frame(frame.image_bgr, frame.index, last_t + 1, frame.captured_s)
            last_t = frame.t_ms
            yield frame
        if self._mailbox.error is not None:
            raise self._mailbox.error

    def _take(self) -> Frame | None:
        try:
            return self._mailbox.take(self.stall_timeout_s)
        except TimeoutError:
            raise SourceError(
                f"{self.name} sent no frame for {self.stall_timeout_s:g} s: is it unplugged or taken by "
                "another program? What was done is kept"
            ) from None

    def close(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=2)


class LiveReplaySource(RealTimeSource):
    """A video file played at its own frame rate in wall-clock time, behaving like a webcam.

    Frames keep their index in the file, so a consumer sees the frames it missed as gaps in `index`.
    `clock` paces the replay (the monotonic clock unless a test brings its own).
    """

    def __init__(self, path: Path, clock: Clock | None = None) -> None:
        super().__init__(clock)
        self._video = VideoFileSource(path)
        self.name, self.fps, self.frame_count = self._video.name, self._video.fps, self._video.frame_count

    def _produce(self, publish: Callable[[np.ndarray, int, float | None], None]) -> None:
        for frame in self._video:
            # A frame is captured when the file shows it, even if this thread wakes up late.
            shown_s = self._started_s + frame.t_ms / 1000
            if self._clock.wait_until(shown_s, self._stop):
                return
            publish(frame.image_bgr, frame.index, shown_s)

    def close(self) -> None:
        super().close()
        self._video.close()


class CameraSource(RealTimeSource):
    """A webcam by index, read on its own thread so that a slow consumer always gets a fresh frame."""

    stall_timeout_s = 5.0

    def __init__(self, index: int, advice: str = NO_CAMERA_ADVICE) -> None:
        """Open camera `index`; `advice` ends the message when no camera opens at all."""
        super().__init__()
        self.name = f"camera {index}"
        self._capture = _open_camera(index)
        if self._capture is None:
            raise SourceError(_no_camera_message(index, advice))
        fps = self._capture.get(cv2.CAP_PROP_FPS)
        self.fps = fps if fps > 0 else None

    def _produce(self, publish: Callable[[np.ndarray, int, float | None], None]) -> None:
        index = 0
        while not self._stop.is_set():
            ok, image = self._capture.read()
            if not ok:
                raise SourceError(f"{self.name} stopped delivering frames (unplugged or in use?)")
            publish(image, index, None)
            index += 1

    def close(self) -> None:
        super().close()
        self._capture.release()


def _open_camera(index: int) -> cv2.VideoCapture | None:
    previous = cv2.utils.logging.getLogLevel()
    # OpenCV logs several lines for every index that does not open; the message we raise says it all.
    cv2.utils.logging.setLogLevel(cv2.utils.logging.LOG_LEVEL_SILENT)
    try:
        capture = cv2.VideoCapture(index)
        if capture.isOpened() and capture.read()[0]:
            return capture
        capture.release()
        return None
    finally:
        cv2.utils.logging.setLogLevel(previous)


def available_cameras() -> list[int]:
    """Indices, among 0-9, of the cameras that open and deliver a frame."""
    found = []
    for index in _PROBED_CAMERAS:
        capture = _open_camera(index)
        if capture is not None:
            capture.release()
            found.append(index)
    return found


def _no_camera_message(index: int, advice: str) -> str:
    others = [i for i in available_cameras() if i != index]
    if others:
        return f"no camera at index {index}; cameras that open: {', '.join(map(str, others))}"
    return f"no camera at index {index}, and no other camera opens on this machine; {advice}"


def open_source(
    video: Path | None = None, camera: int | None = None, live: Path | None = None
) -> FrameSource:
    """Open the one source given: a video file or image folder, a camera index, or a live replay.

    Raises:
        SourceError: the source cannot be opened; the message says what to do.
        ValueError: not exactly one source was given.
    """
    given = [x for x in (video, camera, live) if x is not None]
    if len(given) != 1:
        raise ValueError("give exactly one of video, camera and live")
    if camera is not None:
        return CameraSource(camera)
    if live is not None:
        return LiveReplaySource(live)
    assert video is not None
    if video.is_dir():
        return ImageFolderSource(video)
    return VideoFileSource(video)
