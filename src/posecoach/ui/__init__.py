"""What the person sees and hears: the overlay and its ghost, the window, keys, cues, progress lines."""
