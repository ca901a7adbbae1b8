"""A progress line on stderr for long jobs: redrawn in place on a terminal, every 10% in a log."""

from __future__ import annotations

import sys
import time
from typing import TextIO


class Progress:
    """Reports `done of total` with the rate and the time left.

    Args:
        label: what is being done, e.g. "analyzing demo.mp4".
        total: the number of steps, or None when unknown (a camera).
        stream: where to write; stderr by default, so that stdout stays clean for data.
        unit: what a step is ("frames", shown with a rate in fps; "recordings", without a rate).
    """

    def __init__(
        self, label: str, total: int | None, stream: TextIO | None = None, unit: str = "frames"
    ) -> None:
        self.label, self.total, self.unit = label, total, unit
        self.stream = stream or sys.stderr
        self._interactive = self.stream.isatty()
        self._start = time.monotonic()
        self._done = 0
        self._last_decile = -1

    def update(self, done: int) -> None:
        self._done = done
        if self._interactive:
            self.stream.write("\r" + self._line())
            self.stream.flush()
        elif self.total:
            decile = 10 * done // self.total
            if decile > self._last_decile:
                self._last_decile = decile
                self.stream.write(self._line() + "\n")

    def close(self) -> None:
        if self._interactive:
            self.stream.write("\r" + self._line() + "\n")

    def _line(self) -> str:
        elapsed = time.monotonic() - self._start
        rate = self._done / elapsed if elapsed > 0 else 0.0
        fps = f", {rate:.1f} fps" if self.unit == "frames" else ""
        if not self.total:
            return f"{self.label}: {self._done} {self.unit}{fps}"
        left = (self.total - self._done) / rate if rate > 0 else 0.0
        percent = 100 * self._done / self.total
        return (
            f"{self.label}: {self._done}/{self.total} {self.unit} ({percent:3.0f}%){fps}, {left:.0f} s left"
        )
