"""``detente session view`` and ``session submit``: a team's seat without the UI.

For play over days, scripts and learning platforms: ``view`` prints what the
seat's screen shows (as text, or as JSON for a program) and ``submit`` sends
the seat's orders for the current turn from an orders file (the format
``detente run --orders`` reads, ``players.orders_file``), or hands in the
team's plan or reflection from a text file. Both go through the
seat's desk, so they see only what the team may see and meet the same checks
and refusals as the seat's screen: a reissued code, a game that is over, an
illegal order, a turn that moved on.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

import engine.valueclass as valueclass
from classroom.seat_desk import SeatDesk
from classroom.store import Store
from classroom.timer import TimerStatus, duration
from classroom.values import TEAM, SeatView
from detente.access import read_code
from engine.describe import Describer
from engine.errors import DetenteError, OrderError
from engine.files import FileTooLarge, UnreadableFile, read_text
from engine.inputs import MAX_WRITING, PACT_ACTS, Order
from engine.log import Argued
from engine.views import GameView
from players.orders_file import load_orders_file
from reports.faction_view import board_lines, factions_json, partners_lines, regions_json, rivals_lines


def seat_desk(store: Store, code: str | None) -> SeatDesk:
    """The seat the code opens; the facilitator's code is refused (a seat's command acts as a team)."""
    return store.seat(read_code(code, "the seat's code"))


def command_view(store: Store, args: argparse.Namespace) -> int:
    """Print the seat's view of its world."""
    view = seat_desk(store, args.code).view()
    print(json.dumps(view_json(view), indent=2, ensure_ascii=False) if args.format == "json" else view_text(view))
    return 0


def command_submit(store: Store, args: argparse.Namespace) -> int:
    """Submit the seat's orders for the current turn from an orders file, or hand in its plan or reflection."""
    desk = seat_desk(store, args.code)
    if args.agreement is not None:
        return _agree(desk, args.agreement)
    if args.argue is not None:
        number = desk.argue(args.argue, args.target)
        print(f"{desk.faction}: argued action {number} proposed; only your team and the facilitator read it until it is adjudicated.")
        return 0
    if args.counter is not None:
        return _counter(desk, args.counter)
    if args.orders is None:
        return _hand_in(desk, args)
    plan = load_orders_file(args.orders)
    plan.check_against(store.scenario)
    others = [faction for faction in plan.factions() if faction != desk.faction]
    if others:
        raise OrderError(f"{args.orders} gives orders to {', '.join(others)}, but this code is {desk.faction}'s seat: give only {desk.faction}'s orders")
    game = desk.game()
    if game.is_over:
        raise OrderError("the game is over: there is nothing to submit")
    turn = game.turn
    orders = tuple(planned.order for planned in plan.for_turn(turn, desk.faction))
    if not orders and not args.allow_pass:
        raise OrderError(f"{args.orders} has no orders for {desk.faction} on turn {turn}: add them, or give --pass to submit none")
    done = desk.submit(orders, turn=turn)
    what = f"{len(orders)} order{'s' if len(orders) != 1 else ''}" if orders else "a pass"
    print(f"Submitted {what} for {desk.faction} on turn {done.turn}." + (" Every team was in: the turn resolved." if done.resolved else ""))
    return 0


def _agree(desk: SeatDesk, spelt: str) -> int:
    """Take the team's step on an agreement spelt ``ACT:KIND:FACTION`` (rule 14.2); ``OrderError`` if refused."""
    parts = spelt.split(":")
    if len(parts) != 3 or parts[0] not in PACT_ACTS:
        raise OrderError(f"--agreement {spelt!r}: write ACT:KIND:FACTION, ACT one of {', '.join(PACT_ACTS)} (for example propose:joint_exercise:red)")
    act, kind, other = parts
    desk.agree(act, kind, other)
    print(f"{desk.faction}: {act} {kind} with {other}: done.")
    return 0


def _counter(desk: SeatDesk, spelt: str) -> int:
    """Counter an adjudicated argued action, spelt ``FACTION:NUMBER:TEXT`` (rule 15.4); ``OrderError`` if refused."""
    actor, _, rest = spelt.partition(":")
    number, _, text = rest.partition(":")
    if not number.isdigit():
        raise OrderError(f"--counter {spelt[:40]!r}: write FACTION:NUMBER:TEXT (for example red:1:The harbour is closed to them)")
    desk.counter(actor, int(number), text)
    print(f"{desk.faction}: counter-argument to {actor}'s argued action {number} added.")
    return 0


MAX_WRITING_BYTES = 4 * MAX_WRITING
"""The largest plan or reflection file read: ``MAX_WRITING`` characters of four bytes each."""


def _hand_in(desk: SeatDesk, args: argparse.Namespace) -> int:
    """Hand in the text file of ``--plan`` or ``--reflection`` as the team's; ``DetenteError`` for a file that cannot be read."""
    kind, path = ("plan", args.plan) if args.plan is not None else ("reflection", args.reflection)
    try:
        text = read_text(path, f"{kind} file", MAX_WRITING_BYTES)
    except FileTooLarge as exc:
        raise DetenteError(f"--{kind} {path}: the file is {exc.size} bytes; a {kind} is at most {MAX_WRITING} characters") from None
    except UnreadableFile as exc:
        raise DetenteError(f"--{kind} {path}: {exc.reason}") from None
    text = text.replace("\r\n", "\n").strip()
    (desk.plan if kind == "plan" else desk.reflect)(text)
    print(f"Handed in the {kind} of {desk.faction} ({len(text)} characters); a later one replaces it.")
    return 0


# -- the view as text and JSON --------------------------------------------------------------------


def view_text(view: SeatView) -> str:
    """The seat's view as lines of plain text: world, turn and clock, its numbers (and its aim), the board (with fading
    influence), the partners' receptivity and attitudes (format 2), events, who is in, its orders, the last turn's log."""
    game = view.game.view()
    scenario = game.scenario
    describe = Describer(scenario)
    me = game.factions[view.faction]
    lines = [f"{scenario.title} · {view.world_name} · {describe.name(view.faction)} ({view.team})"]
    if game.outcome is not None:
        winners = describe.names(game.outcome.winners) or "nobody"
        lines.append(f"Game over after turn {game.outcome.turn}: won by {winners}")
    else:
        lines.append(f"Turn {game.turn} of {scenario.turns}{_clock(view.timer)}")
    tracks = ", ".join(f"{describe.name(track)} {value}" for track, value in me.tracks.items())
    lines += [f"Budget {me.budget} (income {me.income}) · score {me.score} · {tracks}"]
    lines += _aim_text(game, view.faction)
    lines += ["", *rivals_lines(game, describe)] if game.sight is not None else []
    lines += ["", *board_lines(game, describe)]
    lines += partners_lines(game, describe)
    if game.events:
        lines += ["", "Events:"] + [f"  {describe.name(e.card)} on {describe.name(e.target)}, {e.remaining} turn(s) left" for e in game.events]
    teams = [seat for seat in view.seats if seat.player == TEAM]
    waiting = [describe.name(seat.faction) for seat in teams if seat.faction not in view.submitted_by]
    lines += ["", f"Teams in: {len(teams) - len(waiting)}/{len(teams)}" + (f" (waiting for {', '.join(waiting)})" if waiting else "")]
    for title, orders in (("Your orders (submitted)", view.orders), ("Your draft (not submitted)", view.draft)):
        if orders is not None:
            lines += ["", f"{title}:"] + [f"  {n}. {_order(describe, order)}" for n, order in enumerate(orders, start=1)]
    lines += _written_text(view)
    if game.agreements:
        lines += ["", "Agreements (proposed this turn or in force):"] + [f"  {describe.agreement(a, view.faction)}" for a in game.agreements]
    argued = _argued(game)
    if argued:
        lines += ["", "Argued actions this turn:"] + [f"  {describe.entry(entry)}" for entry in argued]
    last = game.turn if game.is_over else game.turn - 1
    entries = game.turn_log(last) if last >= 1 else ()
    if entries:
        lines += ["", f"Turn {last}:"] + [f"  {describe.entry(entry)}" for entry in entries]
    return "\n".join(lines)


def view_json(view: SeatView) -> dict[str, Any]:
    """The seat's view as JSON-ready data (ids, not display names; the log as text lines). Each region carries
    format 2's ``fading``, ``attitudes`` and ``receptivity`` (empty in a format 1 game), and ``aim`` is the seat's
    own aim with its progress (None without one)."""
    game = view.game.view()
    describe = Describer(game.scenario)
    timer = view.timer
    return {
        "world": view.world_name,
        "faction": view.faction,
        "team": view.team,
        "turn": game.turn,
        "turns": game.scenario.turns,
        "over": game.is_over,
        "winners": list(game.outcome.winners) if game.outcome is not None else [],
        "revision": view.revision,
        "timer": {"phase": timer.phase, "seconds_left": timer.seconds_left, "paused": timer.paused, "deadline_passed": timer.deadline_passed},
        "factions": factions_json(game),
        "regions": regions_json(game),
        "aim": _aim_json(game, view.faction),
        "events": [{"card": e.card, "target": e.target, "remaining": e.remaining} for e in game.events],
        "submitted_by": list(view.submitted_by),
        "orders": _orders_json(view.orders),
        "draft": _orders_json(view.draft),
        "seats": [{"faction": seat.faction, "team": seat.team, "player": seat.player} for seat in view.seats],
        "log": [{"turn": entry.turn, "text": describe.entry(entry)} for entry in game.log],
        "agreements": [valueclass.asdict(agreement) for agreement in game.agreements],
        "argued": [describe.entry(entry) for entry in _argued(game)],
        **dict(zip(("plan", "reflection"), view.game.written(view.faction), strict=True)),
    }


def _argued(game: GameView) -> list[Argued]:
    """The argued actions of the current turn the seat may read (rule 15): its own, and the others' once adjudicated."""
    return [entry for entry in game.turn_log(game.turn) if isinstance(entry, Argued)] if not game.is_over else []


def _written_text(view: SeatView) -> list[str]:
    """The team's plan and reflection as it stands, and which of them it may hand in now."""
    game = view.game
    plan, reflection = game.written(view.faction)
    lines = []
    for title, text in (("Your plan", plan), ("Your reflection", reflection)):
        if text:
            lines += ["", f"{title}:"] + [f"  {line}" for line in text.splitlines()]
    if game.turn == 1 and 1 not in game.digests:
        lines += ["", f"{'Replace your plan' if plan else 'Hand in your plan'} before turn 1 resolves: detente session submit --plan FILE"]
    elif game.is_over:
        lines += ["", f"{'Replace your reflection' if reflection else 'Hand in your reflection'}: detente session submit --reflection FILE"]
    return lines


def _aim_text(game: GameView, faction: str) -> list[str]:
    """The faction's own aim (format 2) and each of its tests, met (✓) or not (·), with the value it reads now."""
    aim = game.scenario.faction(faction).aim
    if aim is None:
        return []
    lines = [f"Your aim{' (judged at the end)' if aim.final else ''}: {aim.text}"]
    for leaf in game.aim_progress(faction):
        lines.append(f"  {'✓' if leaf.met else '·'} {leaf.text}" + (f" (now {leaf.value})" if leaf.value is not None else ""))
    return lines


def _aim_json(game: GameView, faction: str) -> dict[str, Any] | None:
    aim = game.scenario.faction(faction).aim
    if aim is None:
        return None
    progress = [{"text": leaf.text, "value": leaf.value, "met": leaf.met, "distance": leaf.distance} for leaf in game.aim_progress(faction)]
    return {"text": aim.text, "final": aim.final, "progress": progress}


def _orders_json(orders: tuple[Order, ...] | None) -> list[dict[str, str]] | None:
    return None if orders is None else [{"move": o.move, "target": o.target, "why": o.why} for o in orders]


def _order(describe: Describer, order: Order) -> str:
    target = f" → {describe.name(order.target)}" if order.target else ""
    why = f" — {order.why}" if order.why else ""
    return f"{describe.name(order.move)}{target}{why}"


def _clock(timer: TimerStatus) -> str:
    if timer.seconds_left is None:
        return ""
    if timer.deadline_passed:
        return " · time is up"
    return f" · {timer.phase}: {duration(timer.seconds_left)} left" + (" (paused)" if timer.paused else "")
