"""`posecoach coach`: the live loop, from frame to pose to verdict to screen, speaker and log.

Live sources hand over only their newest frame (see sources.py), so when the machine is slow, frames
are dropped and the delay from camera to screen stays bounded. Every part here is passed in, so the
tests drive the same loop headless through a paced replay.
"""

from __future__ import annotations

import time
from collections import deque
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np

from posecoach.capture.lighting import lighting_notice
from posecoach.capture.sources import FrameSource
from posecoach.engine.events import HoldEnd
from posecoach.engine.routine_runner import RoutineRunner
from posecoach.pose.estimator import PoseEstimator
from posecoach.pose.tracking import PersonTracker
from posecoach.reports.session_log import SessionLog
from posecoach.ui.audio import AudioOut
from posecoach.ui.coach_overlay import CoachOverlay
from posecoach.ui.cues import CueScheduler

_FPS_WINDOW = 30


class Display(Protocol):
    closed: bool

    def show(self, image: np.ndarray) -> None: ...

    def command(self) -> str | None: ...


@dataclass
class CoachRun:
    """How a coaching run went.

    Attributes:
        frames: frames processed (shown on screen).
        dropped: frames a live source delivered that the loop was too slow to take.
        delays_ms: for live sources, per frame, the time from capture to the screen.
        elapsed_s: wall-clock duration of the loop.
        reason: why it ended: "source ended", "routine finished", "quit", "window closed".
    """

    frames: int = 0
    dropped: int = 0
    delays_ms: list[float] = field(default_factory=list)
    elapsed_s: float = 0.0
    reason: str = "source ended"

    @property
    def fps(self) -> float:
        return self.frames / self.elapsed_s if self.elapsed_s > 0 else 0.0


def run_coach(
    source: FrameSource,
    estimator: PoseEstimator,
    runner: RoutineRunner,
    display: Display,
    log: SessionLog,
    audio: AudioOut | None = None,
    mirror: bool = False,
) -> CoachRun:
    """Coach from `source` until it ends, the routine is over, or the user quits or closes the window.

    However the loop ends (a crash and Ctrl-C included), the hold in progress is ended and logged.
    """
    tracker, scheduler, overlay = PersonTracker(estimator), CueScheduler(), CoachOverlay()
    run, shown = CoachRun(), deque(maxlen=_FPS_WINDOW)
    start, last_index, t_ms, ended = time.monotonic(), -1, 0, False
    try:
        for frame in source:
            t_ms = frame.t_ms
            run.dropped += max(frame.index - last_index - 1, 0)
            last_index = frame.index
            pose = tracker.find(frame).pose
            state = runner.step(pose, frame.t_ms)
            log.append(state)
            for cue in scheduler.cues(state):
                log.write("cue", state.t_ms, kind=cue.kind, text=cue.text)
                if audio is not None:
                    audio.play(cue)
            fps = (
                (len(shown) - 1) / (shown[-1] - shown[0]) if len(shown) > 1 and shown[-1] > shown[0] else None
            )
            notice = lighting_notice(frame.image_bgr)
            display.show(overlay.draw(frame.image_bgr, pose, state, fps, mirror, notice))
            shown.append(time.monotonic())
            run.frames += 1
            if frame.captured_s is not None:
                run.delays_ms.append((shown[-1] - frame.captured_s) * 1000)
            stopped = _after_frame(display, runner, frame.t_ms)
            if stopped is not None:
                run.reason = stopped
                break
        ended = True
    finally:
        run.elapsed_s = time.monotonic() - start
        end = HoldEnd.SOURCE_ENDED if ended and run.reason == "source ended" else HoldEnd.INTERRUPTED
        log.append(runner.stop(t_ms, end))
    log.close(run.reason, t_ms)
    return run


def _after_frame(display: Display, runner: RoutineRunner, t_ms: int) -> str | None:
    """Apply the person's command, if any; why the session ends now, or None to go on."""
    command = display.command()
    if command == "quit":
        return "quit"
    if command is not None:
        runner.command(command, t_ms)
    if display.closed:
        return "window closed"
    if runner.over:
        return "routine finished"
    return None
