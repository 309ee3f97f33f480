"""One turn in review, grouped by faction: what each ordered and how it went, what the events did,
and how the scores moved. Text only, read from a view's log and history."""

from __future__ import annotations

from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.text import Text

from engine.describe import Describer
from engine.log import CardPlayed, Change, Countered, Entry, Expired, OrderFizzled, OrderResolved, Rolled, Scored
from engine.views import GameView
from tui.palette import faction_colours
from tui.widgets.events import hanging, signed

SUCCEEDED, FAILED, FIZZLED, UNSEEN = "✓", "✗", "–", "?"
"""Before each order in the summary: it succeeded (or needed no roll), its roll failed, it fizzled; in a
fogged view, another faction's roll was not seen (rule 16.4)."""


def resolved_turns(view: GameView) -> list[int]:
    """The turns that have been resolved so far, oldest first."""
    return [snapshot.turn for snapshot in view.history if snapshot.turn > 0]


def turn_summary(view: GameView, turn: int, width: int = 0) -> Text:
    """Turn ``turn`` of ``view`` (a resolved turn): events, then each faction's orders with their
    rolls and what they changed, its objectives and the score before and after; lines wrapped
    to ``width`` cells under a hanging indent (0: not wrapped)."""
    lines: list[Text] = []
    for line in _lines(view, turn):
        indent = len(line.plain) - len(line.plain.lstrip(" "))
        lines.extend(hanging(line, width, indent=indent + 2) if width else [line])
    return Text("\n", end="").join(lines)


class TurnSummary:
    """A Rich renderable of ``turn_summary`` wrapped to the width it is rendered at (a
    ``RichLog`` renders it once its width is known, so no line is laid out twice)."""

    def __init__(self, view: GameView, turn: int) -> None:
        self.view = view
        self.turn = turn
        self.width = 0
        """The width it was last rendered at; 0 before."""

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(1, options.max_width)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        self.width = options.max_width
        text = turn_summary(self.view, self.turn, self.width)
        text.no_wrap, text.overflow = True, "crop"
        yield text


def _lines(view: GameView, turn: int) -> list[Text]:
    scenario = view.scenario
    describe = Describer(scenario)
    colours = faction_colours(scenario)
    entries = view.turn_log(turn)
    before = dict(view.history[turn - 1].scores) if turn - 1 < len(view.history) else {}
    after = dict(view.history[turn].scores) if turn < len(view.history) else {}
    scored = {e.faction: e for e in entries if isinstance(e, Scored)}
    lines = [Text(f"Turn {turn}", "bold underline"), Text("Events", "bold")]
    events = [e for e in entries if isinstance(e, (CardPlayed, Countered, Expired))]
    if not events:
        lines.append(Text("  none", "dim"))
    lines.extend(Text(f"  ⚑ {describe.entry(entry)}") for entry in events)
    for faction in scenario.factions:
        head = Text(f"{faction.letter} {faction.name}", f"bold {colours[faction.id]}")
        old, new = before.get(faction.id), after.get(faction.id)
        if old is not None and new is not None:
            head.append(f"   score {old} → {new} ({signed(new - old)})", "bold" if new != old else "dim")
        lines += [Text(), head]
        orders = _orders(entries, faction.id, describe, view.sight is not None and faction.id != view.sight.faction)
        if not orders:
            lines.append(Text("  no orders", "dim"))
        lines.extend(Text("  ").append_text(line) for line in orders)
        changes = _changes(entries, faction.id, describe)
        if changes:
            lines.append(Text("  changes: ", "dim").append(changes))
        objectives = scenario.faction(faction.id).objectives
        if faction.id in scored and objectives:
            met = [o.text for o in objectives if o.id in scored[faction.id].objectives]
            lines.append(Text(f"  objectives met {len(met)}/{len(objectives)}{': ' if met else ''}", "dim").append("; ".join(met)))
    return lines


def _orders(entries: tuple[Entry, ...], faction: str, describe: Describer, unseen: bool = False) -> list[Text]:
    """Each order of ``faction`` in ``entries`` with its outcome: ✓ or ✗ and the roll, or – and why it fizzled;
    with ``unseen`` (another faction's, in a fogged view) ``?`` for an order whose roll was not seen."""
    rolls = {e.order: e for e in entries if isinstance(e, Rolled) and e.faction == faction}
    lines = []
    for entry in entries:
        if isinstance(entry, (OrderResolved, OrderFizzled)) and entry.faction == faction:
            move = describe.scenario.move(entry.move).name
            where = f" → {describe.name(entry.target)}" if entry.target else ""
            line = Text()
            if isinstance(entry, OrderFizzled):
                line.append(f"{FIZZLED} {move}{where}", "dim")
                line.append(f": fizzled, {entry.reason}", "italic")
            else:
                roll = rolls.get(entry.order)
                ok = roll is None or roll.success
                if roll is None and unseen and describe.scenario.move(entry.move).difficulty:
                    line.append(f"{UNSEEN} ", "bold")
                else:
                    line.append(f"{SUCCEEDED if ok else FAILED} ", "bold green" if ok else "bold red")
                line.append(f"{move}{where}", "bold")
                if roll is not None:
                    bonus = sum(amount for _, amount in roll.modifiers)
                    line.append(f"  rolled {roll.die}{signed(bonus) if bonus else ''} = {roll.total}, needed {roll.difficulty}", "dim")
                line.append(f"  −{entry.cost}", "yellow")
            lines.append(line)
    return lines


def _changes(entries: tuple[Entry, ...], faction: str, describe: Describer) -> str:
    """The net change of each of ``faction``'s numbers over the turn: ``influence Tenrai +2, credibility −1``."""
    totals: dict[str, int] = {}
    for entry in entries:
        if isinstance(entry, Change) and entry.faction == faction and entry.track != "budget":
            if entry.track == "influence":
                key = f"influence {describe.name(entry.region)}"
            elif entry.region:  # a partner's attitude towards it there (format 2, rule 13.3)
                key = f"{describe.name(entry.track).lower()} in {describe.name(entry.region)}"
            elif entry.track == "income":
                key = "income"
            else:
                key = describe.scenario.track(entry.track).name.lower()
            totals[key] = totals.get(key, 0) + entry.delta
    return ", ".join(f"{key} {signed(delta)}" for key, delta in totals.items() if delta)
