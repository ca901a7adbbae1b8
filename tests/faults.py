"""Making faults to test with: a video cut short as a download or a full disk leaves it, a source
interrupted after some frames, a disk that fills up."""

from __future__ import annotations

import errno
import struct
from collections.abc import Iterator
from pathlib import Path

# MP4 boxes that hold other boxes, on the way from `moov` down to the chunk offset tables.
_CONTAINERS = {b"moov", b"trak", b"mdia", b"minf", b"stbl"}


def _boxes(data: bytes, start: int, end: int) -> Iterator[tuple[bytes, int, int]]:
    """(type, start, end) of each box between `start` and `end`."""
    at = start
    while at + 8 <= end:
        size, kind = struct.unpack(">I4s", data[at : at + 8])
        if size < 8:
            raise ValueError(f"unsupported box size {size} at {at}")
        yield kind, at, at + size
        at += size


def _shift_chunk_offsets(moov: bytearray, start: int, end: int, shift: int) -> None:
    for kind, box_start, box_end in _boxes(bytes(moov), start, end):
        if kind in _CONTAINERS:
            _shift_chunk_offsets(moov, box_start + 8, box_end, shift)
        elif kind == b"stco":  # version/flags, count, then 32-bit offsets into the file
            (count,) = struct.unpack(">I", moov[box_start + 12 : box_start + 16])
            for i in range(count):
                at = box_start + 16 + 4 * i
                (offset,) = struct.unpack(">I", moov[at : at + 4])
                moov[at : at + 4] = struct.pack(">I", offset + shift)


def cut_video(source: Path, target: Path, keep: float) -> Path:
    """`source` (an MP4 with its index at the end, as OpenCV writes it) with the index moved to the
    front, as streaming tools write it, and then cut after `keep` of its frame data: a player opens it
    and reads until the data ends, as with a download or a copy that stopped half way."""
    data = Path(source).read_bytes()
    boxes = {kind: (start, end) for kind, start, end in _boxes(data, 0, len(data))}
    (moov_start, moov_end), (mdat_start, mdat_end) = boxes[b"moov"], boxes[b"mdat"]
    if moov_start < mdat_start:
        raise ValueError(f"{source} already has its index first")
    moov = bytearray(data[moov_start:moov_end])
    _shift_chunk_offsets(moov, 8, len(moov), len(moov))
    head = data[:mdat_start]
    mdat = data[mdat_start:mdat_end]
    whole = head + bytes(moov) + mdat
    target.write_bytes(whole[: len(head) + len(moov) + 8 + int(keep * (len(mdat) - 8))])
    return target


def interrupted_after(frames: int, source, error: BaseException | None = None):
    """A source that yields `frames` frames of `source` and then raises `error` (Ctrl-C by default)."""
    raised = error if error is not None else KeyboardInterrupt()

    class Interrupted:
        def __init__(self) -> None:
            self.name, self.fps, self.frame_count = source.name, source.fps, source.frame_count
            self.problems, self.reading_report = source.problems, source.reading_report

        def __iter__(self):
            for frame in source:
                if frame.index >= frames:
                    raise raised
                yield frame

        def __enter__(self):
            return self

        def __exit__(self, *exc) -> None:
            source.close()

    return Interrupted()


def disk_full() -> OSError:
    return OSError(errno.ENOSPC, "No space left on device")
