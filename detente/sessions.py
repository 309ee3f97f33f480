"""The classroom commands: ``facilitate``, ``join`` and ``session`` (status, tick, pause, resume, export,
backup, new-code, and a seat's view and submit).

``facilitate`` creates a session file (one or more worlds of a scenario, a
code per team seat) and opens the facilitator's console; ``join`` opens a
seat (or the console) with a code; ``session`` serves the headless side of a
session that runs over days: what stands where, resolving the turns that are
due (for a scheduler such as cron), exporting every world's record for
grading, a whole copy of the live file, a new facilitator's code for the
file's owner, and a team's seat (``detente.seat_commands``). Codes come from
the environment or a prompt (``detente.access``). The terminal UI is imported
only by ``facilitate`` and ``join``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from classroom.errors import AccessDenied, ClassroomError
from classroom.naming import export_file_name
from classroom.resolve_rules import RESOLVE_RULES
from classroom.seat_desk import SeatDesk
from classroom.store import Store
from classroom.timer import duration, parse_phase
from classroom.values import TEAM, NewSession, Settings, WorldSpec
from detente.access import given_code, read_code
from detente.clock import now
from detente.usage import UsageError, parse_seats
from engine.model import Scenario

if TYPE_CHECKING:  # imported on use: a team's view and submit load neither the facilitator's desk nor the bots
    from classroom.facilitator_desk import FacilitatorDesk
    from engine.outcome import Outcome


def default_sessions_folder() -> Path:
    """Where new session files go: ``$XDG_DATA_HOME/detente/sessions`` (or ~/.local/share)."""
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "detente" / "sessions"


def command_facilitate(args: argparse.Namespace) -> int:
    """Create (or resume) a session, then open the console, or print the codes with --no-ui."""
    if args.resume:
        if (
            args.scenario
            or args.seat
            or args.phase
            or args.world
            or args.session
            or args.no_ui
            or args.drafts_at_deadline
            or args.plans
            or args.team
            or args.teams
            or args.sheet
        ):
            raise UsageError("--resume opens a session as it is; give only --code with it")
        store = opened(args.resume)
        return _run_app(store, code=given_code(args.code))
    if args.code:
        raise UsageError("--code is for --resume: a new session makes its own codes")
    if not args.scenario:
        raise UsageError("give a SCENARIO to start a session, or --resume FILE")
    from engine.catalog import find_scenario  # here: a seat's commands open the session's own scenario, never the catalogue
    from players.bots import STRATEGIES

    scenario = find_scenario(args.scenario)
    players = parse_seats(args.seat, scenario, TEAM, allowed=(TEAM, *STRATEGIES), doctrines=True) if args.seat else {}
    if players and all(player != TEAM for player in players.values()):
        raise UsageError("every faction is a bot: a classroom session needs at least one team")
    all_in, deadline = RESOLVE_RULES[args.resolve]
    settings = Settings(
        phases=_phases(args.phase), resolve_when_all_in=all_in, resolve_at_deadline=deadline, drafts_at_deadline=args.drafts_at_deadline, plans=args.plans
    )
    if args.drafts_at_deadline and not deadline:
        raise UsageError("--drafts-at-deadline needs --resolve deadline or both")
    if deadline and not settings.phases:
        raise UsageError("--resolve deadline needs at least one --phase")
    if len(set(args.world)) != len(args.world):
        raise UsageError("--world names must differ")
    names = args.world or [f"World {k}" for k in range(1, args.worlds + 1)]
    teams = _team_names([*_team_lines(args.teams), *args.team], names, scenario)
    worlds = [WorldSpec(name, args.seed if args.same_seed else None, teams=teams[name]) for name in names]
    created = now()
    path = Path(args.session) if args.session else _new_session_path(scenario.id, created)
    if args.url is not None and (not args.sheet or not args.url.startswith(("http://", "https://"))):
        raise UsageError("--url goes with --sheet and is an http:// or https:// address")
    new = Store.create(path, scenario, created=created, worlds=worlds, base_seed=args.seed, players=players, settings=settings)
    if args.sheet:
        _write_sheet(
            Path(args.sheet), new, scenario, {(index, f): team for index, name in enumerate(names, start=1) for f, team in teams[name].items()}, args.url
        )
    if args.no_ui:
        print(codes_sheet(new, scenario, teams))
        return 0
    return _run_app(Store.open(new.path), new_session=new)


def _write_sheet(path: Path, new: NewSession, scenario: Scenario, teams: dict[tuple[int, str], str], url: str | None) -> None:
    """Write the join sheet (``classroom.join_sheet``) atomically, readable by its owner only: it holds every seat's code."""
    from classroom.join_sheet import join_sheet
    from engine.record import write_atomically

    try:
        write_atomically(path, join_sheet(new, scenario, teams, url).encode("utf-8"), mode=0o600)
    except OSError as exc:
        raise ClassroomError(str(path), f"the join sheet cannot be written ({exc.strerror or exc}); the session was made: {new.path}") from None
    print(f"The join sheet is in {path}: print it and cut a slip for each team.", file=sys.stderr)


def command_join(args: argparse.Namespace) -> int:
    """Open the session for one seat (or the facilitator), asking for the code unless given."""
    store = opened(args.session)
    return _run_app(store, code=given_code(args.code), console=not args.seats_only)


def command_project(args: argparse.Namespace) -> int:
    """Open the projector's view of a session (read-only; no code: it shows only what the class may see)."""
    from tui.classroom.projector_app import ProjectorApp

    with opened(args.session) as store:
        ProjectorApp(store).run()
    return 0


def opened(path: str) -> Store:
    """The session at ``path``, opened; what opening it found worth a warning (a copy made without its ``-wal``) goes to standard error."""
    store = Store.open(path)
    if store.warning:
        print(f"{path}: {store.warning}", file=sys.stderr)
    return store


def _run_app(store: Store, *, code: str | None = None, new_session: NewSession | None = None, console: bool = True) -> int:
    from tui.classroom.app import ClassroomApp

    try:
        ClassroomApp(store, code=code, new_session=new_session, console=console).run()
    finally:
        store.close()
    if new_session is not None:
        print(f"The session is saved in {new_session.path}; reopen it with: detente facilitate --resume {new_session.path}")
        print(f"The facilitator's code is {new_session.facilitator_code}: keep it from the teams.")
    return 0


def codes_sheet(new: NewSession, scenario: Scenario, teams: dict[str, dict[str, str]] | None = None) -> str:
    """The codes of a new session as a plain-text sheet to print and cut into slips (``teams``: each world's
    team names by faction, shown after the code where one was given)."""
    factions = [faction.id for faction in scenario.factions]
    lines = [f"Détente classroom session: {scenario.title}", f"File: {new.path}", "", f"Facilitator code: {new.facilitator_code}", ""]
    for world in new.worlds:
        lines.append(f"{world.name} (seed {world.seed})")
        for faction in factions:
            code = new.seat_codes.get((world.id, faction))
            team = (teams or {}).get(world.name, {}).get(faction)
            lines.append(f"  {faction:<20} {code or 'a bot plays it'}" + (f"   {team}" if team and code else ""))
    lines += [
        "",
        f"Teams join with: detente join {new.path}   (or in a browser: detente serve {new.path})",
        f"Timers start paused, and a paused world never resolves by itself: start the class in the console (s) or with detente session resume {new.path}",
    ]
    return "\n".join(lines)


# -- session status, tick, export -------------------------------------------------------------------


def command_session(args: argparse.Namespace) -> int:
    """The headless session commands."""
    if args.action == "backup":
        with opened(args.session) as store:
            store.backup(args.out)
        print(f"The session is copied whole to {args.out}; open the copy as any session (it needs no -wal file beside it).")
        return 0
    if args.action == "new-code":
        with opened(args.session) as store:
            code = store.new_facilitator_code()
        print(f"The facilitator's new code is {code}: the old one no longer opens the console. Keep it from the teams.")
        return 0
    with opened(args.session) as store:
        if args.action in ("view", "submit"):
            from detente import seat_commands

            return seat_commands.command_view(store, args) if args.action == "view" else seat_commands.command_submit(store, args)
        desk = _facilitator(store, args)
        if args.action == "tick":
            resolved = desk.tick()
            for done in resolved:
                print(f"{_world_name(store, done.world)}: turn {done.turn} resolved ({done.why})")
            if not resolved:
                print("Nothing is due: every world is waiting for teams or for its deadline.")
            return _damaged(desk)
        if args.action in ("pause", "resume"):
            getattr(desk, args.action)()
            print(f"Every world's timer is {'paused' if args.action == 'pause' else 'running'}.")
            return 0
        if args.action == "status":
            print(_status_json(desk) if args.format == "json" else _status_text(desk))
            return _damaged(desk)
        folder = _folder(Path(args.out), "--out")
        failed = 0
        for world in desk.worlds():
            path = folder / export_file_name(Path(args.session), world.name)
            try:
                desk.export(world.id, path)
            except ClassroomError as exc:
                failed += 1
                print(f"detente session: {exc}", file=sys.stderr)
                continue
            print(path)
        return 1 if failed else 0


def _damaged(desk: FacilitatorDesk) -> int:
    """Say on standard error which worlds cannot be played (the others were served); 1 if any, else 0."""
    problems = [f"{world.name}: {world.problem}" for world in desk.overview().worlds if world.problem]
    for problem in problems:
        print(f"detente session: {desk.store.file}: world {problem}; the other worlds play on", file=sys.stderr)
    return 1 if problems else 0


def _facilitator(store: Store, args: argparse.Namespace) -> FacilitatorDesk:
    """The facilitator's desk for the code given; a team's code is refused as such."""
    desk = store.access(read_code(args.code, "the facilitator's code"))
    if isinstance(desk, SeatDesk):
        raise AccessDenied(store.file, "that is a team's code; this command needs the facilitator's code")
    return desk


def _status_text(desk: FacilitatorDesk) -> str:
    overview = desk.overview()
    scenario = desk.store.scenario
    lines = []
    for world in overview.worlds:
        if world.problem:
            lines.append(f"{world.name}: cannot be played: {world.problem}")
            continue
        if world.over:
            outcome = _outcome(desk, world.id)
            winners = ", ".join(scenario.faction(f).name for f in outcome.winners) or "nobody"
            lines.append(f"{world.name}: over after turn {outcome.turn} · won by {winners}")
            continue
        state = f"turn {world.turn}/{scenario.turns}"
        timer = world.timer
        clock = ""
        if timer.seconds_left is not None:
            clock = " · time is up" if timer.deadline_passed else f" · {timer.phase} {duration(timer.seconds_left)} left"
            clock += " (paused)" if timer.paused else ""
        teams = [seat for seat in world.seats if seat.player == TEAM]
        lines.append(f"{world.name}: {state} · {sum(seat.submitted for seat in teams)}/{len(teams)} teams in{clock}")
        for seat in world.seats:
            who = seat.team if seat.player == TEAM else f"bot ({seat.player})"
            mark = "in" if seat.submitted else "waiting"
            lines.append(f"  {scenario.faction(seat.faction).letter} {seat.faction:<18} {who:<24} {mark}")
    return "\n".join(lines)


def _status_json(desk: FacilitatorDesk) -> str:
    overview = desk.overview()
    worlds = []
    for world in overview.worlds:
        timer = world.timer
        worlds.append(
            {
                "name": world.name,
                "seed": world.seed,
                "turn": world.turn,
                "over": world.over,
                "problem": world.problem,
                "winners": list(_outcome(desk, world.id).winners) if world.over and not world.problem else [],
                "timer": {"phase": timer.phase, "seconds_left": timer.seconds_left, "paused": timer.paused, "deadline_passed": timer.deadline_passed},
                "seats": [{"faction": s.faction, "team": s.team, "player": s.player, "submitted": s.submitted, "last_seen": s.last_seen} for s in world.seats],
            }
        )
    return json.dumps({"worlds": worlds}, indent=2, ensure_ascii=False)


def _outcome(desk: FacilitatorDesk, world_id: int) -> Outcome:
    """How a world that is over ended."""
    outcome = desk.game(world_id).outcome
    assert outcome is not None, f"world {world_id} is over but has no outcome"
    return outcome


def _world_name(store: Store, world_id: int) -> str:
    return next(world.name for world in store.worlds() if world.id == world_id)


def _new_session_path(scenario_id: str, created: str) -> Path:
    folder = _folder(default_sessions_folder(), "the sessions folder (set XDG_DATA_HOME, or give --session FILE)")
    stamp = created.replace(":", "").replace("-", "")
    return folder / f"{scenario_id}-{stamp}.detente"


def _folder(folder: Path, what: str) -> Path:
    """``folder``, made if missing; ``UsageError`` naming ``what`` if it cannot be."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"{what}: cannot make the folder {str(folder)!r}: {exc.strerror or exc}") from None
    return folder


def _team_lines(path: str | None) -> list[str]:
    """The ``[WORLD:]FACTION=NAME`` lines of a ``--teams`` file (blank lines and ``#`` comments left out)."""
    if path is None:
        return []
    from engine.files import UnreadableFile, read_text

    try:
        text = read_text(Path(path), "team names file", 1 << 20)
    except UnreadableFile as exc:
        raise UsageError(f"--teams {path}: {exc.reason}") from None
    return [line.split("#", 1)[0].strip() for line in text.splitlines() if line.split("#", 1)[0].strip()]


def _team_names(items: list[str], worlds: list[str], scenario: Scenario) -> dict[str, dict[str, str]]:
    """Each world's team names from ``[WORLD:]FACTION=NAME`` items (a world by name or number; none: every world)."""
    factions = {faction.id for faction in scenario.factions}
    names: dict[str, dict[str, str]] = {world: {} for world in worlds}
    for item in items:
        seat, sep, team = item.partition("=")
        where, colon, faction = seat.rpartition(":") if ":" in seat else ("", "", seat)
        faction, team, where = faction.strip(), team.strip(), where.strip()
        if not sep or not team or faction not in factions:
            raise UsageError(f"--team takes [WORLD:]FACTION=NAME with a faction of {scenario.id} ({', '.join(sorted(factions))}), not {item!r}")
        if colon:
            world = worlds[int(where) - 1] if where.isdigit() and 1 <= int(where) <= len(worlds) else where
            if world not in names:
                raise UsageError(f"--team {item!r}: there is no world {where!r} (worlds: {', '.join(worlds)})")
            names[world][faction] = team
        else:
            for world in worlds:
                names[world][faction] = team
    return names


def _phases(items: list[str]) -> tuple[tuple[str, int], ...]:
    if not items:
        return (("orders", 15 * 60),)
    try:
        return tuple(parse_phase(item) for item in items)
    except ValueError as exc:
        raise UsageError(f"--phase: {exc}") from None
