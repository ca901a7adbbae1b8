"""Where in the frame the model looks: the picture without its black bars, and closer in on a person
who fills little of it.

MediaPipe's person detector sees the whole image shrunk to 224x224. A person small in the frame (far
from the camera, or a landscape picture letterboxed into a portrait phone frame) is then a few dozen
pixels tall, and is found badly or not at all: on the wall-lean sample letterboxed to 720x1280, the model
found no one on 3 of 4 frames sampled, and on the picture alone found the person on all of them. So the
model tracks in the picture without black bars; when it loses a person who takes up less than
_ZOOM_BELOW of it, a fresh look at a region around them finds them, and while no one is found at all,
one square tile of the picture a frame is searched. (The tracking model itself keeps to the picture:
MediaPipe tracks each person from the last frame's place in the image it was given, and a region that
moved with the person lost them to a passer-by on the Sports2D footage.) The landmarks are mapped back
to the whole frame, with one scale for both axes, so no angle changes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from posecoach.pose.pose import Pose

# Pixels darker than this in every channel are black bars.
_BAR_LEVEL = 16
# Bars are looked for on every _BAR_STRIDE-th row and column (a bar runs the frame's whole length).
_BAR_STRIDE = 4
# A person whose box's longer side is under this share of the picture's longer side gets a region of
# their own, _ZOOM_MARGIN times their box's longer side, square, and kept while their box stays within
# it by _KEEP_INSIDE of its side on every edge.
_ZOOM_BELOW = 0.35
_ZOOM_MARGIN = 2.2
_KEEP_INSIDE = 0.12
# Search tiles overlap by this share of their side.
_TILE_OVERLAP = 0.4
# Without the person for this long, their region is forgotten.
_LOST_AFTER_MS = 1000


@dataclass(frozen=True)
class Region:
    """A rectangle of the frame in pixels: columns x0 to x1, rows y0 to y1 (ends excluded)."""

    x0: int
    y0: int
    x1: int
    y1: int

    @property
    def width(self) -> int:
        return self.x1 - self.x0

    @property
    def height(self) -> int:
        return self.y1 - self.y0

    def of(self, image: np.ndarray) -> np.ndarray:
        return image[self.y0 : self.y1, self.x0 : self.x1]

    def holds(self, box: tuple[float, float, float, float], margin: float) -> bool:
        """Whether `box` (x0, y0, x1, y1) lies inside, at least `margin` pixels from every edge."""
        x0, y0, x1, y1 = box
        return (
            x0 >= self.x0 + margin
            and y0 >= self.y0 + margin
            and x1 <= self.x1 - margin
            and y1 <= self.y1 - margin
        )


def picture_region(image: np.ndarray) -> Region:
    """The frame without the black bars along its edges (letterboxing, pillarboxing)."""
    height, width = image.shape[:2]
    sampled = image[::_BAR_STRIDE, ::_BAR_STRIDE]
    # Channel by channel: numpy's max over the last axis of a strided view is 20x slower, 0.4 ms a frame.
    brightest = np.maximum(np.maximum(sampled[..., 0], sampled[..., 1]), sampled[..., 2])
    lit = brightest > _BAR_LEVEL
    rows, columns = np.flatnonzero(lit.any(axis=1)), np.flatnonzero(lit.any(axis=0))
    if rows.size == 0 or columns.size == 0:  # a black frame: nothing to cut
        return Region(0, 0, width, height)
    # The picture's edge lies between a sampled bar line and the first sampled lit one: keep the lines
    # between.
    return Region(
        max(0, (int(columns[0]) - 1) * _BAR_STRIDE + 1),
        max(0, (int(rows[0]) - 1) * _BAR_STRIDE + 1),
        min(width, (int(columns[-1]) + 1) * _BAR_STRIDE),
        min(height, (int(rows[-1]) + 1) * _BAR_STRIDE),
    )


def in_whole_frame(pose: Pose, region: Region, frame_size: tuple[int, int]) -> Pose:
    """A pose found in `region` of a frame, as found in the whole frame (`frame_size`: width, height)."""
    width, height = frame_size
    landmarks = pose.landmarks.copy()
    landmarks[:, 0] = (landmarks[:, 0] * region.width + region.x0) / width
    landmarks[:, 1] = (landmarks[:, 1] * region.height + region.y0) / height
    landmarks[:, 2] *= region.width / width  # depth is on the image width's scale
    return Pose(landmarks, pose.world, frame_size)


class Framing:
    """Where to look, frame after frame (one framing per source): the picture, for the tracking model;
    a region around a small person, for a fresh look when tracking loses them; tiles, for a search."""

    def __init__(self) -> None:
        self._zoom: Region | None = None
        self._picture: Region | None = None
        self._last_seen_ms: int | None = None
        self._tile = -1

    def picture(self, image: np.ndarray) -> Region:
        """The picture of this frame, where the tracking model looks; call `update` with what it found."""
        self._picture = picture_region(image)
        return self._picture

    @property
    def zoom(self) -> Region | None:
        """A region around a person small in the picture, for a closer look when tracking loses them."""
        return self._zoom

    def search_region(self) -> Region:
        """The next part of the picture to search for a person the whole picture does not show: square
        tiles as tall as the picture, overlapping across it, taken in turn frame after frame."""
        picture = self._picture
        assert picture is not None, "search_region() before picture()"
        side = min(picture.width, picture.height)
        span = max(picture.width, picture.height) - side
        count = 1 + math.ceil(span / (side * (1 - _TILE_OVERLAP))) if span > 0 else 1
        self._tile = (self._tile + 1) % count
        offset = round(span * self._tile / (count - 1)) if count > 1 else 0
        if picture.width >= picture.height:
            return Region(picture.x0 + offset, picture.y0, picture.x0 + offset + side, picture.y1)
        return Region(picture.x0, picture.y0 + offset, picture.x1, picture.y0 + offset + side)

    def update(self, pose: Pose | None, t_ms: int) -> None:
        """Tell where (if anywhere) the person was found in the frame last given to `picture`."""
        if pose is None:
            if self._last_seen_ms is None or t_ms - self._last_seen_ms > _LOST_AFTER_MS:
                self._zoom = None
            return
        self._last_seen_ms = t_ms
        box = pose.bounding_box()
        side = max(box[2] - box[0], box[3] - box[1])
        picture = self._picture
        assert picture is not None, "update() before picture()"
        if side >= _ZOOM_BELOW * max(picture.width, picture.height):
            self._zoom = None
        elif self._zoom is None or not self._zoom.holds(box, _KEEP_INSIDE * self._zoom.width):
            self._zoom = _square_around(box, _ZOOM_MARGIN * side, picture)


def _square_around(box: tuple[float, float, float, float], side: float, within: Region) -> Region:
    """A square of `side` pixels centred on `box`, moved (and if need be cut) to lie `within`."""
    side_px = int(min(side, within.width, within.height))
    cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    x0 = int(np.clip(cx - side_px / 2, within.x0, within.x1 - side_px))
    y0 = int(np.clip(cy - side_px / 2, within.y0, within.y1 - side_px))
    return Region(x0, y0, x0 + side_px, y0 + side_px)
