"""The coach's keys and the commands they give; the window reads them, the help texts list them."""

from __future__ import annotations

KEYS = {
    ord(" "): "pause", ord("n"): "next", ord("b"): "back", ord("r"): "restart", ord("p"): "pain",
    ord("q"): "quit", 27: "quit", **{ord(digit): digit for digit in "0123456789"},
}  # fmt: skip
KEY_HELP = "space pause/resume, n next, b back, r restart, p pain/stop, q or Esc quit, 0-10 ratings"
# The rating asked before the first exercise and after the last, by measure.
RATING_PROMPTS = {
    "pain": "Your pain now, 0 to 10? Type the number (or just carry on).",
    "stiffness": "Your stiffness now, 0 to 10? Type the number (or just carry on).",
}
# What the screen and the voice tell the person to press, in the words of KEYS.
RESUME_PROMPT = "press space to go on"
AFTER_PAIN_PROMPT = "press n for the next exercise or q to quit"
