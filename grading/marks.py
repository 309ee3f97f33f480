"""The teacher's marks, read back from a filled-in marking sheet (``detente grade ... --marks FILE``).

The file is the CSV marking sheet (``grading.marking.SHEET_COLUMNS``) as a
spreadsheet saves it: a header row naming at least ``file``, ``faction``,
``turn``, ``order``, ``mark`` and ``comment`` (other columns are ignored, and
may be in any order), then one row per justification, plan or reflection
(``order`` ``plan`` or ``reflection``: its ``turn`` is not read). ``mark`` is empty
(not marked) or a whole number from 0 to the rubric's scale; ``comment`` is
free text. A row that is not so is refused with its line, and nothing is
graded.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from engine.errors import DetenteError, printable
from engine.files import UnreadableFile, read_text
from grading.criteria import WRITINGS, Marks

MAX_MARKS_BYTES = 50_000_000
REQUIRED = ("file", "faction", "turn", "order", "mark", "comment")
MAX_COMMENT = 2000
_WHOLE = re.compile("[0-9]{1,9}")


class MarksError(DetenteError):
    """A marks file that cannot be read, located at its line."""

    def __init__(self, file: str, message: str, line: int | None = None) -> None:
        where = printable(f"{file}:{line}" if line else file)
        super().__init__(f"{where}: {printable(message)}")


def read_marks(path: str | Path, scale: int) -> dict[str, Marks]:
    """The marks in the sheet at ``path``, by record file: (faction, turn, order) → (mark or None, comment).

    Rows with neither a mark nor a comment are skipped. ``MarksError`` for a
    file that is not a marking sheet, or a row whose mark is not a whole number
    from 0 to ``scale``, whose turn or order is not a positive whole number, or
    that marks a justification a second time.
    """
    name = str(path)
    try:
        text = read_text(path, "marks file", MAX_MARKS_BYTES)
    except UnreadableFile as exc:
        raise MarksError(name, exc.reason) from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    missing = [column for column in REQUIRED if column not in (reader.fieldnames or ())]
    if missing:
        raise MarksError(name, f"is not a marking sheet: it has no {', '.join(missing)} column (write one with detente grade --sheet)", 1)
    out: dict[str, dict[tuple[str, int, int | str], tuple[int | None, str]]] = {}
    _read_rows(name, reader, scale, out)
    return dict(out)


def _read_rows(name: str, reader: csv.DictReader[str], scale: int, out: dict[str, dict[tuple[str, int, int | str], tuple[int | None, str]]]) -> None:
    """Fill ``out`` with the marks of ``reader``'s rows."""
    try:
        for row in reader:
            line = reader.line_num
            mark_text, comment = (row["mark"] or "").strip(), (row["comment"] or "").strip()
            if not mark_text and not comment:
                continue
            writing = (row["order"] or "").strip().lower()
            key: tuple[str, int, int | str]
            if writing in WRITINGS:
                key = (row["faction"] or "", 0, writing)
                what = f"{row['faction']}'s {writing}"
            else:
                order = _whole(name, line, "order", row["order"], 1, also=" (or plan, reflection)")
                turn = _whole(name, line, "turn", row["turn"], 1)
                key = (row["faction"] or "", turn, order)
                what = f"{row['faction']} turn {turn} order {order}"
            mark = None if not mark_text else _whole(name, line, "mark", mark_text, 0, scale)
            if len(comment) > MAX_COMMENT:
                raise MarksError(name, f"the comment is longer than {MAX_COMMENT} characters", line)
            marks = out.setdefault(row["file"] or "", {})
            if key in marks:
                raise MarksError(name, f"{what} of {row['file']} is marked twice", line)
            marks[key] = (mark, " ".join(comment.split()))
    except csv.Error as exc:
        raise MarksError(name, f"is not valid CSV ({exc})", reader.line_num) from None


def _whole(file: str, line: int, column: str, value: str | None, low: int, high: int | None = None, *, also: str = "") -> int:
    """``value`` as a whole number from ``low`` to ``high``; ``MarksError`` naming ``column`` (and what else it may be: ``also``)."""
    text = (value or "").strip()
    if not _WHOLE.fullmatch(text) or not low <= int(text) <= (high if high is not None else int(text)):
        wanted = f"a whole number from {low} to {high}" if high is not None else f"a whole number of {low} or more"
        raise MarksError(file, f"{column} {text!r} is not {wanted}{also}", line)
    return int(text)
