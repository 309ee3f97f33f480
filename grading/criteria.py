"""The criterion kinds of a rubric (docs/rubric-format.md), measured on a replayed game.

``Facts`` gathers once per game what the criteria read — the final orders of
each turn, the notes, the positions after each turn, and the log entries of
resolved orders, fizzles, counters, cards and scores — and ``MEASURES`` maps
each kind to a function that returns the share of its points a faction
earned (for a penalty, the points to take away) and one line saying why.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import NamedTuple

from engine.game import Game
from engine.inputs import Note, Order, Rating, Submission
from engine.log import CardPlayed, Cause, Change, Countered, OrderFizzled, OrderResolved, Scored
from engine.model import CATEGORIES, Scenario, TargetKind
from engine.reasons import ReasonKind
from engine.views import Snapshot
from grading.justification import GIVEN, VERDICTS, ReasonJudge
from grading.rubric import Criterion

Marks = Mapping[tuple[str, int, int | str], tuple[int | None, str]]
"""A record's teacher's marks: (faction, turn, order) → (the mark, or None when only commented; the comment); a plan's
and a reflection's key is (faction, 0, ``"plan"`` or ``"reflection"``) (``WRITINGS``)."""
WRITINGS = ("plan", "reflection")
"""A team's written work besides its justifications, as the marking sheet names it."""


def display_names(scenario: Scenario) -> tuple[tuple[str, str], ...]:
    """Display names of the scenario's factions (with their letters), regions, moves and cards."""
    names = [(f.id, f"{f.letter} {f.name}") for f in scenario.factions]
    names += [(r.id, r.name) for r in scenario.regions]
    names += [(m.id, m.name) for m in scenario.moves]
    names += [(c.id, c.name) for c in scenario.cards]
    return tuple(names)


def target_ids(scenario: Scenario) -> tuple[str, ...]:
    """Every possible order target: home (''), the regions, then the factions."""
    return ("", *(r.id for r in scenario.regions), *(f.id for f in scenario.factions))


class Tables:
    """What grading looks up in one scenario version, made once for all its records (``Tables.of``): every
    record's grade then carries the same ``names``, ``moves`` and ``targets``, which a worker process sends
    to the grading process once a batch."""

    @classmethod
    def of(cls, scenario: Scenario) -> Tables:
        """The tables of ``scenario``: made once per scenario version (a class's records share a few)."""
        tables = _TABLES.get(scenario.sha256)
        if tables is None:
            if len(_TABLES) >= 16:
                _TABLES.clear()
            tables = _TABLES[scenario.sha256] = cls(scenario)
        return tables

    def __init__(self, scenario: Scenario) -> None:
        self.names = display_names(scenario)
        self.name = dict(self.names)
        self.moves = tuple(m.id for m in scenario.moves)
        self.targets = target_ids(scenario)
        self.move_index = {move: index for index, move in enumerate(self.moves)}
        self.target_index = {target: index for index, target in enumerate(self.targets)}
        self.judge = ReasonJudge(scenario)


_TABLES: dict[str, Tables] = {}
"""The tables made so far, by scenario hash."""


class Numbers(NamedTuple):
    """A ``Snapshot``'s numbers as mappings, to look up: budgets by faction, tracks by faction and track, influence by region and faction."""

    budgets: dict[str, int]
    tracks: dict[str, dict[str, int]]
    influence: dict[str, dict[str, int]]

    @classmethod
    def of(cls, snapshot: Snapshot) -> Numbers:
        return cls(
            dict(snapshot.budgets),
            {faction: dict(values) for faction, values in snapshot.tracks},
            {region: dict(shares) for region, shares in snapshot.influence},
        )


class Facts:
    """What the criteria read, gathered once per game from its log, inputs and history."""

    def __init__(self, game: Game, marks: Marks | None = None) -> None:
        self.game = game
        self.scenario = game.scenario
        self.marks: Marks = marks or {}
        self.turns = sorted(game.digests)
        last = self.turns[-1]
        done = set(self.turns)
        self.orders: dict[int, dict[str, tuple[Order, ...]]] = {}
        self.ratings: dict[int, dict[str, dict[int, bool]]] = {}
        """Per turn and faction, the facilitator's ratings that stood when the turn resolved: order → strong."""
        for turn in self.turns:
            final: dict[str, tuple[Order, ...]] = {}
            rated: dict[str, dict[int, bool]] = {}
            for item in game.inputs.get(turn, []):
                if isinstance(item, Submission):
                    final[item.faction] = item.orders
                    rated[item.faction] = {}
                elif isinstance(item, Rating):
                    standing = rated.setdefault(item.faction, {})
                    if item.strong is None:
                        standing.pop(item.order, None)
                    else:
                        standing[item.order] = item.strong
            self.orders[turn] = final
            self.ratings[turn] = rated
        self._verdicts: dict[tuple[str, int], tuple[tuple[int, str, Order], ...]] = {}
        self.notes: dict[str, int] = {}
        for items in game.inputs.values():
            for item in items:
                if isinstance(item, Note):
                    self.notes[item.author] = self.notes.get(item.author, 0) + 1
        self.history = {snapshot.turn: snapshot for snapshot in game.history}
        self.resolved: dict[str, list[tuple[OrderResolved, int]]] = {faction: [] for faction in game.factions}
        """Per faction, each of its resolved orders with the stability of its target region just before it."""
        self.fizzled: list[OrderFizzled] = []
        self.destabilising: set[tuple[int, str, int]] = set()
        self.countered: list[Countered] = []
        self.cards: list[CardPlayed] = []
        self.objectives: dict[str, tuple[str, ...]] = {}
        stability = {r.id: r.stability for r in self.scenario.regions}
        for entry in game.log:  # entries are NamedTuples of their own: a type test is exact, and cheaper than isinstance
            if entry.turn not in done:
                continue
            if type(entry) is Change:
                if entry.track == "stability":
                    if entry.cause is Cause.ORDER and entry.requested < 0:
                        self.destabilising.add((entry.turn, entry.actor, entry.order))
                    stability[entry.region] = entry.value
            elif type(entry) is OrderResolved:
                self.resolved[entry.faction].append((entry, stability.get(entry.target, -1)))
            elif type(entry) is OrderFizzled:
                self.fizzled.append(entry)
            elif type(entry) is Countered:
                self.countered.append(entry)
            elif type(entry) is CardPlayed:
                self.cards.append(entry)
            elif type(entry) is Scored and entry.turn == last:
                self.objectives[entry.faction] = entry.objectives
        self.written = {faction: dict(zip(WRITINGS, game.written(faction), strict=True)) for faction in game.factions}
        """Per faction, its plan and its reflection as they stand ('' for one not handed in)."""
        self.scores = dict(self.history[last].scores)
        self.tables = Tables.of(self.scenario)
        self.names = self.tables.name
        self.faction_ids = frozenset(game.factions)
        outcome = game.outcome
        self.losers = outcome.losers if outcome else ()
        self.winners = outcome.winners if outcome else ()
        order = {faction: (faction in self.losers, -score) for faction, score in self.scores.items()}
        self.ranks = {faction: 1 + sum(1 for other in order.values() if other < mine) for faction, mine in order.items()}
        """Per faction, its rank (``rank``)."""
        self._numbers: dict[int, Numbers] = {}

    def name(self, item: str) -> str:
        return self.names.get(item, item)

    def after(self, turn: int) -> Numbers:
        """The numbers of the position after ``turn`` (0: the start), as mappings (made once a turn)."""
        numbers = self._numbers.get(turn)
        if numbers is None:
            numbers = self._numbers[turn] = Numbers.of(self.history[turn])
        return numbers

    def influence_before(self, turn: int, region: str, faction: str) -> int:
        """``faction``'s influence in ``region`` at the start of ``turn``."""
        return self.after(turn - 1).influence[region][faction]

    def order_label(self, move: str, target: str) -> str:
        arrow = f" → {self.name(target)}" if target else ""
        return f"{self.name(move)}{arrow}"

    def verdicts(self, faction: str, min_chars: int) -> tuple[tuple[int, str, Order], ...]:
        """Each of ``faction``'s orders (its last submission of each turn) as (turn, verdict, order):
        whether its justification counts as a reason given (``grading.justification``)."""
        key = (faction, min_chars)
        if key not in self._verdicts:
            judge = self.tables.judge
            earlier: set[str] = set()
            self._verdicts[key] = tuple(
                (turn, judge.verdict(order, earlier, min_chars), order) for turn in self.turns for order in self.orders[turn].get(faction, ())
            )
        return self._verdicts[key]

    def rated(self, faction: str, turns: list[int] | None = None) -> tuple[int, int]:
        """(strong, rated): how many of ``faction``'s orders on ``turns`` (all played) the facilitator rated strong, and rated at all."""
        ratings = [strong for turn in turns or self.turns for strong in self.ratings[turn].get(faction, {}).values()]
        return sum(ratings), len(ratings)

    def rank(self, faction: str) -> int:
        """1 for the best score; equal scores share a rank; a collapsed faction ranks below the others."""
        return self.ranks[faction]

    def tied(self, faction: str) -> bool:
        """True when another faction shares ``faction``'s rank."""
        rank = self.ranks[faction]
        return sum(1 for other in self.ranks.values() if other == rank) > 1

    def score_rows(self) -> tuple[tuple[int, ...], ...]:
        return tuple(tuple(score for _, score in self.history[turn].scores) for turn in self.turns)


# -- the criterion kinds ------------------------------------------------------------------------
# Each returns (share, why): the share of the points earned, from 0 to 1 (for a
# penalty: the points to take away), and one line saying why.


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _turn_list(turns: list[int]) -> str:
    word = "turn" if len(turns) == 1 else "turns"
    return f"{word} {', '.join(map(str, turns))}"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _orders_every_turn(facts: Facts, c: Criterion, faction: str) -> tuple[Fraction, str]:
    missed = [turn for turn in facts.turns if not facts.orders[turn].get(faction)]
    played = len(facts.turns)
    done = played - len(missed)
    if not missed:
        return Fraction(1), f"submitted orders on all {_plural(played, 'turn')}"
    return Fraction(done, played), f"submitted orders on {done} of {played} turns (none on {_turn_list(missed)})"


def _all_orders(facts: Facts, faction: str) -> list[Order]:
    return [order for turn in facts.turns for order in facts.orders[turn].get(faction, ())]


def _justifications(facts: Facts, c: Criterion, faction: str) -> tuple[Fraction, str]:
    verdicts = facts.verdicts(faction, c.min_chars)
    if not verdicts:
        return Fraction(0), "gave no orders, so no justification"
    counts = dict.fromkeys(VERDICTS, 0)
    for _, said, _ in verdicts:
        counts[said] += 1
    given = counts.pop(GIVEN)
    missing = "; ".join(f"{count} {verdict}" for verdict, count in counts.items() if count)
    why = f"gave a reason of {max(c.min_chars, 1)}+ characters about the order for {given} of {_plural(len(verdicts), 'order')}"
    return Fraction(given, len(verdicts)), why + (f" (not counted: {missing})" if missing else "")


def _strong_arguments(facts: Facts, c: Criterion, faction: str) -> tuple[Fraction, str]:
    strong, rated = facts.rated(faction)
    orders = len(_all_orders(facts, faction))
    if rated < c.min_rated:
        return Fraction(0), f"the facilitator rated {rated} of its {_plural(orders, 'order')} ({c.min_rated} needed to judge): no points"
    return Fraction(strong, rated), f"{strong} of {rated} rated arguments were strong ({orders - rated} of {_plural(orders, 'order')} not rated)"


def _argument_progress(facts: Facts, c: Criterion, faction: str) -> tuple[Fraction, str]:
    middle = (len(facts.turns) + 1) // 2
    early, late = facts.turns[:middle], facts.turns[middle:]
    (strong_early, rated_early), (strong_late, rated_late) = facts.rated(faction, early), facts.rated(faction, late)
    if not late or rated_early < c.min_rated or rated_late < c.min_rated:
        return Fraction(0), (
            f"too few rated arguments to compare the halves of the game ({rated_early} on turns 1–{early[-1]}, "
            f"{rated_late} after; {c.min_rated} needed in each): no points"
        )
    before, after = Fraction(strong_early, rated_early), Fraction(strong_late, rated_late)
    share = Fraction(1) if after == 1 else min(max(Fraction(1, 2) + (after - before) * 50 / c.gain, Fraction(0)), Fraction(1))
    return share, (
        f"strong arguments went from {strong_early} of {rated_early} (turns 1–{early[-1]}) to {strong_late} of {rated_late} "
        f"(turns {late[0]}–{late[-1]}); every point for a rise of {c.gain} percentage points or all strong"
    )


def _teacher_marks(facts: Facts, c: Criterion, faction: str) -> tuple[Fraction, str]:
    orders = [(turn, index) for turn in facts.turns for index, _ in enumerate(facts.orders[turn].get(faction, ()), start=1)]
    given = [(turn, index, *facts.marks[(faction, turn, index)]) for turn, index in orders if (faction, turn, index) in facts.marks]
    marked = [(turn, index, mark) for turn, index, mark, _ in given if mark is not None]
    comments = [f"T{turn}#{index}: {comment}" for turn, index, _, comment in given if comment]
    said = f"; comments: {' · '.join(comments[:3])}{f' · and {len(comments) - 3} more' if len(comments) > 3 else ''}" if comments else ""
    if not marked:
        return Fraction(0), f"none of its {_plural(len(orders), 'justification')} is marked (detente grade --marks FILE){said}"
    total = sum(mark for _, _, mark in marked)
    average = Fraction(total, len(marked))
    return average / c.scale, f"marked {len(marked)} of {len(orders)} justifications, {float(average):.1f} of {c.scale} on average{said}"


def _due_writings(facts: Facts) -> tuple[str, ...]:
    """The written work a team could have handed in: a reflection only once the game is over."""
    return WRITINGS if facts.game.is_over else WRITINGS[:1]


def _written_work(facts: Facts, c: Criterion, faction: str) -> tuple[Fraction, str]:
    due = _due_writings(facts)
    given = [kind for kind in due if facts.written[faction][kind]]
    missing = [kind for kind in due if kind not in given]
    unfinished = "" if facts.game.is_over else " (the game is unfinished: no reflection is due)"
    if not missing:
        return Fraction(1), f"handed in {' and '.join(f'a {kind}' for kind in given)}{unfinished}"
    handed = f"handed in a {given[0]}" if given else "handed in nothing"
    return Fraction(len(given), len(due)), f"{handed}; no {' and no '.join(missing)}{unfinished}"


def _written_marks(facts: Facts, c: Criterion, faction: str) -> tuple[Fraction, str]:
    due = _due_writings(facts)
    given = {kind: facts.marks[(faction, 0, kind)] for kind in due if (faction, 0, kind) in facts.marks}
    marked = {kind: mark for kind, (mark, _) in given.items() if mark is not None}
    comments = [f"{kind}: {comment}" for kind, (_, comment) in given.items() if comment]
    said = f"; comments: {' · '.join(comments)}" if comments else ""
    if not marked:
        return Fraction(0), f"its {' and '.join(due)} {'is' if len(due) == 1 else 'are'} not marked (detente grade --marks FILE){said}"
    shown = ", ".join(f"{kind} {mark} of {c.scale}" for kind, mark in marked.items())
    unhanded = [kind for kind in due if not facts.written[faction][kind]]
    none = f"; no {' or '.join(unhanded)} handed in" if unhanded else ""
    return Fraction(sum(marked.values()), len(due) * c.scale), f"marked {shown}{none}{said}"


def _notes(facts: Facts, c: Criterion, faction: str) -> tuple[Fraction, str]:
    written = facts.notes.get(faction, 0)
    asked = f"{c.count} asked for"
    if not written:
        return Fraction(0), f"wrote no notes ({asked})"
    return Fraction(min(written, c.count), c.count), f"wrote {_plural(written, 'note')} ({asked})"


def _within_budget(facts: Facts, c: Criterion, faction: str) -> tuple[Fraction, str]:
    short: dict[int, OrderFizzled] = {}
    for entry in facts.fizzled:
        if entry.faction == faction and entry.reason.kind is ReasonKind.BUDGET:
            short.setdefault(entry.turn, entry)
    low = {}
    for turn in facts.turns:
        budget = facts.after(turn).budgets[faction]
        if budget < c.reserve:
            low[turn] = budget
    bad = sorted(set(short) | set(low))
    played = len(facts.turns)
    reserve = f" and kept {c.reserve} or more in reserve" if c.reserve else ""
    if not bad:
        return Fraction(1), f"paid for every order{reserve} on all {_plural(played, 'turn')}"
    first = bad[0]
    if first in short:
        entry = short[first]
        detail = f"turn {first}: {facts.order_label(entry.move, entry.target)} fizzled, {entry.reason}"
    else:
        detail = f"turn {first}: ended with {low[first]} left"
    good = played - len(bad)
    return Fraction(good, played), f"paid for every order{reserve} on {good} of {played} turns ({detail})"


def _rank(facts: Facts, c: Criterion, faction: str) -> tuple[Fraction, str]:
    rank = facts.rank(faction)
    count = len(facts.scores)
    score = facts.scores[faction]
    tie = "=" if facts.tied(faction) else ""
    when = "" if facts.game.is_over else f" after turn {facts.turns[-1]} (unfinished)"
    if faction in facts.losers:
        return Fraction(0), f"collapsed, so ranked {_ordinal(rank)}{tie} of {count}{when}"
    share = Fraction(count - rank, count - 1) if count > 1 else Fraction(1)
    if facts.game.is_over:
        top, leaders = "winner", [f for f in facts.winners if f != faction]
    else:
        top, leaders = "leader", [f for f in facts.scores if facts.rank(f) == 1 and f != faction]
    ahead = f"; {top}: {facts.name(leaders[0])}, {facts.scores[leaders[0]]}" if rank > 1 and leaders else ""
    return share, f"ranked {_ordinal(rank)}{tie} of {count} with a score of {score}{when}{ahead}"


def _score(facts: Facts, c: Criterion, faction: str) -> tuple[Fraction, str]:
    score = facts.scores[faction]
    return Fraction(min(max(score, 0), c.target), c.target), f"final score {score} (full points at {c.target})"


def _objectives(facts: Facts, c: Criterion, faction: str) -> tuple[Fraction, str]:
    definition = facts.scenario.faction(faction)
    total = len(definition.objectives)
    if not total:
        return Fraction(1), "the scenario sets this faction no objectives"
    met = set(facts.objectives.get(faction, ()))
    names = [o.text.rstrip(".") for o in definition.objectives if o.id in met]
    listed = f": {'; '.join(names)}" if names else ""
    return Fraction(len(names), total), f"met {len(names)} of {_plural(total, 'objective')} at the end{listed}"


def _track_floor(facts: Facts, c: Criterion, faction: str) -> tuple[Fraction, str]:
    track = facts.scenario.track(c.track).name.lower()
    values = [(turn, facts.after(turn).tracks[faction][c.track]) for turn in facts.turns]
    below = [(turn, value) for turn, value in values if value < c.value]
    lowest_turn, lowest = min(values, key=lambda pair: (pair[1], pair[0]))
    played = len(values)
    if not below:
        return Fraction(1), f"kept {track} at {c.value} or more after every turn (lowest {lowest})"
    return Fraction(played - len(below), played), (f"{track} was below {c.value} after {len(below)} of {played} turns (lowest {lowest}, turn {lowest_turn})")


def _touches(facts: Facts, card: CardPlayed, target: str, faction: str) -> bool:
    """A card on a faction touches that faction; a card on a region touches every
    faction with influence there at the start of the turn."""
    if target in facts.faction_ids:
        return target == faction
    return facts.influence_before(card.turn, target, faction) > 0


def _counter_events(facts: Facts, c: Criterion, faction: str) -> tuple[Fraction, str]:
    scenario = facts.scenario
    kind = c.category.replace("_", " ")
    window = "in the turn it appeared" if c.within == 1 else f"within {c.within} turns of appearing"
    counters = list(facts.countered)
    used: set[int] = set()
    faced = answered = cleared = 0
    missed: list[str] = []
    for card in facts.cards:
        definition = scenario.card(card.card)
        if definition.category != c.category or not definition.countered_by:
            continue
        for target in card.targets:
            if not _touches(facts, card, target, faction):
                continue
            last = card.turn + c.within - 1
            mine = next(
                (
                    i
                    for i, e in enumerate(counters)
                    if i not in used and e.faction == faction and e.card == card.card and e.target == target and card.turn <= e.turn <= last
                ),
                None,
            )
            if mine is not None:
                used.add(mine)
                faced += 1
                answered += 1
                continue
            others = any(
                e.faction != faction and e.card == card.card and e.target == target and e.remaining == 0 and card.turn <= e.turn <= last for e in counters
            )
            if others:
                cleared += 1
                continue
            faced += 1
            missed.append(f"{definition.name} → {facts.name(target)} (turn {card.turn})")
    by_others = f"; {cleared} more cleared by others" if cleared else ""
    if not faced:
        return Fraction(1), f"no {kind} event that could be answered touched this faction{by_others}"
    text = f"answered {answered} of {_plural(faced, kind + ' event')} {window}{by_others}"
    if missed:
        text += f"; missed: {missed[0]}" + (f" and {len(missed) - 1} more" if len(missed) > 1 else "")
    return Fraction(answered, faced), text


def _instrument_variety(facts: Facts, c: Criterion, faction: str) -> tuple[Fraction, str]:
    used = {facts.scenario.move(e.move).category for e, _ in facts.resolved[faction]}
    names = [category.replace("_", " ") for category in CATEGORIES if category in used]
    listed = f": {', '.join(names)}" if names else ""
    counted = "1 instrument category" if len(names) == 1 else f"{len(names)} instrument categories"
    return Fraction(min(len(names), c.count), c.count), f"used {counted} ({c.count} asked for){listed}"


def _escalation(facts: Facts, c: Criterion, faction: str) -> tuple[Fraction, str]:
    incidents = []
    for entry, stability in facts.resolved[faction]:
        if facts.scenario.move(entry.move).category not in c.categories:
            continue
        if (entry.turn, faction, entry.order) in facts.destabilising:
            why = "lowered stability"
        elif c.fragile >= 0 and facts.scenario.move(entry.move).target is TargetKind.REGION and 0 <= stability <= c.fragile:
            why = f"stability was {stability}"
        else:
            continue
        incidents.append(f"{facts.order_label(entry.move, entry.target)}, turn {entry.turn} ({why})")
    kinds = " or ".join(category.replace("_", " ") for category in c.categories) or "no category"
    if not incidents:
        fragile = f" or aimed at a region of stability {c.fragile} or less" if c.fragile >= 0 else ""
        return Fraction(0), f"no escalation: no {kinds} order lowered a region's stability{fragile}"
    deduction = min(len(incidents) * c.per_incident, c.points)
    shown = "; ".join(incidents[:3]) + (f"; and {len(incidents) - 3} more" if len(incidents) > 3 else "")
    return Fraction(len(incidents) * c.per_incident), f"{_plural(len(incidents), 'escalation')}, −{deduction}: {shown}"


def _loss(facts: Facts, c: Criterion, faction: str) -> tuple[Fraction, str]:
    outcome = facts.game.outcome
    if outcome is None:  # no outcome, no losers
        return Fraction(0), "has not collapsed (the game is unfinished): no deduction"
    if faction in facts.losers:
        collapse = facts.scenario.victory.collapse_track
        track = facts.scenario.track(collapse).name.lower() if collapse else "its collapse track"
        return Fraction(c.points), f"collapsed on turn {outcome.turn} ({track} fell to its minimum): −{c.points}"
    return Fraction(0), "did not collapse: no deduction"


MEASURES = {
    "orders_every_turn": _orders_every_turn,
    "justifications": _justifications,
    "notes": _notes,
    "strong_arguments": _strong_arguments,
    "argument_progress": _argument_progress,
    "teacher_marks": _teacher_marks,
    "written_work": _written_work,
    "written_marks": _written_marks,
    "within_budget": _within_budget,
    "rank": _rank,
    "score": _score,
    "objectives": _objectives,
    "track_floor": _track_floor,
    "counter_events": _counter_events,
    "instrument_variety": _instrument_variety,
    "escalation": _escalation,
    "loss": _loss,
}
