"""Finding the coached person in each frame: where the model looks (framing), the model's people, the
selector's choice, and a second look in the mirrored frame when the person was just being tracked and
the model lost them."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from posecoach.capture.sources import Frame
from posecoach.pose.estimator import PoseEstimator
from posecoach.pose.framing import Framing, Region, in_whole_frame
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
        picture = self.framing.picture(frame.image_bgr)
        people = self._detect(frame, picture)
        pose = self.selector.select(people, frame.t_ms)
        if pose is not None:
            return Sighting(pose, len(people))
        if self.selector.recently_seen(frame.t_ms):
            return self._look_again(frame, picture, len(people))
        if people:
            return Sighting(None, len(people))
        # No one in the whole picture: someone too small for it may be in a part of it.
        found = self._detect(frame, self.framing.search_region(), afresh=True)
        return Sighting(self.selector.select(found, frame.t_ms), len(found))

    def _look_again(self, frame: Frame, picture: Region, people: int) -> Sighting:
        """The person was here a moment ago and the tracking lost them: look afresh, closer if they are
        small in the picture, then in the frame flipped left-right (a folded pose the tracker dropped is
        often found mirrored)."""
        zoom = self.framing.zoom
        if zoom is not None:
            closer = self.selector.select(self._detect(frame, zoom, afresh=True), frame.t_ms)
            if closer is not None:
                return Sighting(closer, max(people, 1))
        # A track drifts before it drops (on a child's pose facing left, its last torso lay 40 px, most
        # of a torso height, from where the fresh look found it), so the second look may be farther off.
        candidates = self._detect(frame, zoom or picture, afresh=True, mirrored=True)
        mirrored = self.selector.select(candidates, frame.t_ms, MIRRORED_MAX_JUMP)
        return Sighting(mirrored, max(people, int(mirrored is not None)), mirrored is not None)

    def _detect(
        self, frame: Frame, region: Region, afresh: bool = False, mirrored: bool = False
    ) -> list[Pose]:
        """The people in `region` of `frame`, placed in the whole frame."""
        size = (frame.image_bgr.shape[1], frame.image_bgr.shape[0])
        seen = replace(frame, image_bgr=region.of(frame.image_bgr))
        people = self.estimator.detect_afresh(seen, mirrored) if afresh else self.estimator.detect(seen)
        return [in_whole_frame(pose, region, size) for pose in people]
