"""Orders files for ``detente run --orders`` (format in docs/record-format.md).

An orders file is TOML with one ``[[orders]]`` table per order::

    [[orders]]
    turn = 1
    faction = "blue"
    move = "joint_exercise"
    target = "north"
    why = "Reassure a partner after the summit."

Orders are grouped by turn and faction in file order. A faction with no
orders for a turn passes.
"""

from __future__ import annotations

from pathlib import Path

import attrs

from engine.errors import Problem, ScenarioError
from engine.inputs import Order
from engine.model import Scenario
from engine.scenario_loader import MAX_FILE_BYTES, MAX_TURNS
from engine.toml_reader import Reader, parse_toml, read_input_file


class OrdersFileError(ScenarioError):
    """An orders file is malformed or names orders that cannot be played."""


@attrs.frozen
class PlannedOrder:
    """An order from the file with the place it came from."""

    turn: int
    faction: str
    order: Order
    path: str
    line: int | None


@attrs.frozen
class OrdersPlan:
    """Every order of an orders file."""

    file: str
    orders: tuple[PlannedOrder, ...]

    def factions(self) -> list[str]:
        """Faction ids the file gives orders to, in order of first appearance."""
        return list(dict.fromkeys(planned.faction for planned in self.orders))

    def check_against(self, scenario: Scenario) -> None:
        """Raise ``OrdersFileError`` for orders naming a faction, move or turn the scenario lacks."""
        factions = {f.id for f in scenario.factions}
        moves = {m.id for m in scenario.moves}
        problems = []
        for planned in self.orders:
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
    reader = Reader(text)
    top = reader.table(raw, "$", ("orders",))
    planned = []
    for item_path, item in reader.array_of_tables(top, "orders", "$", limit=10_000, required=True):
        table = reader.table(item, item_path, ("turn", "faction", "move", "target", "why"))
        order = Order(reader.identifier(table, "move", item_path), reader.text(table, "target", item_path, ""), reader.text(table, "why", item_path, ""))
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
        raise OrdersFileError(name, reader.problems)
    return OrdersPlan(name, tuple(planned))
