"""A frame being drawn on: the image, its scale, and a record of every text written (for layout tests).

Sizes are given for a 640x480 image, readable from about 3 m, and scale with the image's shorter side.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import cv2
import numpy as np

WHITE, GREY, DARK = (255, 255, 255), (170, 170, 170), (25, 25, 25)  # BGR
FONT = cv2.FONT_HERSHEY_DUPLEX
_REFERENCE_SIDE = 480


@dataclass(frozen=True)
class TextBox:
    """A piece of text written on the canvas and the box it covers, shadow included.

    Attributes:
        text: the text as written.
        box: (x0, y0, x1, y1) in pixels, x1 and y1 exclusive.
        color: its BGR colour.
    """

    text: str
    box: tuple[int, int, int, int]
    color: tuple[int, int, int]


@dataclass
class Canvas:
    """The image drawn on (in place) and the texts written on it so far."""

    image: np.ndarray
    texts: list[TextBox] = field(default_factory=list)

    @property
    def scale(self) -> float:
        return min(self.image.shape[:2]) / _REFERENCE_SIDE

    @property
    def width(self) -> int:
        return self.image.shape[1]

    @property
    def height(self) -> int:
        return self.image.shape[0]

    def px(self, value: float) -> int:
        """`value` pixels of the 640x480 reference, at this canvas's size."""
        return round(value * self.scale)

    def text_width(self, text: str, size: float, weight: int = 1) -> int:
        return cv2.getTextSize(text, FONT, size * self.scale, weight)[0][0]

    def text_size(self, text: str, size: float, weight: int = 1) -> tuple[int, int]:
        width, height = cv2.getTextSize(text, FONT, size * self.scale, weight)[0]
        return width, height

    def text(
        self, text: str, origin: tuple[int, int], size: float, color: tuple[int, int, int], weight: int = 1
    ) -> None:
        scale, thickness = size * self.scale, max(1, round(weight * self.scale))
        # A dark shadow keeps text readable on any background. (Not a thicker outline: OpenCV spaces
        # letters by stroke thickness, so the outline would drift away from the letters.)
        shadow = max(1, round(1.5 * self.scale))
        x, y = origin
        cv2.putText(self.image, text, (x + shadow, y + shadow), FONT, scale, DARK, thickness, cv2.LINE_AA)
        cv2.putText(self.image, text, origin, FONT, scale, color, thickness, cv2.LINE_AA)
        (width, height), baseline = cv2.getTextSize(text, FONT, scale, thickness)
        self.texts.append(TextBox(text, (x, y - height, x + width + shadow, y + baseline + shadow), color))

    def shade(self, x0: int, y0: int, x1: int, y1: int, alpha: float = 0.55) -> None:
        """Darken a rectangle, so text on it reads on any background."""
        region = self.image[max(y0, 0) : y1, max(x0, 0) : x1]
        region[:] = (region * (1 - alpha)).astype(np.uint8)
