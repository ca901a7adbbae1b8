"""Whether a picture is bright enough to find a person in: the coach shows it, analyze reports it."""

from __future__ import annotations

import numpy as np

# Mean brightness (0-255) under which the picture is too dark for the model to see limbs reliably.
TOO_DARK_LEVEL = 40
TOO_DARK_ADVICE = "turn on a light or face a window"
TOO_DARK_NOTICE = f"Too dark: {TOO_DARK_ADVICE}"


def lighting_notice(image: np.ndarray) -> str | None:
    """TOO_DARK_NOTICE for a picture too dark to coach from, else None (sampled on a coarse grid: this
    runs every frame)."""
    return TOO_DARK_NOTICE if float(image[::8, ::8].mean()) < TOO_DARK_LEVEL else None
