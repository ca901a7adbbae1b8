"""The history of sessions: stored in SQLite (`store`), read from session logs and analysis runs
(`records`), judged over time (`trends`), shown (`tables`) and exported (`export`)."""
