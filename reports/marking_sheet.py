"""The marking sheet as CSV (for a spreadsheet) and as a printable HTML page: renderers that write rows as they come.

``SheetWriter`` takes each graded record's ``grading.marking.SheetRow`` list
and writes it at once, so a class's sheet never sits in memory whole; the
CSV has ``grading.marking.SHEET_COLUMNS`` with ``mark`` and ``comment``
empty for the teacher, and reads back with ``detente grade --marks``. The
HTML page prints on A4 or letter paper, one table per record, with an empty
mark box and comment line per justification. Nothing a team wrote reaches
either raw: CSV fields are made ``printable`` and HTML text is escaped.
"""

from __future__ import annotations

import csv
import html
from collections.abc import Sequence
from typing import TextIO

from engine.errors import printable
from grading.marking import SHEET_COLUMNS, SheetRow

_STYLE = """
body { font: 14px/1.4 system-ui, sans-serif; margin: 1.5em; color: #111; }
h1 { font-size: 22px; } h2 { font-size: 17px; margin-top: 1.6em; break-after: avoid; }
table { border-collapse: collapse; width: 100%; margin-bottom: 1em; }
th, td { border: 1px solid #999; padding: 4px 6px; vertical-align: top; text-align: left; }
th { background: #eee; } td.why { width: 30%; } td.mark { width: 3.5em; } td.comment { width: 18%; }
tr { break-inside: avoid; } .small { font-size: 12px; color: #333; }
@media print { body { margin: 0; } h2 { break-before: auto; } }
"""


class SheetWriter:
    """Writes the marking sheet to ``out`` as ``kind`` (``csv`` or ``html``): ``start``, ``record`` per graded record, ``finish``."""

    def __init__(self, out: TextIO, kind: str, title: str) -> None:
        self.out = out
        self.kind = kind
        self.title = title
        self.rows = csv.writer(out, lineterminator="\n") if kind == "csv" else None

    def start(self) -> None:
        """The CSV header row, or the HTML page's head."""
        if self.rows is not None:
            self.rows.writerow(SHEET_COLUMNS)
            return
        title = html.escape(self.title)
        self.out.write(f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Marking sheet: {title}</title>')
        self.out.write(f"<style>{_STYLE}</style></head><body>\n<h1>Marking sheet: {title}</h1>\n")
        self.out.write(
            '<p class="small">Every justification of every graded team, with the events in play, the target\'s receptivity, '
            "the team's standing there, what became of the order and the facilitator's rating, and each team's plan and "
            "reflection. Mark each one (0 to the "
            "rubric's scale) and comment; enter the marks in the CSV sheet and grade again with <code>--marks</code>.</p>\n"
        )

    def record(self, file: str, rows: Sequence[SheetRow]) -> None:
        """The rows of one graded record."""
        if self.rows is not None:
            for row in rows:
                fields = (
                    file, row.faction, row.team, row.turn, row.order, row.move, row.target, row.justification, row.events,
                    row.receptivity, row.standing, row.outcome, row.rating, row.counted, "", "",
                )  # fmt: skip
                self.rows.writerow([printable(value, flatten=True) if isinstance(value, str) else value for value in fields])
            return
        if not rows:
            return
        w = self.out.write
        w(f"<h2>{_text(file)}</h2>\n<table><tr><th>Team</th><th>Turn</th><th>Order</th><th>Justification</th>")
        w("<th>Context</th><th>Outcome</th><th>Rating</th><th>Mark</th><th>Comment</th></tr>\n")
        for row in rows:
            context = "<br>".join(
                _text(part) for part in (f"events: {row.events or 'none'}", f"receptivity {row.receptivity}" if row.receptivity else "", row.standing) if part
            )
            counted = "" if row.counted == "given" else f'<br><span class="small">not counted as a reason: {_text(row.counted)}</span>'
            w(
                f"<tr><td>{_text(row.team)}</td><td>{row.turn}</td><td>{_order(row)}</td>"
                f'<td class="why">{_text(row.justification) or "<em>(none)</em>"}{counted}</td><td class="small">{context}</td>'
                f'<td class="small">{_text(row.outcome)}</td><td>{_text(row.rating) or "—"}</td><td class="mark"></td><td class="comment"></td></tr>\n'
            )
        w("</table>\n")

    def finish(self) -> None:
        """The HTML page's end (nothing for CSV)."""
        if self.rows is None:
            self.out.write("</body></html>\n")


def _order(row: SheetRow) -> str:
    """The order column of the HTML sheet: ``1. Outreach → North``, or ``Plan`` / ``Reflection`` for a team's written work."""
    if isinstance(row.order, str):
        return f"<strong>{_text(row.move)}</strong>"
    return f"{row.order}. {_text(row.move)} → {_text(row.target)}"


def _text(value: str) -> str:
    return html.escape(printable(value, flatten=True))
