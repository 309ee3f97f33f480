"""A game at a table: who sits in each seat, the bots' turns, and the autosave.

A ``Session`` wraps a ``Game`` for interactive play. Every input (a
submission, an inject, a note) and every resolved turn is followed by an
atomic rewrite of the game record, so a crash loses at most the orders not
yet submitted, and any played game can be replayed and graded. A session is
resumed from its record: the record is replayed and verified, never trusted.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from engine.errors import OrderError, RecordError
from engine.game import Game
from engine.inputs import Order
from engine.log import Entry
from engine.model import Scenario
from engine.record import read_record, remove_stale_temporaries, replay, write_record
from players.bots import Strategy, answers, make_strategy

HUMAN = "human"

DEFAULT_BOT = "greedy"
"""The bot that plays a seat nobody chose: it plays sensibly, and quickly."""


class Session:
    """A game with its seats (``human`` or a bot strategy name) and its record file."""

    def __init__(self, game: Game, seats: dict[str, str], record_path: Path | None, created: str, *, umpire: bool = False) -> None:
        self.game = game
        self.umpire = umpire
        """Whether an umpire sits at the table to adjudicate argued actions (rule 15; ``detente play --umpire``)."""
        self.seats = {faction: seats.get(faction, HUMAN) for faction in game.factions}
        self.record_path = record_path
        """Where the record is autosaved; None keeps the game in memory only."""
        self.created = created
        self._bots: dict[str, Strategy] = {faction: make_strategy(seat) for faction, seat in self.seats.items() if seat != HUMAN}

    @classmethod
    def start(cls, scenario: Scenario, seed: int, seats: dict[str, str], record_path: Path | None, created: str) -> Session:
        """A new game, saved at once so that even turn 1 can be resumed."""
        session = cls(Game(scenario, seed), seats, record_path, created)
        session.save()
        return session

    @classmethod
    def resume(cls, path: str | Path) -> Session:
        """The game recorded at ``path``, replayed and verified; ``RecordError`` if it does not verify."""
        remove_stale_temporaries(Path(path))
        record = read_record(path)
        result = replay(record)
        if not result.verified:
            raise RecordError(str(path), f"cannot resume: the record does not verify: {result.mismatch}")
        return cls(result.game, dict(record.header.seats), Path(path), record.header.created)

    # -- seats -------------------------------------------------------------------------------

    @property
    def humans(self) -> tuple[str, ...]:
        """Factions played by people, in scenario order."""
        return tuple(f for f, seat in self.seats.items() if seat == HUMAN)

    def humans_to_order(self) -> tuple[str, ...]:
        """Human factions that have not submitted this turn."""
        waiting = set(self.game.waiting_for())
        return tuple(f for f in self.humans if f in waiting)

    # -- inputs ------------------------------------------------------------------------------

    def submit(self, faction: str, orders: Sequence[Order]) -> None:
        """Submit a human faction's orders (``OrderError`` if illegal) and save."""
        self.game.submit(faction, orders)
        self.save()

    def inject(self, card: str, target: str = "") -> None:
        """Play an event card now and save."""
        self.game.inject(card, target)
        self.save()

    def note(self, text: str, author: str = "facilitator") -> None:
        """Add a note to the log and save."""
        self.game.note(text, author)
        self.save()

    def argue(self, faction: str, text: str, target: str = "") -> None:
        """A human faction's argued action (rule 15.2; ``OrderError`` if refused, or without an umpire). Saves."""
        if not self.umpire:
            raise OrderError("argued actions need an umpire at the table (detente play --umpire)")
        self.game.argue(faction, self.game.next_argued(faction), text, target)
        self.save()

    def counter(self, faction: str, actor: str, number: int, text: str) -> None:
        """A human faction's counter-argument (rule 15.4; ``OrderError`` if refused). Saves."""
        self.game.counter(faction, actor, number, text)
        self.save()

    def adjudicate(self, faction: str, number: int, difficulty: int, effects: dict[str, int]) -> None:
        """The umpire's adjudication (rule 15.3; ``OrderError`` if refused, or without an umpire). Saves."""
        if not self.umpire:
            raise OrderError("only the umpire adjudicates an argued action (detente play --umpire)")
        self.game.adjudicate(faction, number, difficulty, effects)
        self.save()

    def agree(self, faction: str, act: str, agreement: str, other: str) -> None:
        """A human faction's step on an agreement (rule 14.2; ``OrderError`` if refused); a proposal to a bot is
        answered by the bot at once. Saves."""
        self.game.agree(faction, act, agreement, other)
        self._bots_answer()
        self.save()

    def _bots_answer(self) -> None:
        """Every bot answers the proposals made to it and not yet answered (``players.bots.answers``)."""
        for faction, bot in self._bots.items():
            for step in answers(bot, self.game, faction):
                self.game.apply(step)

    def resolve(self) -> list[Entry]:
        """Let every bot answer the proposals made to it and choose its orders if it has not, resolve the turn,
        save; returns the new entries."""
        self._bots_answer()
        for faction, bot in self._bots.items():
            if self.game.submitted(faction) is None:
                self.game.submit(faction, bot.choose(self.game, faction))
        entries = self.game.resolve()
        self.save()
        return entries

    def save(self) -> None:
        """Rewrite the record atomically (nothing to do without a record path)."""
        if self.record_path is not None:
            write_record(self.record_path, self.game, self.seats, self.created)
