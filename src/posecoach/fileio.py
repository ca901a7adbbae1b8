"""File helpers: hashing, and writing outputs so that nothing half-written is ever left at a target.

Every output is either written whole and then renamed into place (`write_atomically`), or appended
line by line with each line handed to the operating system at once (`LineFile`), so that a crash,
Ctrl-C or `kill -9` keeps every whole line. A write that fails (a full disk, a folder that is not
writable) is an `OutputError` naming the file and the cause.
"""

from __future__ import annotations

import errno
import hashlib
import os
import tempfile
from pathlib import Path
from typing import IO

from posecoach.closing import Closing
from posecoach.errors import OutputError

STDOUT = Path("-")


def sha256_of(path: Path) -> str:
    """Hex sha256 of a file, read in blocks so that large videos do not fill memory."""
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def failure(what: str, path: Path, error: OSError) -> OutputError:
    """The one-line error for a write that failed, with what to do about its cause."""
    advice = {
        errno.ENOSPC: "the disk is full: free some space or write elsewhere",
        errno.EDQUOT: "the disk quota is used up: free some space or write elsewhere",
        errno.EACCES: "permission denied: choose a folder you can write to",
        errno.EPERM: "permission denied: choose a folder you can write to",
        errno.EROFS: "the file system is read-only: choose another folder",
        errno.EISDIR: "it is a folder: give a file name",
        errno.ENOTDIR: "a part of the path is a file, not a folder",
        errno.ENOENT: "that folder does not take new files: choose another folder",
    }.get(error.errno or 0, error.strerror or str(error))
    return OutputError(f"cannot write the {what} {path}: {advice}")


def check_writable(path: Path, what: str) -> None:
    """Fail before any work is done if `path` cannot be written, in one line saying why.

    The folder is tried by creating (and removing) a file in it, which also catches read-only file
    systems and folders that only permissions would not (as root).
    """
    if path == STDOUT:
        return
    if path.is_dir():
        raise failure(what, path, IsADirectoryError(errno.EISDIR, "is a folder"))
    folder = path.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    if not folder.is_dir():
        raise failure(what, path, NotADirectoryError(errno.ENOTDIR, "not a folder"))
    try:
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".posecoach-probe-"):
            pass
        if path.exists():
            with path.open("ab"):
                pass
    except OSError as error:
        raise failure(what, path, error) from None


def partial_path(target: Path) -> Path:
    """Where `target` is written until it is complete: beside it, with the same suffix."""
    return target.with_name(f"{target.stem}.partial{target.suffix}")


def write_atomically(target: Path, data: bytes, what: str = "file") -> Path:
    """Write `data` to `target` through a temporary file, so an interrupted write leaves no half file."""
    partial = partial_path(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        partial.write_bytes(data)
        partial.replace(target)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise failure(what, target, error) from None
    return target


class LineFile(Closing):
    """A text file written a line at a time, each line handed to the operating system at once.

    A line that cannot be written whole (a full disk) is cut off again before the error is raised, so
    the file only ever holds whole lines.
    """

    def __init__(self, path: Path, what: str, append: bool = True) -> None:
        self.path, self.what = path, what
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._file: IO[str] | None = path.open("a" if append else "w", encoding="utf-8")
        except OSError as error:
            raise failure(what, path, error) from None
        self._good = self._file.tell()

    def write_line(self, line: str) -> None:
        if self._file is None:
            return
        try:
            self._file.write(line + "\n")
            self._file.flush()
        except OSError as error:
            self._cut_back()
            raise failure(self.what, self.path, error) from None
        self._good = self._file.tell()

    def _cut_back(self) -> None:
        assert self._file is not None
        file, self._file = self._file, None
        try:
            os.truncate(self.path, self._good)
        except OSError:
            pass  # the line stays cut; readers skip a last line that does not parse
        try:
            file.close()
        except OSError:
            pass  # the unwritten rest is dropped with the file object

    def close(self) -> None:
        if self._file is not None:
            try:
                self._file.close()
            except OSError as error:
                self._file = None
                raise failure(self.what, self.path, error) from None
            self._file = None
