"""The sample video the demo runs on until rendered exercise clips are bundled: real people, from PyPI."""

from __future__ import annotations

from pathlib import Path

from posecoach.pypi import cache_dir, extract_from_wheel

# Two people outdoors, 1768x994, 30 fps, 230 frames (the Sports2D project's demo, BSD-3-Clause).
DEMO_WHEEL = "sports2d==0.8.34"
DEMO_MEMBER = "Sports2D/Demo/demo.mp4"


def demo_clip() -> Path:
    """Path to the demo clip, fetched from the pinned sports2d wheel on first use.

    Raises:
        PosecoachError: the wheel cannot be fetched.
    """
    return extract_from_wheel(DEMO_WHEEL, DEMO_MEMBER, cache_dir() / "demo" / "sports2d_demo.mp4")
