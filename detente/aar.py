"""``detente aar FILE --out REPORT.md|REPORT.html``: an after-action review to project in class.

The record is replayed and verified first; a record that does not verify
gets no review. The review (reports/aar.py) is written atomically, and its
only timestamp comes from ``detente.clock.now``.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from detente.clock import now
from detente.usage import UsageError
from engine.errors import RecordError, printable
from engine.record import read_record, replay, write_atomically
from reports.aar import Review

SUFFIXES = {".md": "md", ".markdown": "md", ".html": "html", ".htm": "html"}


def command_aar(args: argparse.Namespace) -> int:
    """Write the review of ``args.file`` to ``args.out``; exit 1 if the record does not verify."""
    kind = SUFFIXES.get(Path(args.out).suffix.lower())
    if kind is None:
        raise UsageError(f"--out {args.out}: the report is written as Markdown (.md) or HTML (.html); name it so")
    result = replay(read_record(args.file), played_on=False)
    if not result.verified:
        raise RecordError(args.file, f"does not verify, so no review was written: {result.mismatch}")
    if not result.game.digests:
        raise RecordError(args.file, "no turn was played to its end: there is nothing to review yet")
    factions = [f.id for f in result.record.scenario.factions]
    for faction in args.view:
        if faction not in factions:
            raise UsageError(f"--view {faction}: not a faction of {result.record.scenario.id}; its factions are {', '.join(factions)}")
    review = Review(result, now(), tuple(dict.fromkeys(args.view)))
    text = review.markdown() if kind == "md" else review.html()
    try:
        write_atomically(Path(args.out), text.encode("utf-8"))
    except OSError as exc:
        raise RecordError(args.out, f"cannot write the review: {exc.strerror or exc}") from None
    print(printable(f"after-action review of {args.file} written to {args.out}"))
    return 0
