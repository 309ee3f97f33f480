"""Checking what callers hand the session before anything is written: names, players, orders, worlds.

A refusal about the session (a name, a player, a world to create) is a
``ClassroomError`` naming the file; a refusal about the game (orders) is the
engine's ``OrderError``. Nothing here reads or writes the file.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from classroom.errors import ClassroomError
from classroom.values import TEAM, WorldSpec
from engine.errors import OrderError
from engine.inputs import MAX_WHY, Order
from engine.model import Scenario

MAX_WORLDS = 64
"""Most worlds in one session."""
MAX_NAME = 60
"""Longest world, team or member name, in characters."""
MAX_DRAFT_ORDERS = 20
"""Most orders a seat's saved draft keeps."""


def check_name(file: str, what: str, name: Any) -> None:
    """``ClassroomError`` unless ``name`` (``what`` it names, for the message) is 1 to ``MAX_NAME`` printable characters."""
    if not isinstance(name, str) or not name.strip() or len(name) > MAX_NAME or any(ord(c) < 32 for c in name):
        raise ClassroomError(file, f"{what} is 1 to {MAX_NAME} printable characters, not {name!r}")


def check_player(file: str, player: Any) -> None:
    """``ClassroomError`` unless ``player`` is ``TEAM``, a bot strategy or ``doctrine:NAME`` of a bundled doctrine
    (a doctrine file's path would not travel with the session file)."""
    from players.bots import DOCTRINE, STRATEGIES  # here: a seat's desk checks orders and names, never players
    from players.doctrine import bundled_doctrines

    if player == TEAM or player in STRATEGIES:
        return
    if isinstance(player, str) and player.startswith(DOCTRINE) and player[len(DOCTRINE) :].replace("-", "_") in bundled_doctrines():
        return
    known = f"{', '.join(STRATEGIES)} or doctrine:NAME with NAME one of {', '.join(bundled_doctrines())}"
    raise ClassroomError(file, f"a seat is played by {TEAM!r} or a bot ({known}), not {player!r}")


def check_orders(orders: Sequence[Order], limit: int) -> tuple[Order, ...]:
    """``orders`` as a tuple; ``OrderError`` unless they are at most ``limit`` ``Order`` s of strings with short enough
    justifications (their legality is the engine's to check)."""
    orders = tuple(orders)
    for index, order in enumerate(orders, start=1):
        if not isinstance(order, Order) or not all(isinstance(v, str) for v in (order.move, order.target, order.why)):
            raise OrderError(f"order {index} is not an Order of strings", index)
        if len(order.why) > MAX_WHY:
            raise OrderError(f"order {index}: the justification is longer than {MAX_WHY} characters", index)
    if len(orders) > limit:
        raise OrderError(f"{len(orders)} orders; at most {limit} are allowed")
    return orders


def world_specs(file: str, scenario: Scenario, worlds: int | Sequence[WorldSpec], base_seed: int, players: Mapping[str, str]) -> list[WorldSpec]:
    """The worlds to create, with names, seeds and every faction's player and team filled in and checked."""
    if isinstance(base_seed, bool) or not isinstance(base_seed, int) or base_seed < 0:
        raise ClassroomError(file, f"the base seed is a non-negative integer, not {base_seed!r}")
    if isinstance(worlds, int) and not isinstance(worlds, bool):
        if not 1 <= worlds <= MAX_WORLDS:
            raise ClassroomError(file, f"a session has 1 to {MAX_WORLDS} worlds, not {worlds}")
        worlds = [WorldSpec(f"World {n}") for n in range(1, worlds + 1)]
    specs: list[WorldSpec] = list(worlds)  # type: ignore[arg-type]  # True or False: list() refuses it (TypeError)
    if not 1 <= len(specs) <= MAX_WORLDS:
        raise ClassroomError(file, f"a session has 1 to {MAX_WORLDS} worlds, not {len(specs)}")
    factions = {f.id: f for f in scenario.factions}
    out = []
    for index, spec in enumerate(specs):
        check_name(file, "a world's name", spec.name)
        seed = base_seed + index if spec.seed is None else spec.seed
        if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed < 2**63:
            raise ClassroomError(file, f"world {spec.name!r}: a seed is an integer from 0 to 2^63-1, not {seed!r}")
        for mapping in (players, spec.players, spec.teams):
            unknown = sorted(set(mapping) - set(factions))
            if unknown:
                raise ClassroomError(file, f"world {spec.name!r}: {scenario.id} has no faction {unknown[0]!r}")
        seat_players = {f: spec.players.get(f, players.get(f, TEAM)) for f in factions}
        for player in seat_players.values():
            check_player(file, player)
        teams = {f: spec.teams.get(f, factions[f].name) for f in factions}
        for team in teams.values():
            check_name(file, "a team's name", team)
        out.append(WorldSpec(spec.name, seed, seat_players, teams))
    names = [spec.name for spec in out]
    if len(set(names)) != len(names):
        raise ClassroomError(file, "two worlds have the same name")
    return out
