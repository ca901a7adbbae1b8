"""MediaPipe Pose Landmarker behind one small class; nothing else in posecoach imports mediapipe."""

from __future__ import annotations

import contextlib
import re

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
        options = vision.PoseLandmarkerOptions(
            base_options=BaseOptions(model_asset_path=str(model.path)),
            running_mode=vision.RunningMode.VIDEO,
            num_poses=max_people,
            min_pose_detection_confidence=min_detection_confidence,
            min_pose_presence_confidence=min_detection_confidence,
            min_tracking_confidence=min_tracking_confidence,
        )
        self.model = model
        self._startup_chatter_pending = True
        try:
            with filtered_native_stderr(NATIVE_INFO_LINE):
                self._landmarker = vision.PoseLandmarker.create_from_options(options)
        except (RuntimeError, ValueError) as error:
            raise ModelError(
                f"{model.path} could not be loaded as a pose model: {_gist(error)}; {model.fix}"
            ) from None

    def detect(self, frame: Frame) -> list[Pose]:
        """Every person MediaPipe finds in `frame`."""
        height, width = frame.image_bgr.shape[:2]
        rgb = cv2.cvtColor(frame.image_bgr, cv2.COLOR_BGR2RGB)
        image = mp.Image(image_format=mp.ImageFormat.SRGB, data=rgb)
        # The native code prints more start-up lines on the first detection and the first pose found.
        quiet = (
            filtered_native_stderr(NATIVE_INFO_LINE)
            if self._startup_chatter_pending
            else contextlib.nullcontext()
        )
        try:
            with quiet:
                result = self._landmarker.detect_for_video(image, frame.t_ms)
        except RuntimeError as error:  # networks that load but do not fit (e.g. swapped in the bundle)
            raise ModelError(
                f"{self.model.path} loads but fails on a frame, so it is not a working Pose Landmarker "
                f"model ({_gist(error)}); {self.model.fix}"
            ) from None
        self._startup_chatter_pending = not result.pose_landmarks
        return [
            Pose.from_mediapipe(landmarks, world, (width, height))
            for landmarks, world in zip(result.pose_landmarks, result.pose_world_landmarks, strict=True)
        ]

    def close(self) -> None:
        with filtered_native_stderr(NATIVE_INFO_LINE):  # LiteRT says goodbye to each accelerator
            try:
                self._landmarker.close()
            except RuntimeError:
                # A graph that failed on a frame fails again closing (that failure was raised then),
                # and MediaPipe then keeps its handle: its __del__ would close again and wait for ever
                # on its dispatcher. Forget the handle and stop the dispatcher as its close would have.
                self._landmarker._handle = None
                self._landmarker._dispatcher.close()


def _gist(error: Exception) -> str:
    """MediaPipe's errors run over many lines, the cause last: that line, shortened."""
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    gist = lines[-1].rsplit("failed: ", 1)[-1] if lines else type(error).__name__
    gist = re.sub(r"^RET_CHECK failure \([^)]*\)\s*", "", gist)
    return gist if len(gist) <= 120 else gist[:117] + "..."
