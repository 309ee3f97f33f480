"""The few error classes the engine raises; all are ``ValueError`` subclasses.

Each carries enough to print one clear paragraph: the file, the place in it
(line and key path where known) and what was expected. Whatever an error
prints passes through ``printable`` first, so a hostile file name or value
cannot send control sequences to a terminal.

``printable`` is the one escaping of text for terminals and text reports
(``printable_lines`` keeps line feeds, ``printable_json`` escapes what
``json.dumps`` leaves raw, both by the same rule); ``unsafe_character`` is
what input text may not hold, refused at load.
"""

from __future__ import annotations

import re

import engine.valueclass as valueclass

MAX_PROBLEMS = 50
"""A report lists at most this many problems, then says how many more there are."""

_BEYOND_ASCII = "\x7f-\x9f\u202a-\u202e\u2066-\u2069"
"""DEL, the C1 controls and the bidirectional embedding, override and isolate characters (a regex class)."""
_UNPRINTABLE = re.compile(f"[\x00-\x1f{_BEYOND_ASCII}]")
_UNSAFE_IN_TEXT = re.compile(f"[\x00-\x08\x0b-\x1f{_BEYOND_ASCII}]")
_UNSAFE_IN_LINE = _UNPRINTABLE
_UNPRINTABLE_BUT_LINE_FEED = re.compile(f"[\x00-\x09\x0b-\x1f{_BEYOND_ASCII}]")
_RAW_IN_JSON = re.compile(f"[{_BEYOND_ASCII}]")


def printable(text: str, *, flatten: bool = False) -> str:
    """``text`` with every control and bidirectional-override character escaped.

    C0 controls (line feed and tab included), DEL, C1 controls and the
    bidirectional embedding, override and isolate characters are written as
    ``\\x1b`` or ``\\u202e``, so the result is one line that a terminal shows
    as it is. With ``flatten``, tabs and line feeds (of a text that may span
    lines, such as a justification) become spaces instead of escapes.

    >>> printable("mini\\x1b]0;pwned\\x07")
    'mini\\\\x1b]0;pwned\\\\x07'
    >>> printable("two\\nlines", flatten=True)
    'two lines'
    """
    if flatten:
        text = text.replace("\t", " ").replace("\n", " ")
    return _UNPRINTABLE.sub(_escape, text)


def printable_lines(text: str) -> str:
    """``text`` of several lines with each line made ``printable``: line feeds are kept, nothing else raw.

    For messages and output that are meant to span lines (a list of problems,
    a report written to a terminal).

    >>> printable_lines("one\\x1b[2K\\ntwo\\r")
    'one\\\\x1b[2K\\ntwo\\\\x0d'
    """
    return _UNPRINTABLE_BUT_LINE_FEED.sub(_escape, text)


def printable_json(text: str) -> str:
    """JSON ``text`` with the characters ``printable`` escapes that ``json.dumps`` leaves raw written as ``\\uXXXX``.

    ``json.dumps`` escapes C0 controls in strings (a raw line feed in its
    output is layout) but, with ``ensure_ascii=False``, writes DEL, C1
    controls and the bidirectional characters as they are. Those can only
    stand inside JSON strings, where an escape means the same character, so
    the result decodes to the same value and shows nothing raw.

    >>> printable_json('{"why": "\\u202ex\\x9b"}')
    '{"why": "\\\\u202ex\\\\u009b"}'
    """
    return _RAW_IN_JSON.sub(_json_escape, text)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _json_escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def unsafe_character(text: str, *, lines: bool = True) -> int | None:
    """The index of the first character of ``text`` that input text may not hold, or None.

    Refused everywhere: C0 controls other than tab and line feed, DEL, C1
    controls (U+0080–U+009F) and the bidirectional embedding, override and
    isolate characters (U+202A–U+202E, U+2066–U+2069). With ``lines`` false
    (one-line text: names, titles, ids, keys) line feeds and tabs are refused too.
    """
    match = (_UNSAFE_IN_TEXT if lines else _UNSAFE_IN_LINE).search(text)
    return match.start() if match else None


def character_name(character: str) -> str:
    """How a refused character is named in messages: ``a control character (U+001B)``."""
    code = ord(character)
    kind = "a bidirectional formatting character" if code >= 0x200 else "a control character"
    return f"{kind} (U+{code:04X})"


@valueclass.frozen
class Problem:
    """One thing wrong with an input file, located as precisely as possible."""

    path: str
    """Key path inside the document, such as ``$.moves[3].cost``."""
    message: str
    """What is wrong and what was expected."""
    line: int | None = None
    """1-based line number in the file, when it can be found."""

    def describe(self, file: str) -> str:
        """Render as ``file:line: path: message``, on one line with every control character escaped."""
        where = f"{file}:{self.line}" if self.line else file
        text = f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"
        return printable(text)


class DetenteError(ValueError):
    """Base class of every error the engine reports to a user."""


class ProblemsError(DetenteError):
    """An input file is not valid; ``problems`` lists the first ``MAX_PROBLEMS`` problems found.

    ``more`` counts the problems found beyond those (not located, not
    described); ``total`` is every problem found. The message has one line per
    listed problem and, when there are more, one ``and N more problems`` line.
    """

    def __init__(self, file: str, problems: list[Problem], more: int = 0) -> None:
        self.file = file
        self.problems = problems[:MAX_PROBLEMS]
        self.more = more + max(0, len(problems) - MAX_PROBLEMS)
        lines = [p.describe(file) for p in self.problems]
        if self.more:
            lines.append(printable(f"{file}: and {self.more} more problem{'s' if self.more != 1 else ''}"))
        super().__init__("\n".join(lines))

    @property
    def total(self) -> int:
        """How many problems were found, listed or not."""
        return len(self.problems) + self.more


class ScenarioError(ProblemsError):
    """A scenario file is not valid; ``problems`` lists the problems found (see ``ProblemsError``)."""


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
        where = printable(f"{file}:{line}" if line else file)
        super().__init__(f"{where}: {printable_lines(message)}")
