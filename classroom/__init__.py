"""Classroom mode: one SQLite session file shared by a facilitator and every team's seat.

See docs/classroom-store.md. The public API lives in ``classroom.store``.
"""
