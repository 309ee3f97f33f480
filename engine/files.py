"""Reading an input file safely: a regular file only, never blocking, never more than a limit.

Every file a user hands to Détente (a scenario, a rubric, an orders file, a
game record, a classroom session) is read through here:

- the path is ``stat``-ed first, and anything that is not a regular file (a
  directory, a named pipe, a device such as ``/dev/zero``, a socket) is
  refused without being opened, so opening it can have no side effect;
- it is then opened with ``O_NONBLOCK`` (where the system has it), so a path
  swapped for a named pipe in between cannot hang the program, and checked
  again with ``fstat`` on the open descriptor, which is what is read;
- a file larger than the limit is refused from its size, and at most the
  limit plus one byte is ever read, so a file that grows while it is read
  costs no more memory than the limit.

Problems raise ``UnreadableFile`` (or its subclasses ``FileTooLarge`` and
``NotText``) with a short ``reason`` that holds no file name; callers turn it
into their own error class, located at the file.

Every file Détente writes (a record, a review, a grade report, an export)
replaces only a regular file: ``require_replaceable`` refuses a destination
that is a named pipe, a device or a socket (following symbolic links), so a
named pipe stays a named pipe and a device node is never replaced.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from engine.errors import DetenteError, printable

_CHUNK = 1 << 20
_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)


class UnreadableFile(DetenteError):
    """An input file cannot be used; ``reason`` says why in a few words, without the file name."""

    def __init__(self, file: str, reason: str) -> None:
        self.file = file
        self.reason = reason
        super().__init__(f"{printable(file)}: {reason}")


class FileTooLarge(UnreadableFile):
    """The file is over its limit (refused from its size, or it grew past the limit while read)."""

    def __init__(self, file: str, reason: str, size: int, limit: int) -> None:
        super().__init__(file, reason)
        self.size = size
        """The size found: from ``fstat``, or the bytes read when the file grew (then ``limit + 1``)."""
        self.limit = limit


class NotText(UnreadableFile):
    """The file is not UTF-8 text."""

    def __init__(self, file: str, reason: str, byte: int) -> None:
        super().__init__(file, reason)
        self.byte = byte
        """Offset of the first byte that is not UTF-8."""


def read_text(path: str | Path, kind: str, limit: int) -> str:
    """The UTF-8 text of the regular file at ``path``, at most ``limit`` bytes; a leading byte-order mark is dropped.

    ``kind`` names what the file should be in messages (``scenario file``,
    ``game record``). Raises ``UnreadableFile``: ``FileTooLarge`` over the
    limit, ``NotText`` when the bytes are not UTF-8.
    """
    data = read_bytes(path, kind, limit)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise NotText(str(path), f"is not UTF-8 text (byte {exc.start})", exc.start) from None


def read_bytes(path: str | Path, kind: str, limit: int) -> bytes:
    """The bytes of the regular file at ``path``, refused (``FileTooLarge``) when over ``limit``."""
    return _read(path, kind, limit, whole=True)


def read_head(path: str | Path, kind: str, size: int) -> bytes:
    """The first ``size`` bytes (or fewer) of the regular file at ``path``, however long it is.

    For files such as a classroom session that are identified by their
    header and then handed to another reader.
    """
    return _read(path, kind, size, whole=False)


def _read(path: str | Path, kind: str, limit: int, *, whole: bool) -> bytes:
    name = str(path)
    if not name:
        raise UnreadableFile("''", "no file name was given")
    try:
        _require_regular(name, os.stat(path), kind)
        descriptor = os.open(path, _FLAGS)
    except FileNotFoundError:
        raise UnreadableFile(name, "no such file") from None
    except OSError as exc:
        raise UnreadableFile(name, f"cannot be read: {exc.strerror or exc}") from None
    try:
        status = os.fstat(descriptor)
        _require_regular(name, status, kind)  # the path may have been replaced since it was checked
        if whole and status.st_size > limit:
            raise FileTooLarge(name, f"file is {status.st_size} bytes; {_article(kind)} is at most {limit}", status.st_size, limit)
        data = _read_at_most(descriptor, limit + 1 if whole else limit)
    except OSError as exc:
        raise UnreadableFile(name, f"cannot be read: {exc.strerror or exc}") from None
    finally:
        os.close(descriptor)
    if whole and len(data) > limit:
        raise FileTooLarge(name, f"file grew past {limit} bytes while it was read; {_article(kind)} is at most {limit}", len(data), limit)
    return data


def _read_at_most(descriptor: int, count: int) -> bytes:
    chunks: list[bytes] = []
    remaining = count
    while remaining > 0:
        chunk = os.read(descriptor, min(remaining, _CHUNK))
        if not chunk:
            break
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)


def _require_regular(name: str, status: os.stat_result, kind: str) -> None:
    """Raise ``UnreadableFile`` unless ``status`` is that of a regular file."""
    if not stat.S_ISREG(status.st_mode):
        raise UnreadableFile(name, f"is {special_kind(status.st_mode) or 'not a regular file, so'}, not {_article(kind)}")


def special_kind(mode: int) -> str | None:
    """What a file of ``mode`` is when it is not a regular file (``a named pipe (FIFO)``, ``a device``,
    ``a directory``, ``a socket``); None for a regular file, '' for anything else."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return ""


# -- writing ------------------------------------------------------------------------------------


class SpecialDestination(OSError):
    """An output path names a named pipe, a device or a socket, which is left as it is.

    An ``OSError`` (``errno.EINVAL``) whose ``strerror`` says what is there,
    so that every writer's ``except OSError`` reports it in its own words:
    ``cannot write the record: it is a named pipe (FIFO), not a regular file; it was left as it is``.
    """

    def __init__(self, file: str, what: str) -> None:
        super().__init__(errno.EINVAL, f"it is {what}, not a regular file; it was left as it is", file)
        self.what = what


def require_replaceable(path: str | Path) -> None:
    """Raise ``SpecialDestination`` if ``path`` (a symbolic link followed) is a named pipe, a device or a socket.

    Call it before writing to ``path`` and again just before renaming a
    temporary file over it. A missing path, a dangling link, a regular file
    and a directory pass: a directory is refused by the rename itself, with
    the system's words.
    """
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return  # nothing there (or nothing that can be looked at): the write will say what is wrong
    what = special_kind(mode)
    if what is not None and what != "a directory":
        raise SpecialDestination(str(path), what or "a special file")


def _article(kind: str) -> str:
    return f"{'an' if kind[:1] in ('a', 'e', 'i', 'o', 'u') else 'a'} {kind}"
