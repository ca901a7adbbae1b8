"""Geometry of the body, pure numpy: angles, posture and view, the twist gauge, smoothing."""
