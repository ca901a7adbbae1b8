"""One Euro filtering of measured angles (Casiez, Roussel and Vogel, CHI 2012).

A low-pass filter whose cut-off rises with speed: held still, an angle is smoothed hard (the jitter
goes); moving, the cut-off opens up (the lag goes). Tuned by Casiez's procedure on synthetic 30 fps
angles carrying 2 deg of Gaussian jitter (an assumed input level, to be replaced by the jitter measured
on rendered held-pose clips): with beta = 0, `min_cutoff` was lowered until the held angle kept less
than 1 deg of standard deviation; then beta was raised until a steady 60 deg/s movement lagged less
than 100 ms (0.3 Hz and 0.03 give 0.5-0.7 deg and about 40 ms). `tests/test_smoothing.py` holds both
goals. Timestamps come from the frames, so live and replay runs filter identically.

How fast an angle moves (for "move gently") is not read from the filter, whose change carries its lag
and grows with the frame rate, but from the slope of the raw values over the last 0.4 s (`SlopeMeter`).
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import TypeVar

import numpy as np

K = TypeVar("K", bound=Hashable)
# Hz: the cut-off for an angle held still.
DEFAULT_MIN_CUTOFF = 0.3
# Hz per deg/s: how fast the cut-off opens with speed.
DEFAULT_BETA = 0.03
# Hz: the cut-off for the speed estimate itself.
DEFAULT_DERIVATIVE_CUTOFF = 1.0


def _alpha(cutoff_hz: float, dt_s: float) -> float:
    tau = 1.0 / (2 * math.pi * cutoff_hz)
    return 1.0 / (1.0 + tau / dt_s)


@dataclass
class OneEuroFilter:
    """Filters one signal sampled at irregular times."""

    min_cutoff: float = DEFAULT_MIN_CUTOFF
    beta: float = DEFAULT_BETA
    derivative_cutoff: float = DEFAULT_DERIVATIVE_CUTOFF
    _value: float | None = None
    _speed: float = 0.0
    _t_ms: int | None = None

    def __call__(self, value: float, t_ms: int) -> float:
        """Filter `value` observed at `t_ms`; the first value passes through unchanged."""
        if self._value is None or self._t_ms is None or t_ms <= self._t_ms:
            self._value, self._speed, self._t_ms = value, 0.0, t_ms
            return value
        dt = (t_ms - self._t_ms) / 1000
        speed = (value - self._value) / dt
        self._speed += _alpha(self.derivative_cutoff, dt) * (speed - self._speed)
        cutoff = self.min_cutoff + self.beta * abs(self._speed)
        self._value += _alpha(cutoff, dt) * (value - self._value)
        self._t_ms = t_ms
        return self._value

    def reset(self) -> None:
        self._value, self._speed, self._t_ms = None, 0.0, None


@dataclass
class SlopeMeter:
    """How fast a signal changes, in units per second: the least-squares slope of its raw values over
    the last `window_ms`. The filtered value's change would carry the filter's lag and read faster at
    higher frame rates (a true 30 deg/s with 2 deg of jitter read 80 at 30 fps and 105 at 60); a slope
    over a fixed time does not depend on the frame rate, and averages the jitter of many frames away."""

    window_ms: int = 400
    _samples: deque[tuple[int, float]] = field(default_factory=deque)

    def add(self, value: float, t_ms: int) -> None:
        self._samples.append((t_ms, value))
        while self._samples and self._samples[0][0] < t_ms - self.window_ms:
            self._samples.popleft()

    @property
    def slope(self) -> float:
        """Units per second; 0 until the window holds three values over half its span."""
        if len(self._samples) < 3 or self._samples[-1][0] - self._samples[0][0] < self.window_ms / 2:
            return 0.0
        times = np.array([t for t, _ in self._samples], dtype=float) / 1000
        values = np.array([v for _, v in self._samples])
        times -= times.mean()
        return float(np.dot(times, values - values.mean()) / np.dot(times, times))

    def reset(self) -> None:
        self._samples.clear()


@dataclass
class AngleSmoother:
    """One filter per angle (keyed by anything hashable, e.g. an `AngleKey`). A missing measurement
    restarts that angle's filter, so an angle seen again after a gap does not glide in from a stale value."""

    min_cutoff: float = DEFAULT_MIN_CUTOFF
    beta: float = DEFAULT_BETA
    _filters: dict[Hashable, tuple[OneEuroFilter, SlopeMeter]] = field(default_factory=dict)

    def __call__(self, angles: dict[K, float | None], t_ms: int) -> dict[K, float | None]:
        smoothed: dict[K, float | None] = {}
        for key, value in angles.items():
            if key not in self._filters:
                self._filters[key] = (OneEuroFilter(self.min_cutoff, self.beta), SlopeMeter())
            one_euro, slope = self._filters[key]
            if value is None:
                one_euro.reset()
                slope.reset()
                smoothed[key] = None
            else:
                slope.add(value, t_ms)
                smoothed[key] = one_euro(value, t_ms)
        return smoothed

    def speed(self, key: Hashable) -> float:
        """How fast the angle is changing, in deg/s, over the last 0.4 s (0 until it is known)."""
        found = self._filters.get(key)
        return abs(found[1].slope) if found is not None else 0.0
