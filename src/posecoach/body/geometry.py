"""Pure vector geometry, in degrees, for 2D (image) and 3D (world) points alike."""

from __future__ import annotations

import numpy as np


def angle_between(u: np.ndarray, v: np.ndarray) -> float:
    """Unsigned angle between two vectors, 0-180 degrees (0 for a zero-length vector)."""
    norms = np.linalg.norm(u) * np.linalg.norm(v)
    if norms == 0:
        return 0.0
    return float(np.degrees(np.arccos(np.clip(np.dot(u, v) / norms, -1.0, 1.0))))


def interior_angle(a: np.ndarray, vertex: np.ndarray, c: np.ndarray) -> float:
    """Angle a-vertex-c at `vertex`: 180 when the three points are in a straight line."""
    return angle_between(a - vertex, c - vertex)


def perpendicular_part(v: np.ndarray, axis: np.ndarray) -> np.ndarray:
    """The part of `v` perpendicular to `axis`."""
    norm = np.linalg.norm(axis)
    if norm == 0:
        return v
    unit = axis / norm
    return v - np.dot(v, unit) * unit


def elevation(v: np.ndarray, up: np.ndarray) -> float:
    """Angle of `v` above the horizontal plane (negative below it), -90 to 90 degrees."""
    return 90.0 - angle_between(v, up)


def signed_angle_toward(reference: np.ndarray, v: np.ndarray, toward: np.ndarray) -> float:
    """Angle from `reference` to `v`, positive when `v` leans to the side of `toward`, else negative."""
    magnitude = angle_between(reference, v)
    side = np.dot(perpendicular_part(v, reference), toward)
    return magnitude if side >= 0 else -magnitude
