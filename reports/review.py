"""What an after-action review shows, computed from a replayed game (pure data, no text layout).

- ``series``: the score, every faction track and the budget of each faction
  after each turn (turn 0 is the start), for charts;
- ``turning_points``: the largest score swings, each with the changes behind
  it (influence by cause, control won or lost, scored tracks, objectives);
- ``instrument_use``: each faction's orders by move category, with how they
  went.

``detente aar`` renders these as Markdown or HTML; the terminal debrief could
use them too. Everything comes from the game's log and history.
"""

from __future__ import annotations

import engine.valueclass as valueclass
from engine.game import Game
from engine.inputs import Order, Submission
from engine.log import Cause, Change, OrderFizzled, OrderResolved, Rolled, Scored
from engine.model import CATEGORIES
from engine.views import Snapshot

TURNING_POINTS = 5
REASONS_PER_POINT = 5


@valueclass.frozen
class Series:
    """One measure over the turns: per faction, its value at the start and after each turn."""

    id: str
    name: str
    values: tuple[tuple[str, tuple[int, ...]], ...]
    low: int
    """The measure's floor when it has one (a track's minimum, 0 for budgets and scores)."""
    high: int | None
    """The measure's ceiling when it has one (a track's maximum), else None."""


@valueclass.frozen
class TurningPoint:
    """A large change in one faction's score on one turn, and why."""

    turn: int
    faction: str
    before: int
    after: int
    reasons: tuple[tuple[int, str], ...]
    """What moved the score, largest first: (points, phrase)."""

    @property
    def delta(self) -> int:
        """The swing."""
        return self.after - self.before


@valueclass.frozen
class Use:
    """How one faction used one instrument (move category)."""

    ordered: int = 0
    succeeded: int = 0
    failed: int = 0
    fizzled: int = 0
    spent: int = 0


def played_turns(game: Game) -> list[int]:
    """The turns resolved so far."""
    return sorted(game.digests)


def series(game: Game) -> list[Series]:
    """Score, each track in scenario order, then budget, over the turns (turn 0 first)."""
    history = game.history
    factions = game.factions
    out = [Series("score", "Score", tuple((f, tuple(dict(s.scores)[f] for s in history)) for f in factions), 0, None)]
    for track in game.scenario.tracks:
        values = tuple((f, tuple(dict(dict(s.tracks)[f])[track.id] for s in history)) for f in factions)
        out.append(Series(track.id, track.name, values, track.min, track.max))
    out.append(Series("budget", "Budget", tuple((f, tuple(dict(s.budgets)[f] for s in history)) for f in factions), 0, game.scenario.budget_cap))
    return out


def _controllers(influence: dict[str, dict[str, int]], minimum: int) -> dict[str, str]:
    out = {}
    for region, values in influence.items():
        ranked = sorted(values.values(), reverse=True)
        best = ranked[0] if ranked else 0
        if best >= minimum and (len(ranked) < 2 or ranked[1] < best):
            out[region] = next(f for f, v in values.items() if v == best)
    return out


def turning_points(game: Game, count: int = TURNING_POINTS) -> list[TurningPoint]:
    """The ``count`` largest score swings of any faction on any turn, in turn order.

    Ties go to the earlier turn, then to the faction first in scenario order.
    """
    history = {s.turn: s for s in game.history}
    swings = []
    for turn in played_turns(game):
        before, after = dict(history[turn - 1].scores), dict(history[turn].scores)
        for index, faction in enumerate(game.factions):
            delta = after[faction] - before[faction]
            if delta:
                swings.append((-abs(delta), turn, index, faction))
    swings.sort()
    chosen = sorted(swings[:count], key=lambda s: (s[1], s[2]))
    objectives = _objectives_by_turn(game) if chosen else {}
    return [_explain(game, history, objectives, turn, faction) for _, turn, _, faction in chosen]


def _objectives_by_turn(game: Game) -> dict[int, dict[str, tuple[str, ...]]]:
    start = Game(game.scenario, game.seed).state  # scored at set-up, before any order
    out: dict[int, dict[str, tuple[str, ...]]] = {0: {f: start.factions[f].objectives for f in game.factions}}
    for entry in game.log:
        if isinstance(entry, Scored):
            out.setdefault(entry.turn, {})[entry.faction] = entry.objectives
    return out


def _explain(game: Game, history: dict[int, Snapshot], objectives: dict[int, dict[str, tuple[str, ...]]], turn: int, faction: str) -> TurningPoint:
    scenario = game.scenario
    scoring = scenario.scoring
    names = {item.id: item.name for group in (scenario.regions, scenario.moves, scenario.cards, scenario.tracks) for item in group}
    names.update({f.id: f"{f.letter} {f.name}" for f in scenario.factions})
    reasons: list[tuple[int, str]] = []
    grouped: dict[tuple[str, Cause, str, str, str], int] = {}
    for entry in game.turn_log(turn):
        if not isinstance(entry, Change) or entry.faction != faction or not entry.delta:
            continue
        if entry.track == "influence" and scoring.influence:
            key = ("influence", entry.cause, entry.source, entry.actor, entry.region)
        elif entry.track in dict(scoring.tracks):
            key = (entry.track, entry.cause, entry.source, entry.actor, entry.region)
        else:
            continue
        grouped[key] = grouped.get(key, 0) + entry.delta
    for (track, cause, source, actor, region), delta in grouped.items():
        weight = scoring.influence if track == "influence" else dict(scoring.tracks)[track]
        what = f"influence in {names.get(region, region)}" if track == "influence" else names.get(track, track).lower()
        reasons.append((delta * weight, f"{what} ({_cause(cause, source, actor, faction, names)})"))
    minimum = scoring.control_min
    before = _controllers({r: dict(v) for r, v in history[turn - 1].influence}, minimum)
    after = _controllers({r: dict(v) for r, v in history[turn].influence}, minimum)
    for region, _ in history[turn].influence:
        was, now = before.get(region) == faction, after.get(region) == faction
        if now and not was:
            reasons.append((scoring.control, f"took control of {names[region]}"))
        elif was and not now:
            reasons.append((-scoring.control, f"lost control of {names[region]}"))
    old = set(objectives.get(turn - 1, {}).get(faction, ()))
    new = set(objectives.get(turn, {}).get(faction, ()))
    for objective in scenario.faction(faction).objectives:
        if objective.id in new and objective.id not in old:
            reasons.append((objective.points, f"objective met: {objective.text.rstrip('.')}"))
        elif objective.id in old and objective.id not in new:
            reasons.append((-objective.points, f"objective lost: {objective.text.rstrip('.')}"))
    reasons.sort(key=lambda r: -abs(r[0]))
    return TurningPoint(turn, faction, dict(history[turn - 1].scores)[faction], dict(history[turn].scores)[faction], tuple(reasons[:REASONS_PER_POINT]))


def _cause(cause: Cause, source: str, actor: str, faction: str, names: dict[str, str]) -> str:
    name = names.get(source, source)
    if cause is Cause.ORDER:
        return name if actor == faction else f"{names.get(actor, actor)}'s {name}"
    if cause is Cause.MATURED:
        return f"{name} paying off" if actor == faction else f"{names.get(actor, actor)}'s {name} paying off"
    if cause is Cause.OPPOSITION:
        return f"{name} reacting"
    if cause is Cause.CARD:
        return f"event: {name}"
    if cause is Cause.ONGOING:
        return f"{name} continuing"
    return "income"


def instrument_use(game: Game) -> dict[str, dict[str, Use]]:
    """Per faction, per move category used by anyone (in priority order): how its orders went."""
    scenario = game.scenario
    done = set(played_turns(game))
    counts: dict[str, dict[str, dict[str, int]]] = {f: {} for f in game.factions}

    def bump(faction: str, category: str, key: str, amount: int = 1) -> None:
        use = counts[faction].setdefault(category, {})
        use[key] = use.get(key, 0) + amount

    for turn in sorted(done):
        final: dict[str, tuple[Order, ...]] = {}
        for item in game.inputs.get(turn, []):
            if isinstance(item, Submission):
                final[item.faction] = item.orders
        for faction, orders in final.items():
            for order in orders:
                bump(faction, scenario.move(order.move).category, "ordered")
    for entry in game.log:
        if entry.turn not in done:
            continue
        if isinstance(entry, OrderResolved):
            category = scenario.move(entry.move).category
            bump(entry.faction, category, "spent", entry.cost)
            if not scenario.move(entry.move).difficulty:
                bump(entry.faction, category, "succeeded")
        elif isinstance(entry, Rolled):
            bump(entry.faction, scenario.move(entry.move).category, "succeeded" if entry.success else "failed")
        elif isinstance(entry, OrderFizzled):
            bump(entry.faction, scenario.move(entry.move).category, "fizzled")
    used = [c for c in CATEGORIES if any(c in per for per in counts.values())]
    return {f: {c: Use(**counts[f][c]) if c in counts[f] else Use() for c in used} for f in game.factions}
