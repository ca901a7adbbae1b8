"""Resources that close: a base for the ones that are their own context manager."""

from __future__ import annotations

from types import TracebackType
from typing import Self


class Closing:
    """Closes itself on leaving a `with` block, however the block ends."""

    def close(self) -> None:
        """Release what the object holds; calling it again does nothing."""

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()
