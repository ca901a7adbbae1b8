"""Frames in and video out: frame sources, the video writer, and the filter for native log lines."""
