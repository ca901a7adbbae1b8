"""The coach's keys and the commands they give; the window reads them, the help texts list them."""

from __future__ import annotations

KEYS = {
    ord(" "): "pause", ord("n"): "next", ord("b"): "back", ord("r"): "restart", ord("p"): "pain",
    ord("q"): "quit", 27: "quit",
}  # fmt: skip
KEY_HELP = "space pause/resume, n next, b back, r restart, p pain/stop, q or Esc quit"
