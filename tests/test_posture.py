"""Body position and camera view on landmark fixtures."""

from __future__ import annotations

import pytest

from posecoach.body.points import Body
from posecoach.body.posture import PostureReader, _position_features, _position_scores
from posecoach.pose.landmarks import Landmark

from builders import make_pose, side_pose

QUADRUPED = {"hip": (200, 250), "shoulder": (360, 250), "knee": (200, 340), "ankle": (80, 340),
             "elbow": (360, 300), "wrist": (360, 340), "ear": (390, 260), "nose": (405, 280)}  # fmt: skip
PRONE = {"hip": (300, 400), "shoulder": (440, 400), "knee": (200, 400), "ankle": (100, 400),
         "elbow": (450, 420), "wrist": (500, 420), "ear": (465, 395), "nose": (480, 410)}  # fmt: skip


def body_position(pose):
    """A first frame's position: no earlier reading to keep."""
    return PostureReader().read(pose).position


def camera_view(pose):
    return PostureReader().read(pose).view


@pytest.mark.parametrize(
    ("parts", "expected"),
    [
        ({}, "standing"),
        # forward fold: trunk hanging down, legs straight
        ({"shoulder": (390, 330), "ear": (410, 370), "nose": (400, 380)}, "standing"),
        (
            {
                "hip": (300, 400),
                "knee": (400, 400),
                "ankle": (500, 400),
                "shoulder": (300, 260),
                "ear": (305, 230),
                "nose": (330, 225),
            },
            "seated",
        ),
        (
            {
                "hip": (300, 280),
                "knee": (300, 400),
                "ankle": (200, 400),
                "shoulder": (300, 140),
                "ear": (305, 110),
                "nose": (330, 105),
            },
            "kneeling",
        ),
        # child's pose: hips on the heels, chest folded over the thighs
        (
            {
                "knee": (300, 400),
                "ankle": (200, 400),
                "hip": (220, 370),
                "shoulder": (360, 380),
                "ear": (390, 390),
                "nose": (400, 400),
            },
            "kneeling",
        ),
        (QUADRUPED, "quadruped"),
        (PRONE, "prone"),
        ({**PRONE, "shoulder": (432, 352)}, "prone"),  # chest lifted 20 deg
        ({**PRONE, "nose": (480, 385)}, "supine"),
    ],
)
def test_body_position(parts, expected):
    result = body_position(side_pose(**parts))
    assert result.label == expected
    assert 0.5 <= result.confidence <= 1.0


def test_position_is_unknown_without_the_legs():
    assert body_position(side_pose(hidden=("left_ankle", "right_ankle"))).label == "unknown"


def test_views():
    front = make_pose()
    assert camera_view(front).label == "front"
    xy = front.xy
    back = make_pose(
        left_shoulder=tuple(xy[Landmark.RIGHT_SHOULDER]), right_shoulder=tuple(xy[Landmark.LEFT_SHOULDER])
    )
    assert camera_view(back).label == "back"
    assert camera_view(side_pose(near="left")).label == "side_left"
    assert camera_view(side_pose(near="right")).label == "side_right"
    assert camera_view(side_pose()).confidence == pytest.approx(1.0)


def test_a_half_turned_person_is_an_unknown_view():
    # Shoulders 39 px and hips 20 px apart against a 90 px torso: between side-on and square-on.
    half = make_pose(
        left_shoulder=(339, 150), right_shoulder=(300, 150), left_hip=(330, 240), right_hip=(310, 240)
    )
    assert camera_view(half).label == "unknown"


def test_a_trunk_twisted_on_square_hips_still_faces_the_camera():
    # Thoracic rotation: shoulders nearly in line (10 px apart), hips square to the camera.
    twisted = make_pose(left_shoulder=(325, 150), right_shoulder=(315, 150))
    assert camera_view(twisted).label == "front"


def test_a_child_s_pose_with_the_hips_lifted_is_kneeling_not_on_all_fours():
    # A real child's pose read "quadruped" (hips and shoulders as high above the knees and hands as on
    # all fours) with the knees folded to 33-36 deg; a real all-fours has them at 68-86.
    pose = side_pose(
        knee=(300, 400), ankle=(180, 400), hip=(202, 332), shoulder=(350, 345), elbow=(410, 385),
        wrist=(470, 420), ear=(375, 350), nose=(390, 362),
    )  # fmt: skip
    scores = _position_scores(_position_features(Body(pose, "image")))
    assert scores["quadruped"] < 0 < scores["kneeling"]
    assert body_position(pose).label == "kneeling"


@pytest.mark.parametrize("lift", [20, 30, 40])
def test_a_chest_lifted_off_the_floor_reads_prone(lift: float):
    # Up to 40 deg: past the 35 deg safety limit the coach says "Ease off" whatever the position reads.
    from builders import point_at

    shoulder = point_at(90 - lift, 140, PRONE["hip"])
    ear = point_at(90 - lift + 20, 30, shoulder)
    pose = side_pose(**{**PRONE, "shoulder": shoulder, "ear": ear, "nose": point_at(180, 20, ear)})
    assert body_position(pose).label == "prone"


def test_a_position_read_stays_through_frames_near_the_boundary():
    # A held prone chest lift whose face MediaPipe reads level on some frames: the front then points
    # nearly as much up as down, and a single frame would as soon say "supine". The reading stays "prone".
    reader = PostureReader()
    held, level_face = side_pose(**PRONE), side_pose(**{**PRONE, "nose": (490, 394)})
    labels = [reader.read(pose).position.label for pose in [held, level_face] * 10]
    assert set(labels) == {"prone"}
    # A clear change is read at once.
    assert reader.read(side_pose()).position.label == "standing"


def test_a_side_view_a_little_turned_reads_side_on_and_stays_so():
    def turned(width_px: float):
        return make_pose(
            left_shoulder=(320 + width_px / 2, 150), right_shoulder=(320 - width_px / 2, 150),
            left_hip=(320, 240), right_hip=(320, 240),
        )  # fmt: skip

    # Shoulders 34 px apart on a 90 px torso (0.38): the real child's pose with the hands walked
    # toward the camera read 0.34-0.38 and was told to turn its side to the camera.
    reader = PostureReader()
    assert reader.read(turned(34)).view.label.startswith("side_")
    assert reader.read(turned(39)).view.label.startswith("side_")  # 0.43: kept, not flickering
    assert PostureReader().read(turned(39)).view.label == "unknown"  # 0.43 read afresh: in between


def test_a_chest_turned_far_on_the_hips_still_faces_the_camera():
    # Read square-on first, then the shoulders narrow to a third of the torso's length and MediaPipe's
    # hips with them (a 50 deg thoracic rotation, rendered): still facing the camera, not side-on.
    reader = PostureReader()
    assert reader.read(make_pose()).view.label == "front"
    narrow = make_pose(
        left_shoulder=(335, 150), right_shoulder=(305, 150), left_hip=(329, 240), right_hip=(311, 240)
    )
    assert reader.read(narrow).view.label == "front"
    assert PostureReader().read(narrow).view.label.startswith("side_")  # the same width read afresh
