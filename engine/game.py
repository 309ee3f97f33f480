"""The public game API: create, query legal orders, submit, inject, resolve.

A ``Game`` is a pure function of (scenario, seed, inputs). Inputs are the
order submissions, facilitator injects and notes, in the sequence they were
made; ``inputs`` keeps them per turn so that a record can replay them exactly.

Legality is checked in layers (rule 4): ``options`` lists every move and
target with the reason an illegal one is illegal; ``submit`` refuses a whole
submission with an ``OrderError`` naming the first bad order (4.6); resolution
re-checks each order when its turn comes and lets it fizzle if the position
has changed under it (5.5). An accepted submission's judgements are carried to
resolution, which judges an order again only when what its judgement read has
moved (``engine.standing``); an inject or an undo drops them all.
"""

from __future__ import annotations

import copy
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping, Sequence
from operator import attrgetter
from types import MappingProxyType
from typing import Any, NamedTuple

import engine.valueclass as valueclass
from engine.errors import OrderError, character_name, unsafe_character
from engine.inputs import (
    DIRECTIVES,
    FACILITATOR,
    MAX_ARGUMENT,
    MAX_MESSAGE,
    MAX_MESSAGES_PER_TURN,
    MAX_PROPOSALS_PER_TURN,
    MAX_UNDOS_PER_TURN,
    MAX_WHY,
    MAX_WRITING,
    PACT_ACTS,
    Adjudication,
    Argue,
    Counter,
    Directive,
    Inject,
    Input,
    MadeInject,
    Message,
    Note,
    Order,
    Pact,
    Plan,
    Rating,
    Reflection,
    Resolve,
    Step,
    Submission,
    Undo,
)
from engine.log import Agreed, Argued, Directed, Entry, Messaged, Noted, Undone
from engine.made_cards import MAX_MADE_CARDS, made_card
from engine.model import ARGUED_REGION_EFFECTS, ArguedRules, CardDef, MoveDef, Scenario, TargetKind
from engine.observer import belief, observe, visible
from engine.outcome import Outcome
from engine.reasons import Reason, Wording
from engine.rng import Stream
from engine.rules import Judgement, Rules
from engine.sight import Sight
from engine.state import AgreementState, ArguedState, GameState
from engine.views import AgreementView, EventView, FactionView, GameView, RegionView, Snapshot


@valueclass.frozen
class OrderOption:
    """A move and target a faction could order now, or why it cannot."""

    move: MoveDef
    target: str
    cost: int
    reason: str | None
    """None when the order is legal; otherwise why it is not."""

    @property
    def legal(self) -> bool:
        """True when the order may be submitted."""
        return self.reason is None

    def order(self, why: str = "") -> Order:
        """This option as an order."""
        return Order(self.move.id, self.target, why)


_turn_of = attrgetter("turn")
_NONE_REVEALED: MappingProxyType[str, Mapping[str, int]] = MappingProxyType({})

MAX_DIFFICULTY = 8
"""The hardest an argued action may be made (rule 15.3): beyond a die's 6, only credibility can reach it."""

_DONE = dict(zip(PACT_ACTS, ("proposed", "accepted", "declined", "renounced"), strict=True))
"""What an ``Agreed`` entry says each act of a ``Pact`` did."""

ARGUMENT = 1
"""What a strong argument adds to a roll and a weak one takes away (rule 5.4)."""


class Made(NamedTuple):
    """What one journal step produced: the turn it was made in, its new log entries and,
    for a resolution, the digest of the position it left."""

    turn: int
    entries: tuple[Entry, ...]
    digest: str = ""


@valueclass.frozen
class Checkpoint:
    """What ``undo`` returns to: the progress just before a resolution.

    The position is a copy nobody changes (an undo copies it again); the log,
    the inputs and the history only grow between a resolution and its undo, so
    their lengths are enough to cut them back. Taking one costs a copy of the
    position, and undoing one costs what it removes: an undo never replays the game.
    """

    state: GameState
    log: int
    inputs: tuple[tuple[int, int], ...]
    """Each turn's number of inputs."""
    history: int
    digests: tuple[tuple[int, str], ...]
    submitted: tuple[tuple[str, tuple[Order, ...]], ...]
    arguments: tuple[tuple[tuple[str, int], int], ...]


@valueclass.define
class Progress:
    """Everything about a game that changes as it is played, in one object: a fork copies it
    whole and an undo replaces it whole. The scenario, the seed and the rules stay with the ``Game``.

    Each part is a position, a list of immutable items, a dict (whose values follow the same
    rules) or an immutable value, so that ``copy`` needs no list of fields."""

    state: GameState
    """The position."""
    history: list[Snapshot]
    """The watched numbers at the start and after each resolved turn."""
    log: list[Entry] = valueclass.Factory(list)
    """Every entry so far, oldest first."""
    opening: tuple[Entry, ...] = ()
    """Turn 1's events phase, played when the game was created."""
    inputs: dict[int, list[Input]] = valueclass.Factory(lambda: {1: []})
    """Inputs per turn, in the sequence they were made."""
    digests: dict[int, str] = valueclass.Factory(dict)
    """State digest after each resolved turn."""
    outcome: Outcome | None = None
    """The result, once the game is over."""
    journal: list[Step] = valueclass.Factory(list)
    """Every step taken, in order, undone ones included: the game is its fold."""
    made: list[Made] = valueclass.Factory(list)
    """What each step of the journal produced, index for index."""
    submitted: dict[str, tuple[Order, ...]] = valueclass.Factory(dict)
    """This turn's submissions, by faction."""
    arguments: dict[tuple[str, int], int] = valueclass.Factory(dict)
    """This turn's ratings, by (faction, order): what each adds to its roll."""
    checkpoints: list[Checkpoint] = valueclass.Factory(list)
    """One per resolution in force, the last one first to be undone."""
    judged: dict[str, tuple[Judgement, ...]] = valueclass.Factory(dict)
    """This turn's submissions' judgements, by faction, order for order, made on the position as it
    stands: the resolution carries them (``Rules.resolve``). The position changing drops them all."""

    def copy(self, **parts: Any) -> Progress:
        """An independent copy: playing on from either never changes the other. ``parts`` are given
        instead of copies of those parts (a believed game's own, ``Game.believed``), never copied."""
        return Progress(*[parts[field.name] if field.name in parts else _copied(getattr(self, field.name)) for field in valueclass.fields(Progress)])

    def searched(self) -> Progress:
        """A copy for search (``Game.fork`` with ``lean``): the position, the log, the opening, the outcome and this
        turn's submissions and ratings, copied; the watched history, the inputs, the digests, the journal and the
        checkpoints start empty, as only a record, a replay, an undo or a screen reads them."""
        return self.copy(history=[], inputs={}, digests={}, journal=[], made=[], checkpoints=[])


def _copied(part: Any) -> Any:
    """A copy of one part of a ``Progress`` that shares nothing changeable with it."""
    if isinstance(part, list):
        return list(part)  # its items are immutable
    if isinstance(part, dict):
        return {key: _copied(value) for key, value in part.items()}
    if isinstance(part, GameState):
        return part.copy()
    return part  # immutable


class Game:
    """A game in progress. Create one with ``Game(scenario, seed)``.

    Creating a game plays turn 1's event phase; the game then waits for
    orders. ``resolve`` ends the turn and plays the next turn's events.
    Clients (screens, the classroom, reports) read ``view()``, an immutable
    ``GameView``. Everything that changes as the game is played is in one
    ``Progress``, which ``fork`` copies and ``undo`` replaces.
    """

    def __init__(self, scenario: Scenario, seed: int, *, undoable: bool = True) -> None:
        """With ``undoable`` False, resolutions keep no checkpoint (the copy of the position an undo returns to), so
        the game and its forks cannot be undone: for a game replayed to be read, never played on."""
        if not isinstance(seed, int) or isinstance(seed, bool) or seed < 0:
            raise ValueError(f"a seed is a non-negative integer, not {seed!r}")
        self.scenario = scenario
        self.seed = seed
        self._rules = Rules(scenario, seed)
        self._file_cards = len(scenario.cards)
        """The scenario file's cards: those ``made_inject`` adds come after them."""
        self._spaces: dict[str, tuple[tuple[MoveDef, str], ...]] = {}
        """A cache of ``order_space``, shared with forks: it depends on the scenario only."""
        self._places: dict[str, dict[tuple[str, str], int]] = {}
        """Per faction, each (move id, target) pair's place in ``order_space``; shared with forks like it."""
        self._judged: dict[tuple[str, str, str], Judgement] = {}
        self._tables: dict[str, list[Judgement]] = {}
        """``Rules.assess`` of each (faction, move, target) asked about since the position last changed
        (``judge``), and of whole order spaces (``judgements``): a bot's choice, ``check`` and
        ``options`` judge an order once per position."""
        self._seer: str | None = None
        """The faction this game is ``believed`` by (its view is that faction's), or None."""
        self._undoable = undoable
        """False when resolutions keep no checkpoint (``undo`` then refuses)."""
        self._lean = False
        """True in a fork for search (``fork`` with ``lean``): it keeps only what plays on and what is judged."""
        state = GameState.initial(scenario, seed)
        self._rules.score(state, [])
        self._progress = Progress(state, [Snapshot.of(0, state)])
        self._rules.events_phase(state, self._progress.log)
        self._progress.opening = tuple(self._progress.log)

    # -- reading the game -----------------------------------------------------------------------

    @property
    def state(self) -> GameState:
        """The position: read it (bots simulate on it); never change it. Clients read ``view()``."""
        return self._progress.state

    @property
    def log(self) -> list[Entry]:
        """Every entry so far, oldest first."""
        return self._progress.log

    @property
    def opening(self) -> tuple[Entry, ...]:
        """Turn 1's events phase, played when the game was created."""
        return self._progress.opening

    @property
    def inputs(self) -> dict[int, list[Input]]:
        """Inputs per turn, in the sequence they were made."""
        return self._progress.inputs

    @property
    def digests(self) -> dict[int, str]:
        """State digest after each resolved turn."""
        return self._progress.digests

    @property
    def outcome(self) -> Outcome | None:
        """The result, once the game is over."""
        return self._progress.outcome

    @property
    def journal(self) -> list[Step]:
        """Every step taken, in order, undone ones included: the game is its fold."""
        return self._progress.journal

    @property
    def made(self) -> list[Made]:
        """What each step of the journal produced, index for index."""
        return self._progress.made

    @property
    def history(self) -> list[Snapshot]:
        """The watched numbers at the start and after each resolved turn."""
        return self._progress.history

    def view(self) -> GameView:
        """An immutable view of the game now, for clients (screens, the classroom, reports):
        the game playing on never changes it, and nothing done with it changes the game.
        A game ``believed`` by a faction gives that faction's view (rule 16)."""
        whole = self._whole_view()
        return whole if self._seer is None or self.outcome is not None else observe(whole, self._seer)

    def _whole_view(self) -> GameView:
        """The view of this game's position, uncut (in a believed game: of the position believed)."""
        progress, state, rules = self._progress, self._progress.state, self._rules
        return GameView(
            scenario=self.scenario,
            turn=state.turn,
            factions=MappingProxyType({fid: FactionView.of(record) for fid, record in state.factions.items()}),
            regions=MappingProxyType({rid: RegionView.of(record, rules.controller(state, rid)) for rid, record in state.regions.items()}),
            events=tuple(EventView(event.card, event.target, event.remaining) for event in state.events),
            log=tuple(progress.log),
            history=tuple(progress.history),
            outcome=progress.outcome,
            submitted=MappingProxyType(dict(progress.submitted)),
            agreements=tuple(AgreementView.of(record) for record in state.agreements),
            revealed=_NONE_REVEALED if state.revealed is None else MappingProxyType({f: MappingProxyType(dict(r)) for f, r in state.revealed.items()}),
        )

    def seen_by(self, faction: str) -> GameView:
        """The view ``faction`` has of the game now (rule 16): ``view()`` cut by the scenario's fog
        (``engine.observer.observe``); the whole view in a game without fog, or once the game is
        over (rule 16.5). ``faction`` "" is the public's view (a projector): no faction's secrets.
        With or without fog, another faction's argued action of this turn shows in the log only once it
        is adjudicated (rule 15.2). ``OrderError`` for a faction not in the game."""
        if faction:
            self._check_faction(faction)
        view = self._whole_view()
        if self.outcome is not None:
            return view
        view = observe(view, faction)
        pending = {(a.faction, a.number) for a in self.state.argued if not a.adjudicated and a.faction != faction}
        if not pending:
            return view
        turn = self.turn
        return valueclass.evolve(view, log=tuple(e for e in view.log if not (isinstance(e, Argued) and e.turn == turn and (e.faction, e.number) in pending)))

    def believed(self, faction: str) -> Game:
        """A fork of this game as ``faction`` knows it (rule 16.6), for its seat, its bots and its advice:
        the position it believes (``engine.observer.belief``), the log and the steps it may see (no
        other faction's orders or ratings of this turn, no message it is no party to), and as its
        ``view()`` the view ``faction`` has. Nothing chosen on it depends on hidden numbers. In a game
        without fog, or once the game is over, a plain fork. ``OrderError`` for a faction not in the game."""
        self._check_faction(faction)
        if self.scenario.fog is None or self.outcome is not None:
            return self.fork()
        seen = observe(self._whole_view(), faction)  # in a game believed by another faction: what it believes this one sees
        sight = seen.sight
        assert sight is not None
        progress = self._progress
        turn = self.turn
        judged = {(action.faction, action.number) for action in self.state.argued if action.adjudicated}
        kept = [index for index, step in enumerate(progress.journal) if _shown(step, progress.made[index].turn == turn, faction, judged)]
        twin = copy.copy(self)  # shares the scenario, the seed and the rules, as a fork does
        twin._progress = progress.copy(  # the parts the faction may know, made for the twin: the rest is copied
            state=belief(self.state, seen),
            log=list(seen.log),
            opening=tuple(e for e in progress.opening if visible(sight, e)),
            inputs={number: [step for step in steps if _shown(step, number == turn, faction, judged)] for number, steps in progress.inputs.items()},
            journal=[progress.journal[index] for index in kept],
            made=[_seen_made(sight, progress.made[index]) for index in kept],
            submitted={f: orders for f, orders in progress.submitted.items() if f == faction},
            arguments={key: value for key, value in progress.arguments.items() if key[0] == faction},
            checkpoints=[],
        )
        twin._seer = faction
        twin._position_changed()
        return twin

    @property
    def turn(self) -> int:
        """The current turn (the last one, once the game is over)."""
        return self.state.turn

    @property
    def is_over(self) -> bool:
        """True once the game has ended."""
        return self.outcome is not None

    @property
    def factions(self) -> tuple[str, ...]:
        """Faction ids in scenario order."""
        return self._rules.faction_ids

    def digest(self) -> str:
        """SHA-256 of the current position."""
        return self.state.digest()

    def turn_log(self, turn: int) -> list[Entry]:
        """The entries of ``turn``. The log is in turn order (a turn's entries follow the last turn's,
        and an undo cuts the log back before it adds to it), so they are found by bisection."""
        log = self.log
        start = bisect_left(log, turn, key=_turn_of)
        return log[start : bisect_right(log, turn, lo=start, key=_turn_of)]

    def controller(self, region: str) -> str:
        """The faction controlling ``region`` now, or an empty string."""
        return self._rules.controller(self.state, region)

    def submitted(self, faction: str) -> tuple[Order, ...] | None:
        """The orders ``faction`` submitted this turn, or None if it has not."""
        return self._progress.submitted.get(faction)

    def waiting_for(self) -> tuple[str, ...]:
        """Factions that have not submitted orders this turn."""
        return tuple(f for f in self.factions if f not in self._progress.submitted)

    def fork(self, seed: int | None = None, *, lean: bool = False) -> Game:
        """An independent copy of this game for what-if play (bots' search, a "what if" view).

        The fork shares the scenario and the rules' look-up tables and copies
        everything that changes, which is all in one ``Progress``: the position,
        the log, the inputs, the digests, the history and this turn's submissions
        and ratings. Playing the fork never changes this game, and a fork with the
        same seed plays on exactly as this game would.

        With ``seed``, the fork's future chance comes from that seed instead: its
        dice, and its deck, whose undrawn cards are reshuffled from the new seed's
        deck stream. Such a fork knows no more about the future than a player
        does; it is for search only, and a record of it would not replay.

        A ``lean`` fork (and every fork of it) is for judging a future: it plays on to the same positions, log
        and outcome as a full fork, but keeps no history, inputs, digests, journal or checkpoints, so its
        resolutions skip the digest, the watched numbers and the copy an undo would need (it cannot be undone).
        """
        twin = copy.copy(self)  # shares the scenario, the seed and the rules
        twin._lean = lean or self._lean
        twin._progress = self._progress.searched() if twin._lean else self._progress.copy()
        twin._position_changed()
        if seed is not None and seed != self.seed:
            if not isinstance(seed, int) or isinstance(seed, bool) or seed < 0:
                raise ValueError(f"a seed is a non-negative integer, not {seed!r}")
            twin.seed, twin._rules = seed, self._rules.reseeded(seed)
            state = twin._progress.state
            state.deck_rng = Stream(seed, "deck")
            state.deck_rng.shuffle(state.draw_pile)
        return twin

    # -- legality ---------------------------------------------------------------------------------

    def options(self, faction: str) -> list[OrderOption]:
        """Every move and target for ``faction`` now, legal or not, in catalogue order.

        Budget is checked against the whole budget; ``submit`` checks the
        total of a submission.
        """
        return [self.option(faction, move, target) for move, target in self.order_space(faction)]

    def option(self, faction: str, move: MoveDef | str, target: str) -> OrderOption:
        """Whether ``faction`` may order ``move`` on ``target`` now, what it costs, and why not."""
        self._check_faction(faction)
        if isinstance(move, str):
            if move not in self._rules.moves:
                raise OrderError(f"there is no move {move!r} in this scenario")
            move = self._rules.moves[move]
        reason, cost, _ = self.judge(faction, move, target)
        reason = self._closed_reason() or reason
        budget = self.state.factions[faction].budget
        if reason is None and cost > budget:
            reason = Reason(Wording.OVER_BUDGET, cost, budget)
        return OrderOption(move, target, cost, reason)

    def judge(self, faction: str, move: MoveDef, target: str) -> Judgement:
        """``Rules.assess`` of ``faction`` ordering ``move`` on ``target`` now: (why it is illegal or
        None, its cost, the modifiers touching it), the budget unchecked. Judged once per position:
        the answer for one of the scenario's moves is kept until the position changes (a resolution,
        an inject, made or from the deck, or an undo); a move made up by a client (advice's variants) is judged every time.
        ``faction`` must be one of the game's (``option`` checks it)."""
        if self._rules.moves.get(move.id) is not move:
            return self._rules.assess(self.state, faction, move, target)
        table = self._tables.get(faction)
        if table is not None:
            place = self._places[faction].get((move.id, target))
            if place is not None:
                return table[place]
        key = (faction, move.id, target)
        found = self._judged.get(key)
        if found is None:
            found = self._judged[key] = self._rules.assess(self.state, faction, move, target)
        return found

    def judgements(self, faction: str) -> list[Judgement]:
        """``judge`` of every pair of ``order_space(faction)``, index for index (kept like ``judge``'s)."""
        table = self._tables.get(faction)
        if table is None:
            space = self.order_space(faction)
            if faction not in self._places:
                self._places[faction] = {(move.id, target): place for place, (move, target) in enumerate(space)}
            table = self._tables[faction] = self._rules.assess_space(self.state, faction, space)
        return table

    def _position_changed(self) -> None:
        """Forget the judgements, the submissions' among them: the position they were made on is gone."""
        self._judged = {}
        self._tables = {}
        self._progress.judged = {}

    def order_space(self, faction: str) -> tuple[tuple[MoveDef, str], ...]:
        """Every (move, target) pair ``faction`` could ever order, in catalogue order."""
        space = self._spaces.get(faction)
        if space is None:
            self._check_faction(faction)
            space = tuple((move, target) for move in self.scenario.moves for target in self._targets(faction, move))
            self._spaces[faction] = space
        return space

    def legal_options(self, faction: str) -> list[OrderOption]:
        """The legal entries of ``options``."""
        return [option for option in self.options(faction) if option.legal]

    def _targets(self, faction: str, move: MoveDef) -> Iterable[str]:
        if move.target is TargetKind.REGION:
            return self._rules.regions
        if move.target is TargetKind.FACTION:
            return [f for f in self.factions if f != faction]
        return ("",)

    def check(self, faction: str, orders: Sequence[Order]) -> None:
        """Raise ``OrderError`` if ``orders`` is not a legal submission for ``faction``."""
        self._judge_submission(faction, orders)

    def _judge_submission(self, faction: str, orders: Sequence[Order]) -> tuple[Judgement, ...]:
        """``check``: the judgement of each order of a legal submission, order for order; ``OrderError`` if it is not one."""
        self._check_faction(faction)
        closed = self._closed_reason()
        if closed:
            raise OrderError(closed)
        limit = self.scenario.orders_per_turn
        if len(orders) > limit:
            raise OrderError(f"{len(orders)} orders submitted; at most {limit} are allowed per turn")
        state, rules = self.state, self._rules
        seen = set()
        total = 0
        judgements: list[Judgement] = []
        for index, order in enumerate(orders, start=1):
            if not isinstance(order, Order):
                raise OrderError(f"order {index} is not an Order", index)
            move = rules.moves.get(order.move)
            if move is None:
                raise OrderError(f"order {index}: there is no move {order.move!r} in this scenario", index)
            judgement = self.judge(faction, move, order.target)
            reason, cost, _ = judgement
            if reason:
                raise OrderError(f"order {index} ({move.name}{_arrow(order.target)}): {reason}", index)
            place = "" if move.target is TargetKind.HOME else order.target
            if (order.move, place) in seen:
                raise OrderError(f"order {index} ({move.name}{_arrow(order.target)}): the same move on the same target twice", index)
            if order.why != "":  # most orders carry no justification: nothing to check
                if len(order.why) > MAX_WHY:
                    raise OrderError(f"order {index}: the justification is longer than {MAX_WHY} characters", index)
                _refuse_unsafe(f"order {index}: the justification", order.why, lines=True, order=index)
            seen.add((order.move, place))
            total += cost
            judgements.append(judgement)
        budget = state.factions[faction].budget
        if total > budget:
            raise OrderError(f"the orders cost {total} in all; the budget is {budget}")
        return tuple(judgements)

    def submit(self, faction: str, orders: Sequence[Order]) -> None:
        """Submit (or replace) ``faction``'s orders for this turn; ``OrderError`` if illegal.

        Replacing a submission withdraws the ratings of the orders it replaces."""
        orders = tuple(orders)
        judgements = self._judge_submission(faction, orders)
        progress = self._progress
        progress.submitted[faction] = orders
        progress.judged[faction] = judgements
        progress.arguments = {key: value for key, value in progress.arguments.items() if key[0] != faction}
        self._took(Submission(faction, orders), len(self.log))

    # -- facilitator inputs -------------------------------------------------------------------------

    def inject(self, card: str, target: str = "") -> None:
        """Play event ``card`` now (on ``target``, or by the card's rule); ``OrderError`` if impossible."""
        closed = self._closed_reason()
        if closed:
            raise OrderError(closed)
        definition = self._rules.cards.get(card)
        if definition is None:
            raise OrderError(f"there is no card {card!r} in this scenario")
        self._check_card_target(definition, target)
        start = len(self.log)
        self._position_changed()
        self._rules.play_card(self.state, self.log, definition, target, "inject")
        self._took(Inject(card, target), start)

    def made_inject(self, card: dict[str, Any], target: str = "") -> None:
        """Play an event the facilitator made (rule 12.5) now, on ``target`` or by its rule.

        ``card`` is a ``[[cards]]`` table of the scenario format (``engine.made_cards``);
        ``OrderError`` naming its first bad key if the scenario could not hold it, or if its
        id is a card of this game with another definition. Once played, the card is a card
        of this game: ``scenario`` (and every view's) includes it, so its name and modifier
        read as a scenario card's do, and an undo leaves it known."""
        closed = self._closed_reason()
        if closed:
            raise OrderError(closed)
        definition = made_card(self.scenario, card)
        known = self._rules.cards.get(definition.id)
        if known is not None and known != definition:
            raise OrderError(f"event.id: {definition.id!r} is already an event of this game with another definition; choose another id")
        if known is None and len(self.scenario.cards) - self._file_cards >= MAX_MADE_CARDS:
            raise OrderError(f"this game holds {MAX_MADE_CARDS} made events already, the most a game may; play one of them again")
        self._check_card_target(definition, target)
        if known is None:
            self._learn(definition)
        start = len(self.log)
        self._position_changed()
        self._rules.play_card(self.state, self.log, definition, target, "inject")
        self._took(MadeInject(dict(card), target), start)

    def _learn(self, card: CardDef) -> None:
        """Make ``card`` a card of this game: the scenario and the rules' tables are replaced, never
        changed in place, so a fork made earlier keeps its own."""
        self.scenario = valueclass.evolve(self.scenario, cards=(*self.scenario.cards, card))
        self._rules = Rules(self.scenario, self._rules.seed)

    def _check_card_target(self, card: CardDef, target: str) -> None:
        """``OrderError`` unless ``target`` is empty or a region (faction) ``card`` may land on."""
        if target:
            pool = self._rules.regions if card.target.is_region else self.factions
            if target not in pool:
                kind = "region" if card.target.is_region else "faction"
                raise OrderError(f"card {card.id!r} targets a {kind}; {target!r} is not one")

    def note(self, text: str, author: str = "facilitator") -> None:
        """Add a note to this turn's log; ``OrderError`` once the game is over."""
        closed = self._closed_reason()
        if closed:
            raise OrderError(closed)
        if len(text) > MAX_WHY:
            raise OrderError(f"a note is at most {MAX_WHY} characters")
        _refuse_unsafe("a note", text, lines=True)
        _refuse_unsafe("a note's author", author, lines=False)
        start = len(self.log)
        self.log.append(Noted(self.turn, author, text))
        self._took(Note(author, text), start)

    def message(self, sender: str, to: str, text: str) -> None:
        """A private message (rule 12.6) from ``sender`` to ``to``: each a faction or ``facilitator``, not the same
        (so one of them is a faction); ``OrderError`` if not, if ``text`` is empty or longer than ``MAX_MESSAGE``, if
        ``sender`` sent ``MAX_MESSAGES_PER_TURN`` this turn already, or once the game is over.

        It moves no number; the log keeps it as a ``Messaged`` entry, which only the two parties and the
        facilitator may be shown while the game is on (the classroom hides it from the other seats)."""
        closed = self._closed_reason()
        if closed:
            raise OrderError(closed)
        for party in (sender, to):
            if party != FACILITATOR and party not in self.state.factions:
                raise OrderError(f"a message goes between factions of this game and the facilitator; {party!r} is neither")
        if sender == to:
            raise OrderError("a message goes to someone else")
        if not text.strip() or len(text) > MAX_MESSAGE:
            raise OrderError(f"a message is 1 to {MAX_MESSAGE} characters, not {len(text)}")
        _refuse_unsafe("a message", text, lines=True)
        sent = sum(1 for step in self.inputs[self.turn] if isinstance(step, Message) and step.sender == sender)
        if sent >= MAX_MESSAGES_PER_TURN:
            raise OrderError(f"{sender} has sent {MAX_MESSAGES_PER_TURN} messages this turn, the most a turn allows; wait for the next turn")
        start = len(self.log)
        self.log.append(Messaged(self.turn, sender, to, text))
        self._took(Message(sender, to, text), start)

    # -- argued actions (rule 15) ------------------------------------------------------------------------

    def next_argued(self, faction: str) -> int:
        """The number ``faction``'s next argued action of this turn takes (1 for its first)."""
        return 1 + sum(1 for action in self.state.argued if action.faction == faction)

    def argue(self, faction: str, number: int, text: str, target: str = "") -> None:
        """``faction`` proposes its argued action ``number`` (rule 15.2; it must be ``next_argued``): ``text`` says what
        it does and argues why it should succeed, ``target`` is a region or empty (at home). ``OrderError`` once the
        game is over, when the scenario allows none, for a faction or region not in the game, another number, a
        text that is blank, longer than ``MAX_ARGUMENT`` or unsafe, or beyond the scenario's ``per_turn``. Moves no
        number; it waits for the facilitator (15.3)."""
        limits = self._argued_limits()
        self._check_faction(faction)
        if target and target not in self._rules.regions:
            raise OrderError(f"an argued action is aimed at a region of this scenario or at home; {target!r} is not a region")
        _check_argument("an argued action", text)
        made = self.next_argued(faction) - 1
        if made >= limits.per_turn:
            raise OrderError(f"{faction} has proposed {made} argued action{'s' if made != 1 else ''} this turn, the most this scenario allows")
        if number != made + 1:
            raise OrderError(f"{faction}'s next argued action this turn is number {made + 1}, not {number!r}")
        self.state.argued.append(ArguedState(faction, number, text, target))
        start = len(self.log)
        self.log.append(Argued(self.turn, faction, number, "proposed", text, target))
        self._took(Argue(faction, number, text, target), start)

    def adjudicate(self, faction: str, number: int, difficulty: int, effects: Mapping[str, int]) -> None:
        """The facilitator (or umpire) sets the difficulty and effects of ``faction``'s argued action ``number`` of
        this turn (rule 15.3), replacing an earlier adjudication. ``OrderError`` when there is no such action, for a
        difficulty outside 0 to ``MAX_DIFFICULTY``, no effect, an effect the scenario's ``[argued]`` does not allow,
        an amount of 0 or beyond its ``max_effect``, or a region effect for an action at home."""
        limits = self._argued_limits()
        action = self._argued_action(faction, number)
        if isinstance(difficulty, bool) or not isinstance(difficulty, int) or not 0 <= difficulty <= MAX_DIFFICULTY:
            raise OrderError(f"a difficulty is a whole number from 0 (no roll) to {MAX_DIFFICULTY}, not {difficulty!r}")
        if not effects:
            raise OrderError("an adjudication gives at least one effect")
        for key, amount in effects.items():
            if key not in limits.effects:
                raise OrderError(f"effects.{key}: not an effect an argued action may have here (allowed: {', '.join(limits.effects)})")
            if isinstance(amount, bool) or not isinstance(amount, int) or not 1 <= abs(amount) <= limits.max_effect:
                raise OrderError(f"effects.{key}: an amount from -{limits.max_effect} to {limits.max_effect}, not 0, not {amount!r}")
            if key in ARGUED_REGION_EFFECTS and not action.target:
                raise OrderError(f"effects.{key}: the action is at home; this effect needs a region")
        ordered = tuple((key, effects[key]) for key in limits.effects if key in effects)
        action.adjudicated, action.difficulty, action.effects = True, difficulty, ordered
        start = len(self.log)
        self.log.append(Argued(self.turn, faction, number, "adjudicated", action.text, action.target, difficulty, ordered))
        self._took(Adjudication(faction, number, difficulty, dict(effects)), start)

    def counter(self, faction: str, actor: str, number: int, text: str) -> None:
        """``faction``'s counter-argument to ``actor``'s adjudicated argued action ``number`` (rule 15.4): once per
        faction and action; ``OrderError`` for the actor itself, an action not (yet) adjudicated, or a bad text.
        It moves no number: the facilitator may adjudicate the action again in its light."""
        self._argued_limits()
        self._check_faction(faction)
        action = self._argued_action(actor, number)
        if not action.adjudicated:
            raise OrderError(f"{actor}'s argued action {number} is not adjudicated yet; it may be countered once it is")
        if faction == actor:
            raise OrderError("a faction does not counter its own argued action")
        if any(isinstance(step, Counter) and (step.faction, step.actor, step.number) == (faction, actor, number) for step in self.inputs[self.turn]):
            raise OrderError(f"{faction} has countered {actor}'s argued action {number} already")
        _check_argument("a counter-argument", text)
        start = len(self.log)
        self.log.append(Argued(self.turn, actor, number, "countered", text, by=faction))
        self._took(Counter(faction, actor, number, text), start)

    def _argued_limits(self) -> ArguedRules:
        """The scenario's limits; ``OrderError`` once the game is over or when it allows no argued action."""
        closed = self._closed_reason()
        if closed:
            raise OrderError(closed)
        if self.scenario.argued is None:
            raise OrderError("this scenario allows no argued actions")
        return self.scenario.argued

    def _argued_action(self, faction: str, number: int) -> ArguedState:
        found = next((a for a in self.state.argued if (a.faction, a.number) == (faction, number)), None)
        if found is None:
            raise OrderError(f"{faction} has no argued action {number!r} this turn")
        return found

    # -- agreements (rule 14) ------------------------------------------------------------------------

    def agree(self, faction: str, act: str, agreement: str, other: str) -> None:
        """``faction`` proposes agreement kind ``agreement`` to ``other``, accepts or declines ``other``'s proposal of
        it this turn, or renounces the one in force with ``other`` (``act``: one of ``PACT_ACTS``; rule 14.2).

        ``OrderError`` once the game is over, when the scenario has no such kind, when either faction is not in the
        game or both are the same, for a proposal of a kind already proposed or in force between the two (either
        way round) or beyond ``MAX_PROPOSALS_PER_TURN``, for an answer to no proposal or to one already answered,
        and for renouncing what is not in force. An accepted proposal comes into force, an unanswered one lapses
        and a renounced agreement breaks at the start of the next resolution (14.3); nothing moves before."""
        closed = self._closed_reason()
        if closed:
            raise OrderError(closed)
        kinds = {a.id: a for a in self.scenario.agreements}
        if not kinds:
            raise OrderError("this scenario defines no agreements")
        if act not in PACT_ACTS:
            raise OrderError(f"an agreement step is one of {', '.join(PACT_ACTS)}, not {act!r}")
        self._check_faction(faction)
        if other not in self.state.factions:
            raise OrderError(f"an agreement is made with a faction of this game; {other!r} is not one")
        if other == faction:
            raise OrderError("an agreement is made with another faction, not with oneself")
        if agreement not in kinds:
            raise OrderError(f"there is no agreement {agreement!r} in this scenario (it has {', '.join(kinds)})")
        name = kinds[agreement].name
        found = next((a for a in self.state.agreements if a.between(agreement, faction, other)), None)
        if act == "propose":
            if found is not None:
                state = "in force" if found.status == "in_force" else "proposed this turn"
                raise OrderError(f"{name} between {faction} and {other} is {state} already")
            made = sum(1 for a in self.state.agreements if a.proposer == faction and a.status != "in_force")
            if made >= MAX_PROPOSALS_PER_TURN:
                raise OrderError(f"{faction} has proposed {MAX_PROPOSALS_PER_TURN} agreements this turn, the most a turn allows")
            self.state.agreements.append(AgreementState(agreement, faction, other, "proposed"))
            pair = (faction, other)
        elif act == "renounce":
            if found is None or found.status != "in_force":
                raise OrderError(f"there is no {name} in force between {faction} and {other} to renounce")
            if found.renounced:
                raise OrderError(f"{name} between {faction} and {other} is renounced already; it breaks when the turn resolves")
            found.renounced = faction
            pair = found.parties()
        else:
            if found is None or found.proposer != other or found.status == "in_force":
                raise OrderError(f"{other} has not proposed {name} to {faction} this turn")
            if found.status != "proposed":
                raise OrderError(f"{faction} has {found.status} {other}'s proposal of {name} already")
            found.status = "accepted" if act == "accept" else "declined"
            pair = found.parties()
        start = len(self.log)
        self.log.append(Agreed(self.turn, agreement, pair, _DONE[act], faction))
        self._took(Pact(faction, act, agreement, other), start)

    def rating(self, faction: str, order: int) -> bool | None:
        """The facilitator's rating of ``faction``'s order ``order`` this turn: True strong, False weak, None unrated."""
        argument = self._progress.arguments.get((faction, order), 0)
        return None if not argument else argument > 0

    def rate(self, faction: str, order: int, strong: bool | None) -> None:
        """Rate the justification of ``faction``'s submitted order ``order`` (1-based) as strong
        (``True``), weak (``False``) or not at all (``None``); ``OrderError`` if there is no such order.

        The rating is kept out of the log until the order's roll, which lists it (rule 5.4)."""
        closed = self._closed_reason()
        if closed:
            raise OrderError(closed)
        self._check_faction(faction)
        orders = self._progress.submitted.get(faction)
        if orders is None:
            raise OrderError(f"{faction} has not submitted orders this turn")
        if isinstance(order, bool) or not isinstance(order, int) or not 1 <= order <= len(orders):
            raise OrderError(f"{faction} submitted {len(orders)} order(s) this turn; there is no order {order!r}")
        if strong not in (True, False, None):
            raise OrderError(f"a rating is strong (true), weak (false) or none, not {strong!r}")
        if strong is None:
            self._progress.arguments.pop((faction, order), None)
        else:
            self._progress.arguments[(faction, order)] = ARGUMENT if strong else -ARGUMENT
        self._took(Rating(faction, order, strong), len(self.log))

    def direct(self, kind: str, faction: str, text: str) -> None:
        """Log a facilitator directive (see ``Directive``); ``OrderError`` if it is not one, or once the game is over."""
        closed = self._closed_reason()
        if closed:
            raise OrderError(closed)
        if kind not in DIRECTIVES:
            raise OrderError(f"a directive is one of {', '.join(DIRECTIVES)}, not {kind!r}")
        if faction or kind != "timer":
            self._check_faction(faction)
        if not text or len(text) > MAX_WHY:
            raise OrderError(f"a directive's text is 1 to {MAX_WHY} characters")
        _refuse_unsafe("a directive", text, lines=False)
        start = len(self.log)
        self.log.append(Directed(self.turn, kind, faction, text))
        self._took(Directive(kind, faction, text), start)

    # -- a team's written work ----------------------------------------------------------------------

    def plan(self, faction: str, text: str) -> None:
        """Record ``faction``'s plan (its aims and the instruments it means to use), replacing any earlier one;
        ``OrderError`` once turn 1 is resolved, or for a text that is blank, longer than ``MAX_WRITING`` or holds
        a control character other than a tab or line feed. Moves no number."""
        self._check_faction(faction)
        if self.turn != 1 or 1 in self.digests:
            raise OrderError("a plan is written before turn 1 is resolved; the game is past that")
        _check_writing("a plan", text)
        self._took(Plan(faction, text), len(self.log))

    def reflect(self, faction: str, text: str) -> None:
        """Record ``faction``'s reflection on the game, replacing any earlier one; ``OrderError`` before the game
        is over, or for a text as ``plan`` refuses. Moves no number (an undo of the last turn takes it back)."""
        self._check_faction(faction)
        if self.outcome is None:
            raise OrderError("a reflection is written once the game is over")
        _check_writing("a reflection", text)
        self._took(Reflection(faction, text), len(self.log))

    def written(self, faction: str) -> tuple[str, str]:
        """``faction``'s plan and reflection as they stand ('' for one not written)."""
        plan = reflection = ""
        for item in self.inputs.get(1, ()):
            if isinstance(item, Plan) and item.faction == faction:
                plan = item.text
        if self.outcome is not None:
            for item in self.inputs.get(self.turn, ()):
                if isinstance(item, Reflection) and item.faction == faction:
                    reflection = item.text
        return plan, reflection

    def undo(self, reason: str) -> None:
        """Take back the last resolution: the game returns to that turn's orders phase, with its
        submissions and ratings, as if the turn had never been resolved; ``OrderError`` if no turn
        is resolved. Steps taken since that resolution are undone with it. The journal keeps
        everything (the record shows the undone turn and the reason); the log shows an ``Undone``."""
        if not reason.strip() or len(reason) > MAX_WHY:
            raise OrderError(f"an undo needs a reason of 1 to {MAX_WHY} characters")
        _refuse_unsafe("an undo's reason", reason, lines=False)
        progress = self._progress
        if not self._undoable:
            raise OrderError("this game was replayed to be read and keeps no checkpoints: it cannot be undone")
        if not progress.checkpoints:
            raise OrderError("no turn has been resolved yet: there is nothing to undo")
        mark = progress.checkpoints[-1]
        turn = mark.state.turn
        if sum(isinstance(step, Undo) for step in progress.inputs.get(turn, ())) >= MAX_UNDOS_PER_TURN:
            raise OrderError(f"turn {turn} was undone {MAX_UNDOS_PER_TURN} times already; that is the most a turn may be")
        progress.checkpoints.pop()
        progress.state = mark.state.copy()
        self._position_changed()
        del progress.log[mark.log :]
        counts = dict(mark.inputs)
        for turn in [turn for turn in progress.inputs if turn not in counts]:
            del progress.inputs[turn]
        for turn, count in counts.items():
            del progress.inputs[turn][count:]
        del progress.history[mark.history :]
        progress.digests = dict(mark.digests)
        progress.outcome = None
        progress.submitted = dict(mark.submitted)
        progress.arguments = dict(mark.arguments)
        start = len(progress.log)
        progress.log.append(Undone(self.turn, reason))
        self._took(Undo(reason), start)

    def apply(self, step: Step) -> None:
        """Take any journal step: submit, inject (a scenario's card or a made one), note, message, agree, rate, direct, undo, plan, reflect or resolve."""
        if isinstance(step, Resolve):
            self.resolve()
        elif isinstance(step, Submission):
            self.submit(step.faction, step.orders)
        elif isinstance(step, Inject):
            self.inject(step.card, step.target)
        elif isinstance(step, MadeInject):
            self.made_inject(step.card, step.target)
        elif isinstance(step, Note):
            self.note(step.text, step.author)
        elif isinstance(step, Message):
            self.message(step.sender, step.to, step.text)
        elif isinstance(step, Pact):
            self.agree(step.faction, step.act, step.agreement, step.other)
        elif isinstance(step, Argue):
            self.argue(step.faction, step.number, step.text, step.target)
        elif isinstance(step, Adjudication):
            self.adjudicate(step.faction, step.number, step.difficulty, step.effects)
        elif isinstance(step, Counter):
            self.counter(step.faction, step.actor, step.number, step.text)
        elif isinstance(step, Rating):
            self.rate(step.faction, step.order, step.strong)
        elif isinstance(step, Directive):
            self.direct(step.kind, step.faction, step.text)
        elif isinstance(step, Undo):
            self.undo(step.reason)
        elif isinstance(step, Plan):
            self.plan(step.faction, step.text)
        elif isinstance(step, Reflection):
            self.reflect(step.faction, step.text)
        else:
            raise OrderError(f"not a step of a game: {step!r}")

    def _took(self, step: Step, start: int) -> None:
        """Journal ``step``, taken in this turn, with the log entries it made from ``start`` on (a lean fork keeps no journal)."""
        if self._lean:
            return
        turn = self.turn
        self.journal.append(step)
        self.made.append(Made(turn, tuple(self.log[start:])))
        if not isinstance(step, Resolve):
            self.inputs[turn].append(step)

    # -- the turn ------------------------------------------------------------------------------------

    def resolve(self) -> list[Entry]:
        """Resolve this turn; factions that did not submit pass. Returns the new entries.

        Runs resolution, upkeep and the victory check, then (unless the game
        ended) the next turn's events phase.
        """
        closed = self._closed_reason()
        if closed:
            raise OrderError(closed)
        progress, rules = self._progress, self._rules
        state, log, submitted = progress.state, progress.log, progress.submitted
        start = len(log)
        turn = state.turn
        lean = self._lean
        judged = progress.judged  # made on this position: the resolution carries them
        self._position_changed()
        if not lean and self._undoable:
            progress.checkpoints.append(
                Checkpoint(
                    state.copy(),
                    start,
                    tuple((number, len(items)) for number, items in progress.inputs.items()),
                    len(progress.history),
                    tuple(progress.digests.items()),
                    tuple(submitted.items()),
                    tuple(progress.arguments.items()),
                )
            )
        rules.resolve(state, log, {f: submitted[f] for f in self.factions if f in submitted}, progress.arguments, judged)
        rules.upkeep(state, log)
        progress.outcome = rules.victory_check(state, log)
        if not lean:
            progress.digests[turn] = state.digest()
            progress.history.append(Snapshot.of(turn, state))
        progress.submitted = {}
        progress.arguments = {}
        if progress.outcome is None:
            state.turn += 1
            if not lean:
                progress.inputs[state.turn] = []
            rules.events_phase(state, log)
        if not lean:
            progress.journal.append(Resolve())
            progress.made.append(Made(turn, tuple(log[start:]), progress.digests[turn]))
        return log[start:]

    def _closed_reason(self) -> Reason | None:
        return Reason(Wording.GAME_OVER) if self.outcome is not None else None

    def _check_faction(self, faction: str) -> None:
        if faction not in self.state.factions:
            raise OrderError(f"there is no faction {faction!r} in this scenario")


def _refuse_unsafe(what: str, text: str, *, lines: bool, order: int | None = None) -> None:
    """``OrderError`` when ``text`` holds a character no record may hold (``engine.errors.unsafe_character``):
    a control or bidirectional formatting character, or with ``lines`` false a tab or line feed."""
    bad = unsafe_character(text, lines=lines)
    if bad is not None:
        allowed = "tabs and line feeds but no other control character" if lines else "no control character"
        raise OrderError(
            f"{what} holds {character_name(text[bad])} at character {bad + 1}; it may hold {allowed} and no bidirectional formatting character", order
        )


def _check_argument(what: str, text: str) -> None:
    """``OrderError`` unless ``text`` is an argued action's or a counter-argument's: 1 to ``MAX_ARGUMENT`` characters, safe."""
    if not text.strip() or len(text) > MAX_ARGUMENT:
        raise OrderError(f"{what} is 1 to {MAX_ARGUMENT} characters, not {len(text) if text.strip() else 0}")
    _refuse_unsafe(what, text, lines=True)


def _check_writing(what: str, text: str) -> None:
    """``OrderError`` unless ``text`` is a plan's or reflection's: not blank, at most ``MAX_WRITING`` characters, safe."""
    if not text.strip():
        raise OrderError(f"{what} is empty; write a few lines")
    if len(text) > MAX_WRITING:
        raise OrderError(f"{what} is {len(text)} characters; at most {MAX_WRITING} are kept")
    _refuse_unsafe(what, text, lines=True)


_SEEN_MADE: dict[tuple[int, str, tuple[tuple[str, int], ...]], tuple[Made, Made]] = {}
"""Per journal step's ``Made``, faction and revealed regions: the ``Made`` and what ``_seen_made`` made of it."""
_SEEN_MADE_MAX = 1024
"""The most ``_SEEN_MADE`` keeps: a full memory starts again empty (safe when games run in threads)."""


def _seen_made(sight: Sight, made: Made) -> Made:
    """``made`` with only the entries ``sight`` shows (``engine.observer.visible``), remembered per step: a
    step's entries never change, and a fogged game's every look cuts each step of its journal again."""
    key = (id(made), sight.faction, tuple(sight.revealed.items()))
    found = _SEEN_MADE.get(key)
    if found is not None and found[0] is made:
        return found[1]
    seen = made._replace(entries=tuple(e for e in made.entries if visible(sight, e)))
    if len(_SEEN_MADE) >= _SEEN_MADE_MAX:
        _SEEN_MADE.clear()
    _SEEN_MADE[key] = (made, seen)
    return seen


def _shown(step: Step, this_turn: bool, faction: str, judged: set[tuple[str, int]]) -> bool:
    """Whether ``faction`` may see ``step`` (rule 16.4): not a message it is no party to, nor another
    faction's orders or a rating of this turn (the orders show at resolution, the rating with its roll),
    nor another faction's argued action of this turn before it is adjudicated (rule 15.2; ``judged``
    holds the ``(faction, number)`` of those adjudicated)."""
    if isinstance(step, Message):
        return faction in (step.sender, step.to)
    if this_turn and isinstance(step, Argue) and step.faction != faction:
        return (step.faction, step.number) in judged
    if this_turn and isinstance(step, Submission):
        return step.faction == faction
    return not (this_turn and isinstance(step, Rating))


def _arrow(target: str) -> str:
    return f" → {target}" if target else ""
