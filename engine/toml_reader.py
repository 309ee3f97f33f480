"""Reading typed values out of parsed TOML while collecting located problems.

``Reader`` never raises on bad content: each problem is recorded with its key
path and (where the source shows it) its line, and a harmless fallback value
is returned so that one pass finds every problem in the file. The first
``MAX_PROBLEMS`` are kept, located from an index of the source built once;
the rest are counted, so checking stays linear in the file's size.
``Reader.characters`` refuses control and bidirectional formatting
characters in every key and string before anything is read.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_left
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

# tomli is the standard tomllib's own source, published with compiled wheels that parse about
# 3.5 times faster (a record's replay parses its whole embedded scenario): the same documents,
# the same values, on every Python (a platform without its wheel gets the pure-Python one).
import tomli as tomllib

from engine.errors import MAX_PROBLEMS, Problem, character_name, printable, unsafe_character
from engine.files import UnreadableFile, read_text

TOMLDecodeError = tomllib.TOMLDecodeError

ID_PATTERN = re.compile(r"[a-z][a-z0-9_]{0,39}")
"""What an id looks like; always matched with ``fullmatch`` (a ``$`` would let a final line feed in)."""
MAX_TEXT = 2000
_HEADER = re.compile(r"^\s*\[\[?\s*([A-Za-z0-9_.\s\"-]+?)\s*\]\]?\s*(#.*)?$")
_LINE_IN_MESSAGE = re.compile(r"\(at line (\d+), column (\d+)\)")
_KEY_IN_LINE = re.compile(r"(?:^|(?<=[{,\s]))([A-Za-z0-9_-]+)\s*=")
_SEGMENT = re.compile(r"\.([A-Za-z0-9_-]+)(?:\[(\d+)\])?")

_REQUIRED = object()
_TAB_OR_LINE_FEED = re.compile("[\t\n]")
_WHITESPACE = {"\t": "a tab", "\n": "a line feed"}
_TEXT_RULE = "text may hold tabs and line feeds, but no other control character and no bidirectional formatting character"


_FRIENDLIER = (
    ("Cannot overwrite a value", "a key is set twice, or a table redefines a key set before"),
    ("Cannot declare", "a table is declared twice"),
    ("Illegal character '\\n'", "a line ends inside a string (is a quote missing?)"),
)


def parse_toml(text: str) -> tuple[dict[str, Any] | None, Problem | None]:
    """Parse TOML text; on a syntax error return the problem with its line.

    A leading byte-order mark is ignored. Nesting deep enough to exhaust the
    parser's recursion is reported as a problem, not raised.
    """
    try:
        return tomllib.loads(text.removeprefix("\ufeff")), None
    except TOMLDecodeError as exc:
        message = str(exc)
        match = _LINE_IN_MESSAGE.search(message)
        line = int(match.group(1)) if match else None
        message = _LINE_IN_MESSAGE.sub("", message).strip()
        for raw, plain in _FRIENDLIER:
            if message.startswith(raw):
                message = f"{plain} ({message})"
        return None, Problem("", f"TOML syntax error: {message}", line)
    except RecursionError:
        return None, Problem("", "arrays or tables are nested too deeply to be a scenario")


def read_input_file(path: str | Path, kind: str, error: Callable[[str, list[Problem]], Exception], limit: int) -> str:
    """The UTF-8 text of an input file of ``kind`` (``scenario file``, ``rubric file``, ``orders file``).

    Read through ``engine.files.read_text``: a missing name or file, anything
    but a regular file (a directory, a named pipe, a device), a file over
    ``limit`` bytes (refused from its size; never more than ``limit`` + 1
    bytes are read) or one that is not UTF-8 raises ``error`` with one
    problem. A leading byte-order mark is dropped.
    """
    try:
        return read_text(path, kind, limit)
    except UnreadableFile as exc:
        raise error(exc.file, [Problem("", exc.reason)]) from None


class _Index:
    """Where the tables and keys of a TOML source stand, found in one pass over its lines.

    Built once per file (and only when a problem is to be located), so that
    locating each of many problems costs a few dictionary look-ups and
    binary searches, not a scan of the file.
    """

    def __init__(self, source: str) -> None:
        self.lines = len(lines := source.split("\n"))
        self.headers: dict[str, list[int]] = {}
        """Header name (``factions.objectives``) -> the lines where it stands, in order."""
        self.keys: dict[str, list[int]] = {}
        """Bare key -> the lines that assign it, in order."""
        self.section_end: dict[int, int] = {}
        """Header line -> the line of the next header that is not inside its table."""
        self.first_header = self.lines
        open_sections: list[tuple[int, str]] = []
        for number, text in enumerate(lines):
            match = _HEADER.match(text) if "[" in text else None
            if match:
                name = re.sub(r"\s+", "", match.group(1)).replace('"', "")
                while open_sections and not name.startswith(open_sections[-1][1] + "."):
                    self.section_end[open_sections.pop()[0]] = number
                open_sections.append((number, name))
                self.headers.setdefault(name, []).append(number)
                self.first_header = min(self.first_header, number)
            if "=" in text:
                for key in _KEY_IN_LINE.findall(text.split("#", 1)[0] if "#" in text else text):
                    self.keys.setdefault(key, []).append(number)
        for number, _ in open_sections:
            self.section_end[number] = self.lines

    def nth_header(self, name: str, index: int, start: int, end: int) -> int | None:
        """The line of the ``index``-th header ``name`` within lines ``[start, end)``."""
        lines = self.headers.get(name, [])
        position = bisect_left(lines, start) + index
        return lines[position] if position < len(lines) and lines[position] < end else None

    def key_line(self, key: str, start: int, end: int) -> int | None:
        """The first line within ``[start, end)`` that assigns ``key``."""
        lines = self.keys.get(key, [])
        position = bisect_left(lines, start)
        return lines[position] if position < len(lines) and lines[position] < end else None


class Reader:
    """Typed access to a TOML document that records problems instead of raising.

    The first ``MAX_PROBLEMS`` problems are kept with their lines; later ones
    are only counted in ``more``, so a file with a hundred thousand mistakes
    is checked in linear time.
    """

    def __init__(self, source: str) -> None:
        self._source = source
        self._index: _Index | None = None
        self.problems: list[Problem] = []
        self.more = 0
        """Problems found beyond the first ``MAX_PROBLEMS`` (counted, not kept)."""

    # -- reporting -----------------------------------------------------------------

    def problem(self, path: str, message: str) -> None:
        """Record a problem at ``path`` (a key path such as ``$.moves[2].cost``)."""
        if len(self.problems) >= MAX_PROBLEMS:
            self.more += 1
            return
        self.problems.append(Problem(path, message, self.locate(path)))

    @property
    def count(self) -> int:
        """Every problem found so far, kept or only counted."""
        return len(self.problems) + self.more

    def locate(self, path: str) -> int | None:
        """Best-effort 1-based line of ``path`` in the source, or None."""
        if self._index is None:
            self._index = _Index(self._source)
        index = self._index
        start, end = 0, index.lines
        found: int | None = None
        prefix: list[str] = []
        for key, position in _SEGMENT.findall(path):
            prefix.append(key)
            name = ".".join(prefix)
            if position:
                header = index.nth_header(name, int(position), start, end)
                if header is not None:
                    start, end = header, min(index.section_end[header], end)
                    found = header + 1
                    continue
            table = index.nth_header(name, 0, start, end)
            if table is not None:
                start, end = table, min(index.section_end[table], end)
                found = table + 1
                continue
            if len(prefix) == 1:  # a top-level key stands before the first table
                end = min(index.first_header, end)
            line = index.key_line(key, start, end)
            if line is None:
                return found
            found = line + 1
            start = line
        return found

    def characters(self, document: dict[str, Any]) -> None:
        """Report every key and string in ``document`` that holds a character that may not be shown.

        Keys may hold no control character at all; string values may hold tabs
        and line feeds (TOML's multi-line strings) but no other control
        character and no bidirectional embedding, override or isolate
        character (see ``engine.errors.unsafe_character``). Whether a given
        text may span lines is checked where it is read (``text``).
        """
        stack: list[tuple[str, dict[str, Any] | list[Any]]] = [("$", document)]
        while stack:
            path, value = stack.pop()
            pairs: Iterable[tuple[str | int, Any]]
            if isinstance(value, dict):
                if unsafe_character("".join(value), lines=False) is not None:  # one search for every key
                    for key in value:
                        bad = unsafe_character(key, lines=False)
                        if bad is not None:
                            self.problem(f"{path}.{segment(key)}", f"the key holds {character_name(key[bad])}; keys may not hold control characters")
                pairs = value.items()
            else:
                pairs = enumerate(value)
            children: list[tuple[str, dict[str, Any] | list[Any]]] = []
            for step, item in pairs:
                if isinstance(item, str):
                    bad = unsafe_character(item)
                    if bad is not None:
                        self.problem(_child(path, step), f"{character_name(item[bad])} at character {bad + 1}; {_TEXT_RULE}")
                elif isinstance(item, (dict, list)):
                    children.append((_child(path, step), item))
            stack.extend(reversed(children))

    # -- typed access ----------------------------------------------------------------

    def table(self, raw: Any, path: str, known: Iterable[str]) -> dict[str, Any]:
        """``raw`` as a table, reporting keys outside ``known``."""
        if not isinstance(raw, dict):
            self.problem(path, f"expected a table, found {_kind(raw)}")
            return {}
        allowed = set(known)
        for key in raw:
            if key not in allowed:
                self.problem(f"{path}.{segment(key)}", f"unknown key {key!r}{suggestion(key, allowed, len(allowed))}")
        return raw

    def integer(
        self,
        raw: dict[str, Any],
        key: str,
        path: str,
        default: Any = _REQUIRED,
        low: int | None = None,
        high: int | None = None,
    ) -> int:
        """An integer within ``[low, high]``; ``default`` when absent."""
        value = raw.get(key, _REQUIRED)
        where = f"{path}.{key}"
        if value is _REQUIRED:
            if default is _REQUIRED:
                self.problem(where, f"missing required key {key!r} (an integer)")
                return low if low is not None else 0
            number: int = default
            return number
        return self.check_int(value, where, low, high)

    def check_int(self, value: Any, where: str, low: int | None, high: int | None) -> int:
        """``value`` itself as a bounded integer, reporting a problem otherwise."""
        if isinstance(value, bool) or not isinstance(value, int):
            self.problem(where, f"expected an integer, found {_kind(value)}")
            return low if low is not None else 0
        if (low is not None and value < low) or (high is not None and value > high):
            self.problem(where, f"{value} is out of range; expected {_bounds(low, high)}")
            return min(max(value, low if low is not None else value), high if high is not None else value)
        return value

    def text(self, raw: dict[str, Any], key: str, path: str, default: Any = _REQUIRED, *, lines: bool = False) -> str:
        """A string of at most ``MAX_TEXT`` characters; ``default`` when absent.

        Only ``lines`` text (summaries, card texts, reasons) may span lines or
        hold tabs; names, titles and other one-line text may not. Other
        control characters are refused for every string by ``characters``.
        """
        value = raw.get(key, _REQUIRED)
        where = f"{path}.{key}"
        if value is _REQUIRED:
            if default is _REQUIRED:
                self.problem(where, f"missing required key {key!r} (a string)")
                return ""
            fallback: str = default
            return fallback
        if not isinstance(value, str):
            self.problem(where, f"expected a string, found {_kind(value)}")
            return ""
        if len(value) > MAX_TEXT:
            self.problem(where, f"text is {len(value)} characters long; at most {MAX_TEXT} are allowed")
            return value[:MAX_TEXT]
        match = None if lines else _TAB_OR_LINE_FEED.search(value)  # other control characters were reported by ``characters``
        if match:
            self.problem(
                where,
                f"{_WHITESPACE[match.group()]} at character {match.start() + 1}; this text must be one line, without tabs (summaries and longer texts may span lines)",
            )
        return value

    def identifier(self, raw: dict[str, Any], key: str, path: str, default: Any = _REQUIRED) -> str:
        """A string that is a valid id (lower case letters, digits, underscores)."""
        value = self.text(raw, key, path, default, lines=True)  # a line feed makes it no id: one problem, below
        if value and not ID_PATTERN.fullmatch(value):
            self.problem(
                f"{path}.{key}",
                f"{value!r} is not a valid id; expected lower-case letters, digits and underscores, starting with a letter, at most 40 characters",
            )
        return value

    def choice(self, raw: dict[str, Any], key: str, path: str, options: Iterable[str], default: Any = _REQUIRED) -> str:
        """A string that must be one of ``options``.

        A missing, mistyped or unknown value is reported (once) and replaced by
        the default, or the first option, so that checking can go on.
        """
        value = self.text(raw, key, path, default, lines=True)  # a line feed makes it no option: one problem, below
        allowed = tuple(options)
        if value in allowed:
            return value
        if value:
            self.problem(f"{path}.{key}", f"{value!r} is not allowed; expected one of: {', '.join(allowed)}")
        return default if default is not _REQUIRED and default in allowed else allowed[0]

    def boolean(self, raw: dict[str, Any], key: str, path: str, default: bool) -> bool:
        """A boolean; ``default`` when absent."""
        value = raw.get(key, default)
        if not isinstance(value, bool):
            self.problem(f"{path}.{key}", f"expected true or false, found {_kind(value)}")
            return default
        return value

    def strings(self, raw: dict[str, Any], key: str, path: str, *, ids: bool = False, limit: int = 100) -> tuple[str, ...]:
        """An array of strings (ids when ``ids``); empty when absent."""
        value = raw.get(key, [])
        where = f"{path}.{key}"
        if not isinstance(value, list):
            self.problem(where, f"expected an array of strings, found {_kind(value)}")
            return ()
        if len(value) > limit:
            self.problem(where, f"{len(value)} items; at most {limit} are allowed")
            value = value[:limit]
        items: list[str] = []
        for index, item in enumerate(value):
            if not isinstance(item, str):
                self.problem(f"{where}[{index}]", f"expected a string, found {_kind(item)}")
            elif ids and not ID_PATTERN.fullmatch(item):
                self.problem(f"{where}[{index}]", f"{item!r} is not a valid id")
            elif len(item) > MAX_TEXT:
                self.problem(f"{where}[{index}]", f"text is longer than {MAX_TEXT} characters")
            else:
                items.append(item)
        return tuple(items)

    def int_table(
        self,
        raw: dict[str, Any],
        key: str,
        path: str,
        known: Iterable[str],
        low: int,
        high: int,
    ) -> tuple[tuple[str, int], ...]:
        """A table of integers keyed by names from ``known``, kept in source order."""
        value = raw.get(key, {})
        where = f"{path}.{key}"
        table = self.table(value, where, known)
        return tuple((name, self.check_int(number, f"{where}.{name}", low, high)) for name, number in table.items())

    def array_of_tables(self, raw: dict[str, Any], key: str, path: str, *, limit: int, required: bool = False) -> list[tuple[str, Any]]:
        """The items of an array of tables with their paths; reports a non-array."""
        value = raw.get(key, _REQUIRED)
        where = f"{path}.{key}"
        if value is _REQUIRED:
            if required:
                self.problem(where, f"missing required array of tables [[{key}]]")
            return []
        if not isinstance(value, list):
            self.problem(where, f"expected an array of tables [[{key}]], found {_kind(value)}")
            return []
        if len(value) > limit:
            self.problem(where, f"{len(value)} entries; at most {limit} are allowed")
            value = value[:limit]
        return [(f"{where}[{index}]", item) for index, item in enumerate(value)]


def suggestion(name: str, valid: Iterable[str], list_up_to: int = 12) -> str:
    """ "; did you mean 'x'?" for the valid name nearest ``name``; else the valid names when at
    most ``list_up_to``; else ""."""
    from difflib import get_close_matches  # only for a problem: a valid file never loads difflib

    options = sorted(valid)
    near = get_close_matches(name, options, n=1, cutoff=0.75)
    if near:
        return f"; did you mean {near[0]!r}?"
    if options and len(options) <= list_up_to:
        return f"; expected one of: {', '.join(options)}"
    return ""


def _child(path: str, step: str | int) -> str:
    return f"{path}[{step}]" if isinstance(step, int) else f"{path}.{segment(step)}"


def segment(key: str) -> str:
    """``key`` as one step of a key path: itself, or quoted and escaped when it holds a control character."""
    return key if unsafe_character(key, lines=False) is None else printable(json.dumps(key, ensure_ascii=False))


def _kind(value: Any) -> str:
    names = {bool: "a boolean", int: "an integer", float: "a float", str: "a string", list: "an array", dict: "a table"}
    return names.get(type(value), type(value).__name__)


def _bounds(low: int | None, high: int | None) -> str:
    if low is not None and high is not None:
        return f"an integer from {low} to {high}"
    if low is not None:
        return f"an integer of at least {low}"
    return f"an integer of at most {high}"
