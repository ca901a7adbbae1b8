"""Audible and spoken cues: what to say when (`CueScheduler`), and saying it (`AudioOut`).

During a prone extension nobody can read the screen, so the coach speaks its hints, counts and
"release". The scheduler decides from the coach's state alone; the player runs on its own thread and
never blocks the video loop: when it falls behind, stale cues are dropped rather than queued.
"""

from __future__ import annotations

import io
import queue
import shutil
import subprocess
import tempfile
import threading
import wave
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from posecoach.engine.routine_runner import GET_READY, CoachState
from posecoach.engine.session import HOLDING, POSITIONING

# The same hint is never spoken twice within this time; one that stays true is repeated every
# HINT_REMIND_MS, for the person who cannot see the screen.
HINT_REPEAT_MS = 5000
HINT_REMIND_MS = 10000
# A hint must stay the same this long before it is spoken: a one-frame flicker is not worth a sentence.
HINT_SETTLE_MS = 600
TICK_EVERY_S = 5
# Events spoken as they happen, with their own message.
_SPOKEN_EVENTS = {
    "get_ready", "release", "hold_too_short", "rest_started", "rest_ended", "side_started", "cycle",
    "exercise_completed", "routine_completed", "pain_stop", "paused", "resumed",
}  # fmt: skip
# Corrections are spoken while getting ready and in the exercise, not while resting.
_HINTED_PHASES = (GET_READY, POSITIONING, HOLDING)
_TONE_EVENTS = {"hold_started": "start", "hold_completed": "done"}
# Tones: (frequency Hz, duration s). Rising for a start, a short blip each 5 s, a higher pair at the end.
TONES = {"start": ((660, 0.15), (880, 0.2)), "tick": ((880, 0.08),), "done": ((880, 0.15), (1320, 0.3))}
_SAMPLE_RATE = 22050


@dataclass(frozen=True)
class Cue:
    """Something to play: a tone by name (`kind` "tone") or words (`kind` "speech")."""

    kind: str
    text: str


class CueScheduler:
    """Turns the coach's state, frame by frame, into the cues to play at that frame."""

    def __init__(self) -> None:
        self._hint: str | None = None
        self._hint_since = 0
        self._spoken_at: dict[str, int] = {}
        self._ticks = 0

    def cues(self, state: CoachState) -> list[Cue]:
        cues: list[Cue] = []
        for event in state.events:
            if event.kind in _TONE_EVENTS:
                cues.append(Cue("tone", _TONE_EVENTS[event.kind]))
            if event.kind == "hold_started":
                self._ticks = 0
            if event.kind in _SPOKEN_EVENTS:
                text = event.message
                if event.kind == "get_ready":
                    text = f"{event.message}. {state.exercise.instruction}"
                cues.append(Cue("speech", text))
        if state.phase == HOLDING and state.held_s >= (self._ticks + 1) * TICK_EVERY_S:
            self._ticks = int(state.held_s // TICK_EVERY_S)
            target = state.hold_target_s
            if target is None or state.held_s < target:
                cues += [Cue("tone", "tick"), Cue("speech", str(self._ticks * TICK_EVERY_S))]
        hint = self._settled_hint(state)
        if hint is not None:
            cues.append(Cue("speech", hint))
        return cues

    def _settled_hint(self, state: CoachState) -> str | None:
        hint = state.verdict.hint if state.phase in _HINTED_PHASES and state.verdict is not None else None
        if hint != self._hint:
            self._hint, self._hint_since = hint, state.t_ms
            return None
        if hint is None or state.t_ms - self._hint_since < HINT_SETTLE_MS:
            return None
        last = self._spoken_at.get(hint)
        if last is not None and state.t_ms - last < HINT_REPEAT_MS:
            return None
        if last is not None and last >= self._hint_since and state.t_ms - last < HINT_REMIND_MS:
            return None
        self._spoken_at[hint] = state.t_ms
        return hint


def tone_wav(name: str) -> bytes:
    """A tone from TONES as a 16-bit mono WAV file, with soft edges so it does not click."""
    parts = []
    for frequency, duration in TONES[name]:
        t = np.arange(int(_SAMPLE_RATE * duration)) / _SAMPLE_RATE
        envelope = np.minimum(1.0, np.minimum(t, duration - t) / 0.01)
        parts.append(0.4 * envelope * np.sin(2 * np.pi * frequency * t))
    samples = (np.concatenate(parts) * 32767).astype("<i2")
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(_SAMPLE_RATE)
        out.writeframes(samples.tobytes())
    return buffer.getvalue()


# Players of a WAV file, tried in this order: PipeWire, PulseAudio, ALSA, macOS.
_PLAYERS = (("pw-play",), ("paplay",), ("aplay", "-q"), ("afplay",))
_SPEAKER = ("espeak-ng", "-s", "160")
_QUEUE_SIZE = 4


class AudioOut:
    """Plays cues on a background thread. Missing tools or a missing sound card make it quiet, once
    said through `warn`; `play` never blocks and drops cues when the player is behind."""

    def __init__(self, tones: bool = True, voice: bool = True, warn: Callable[[str], None] = print) -> None:
        self.warn = warn
        self._queue: queue.Queue[Cue | None] = queue.Queue(_QUEUE_SIZE)
        self._folder = Path(tempfile.mkdtemp(prefix="posecoach-tones-"))
        self._player = next((p for p in _PLAYERS if shutil.which(p[0])), None) if tones or voice else None
        self.tones = tones and self._player is not None
        self.voice = voice and self._player is not None and shutil.which(_SPEAKER[0]) is not None
        if tones and self._player is None:
            warn("no audio player found (pw-play, paplay, aplay): the coach runs silently")
        elif voice and not self.voice:
            warn("espeak-ng not found: the coach will not speak (install it: sudo apt-get install espeak-ng)")
        self._thread = threading.Thread(target=self._run, name="cues", daemon=True)
        self._thread.start()

    def play(self, cue: Cue) -> None:
        if (cue.kind == "tone" and not self.tones) or (cue.kind == "speech" and not self.voice):
            return
        try:
            self._queue.put_nowait(cue)
        except queue.Full:
            pass  # the player is behind: a late cue is worse than none

    def _run(self) -> None:
        while (cue := self._queue.get()) is not None:
            if not self._play(cue):
                self.tones = self.voice = False
                self.warn("no sound output works on this machine: the coach runs silently from here on")

    def _play(self, cue: Cue) -> bool:
        assert self._player is not None
        wav = self._folder / f"{cue.text}.wav" if cue.kind == "tone" else self._folder / "speech.wav"
        if cue.kind == "tone" and not wav.exists():
            wav.write_bytes(tone_wav(cue.text))
        if cue.kind == "speech":
            spoken = subprocess.run([*_SPEAKER, "-w", str(wav), "--", cue.text], capture_output=True)
            if spoken.returncode != 0:
                return False
        return subprocess.run([*self._player, str(wav)], capture_output=True).returncode == 0

    def close(self) -> None:
        """Stop after the cue playing now; queued cues are dropped."""
        while True:
            try:
                self._queue.get_nowait()
            except queue.Empty:
                break
        self._queue.put(None)
        self._thread.join(timeout=5)
        shutil.rmtree(self._folder, ignore_errors=True)
