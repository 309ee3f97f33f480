"""Standard output of the headless commands: nothing raw on a terminal, and one line when a write fails.

``detente.cli.main`` hands a headless command a ``GuardedOutput`` as
``sys.stdout``. Every text written through it is made ``printable_lines``
(line feeds kept; every other control character and every bidirectional
formatting character escaped): the last layer between a report and a
terminal, behind the renderers' own escaping. A write or flush that fails
(a full disk, a reader such as ``head`` that went away) raises
``OutputError``, which ``main`` prints as one line on standard error before
exiting with 1, never a traceback.
"""

from __future__ import annotations

from typing import Any, TextIO

from engine.errors import DetenteError, printable_lines

STANDARD_OUTPUT = "standard output"


class OutputError(DetenteError):
    """A command's output could not be written; the message says where and why in one line.

    ``stdout`` is true when it was standard output that failed (``main`` then
    sends whatever is still buffered for it nowhere, so that the exit is quiet).
    """

    def __init__(self, message: str, *, stdout: bool = False) -> None:
        super().__init__(message)
        self.stdout = stdout


def failure(where: str, exc: OSError) -> OutputError:
    """The ``OutputError`` for ``exc``, raised while writing to ``where`` (``STANDARD_OUTPUT`` or a file name)."""
    if isinstance(exc, BrokenPipeError):
        message = f"{where} was closed before everything was written (broken pipe)"
    else:
        message = f"cannot write to {where}: {exc.strerror or exc}"
    return OutputError(message, stdout=where == STANDARD_OUTPUT)


class GuardedOutput:
    """A text stream that writes only printable text and turns a failed write into ``OutputError``.

    Anything else (``fileno``, ``isatty``, ``encoding``…) is the wrapped stream's.
    """

    def __init__(self, stream: TextIO, where: str = STANDARD_OUTPUT) -> None:
        self.stream = stream
        """The stream written to."""
        self.where = where
        """What it is, in messages."""

    def write(self, text: str) -> int:
        """Write ``text`` with nothing raw in it; ``OutputError`` if the stream refuses it."""
        try:
            return self.stream.write(printable_lines(text))
        except OSError as exc:
            raise failure(self.where, exc) from None

    def writelines(self, lines: list[str]) -> None:
        """Write each of ``lines`` (as ``write`` does)."""
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        """Flush the stream; ``OutputError`` if what was buffered cannot be written."""
        try:
            self.stream.flush()
        except OSError as exc:
            raise failure(self.where, exc) from None

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)
