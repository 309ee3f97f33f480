"""The numbers behind an order, in words: its chance, effects, delayed payoffs, side effects
and every reason it is not possible. Text only; the numbers come from ``players.advice``."""

from __future__ import annotations

from rich.text import Text

from engine.conditions import Judge, words
from engine.game import Game
from engine.model import Effects, MoveDef
from players.advice import failing_requirements, roll_modifiers, success_chance
from tui.widgets.events import effects_summary, signed


def chance_text(chance: float) -> str:
    """``83%`` (or ``sure`` for a move that cannot fail)."""
    return "sure" if chance >= 1 else f"{round(chance * 100)}%"


def outcomes(move: MoveDef, game: Game) -> list[tuple[str, str]]:
    """``(heading, changes)`` pairs for ``move``: on success, on failure, later, either way, and
    each conditional effect with the condition it waits for (``Also on success, while
    disinformation active on the target``)."""
    scenario = game.scenario
    found = []

    def add(heading: str, effects: Effects) -> None:
        summary = effects_summary(effects, scenario)
        if summary:
            found.append((heading, summary))

    add("On success" if move.difficulty else "Effect", move.effects)
    if move.difficulty:
        add("On failure", move.failure)
    for delayed in move.delayed:
        add(f"Pays off {delayed.after} turn{'s' if delayed.after != 1 else ''} later, if it succeeds", delayed.effects)
    add("Either way", move.side_effects)
    if move.conditional:
        name = Judge(scenario).name
        also = {"success": "Also on success" if move.difficulty else "Also", "failure": "Also on failure", "always": "Also, either way"}
        for extra in move.conditional:
            add(f"{also[extra.on]}, while {words(extra.when, name)}", extra.effects)
    return found


def move_facts(game: Game, faction: str, move: MoveDef) -> Text:
    """What ``move`` does and the odds over its targets; where it is not possible, why, target by target."""
    scenario = game.scenario
    text = Text()
    text.append(move.name, "bold")
    text.append(f" ({move.category.replace('_', ' ')})")
    if move.summary:
        text.append(f": {move.summary}")
    options = [o for o in game.options(faction) if o.move.id == move.id]
    open_ = [o for o in options if o.legal]
    if move.difficulty:
        chances = sorted(success_chance(game, faction, move, o.target) for o in (open_ or options))
        odds = chance_text(chances[0]) if chances[0] == chances[-1] else f"{chance_text(chances[0])} to {chance_text(chances[-1])}"
        text.append(f"\nRoll: a die plus modifiers, {move.difficulty} or more succeeds: {odds}{' by target' if len(chances) > 1 else ''}.")
    for heading, changes in outcomes(move, game):
        text.append(f"\n{heading}: ", "bold")
        text.append(changes)
    blocked = [o for o in options if not o.legal]
    if blocked:
        text.append(f"\nNot possible{' now' if not open_ else ' on'}: ", "bold")
        for index, option in enumerate(blocked):
            where = scenario.region(option.target).name if option.target in {r.id for r in scenario.regions} else ""
            reasons = "; ".join(failing_requirements(game, faction, move, option.target))
            text.append(("; " if index else "") + (f"{where}: {reasons}" if where else reasons), "dim")
    return text


def order_help(game: Game, faction: str, move: MoveDef, target: str) -> str:
    """One line for the command palette: chance, then what the order does."""
    chance = chance_text(success_chance(game, faction, move, target)) if move.difficulty else "sure"
    return " · ".join([f"chance {chance}", *(f"{heading.lower()}: {changes}" for heading, changes in outcomes(move, game))])


def target_facts(game: Game, faction: str, move: MoveDef, target: str) -> Text:
    """The order ``move`` → ``target``: its chance with each die modifier, and every failing requirement."""
    scenario = game.scenario
    text = Text()
    if move.difficulty:
        chance = success_chance(game, faction, move, target)
        parts = []
        for name, amount in roll_modifiers(game, faction, move, target):
            label = scenario.card(name).name if name in {c.id for c in scenario.cards} else name
            parts.append(f"{label} {signed(amount)}")
        text.append("Sure to succeed" if chance >= 1 else f"Chance {chance_text(chance)}", "bold")
        text.append(f": {move.difficulty}+ on a die{', ' + ', '.join(parts) if parts else ''}.")
    else:
        text.append("Always succeeds.", "bold")
    for heading, changes in outcomes(move, game):
        text.append(f"\n{heading}: ", "bold")
        text.append(changes)
    for reason in failing_requirements(game, faction, move, target):
        text.append(f"\nNot possible: {reason}", "italic")
    return text
