"""One Euro filtering of measured angles (Casiez, Roussel and Vogel, CHI 2012).

A low-pass filter whose cut-off rises with speed: held still, an angle is smoothed hard (the jitter
goes); moving, the cut-off opens up (the lag goes). Tuned by Casiez's procedure on synthetic 30 fps
angles carrying 2 deg of Gaussian jitter (an assumed input level, to be replaced by the jitter measured
on rendered held-pose clips): with beta = 0, `min_cutoff` was lowered until the held angle kept less
than 1 deg of standard deviation; then beta was raised until a steady 60 deg/s movement lagged less
than 100 ms (0.3 Hz and 0.03 give 0.5-0.7 deg and about 40 ms). `tests/test_smoothing.py` holds both
goals. Timestamps come from the frames, so live and replay runs filter identically.
"""

from __future__ import annotations

import math
from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import TypeVar

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

    @property
    def speed(self) -> float:
        """The filtered rate of change, in units per second."""
        return self._speed

    def reset(self) -> None:
        self._value, self._speed, self._t_ms = None, 0.0, None


@dataclass
class AngleSmoother:
    """One filter per angle (keyed by anything hashable, e.g. an `AngleKey`). A missing measurement
    restarts that angle's filter, so an angle seen again after a gap does not glide in from a stale value."""

    min_cutoff: float = DEFAULT_MIN_CUTOFF
    beta: float = DEFAULT_BETA
    _filters: dict[Hashable, OneEuroFilter] = field(default_factory=dict)

    def __call__(self, angles: dict[K, float | None], t_ms: int) -> dict[K, float | None]:
        smoothed: dict[K, float | None] = {}
        for name, value in angles.items():
            one_euro = self._filters.setdefault(name, OneEuroFilter(self.min_cutoff, self.beta))
            if value is None:
                one_euro.reset()
                smoothed[name] = None
            else:
                smoothed[name] = one_euro(value, t_ms)
        return smoothed

    def speed(self, name: Hashable) -> float:
        """How fast the angle is changing, in deg/s (0 before it has two values)."""
        one_euro = self._filters.get(name)
        return abs(one_euro.speed) if one_euro is not None else 0.0
