"""Doctrines: what a rule-bound player may order, prefers and answers (docs/bots.md, "Doctrines").

A doctrine is a small TOML file. ``find_doctrine`` takes a bundled name
(``players/doctrines/*.toml``; ``arms-first`` and ``arms_first`` are the same)
or a path, and returns a ``Doctrine`` or raises ``DoctrineError`` with one
located problem per mistake, as scenarios and rubrics are checked. A doctrine
names categories (``engine.model.CATEGORIES``) and move ids, so one file fits
every scenario: a move id a scenario lacks matches nothing there. The bot that
plays one is ``players.bots.DoctrineBot``.
"""

from __future__ import annotations

import functools
from importlib import resources
from pathlib import Path
from typing import Any

import engine.valueclass as valueclass
from engine.errors import Problem, ProblemsError
from engine.model import CATEGORIES, MoveDef, Scenario
from engine.toml_reader import ID_PATTERN, Reader, parse_toml, read_input_file, segment

MAX_FILE_BYTES = 20_000
"""The largest doctrine file read."""
MAX_WEIGHT = 20
"""The largest preference weight, in evaluation points (either sign)."""
TARGETS = ("any", "leading", "contested")
"""Which regions a doctrine prefers to act in: any, where its faction leads, where the lead is open."""
EVENTS = ("valued", "never", "every", "disinformation")
"""How a doctrine answers events (rule 5.6): as the evaluation values it, never, every answerable
event first, or the disinformation events first."""
_KEYS = ("name", "summary", "categories", "moves", "never_categories", "never_moves", "prefer", "prefer_moves", "targets", "target_weight", "events")


class DoctrineError(ProblemsError):
    """A doctrine file is not valid, or no doctrine has the name given."""


@valueclass.frozen
class Doctrine:
    """A doctrine read from its file (the keys are described in docs/bots.md)."""

    name: str
    summary: str = ""
    categories: tuple[str, ...] = ()
    """Categories allowed; with ``moves``, empty both: every move is allowed."""
    moves: tuple[str, ...] = ()
    """Move ids allowed besides those of ``categories``."""
    never_categories: tuple[str, ...] = ()
    never_moves: tuple[str, ...] = ()
    prefer: tuple[tuple[str, int], ...] = ()
    """Evaluation points added to the value of an order of each category."""
    prefer_moves: tuple[tuple[str, int], ...] = ()
    """Evaluation points added to the value of an order of each move id, on top of its category's."""
    targets: str = "any"
    target_weight: int = 0
    """Evaluation points added to a region order in a region ``targets`` prefers."""
    events: str = "valued"

    def allows(self, move: MoveDef) -> bool:
        """Whether the doctrine lets its player order ``move`` at all."""
        if move.category in self.never_categories or move.id in self.never_moves:
            return False
        if not self.categories and not self.moves:
            return True
        return move.category in self.categories or move.id in self.moves

    def preference(self, move: MoveDef) -> int:
        """The evaluation points the doctrine adds to an order of ``move`` wherever it is aimed: its
        category's weight plus its own."""
        by_category = sum(weight for category, weight in self.prefer if category == move.category)
        return by_category + sum(weight for move_id, weight in self.prefer_moves if move_id == move.id)

    def binds(self, scenario: Scenario) -> bool:
        """Whether the doctrine holds a player of ``scenario`` to anything: it rules out one of the
        scenario's moves, adds a preference to one, prefers regions or answers events its own way.

        A doctrine that does none of these there (no arms sales where nothing is for sale) leaves
        every choice to the greedy bot's judgement: its player is the greedy bot (with its
        own draw for ties), not a rote one.
        """
        return (
            any(not self.allows(move) or self.preference(move) for move in scenario.moves)
            or (self.target_weight != 0 and self.targets != "any")
            or self.events != "valued"
        )


def bundled_doctrines() -> list[str]:
    """The names of the bundled doctrines, sorted."""
    folder = resources.files("players").joinpath("doctrines")
    return sorted(item.name[:-5] for item in folder.iterdir() if item.name.endswith(".toml"))


@functools.lru_cache(maxsize=64)
def find_doctrine(name: str) -> Doctrine:
    """A bundled doctrine by name, or the doctrine file at path ``name`` (read once per process)."""
    bundled = name.replace("-", "_")
    if bundled in bundled_doctrines():
        text = resources.files("players").joinpath("doctrines").joinpath(f"{bundled}.toml").read_text(encoding="utf-8")
        return load_doctrine_text(text, f"players/doctrines/{bundled}.toml")
    if "/" in name or "\\" in name or name.endswith(".toml") or Path(name).exists():
        return load_doctrine_text(read_input_file(name, "doctrine file", DoctrineError, MAX_FILE_BYTES), name)
    raise DoctrineError(name, [Problem("", f"no such file, and no bundled doctrine has this name (bundled: {', '.join(bundled_doctrines())})")])


def load_doctrine_text(text: str, file: str = "<doctrine>") -> Doctrine:
    """Validate doctrine TOML ``text``; ``file`` names it in error messages."""
    if len(text) > MAX_FILE_BYTES:
        raise DoctrineError(file, [Problem("", f"text is longer than {MAX_FILE_BYTES} characters")])
    raw, syntax = parse_toml(text)
    if syntax is not None:
        raise DoctrineError(file, [syntax])
    reader = Reader(text)
    document: dict[str, Any] = raw or {}
    reader.characters(document)
    top = reader.table(document, "$", _KEYS)
    doctrine = Doctrine(
        name=reader.text(top, "name", "$"),
        summary=reader.text(top, "summary", "$", ""),
        categories=_categories(reader, top, "categories"),
        moves=reader.strings(top, "moves", "$", ids=True),
        never_categories=_categories(reader, top, "never_categories"),
        never_moves=reader.strings(top, "never_moves", "$", ids=True),
        prefer=reader.int_table(top, "prefer", "$", CATEGORIES, -MAX_WEIGHT, MAX_WEIGHT),
        prefer_moves=_move_weights(reader, top),
        targets=reader.choice(top, "targets", "$", TARGETS, "any"),
        target_weight=reader.integer(top, "target_weight", "$", 0, low=0, high=MAX_WEIGHT),
        events=reader.choice(top, "events", "$", EVENTS, "valued"),
    )
    for key, kind in (("categories", "never_categories"), ("moves", "never_moves")):
        both = set(getattr(doctrine, key)) & set(getattr(doctrine, kind))
        if both:
            reader.problem(f"$.{kind}", f"{', '.join(sorted(both))} also allowed in {key}: a doctrine cannot both allow and never use a move")
    if doctrine.targets != "any" and "target_weight" not in top:
        reader.problem("$.targets", f"targets = {doctrine.targets!r} needs a target_weight (the evaluation points it adds)")
    if reader.problems:
        raise DoctrineError(file, reader.problems, reader.more)
    return doctrine


def _move_weights(reader: Reader, top: dict[str, Any]) -> tuple[tuple[str, int], ...]:
    """``prefer_moves``: weights keyed by move ids (any id: one doctrine fits every scenario), in source order."""
    raw = top.get("prefer_moves", {})
    table = reader.table(raw, "$.prefer_moves", raw if isinstance(raw, dict) else ())  # every key is known: each is checked as an id below
    weights = []
    for move_id, weight in table.items():
        where = f"$.prefer_moves.{segment(move_id)}"
        if ID_PATTERN.fullmatch(move_id):
            weights.append((move_id, reader.check_int(weight, where, -MAX_WEIGHT, MAX_WEIGHT)))
        else:
            reader.problem(where, f"{move_id!r} is not a valid move id")
    return tuple(weights)


def _categories(reader: Reader, top: dict[str, Any], key: str) -> tuple[str, ...]:
    """An array of move categories, each unknown one reported."""
    found = reader.strings(top, key, "$")
    for index, name in enumerate(found):
        if name not in CATEGORIES:
            reader.problem(f"$.{key}[{index}]", f"{name!r} is not a move category; expected one of: {', '.join(CATEGORIES)}")
    return tuple(name for name in found if name in CATEGORIES)
