"""Plain-text rendering of log entries, for the CLI and the terminal UI.

``Describer(scenario).entry(e)`` gives one line such as
``B Blue: influence in North +2 → 4 (Joint exercise, order 1)``.
"""

from __future__ import annotations

from collections.abc import Iterable

from engine.log import (
    Agreed,
    Argued,
    ArguedRolled,
    CardPlayed,
    Cause,
    Change,
    Contested,
    Countered,
    Directed,
    Entry,
    Expired,
    GameEnded,
    Messaged,
    Noted,
    OrderFizzled,
    OrderResolved,
    Reacted,
    Reshuffled,
    Rolled,
    Scored,
    Undone,
)
from engine.model import CATEGORIES, AgreementDef, Effects, Scenario
from engine.rules import ARGUED_ORDER, CONTEST_CUT, CONTESTED_GAIN
from engine.views import AgreementView


class Describer:
    """Names and sentences for one scenario's ids and entries."""

    def __init__(self, scenario: Scenario) -> None:
        self.scenario = scenario
        self._names: dict[str, str] = {}
        self._cards = {card.id for card in scenario.cards}
        for group in (scenario.tracks, scenario.moves, scenario.cards, scenario.regions, scenario.attitudes, scenario.coalitions):
            for item in group:
                self._names[item.id] = item.name
        for faction in scenario.factions:
            self._names[faction.id] = f"{faction.letter} {faction.name}"
            for objective in faction.objectives:
                self._names.setdefault(objective.id, objective.text)
        for reaction in scenario.reactions:
            self._names.setdefault(reaction.id, reaction.text)
        for agreement in scenario.agreements:
            self._names.setdefault(agreement.id, agreement.name)
        for category in {m.category for m in scenario.moves}:
            self._names.setdefault(f"receptivity.{category}", f"receptivity to {category.replace('_', ' ')}")

    def name(self, item_id: str) -> str:
        """The display name of a faction, region, move, card or track id."""
        return self._names.get(item_id, item_id.replace("_", " "))

    def names(self, ids: Iterable[str]) -> str:
        """Display names joined by commas."""
        return ", ".join(self.name(i) for i in ids)

    def entry(self, e: Entry) -> str:
        """One line describing ``e``."""
        n = self.name
        if isinstance(e, Change):
            return self._change(e)
        if isinstance(e, CardPlayed):
            how = {"deck": "Event", "schedule": "Scheduled event", "inject": "Facilitator inject", "reaction": "Partners react"}[e.how]
            return f"{how}: {n(e.card)} → {self.names(e.targets) or 'nobody (no faction fits)'}"
        if isinstance(e, OrderResolved):
            target = f" → {n(e.target)}" if e.target else ""
            why = f' — "{e.why}"' if e.why else ""
            return f"{n(e.faction)} order {e.order}: {n(e.move)}{target} (cost {e.cost}){why}"
        if isinstance(e, OrderFizzled):
            target = f" → {n(e.target)}" if e.target else ""
            return f"{n(e.faction)} order {e.order}: {n(e.move)}{target} fizzles: {e.reason}"
        if isinstance(e, Rolled):
            parts = "".join(f" {amount:+d} {n(label) if label in self._cards else label}" for label, amount in e.modifiers)
            verdict = "success" if e.success else "failure"
            return f"{n(e.faction)} rolls {e.die}{parts} = {e.total} vs {e.difficulty}: {verdict}"
        if isinstance(e, Contested):
            return f"{n(e.region)} is contested by {self.names(e.factions)}: influence gains of {CONTESTED_GAIN} or more there are cut by {CONTEST_CUT}"
        if isinstance(e, Countered):
            if not e.success:
                left = f"{e.remaining} turn(s) left" if e.remaining else "it ends"
                return f"{n(e.faction)}'s {n(e.move)} fails but softens {n(e.card)} on {n(e.target)}: {left}"
            return f"{n(e.faction)}'s {n(e.move)} cancels {n(e.card)} on {n(e.target)}"
        if isinstance(e, Expired):
            return f"{n(e.card)} on {n(e.target)} expires"
        if isinstance(e, Reacted):
            about = f" towards {n(e.faction)}" if e.faction else ""
            return f"{n(e.region)} reacts{about}: {n(e.reaction)}"
        if isinstance(e, Reshuffled):
            return f"The discard pile ({e.cards} cards) is shuffled into a new deck"
        if isinstance(e, Noted):
            return f"Note from {n(e.author)}: {e.text}"
        if isinstance(e, Messaged):
            return f"Private, {n(e.sender)} to {n(e.to)}: {e.text}"
        if isinstance(e, Directed):
            if e.kind == "seat":
                return f"{n(e.faction)} is now played by {e.text}"
            if e.kind == "sideline":
                return f"{n(e.faction)}: {e.text} sits this turn out; the rest of the team decides"
            return f"Timer {e.text}"
        if isinstance(e, Undone):
            return f"Turn {e.turn}'s resolution undone: {e.reason}"
        if isinstance(e, Agreed):
            return self._agreed(e)
        if isinstance(e, Argued):
            return self._argued(e)
        if isinstance(e, ArguedRolled):
            parts = "".join(f" {amount:+d} {label}" for label, amount in e.modifiers)
            verdict = "success" if e.success else "failure"
            if not e.difficulty:
                return f"{n(e.faction)} argued action {e.number} needs no roll: success"
            return f"{n(e.faction)} argued action {e.number} rolls {e.die}{parts} = {e.total} vs {e.difficulty}: {verdict}"
        if isinstance(e, Scored):
            met = f"; objectives met: {'; '.join(self.name(o).rstrip('.') for o in e.objectives)}" if e.objectives else ""
            return f"{n(e.faction)} scores {e.score} ({e.delta:+d}){met}"
        if isinstance(e, GameEnded):
            winners = self.names(e.winners) or "nobody"
            lost = f"; {'lost' if self.scenario.coalitions else 'collapsed'}: {self.names(e.losers)}" if e.losers else ""
            return f"Game over ({e.termination.replace('_', ' ')}): winner {winners}{lost}"
        raise TypeError(f"not a log entry: {e!r}")

    def _argued(self, e: Argued) -> str:
        """An argued action's step (rule 15) in words."""
        n = self.name
        action = f"{n(e.faction)} argued action {e.number}"
        where = f" → {n(e.target)}" if e.target else ""
        if e.what == "proposed":
            return f"{action}{where}: {e.text}"
        if e.what == "adjudicated":
            effects = ", ".join(f"{n(key).lower()} {amount:+d}" for key, amount in e.effects)
            roll = f"difficulty {e.difficulty}" if e.difficulty else "no roll"
            return f"{action}{where} adjudicated: {roll}; on a success {effects} — {e.text}"
        if e.what == "countered":
            return f"{n(e.by)} counters {action}: {e.text}"
        if e.what == "lapsed":
            return f"{action} lapses: it was not adjudicated"
        return f"{action} fizzles: its faction cannot pay its cost"

    def _agreed(self, e: Agreed) -> str:
        """An agreement's step (rule 14) in words."""
        n = self.name
        proposer, partner = e.factions
        what = n(e.agreement)
        if e.what == "proposed":
            return f"{n(proposer)} proposes {what} to {n(partner)}"
        if e.what in ("accepted", "declined"):
            return f"{n(partner)} {'accepts' if e.what == 'accepted' else 'declines'} {n(proposer)}'s {what}"
        if e.what == "renounced":
            return f"{n(e.by)} renounces {what} with {n(partner if e.by == proposer else proposer)}: it breaks as the turn resolves"
        if e.what == "broken":
            return f"{n(e.by)} breaks {what} with {n(partner if e.by == proposer else proposer)}"
        between = f"{what} between {n(proposer)} and {n(partner)}"
        return {"in_force": f"{between} comes into force", "lapsed": f"{between} lapses unanswered"}.get(e.what, f"{between} has run its course")

    def effects(self, effects: Effects) -> str:
        """A faction's effects in words: ``budget -1, credibility +1``, or ``nothing``."""
        parts = [f"budget {effects.budget:+d}"] if effects.budget else []
        parts += [f"{self.name(track).lower()} {amount:+d}" for track, amount in effects.tracks]
        return ", ".join(parts) or "nothing"

    def agreement_kind(self, kind: AgreementDef) -> str:
        """One line on an agreement kind (rule 14.1): what each party gets a turn and for how long, what breaks it, at what price."""
        named = [f"{name.replace('_', ' ')} moves" if name in CATEGORIES else self.name(name) for name in kind.forbids]
        forbids = f"; forbids {', '.join(named)} aimed at the other" if kind.forbids else ""
        return (
            f"{kind.name} ({kind.turns} turn{'s' if kind.turns != 1 else ''}): proposer {self.effects(kind.proposer)}, "
            f"partner {self.effects(kind.partner)} a turn{forbids}; breaking it: {self.effects(kind.broken)}"
        )

    def agreement(self, agreement: AgreementView, me: str = "") -> str:
        """``Joint exercise: you → R Red, in force (1 turn left)``: an agreement proposed or in force, ``me`` as ``you``."""

        def who(faction: str) -> str:
            return "you" if faction == me else self.name(faction)

        status = "in force" if agreement.status == "in_force" else agreement.status
        if agreement.status == "in_force":
            status += f" ({agreement.remaining} turn{'s' if agreement.remaining != 1 else ''} left)"
        if agreement.renounced:
            status += f", renounced by {who(agreement.renounced)}"
        return f"{self.name(agreement.agreement)}: {who(agreement.proposer)} → {who(agreement.partner)}, {status}"

    def _change(self, e: Change) -> str:
        n = self.name
        where = f" in {n(e.region)}" if e.region else ""
        who = f"{n(e.faction)}: " if e.faction else ""
        capped = f" (asked {e.requested:+d})" if e.requested != e.delta else ""
        return f"{who}{n(e.track).lower()}{where} {e.delta:+d} → {e.value}{capped} ({self.cause(e)})"

    def cause(self, e: Change) -> str:
        """Why a change happened, in words."""
        n = self.name
        if e.cause is Cause.ORDER:
            return f"{n(e.source)}, {n(e.actor)} order {e.order}"
        if e.cause is Cause.MATURED:
            return f"{n(e.source)} pays off, {n(e.actor)} order {e.order} of an earlier turn"
        if e.cause is Cause.OPPOSITION:
            return f"{n(e.source)} reacts to {n(e.actor)} order {e.order}"
        if e.cause is Cause.CARD:
            return f"event {n(e.source)}"
        if e.cause is Cause.ONGOING:
            return f"{n(e.source)} continues"
        if e.cause is Cause.FADED:
            return "influence fades unrenewed"
        if e.cause is Cause.HEDGING:
            return "the partner hedges against a dominant faction"
        if e.cause is Cause.ARGUED:
            return f"{n(e.actor)} argued action {e.order - ARGUED_ORDER}"
        if e.cause is Cause.AGREEMENT:
            return f"agreement {n(e.source)}"
        if e.cause is Cause.REACTION:
            by = f", {n(e.actor)} order {e.order}" if e.actor else ""
            return f"reaction: {n(e.source).rstrip('.')}{by}"
        return "income"
