"""The ``detente`` command line.

Headless commands (``scenarios``, ``check``, ``run``, ``replay``, ``grade``, ``verify``, ``debrief``, ``aar``, ``balance``, ``lessons``, ``session``)
never import Textual; ``play`` (and no command at all), ``facilitate``, ``join`` and ``project`` import the UI lazily, and
``serve`` its web server.
Exit codes: 0 success, 1 a problem with the input files, a failed
verification or output that could not be written (a full disk, a closed
pipe: one line on standard error), 2 a wrong command line.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import os
import sys
from collections.abc import Sequence
from typing import Any, TextIO, cast

from detente.output import STANDARD_OUTPUT, GuardedOutput, OutputError
from detente.usage import UsageError, positive, seed
from engine.errors import DetenteError, printable_lines
from engine.version import ENGINE_VERSION

OWN_MODULE_COMMANDS = {
    "verify": ("verify",),
    "debrief": ("debrief",),
    "balance": ("balance",),
    "lessons": ("lessons",),
    "serve": ("serve",),
    "session_parsers": ("facilitate", "join", "project", "session"),
}
"""The commands whose arguments are built in a module of their own (``detente.MODULE``), by module."""
COMMANDS = ("scenarios", "check", "run", "replay", "grade", "aar", *(c for names in OWN_MODULE_COMMANDS.values() for c in names), "play")
"""Every command's name."""


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The argument parser with every subcommand; with ``command`` (one of ``COMMANDS``), the parser
    that command runs with: the modules that build other commands' arguments are not imported.
    The command's own options, help and errors are the same either way."""

    def wanted(*names: str) -> bool:
        return command is None or command in names

    parser = _Parser(
        prog="detente",
        description="Détente: a deterministic wargame of military diplomacy and soft power.",
        epilog="Run 'detente COMMAND --help' for a command's options. With no command, the game opens.",
    )
    parser.add_argument("--version", action="version", version=f"detente {ENGINE_VERSION}")
    commands = cast("argparse._SubParsersAction[argparse.ArgumentParser]", parser.add_subparsers(dest="command", metavar="COMMAND"))  # of _Parser

    if wanted("scenarios"):
        commands.add_parser("scenarios", help="list the bundled scenarios")

    if wanted("check"):
        check = commands.add_parser("check", help="validate scenario files")
        check.add_argument("files", nargs="+", metavar="FILE", help="scenario TOML files (or bundled ids)")

    if wanted("run"):
        run = commands.add_parser("run", help="play a whole game without a UI and write its record")
        run.add_argument("scenario", metavar="SCENARIO", help="a bundled scenario id or a path to a TOML file")
        run.add_argument("--seed", type=seed, required=True, metavar="N", help="the game's seed (a non-negative integer)")
        run.add_argument("--bots", metavar="STRATEGY", help="play every seat not named by --seat with this strategy (default: random)")
        run.add_argument(
            "--seat",
            action="append",
            default=[],
            metavar="FACTION=STRATEGY",
            help="play one seat with a strategy (repeatable); the others play --bots",
        )
        run.add_argument("--orders", metavar="FILE", help="an orders file for the seats without a bot")
        run.add_argument("--record", required=True, metavar="OUT", help="where to write the game record")

    if wanted("replay"):
        replay = commands.add_parser("replay", help="verify a game record and print its turns")
        replay.add_argument("file", metavar="FILE", help="a game record")
        replay.add_argument("--to-turn", type=positive, metavar="N", help="stop after turn N")
        replay.add_argument("--format", choices=("text", "json"), default="text", help="output format (default text)")
        replay.add_argument("--view", metavar="FACTION", help="print what FACTION could see (its fog of war, rule 16) instead of the turns")
        replay.add_argument(
            "--turn", type=positive, metavar="N", help="with --view: as FACTION saw turn N when its orders phase began (default: the record's end)"
        )

    if wanted("grade"):
        grade = commands.add_parser(
            "grade",
            help="grade game records against a rubric",
            description="Replay and grade game records (files, or folders searched for *.jsonl) against a rubric. Exit codes: "
            "0 every file graded, 1 a file rejected (the report says why) or an invalid rubric, 2 a wrong command line.",
        )
        grade.add_argument("paths", nargs="+", metavar="PATH", help="game records, or folders to search for *.jsonl records")
        grade.add_argument("--rubric", required=True, metavar="RUBRIC", help="a rubric TOML file, or a bundled scenario id for its example rubric")
        grade.add_argument("--format", choices=("md", "csv", "json"), help="report format (default: from --out's extension, else md)")
        grade.add_argument("--out", metavar="FILE", help="write the report to FILE instead of standard output")
        grade.add_argument("--jobs", type=positive, default=1, metavar="N", help="worker processes (default 1); the report is the same for any N")
        grade.add_argument("--session", metavar="FILE", help="the classroom session the records come from: check each is a game of it")
        grade.add_argument("--scenario", metavar="FILE", help="the scenario file the rubric grades, when it is not a bundled one")
        grade.add_argument("--sheet", metavar="FILE", help="also write the marking sheet: every justification with its context (.csv or .html)")
        grade.add_argument("--marks", metavar="FILE", help="the teacher's marks and comments: a filled-in CSV marking sheet")

    if wanted("aar"):
        aar = commands.add_parser("aar", help="write an after-action review of a game record (Markdown or HTML)")
        aar.add_argument("file", metavar="FILE", help="a game record")
        aar.add_argument("--out", required=True, metavar="REPORT", help="REPORT.md or REPORT.html")
        aar.add_argument("--view", action="append", default=[], metavar="FACTION", help="add what FACTION saw as each turn began (repeatable)")

    if wanted(*OWN_MODULE_COMMANDS["verify"]):
        from detente.verify import add_parser as add_verify  # headless: no Textual

        add_verify(commands)

    if wanted(*OWN_MODULE_COMMANDS["debrief"]):
        from detente.debrief import add_parser as add_debrief  # headless: no Textual

        add_debrief(commands)

    if wanted(*OWN_MODULE_COMMANDS["balance"]):
        from detente.balance import add_parser as add_balance  # headless: no Textual

        add_balance(commands)

    if wanted(*OWN_MODULE_COMMANDS["lessons"]):
        from detente.lessons import add_parser as add_lessons  # headless: no Textual

        add_lessons(commands)

    if wanted(*OWN_MODULE_COMMANDS["serve"]):
        from detente.serve import add_parser as add_serve  # the web server is imported only when serving

        add_serve(commands)

    if wanted(*OWN_MODULE_COMMANDS["session_parsers"]):
        from detente.session_parsers import add_parsers as add_classroom  # no SQLite, bots or UI: each is imported only by the command that runs it

        add_classroom(commands)

    if wanted("play"):
        play = commands.add_parser("play", help="play in the terminal (the default command)")
        play.add_argument("scenario", nargs="?", metavar="SCENARIO", help="a bundled scenario id or a path; omitted: the title screen")
        play.add_argument("--seed", type=seed, metavar="N", help="the game's seed (default: a fresh one)")
        play.add_argument(
            "--seat",
            action="append",
            default=[],
            metavar="FACTION=human|STRATEGY",
            help="who plays a faction: human, a bot (random, greedy, lookahead) or doctrine:NAME_OR_FILE (docs/bots.md); repeatable. With any --seat "
            "the game starts at once, and every faction not named is played by the greedy bot. Without --seat, "
            "the set-up screen asks (the first faction human, the others greedy)",
        )
        play.add_argument("--resume", metavar="FILE", help="resume the game recorded in FILE (an autosave)")
        play.add_argument("--record", metavar="FILE", help="where to autosave the record (default: a new file in ~/.local/share/detente/games)")
        play.add_argument(
            "--no-plans",
            dest="writing",
            action="store_false",
            help="do not offer each team its plan before turn 1 and its reflection at the end (p still opens the plan on turn 1)",
        )
        play.add_argument(
            "--umpire",
            action="store_true",
            help="an umpire sits at the table: teams may propose argued actions (x; a scenario with [argued], rule 15), "
            "which the umpire adjudicates before each turn resolves (give it again with --resume)",
        )
    return parser


class _Formatter(argparse.HelpFormatter):
    """argparse's help, as wide as the terminal, its width found without ``shutil``: argparse imports
    ``shutil`` (and its compression modules) for every parser it builds, 3 ms of a ``replay``."""

    def __init__(self, prog: str) -> None:
        super().__init__(prog, width=_columns() - 2)


def _columns() -> int:
    """The terminal's width as ``shutil.get_terminal_size`` gives it: ``COLUMNS``, else the terminal's, else 80."""
    with contextlib.suppress(KeyError, ValueError):
        if (columns := int(os.environ["COLUMNS"])) > 0:
            return columns
    try:
        return os.get_terminal_size(sys.__stdout__.fileno()).columns or 80  # type: ignore[union-attr]
    except (AttributeError, ValueError, OSError):
        return 80


class _Parser(argparse.ArgumentParser):
    """An argument parser laying out its help with ``_Formatter``, as do its subcommands' parsers."""

    def __init__(self, **options: Any) -> None:
        super().__init__(**{"formatter_class": _Formatter, **options})


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code.

    Every error is one paragraph on standard error with nothing raw in it. A
    headless command writes to a ``GuardedOutput``: its text is made printable,
    and a full disk or a closed pipe ends it with one line and exit code 1.
    """
    arguments = sys.argv[1:] if argv is None else list(argv)
    named = next((a for a in arguments if not a.startswith("-")), None)
    parser = build_parser(named if named in COMMANDS else None)
    args = parser.parse_args(arguments)
    if args.command is None:
        args = build_parser("play").parse_args(["play"])
    if args.command == "play":
        from detente.play import command_play as command
    elif args.command in ("grade", "verify", "debrief", "aar", "balance", "lessons", "serve"):  # imported on use; only serve loads the web server
        command = getattr(importlib.import_module(f"detente.{args.command}"), f"command_{args.command}")
    elif args.command in ("facilitate", "join", "project", "session"):
        command = getattr(importlib.import_module("detente.sessions"), f"command_{args.command}")
    else:
        from detente import headless

        command = getattr(headless, f"command_{args.command}")
    stdout = sys.stdout
    guarded = args.command not in INTERACTIVE
    if guarded:
        sys.stdout = cast(TextIO, GuardedOutput(stdout))
    try:
        code: int = command(args)
        sys.stdout.flush()  # what is still buffered fails here, with a message, not at exit
        return code
    except UsageError as exc:
        _error(f"detente {args.command}: error: {exc}\n(see 'detente {args.command} --help')")
        return 2
    except OutputError as exc:
        if exc.stdout:
            _silence(stdout)
        _error(f"detente {args.command}: {exc}")
        return 1
    except DetenteError as exc:
        _error(f"detente {args.command}: {exc}")
        return 1
    except KeyboardInterrupt:
        _error("detente: interrupted")
        return 130
    except BrokenPipeError:  # a write that did not go through the guard (an interactive command's)
        _silence(stdout)
        _error(f"detente {args.command}: {STANDARD_OUTPUT} was closed before everything was written (broken pipe)")
        return 1
    finally:
        if guarded:
            sys.stdout = stdout


INTERACTIVE = ("play", "facilitate", "join", "project", "serve")
"""Commands that run a user interface, in the terminal or served to browsers: their output is the UI's
(with its own escape sequences), not guarded."""


def _error(message: str) -> None:
    """Print ``message`` on standard error, every line printable; a failing standard error is ignored."""
    with contextlib.suppress(OSError, ValueError):
        print(printable_lines(message), file=sys.stderr)


def _silence(stream: TextIO) -> None:
    """Send what is still buffered for ``stream`` (standard output) nowhere, so that the exit is quiet."""
    with contextlib.suppress(OSError, ValueError, AttributeError):  # a stream with no descriptor (a test's)
        os.dup2(os.open(os.devnull, os.O_WRONLY), stream.fileno())
