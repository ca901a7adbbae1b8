"""Body position and camera view on landmark fixtures."""

from __future__ import annotations

import pytest

from posecoach.body.posture import body_position, camera_view
from posecoach.pose.landmarks import Landmark

from builders import make_pose, side_pose

QUADRUPED = {"hip": (200, 250), "shoulder": (360, 250), "knee": (200, 340), "ankle": (80, 340),
             "elbow": (360, 300), "wrist": (360, 340), "ear": (390, 260), "nose": (405, 280)}  # fmt: skip
PRONE = {"hip": (300, 400), "shoulder": (440, 400), "knee": (200, 400), "ankle": (100, 400),
         "elbow": (450, 420), "wrist": (500, 420), "ear": (465, 395), "nose": (480, 410)}  # fmt: skip


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
    # Shoulders 36 px and hips 20 px apart against a 90 px torso: between side-on and square-on.
    half = make_pose(
        left_shoulder=(338, 150), right_shoulder=(302, 150), left_hip=(330, 240), right_hip=(310, 240)
    )
    assert camera_view(half).label == "unknown"


def test_a_trunk_twisted_on_square_hips_still_faces_the_camera():
    # Thoracic rotation: shoulders nearly in line (10 px apart), hips square to the camera.
    twisted = make_pose(left_shoulder=(325, 150), right_shoulder=(315, 150))
    assert camera_view(twisted).label == "front"
