"""The same movement filmed mirrored (the person facing the other way) gets the same holds and the
same verdicts: a standing clip and a floor clip, with the real model."""

from __future__ import annotations

import json
from pathlib import Path

import cv2
import pytest

from posecoach.cli import main
from posecoach.pose.model_store import ModelFile

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
AGREEMENT = 0.97


def _mirrored(clip: Path, out: Path) -> Path:
    capture = cv2.VideoCapture(str(clip))
    fps = capture.get(cv2.CAP_PROP_FPS)
    writer = None
    while True:
        ok, image = capture.read()
        if not ok:
            break
        if writer is None:
            size = (image.shape[1], image.shape[0])
            writer = cv2.VideoWriter(str(out), cv2.VideoWriter.fourcc(*"mp4v"), fps, size)
        writer.write(cv2.flip(image, 1))
    assert writer is not None
    writer.release()
    capture.release()
    return out


def _analysis(clip: Path, exercise: str, out: Path) -> dict:
    assert main(["analyze", str(clip), "--exercise", exercise, "--json", str(out)]) == 0
    return json.loads(out.read_text())


@pytest.mark.parametrize(
    ("clip", "exercise"), [("wall_lean_right", "wall_lean"), ("child_pose_right", "child_pose")]
)
def test_a_mirrored_clip_gets_the_same_holds_and_verdicts(
    model: ModelFile, tmp_path: Path, clip: str, exercise: str
):
    original = _analysis(SAMPLES / f"{clip}.mp4", exercise, tmp_path / "original.json")
    mirrored = _analysis(
        _mirrored(SAMPLES / f"{clip}.mp4", tmp_path / "mirrored.mp4"), exercise, tmp_path / "m.json"
    )
    counted = [[h["counted"] for h in document["holds"]].count(True) for document in (original, mirrored)]
    assert counted[0] == counted[1] == 1
    same = sum(
        a["in_position"] == b["in_position"]
        for a, b in zip(original["frames"], mirrored["frames"], strict=True)
    )
    assert same >= AGREEMENT * len(original["frames"]), (
        f"verdicts agree on {same} of {len(original['frames'])}"
    )
    # The person was never lost: where the model dropped them, the second look found them.
    assert all(frame["pose"] is not None for frame in mirrored["frames"])
