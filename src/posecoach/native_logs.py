"""Keeping native libraries' log lines (MediaPipe, FFmpeg) off the terminal when they say nothing useful.

Their C code writes straight to file descriptor 2, past Python's `sys.stderr`, so the only way to sort
those lines is to point descriptor 2 at a file for the duration of a call and replay what matters.
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
import tempfile
from collections.abc import Iterator


@contextlib.contextmanager
def filtered_native_stderr(noise: re.Pattern[str]) -> Iterator[None]:
    """Hold back the stderr lines matching `noise` while the block runs, passing on every other line.

    If the block raises, all held-back lines are dropped: the exception carries the cause, and the CLI
    reports it in one line.
    """
    sys.stderr.flush()
    saved = os.dup(2)
    failed = False
    with tempfile.TemporaryFile(mode="w+b") as captured:
        os.dup2(captured.fileno(), 2)
        try:
            yield
        except BaseException:
            failed = True
            raise
        finally:
            sys.stderr.flush()
            os.dup2(saved, 2)
            os.close(saved)
            if not failed:
                captured.seek(0)
                for line in captured.read().decode(errors="replace").splitlines(keepends=True):
                    if not noise.search(line):
                        sys.stderr.write(line)
