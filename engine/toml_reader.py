"""Reading typed values out of parsed TOML while collecting located problems.

``Reader`` never raises on bad content: each problem is recorded with its key
path and (where the source shows it) its line, and a harmless fallback value
is returned so that one pass reports every problem in the file.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from engine.errors import Problem

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

TOMLDecodeError = tomllib.TOMLDecodeError

ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
MAX_TEXT = 2000
_HEADER = re.compile(r"^\s*\[\[?\s*([A-Za-z0-9_.\s\"-]+?)\s*\]\]?\s*(#.*)?$")
_LINE_IN_MESSAGE = re.compile(r"\(at line (\d+), column (\d+)\)")

_REQUIRED = object()


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
    """The UTF-8 text of an input file of ``kind`` (``scenario``, ``rubric``, ``orders file``).

    A missing name or file, a directory, a file over ``limit`` bytes (refused
    from its size, before reading) or one that is not UTF-8 raises ``error``
    with one located problem. A leading byte-order mark is dropped.
    """
    name = str(path)
    file = Path(path)
    if not name:
        raise error("''", [Problem("", "no file name was given")])
    try:
        if file.is_dir():
            raise error(name, [Problem("", f"is a directory, not a {kind}")])
        size = file.stat().st_size
        if size > limit:
            raise error(name, [Problem("", f"file is {size} bytes; a {kind} is at most {limit}")])
        data = file.read_bytes()
    except FileNotFoundError:
        raise error(name, [Problem("", "no such file")]) from None
    except OSError as exc:
        raise error(name, [Problem("", f"cannot be read: {exc.strerror or exc}")]) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise error(name, [Problem("", f"is not UTF-8 text (byte {exc.start})")]) from None


class Reader:
    """Typed access to a TOML document that records problems instead of raising."""

    def __init__(self, source: str) -> None:
        self._lines = source.splitlines()
        self.problems: list[Problem] = []

    # -- reporting -----------------------------------------------------------------

    def problem(self, path: str, message: str) -> None:
        """Record a problem at ``path`` (a key path such as ``$.moves[2].cost``)."""
        self.problems.append(Problem(path, message, self.locate(path)))

    def locate(self, path: str) -> int | None:
        """Best-effort 1-based line of ``path`` in the source, or None."""
        segments = re.findall(r"\.([A-Za-z0-9_-]+)(?:\[(\d+)\])?", path)
        start, end = 0, len(self._lines)
        found: int | None = None
        prefix: list[str] = []
        for key, index in segments:
            prefix.append(key)
            if index:
                header = self._nth_header(".".join(prefix), int(index), start, end)
                if header is not None:
                    start, end = header, self._section_end(".".join(prefix), header, end)
                    found = header + 1
                    continue
            table = self._nth_header(".".join(prefix), 0, start, end)
            if table is not None:
                start, end = table, self._section_end(".".join(prefix), table, end)
                found = table + 1
                continue
            if len(prefix) == 1:  # a top-level key stands before the first table
                end = next((number for number, _, _ in self._headers(0, end)), end)
            line = self._key_line(key, start, end)
            if line is None:
                return found
            found = line + 1
            start = line
        return found

    def _headers(self, start: int, end: int) -> Iterable[tuple[int, str, bool]]:
        for number in range(start, end):
            text = self._lines[number]
            match = _HEADER.match(text)
            if match:
                name = re.sub(r"\s+", "", match.group(1)).replace('"', "")
                yield number, name, text.lstrip().startswith("[[")

    def _nth_header(self, name: str, index: int, start: int, end: int) -> int | None:
        count = 0
        for number, header, _ in self._headers(start, end):
            if header == name:
                if count == index:
                    return number
                count += 1
        return None

    def _section_end(self, name: str, header_line: int, end: int) -> int:
        for number, header, _ in self._headers(header_line + 1, end):
            if not header.startswith(name + "."):
                return number
        return end

    def _key_line(self, key: str, start: int, end: int) -> int | None:
        pattern = re.compile(rf"(^|[{{,\s]){re.escape(key)}\s*=")
        for number in range(start, end):
            if pattern.search(self._lines[number].split("#", 1)[0]):
                return number
        return None

    # -- typed access ----------------------------------------------------------------

    def table(self, raw: Any, path: str, known: Iterable[str]) -> dict[str, Any]:
        """``raw`` as a table, reporting keys outside ``known``."""
        if not isinstance(raw, dict):
            self.problem(path, f"expected a table, found {_kind(raw)}")
            return {}
        allowed = set(known)
        for key in raw:
            if key not in allowed:
                self.problem(f"{path}.{key}", f"unknown key {key!r}; expected one of: {', '.join(sorted(allowed))}")
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
            return default
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

    def text(self, raw: dict[str, Any], key: str, path: str, default: Any = _REQUIRED) -> str:
        """A string of at most ``MAX_TEXT`` characters; ``default`` when absent."""
        value = raw.get(key, _REQUIRED)
        where = f"{path}.{key}"
        if value is _REQUIRED:
            if default is _REQUIRED:
                self.problem(where, f"missing required key {key!r} (a string)")
                return ""
            return default
        if not isinstance(value, str):
            self.problem(where, f"expected a string, found {_kind(value)}")
            return ""
        if len(value) > MAX_TEXT:
            self.problem(where, f"text is {len(value)} characters long; at most {MAX_TEXT} are allowed")
            return value[:MAX_TEXT]
        return value

    def identifier(self, raw: dict[str, Any], key: str, path: str, default: Any = _REQUIRED) -> str:
        """A string that is a valid id (lower case letters, digits, underscores)."""
        value = self.text(raw, key, path, default)
        if value and not ID_PATTERN.match(value):
            self.problem(
                f"{path}.{key}",
                f"{value!r} is not a valid id; expected lower-case letters, digits and "
                "underscores, starting with a letter, at most 40 characters",
            )
        return value

    def choice(self, raw: dict[str, Any], key: str, path: str, options: Iterable[str], default: Any = _REQUIRED) -> str:
        """A string that must be one of ``options``.

        A missing, mistyped or unknown value is reported (once) and replaced by
        the default, or the first option, so that checking can go on.
        """
        value = self.text(raw, key, path, default)
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
            elif ids and not ID_PATTERN.match(item):
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


def _kind(value: Any) -> str:
    names = {bool: "a boolean", int: "an integer", float: "a float", str: "a string", list: "an array", dict: "a table"}
    return names.get(type(value), type(value).__name__)


def _bounds(low: int | None, high: int | None) -> str:
    if low is not None and high is not None:
        return f"an integer from {low} to {high}"
    if low is not None:
        return f"an integer of at least {low}"
    return f"an integer of at most {high}"
