"""Which recordings the paths given on the command line name (no OpenCV here: the command line reads
this before it loads anything heavy)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from posecoach.errors import SourceError

IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".bmp", ".tif", ".tiff", ".webp")
VIDEO_SUFFIXES = (".mp4", ".mov", ".avi", ".mkv", ".webm", ".m4v", ".mpg", ".mpeg")


def recordings(paths: Sequence[Path]) -> list[Path]:
    """The recordings `paths` name, in order: a file as given (a video, or anything else, for the
    source to judge); a folder of videos, each video in it by name; a folder of images, the folder (one
    recording, its images the frames).

    Raises:
        SourceError: a folder holds both videos and images, which would be read neither way for sure.
    """
    found: list[Path] = []
    for path in paths:
        if not path.is_dir():
            found.append(path)
            continue
        entries = [entry for entry in path.iterdir() if entry.is_file()]
        videos = sorted(entry for entry in entries if entry.suffix.lower() in VIDEO_SUFFIXES)
        if videos and any(entry.suffix.lower() in IMAGE_SUFFIXES for entry in entries):
            raise SourceError(
                f"{path} holds both videos and images: give the videos as files, or move the images "
                "into a folder of their own (a folder of images is one recording)"
            )
        found.extend(videos or [path])
    return found


def recording_name(recording: Path) -> str:
    """The name a recording's outputs take: a video's file name without its suffix, a folder's name."""
    return recording.name if recording.is_dir() else recording.stem
