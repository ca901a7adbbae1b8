"""posecoach: an on-device webcam coach for stretching routines."""

__version__ = "0.1.0"
DISCLAIMER = "posecoach is a training aid, not a substitute for a physiotherapist or doctor."
