"""The turn-by-turn timeline of a replayed record, as text or as JSON-ready data.

Per turn: the events drawn, the notes, each faction's orders with their
justifications and what became of them (roll, counters, fizzles, the
argument's rating), and the scores. Everything comes from the replayed game, never from the record's own
numbers.

The facilitator's hand (rules, section 12) is in it too: the arguments rated
strong or weak (each order carries the rating it was resolved with), the
directives (a seat given to another team, a member sidelined, the timer) and
the undos, in the order they were made. After an undo the game keeps only
what is still in force, plus the undo's mark in the turn it went back to; the
undone resolution's digest (from the game's journal) is named with the undo,
and its rolls stay in the record file. A record that ends in an unresolved
turn with notes or facilitator actions (an undo, say) shows them under that
turn, without its orders.

The text timeline is for a terminal: every line is made ``printable`` (no
control or bidirectional formatting character reaches it raw), and texts that
may span lines (a justification, a note) are flattened onto their line.
"""

from __future__ import annotations

from typing import Any

from engine.codec import RATINGS, encode_order
from engine.describe import Describer
from engine.errors import printable
from engine.game import Game
from engine.inputs import Directive, Message, Note, Order, Rating, Resolve, Submission, Undo
from engine.log import CardPlayed, Countered, Directed, Noted, OrderFizzled, Rolled, Scored, Undone
from engine.record import Replay


def _final_submissions(game: Game, turn: int) -> dict[str, tuple[Order, ...]]:
    """Each faction's last submission of ``turn`` (a later one replaces an earlier one)."""
    final: dict[str, tuple[Order, ...]] = {}
    for item in game.inputs.get(turn, []):
        if isinstance(item, Submission):
            final[item.faction] = item.orders
    return final


def _final_ratings(game: Game, turn: int) -> dict[tuple[str, int], bool]:
    """The ratings in force when ``turn`` resolved, by (faction, order): a new submission drops its faction's."""
    ratings: dict[tuple[str, int], bool] = {}
    for item in game.inputs.get(turn, []):
        if isinstance(item, Submission):
            ratings = {key: value for key, value in ratings.items() if key[0] != item.faction}
        elif isinstance(item, Rating):
            if item.strong is None:
                ratings.pop((item.faction, item.order), None)
            else:
                ratings[(item.faction, item.order)] = item.strong
    return ratings


Undoings = dict[int, dict[str, Any]]
"""For each undo of a game's journal (by identity), the resolution it took back: its ``turn`` and ``digest``."""


def _undone(game: Game) -> Undoings:
    """The resolution each undo of the game's journal took back: the last one still standing when it was made.

    One pass over the journal with a stack of the resolutions standing, so a
    record of many undos costs no more than its length; computed once per timeline.
    """
    standing: list[int] = []
    found: Undoings = {}
    for index, step in enumerate(game.journal):
        if isinstance(step, Resolve):
            standing.append(index)
        elif isinstance(step, Undo) and standing:
            made = game.made[standing.pop()]
            found[id(step)] = {"turn": made.turn, "digest": made.digest}
    return found


def _actions(game: Game, turn: int, undone: Undoings, *, moves: bool = True) -> list[dict[str, Any]]:
    """The notes, ratings, directives and undos of ``turn``, in the order they were made.

    Each is ``{"action": "note" | "rating" | "directive" | "undo", ...}``; a
    rating names the move it rated (the faction's orders at that moment)
    unless ``moves`` is false (a turn not resolved yet: its orders are not shown).
    """
    orders: dict[str, tuple[Order, ...]] = {}
    out: list[dict[str, Any]] = []
    for item in game.inputs.get(turn, []):
        if isinstance(item, Submission):
            orders[item.faction] = item.orders
        elif isinstance(item, Note):
            out.append({"action": "note", "author": item.author, "text": item.text})
        elif isinstance(item, Rating):
            rated = orders.get(item.faction, ()) if moves else ()
            move = rated[item.order - 1].move if 0 < item.order <= len(rated) else ""
            out.append({"action": "rating", "faction": item.faction, "order": item.order, "move": move, "rating": RATINGS[item.strong]})
        elif isinstance(item, Directive):
            out.append({"action": "directive", "kind": item.kind, "faction": item.faction, "text": item.text})
        elif isinstance(item, Undo):
            taken = undone.get(id(item), {})
            out.append({"action": "undo", "turn": taken.get("turn", turn), "reason": item.reason, "undone_digest": taken.get("digest", "")})
    return out


def _turn_data(game: Game, turn: int, undone: Undoings) -> dict[str, Any]:
    entries = game.turn_log(turn)
    rolls = {(e.faction, e.order): e for e in entries if isinstance(e, Rolled)}
    fizzles = {(e.faction, e.order): e for e in entries if isinstance(e, OrderFizzled)}
    counters = [e for e in entries if isinstance(e, Countered)]
    submissions = _final_submissions(game, turn)
    ratings = _final_ratings(game, turn)
    orders = {}
    for faction in game.factions:
        items = []
        for index, order in enumerate(submissions.get(faction, ()), start=1):
            roll = rolls.get((faction, index))
            fizzle = fizzles.get((faction, index))
            items.append(
                {
                    **encode_order(order),
                    "roll": None if roll is None else {"die": roll.die, "total": roll.total, "difficulty": roll.difficulty, "success": roll.success},
                    "fizzled": fizzle.reason if fizzle else None,
                    "countered": [c.card for c in counters if c.faction == faction and c.move == order.move],
                    "rating": RATINGS[ratings[(faction, index)]] if (faction, index) in ratings else None,
                }
            )
        orders[faction] = items
    actions = _actions(game, turn, undone)
    messages = [{"sender": i.sender, "to": i.to, "text": i.text} for i in game.inputs.get(turn, []) if isinstance(i, Message)]
    return {
        "turn": turn,
        "cards": [{"card": e.card, "targets": list(e.targets), "how": e.how} for e in entries if isinstance(e, CardPlayed)],
        "notes": [{"author": i.author, "text": i.text} for i in game.inputs.get(turn, []) if isinstance(i, Note)],
        **({"messages": messages} if messages else {}),  # only where there are: older timelines stay as they were
        "orders": orders,
        "scores": {e.faction: e.score for e in entries if isinstance(e, Scored)},
        **_by_kind(actions),
        "actions": actions,
    }


def _by_kind(actions: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """``ratings``, ``directives`` and ``undos``: the actions of each kind, without the ``action`` key."""
    kinds = {"ratings": "rating", "directives": "directive", "undos": "undo"}
    return {key: [{k: v for k, v in a.items() if k != "action"} for a in actions if a["action"] == kind] for key, kind in kinds.items()}


def _unresolved(result: Replay, undone: Undoings) -> dict[str, Any] | None:
    """The turn the game is in when the record ends, if it is unfinished and that turn has notes or
    facilitator actions (such as an undo that took back the last resolution); its orders are left out."""
    game = result.game
    if game.is_over or not result.verified or any(check.turn == game.turn for check in result.turns):
        return None
    actions = _actions(game, game.turn, undone, moves=False)
    if not actions:
        return None
    return {
        "turn": game.turn,
        "notes": [{"author": a["author"], "text": a["text"]} for a in actions if a["action"] == "note"],
        **_by_kind(actions),
        "actions": actions,
    }


def timeline_json(result: Replay) -> dict[str, Any]:
    """The replay as JSON-ready data."""
    game = result.game
    outcome = game.outcome
    checked = {check.turn: check for check in result.turns}
    undone = _undone(game)
    turns = []
    for turn in sorted(checked):
        data = _turn_data(game, turn, undone)
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
        "unresolved": _unresolved(result, undone),
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
    undone = _undone(game)
    for check in result.turns:
        data = _turn_data(game, check.turn, undone)
        mark = "✓ verified" if check.matches else "✗ DIFFERS"
        lines += ["", f"Turn {check.turn} — digest {check.digest[:12]} {mark}"]
        for entry in game.turn_log(check.turn):
            if isinstance(entry, CardPlayed):
                lines.append(f"  {describe.entry(entry)}")
        lines += [f"  {line}" for line in _action_lines(data["actions"], check.turn, describe)]
        for faction, orders in data["orders"].items():
            if not orders:
                lines.append(f"  {describe.name(faction)}: passes")
                continue
            lines.append(f"  {describe.name(faction)}:")
            for index, order in enumerate(orders, start=1):
                target = f" → {describe.name(order['target'])}" if order["target"] else ""
                why = f' — "{printable(order["why"], flatten=True)}"' if order["why"] else ""
                rated = f"  [{ARGUMENT_WORDS[order['rating']]}]" if order["rating"] else ""
                lines.append(f"    {index}. {describe.name(order['move'])}{target}{why}{rated}")
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
    unresolved = _unresolved(result, undone) if to_turn is None else None
    if unresolved is not None:
        lines += ["", f"Turn {unresolved['turn']} — not resolved when the record ends"]
        lines += [f"  {line}" for line in _action_lines(unresolved["actions"], unresolved["turn"], describe)]
    lines.append("")
    lines += _closing(result, to_turn)
    return [printable(line) for line in lines]


ARGUMENT_WORDS = {"strong": "strong argument, +1", "weak": "weak argument, −1"}


def _action_lines(actions: list[dict[str, Any]], turn: int, describe: Describer) -> list[str]:
    """A turn's notes, ratings, directives and undos, one sentence each, in the order they were made
    (a note's text flattened onto its line)."""
    lines = []
    for action in actions:
        if action["action"] == "note":
            lines.append(describe.entry(Noted(turn, action["author"], printable(action["text"], flatten=True))))
        elif action["action"] == "rating":
            move = f" ({describe.name(action['move'])})" if action["move"] else ""
            who = f"{describe.name(action['faction'])}'s order {action['order']}{move}"
            if action["rating"] == "none":
                lines.append(f"Facilitator withdrew the rating of {who}")
            else:
                lines.append(f"Facilitator rated {who}: {ARGUMENT_WORDS[action['rating']]}")
        elif action["action"] == "directive":
            lines.append(describe.entry(Directed(turn, action["kind"], action["faction"], action["text"])))
        else:
            line = describe.entry(Undone(action["turn"], action["reason"]))
            if action["undone_digest"]:
                line += f" (the undone resolution's digest was {action['undone_digest'][:12]}; its rolls are in the record)"
            lines.append(line)
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
        out.append(
            f"Result: game over on turn {outcome.turn} ({outcome.termination.value.replace('_', ' ')}). "
            f"Winner: {describe.names(outcome.winners) or 'nobody'}{collapsed}. Final scores: {scores}."
        )
    elif to_turn is not None and result.verified:
        out.append(f"Stopped after turn {last}, as asked (--to-turn {to_turn}).")
    elif result.verified and not last:
        out.append(f"The record ends before any turn of {game.scenario.turns} is resolved: the game is unfinished.")
    elif result.verified:
        out.append(f"The record ends after turn {last} of {game.scenario.turns}: the game is unfinished.")
    span = f"turns 1–{last}" if last > 1 else ("turn 1" if last == 1 else "no turn")
    if result.verified:
        out.append(f"Verified ({span}): every card, roll and digest matches.")
    else:
        out.append(f"Mismatch: {result.mismatch}")
    return out
