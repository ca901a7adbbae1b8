"""MediaPipe Pose Landmarker behind one small class; nothing else in posecoach imports mediapipe."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator

import cv2
import mediapipe as mp
from mediapipe.tasks.python import BaseOptions, vision

from posecoach.capture.native_logs import NATIVE_INFO_LINE, filtered_native_stderr
from posecoach.capture.sources import Frame
from posecoach.closing import Closing
from posecoach.errors import ModelError
from posecoach.pose.model_store import ModelFile
from posecoach.pose.person import DEFAULT_MAX_PEOPLE
from posecoach.pose.pose import Pose


class PoseEstimator(Closing):
    """Finds the poses of the people in each frame of one source (a `PersonSelector` picks one).

    Frames must come in the order of their timestamps (MediaPipe tracks the pose from one frame to the
    next). The same synchronous call serves files and live sources: a live source already hands over
    only its newest frame, so the delay stays bounded, and a replay reproduces a live run exactly.
    Use as a context manager, or call `close()`: MediaPipe raises at interpreter exit otherwise.
    """

    def __init__(
        self,
        model: ModelFile,
        max_people: int = DEFAULT_MAX_PEOPLE,
        min_detection_confidence: float = 0.5,
        min_tracking_confidence: float = 0.5,
    ) -> None:
        self.model = model
        self._options = dict(
            base_options=BaseOptions(model_asset_path=str(model.path)),
            num_poses=max_people,
            min_pose_detection_confidence=min_detection_confidence,
            min_pose_presence_confidence=min_detection_confidence,
            min_tracking_confidence=min_tracking_confidence,
        )
        self._startup_chatter_pending = True
        self._landmarker = self._create(vision.RunningMode.VIDEO)
        self._still: vision.PoseLandmarker | None = None  # made on first need: most runs never do

    def _create(self, mode: vision.RunningMode) -> vision.PoseLandmarker:
        options = vision.PoseLandmarkerOptions(running_mode=mode, **self._options)
        try:
            with filtered_native_stderr(NATIVE_INFO_LINE):
                return vision.PoseLandmarker.create_from_options(options)
        except (RuntimeError, ValueError) as error:
            raise ModelError(
                f"{self.model.path} could not be loaded as a pose model: {_gist(error)}; {self.model.fix}"
            ) from None

    def detect(self, frame: Frame) -> list[Pose]:
        """Every person MediaPipe finds in `frame`."""
        rgb = cv2.cvtColor(frame.image_bgr, cv2.COLOR_BGR2RGB)
        image = mp.Image(image_format=mp.ImageFormat.SRGB, data=rgb)
        # The native code prints more start-up lines on the first detection and the first pose found.
        quiet = (
            filtered_native_stderr(NATIVE_INFO_LINE)
            if self._startup_chatter_pending
            else contextlib.nullcontext()
        )
        with quiet, self._failing_as_model_error():
            result = self._landmarker.detect_for_video(image, frame.t_ms)
        self._startup_chatter_pending = not result.pose_landmarks
        return _poses(result, frame)

    def detect_afresh(self, frame: Frame, mirrored: bool = False) -> list[Pose]:
        """The people found in `frame` by a fresh detection, not tracked from the frames before: a
        second look for a person the tracker lost, or a search of part of the frame. With `mirrored`
        the frame is flipped left-right and the poses mirrored back (folded poses are found far more
        often facing one way than the other: on a child's pose rendered facing left, the detector found
        the person on none of 23 frames, and on all 23 flipped). Each call costs about a detection;
        call it only when needed."""
        if self._still is None:
            self._still = self._create(vision.RunningMode.IMAGE)
        image = cv2.flip(frame.image_bgr, 1) if mirrored else frame.image_bgr
        rgb = cv2.cvtColor(image, cv2.COLOR_BGR2RGB)
        with filtered_native_stderr(NATIVE_INFO_LINE), self._failing_as_model_error():
            result = self._still.detect(mp.Image(image_format=mp.ImageFormat.SRGB, data=rgb))
        poses = _poses(result, frame)
        return [pose.mirrored() for pose in poses] if mirrored else poses

    @contextlib.contextmanager
    def _failing_as_model_error(self) -> Iterator[None]:
        try:
            yield
        except RuntimeError as error:  # networks that load but do not fit (e.g. swapped in the bundle)
            raise ModelError(
                f"{self.model.path} loads but fails on a frame, so it is not a working Pose Landmarker "
                f"model ({_gist(error)}); {self.model.fix}"
            ) from None

    def close(self) -> None:
        for landmarker in (self._landmarker, self._still):
            if landmarker is not None:
                _close(landmarker)


def _poses(result: vision.PoseLandmarkerResult, frame: Frame) -> list[Pose]:
    height, width = frame.image_bgr.shape[:2]
    return [
        Pose.from_mediapipe(landmarks, world, (width, height))
        for landmarks, world in zip(result.pose_landmarks, result.pose_world_landmarks, strict=True)
    ]


def _close(landmarker: vision.PoseLandmarker) -> None:
    with filtered_native_stderr(NATIVE_INFO_LINE):  # LiteRT says goodbye to each accelerator
        try:
            landmarker.close()
        except RuntimeError:
            # A graph that failed on a frame fails again closing (that failure was raised then), and
            # MediaPipe then keeps its handle: its __del__ would close again and wait for ever on its
            # dispatcher. Forget the handle and stop the dispatcher as its close would have.
            landmarker._handle = None
            landmarker._dispatcher.close()


def _gist(error: Exception) -> str:
    """MediaPipe's errors run over many lines, the cause last: that line, shortened."""
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    gist = lines[-1].rsplit("failed: ", 1)[-1] if lines else type(error).__name__
    gist = re.sub(r"^RET_CHECK failure \([^)]*\)\s*", "", gist)
    return gist if len(gist) <= 120 else gist[:117] + "..."
