"""The rules by which a classroom turn resolves by itself, by name: a module of its own, so that the
command line can offer them without loading the classroom."""

from __future__ import annotations

RESOLVE_RULES = {
    "all-in": (True, False),
    "deadline": (False, True),
    "both": (True, True),
    "manual": (False, False),
}
"""When a turn resolves by itself, by name: (when every team is in, at the deadline). ``manual``: the facilitator only."""
