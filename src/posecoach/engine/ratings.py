"""Pain and stiffness ratings, 0 to 10, asked before the first exercise and after the last one.

Typed on the number keys, never required: the routine goes on whether or not the person answers. A
"1" waits DIGIT_WAIT_MS for a "0" (a 10); any other digit is a whole answer at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from posecoach.engine.events import Event, EventKind

MEASURES = ("pain", "stiffness")
DIGITS = tuple("0123456789")
DIGIT_WAIT_MS = 800
# After the last exercise, the final panel stays while the person is answering, this long after a key.
ANSWERING_MS = 5000


@dataclass
class RatingPrompt:
    """The questions of one moment ("before" or "after"), answered digit by digit.

    Attributes:
        moment: "before" the first exercise or "after" the last.
        answers: each measure answered so far, 0-10.
    """

    moment: str
    answers: dict[str, int] = field(default_factory=dict)
    _typed_one_at: int | None = None  # when a "1" was typed that a "0" may still make a 10
    last_key_ms: int | None = None

    @property
    def question(self) -> str | None:
        """The measure being asked ("pain", "stiffness"), or None once all are answered."""
        return next((measure for measure in MEASURES if measure not in self.answers), None)

    def key(self, digit: str, t_ms: int) -> list[Event]:
        """A number key pressed at `t_ms`; returns the ratings it completed."""
        events = self.tick(t_ms)
        if self.question is None:
            return events
        self.last_key_ms = t_ms
        if self._typed_one_at is not None:  # "1" then this digit
            self._typed_one_at = None
            if digit == "0":
                return [*events, self._answer(10, t_ms)]
            events.append(self._answer(1, t_ms))
            if self.question is None:
                return events
        if digit == "1":
            self._typed_one_at = t_ms
            return events
        return [*events, self._answer(int(digit), t_ms)]

    def tick(self, t_ms: int) -> list[Event]:
        """The time passing: a "1" left alone for DIGIT_WAIT_MS is a 1."""
        if self._typed_one_at is not None and t_ms - self._typed_one_at >= DIGIT_WAIT_MS:
            self._typed_one_at = None
            return [self._answer(1, t_ms)]
        return []

    def answering(self, t_ms: int) -> bool:
        """The person has begun answering and may go on (a key within ANSWERING_MS, questions left)."""
        recent = self.last_key_ms is not None and t_ms - self.last_key_ms < ANSWERING_MS
        return self.question is not None and recent

    def _answer(self, value: int, t_ms: int) -> Event:
        measure = self.question
        assert measure is not None
        self.answers[measure] = value
        return Event(t_ms, EventKind.RATED, name=f"{measure}_{self.moment}", count=value)
