"""`posecoach analyze`: the pose of the coached person in every frame of a video, as a JSON document.

The document layout is a public contract, versioned by its "schema" field and described in README.md.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from posecoach.estimator import PoseEstimator
from posecoach.person import PersonSelector
from posecoach.pose import Pose
from posecoach.sources import Frame, FrameSource

SCHEMA_VERSION = 1


def analyze(
    source: FrameSource,
    estimator: PoseEstimator,
    on_frame: Callable[[Frame, Pose | None], None] | None = None,
) -> dict[str, Any]:
    """Estimate the coached person's pose in every frame of `source`.

    Args:
        source: the frames to analyze.
        estimator: an open estimator; its model is recorded in the document.
        on_frame: called after each frame with the pose found (or None), e.g. to draw or report progress.

    Returns:
        The analysis document (see README.md, "The analysis JSON").
    """
    selector = PersonSelector()
    frames = []
    for frame in source:
        people = estimator.detect(frame)
        pose = selector.select(people, frame.t_ms)
        frames.append(
            {
                "index": frame.index,
                "t_ms": frame.t_ms,
                "people_in_view": len(people),
                "pose": None if pose is None else pose.to_json(),
            }
        )
        if on_frame is not None:
            on_frame(frame, pose)
    return {
        "schema": SCHEMA_VERSION,
        "video": source.name,
        "fps": source.fps,
        "frame_count": len(frames),
        "model": {"path": str(estimator.model.path), "sha256": estimator.model.sha256},
        "frames": frames,
    }


def coverage(document: dict[str, Any]) -> tuple[int, int]:
    """(frames with anyone in view, frames with the coached person) of an analysis document."""
    frames = document["frames"]
    return sum(f["people_in_view"] > 0 for f in frames), sum(f["pose"] is not None for f in frames)
