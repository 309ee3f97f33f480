"""Classroom mode in the terminal: the facilitator's console, the login and the team seats."""
