"""Finding the coached person in each frame: where the model looks (framing), the model's people, the
selector's choice, and a second look in the mirrored frame when the person was just being tracked and
the model lost them."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from posecoach.capture.sources import Frame
from posecoach.pose.estimator import PoseEstimator
from posecoach.pose.framing import Framing, in_whole_frame
from posecoach.pose.person import PersonSelector
from posecoach.pose.pose import Pose

# Torso heights a pose found on the second look may lie from the last one and still be the person.
MIRRORED_MAX_JUMP = 1.0


@dataclass(frozen=True, eq=False)
class Sighting:
    """The coached person in one frame.

    Attributes:
        pose: their pose, or None when not in view.
        people_in_view: how many people the model found.
        mirrored: the pose was found only on the second look, in the frame flipped left-right.
    """

    pose: Pose | None
    people_in_view: int
    mirrored: bool = False


@dataclass
class PersonTracker:
    """Follows the coached person through a source's frames (one tracker per source)."""

    estimator: PoseEstimator
    selector: PersonSelector = field(default_factory=PersonSelector)
    framing: Framing = field(default_factory=Framing)

    def find(self, frame: Frame) -> Sighting:
        sighting = self._look(frame)
        self.framing.update(sighting.pose, frame.t_ms)
        return sighting

    def _look(self, frame: Frame) -> Sighting:
        region = self.framing.region(frame.image_bgr)
        size = (frame.image_bgr.shape[1], frame.image_bgr.shape[0])
        seen = replace(frame, image_bgr=region.of(frame.image_bgr))
        people = [in_whole_frame(pose, region, size) for pose in self.estimator.detect(seen)]
        pose = self.selector.select(people, frame.t_ms)
        if pose is not None or not self.selector.recently_seen(frame.t_ms):
            return Sighting(pose, len(people))
        # The person was here a moment ago: a folded pose the tracker dropped is often found mirrored.
        # A track drifts before it drops (on a child's pose facing left, its last torso lay 40 px, most
        # of a torso height, from where the fresh look found it), so the second look may be farther off.
        candidates = [in_whole_frame(pose, region, size) for pose in self.estimator.detect_mirrored(seen)]
        mirrored = self.selector.select(candidates, frame.t_ms, MIRRORED_MAX_JUMP)
        return Sighting(mirrored, max(len(people), int(mirrored is not None)), mirrored is not None)
