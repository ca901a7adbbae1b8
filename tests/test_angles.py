"""The angle vocabulary on landmark fixtures with known geometry."""

from __future__ import annotations

import math

import numpy as np
import pytest

from posecoach.body.angles import AngleKey, AngleMeter, landmarks_needed, measure, measured_visibility
from posecoach.pose.landmarks import Landmark

from builders import PRONE, all_keys, make_pose, point_at, side_pose


def read(pose, name: str, plane: str = "image", **options) -> float | None:
    """`measure` by the angle's string form, as routine files and the JSON write it."""
    return measure(pose, AngleKey.parse(name if plane == "image" else f"{name}_world"), **options)


@pytest.mark.parametrize(
    ("parts", "name", "expected"),
    [
        ({}, "knee_left", 180),
        ({"ankle": (410, 370)}, "knee_left", 90),
        ({"ankle": point_at(180 + 60, 90, (310, 370))}, "knee_right", 120),
        ({"knee": (410, 270), "ankle": (510, 270)}, "hip_left", 90),
        ({}, "hip_right", 180),
        ({"wrist": (380, 200)}, "elbow_left", 90),
        # shoulder flexion: facing right (+x), the arm forward is positive, behind the trunk negative.
        ({}, "shoulder_flexion_left", 0),
        ({"elbow": (380, 130)}, "shoulder_flexion_left", 90),
        ({"elbow": (310, 60)}, "shoulder_flexion_left", 180),
        ({"elbow": point_at(180 + 30, 70, (310, 130))}, "shoulder_flexion_left", -30),
        ({"elbow": point_at(180 - 30, 70, (310, 130))}, "shoulder_flexion_right", 30),
        # inclines against vertical
        ({}, "trunk_incline", 0),
        ({"shoulder": point_at(45, 140, (310, 270))}, "trunk_incline", 45),
        ({"shoulder": point_at(45, 330, (310, 460))}, "body_incline", 45),
        # chest lift, lying prone along x: shoulders 20 deg above the hips' horizontal
        ({"hip": (300, 400), "shoulder": point_at(70, 140, (300, 400))}, "chest_lift", 20),
        ({"hip": (300, 400), "shoulder": (440, 400)}, "chest_lift", 0),
        # neck: ears over the shoulders is 0; the head forward (to the face's side) is flexion
        ({"ear": (310, 100)}, "neck_flexion", 0),
        ({"ear": point_at(30, 30, (310, 130))}, "neck_flexion", 30),
        ({"ear": point_at(-20, 30, (310, 130))}, "neck_flexion", -20),
    ],
)
def test_side_view_angles_in_the_image_plane(parts, name, expected):
    assert read(side_pose(**parts), name) == pytest.approx(expected, abs=0.01)


def test_arms_reaching_past_overhead_read_past_180_not_a_turn_short():
    # Child's pose facing right: trunk along the floor (shoulders ahead of the hips), the arms reaching
    # forward along the floor, a little above the trunk line: just past overhead in shoulder flexion.
    folded = {"hip": (200, 330), "knee": (260, 380), "ankle": (160, 385), "shoulder": (380, 345),
              "ear": (420, 365), "nose": (435, 375)}  # fmt: skip
    above = side_pose(elbow=point_at(94, 70, (380, 345)), wrist=point_at(94, 140, (380, 345)), **folded)
    below = side_pose(elbow=point_at(86, 70, (380, 345)), wrist=point_at(86, 140, (380, 345)), **folded)
    readings = [read(pose, "shoulder_flexion_left") for pose in (above, below)]
    assert all(150 < value < 210 for value in readings) and abs(readings[0] - readings[1]) < 10
    # Behind the trunk the reading stays negative down to straight back.
    assert read(side_pose(elbow=point_at(180 + 60, 70, (310, 130))), "shoulder_flexion_left") < 0


def test_the_chest_lifts_only_off_a_floor():
    assert read(side_pose(**PRONE, shoulder=point_at(70, 140, (300, 400))), "chest_lift") == pytest.approx(20)
    assert read(side_pose(), "chest_lift") is None  # standing: the hips are far above the feet


def test_shoulder_flexion_keeps_its_sign_when_the_person_faces_left():
    mirrored = side_pose(
        nose=(280, 95), ear=(305, 100), elbow=point_at(-90, 70, (310, 130)), foot_index=(280, 468)
    )
    assert read(mirrored, "shoulder_flexion_left") == pytest.approx(90, abs=0.01)


def _mirrored(pose):
    """The same pose facing the other way: flipped left-right in the image (and in the world)."""
    landmarks, world = pose.landmarks.copy(), pose.world.copy()
    landmarks[:, 0], world[:, 0] = 1.0 - landmarks[:, 0], -world[:, 0]
    return type(pose)(landmarks, world, pose.image_size)


@pytest.mark.parametrize("head", ["in line with the trunk", "tipped back", "dropped forward"])
def test_a_wall_lean_reads_its_arms_forward_however_the_head_is_carried(head: str):
    # The nose's offset from the trunk line changes sign as the head comes in line with a leaning trunk
    # (-137 for a true +135 once); the face (nose ahead of the ears), the feet and the bent knees agree.
    from builders import wall_lean

    shoulder = wall_lean().xy[Landmark.LEFT_SHOULDER]
    ear_deg = {"in line with the trunk": 45, "tipped back": 10, "dropped forward": 75}[head]
    ear = point_at(ear_deg, 35, tuple(shoulder))
    nose = point_at(ear_deg + 90, 14, ear)  # the nose 14 px in front of the ear, across the face
    pose = wall_lean(ear=ear, nose=nose)
    for view in (pose, _mirrored(pose)):
        assert read(view, "shoulder_flexion_left") == pytest.approx(135, abs=1)


def test_the_feet_and_knees_alone_tell_a_standing_body_s_front():
    # The face unseen (turned away, or hidden under a raised arm): forward is where the toes point.
    pose = side_pose(elbow=(380, 130), knee=(325, 370), hidden=("nose", "left_ear", "right_ear"))
    assert read(pose, "shoulder_flexion_left") == pytest.approx(90, abs=0.01)
    assert read(_mirrored(pose), "shoulder_flexion_left") == pytest.approx(90, abs=0.01)


@pytest.mark.parametrize(
    ("elbow_deg", "expected"),
    [
        (180, 90.0),  # straight: the shoulder-wrist line, which the elbow's error barely tilts
        (155, 96.25),  # half way: between the upper arm (90) and the wrist line (12.5 deg higher)
        (120, 90.0),  # bent: the upper arm alone
    ],
)
def test_shoulder_flexion_follows_the_wrist_for_a_straight_arm_and_the_upper_arm_for_a_bent_one(
    elbow_deg: float, expected: float
):
    shoulder = (310, 130)
    elbow = point_at(90, 70, shoulder)  # the upper arm straight forward
    wrist = point_at(90 - (180 - elbow_deg), 70, elbow)  # the forearm bent upwards
    reading = read(side_pose(elbow=elbow, wrist=wrist), "shoulder_flexion_left")
    if elbow_deg == 180:
        # The elbow landmark 7 px off the joint moves the reading by 3 deg, not the upper arm's 6.
        off = read(side_pose(elbow=(elbow[0], elbow[1] - 7), wrist=wrist), "shoulder_flexion_left")
        assert abs(off - reading) < 3.5
    assert reading == pytest.approx(expected, abs=0.5)


def test_shoulder_flexion_without_the_wrist_reads_the_upper_arm():
    pose = side_pose(elbow=(380, 130), wrist=(450, 60), hidden=("left_wrist",))
    assert read(pose, "shoulder_flexion_left") == pytest.approx(90, abs=0.01)


def test_on_all_fours_a_lifted_head_reads_as_extension():
    # Quadruped facing right: trunk horizontal, knees and hands below; the head lifted above the back.
    common = {"hip": (200, 250), "shoulder": (360, 250), "knee": (200, 340), "ankle": (80, 340),
              "elbow": (360, 300), "wrist": (360, 340)}  # fmt: skip
    cow = side_pose(ear=point_at(20, 40, (360, 250)), nose=(410, 215), **common)
    cat = side_pose(ear=point_at(150, 40, (360, 250)), nose=(395, 300), **common)
    assert read(cow, "neck_flexion") == pytest.approx(-70, abs=0.01)
    assert read(cat, "neck_flexion") == pytest.approx(60, abs=0.01)


def test_shoulder_tilt_is_positive_with_the_right_shoulder_lower():
    level = make_pose()
    xy = level.xy
    tilted = make_pose(right_shoulder=(xy[Landmark.RIGHT_SHOULDER][0], xy[Landmark.RIGHT_SHOULDER][1] + 10))
    width = xy[Landmark.LEFT_SHOULDER][0] - xy[Landmark.RIGHT_SHOULDER][0]
    assert read(level, "shoulder_tilt") == pytest.approx(0, abs=0.01)
    assert read(tilted, "shoulder_tilt") == pytest.approx(math.degrees(math.atan2(10, width)), abs=0.01)


def test_wrist_gap_is_in_shoulder_widths():
    pose = make_pose(left_wrist=(380, 300), right_wrist=(260, 300))  # shoulders 60 px apart
    assert read(pose, "wrist_gap") == pytest.approx(2.0)


@pytest.mark.parametrize(("turn", "expected"), [(30, 30), (-45, -45), (0, 0)])
def test_trunk_rotation_from_world_landmarks(turn: float, expected: float):
    a = math.radians(turn)
    # Facing the camera: the person's left is +x, depth z grows away from the camera, y points down.
    # Turning to the person's left takes the left shoulder away from the camera.
    shoulder = np.array([0.18 * math.cos(a), -0.5, 0.18 * math.sin(a)])
    world = {
        "left_shoulder": tuple(shoulder),
        "right_shoulder": tuple(shoulder * [-1, 1, -1]),
        "left_hip": (0.1, 0.0, 0.0),
        "right_hip": (-0.1, 0.0, 0.0),
    }
    pose = side_pose(world=world)
    assert read(pose, "trunk_rotation", plane="world") == pytest.approx(expected, abs=0.01)
    assert read(pose, "trunk_rotation", plane="image") is None


def test_world_plane_uses_metric_landmarks():
    world = {"left_hip": (0, 0, 0), "left_knee": (0, 0.4, 0), "left_ankle": (0.4, 0.4, 0)}
    assert read(side_pose(world=world), "knee_left", plane="world") == pytest.approx(90)


def test_an_angle_needing_a_hidden_landmark_is_none_and_the_threshold_is_configurable():
    pose = side_pose(hidden=("left_ankle",))
    assert read(pose, "knee_left") is None
    assert read(pose, "knee_left", min_visibility=0.05) == pytest.approx(180)
    assert read(pose, "knee_right") == pytest.approx(180)


def test_unknown_names_are_refused_with_the_vocabulary():
    with pytest.raises(KeyError, match=r"unknown angle 'knees_left'.*knee, hip, elbow"):
        AngleKey.parse("knees_left")
    with pytest.raises(KeyError, match="takes a side"):
        AngleKey("knee")
    with pytest.raises(KeyError, match="takes no side"):
        AngleKey("trunk_incline", "left")


def test_every_key_reads_back_from_its_string_form():
    keys = [*all_keys("image"), *all_keys("world")]
    assert len({str(key) for key in keys}) == len(keys)
    assert all(AngleKey.parse(str(key)) == key for key in keys)
    assert str(AngleKey("knee", "left", "world")) == "knee_left_world"
    assert AngleKey("knee", "left").mirrored() == AngleKey("knee", "right")


def test_every_angle_names_its_landmarks_and_measures_where_the_view_allows():
    keys = all_keys()
    assert all(landmarks_needed(key) for key in keys)
    front, side = make_pose(), side_pose()
    # Square to the camera the body's front is unknown, so the arm and the neck, measured toward the
    # front, are not; the twist in the image is the twist gauge's, not a landmark angle; standing, the
    # chest lifts off no floor.
    unmeasured = {str(key) for key in keys if measure(front, key) is None}
    assert unmeasured == {
        "shoulder_flexion_left", "shoulder_flexion_right", "neck_flexion", "trunk_rotation", "chest_lift",
    }  # fmt: skip
    for name in unmeasured - {"trunk_rotation", "chest_lift"}:
        assert np.isfinite(read(side, name)), name  # side-on they are
    assert np.isfinite(read(side_pose(**PRONE), "chest_lift"))  # lying, it is
    assert np.isfinite(read(front, "trunk_rotation", plane="world"))
    for name in {str(key) for key in keys} - unmeasured:
        assert np.isfinite(read(front, name)) and np.isfinite(read(front, name, plane="world")), name


def test_the_meter_reads_what_measure_reads_and_the_twist_from_its_gauge():
    keys = [*all_keys("image"), *all_keys("world")]
    image_twist = AngleKey("trunk_rotation")
    for pose in (make_pose(), side_pose()):
        values = AngleMeter()(pose, keys)
        assert all(values[key] == measure(pose, key) for key in keys if key != image_twist)
    # Square-on, the gauge's first frame is its own square-on reference: no twist.
    assert AngleMeter()(make_pose(), [image_twist])[image_twist] == pytest.approx(0, abs=0.01)


def test_how_visible_an_angle_is_follows_the_landmarks_it_is_measured_from():
    pose = make_pose()
    far_side = [landmark for landmark in Landmark if landmark.name.startswith("RIGHT_")]
    pose.landmarks[far_side, 3] = 0.1  # side-on: the far side barely seen
    pose.landmarks[Landmark.LEFT_KNEE, 3] = 0.6
    # A whole-body angle takes the side seen: as visible as that side.
    assert measured_visibility(pose, AngleKey("body_incline")) == pytest.approx(0.99)
    # A sided angle is as visible as its least visible landmark.
    assert measured_visibility(pose, AngleKey("knee", "left")) == pytest.approx(0.6)
    assert measured_visibility(pose, AngleKey("knee", "right")) == pytest.approx(0.1)
