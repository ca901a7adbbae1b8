"""The report's plots, drawn with matplotlib into SVG text that the HTML holds inline (no files, no
network): each judged angle of an exercise over time, its target band shaded, the holds marked."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from posecoach.history.records import AngleSample, HoldRecord

HOLD_COUNTED = "#546e7a"
HOLD_SHORT = "#ef6c00"
BAND = "#a5d6a7"
# Samples further apart than this are not joined by the line (the log samples every 0.5 s).
GAP_S = 1.5


@dataclass(frozen=True)
class Band:
    """An angle's accepted range and ideal, in degrees (either end may be open)."""

    low: float | None
    high: float | None
    target: float | None


@dataclass(frozen=True)
class Series:
    """One angle over time: seconds into the session and degrees (None where it was not seen)."""

    name: str
    label: str
    seconds: list[float]
    degrees: list[float | None]
    band: Band | None


def angle_series(
    samples: list[AngleSample],
    names: dict[str, tuple[str, Band | None]],
    flipped: frozenset[str] = frozenset(),
) -> list[Series]:
    """Each angle of `names` (name: its label and band) over the samples (one exercise's), in order.
    Angles in `flipped` are signed toward the working side: on the right side their sign turns."""
    seconds = [sample.t_ms / 1000 for sample in samples]
    found = []
    for name, (label, band) in names.items():
        degrees = []
        for sample in samples:
            value = sample.angles.get(name)
            turn = name in flipped and sample.side == "right" and value is not None
            degrees.append(-value if turn else value)
        found.append(Series(name, label, seconds, degrees, band))
    return found


def svg_text(figure: Figure) -> str:
    """The figure as an inline <svg> element, without the XML prologue, DOCTYPE, metadata and namespace
    declarations: they name URLs, and HTML knows the SVG and xlink namespaces without them."""
    buffer = io.StringIO()
    figure.savefig(
        buffer, format="svg", metadata={"Creator": None, "Date": None, "Format": None, "Type": None}
    )
    text = buffer.getvalue()
    text = text[text.index("<svg") :]
    text = re.sub(r"<metadata>.*?</metadata>", "", text, flags=re.DOTALL)
    return re.sub(r'\s+xmlns(:xlink)?="[^"]*"', "", text, count=2)


def exercise_figure(series: list[Series], holds: list[HoldRecord], title: str) -> Figure:
    """One panel per angle, sharing the time axis; holds shaded (green: counted, orange: too short)."""
    figure = Figure(figsize=(9, 1.9 * len(series) + 0.6), layout="constrained")
    axes = figure.subplots(len(series), 1, sharex=True, squeeze=False)[:, 0]
    for ax, one in zip(axes, series, strict=True):
        points = [(t, v) for t, v in zip(one.seconds, one.degrees, strict=True) if v is not None]
        if points:
            ax.plot(*_broken(points), color="#1565c0", linewidth=1.4, marker=".", markersize=3)
        if one.band is not None:
            shade_band(ax, one.band, [v for _, v in points])
        for hold in holds:
            end_ms = hold.end_ms if hold.end_ms is not None else hold.start_ms
            colour = HOLD_COUNTED if hold.counted else HOLD_SHORT
            ax.axvspan(hold.start_ms / 1000, end_ms / 1000, color=colour, alpha=0.12, linewidth=0)
        ax.set_ylabel(f"{one.label} (°)")
        ax.grid(True, alpha=0.3)
    axes[0].set_title(title, loc="left", fontsize=11)
    axes[-1].set_xlabel("seconds into the session")
    return figure


def _broken(points: list[tuple[float, float]]) -> tuple[np.ndarray, np.ndarray]:
    """The points as x and y, with a gap (NaN) wherever no sample came for a while (a rest, the angle
    unseen), so that the line does not join across it."""
    seconds, degrees = (np.array(values, dtype=float) for values in zip(*points, strict=True))
    gaps = np.flatnonzero(np.diff(seconds) > GAP_S) + 1
    return np.insert(seconds, gaps, np.nan), np.insert(degrees, gaps, np.nan)


def shade_band(ax: Axes, band: Band, values: list[float]) -> None:
    """Shade the band (to the panel's edge at an open end), the ideal dashed; the panel shows both the
    values and the band's ends."""
    shown = [*values, *(end for end in (band.low, band.high, band.target) if end is not None)]
    bottom, top = min(shown) - 5, max(shown) + 5
    low = band.low if band.low is not None else bottom
    high = band.high if band.high is not None else top
    ax.axhspan(low, high, color=BAND, alpha=0.35, linewidth=0)
    if band.target is not None:
        ax.axhline(band.target, color="#2e7d32", linestyle="--", linewidth=1)
    ax.set_ylim(bottom, top)
