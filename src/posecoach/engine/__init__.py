"""The exercise engine: routine files, the checker, the session state machine, the routine runner."""
