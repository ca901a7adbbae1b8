"""Frame sources on real footage: timestamps, order, pacing, dropping, and every error."""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from pathlib import Path

import av
import cv2
import numpy as np
import pytest

from posecoach.capture.sources import (
    CameraSource,
    ImageFolderSource,
    LiveReplaySource,
    RealTimeSource,
    VideoFileSource,
    available_cameras,
    open_source,
)
from posecoach.capture.video_sink import VideoSink
from posecoach.errors import SourceError

from conftest import CLIP_FPS, CLIP_FRAMES


def _frames(source) -> list:
    with source:
        return list(source)


def test_video_file_timestamps_come_from_the_file_and_repeat_exactly(small_clip: Path):
    first = [(f.index, f.t_ms) for f in _frames(VideoFileSource(small_clip))]
    second = [(f.index, f.t_ms) for f in _frames(VideoFileSource(small_clip))]
    assert first == second
    assert [index for index, _ in first] == list(range(CLIP_FRAMES))
    expected = [round(i * 1000 / CLIP_FPS) for i in range(CLIP_FRAMES)]
    assert [t for _, t in first] == pytest.approx(expected, abs=1)


def test_demo_video_reports_rate_count_and_full_size_frames(demo_video: Path):
    with VideoFileSource(demo_video) as source:
        assert source.fps == pytest.approx(30.0)
        assert source.frame_count == 230
        frames = list(source)
    assert len(frames) == 230
    assert frames[0].image_bgr.shape == (994, 1768, 3)
    assert frames[-1].t_ms == pytest.approx(229 * 1000 / 30, abs=1)


def test_image_folder_is_read_in_natural_order_at_a_fixed_rate(tmp_path: Path):
    for n in (10, 2, 1):
        image = np.full((48, 64, 3), n, dtype=np.uint8)
        cv2.imwrite(str(tmp_path / f"frame{n}.png"), image)
    (tmp_path / "notes.txt").write_text("not an image")
    frames = _frames(ImageFolderSource(tmp_path, fps=10))
    assert [int(f.image_bgr[0, 0, 0]) for f in frames] == [1, 2, 10]
    assert [f.t_ms for f in frames] == [0, 100, 200]


class SteppedClock:
    """Time that moves only when the test says so: `advance_to` returns once the replay has published
    every frame that is due, so what a consumer gets never depends on the machine's speed."""

    def __init__(self) -> None:
        self._now = 0.0
        self._changed = threading.Condition()
        self._waiting_for: float | None = None
        self._producer: threading.Thread | None = None

    def now(self) -> float:
        with self._changed:
            return self._now

    def wait_until(self, t: float, stop: threading.Event) -> bool:
        with self._changed:
            self._producer = threading.current_thread()
            self._waiting_for = t
            self._changed.notify_all()
            while self._now < t and not stop.is_set():
                self._changed.wait(0.01)  # `stop` is an event of its own: look at it now and then
            self._waiting_for = None
            return stop.is_set()

    def advance_to(self, t: float) -> None:
        with self._changed:
            self._now = t
            self._changed.notify_all()
            # Caught up when the replay waits for a later frame, or has shown the whole file.
            while self._waiting_for is None or self._waiting_for <= self._now:
                if self._producer is not None and not self._producer.is_alive():
                    return
                self._changed.wait(0.01)


def _replay(clip: Path, ready_ms: Callable[[int], int]) -> list:
    """The frames a consumer gets that is ready for its n-th frame at `ready_ms(n)` on the replay's clock."""
    clock, taken = SteppedClock(), []
    with LiveReplaySource(clip, clock=clock) as source:
        for frame in source:
            taken.append(frame)
            clock.advance_to(ready_ms(len(taken)) / 1000)
    return taken


def test_live_replay_gives_a_fast_consumer_every_frame_at_the_file_pace(small_clip: Path):
    # Ready again as soon as the next frame is due.
    taken = _replay(small_clip, lambda n: math.ceil(n * 1000 / CLIP_FPS))
    assert [f.index for f in taken] == list(range(CLIP_FRAMES))
    assert [f.t_ms for f in taken] == [round(i * 1000 / CLIP_FPS) for i in range(CLIP_FRAMES)]


def test_live_replay_drops_what_a_slow_consumer_misses(small_clip: Path):
    taken = _replay(small_clip, lambda n: 100 * n)  # a consumer at 10 fps against a 30 fps source
    # The newest frame each time, never a queue of stale ones: frames 0, 3, 6, ..., 42, and the last.
    assert [f.index for f in taken] == [*range(0, CLIP_FRAMES - 1, 3), CLIP_FRAMES - 1]
    # Each keeps the time the file shows it at, however late the consumer takes it.
    assert [f.t_ms for f in taken] == [round(f.index * 1000 / CLIP_FPS) for f in taken]
    assert [f.captured_s for f in taken] == pytest.approx([f.t_ms / 1000 for f in taken], abs=1e-3)


def test_closing_a_live_replay_stops_it_mid_file(small_clip: Path):
    source = LiveReplaySource(small_clip, clock=SteppedClock())
    frames = iter(source)
    assert next(frames).index == 0
    source.close()  # the producer, waiting for frame 1's time, stops without it
    assert list(frames) == []


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda d: VideoFileSource(d / "missing.mp4"), "no such file: .*missing.mp4"),
        (lambda d: VideoFileSource(d), "is a folder, not a video file"),
        (lambda d: ImageFolderSource(d / "nowhere"), "no such folder"),
        (lambda d: ImageFolderSource(d), "holds no images"),
    ],
)
def test_missing_paths_and_empty_folders_are_refused(tmp_path: Path, make, message: str):
    with pytest.raises(SourceError, match=message):
        make(tmp_path)


def test_a_file_that_is_not_a_video_is_refused(tmp_path: Path):
    path = tmp_path / "notes.mp4"
    path.write_bytes(b"this is text, not a video" * 50)
    with pytest.raises(SourceError, match=r"cannot read .*notes.mp4: not a video"):
        VideoFileSource(path)


def test_a_video_without_frames_is_refused(tmp_path: Path):
    path = tmp_path / "empty.avi"
    cv2.VideoWriter(str(path), cv2.VideoWriter.fourcc(*"MJPG"), 30, (64, 48)).release()
    with pytest.raises(SourceError, match=r"empty\.avi holds no readable frames"):
        VideoFileSource(path)


def test_an_unreadable_image_in_a_folder_is_skipped_named_and_counted(tmp_path: Path):
    for index in range(4):
        cv2.imwrite(str(tmp_path / f"frame{index}.png"), np.full((48, 64, 3), 120, np.uint8))
    (tmp_path / "frame2.png").write_bytes(b"not a png")
    source = ImageFolderSource(tmp_path)
    frames = _frames(source)
    # The others are kept with their own index and time: the gap shows where the bad one was.
    assert [frame.index for frame in frames] == [0, 1, 3]
    assert [frame.t_ms for frame in frames] == [0, 33, 100]
    assert source.problems == ["skipped 1 of 4 images that do not decode: frame2.png"]
    assert source.reading_report() == {"frames_expected": 4, "reading_problems": source.problems}


def test_a_missing_camera_says_which_cameras_open():
    cameras = available_cameras()  # none on CI machines
    missing = max(cameras, default=-1) + 1
    if cameras:
        expected = f"no camera at index {missing}; cameras that open: {cameras[0]}"
    else:
        expected = f"no camera at index {missing}, and no other camera opens.*--live VIDEO"
    with pytest.raises(SourceError, match=expected):
        CameraSource(missing)


def test_open_source_picks_the_source_by_argument(small_clip: Path, tmp_path: Path):
    cv2.imwrite(str(tmp_path / "a.png"), np.zeros((8, 8, 3), np.uint8))
    assert isinstance(open_source(video=small_clip), VideoFileSource)
    assert isinstance(open_source(video=tmp_path), ImageFolderSource)
    with open_source(live=small_clip) as live:
        assert isinstance(live, LiveReplaySource) and live.live
    with pytest.raises(ValueError, match="exactly one"):
        open_source(video=small_clip, live=small_clip)


class _CameraThatStops(RealTimeSource):
    """A camera that delivers three frames, then nothing, without closing (a stuck driver)."""

    name = "camera 7"
    stall_timeout_s = 0.2

    def _produce(self, publish) -> None:
        for index in range(3):
            publish(np.zeros((48, 64, 3), np.uint8), index, None)
            time.sleep(0.01)
        self._stop.wait()


def test_a_camera_that_stops_sending_frames_is_reported_not_waited_for():
    source = _CameraThatStops()
    taken = []
    with pytest.raises(SourceError, match=r"camera 7 sent no frame for 0.2 s: is it unplugged"):
        for frame in source:
            taken.append(frame.index)
    source.close()
    assert taken == [0, 1, 2]


def test_a_video_of_odd_or_changing_picture_sizes_is_written_whole_as_h264(tmp_path: Path):
    # An odd first size (yuv420p needs even ones), then pictures of other sizes (an image folder's).
    out = tmp_path / "seen.mp4"
    with VideoSink(out, 10.0) as sink:
        for size in [(481, 641), (480, 640), (200, 320), (720, 1280)]:
            sink.write(np.full((*size, 3), 128, np.uint8))
    with av.open(str(out)) as written:
        stream = written.streams.video[0]
        assert (stream.codec_context.name, stream.width, stream.height) == ("h264", 642, 482)
        assert len(list(written.decode(stream))) == 4
