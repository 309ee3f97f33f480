"""Facilitator-made event cards (rule 12.5): an event composed during play, judged in the scenario's vocabulary.

A made card is spelt as one ``[[cards]]`` table of the scenario format, as a
JSON object: ``id``, ``name``, ``category``, ``text``, ``target`` (and
``region`` or ``faction`` where the rule needs one), ``effects`` and
``modifier`` (whose ``turns`` is its duration), and any other card key the
scenario's format allows, except ``copies``: a made card is never in the
deck. ``made_card`` reads such a table exactly as the scenario loader reads a
card of the file, so a made card can do nothing a scenario card could not.
The table itself is what journals and records keep (``engine.inputs.MadeInject``),
so a record replays without the session that made it.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from typing import Any

from engine.errors import OrderError
from engine.model import CardDef, Scenario
from engine.scenario_loader import read_extra_card

MAX_MADE_CARD = 8000
"""The longest made card, in characters of its JSON spelling."""
MAX_MADE_CARDS = 50
"""Most made cards one game may hold (``Game.made_inject``): each new one is read against the whole scenario
(tens of milliseconds), so this bounds what a record may ask a replay to do."""


def made_card(scenario: Scenario, table: Mapping[str, Any]) -> CardDef:
    """The card ``table`` spells, read as one more card of ``scenario``; ``OrderError`` naming the first
    problem and its key (``event.effects.budget: ...``) when it is not a card the scenario could hold."""
    if not isinstance(table, Mapping):
        raise OrderError(f"a made event is a table of card keys, not {type(table).__name__}")
    if "copies" in table:
        raise OrderError("event.copies: a made event is never in the deck; leave 'copies' out")
    try:
        spelt = json.dumps(dict(table), ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    except (TypeError, ValueError):
        raise OrderError("a made event holds only text, whole numbers, true or false, lists and tables") from None
    if len(spelt) > MAX_MADE_CARD:
        raise OrderError(f"a made event is at most {MAX_MADE_CARD} characters as JSON; this one is {len(spelt)}")
    card, problem = _read(scenario.source, json.dumps(dict(table), sort_keys=True, ensure_ascii=False))
    if card is None:
        raise OrderError(problem)
    return card


@functools.lru_cache(maxsize=256)
def _read(source: str, spelt: str) -> tuple[CardDef | None, str]:
    """The card ``spelt`` (JSON, keys sorted, so a table written in another order is read once) reads as in the
    scenario ``source``, or None and its first problem in words. Cached: a classroom folds the same journal on
    every screen's poll."""
    card, problems = read_extra_card(source, {**json.loads(spelt), "copies": 0})
    if card is not None:
        return card, ""
    first = problems[0]
    where = "event" + first.path.removeprefix("$.card")
    return None, f"{where}: {first.message}"
