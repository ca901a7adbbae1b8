"""`posecoach analyze`'s loop: the coached person's pose in every frame of a source, judged against an
exercise when one is given. Outputs (the JSON document, the annotated video) are sinks that read the
results (posecoach.reports)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from posecoach.capture.lighting import lighting_notice
from posecoach.capture.sources import FrameSource
from posecoach.engine.exercise_run import ExerciseRun
from posecoach.engine.frame_result import FrameResult
from posecoach.pose.estimator import PoseEstimator
from posecoach.pose.tracking import PersonTracker


def analyze(
    source: FrameSource, estimator: PoseEstimator, run: ExerciseRun | None = None
) -> Iterator[FrameResult]:
    """Yield, frame by frame, the coached person's pose in `source` (a generator, so a camera can stream).

    Args:
        source: the frames.
        estimator: an open estimator.
        run: when given, every frame is judged against its exercise and advances it.
    """
    tracker = PersonTracker(estimator)
    for frame in source:
        seen = tracker.find(frame)
        coaching = run.step(seen.pose, frame.t_ms) if run is not None else None
        notice = lighting_notice(frame.image_bgr)
        yield FrameResult(frame, seen.people_in_view, seen.pose, coaching, notice, seen.mirrored)


@dataclass
class Coverage:
    """How many frames showed anyone, the coached person, and were too dark: a sink that counts results."""

    frames: int = 0
    anyone: int = 0
    coached: int = 0
    too_dark: int = 0

    def append(self, result: FrameResult) -> None:
        self.frames += 1
        self.anyone += result.people_in_view > 0
        self.coached += result.pose is not None
        self.too_dark += result.notice is not None

    def close(self) -> None:
        """Nothing to release."""
