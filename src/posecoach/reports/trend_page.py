"""`posecoach history --plot`: one self-contained HTML page with each exercise's key angle over the
sessions, the target band shaded and, around the first session's value, the band a change must leave
to be more than measurement error."""

from __future__ import annotations

from html import escape
from pathlib import Path

from matplotlib.figure import Figure

from posecoach import DISCLAIMER
from posecoach.fileio import write_atomically
from posecoach.history.trends import SideDifference, Trend
from posecoach.reports.plots import Band, shade_band, svg_text
from posecoach.reports.session_report import STYLE


def trend_figure(trend: Trend) -> Figure:
    """The key angle per session (dated), its target band, and first value ± the detectable difference."""
    figure = Figure(figsize=(9, 2.6), layout="constrained")
    ax = figure.subplots()
    days = [started.replace("T", " ")[:16] for started, _ in trend.values]
    values = [value for _, value in trend.values]
    positions = range(len(values))
    judged = trend.judged
    shade_band(ax, Band(judged.low, judged.high, judged.target), values)
    if trend.detectable is not None:
        low, high = values[0] - trend.detectable, values[0] + trend.detectable
        ax.axhspan(low, high, color="#90a4ae", alpha=0.25, linewidth=0)
        ax.set_ylim(min(ax.get_ylim()[0], low - 2), max(ax.get_ylim()[1], high + 2))
    ax.plot(positions, values, color="#1565c0", marker="o", linewidth=1.6)
    ax.set_xticks(list(positions), days, rotation=20, ha="right", fontsize=8)
    side = f", {trend.side} side" if trend.side else ""
    ax.set_title(f"{trend.exercise}{side}: {trend.angle} ({trend.change})", loc="left", fontsize=11)
    ax.set_ylabel("degrees")
    ax.grid(True, alpha=0.3)
    return figure


def write_trend_page(found: list[Trend], differences: list[SideDifference], path: Path) -> Path:
    """Write the trends page to `path` (atomically); returns the path."""
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>posecoach progress</title><style>{STYLE}</style></head><body>",
        "<h1>posecoach progress</h1>",
        f'<p class="disclaimer">{escape(DISCLAIMER)}</p>',
        '<p class="meta">Each point is a session: the mean of the key angle over its counted holds. Green: '
        "the target range (dashed: the ideal). Grey: the first session's value ± the smallest difference "
        "the measurement can tell; a change inside it is within measurement error.</p>",
    ]
    if not found:
        parts.append("<p>No counted holds yet: nothing to show over time.</p>")
    for trend in found:
        parts.append(svg_text(trend_figure(trend)))
    for difference in differences:
        parts.append(
            f"<p>{escape(difference.exercise)}, latest session: left {difference.left:.1f}°, right "
            f"{difference.right:.1f}°, {difference.gap:.1f}° apart: {difference.verdict}.</p>"
        )
    parts.append("</body></html>")
    return write_atomically(path, "\n".join(parts).encode("utf-8"), "trends page")
