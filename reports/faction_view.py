"""A faction's view of a game as plain text lines and JSON-ready data: the board, the partners,
the events and a turn's log, as the seat's text view (``detente session view``) and ``detente
replay --view`` print them.

In a fogged game (rule 16) the view is one faction's (``engine.observer.observe``) and is drawn
as its ``sight`` allows: another faction's influence as its band (``3-4``, ``5+``) or ``?``,
a hidden budget as ``?`` (``null`` in JSON), and a region's receptivity and attitudes only where
revealed to the faction (the others listed as unknown).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from engine.describe import Describer
from engine.game import Game
from engine.inputs import Resolve
from engine.model import Scenario
from engine.observer import observe
from engine.views import GameView, RegionView


def board_lines(game: GameView, describe: Describer) -> list[str]:
    """``Board:`` and one line per region: its stability, each faction's influence (as the view's sight
    writes it, with its fading part) and who holds it."""
    scenario, sight = game.scenario, game.sight
    lines = ["Board:"]
    for region_id, region in game.regions.items():
        parts = []
        for f, value in region.influence.items():
            shown = sight.influence_text(f, value) if sight is not None else str(value)
            fading = region.fading.get(f, 0)
            parts.append(f"{scenario.faction(f).letter} {shown}" + (f" ({fading} fading)" if fading else ""))
        held = f" · held by {scenario.faction(region.controller).letter}" if region.controller else ""
        lines.append(f"  {describe.name(region_id):<22} stability {region.stability:<3} {'  '.join(parts)}{held}")
    return lines


def rivals_lines(game: GameView, describe: Describer) -> list[str]:
    """In a fogged view, ``Others:`` and each other faction's numbers as the view shows them: its budget
    hidden, its tracks and score public (rule 16.1); nothing without fog (the board says enough)."""
    sight = game.sight
    if sight is None:
        return []
    lines = ["Others:"]
    for f, record in game.factions.items():
        if f == sight.faction:
            continue
        budget = f"budget {record.budget} (income {record.income})" if sight.sees_budget(f) else "budget ? (hidden)"
        tracks = ", ".join(f"{describe.name(track)} {value}" for track, value in record.tracks.items())
        lines.append(f"  {describe.name(f)}: {budget} · score {record.score} · {tracks}")
    return lines


def attitudes(game: GameView, region_id: str, region: RegionView) -> dict[str, dict[str, int]]:
    """Each faction's attitudes in the region (format 2), every attitude of the scenario given (its start value
    until something moved it); empty in a format 1 game, and where a fogged view has not had it revealed."""
    kinds = game.scenario.attitudes
    if not kinds or (game.sight is not None and not game.sight.sees_region(region_id)):
        return {}
    return {f: {a.id: region.attitudes.get(f, {}).get(a.id, a.start) for a in kinds} for f in game.factions}


def partners_lines(game: GameView, describe: Describer) -> list[str]:
    """Format 2's partners: each region whose receptivity or attitudes have moved, with its receptivity as it
    stands and its attitudes towards each faction (nothing for a game without them); in a fogged view only the
    regions revealed to the faction, the others named as unknown; and a line on fading influence if any is on
    the board."""
    scenario, sight = game.scenario, game.sight
    lines, quiet, unknown = [], False, []
    for region_id, region in game.regions.items():
        if sight is not None and not sight.sees_region(region_id):
            unknown.append(describe.name(region_id))
            continue
        welcome = ", ".join(f"{category.replace('_', ' ')} {amount:+d}" for category, amount in region.receptivity.items() if amount)
        feelings = attitudes(game, region_id, region)
        if not welcome and all(values[a.id] == a.start for values in feelings.values() for a in scenario.attitudes):
            quiet = True
            continue
        lines.append(f"  {describe.name(region_id)}: receptivity {welcome + ', ' if welcome else ''}others 0")
        if feelings:
            towards = " · ".join(
                f"{scenario.faction(f).letter} " + ", ".join(f"{a.name.lower()} {values[a.id]}/{a.max}" for a in scenario.attitudes)
                for f, values in feelings.items()
            )
            lines.append(f"    attitudes towards {towards}")
    if lines or unknown:
        rest = " and every attitude at its start" if scenario.attitudes else ""
        lines = ["", "Partners:"] + lines + ([f"  Elsewhere: receptivity 0{rest}."] if quiet else [])
        if unknown:
            lines.append(f"  Not revealed to you: {', '.join(unknown)} (receptivity and attitudes unknown).")
    if any(region.fading for region in game.regions.values()):
        lines += ["", "Fading influence loses 1 a turn once its time is up, unless renewed."]
    return lines


def factions_json(game: GameView) -> dict[str, dict[str, Any]]:
    """Each faction's numbers; a budget and income the view hides are ``None``."""
    sight = game.sight
    found = {}
    for f, n in game.factions.items():
        seen = sight is None or sight.sees_budget(f)
        found[f] = {
            "budget": n.budget if seen else None,
            "income": n.income if seen else None,
            "score": n.score,
            "tracks": dict(n.tracks),
            "objectives": list(n.objectives),
        }
    return found


def regions_json(game: GameView) -> dict[str, dict[str, Any]]:
    """Each region's numbers. In a fogged view an influence the view does not show exactly is its text
    (``"3-4"``, ``"5+"``, ``"?"``), and an unrevealed region's receptivity and attitudes are empty, with
    ``revealed`` false."""
    sight = game.sight
    found = {}
    for r, region in game.regions.items():
        influence: dict[str, int | str] = {
            f: value if sight is None or sight.sees_influence(f) else sight.influence_text(f, value) for f, value in region.influence.items()
        }
        found[r] = {
            "stability": region.stability,
            "influence": influence,
            "controller": region.controller,
            "fading": dict(region.fading),
            "attitudes": attitudes(game, r, region),
            "receptivity": dict(region.receptivity),
        } | ({} if sight is None else {"revealed": sight.sees_region(r)})
    return found


def seen_lines(view: GameView, faction: str, describe: Describer) -> list[str]:
    """``view`` (one faction's, or a whole game's) as text for ``faction``: the turn, its own numbers,
    the others' as the view shows them, the board, the partners, the events and the log of the turn
    last resolved as the view has it (``detente replay --view``)."""
    scenario = view.scenario
    me = view.factions[faction]
    fogged = "" if view.sight is None else " (fog of war: what it could see)"
    where = f"after turn {view.outcome.turn}, the game over" if view.outcome is not None else f"turn {view.turn} of {scenario.turns}, orders phase"
    tracks = ", ".join(f"{describe.name(track)} {value}" for track, value in me.tracks.items())
    lines = [f"{scenario.title} · {describe.name(faction)}'s view · {where}{fogged}", f"Budget {me.budget} (income {me.income}) · score {me.score} · {tracks}"]
    rivals = rivals_lines(view, describe)
    lines += ["", *rivals] if rivals else []
    lines += ["", *board_lines(view, describe)]
    lines += partners_lines(view, describe)
    if view.events:
        lines += ["", "Events:"] + [f"  {describe.name(e.card)} on {describe.name(e.target)}, {e.remaining} turn(s) left" for e in view.events]
    last = view.turn if view.is_over else view.turn - 1
    entries = view.turn_log(last) if last >= 1 else ()
    if entries:
        lines += ["", f"Turn {last}:"] + [f"  {describe.entry(entry)}" for entry in entries]
    return lines


def view_data(view: GameView, faction: str) -> dict[str, Any]:
    """``view`` for ``faction`` as JSON-ready data (ids, not names; the log as text lines): the turn, the
    numbers (``factions_json``, ``regions_json``), the regions revealed to it, the events and the whole log
    as the view has it (``detente replay --view --format json``)."""
    describe = Describer(view.scenario)
    return {
        "faction": faction,
        "turn": view.turn,
        "over": view.is_over,
        "fog": view.sight is not None,
        "revealed": list(view.revealed.get(faction, ())),
        "factions": factions_json(view),
        "regions": regions_json(view),
        "events": [{"card": e.card, "target": e.target, "remaining": e.remaining} for e in view.events],
        "log": [{"turn": entry.turn, "text": describe.entry(entry)} for entry in view.log],
    }


def turn_starts(scenario: Scenario, game: Game) -> Iterator[GameView]:
    """The whole view of ``game`` as each turn's orders phase began, turn 1 first: ``game``'s journal folded
    afresh from ``scenario`` (the record's own), a view taken after each resolution. A turn resolved again after
    an undo comes again (the later one stands); nothing after the turn the game ends in."""
    twin = Game(scenario, game.seed)
    yield twin.view()
    for step in game.journal:
        twin.apply(step)
        if isinstance(step, Resolve):
            yield twin.view()


def views_by_turn(scenario: Scenario, game: Game, faction: str) -> dict[int, GameView]:
    """``faction``'s view (``engine.observer.observe``) as each turn's orders phase began, by turn, as the game stands
    in the end (a view of the turn a game ended in: after its last resolution)."""
    found: dict[int, GameView] = {}
    for view in turn_starts(scenario, game):
        found[view.turn] = observe(view, faction)
    return {turn: view for turn, view in found.items() if turn <= game.turn}


def revelations(scenario: Scenario, game: Game) -> dict[int, dict[str, Mapping[str, int]]]:
    """In a fogged game (rule 16), the regions revealed to each faction as each turn's orders phase began, by turn."""
    found = {view.turn: dict(view.revealed) for view in turn_starts(scenario, game)}
    return {turn: revealed for turn, revealed in found.items() if turn <= game.turn}
