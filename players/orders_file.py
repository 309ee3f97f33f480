"""Orders files for ``detente run --orders`` (format in docs/record-format.md).

An orders file is TOML with one ``[[orders]]`` table per order::

    [[orders]]
    turn = 1
    faction = "blue"
    move = "joint_exercise"
    target = "north"
    why = "Reassure a partner after the summit."

Orders are grouped by turn and faction in file order. A faction with no
orders for a turn passes. A file is refused, before any order in it is
looked at, when it gives a faction more than ``MAX_ORDERS_PER_TURN`` orders
for one turn or holds more than ``MAX_ORDERS_IN_FILE`` orders in all: no
scenario could play them.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import engine.valueclass as valueclass
from engine.errors import Problem, ScenarioError
from engine.inputs import Order
from engine.model import Scenario
from engine.scenario_loader import LIMITS, MAX_FILE_BYTES, MAX_ORDERS, MAX_TURNS
from engine.toml_reader import Reader, parse_toml, read_input_file

MAX_ORDERS_PER_TURN = MAX_ORDERS
"""The most orders a faction can give in one turn in any scenario (a scenario may allow fewer)."""
MAX_ORDERS_IN_FILE = MAX_TURNS * LIMITS["factions"] * MAX_ORDERS
"""Every turn of the longest game, for every faction, at the most orders a turn: 2,400."""


class OrdersFileError(ScenarioError):
    """An orders file is malformed or names orders that cannot be played."""


@valueclass.frozen
class PlannedOrder:
    """An order from the file with the place it came from."""

    turn: int
    faction: str
    order: Order
    path: str
    line: int | None


@valueclass.frozen
class OrdersPlan:
    """Every order of an orders file."""

    file: str
    orders: tuple[PlannedOrder, ...]

    def factions(self) -> list[str]:
        """Faction ids the file gives orders to, in order of first appearance."""
        return list(dict.fromkeys(planned.faction for planned in self.orders))

    def check_against(self, scenario: Scenario) -> None:
        """Raise ``OrdersFileError`` for orders naming a faction, move or turn the scenario lacks,
        and at the first order of a turn beyond the scenario's ``orders_per_turn``."""
        factions = {f.id for f in scenario.factions}
        moves = {m.id for m in scenario.moves}
        problems = []
        given: Counter[tuple[int, str]] = Counter()
        for planned in self.orders:
            given[planned.turn, planned.faction] += 1
            if given[planned.turn, planned.faction] == scenario.orders_per_turn + 1:
                problems.append(
                    Problem(
                        planned.path,
                        f"{planned.faction} has more than {scenario.orders_per_turn} orders for turn {planned.turn}; "
                        f"{scenario.id} allows at most {scenario.orders_per_turn} a turn",
                        planned.line,
                    )
                )
            if planned.faction not in factions:
                problems.append(Problem(f"{planned.path}.faction", f"{planned.faction!r} is not a faction of {scenario.id}", planned.line))
            if planned.order.move not in moves:
                problems.append(Problem(f"{planned.path}.move", f"{planned.order.move!r} is not a move of {scenario.id}", planned.line))
            if planned.turn > scenario.turns:
                problems.append(Problem(f"{planned.path}.turn", f"turn {planned.turn} is after the last turn ({scenario.turns})", planned.line))
        if problems:
            raise OrdersFileError(self.file, problems)

    def for_turn(self, turn: int, faction: str) -> list[PlannedOrder]:
        """The orders of ``faction`` for ``turn``, in file order."""
        return [p for p in self.orders if p.turn == turn and p.faction == faction]


def load_orders_file(path: str | Path) -> OrdersPlan:
    """Read an orders file; ``OrdersFileError`` lists every problem with its place."""
    name = str(path)
    text = read_input_file(path, "orders file", OrdersFileError, MAX_FILE_BYTES)
    raw, syntax = parse_toml(text)
    if syntax is not None:
        raise OrdersFileError(name, [syntax])
    document = raw or {}
    reader = Reader(text)
    _refuse_floods(reader, document)
    if reader.problems:
        raise OrdersFileError(name, reader.problems, reader.more)
    reader.characters(document)
    top = reader.table(document, "$", ("orders",))
    planned = []
    for item_path, item in reader.array_of_tables(top, "orders", "$", limit=MAX_ORDERS_IN_FILE, required=True):
        table = reader.table(item, item_path, ("turn", "faction", "move", "target", "why"))
        move, target = reader.identifier(table, "move", item_path), reader.text(table, "target", item_path, "")
        order = Order(move, target, reader.text(table, "why", item_path, "", lines=True))
        planned.append(
            PlannedOrder(
                reader.integer(table, "turn", item_path, low=1, high=MAX_TURNS),
                reader.identifier(table, "faction", item_path),
                order,
                item_path,
                reader.locate(item_path),
            )
        )
    if reader.problems:
        raise OrdersFileError(name, reader.problems, reader.more)
    return OrdersPlan(name, tuple(planned))


def _refuse_floods(reader: Reader, raw: dict[str, Any]) -> None:
    """Report more orders than any game could play, counting the raw tables and locating only the excess."""
    orders = raw.get("orders")
    if not isinstance(orders, list):
        return
    if len(orders) > MAX_ORDERS_IN_FILE:
        reader.problem(
            "$.orders", f"{len(orders)} orders; an orders file holds at most {MAX_ORDERS_IN_FILE} (every turn of the longest game, for every faction)"
        )
        return
    given: Counter[tuple[int, str]] = Counter()
    for index, item in enumerate(orders):
        turn, faction = (item.get("turn"), item.get("faction")) if isinstance(item, dict) else (None, None)
        if isinstance(turn, int) and isinstance(faction, str):
            given[turn, faction] += 1
            if given[turn, faction] == MAX_ORDERS_PER_TURN + 1:
                reader.problem(f"$.orders[{index}]", f"more than {MAX_ORDERS_PER_TURN} orders for {faction!r} on turn {turn}; no scenario allows more a turn")
