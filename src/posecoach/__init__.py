"""posecoach: an on-device webcam coach for stretching routines."""

__version__ = "0.1.0"
