"""Typed errors. Library code raises these; only the CLI turns them into one-line messages."""


class PosecoachError(Exception):
    """Base of every error a user can fix; its message is one line that says what to do."""


class ModelError(PosecoachError):
    """The pose model is missing, corrupt, or not the one the manifest names."""


class SourceError(PosecoachError):
    """A camera, video file or image folder cannot be read."""
