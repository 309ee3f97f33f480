"""The arguments of the classroom commands (``facilitate``, ``join``, ``project``, ``session``).

Kept apart from ``detente.sessions`` so that building the command line
imports neither SQLite nor the bots: every command parses through these, and
only a classroom command loads what it runs.
"""

from __future__ import annotations

import argparse

from classroom.resolve_rules import RESOLVE_RULES
from detente.access import CODE_VARIABLE
from detente.usage import count_up_to, seed


def add_parsers(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``facilitate``, ``join``, ``project`` and ``session`` on the ``detente`` subcommands."""
    facilitate = commands.add_parser(
        "facilitate",
        help="run a classroom game: create a session and open the facilitator's console",
        description="Create a classroom session file (one or more worlds of SCENARIO, a code for every team seat) and "
        "open the facilitator's console; with --resume, open an existing session. Teams join with 'detente join' "
        "or from a browser through 'detente serve'.",
    )
    facilitate.add_argument("scenario", nargs="?", metavar="SCENARIO", help="a bundled scenario id or a path to a TOML file")
    facilitate.add_argument("--seed", type=seed, default=1, metavar="N", help="the first world's seed; world k plays seed N+k-1 (default 1)")
    facilitate.add_argument("--worlds", type=count_up_to(50), default=1, metavar="K", help="how many worlds (tables) play side by side (default 1, at most 50)")
    facilitate.add_argument("--same-seed", action="store_true", help="every world plays seed N, so the tables face the same cards and dice")
    facilitate.add_argument("--world", action="append", default=[], metavar="NAME", help="name the worlds instead (repeatable)")
    facilitate.add_argument(
        "--seat", action="append", default=[], metavar="FACTION=team|STRATEGY", help="a faction played by a bot in every world (repeatable; default: teams)"
    )
    facilitate.add_argument(
        "--team",
        action="append",
        default=[],
        metavar="[WORLD:]FACTION=NAME",
        help="a team's name, in every world or in WORLD (its name or number); repeatable. Default: the faction's name",
    )
    facilitate.add_argument("--teams", metavar="FILE", help="team names from a text file, one [WORLD:]FACTION=NAME a line (# starts a comment)")
    facilitate.add_argument(
        "--phase", action="append", default=[], metavar="NAME=MINUTES", help="the turn's timed phases, in order (repeatable; default orders=15)"
    )
    facilitate.add_argument(
        "--resolve",
        choices=tuple(RESOLVE_RULES),
        default="all-in",
        help="when a turn resolves by itself: all-in (default), deadline, both, or manual (the facilitator only)",
    )
    facilitate.add_argument(
        "--drafts-at-deadline",
        action="store_true",
        help="at a deadline, a team that has not submitted submits the draft it saved (if legal) instead of passing",
    )
    facilitate.add_argument(
        "--plans",
        action="store_true",
        help="each team's seat asks for its plan (aims, instruments) before turn 1 and its reflection once the game is over",
    )
    facilitate.add_argument("--session", metavar="FILE", help="the new session file (default: a new file in ~/.local/share/detente/sessions)")
    facilitate.add_argument("--resume", metavar="FILE", help="open an existing session file instead of creating one")
    facilitate.add_argument("--code", metavar="CODE", help=f"with --resume: the facilitator's code (or set {CODE_VARIABLE}; default: asked on screen)")
    facilitate.add_argument(
        "--sheet",
        metavar="FILE.html",
        help="also write a printable join sheet: a slip per team with its code, the join address and a QR code (readable by you only)",
    )
    facilitate.add_argument(
        "--url", metavar="URL", help="with --sheet: the address teams open (what 'detente serve' prints, such as http://192.168.1.23:8000/)"
    )
    facilitate.add_argument("--no-ui", action="store_true", help="create the session, print its codes and exit (for a session run over days)")

    join = commands.add_parser("join", help="join a classroom session's seat (or its console) with a code")
    join.add_argument("session", metavar="SESSION", help="the session file")
    join.add_argument("--code", metavar="CODE", help=f"the seat's code (or set {CODE_VARIABLE}; default: asked on screen)")
    join.add_argument("--seats-only", action="store_true", help="open teams' seats only: the facilitator's code is refused (what 'serve --seats-only' runs)")

    project = commands.add_parser(
        "project",
        help="show a session on a projector: the countdown, who is in, the standings and the public log (never orders or codes)",
    )
    project.add_argument("session", metavar="SESSION", help="the session file")

    session = commands.add_parser(
        "session", help="a classroom session without the UI: status, tick, pause, resume, export, backup, new-code, and a seat's view and submit"
    )
    actions = session.add_subparsers(dest="action", metavar="ACTION", required=True)
    status = actions.add_parser("status", help="every world's turn, seats and timer")
    status.add_argument("session", metavar="SESSION", help="the session file")
    status.add_argument("--code", metavar="CODE", help=f"the facilitator's code (or set {CODE_VARIABLE})")
    status.add_argument("--format", choices=("text", "json"), default="text", help="output format (default text)")
    tick = actions.add_parser("tick", help="resolve every world whose turn is due by the session's rules (run it from a scheduler)")
    tick.add_argument("session", metavar="SESSION", help="the session file")
    tick.add_argument("--code", metavar="CODE", help=f"the facilitator's code (or set {CODE_VARIABLE})")
    for action, what in (
        ("resume", "start or resume every world's timer: the class begins"),
        ("pause", "pause every world's timer: no world resolves by itself"),
    ):
        clock = actions.add_parser(action, help=what)
        clock.add_argument("session", metavar="SESSION", help="the session file")
        clock.add_argument("--code", metavar="CODE", help=f"the facilitator's code (or set {CODE_VARIABLE})")
    export = actions.add_parser("export", help="write every world's game record, for replay and grading")
    export.add_argument("session", metavar="SESSION", help="the session file")
    export.add_argument("--code", metavar="CODE", help=f"the facilitator's code (or set {CODE_VARIABLE})")
    export.add_argument("--out", required=True, metavar="FOLDER", help="the folder for the records (created if missing)")
    backup = actions.add_parser(
        "backup",
        help="copy the live session whole to OUT (safe while the class plays; a plain copy of the file may miss the last turns)",
    )
    backup.add_argument("session", metavar="SESSION", help="the session file")
    backup.add_argument("out", metavar="OUT", help="the backup file (it may replace an earlier backup, never another file)")
    actions.add_parser(
        "new-code",
        help="issue a new facilitator's code (for the file's owner, when the code is lost; the old one stops working)",
    ).add_argument("session", metavar="SESSION", help="the session file")
    view = actions.add_parser("view", help="a team's seat without the UI: what its screen shows, as text or JSON")
    view.add_argument("session", metavar="SESSION", help="the session file")
    view.add_argument("--code", metavar="CODE", help=f"the seat's code (or set {CODE_VARIABLE}; default: asked)")
    view.add_argument("--format", choices=("text", "json"), default="text", help="output format (default text)")
    submit = actions.add_parser(
        "submit", help="a team's seat without the UI: submit this turn's orders from an orders file, or hand in the team's plan or reflection"
    )
    submit.add_argument("session", metavar="SESSION", help="the session file")
    submit.add_argument("--code", metavar="CODE", help=f"the seat's code (or set {CODE_VARIABLE}; default: asked)")
    given = submit.add_mutually_exclusive_group(required=True)
    given.add_argument("--orders", metavar="ORDERS", help="an orders file (TOML, the format 'detente run --orders' reads)")
    given.add_argument("--plan", metavar="FILE", help="a text file: the team's plan (aims, the instruments it means to use), before turn 1 resolves")
    given.add_argument("--reflection", metavar="FILE", help="a text file: the team's reflection on the game, once it is over")
    given.add_argument(
        "--agreement",
        metavar="ACT:KIND:FACTION",
        help="a step on an agreement (rule 14): propose, accept, decline or renounce the scenario's KIND with FACTION, e.g. propose:joint_exercise:red",
    )
    given.add_argument("--argue", metavar="TEXT", help="propose an argued action (rule 15): what your team does and why it should succeed")
    given.add_argument("--counter", metavar="FACTION:NUMBER:TEXT", help="a counter-argument to FACTION's adjudicated argued action NUMBER (rule 15.4)")
    submit.add_argument("--target", metavar="REGION", default="", help="with --argue: the region the action is aimed at (default: at home)")
    submit.add_argument("--pass", dest="allow_pass", action="store_true", help="submit no orders when the file has none for this turn")


# -- facilitate and join --------------------------------------------------------------------------
