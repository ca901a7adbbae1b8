"""What a session leaves behind: the session log."""
