"""The Pose dataclass: shape checks, pixel coordinates, JSON layout."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest

from posecoach.pose.landmarks import Landmark
from posecoach.pose.pose import Pose

from builders import make_pose


def test_pixel_coordinates_scale_normalized_landmarks_by_the_image_size():
    pose = make_pose(left_knee=(100, 400), image_size=(640, 480))
    assert pose.xy[Landmark.LEFT_KNEE] == pytest.approx([100, 400])
    assert pose.landmarks[Landmark.LEFT_KNEE, :2] == pytest.approx([100 / 640, 400 / 480])


def test_wrong_shapes_are_refused_with_the_shape_received():
    with pytest.raises(ValueError, match=r"landmarks must have shape \(33, 5\), but got shape \(32, 5\)"):
        Pose(np.zeros((32, 5)), np.zeros((33, 3)), (640, 480))
    with pytest.raises(ValueError, match=r"world must have shape \(33, 3\), but got shape \(33, 4\)"):
        Pose(np.zeros((33, 5)), np.zeros((33, 4)), (640, 480))


def test_from_mediapipe_reads_every_field_and_zeroes_missing_values():
    image = [SimpleNamespace(x=i / 100, y=0.5, z=-0.1, visibility=0.9, presence=None) for i in range(33)]
    world = [SimpleNamespace(x=0.1, y=-0.2, z=float(i)) for i in range(33)]
    pose = Pose.from_mediapipe(image, world, (200, 100))
    assert pose.landmarks[5] == pytest.approx([0.05, 0.5, -0.1, 0.9, 0.0])
    assert pose.world[7] == pytest.approx([0.1, -0.2, 7.0])
    assert pose.xy[5] == pytest.approx([10, 50])


def test_json_layout_has_33_rows_of_five_and_three_numbers():
    document = make_pose().to_json()
    assert len(document["landmarks"]) == 33 and all(len(row) == 5 for row in document["landmarks"])
    assert len(document["world_landmarks"]) == 33 and all(len(r) == 3 for r in document["world_landmarks"])


def test_bounding_box_is_clipped_to_the_image():
    pose = make_pose(center=(620, 240), height=300, image_size=(640, 480))
    x0, y0, x1, y1 = pose.bounding_box()
    assert x1 == 640 and 0 <= x0 < x1 and 0 <= y0 < y1 <= 480
