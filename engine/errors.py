"""The few error classes the engine raises; all are ``ValueError`` subclasses.

Each carries enough to print one clear paragraph: the file, the place in it
(line and key path where known) and what was expected.
"""

from __future__ import annotations

import attrs


@attrs.frozen
class Problem:
    """One thing wrong with an input file, located as precisely as possible."""

    path: str
    """Key path inside the document, such as ``$.moves[3].cost``."""
    message: str
    """What is wrong and what was expected."""
    line: int | None = None
    """1-based line number in the file, when it can be found."""

    def describe(self, file: str) -> str:
        """Render as ``file:line: path: message``."""
        where = f"{file}:{self.line}" if self.line else file
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


class DetenteError(ValueError):
    """Base class of every error the engine reports to a user."""


class ScenarioError(DetenteError):
    """A scenario file is not valid; ``problems`` lists every problem found."""

    def __init__(self, file: str, problems: list[Problem]) -> None:
        self.file = file
        self.problems = problems
        lines = [p.describe(file) for p in problems]
        super().__init__("\n".join(lines))


class OrderError(DetenteError):
    """An order (or a whole submission) was refused; the message says why."""

    def __init__(self, message: str, order: int | None = None) -> None:
        super().__init__(message)
        self.order = order
        """The 1-based index of the offending order in its submission, when one is to blame."""


class RecordError(DetenteError):
    """A game record is unreadable, incompatible or does not verify."""

    def __init__(self, file: str, message: str, line: int | None = None) -> None:
        self.file = file
        self.line = line
        where = f"{file}:{line}" if line else file
        super().__init__(f"{where}: {message}")
