"""``detente serve``: the classroom game in a browser.

The teacher runs ``detente serve SESSION``; each browser that opens the page
gets its own ``detente join SESSION`` process on the teacher's machine (run by
``textual-serve``), and every seat shares that one session file.

This module is imported whenever the command line builds its parser, so it
imports nothing heavy at the top: the web server (aiohttp, textual-serve) is
loaded by :func:`make_server` only when ``serve`` runs.
"""

from __future__ import annotations

import argparse
import ipaddress
import shlex
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from detente.usage import UsageError

if TYPE_CHECKING:
    from tui.webserver import DetenteServer

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> argparse.ArgumentParser:
    """Register ``serve`` on the ``detente`` subcommands."""
    parser = commands.add_parser(
        "serve",
        help="serve a classroom session to browsers (each tab joins a seat)",
        description=(
            "Serve 'detente join SESSION' to web browsers: every browser tab that opens the page runs its own "
            "'detente join' process on this machine, and all of them share the one session file. Listens on "
            "127.0.0.1 (this machine only) unless --host is given; --host 0.0.0.0 lets other laptops in, "
            "for a trusted classroom network only. Ctrl+C stops it. Exit codes: 0 stopped, 1 the session "
            "file cannot be read or the address cannot be used, 2 a wrong command line."
        ),
    )
    parser.add_argument("session", metavar="SESSION", help="the session file every seat plays in")
    parser.add_argument("--host", default=DEFAULT_HOST, metavar="H", help=f"the address to listen on (default {DEFAULT_HOST}: this machine only)")
    parser.add_argument("--port", type=_port, default=DEFAULT_PORT, metavar="P", help=f"the port to listen on (default {DEFAULT_PORT}; 0 picks a free one)")
    parser.add_argument(
        "--max-tabs",
        type=_tabs,
        default=40,
        metavar="N",
        help="the most browser tabs served at once (default 40); each is a process of about 45 MB on this machine",
    )
    parser.add_argument(
        "--seats-only",
        action="store_true",
        help="refuse the facilitator's code in the browser: the console opens only on this machine ('detente facilitate --resume')",
    )
    parser.add_argument(
        "--public-url",
        metavar="URL",
        help="the address browsers use to reach this server, when it is behind a proxy (default: whatever address the browser opened)",
    )
    return parser


def command_serve(args: argparse.Namespace) -> int:
    """Check the session file, then serve ``detente join`` until Ctrl+C."""
    if args.public_url is not None and not args.public_url.startswith(("http://", "https://")):
        raise UsageError(f"--public-url takes an http:// or https:// address, not {args.public_url!r}")
    session = _check_session(args.session)
    if not is_loopback(args.host):
        print(
            f"warning: listening on {args.host or 'every address'}, not just this machine: anyone who can reach it on "
            f"port {args.port} can open the game. Do this only on a trusted classroom network.",
            file=sys.stderr,
        )
    from classroom.door import Door
    from classroom.projector import ProjectorDesk, to_json
    from classroom.store import Store

    server = make_server(join_command(session, seats_only=args.seats_only), args.host, args.port, public_url=args.public_url, max_tabs=args.max_tabs)
    server.door = Door(session, time.time)  # its wrong codes are logged as they are counted
    with Store.open(session) as store:
        projector = ProjectorDesk(store)
        server.projection = lambda: to_json(projector.read())  # the read-only /projector page
        return server.run(announce=lambda urls: _announce(session, urls))


def _check_session(path: str) -> Path:
    """The absolute path of the session file at ``path``, opened once as the seats will open it;
    ``ClassroomError`` (one line, exit 1) if it is not a session this program can use."""
    from classroom.store import Store

    file = Path(path).expanduser()
    with Store.open(file) as store:
        if store.warning:  # a copy made while in use: the teacher hears it before serving it
            print(f"{path}: {store.warning}", file=sys.stderr)
    return file.resolve()


def join_command(session: Path, *, seats_only: bool = False) -> str:
    """The shell command each browser tab runs: ``detente join`` with this very interpreter (``--seats-only``: teams only)."""
    return f"{shlex.quote(sys.executable)} -m detente join {shlex.quote(str(session))}" + (" --seats-only" if seats_only else "")


def make_server(
    command: str, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, *, public_url: str | None = None, title: str = "Détente", max_tabs: int = 40
) -> DetenteServer:
    """A server that runs the shell ``command`` for every browser tab (see :mod:`tui.webserver`).

    ``server.run()`` serves until SIGINT or SIGTERM. Tests use this to serve any
    command, such as ``python -m detente play``.
    """
    from tui.webserver import DetenteServer  # aiohttp and textual-serve: only when serving

    return DetenteServer(command, host=host, port=port, public_url=public_url, title=title, max_tabs=max_tabs)


def is_loopback(host: str) -> bool:
    """Whether ``host`` is reachable from this machine only."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _announce(session: Path, urls: list[str]) -> None:
    print(f"Serving the session {session} to browsers.")
    for url in urls:
        print(f"Open {url}")
    print(f"For the projector (read-only, no code): {urls[0].split(' ')[0]}projector")
    print("Each browser tab is its own 'detente join' on this machine. Press Ctrl+C to stop.", flush=True)


def _tabs(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of tabs") from None
    if not 1 <= value <= 1000:
        raise argparse.ArgumentTypeError(f"{value} tabs: give 1 to 1000")
    return value


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number") from None
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"{value} is not a port number (0 to 65535)")
    return value
