"""Reading one table of a routine file: typed fields, finite numbers within bounds, hints whose
placeholders exist for the target they belong to and render, and no unknown keys.

Every problem is a `RoutineError` naming the field, what was expected and what was found.
"""

from __future__ import annotations

import math
import re
import string
from collections.abc import Callable
from typing import Any

from posecoach.engine.routine import RoutineError

HINT_FIELDS = frozenset({"value", "target", "min", "max", "side"})
# A hint is one short sentence: a format spec wider than this is a mistake (and `{value:>20000000}`
# would write megabytes into every frame's record).
MAX_SPEC_WIDTH = 20
MAX_HINT_LENGTH = 160


class Fields:
    """Reads one TOML table, tracking where it is for error messages and rejecting unknown keys."""

    def __init__(self, table: Any, where: str, fail: Callable[[str, str], RoutineError]) -> None:
        self._where, self._fail = where, fail
        if not isinstance(table, dict):
            raise fail(where, f"expected a table, found {type(table).__name__}")
        self.table = table
        self._read: set[str] = set()

    def error(self, key: str, problem: str) -> RoutineError:
        return self._fail(f"{self._where}.{key}" if self._where else key, problem)

    def get(self, key: str, kind: type | tuple[type, ...], default: Any = ...) -> Any:
        self._read.add(key)
        if key not in self.table:
            if default is ...:
                raise self.error(key, "missing")
            return default
        value = self.table[key]
        kinds = kind if isinstance(kind, tuple) else (kind,)
        # TOML integers are fine where numbers are expected; booleans are not numbers here.
        if (isinstance(value, bool) and bool not in kinds) or not isinstance(value, kinds):
            names = " or ".join(k.__name__ for k in kinds)
            raise self.error(key, f"expected {names}, found {value!r}")
        return value

    def number(
        self, key: str, default: Any = ..., low: float = -math.inf, high: float = math.inf
    ) -> float | None:
        """A finite number within [low, high] (TOML allows nan and inf; a routine does not)."""
        value = self.get(key, (int, float), default)
        if value is None:
            return None
        if not math.isfinite(value) or not low <= value <= high:
            raise self.error(key, f"expected a number from {low:g} to {high:g}, found {value!r}")
        return float(value)

    def whole(self, key: str, low: int, high: int, default: Any = ...) -> int:
        """A whole number within [low, high]."""
        value = self.get(key, int, default)
        if not low <= value <= high:
            raise self.error(key, f"expected a whole number from {low} to {high}, found {value!r}")
        return value

    def choice(self, key: str, choices: tuple[str, ...], default: Any = ...) -> Any:
        value = self.get(key, str, default)
        if value is not default and value not in choices:
            raise self.error(key, f"expected one of {', '.join(choices)}, found {value!r}")
        return value

    def hint(self, key: str, default: Any = ...) -> str:
        """A hint's text, its placeholders checked for names and format (see also `check_hint`)."""
        text = self.get(key, str, default)
        try:
            parsed = list(string.Formatter().parse(text))
        except ValueError as error:
            raise self.error(key, f"{text!r} is not a valid hint: {error} (write {{{{ for a brace)") from None
        for _, field_name, spec, conversion in parsed:
            if field_name is None:
                continue
            if field_name not in HINT_FIELDS or conversion or "{" in (spec or ""):
                raise self.error(
                    key, f"placeholder {{{field_name}}} is not one of {', '.join(sorted(HINT_FIELDS))}"
                )
            if any(int(width) > MAX_SPEC_WIDTH for width in re.findall(r"\d+", spec or "")):
                raise self.error(key, f"placeholder {{{field_name}:{spec}}} is wider than {MAX_SPEC_WIDTH}")
        return text

    def done(self) -> None:
        unknown = sorted(set(self.table) - self._read)
        if unknown:
            raise self.error(unknown[0], "unknown field")


def check_hint(fields: Fields, key: str, text: str, values: dict[str, float | str | None]) -> None:
    """Render `text` once with the values its target will give it, so a hint that cannot be said (a
    placeholder with no value for this target, a format that does not fit a number) fails at load."""
    for _, field_name, _, _ in string.Formatter().parse(text):
        if field_name is not None and values.get(field_name) is None:
            raise fields.error(
                key, f"placeholder {{{field_name}}} has no value here: this target has no {field_name}"
            )
    try:
        rendered = text.format(**values)
    except (ValueError, TypeError) as error:
        raise fields.error(key, f"{text!r} cannot be said: {error}") from None
    if len(rendered) > MAX_HINT_LENGTH:
        raise fields.error(key, f"renders to {len(rendered)} characters; keep a hint under {MAX_HINT_LENGTH}")
