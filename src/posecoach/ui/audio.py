"""Playing cues: tones and espeak-ng speech through the first audio player found, on a thread of its own.

The player never blocks the video loop: when it falls behind, stale cues are dropped rather than queued.
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
from pathlib import Path

import numpy as np

from posecoach.ui.cues import Cue

# Tones: (frequency Hz, duration s). Rising for a start, a short blip each 5 s, a higher pair at the end.
TONES = {"start": ((660, 0.15), (880, 0.2)), "tick": ((880, 0.08),), "done": ((880, 0.15), (1320, 0.3))}
_SAMPLE_RATE = 22050


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
