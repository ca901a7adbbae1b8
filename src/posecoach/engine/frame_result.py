"""What the pipeline found in one frame: the frozen record every output (JSON, video, log) reads."""

from __future__ import annotations

from dataclasses import dataclass

from posecoach.capture.sources import Frame
from posecoach.engine.exercise_run import ExerciseStep
from posecoach.pose.pose import Pose


@dataclass(frozen=True, eq=False)
class FrameResult:
    """What the pipeline found in one frame.

    Attributes:
        frame: the frame itself.
        people_in_view: how many people the model found.
        pose: the coached person's pose, or None when that person is not in view.
        coaching: the exercise's judgement and timing of the frame, when an exercise is checked.
        notice: a problem seen in the picture itself (too dark), or None.
        found_mirrored: the pose was found only on a second look, in the frame flipped left-right.
    """

    frame: Frame
    people_in_view: int
    pose: Pose | None
    coaching: ExerciseStep | None = None
    notice: str | None = None
    found_mirrored: bool = False
