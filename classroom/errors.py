"""The errors the session layer reports: both name the session file and say what went wrong."""

from __future__ import annotations

from engine.errors import DetenteError


class ClassroomError(DetenteError):
    """A session file cannot be created, opened or used; the message says why in one sentence.

    ``file`` is the session file's path as given; ``str(error)`` is ``"FILE: message"``.
    """

    def __init__(self, file: str, message: str) -> None:
        self.file = str(file)
        self.message = message
        super().__init__(f"{self.file}: {message}")


class AccessDenied(ClassroomError):
    """A code that opens nothing in this session (or no longer does: it was reissued)."""
