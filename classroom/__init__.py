"""Classroom mode: one SQLite session file shared by a facilitator and every team's seat.

See docs/classroom-store.md. The way in is ``classroom.store.Store``; the values it takes and
gives are in ``classroom.values``, the desks in ``classroom.facilitator_desk`` and ``classroom.seat_desk``.
"""
