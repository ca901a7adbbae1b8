"""Choosing and keeping the coached person, on landmark fixtures."""

from __future__ import annotations

import numpy as np
import pytest

from posecoach.pose.person import PersonSelector
from posecoach.pose.pose import Pose

from builders import make_pose


def _centre(pose: Pose | None) -> tuple[int, int]:
    assert pose is not None
    return tuple(np.round(pose.torso_center()).astype(int))


def test_first_choice_is_the_largest_and_most_central_person():
    small_central = make_pose(center=(320, 240), height=150)
    large_central = make_pose(center=(330, 240), height=320)
    large_at_edge = make_pose(center=(60, 240), height=330)
    chosen = PersonSelector().select([small_central, large_at_edge, large_central], t_ms=0)
    assert chosen is large_central


def test_keeps_the_person_nearest_the_last_pose_even_when_another_becomes_bigger():
    selector = PersonSelector()
    selector.select([make_pose(center=(300, 240), height=300)], t_ms=0)
    walker_in_front = make_pose(center=(420, 250), height=420)
    same_person_moved = make_pose(center=(310, 238), height=300)
    assert selector.select([walker_in_front, same_person_moved], t_ms=33) is same_person_moved


def test_never_jumps_to_someone_else_when_the_person_vanishes():
    selector = PersonSelector()
    selector.select([make_pose(center=(200, 240), height=300)], t_ms=0)
    other = make_pose(center=(480, 240), height=300)
    assert selector.select([other], t_ms=33) is None
    assert selector.select([other], t_ms=900) is None
    assert selector.select([make_pose(center=(205, 240), height=300)], t_ms=950) is not None


def test_picks_afresh_once_the_person_has_been_gone_longer_than_the_limit():
    selector = PersonSelector(forget_after_ms=1000)
    selector.select([make_pose(center=(200, 240), height=300)], t_ms=0)
    other = make_pose(center=(480, 240), height=300)
    assert selector.select([other], t_ms=1000) is None
    assert _centre(selector.select([other], t_ms=1001)) == _centre(other)


@pytest.mark.parametrize(("shift", "kept"), [(0.45, True), (0.55, False)])
def test_a_jump_of_half_a_torso_height_is_the_limit(shift: float, kept: bool):
    selector = PersonSelector(max_jump=0.5)
    first = make_pose(center=(300, 240), height=300)
    selector.select([first], t_ms=0)
    torso_height = 0.3 * 300  # shoulders at -0.3 height, hips at 0 in the builder
    moved = make_pose(center=(300 + shift * torso_height, 240), height=300)
    assert (selector.select([moved], t_ms=33) is moved) is kept


def test_nobody_in_view_gives_none():
    assert PersonSelector().select([], t_ms=0) is None
