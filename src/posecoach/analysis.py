"""`posecoach analyze`: the pose of the coached person in every frame of a video, as a JSON document.

The document layout is a public contract, versioned by its "schema" field and described in README.md.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from posecoach.estimator import PoseEstimator
from posecoach.model_store import ModelFile
from posecoach.person import PersonSelector
from posecoach.pose import Pose
from posecoach.sources import Frame, FrameSource

SCHEMA_VERSION = 1


@dataclass(frozen=True, eq=False)
class FrameResult:
    """What the pipeline found in one frame.

    Attributes:
        frame: the frame itself.
        people_in_view: how many people the model found.
        pose: the coached person's pose, or None when that person is not in view.
    """

    frame: Frame
    people_in_view: int
    pose: Pose | None

    def to_json(self) -> dict[str, Any]:
        return {
            "index": self.frame.index,
            "t_ms": self.frame.t_ms,
            "people_in_view": self.people_in_view,
            "pose": None if self.pose is None else self.pose.to_json(),
        }


def analyze(source: FrameSource, estimator: PoseEstimator) -> Iterator[FrameResult]:
    """Yield, frame by frame, the coached person's pose in `source` (a generator, so a camera can stream)."""
    selector = PersonSelector()
    for frame in source:
        people = estimator.detect(frame)
        yield FrameResult(frame, len(people), selector.select(people, frame.t_ms))


def analysis_document(
    source: FrameSource, model: ModelFile, frames: Sequence[dict[str, Any]]
) -> dict[str, Any]:
    """The analysis document (see README.md, "The analysis JSON") for the frames analyzed so far."""
    return {
        "schema": SCHEMA_VERSION,
        "video": source.name,
        "fps": source.fps,
        "frame_count": len(frames),
        "model": {"path": str(model.path), "sha256": model.sha256},
        "frames": list(frames),
    }


def coverage(document: dict[str, Any]) -> tuple[int, int]:
    """(frames with anyone in view, frames with the coached person) of an analysis document."""
    frames = document["frames"]
    return sum(f["people_in_view"] > 0 for f in frames), sum(f["pose"] is not None for f in frames)
