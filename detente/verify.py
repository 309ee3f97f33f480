"""``detente verify RECORD... [--session FILE]``: is each record a game of this classroom session?

Each record is read and replayed (as ``replay`` does), then checked against
the session (``grading.provenance``): one line per record, ``signed`` with
its world, ``mismatch`` with the first difference (line and key path), or,
without ``--session``, ``self-attested``. Exit codes: 0 every record is a
signed game of the session (or, without ``--session``, every record
verifies); 1 any other; 2 a wrong command line.
"""

from __future__ import annotations

import argparse
import contextlib


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The ``verify`` command's parser."""
    verify = commands.add_parser(
        "verify",
        help="check that game records are games of a classroom session",
        description="Replay each record and check it against the session it was exported from: the same scenario, seed, "
        "seats, orders, justifications and facilitator actions, and the session's signature. Exit codes: 0 every record is a "
        "game of the session, 1 one is not (the first difference is named), 2 a wrong command line.",
    )
    verify.add_argument("paths", nargs="+", metavar="RECORD", help="game records, or folders to search for *.jsonl records")
    verify.add_argument("--session", metavar="FILE", help="the classroom session file the records were exported from")


def command_verify(args: argparse.Namespace) -> int:
    """Print each record's provenance; exit 1 unless every one is signed by the session (or verifies, without one)."""
    from classroom.witness import SessionWitness
    from detente.grade import find_records
    from engine.errors import printable
    from grading.grades import verify_file
    from grading.provenance import MISMATCH, SIGNED_KIND

    paths = find_records(args.paths)
    failed = 0
    with SessionWitness(args.session) if args.session else contextlib.nullcontext() as witness:
        for path in paths:
            provenance = verify_file(path, witness)
            wanted = provenance.kind == SIGNED_KIND if args.session else provenance.kind != MISMATCH
            failed += not wanted
            detail = f": {provenance.detail}" if provenance.detail else ""
            print(printable(f"{path}: {provenance.kind}{detail}", flatten=True))
    if len(paths) > 1:
        print(f"{len(paths) - failed} of {len(paths)} records {'are games of the session' if args.session else 'verify'}")
    return 1 if failed else 0
