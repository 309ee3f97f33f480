"""``detente debrief SOURCE... --out PAGE.md|PAGE.html``: one page comparing a class's worlds (reports/debrief.py).

``SOURCE`` is a classroom session file (every world of it, as its journal
folds) or game records and folders of them (a session's exports): each
record is replayed and verified, and one that does not verify is left out
with one line on standard error (exit 1). The worlds must be games of one
scenario. The page is written atomically; its only timestamp comes from
``detente.clock.now``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reports.debrief import World

SUFFIXES = {".md": "md", ".markdown": "md", ".html": "html", ".htm": "html"}


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The ``debrief`` command's parser."""
    debrief = commands.add_parser(
        "debrief",
        help="one page comparing a class's worlds (from a session file or its exported records)",
        description="Compare the worlds of a class: standings, where worlds on the same seed diverged and why, instruments "
        "used, and what each world shows of each learning objective.",
    )
    debrief.add_argument("sources", nargs="+", metavar="SOURCE", help="a classroom session file, or game records and folders of them")
    debrief.add_argument("--out", required=True, metavar="PAGE", help="PAGE.md or PAGE.html")


def command_debrief(args: argparse.Namespace) -> int:
    """Write the class debrief; exit 1 if a record was left out."""
    from detente.clock import now
    from detente.usage import UsageError
    from engine.errors import RecordError, printable
    from engine.record import write_atomically
    from reports.debrief import ClassDebrief

    kind = SUFFIXES.get(Path(args.out).suffix.lower())
    if kind is None:
        raise UsageError(f"--out {args.out}: the debrief is written as Markdown (.md) or HTML (.html); name it so")
    sessions = [source for source in args.sources if Path(source).is_file() and not source.endswith(".jsonl")]
    if sessions and len(args.sources) > 1:
        raise UsageError("give one session file, or records and folders of records, not both")
    worlds, left_out = _from_session(sessions[0]) if sessions else _from_records(args.sources)
    for line in left_out:
        print(printable(f"detente debrief: {line}"), file=sys.stderr)
    if not worlds:
        raise UsageError("no world to compare: no record verified" if left_out else "the session has no world")
    scenarios = {world.game.scenario.id for world in worlds}
    if len(scenarios) > 1:
        raise UsageError(f"the worlds are games of {len(scenarios)} scenarios ({', '.join(sorted(scenarios))}); a debrief compares worlds of one")
    debrief = ClassDebrief(worlds, " ".join(args.sources), now())
    text = debrief.markdown() if kind == "md" else debrief.html()
    try:
        write_atomically(Path(args.out), text.encode("utf-8"))
    except OSError as exc:
        raise RecordError(args.out, f"cannot write the debrief: {exc.strerror or exc}") from None
    print(printable(f"class debrief of {len(worlds)} worlds written to {args.out}"))
    return 1 if left_out else 0


def _from_session(path: str) -> tuple[list[World], list[str]]:
    from classroom.witness import SessionWitness
    from reports.debrief import World

    with SessionWitness(path) as session:
        return [World(name, session.game(world)) for world, (name, _, _) in session.worlds.items()], []


def _from_records(sources: list[str]) -> tuple[list[World], list[str]]:
    from detente.grade import find_records
    from engine.errors import RecordError
    from engine.record import read_record, replay
    from reports.debrief import World

    worlds: list[World] = []
    left_out: list[str] = []
    for path in find_records(sources):
        try:
            result = replay(read_record(path), played_on=False)
        except RecordError as exc:
            left_out.append(f"left out: {exc}")
            continue
        if not result.verified:
            left_out.append(f"left out: {path}: does not verify: {result.mismatch}")
        elif not result.game.digests:
            left_out.append(f"left out: {path}: no turn was played to its end")
        else:
            worlds.append(World(path, result.game))
    return worlds, left_out
