"""The turn-by-turn timeline of a replayed record, as text or as JSON-ready data.

Per turn: the events drawn, the notes, each faction's orders with their
justifications and what became of them (roll, counters, fizzles), and the
scores. Everything comes from the replayed game, never from the record's own
numbers.
"""

from __future__ import annotations

from typing import Any

from engine.describe import Describer
from engine.game import Game, Note, Submission
from engine.log import CardPlayed, Countered, OrderFizzled, Rolled, Scored
from engine.record import Replay


def _final_submissions(game: Game, turn: int) -> dict[str, tuple]:
    """Each faction's last submission of ``turn`` (a later one replaces an earlier one)."""
    final: dict[str, tuple] = {}
    for item in game.inputs.get(turn, []):
        if isinstance(item, Submission):
            final[item.faction] = item.orders
    return final


def _turn_data(game: Game, turn: int) -> dict[str, Any]:
    entries = game.turn_log(turn)
    rolls = {(e.faction, e.order): e for e in entries if isinstance(e, Rolled)}
    fizzles = {(e.faction, e.order): e for e in entries if isinstance(e, OrderFizzled)}
    counters = [e for e in entries if isinstance(e, Countered)]
    submissions = _final_submissions(game, turn)
    orders = {}
    for faction in game.factions:
        items = []
        for index, order in enumerate(submissions.get(faction, ()), start=1):
            roll = rolls.get((faction, index))
            fizzle = fizzles.get((faction, index))
            items.append(
                {
                    "move": order.move,
                    "target": order.target,
                    "why": order.why,
                    "roll": None
                    if roll is None
                    else {"die": roll.die, "total": roll.total, "difficulty": roll.difficulty, "success": roll.success},
                    "fizzled": fizzle.reason if fizzle else None,
                    "countered": [c.card for c in counters if c.faction == faction and c.move == order.move],
                }
            )
        orders[faction] = items
    return {
        "turn": turn,
        "cards": [{"card": e.card, "targets": list(e.targets), "how": e.how} for e in entries if isinstance(e, CardPlayed)],
        "notes": [{"author": i.author, "text": i.text} for i in game.inputs.get(turn, []) if isinstance(i, Note)],
        "orders": orders,
        "scores": {e.faction: e.score for e in entries if isinstance(e, Scored)},
    }


def timeline_json(result: Replay) -> dict[str, Any]:
    """The replay as JSON-ready data."""
    game = result.game
    outcome = game.outcome
    checked = {check.turn: check for check in result.turns}
    turns = []
    for turn in sorted(checked):
        data = _turn_data(game, turn)
        data.update(digest=checked[turn].digest, matches=checked[turn].matches)
        turns.append(data)
    return {
        "file": result.record.file,
        "scenario": game.scenario.id,
        "seed": result.record.header.seed,
        "seats": dict(result.record.header.seats),
        "verified": result.verified,
        "mismatch": result.mismatch,
        "turns_verified": len(result.turns),
        "finished": outcome is not None,
        "turns": turns,
        "result": None
        if outcome is None
        else {
            "turn": outcome.turn,
            "termination": outcome.termination.value,
            "winners": list(outcome.winners),
            "losers": list(outcome.losers),
            "scores": dict(outcome.scores),
        },
    }


def timeline_text(result: Replay, to_turn: int | None = None) -> list[str]:
    """The replay as lines a teacher can read."""
    game = result.game
    scenario = game.scenario
    describe = Describer(scenario)
    header = result.record.header
    seats = ", ".join(f"{describe.name(f)} ({who})" for f, who in header.seats)
    lines = [f"{scenario.title} · seed {header.seed} · recorded {header.created} with engine {header.engine}", f"Seats: {seats}"]
    for check in result.turns:
        data = _turn_data(game, check.turn)
        mark = "✓ verified" if check.matches else "✗ DIFFERS"
        lines += ["", f"Turn {check.turn} — digest {check.digest[:12]} {mark}"]
        for entry in game.turn_log(check.turn):
            if isinstance(entry, CardPlayed):
                lines.append(f"  {describe.entry(entry)}")
        for note in data["notes"]:
            lines.append(f"  Note from {describe.name(note['author'])}: {note['text']}")
        for faction, orders in data["orders"].items():
            if not orders:
                lines.append(f"  {describe.name(faction)}: passes")
                continue
            lines.append(f"  {describe.name(faction)}:")
            for index, order in enumerate(orders, start=1):
                target = f" → {describe.name(order['target'])}" if order["target"] else ""
                why = f' — "{order["why"]}"' if order["why"] else ""
                lines.append(f"    {index}. {describe.name(order['move'])}{target}{why}")
                if order["fizzled"]:
                    lines.append(f"       fizzled: {order['fizzled']}")
                if order["roll"]:
                    roll = order["roll"]
                    verdict = "success" if roll["success"] else "failure"
                    lines.append(f"       roll {roll['die']}, total {roll['total']} vs {roll['difficulty']}: {verdict}")
                for card in order["countered"]:
                    lines.append(f"       answers {describe.name(card)}")
        scores = " · ".join(f"{scenario.faction(f).letter} {score}" for f, score in data["scores"].items())
        lines.append(f"  Scores: {scores}")
    lines.append("")
    lines += _closing(result, to_turn)
    return lines


def _closing(result: Replay, to_turn: int | None) -> list[str]:
    game = result.game
    describe = Describer(game.scenario)
    outcome = game.outcome
    last = result.turns[-1].turn if result.turns else 0
    out = []
    if outcome is not None and last == outcome.turn:
        scores = ", ".join(f"{describe.name(f)} {s}" for f, s in outcome.scores)
        collapsed = f"; collapsed: {describe.names(outcome.losers)}" if outcome.losers else ""
        out.append(f"Result: game over on turn {outcome.turn} ({outcome.termination.value.replace('_', ' ')}). "
                   f"Winner: {describe.names(outcome.winners) or 'nobody'}{collapsed}. Final scores: {scores}.")
    elif to_turn is not None and result.verified:
        out.append(f"Stopped after turn {last}, as asked (--to-turn {to_turn}).")
    elif result.verified:
        out.append(f"The record ends after turn {last} of {game.scenario.turns}: the game is unfinished.")
    span = f"turns 1–{last}" if last > 1 else ("turn 1" if last == 1 else "no turn")
    if result.verified:
        out.append(f"Verified ({span}): every card, roll and digest matches.")
    else:
        out.append(f"Mismatch: {result.mismatch}")
    return out
