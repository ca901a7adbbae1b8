"""`posecoach coach`: the live loop, from frame to pose to verdict to screen, speaker and log.

Live sources hand over only their newest frame (see sources.py), so when the machine is slow, frames
are dropped and the delay from camera to screen stays bounded. Every part here is passed in, so the
tests drive the same loop headless through a paced replay.
"""

from __future__ import annotations

import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np

from posecoach.capture.lighting import lighting_notice
from posecoach.capture.sources import FrameSource
from posecoach.engine.events import HoldEnd
from posecoach.engine.routine_runner import CoachState, RoutineRunner
from posecoach.pose.estimator import PoseEstimator
from posecoach.pose.pose import Pose
from posecoach.pose.tracking import PersonTracker
from posecoach.reports.hold_frames import HoldFrames
from posecoach.reports.session_log import SessionLog
from posecoach.ui.audio import AudioOut
from posecoach.ui.coach_overlay import CoachOverlay
from posecoach.ui.cues import CueScheduler

_FPS_WINDOW = 30
# A live loop under this share of its source's frame rate (24 of a camera's 30) for PACE_WINDOW_S has
# fallen behind: said once, and logged. The rate is taken over the last _RATE_WINDOW_S, so that one slow
# frame is not a slow second.
SLOW_SHARE = 0.8
PACE_WINDOW_S = 5.0
_RATE_WINDOW_S = 1.0
SLOW_NOTICE_S = 8.0


def slow_notice(fps: float) -> str:
    return (
        f"This computer keeps up with {fps:.0f} frames a second: timing stays right, but close other "
        "programs for smoother coaching"
    )


@dataclass
class Pace:
    """How fast the loop shows frames: the rate on screen (over the last _FPS_WINDOW frames) and, for a
    live source of `source_fps` frames a second, whether the loop has fallen behind: under SLOW_SHARE of
    that for PACE_WINDOW_S on end.

    A loop that falls behind keeps working as it was: a live source hands over only its newest frame, so
    the frames the loop cannot take are dropped, and every timer runs on the frames' own timestamps, so
    holds stay timed right at any rate. What the person needs is to know it, once.
    """

    source_fps: float | None  # None for a file, read as fast as the machine goes: never behind
    _recent: deque[float] = field(default_factory=lambda: deque(maxlen=_FPS_WINDOW))
    _window: deque[float] = field(default_factory=deque)  # the last _RATE_WINDOW_S of frames
    _slow_since: float | None = None  # since when the rate has stayed too low
    _frames_since: int = 0
    _slow: tuple[float, str] | None = None  # when it was found slow, and what the screen says

    @property
    def fps(self) -> float | None:
        """Frames shown a second lately, or None before two were."""
        recent = self._recent
        return (
            (len(recent) - 1) / (recent[-1] - recent[0])
            if len(recent) > 1 and recent[-1] > recent[0]
            else None
        )

    def shown(self, now: float) -> float | None:
        """Note a frame shown at `now`; returns the rate when it has just been found too slow (once)."""
        self._recent.append(now)
        if self.source_fps is None or self._slow is not None:
            return None
        window = self._window
        window.append(now)
        while len(window) > 2 and now - window[1] >= _RATE_WINDOW_S:  # keep a second's span at least
            window.popleft()
        if now - window[0] < _RATE_WINDOW_S:  # under a second seen yet
            return None
        if (len(window) - 1) / (now - window[0]) >= SLOW_SHARE * self.source_fps:
            self._slow_since = None
            return None
        if self._slow_since is None:
            self._slow_since, self._frames_since = now, 0
        self._frames_since += 1
        if now - self._slow_since < PACE_WINDOW_S:
            return None
        fps = self._frames_since / (now - self._slow_since)
        self._slow = (now, slow_notice(fps))
        return fps

    def notice(self, now: float) -> str | None:
        """What the screen says about the pace, for SLOW_NOTICE_S once the loop was found slow."""
        return self._slow[1] if self._slow is not None and now - self._slow[0] < SLOW_NOTICE_S else None


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

    def summary(self) -> dict[str, Any]:
        """Frames processed and dropped, the rate, and the delays' median, p95 and max (live sources), as
        JSON for a benchmark's results."""
        delays = np.array(self.delays_ms) if self.delays_ms else np.zeros(1)
        return {
            "frames_processed": self.frames,
            "frames_dropped": self.dropped,
            "processed_fps": round(self.fps, 2),
            "delay_ms": {
                "median": round(float(np.median(delays)), 1),
                "p95": round(float(np.percentile(delays, 95)), 1),
                "max": round(float(delays.max()), 1),
            },
        }


def run_coach(
    source: FrameSource,
    estimator: PoseEstimator,
    runner: RoutineRunner,
    display: Display,
    log: SessionLog,
    audio: AudioOut | None = None,
    mirror: bool = False,
    hold_frames: HoldFrames | None = None,
) -> CoachRun:
    """Coach from `source` until it ends, the routine is over, or the user quits or closes the window
    (each hold's best frame saved by `hold_frames`, if the person asked). However the loop ends (a crash
    and Ctrl-C included), the hold in progress is ended and logged."""
    tracker, scheduler, overlay = PersonTracker(estimator), CueScheduler(), CoachOverlay()
    run, pace = CoachRun(), Pace((source.fps or 30.0) if source.live else None)
    start, last_index, t_ms, ended = time.monotonic(), -1, 0, False
    try:
        for frame in source:
            t_ms = frame.t_ms
            run.dropped += max(frame.index - last_index - 1, 0)
            last_index = frame.index
            pose = tracker.find(frame).pose
            state = runner.step(pose, frame.t_ms)
            _record(log, hold_frames, state, frame.image_bgr, pose)
            for cue in scheduler.cues(state):
                log.write("cue", state.t_ms, kind=cue.kind, text=cue.text)
                if audio is not None:
                    audio.play(cue)
            notice = lighting_notice(frame.image_bgr)
            if notice is None and (state.verdict is None or state.verdict.hint is None):
                notice = pace.notice(time.monotonic())  # never over a hint about the body
            display.show(overlay.draw(frame.image_bgr, pose, state, pace.fps, mirror, notice))
            now = time.monotonic()
            slow_fps = pace.shown(now)
            if slow_fps is not None:
                log.write("falling_behind", frame.t_ms, fps=round(slow_fps, 1), dropped=run.dropped)
            run.frames += 1
            if frame.captured_s is not None:
                run.delays_ms.append((now - frame.captured_s) * 1000)
            stopped = _after_frame(display, runner, frame.t_ms)
            if stopped is not None:
                run.reason = stopped
                break
        ended = True
    finally:
        run.elapsed_s = time.monotonic() - start
        end = HoldEnd.SOURCE_ENDED if ended and run.reason == "source ended" else HoldEnd.INTERRUPTED
        _record(log, hold_frames, runner.stop(t_ms, end), None, None)
    log.close(run.reason, t_ms)
    return run


def _record(
    log: SessionLog,
    hold_frames: HoldFrames | None,
    state: CoachState,
    image: np.ndarray | None,
    pose: Pose | None,
) -> None:
    log.append(state)
    if hold_frames is not None:
        hold_frames.observe(state, image, pose)


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
