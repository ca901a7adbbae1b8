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

# The native libraries under mediapipe log by family, each with its own prefix; lines below the error
# level say nothing a user can act on. TFLite and LiteRT: "INFO: [environment.cc:36] Creating LiteRT
# environment", "INFO: Created TensorFlow Lite XNNPACK delegate for CPU.", "WARNING: [model_load.cc:402]
# Sparsity tensors may not yet be fully supported."; absl: "WARNING: All log messages before
# absl::InitializeLog() is called are written to STDERR"; glog and absl's glog format (level letter,
# date, time, thread, file:line): "W0000 00:00:1796118484.705782    2831 inference_runner_litert.cc:1433]".
# Errors ("ERROR: ...", "E0000 ...", "F0000 ...") always pass.
NATIVE_INFO_LINE = re.compile(
    r"^(?:(?:INFO|WARNING|VERBOSE|DEBUG): "  # TFLite, LiteRT, absl
    r"|[IWV]\d{4} [\d:.]+ +\d+ [^ \]]+:\d+\] )"  # glog: level and date, time, thread, file:line]
)
# FFmpeg's demuxer and decoder lines: "[mov,mp4,m4a,3gp,3g2,mj2 @ 0x55d0c4a3c2c0] moov atom not found".
# Our own message names the file and what is wrong with it.
FFMPEG_LINE = re.compile(r"^\[[^\]]+ @ 0x[0-9a-f]+\]")


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
