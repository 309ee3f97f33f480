"""Conditions on the position (rule 13.1), and control (rule 8.2) which they read.

A ``Condition`` (``engine.model``) is judged about a subject faction and a
target (a region or a faction, or empty): conditional effects judge it about
the acting faction and the order's target, reactions about a faction in a
region, aims about the faction whose aim it is. ``Judge.progress`` lists every
leaf of a condition with the value it reads now, so that a player can see how
far an aim is.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import NamedTuple, Protocol

from engine.model import Condition, Scenario


class _Faction(Protocol):
    @property
    def tracks(self) -> Mapping[str, int]: ...

    @property
    def score(self) -> int: ...


class _Region(Protocol):
    @property
    def influence(self) -> Mapping[str, int]: ...

    @property
    def stability(self) -> int: ...

    @property
    def attitudes(self) -> Mapping[str, Mapping[str, int]]: ...


class _Event(Protocol):
    @property
    def card(self) -> str: ...

    @property
    def target(self) -> str: ...


class Board(Protocol):
    """What conditions read: a game's ``GameState``, or a ``GameView`` of one."""

    @property
    def turn(self) -> int: ...

    @property
    def factions(self) -> Mapping[str, _Faction]: ...

    @property
    def regions(self) -> Mapping[str, _Region]: ...

    @property
    def events(self) -> Sequence[_Event]: ...


def control(influence: Mapping[str, int], minimum: int) -> str:
    """The faction controlling a region with ``influence`` (rule 8.2): the single leader with at
    least ``minimum`` influence, or an empty string."""
    best = max(influence.values())
    if best < minimum:
        return ""
    leaders = [faction for faction, value in influence.items() if value == best]
    return leaders[0] if len(leaders) == 1 else ""


class Leaf(NamedTuple):
    """One test of a condition, as a player reads it: what it asks, the value now, whether it
    holds, and how far it is from holding."""

    text: str
    value: int | None
    """The number read (None for yes/no tests)."""
    met: bool
    distance: int = 0
    """0 when met; else the steps still missing (a bound's gap, a collapse track's height
    above its minimum, the influence short of control), at least 1."""


class Judge:
    """Judges conditions on a scenario's positions."""

    def __init__(self, scenario: Scenario) -> None:
        self.scenario = scenario
        self._blocs = {g.id: g.blocs for g in scenario.regions}
        self._cards = {c.id: c.category for c in scenario.cards}
        self._names = {item.id: item.name for group in (scenario.tracks, scenario.regions, scenario.factions, scenario.attitudes) for item in group}
        collapse = scenario.victory.collapse_track
        self._floor = scenario.track(collapse).min if collapse else None

    def collapsed(self, state: Board, faction: str) -> bool:
        """True when ``faction``'s collapse track is at its minimum (rule 9.1)."""
        track = self.scenario.victory.collapse_track
        return self._floor is not None and state.factions[faction].tracks[track] <= self._floor

    def holds(self, condition: Condition, state: Board, faction: str, target: str = "") -> bool:
        """True when ``condition`` holds about ``faction`` and ``target`` in ``state``."""
        kind = condition.kind
        if kind == "all":
            return all(self.holds(part, state, faction, target) for part in condition.parts)
        if kind == "any":
            return any(self.holds(part, state, faction, target) for part in condition.parts)
        if kind == "not":
            return not self.holds(condition.parts[0], state, faction, target)
        value = self.read(condition, state, faction, target)
        if value is None:
            return self._yes(condition, state, faction, target)
        return _within(condition, value)

    def read(self, condition: Condition, state: Board, faction: str, target: str = "") -> int | None:
        """The number a counting condition reads now; None for a yes/no condition."""
        who = condition.of or faction
        kind = condition.kind
        if kind == "track":
            return state.factions[who].tracks[condition.subject]
        if kind == "influence":
            return state.regions[condition.subject or target].influence[who]
        if kind == "bloc":
            minimum = self.scenario.scoring.control_min
            return sum(1 for rid, blocs in self._blocs.items() if condition.subject in blocs and control(state.regions[rid].influence, minimum) == who)
        if kind == "attitude":
            region = condition.region or target
            return state.regions[region].attitudes[who][condition.subject] if region in state.regions else 0
        if kind == "stability":
            region = condition.region or target
            return state.regions[region].stability if region in state.regions else 0
        if kind == "score":
            return state.factions[who].score
        if kind == "turn":
            return state.turn
        return None

    def _yes(self, condition: Condition, state: Board, faction: str, target: str) -> bool:
        kind = condition.kind
        if kind == "controls":
            return control(state.regions[condition.subject or target].influence, self.scenario.scoring.control_min) == (condition.of or faction)
        if kind == "collapsed":
            return self.collapsed(state, condition.subject)
        scope = target or faction
        return any(e.target == scope and self._cards[e.card] == condition.subject for e in state.events)  # "event"

    def progress(self, condition: Condition, state: Board, faction: str, target: str = "") -> list[Leaf]:
        """Every leaf test of ``condition`` with its value now (for aims on screen)."""
        if condition.kind in ("all", "any"):
            return [leaf for part in condition.parts for leaf in self.progress(part, state, faction, target)]
        if condition.kind == "not":
            inner = condition.parts[0]
            met = not self.holds(inner, state, faction, target)
            return [Leaf(f"not {words(inner, self.name)}", self.read(inner, state, faction, target), met, 0 if met else 1)]
        value = self.read(condition, state, faction, target)
        met = self.holds(condition, state, faction, target)
        return [Leaf(words(condition, self.name), value, met, 0 if met else self._distance(condition, state, faction, target, value))]

    def name(self, item_id: str) -> str:
        """The display name of a track, region, faction or attitude id (the id when none)."""
        return self._names.get(item_id, item_id)

    def _distance(self, condition: Condition, state: Board, faction: str, target: str, value: int | None) -> int:
        """How far an unmet leaf is from holding (``Leaf.distance``)."""
        if value is not None:
            gap = 0
            if condition.at_least is not None:
                gap = max(gap, condition.at_least - value)
            if condition.at_most is not None:
                gap = max(gap, value - condition.at_most)
            return max(gap, 1)
        if condition.kind == "collapsed" and self._floor is not None:
            return max(state.factions[condition.subject].tracks[self.scenario.victory.collapse_track] - self._floor, 1)
        if condition.kind == "controls":
            influence = state.regions[condition.subject or target].influence
            who = condition.of or faction
            rival = max((v for f, v in influence.items() if f != who), default=0)
            return max(max(rival + 1, self.scenario.scoring.control_min) - influence[who], 1)
        return 1


def _within(condition: Condition, value: int) -> bool:
    if condition.at_least is not None and value < condition.at_least:
        return False
    return condition.at_most is None or value <= condition.at_most


def words(condition: Condition, name: Callable[[str], str] = str) -> str:
    """``condition`` in plain words ("Domestic support at least 9", "controls North"), each id
    given by ``name`` (the id itself by default)."""
    kind = condition.kind
    if kind in ("all", "any"):
        joiner = " and " if kind == "all" else " or "
        return "(" + joiner.join(words(part, name) for part in condition.parts) + ")"
    if kind == "not":
        return f"not {words(condition.parts[0], name)}"
    who = f"{name(condition.of)}: " if condition.of else ""
    here = name(condition.region) if condition.region else "the region"
    if kind == "controls":
        return f"{who}controls {name(condition.subject) if condition.subject else 'the region'}"
    if kind == "collapsed":
        return f"{name(condition.subject)} has collapsed"
    if kind == "event":
        return f"{condition.subject.replace('_', ' ')} active on the target"
    subject = {
        "track": name(condition.subject),
        "influence": f"influence in {name(condition.subject) if condition.subject else 'the region'}",
        "bloc": f"regions controlled in bloc {condition.subject}",
        "attitude": f"{name(condition.subject)} in {here}",
        "stability": f"stability of {here}",
        "score": "score",
        "turn": "turn",
    }[kind]
    bounds = []
    if condition.at_least is not None:
        bounds.append(f"at least {condition.at_least}")
    if condition.at_most is not None:
        bounds.append(f"at most {condition.at_most}")
    return f"{who}{subject} {' and '.join(bounds)}".rstrip()
