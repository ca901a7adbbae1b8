"""Where the model looks: the picture without black bars, and a closer region around a small person."""

from __future__ import annotations

import numpy as np

from posecoach.body.angles import AngleKey, measure
from posecoach.pose.framing import Framing, Region, in_whole_frame, picture_region
from posecoach.pose.pose import Pose

from builders import side_pose, wall_lean


def test_black_bars_are_cut_off_the_picture():
    frame = np.zeros((1280, 720, 3), np.uint8)
    frame[370:910] = 120  # a landscape picture letterboxed into a portrait frame
    region = picture_region(frame)
    assert (region.y0, region.y1, region.x0, region.x1) == (369, 912, 0, 720)  # a row to spare
    assert picture_region(np.zeros((480, 640, 3), np.uint8)) == Region(0, 0, 640, 480)  # all black: kept


def test_a_pose_found_in_a_region_keeps_its_angles_in_the_whole_frame():
    pose = wall_lean()  # found in a 640x480 region at (300, 200) of a 1920x1080 frame
    whole = in_whole_frame(pose, Region(300, 200, 940, 680), (1920, 1080))
    assert np.allclose(whole.xy, pose.xy + np.array([300, 200]))
    for name in ("body_incline", "knee_left", "shoulder_flexion_left", "elbow_left"):
        key = AngleKey.parse(name)
        assert measure(whole, key) == measure(pose, key)


def test_the_model_looks_closer_at_a_small_person_and_back_at_everything_when_they_are_gone():
    framing = Framing()
    frame = np.full((720, 1280, 3), 90, np.uint8)
    assert framing.region(frame) == Region(0, 0, 1280, 720)
    # A standing person shrunk to a third (their box's longer side about 135 px of the frame's 1280).
    standing = side_pose()
    landmarks = standing.landmarks.copy()
    landmarks[:, :2] = (standing.xy / 3 + [600, 400]) / [1280, 720]
    small = Pose(landmarks, standing.world, (1280, 720))
    framing.update(small, 0)
    zoom = framing.region(frame)
    box = small.bounding_box()
    assert zoom.width == zoom.height < 720 and zoom.holds(box, 10)
    framing.update(small, 33)
    assert framing.region(frame) == zoom  # kept while the person stays inside it
    framing.update(None, 500)
    assert framing.region(frame) == zoom  # a short loss: still there
    framing.update(None, 1100)
    assert framing.region(frame) == Region(0, 0, 1280, 720)
