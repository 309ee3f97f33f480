"""Whether a justification counts as a reason given (the ``justifications`` criterion, docs/rubric-format.md).

Length shows only that a team wrote something. A reason counts as given
when it is at least ``min_chars`` long, is not a repeat of a reason the team
gave before (compared as lower-case words), and says something about the
order: it names the move or its category, the target (region or faction),
or an event (a card of the scenario, or an event category). Names match by
word, a word of the reason matching a name's word when they share their
first letters (``exercises`` matches "Joint exercise"; ``Kepulan's`` matches
Kepulan), so "asdf qwer zxcv" and a rationale about anything else do not
count, however long.
"""

from __future__ import annotations

import re

from engine.inputs import Order
from engine.model import CARD_CATEGORIES, Scenario

GIVEN = "given"
EMPTY = "empty"
SHORT = "too short"
REPEAT = "repeats an earlier reason"
OFF_TOPIC = "names neither the move, its target nor an event"
VERDICTS = (GIVEN, EMPTY, SHORT, REPEAT, OFF_TOPIC)

PREFIX = 6
"""A name's word matches a reason's word that starts with its first ``PREFIX`` letters (all of them when shorter)."""
_STOP = frozenset("the and for with from into onto our their this that its not but are was has have will any all per via".split())
_WORDS = re.compile(r"[^\W\d_]+")


def words(text: str) -> list[str]:
    """The lower-case words of ``text`` (letters only)."""
    return _WORDS.findall(text.lower())


def _prefixes(*names: str) -> frozenset[str]:
    """The word prefixes a reason must share with one of ``names`` (words of three letters or more, stop words left out)."""
    return frozenset(word[:PREFIX] for name in names for word in words(name.replace("_", " ")) if len(word) >= 3 and word not in _STOP)


class ReasonJudge:
    """Judges the justifications of one scenario's orders (``grading.criteria.Tables`` keeps one per scenario version)."""

    def __init__(self, scenario: Scenario) -> None:
        self.moves = {m.id: _prefixes(m.id, m.name, m.category) for m in scenario.moves}
        self.targets = {r.id: _prefixes(r.id, r.name) for r in scenario.regions}
        self.targets.update({f.id: _prefixes(f.id, f.name) for f in scenario.factions})
        self.events = _prefixes("event", *CARD_CATEGORIES, *(c.name for c in scenario.cards), *(c.category for c in scenario.cards))
        self.lengths = sorted({len(prefix) for prefix in self.events.union(*self.moves.values(), *self.targets.values())})

    def verdict(self, order: Order, earlier: set[str], min_chars: int) -> str:
        """Whether ``order``'s justification counts (``GIVEN``) or why not; a reason that counts is added to ``earlier``,
        the team's reasons so far (as their words), so that a later repeat of it does not."""
        text = order.why.strip()
        if not text:
            return EMPTY
        if len(text) < max(min_chars, 1):
            return SHORT
        said = words(text)
        key = " ".join(said)
        if key in earlier:
            return REPEAT
        wanted = self.moves.get(order.move, frozenset()) | self.targets.get(order.target, frozenset()) | self.events
        if not any(word[:length] in wanted for word in said for length in self.lengths):
            return OFF_TOPIC
        earlier.add(key)
        return GIVEN
