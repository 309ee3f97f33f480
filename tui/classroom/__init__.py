"""Classroom mode in the terminal: the facilitator's console, the login and the team seats."""

POLL = 0.25
"""Seconds between a seat's looks at the session file (a one-row read when nothing changed)."""
