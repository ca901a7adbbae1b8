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


def test_a_small_person_gets_a_region_for_a_closer_look_until_they_are_gone():
    framing = Framing()
    frame = np.full((720, 1280, 3), 90, np.uint8)
    assert framing.picture(frame) == Region(0, 0, 1280, 720) and framing.zoom is None
    # A standing person shrunk to a third (their box's longer side about 135 px of the frame's 1280).
    standing = side_pose()
    landmarks = standing.landmarks.copy()
    landmarks[:, :2] = (standing.xy / 3 + [600, 400]) / [1280, 720]
    small = Pose(landmarks, standing.world, (1280, 720))
    framing.update(small, 0)
    zoom = framing.zoom
    assert zoom is not None and zoom.width == zoom.height < 720 and zoom.holds(small.bounding_box(), 10)
    framing.picture(frame)
    framing.update(small, 33)
    assert framing.zoom == zoom  # kept while the person stays inside it
    framing.update(None, 500)
    assert framing.zoom == zoom  # a short loss: still there
    framing.update(None, 1100)
    assert framing.zoom is None


def test_a_search_takes_square_tiles_across_the_picture_in_turn():
    framing = Framing()
    framing.picture(np.full((720, 1280, 3), 90, np.uint8))
    tiles = [framing.search_region() for _ in range(4)]
    assert [(t.x0, t.x1) for t in tiles] == [(0, 720), (280, 1000), (560, 1280), (0, 720)]
    assert all((t.y0, t.y1) == (0, 720) for t in tiles)
    portrait = np.zeros((1280, 720, 3), np.uint8)
    portrait[370:910] = 120  # a letterboxed picture: searched within the picture only
    framing.picture(portrait)
    assert {(t.y0, t.y1) for t in (framing.search_region() for _ in range(3))} == {(369, 912)}
