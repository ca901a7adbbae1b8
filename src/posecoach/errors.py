"""Typed errors. Library code raises these; only the CLI turns them into one-line messages."""


class PosecoachError(Exception):
    """Base of every error a user can fix; its message is one line that says what to do."""


class ModelError(PosecoachError):
    """The pose model is missing, corrupt, or not the one the manifest names."""


class SourceError(PosecoachError):
    """A camera, video file or image folder cannot be read."""


class OutputError(PosecoachError):
    """An output file (analysis, video, log) cannot be written: a folder, a read-only place, a full disk."""


class Terminated(KeyboardInterrupt):
    """SIGTERM, taken like Ctrl-C: what was done is kept and written before the program ends."""

    signal_name = "SIGTERM"
