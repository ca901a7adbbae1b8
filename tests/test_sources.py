"""Frame sources on real footage: timestamps, order, pacing, dropping, and every error."""

from __future__ import annotations

import time
from pathlib import Path

import cv2
import numpy as np
import pytest

from posecoach.errors import SourceError
from posecoach.sources import (
    CameraSource,
    ImageFolderSource,
    LiveReplaySource,
    VideoFileSource,
    available_cameras,
    open_source,
)

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


def test_live_replay_keeps_the_file_pace_for_a_fast_consumer(small_clip: Path):
    start = time.monotonic()
    frames = _frames(LiveReplaySource(small_clip))
    elapsed = time.monotonic() - start
    duration = (CLIP_FRAMES - 1) / CLIP_FPS
    assert elapsed == pytest.approx(duration, abs=0.25)
    assert len(frames) >= 0.9 * CLIP_FRAMES
    steps = np.diff([f.t_ms for f in frames])
    assert np.all(steps > 0)
    assert np.median(steps) == pytest.approx(1000 / CLIP_FPS, abs=5)


def test_live_replay_drops_what_a_slow_consumer_misses(small_clip: Path):
    taken = []
    with LiveReplaySource(small_clip) as source:
        for frame in source:
            taken.append(frame)
            time.sleep(0.1)  # a consumer at 10 fps against a 30 fps source
    indices = [f.index for f in taken]
    # About one frame in three; never a queue of stale frames, which would deliver all 45.
    assert 10 <= len(taken) <= 20
    assert np.median(np.diff(indices)) >= 2
    # Each frame handed over is the newest: its time tracks the wall clock, not the file's order.
    assert taken[-1].t_ms == pytest.approx(indices[-1] * 1000 / CLIP_FPS, abs=150)


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


def test_an_unreadable_image_in_a_folder_is_named(tmp_path: Path):
    (tmp_path / "broken.png").write_bytes(b"not a png")
    with pytest.raises(SourceError, match=r"cannot read image .*broken\.png"):
        _frames(ImageFolderSource(tmp_path))


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
