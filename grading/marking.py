"""The marking sheet: every justification of the graded teams, with what the teacher needs to judge it.

``sheet_rows`` lists, for each graded team, each order of its last
submission of each turn played: the turn, the move and its target, the
justification, the events in play when the orders were given, the target's
receptivity to the move's category as it stood then and the team's standing there (its
influence against the strongest rival's at the start of the turn), what
became of the order, the facilitator's rating and whether the justification
counted as a reason given (``grading.justification``). A team's plan comes
before its orders and its reflection after them, each a row of its own whose
``order`` is ``plan`` or ``reflection``. The teacher fills in ``mark`` and
``comment``; ``grading.marks`` reads them back.
"""

from __future__ import annotations

from collections.abc import Mapping

import engine.valueclass as valueclass
from engine.inputs import Order, Resolve
from engine.log import CardPlayed, Change, Countered, Expired, OrderFizzled, OrderResolved, Reshuffled, Rolled
from engine.model import TargetKind
from grading.criteria import WRITINGS, Facts

SHEET_COLUMNS = (
    "file", "faction", "team", "turn", "order", "move", "target", "justification", "events",
    "receptivity", "standing", "outcome", "rating", "counted", "mark", "comment",
)  # fmt: skip
"""The marking sheet's CSV columns; the teacher fills in the last two."""


@valueclass.frozen
class SheetRow:
    """One justification on the marking sheet."""

    faction: str
    team: str
    turn: int
    order: int | str
    """1-based, in the team's last submission of the turn; ``plan`` or ``reflection`` for a team's written work
    (``grading.criteria.WRITINGS``), whose ``justification`` is its text."""
    move: str
    target: str
    justification: str
    events: str
    """The events in play when the orders were given (``Rumour mill → North; Budget cuts → Blue``), or ''."""
    receptivity: str
    """The target region's roll modifier for the move's category as it stood when the orders were given (``+1 to
    aid``), or '' for a move not aimed at a region."""
    standing: str
    """The team's influence in the target region against the strongest rival's, at the start of the turn, or ''."""
    outcome: str
    rating: str
    """``strong``, ``weak`` or ''."""
    counted: str
    """``given`` or why the justification did not count as a reason given (``grading.justification.VERDICTS``)."""


def sheet_rows(facts: Facts, factions: tuple[str, ...], min_chars: int, teams: Mapping[str, str] | None = None) -> tuple[SheetRow, ...]:
    """The marking sheet's rows for ``factions`` of the game ``facts`` describes, in scenario order, turn by turn;
    ``teams`` names the teams (faction → name, from the record's header; else the faction's name)."""
    events = _events_by_turn(facts)
    outcomes = _outcomes(facts)
    receptive = _receptivity_by_turn(facts)
    rows: list[SheetRow] = []
    last = facts.turns[-1]
    for faction in factions:
        team = (teams or {}).get(faction) or facts.name(faction)
        plan, reflection = (facts.written[faction][kind] for kind in WRITINGS)
        if plan:
            rows.append(_writing(faction, team, 1, "plan", plan))
        for turn, verdict, order, index in _numbered(facts, faction, min_chars):
            move = facts.scenario.move(order.move)
            receptivity = standing = ""
            if move.target is TargetKind.REGION and order.target:
                value = receptive[turn][order.target].get(move.category, 0)
                receptivity = f"{value:+d} to {move.category.replace('_', ' ')}"
                influence = dict(dict(facts.history[turn - 1].influence)[order.target])
                rival = max((value for other, value in influence.items() if other != faction), default=0)
                standing = f"influence {influence.get(faction, 0)}, strongest rival {rival}"
            rating = facts.ratings[turn].get(faction, {}).get(index)
            rows.append(
                SheetRow(
                    faction=faction,
                    team=team,
                    turn=turn,
                    order=index,
                    move=facts.name(order.move),
                    target=facts.name(order.target) if order.target else "(home)",
                    justification=order.why,
                    events="; ".join(events.get(turn, ())),
                    receptivity=receptivity,
                    standing=standing,
                    outcome=outcomes.get((turn, faction, index), "not resolved"),
                    rating="" if rating is None else ("strong" if rating else "weak"),
                    counted=verdict,
                )
            )
        if reflection:
            rows.append(_writing(faction, team, last, "reflection", reflection))
    return tuple(rows)


def _writing(faction: str, team: str, turn: int, kind: str, text: str) -> SheetRow:
    """The row of a team's plan (``turn`` 1, written before it) or reflection (``turn``: the last, written after it)."""
    return SheetRow(faction, team, turn, kind, kind.capitalize(), "", text, "", "", "", "", "", "given")


def _numbered(facts: Facts, faction: str, min_chars: int) -> list[tuple[int, str, Order, int]]:
    """``Facts.verdicts`` with each order's 1-based place in its turn's submission."""
    out: list[tuple[int, str, Order, int]] = []
    index, last = 0, 0
    for turn, verdict, order in facts.verdicts(faction, min_chars):
        index = index + 1 if turn == last else 1
        last = turn
        out.append((turn, verdict, order, index))
    return out


def _events_by_turn(facts: Facts) -> dict[int, tuple[str, ...]]:
    """For each turn played, the events in play when the orders were given: cards with a lasting modifier not yet
    ended, and the cards drawn or injected that turn."""
    ongoing: dict[tuple[str, str], str] = {}
    drawn: dict[int, list[str]] = {}
    out: dict[int, tuple[str, ...]] = {}
    for entry in facts.game.log:
        if entry.turn not in out and not isinstance(entry, (CardPlayed, Reshuffled)):
            out[entry.turn] = tuple(dict.fromkeys([*ongoing.values(), *drawn.get(entry.turn, ())]))
        if isinstance(entry, CardPlayed):
            card = facts.scenario.card(entry.card)
            for target in entry.targets or ("",):
                label = f"{card.name} → {facts.name(target)}" if target else card.name
                drawn.setdefault(entry.turn, []).append(label)
                if card.modifier is not None:
                    ongoing[(entry.card, target)] = label
        elif isinstance(entry, Expired) or (isinstance(entry, Countered) and entry.remaining == 0):
            ongoing.pop((entry.card, entry.target), None)
    return out


def _receptivity_by_turn(facts: Facts) -> dict[int, dict[str, dict[str, int]]]:
    """For each turn played, every region's receptivity as it stood when the turn's orders were given: when its
    resolution began (in format 2 a card or an order may change it in play, rule 13.3; in format 1 it never moves)."""
    game = facts.game
    starts = {id(made.entries[0]) for step, made in zip(game.journal, game.made, strict=True) if isinstance(step, Resolve) and made.entries}
    now = {region.id: dict(region.receptivity) for region in facts.scenario.regions}
    out: dict[int, dict[str, dict[str, int]]] = {}
    for entry in game.log:
        if id(entry) in starts and entry.turn not in out:
            out[entry.turn] = {region: dict(values) for region, values in now.items()}
        if isinstance(entry, Change) and entry.track.startswith(RECEPTIVITY):
            now[entry.region][entry.track.removeprefix(RECEPTIVITY)] = entry.value
    return out


RECEPTIVITY = "receptivity."
"""How a change of a region's receptivity names its track: ``receptivity.<category>`` (``engine.log.Change``)."""


def _outcomes(facts: Facts) -> dict[tuple[int, str, int], str]:
    """What became of each order: carried out, succeeded or failed (with its roll), or fizzled (with why)."""
    out: dict[tuple[int, str, int], str] = {}
    for entry in facts.game.log:
        if isinstance(entry, OrderResolved):
            out.setdefault((entry.turn, entry.faction, entry.order), "carried out")
        elif isinstance(entry, Rolled):
            verdict = "succeeded" if entry.success else "failed"
            out[(entry.turn, entry.faction, entry.order)] = f"{verdict} (rolled {entry.die}, total {entry.total} against {entry.difficulty})"
        elif isinstance(entry, OrderFizzled):
            out[(entry.turn, entry.faction, entry.order)] = f"fizzled: {entry.reason}"
    return out
