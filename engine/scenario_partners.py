"""Reading the sections scenario format 2 adds (docs/scenario-format.md, rules 13.1-13.7).

``PartnerReader`` reads category groups, attitudes, reactions, coalitions,
hedging, the credibility table, conditions and aims, recording located
problems on the shared ``Reader``. References between sections (a condition's
region, a reaction's card) are checked later, once every id is known, by
``references``.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from typing import Any

from engine.model import (
    CARD_CATEGORIES,
    CATEGORIES,
    DEFAULT_CREDIBILITY_ROLLS,
    DEFAULT_FOG_BANDS,
    FOG_INFLUENCE,
    Aim,
    AttitudeDef,
    Coalition,
    Condition,
    Fog,
    Hedging,
    MoveDef,
    Scenario,
    Steps,
    TargetKind,
)
from engine.toml_reader import ID_PATTERN, Reader, suggestion

MAX_CONDITION_DEPTH = 4
"""``all``, ``any`` and ``not`` nest at most this deep."""
MAX_CONDITION_PARTS = 12
"""An ``all`` or ``any`` combines at most this many conditions."""

_COUNTED = {"track": "track", "influence": "region", "bloc": "bloc", "attitude": "attitude", "stability": "region", "score": "faction"}
"""Condition keys that read a number, with what their value names."""
_YES_NO = {"controls": "region", "event": "event category", "collapsed": "faction"}
_TURNS = ("from_turn", "until_turn")
_COMBINED = ("all", "any", "not")
_CONDITION_KEYS = (*_COUNTED, *_YES_NO, *_TURNS, *_COMBINED)
_QUALIFIERS = ("of", "region", "at_least", "at_most")
SELF = "self"
"""``score = "self"``: the subject faction's score."""
TARGET = "target"
"""``stability = "target"``: the target region's stability."""


class PartnerReader:
    """Reads format 2 sections; ``groups`` expands category group names once read."""

    def __init__(self, reader: Reader) -> None:
        self.r = reader
        self.groups: dict[str, tuple[str, ...]] = {}

    def read_groups(self, top: dict[str, Any]) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """``[groups]``: names for sets of move categories (``military = ["arms_sale", "exercise"]``)."""
        r = self.r
        raw = top.get("groups", {})
        table = r.table(raw, "$.groups", raw.keys() if isinstance(raw, dict) else ())
        for name in table:
            path = f"$.groups.{name}"
            if not ID_PATTERN.fullmatch(name):
                r.problem(path, f"{name!r} is not a valid id for a group; expected lower-case letters, digits and underscores")
                continue
            members = r.strings(table, name, "$.groups", limit=len(CATEGORIES))
            if name in CATEGORIES:
                r.problem(path, f"{name!r} is a move category; a group needs a name of its own")
                continue
            for index, member in enumerate(members):
                if member not in CATEGORIES:
                    r.problem(f"{path}[{index}]", f"{member!r} is not a move category{suggestion(member, CATEGORIES)}")
            self.groups[name] = tuple(m for m in members if m in CATEGORIES)
        return tuple(self.groups.items())

    def categories(self, names: Iterable[str], path: str) -> tuple[str, ...]:
        """Move categories named directly or through a group, in the order named (a group's in
        its own order, each category once); reports other names."""
        wanted: list[str] = []
        for index, name in enumerate(names):
            if name in CATEGORIES or name in self.groups:
                wanted.extend(self.groups.get(name, (name,)))
            else:
                known = (*CATEGORIES, *self.groups)
                self.r.problem(f"{path}[{index}]", f"{name!r} is not a move category or group{suggestion(name, known)}")
        return tuple(dict.fromkeys(wanted))

    def category_keys(self) -> tuple[str, ...]:
        """Every name a table keyed by category accepts: the categories, then the groups."""
        return (*CATEGORIES, *self.groups)

    def receptivity(self, pairs: Iterable[tuple[str, int]], path: str) -> tuple[tuple[str, int], ...]:
        """A region's starting receptivity, groups expanded; each category's sum stays within -3 to 3."""
        expanded = self.expand_pairs(pairs)
        for category, value in expanded:
            if not -3 <= value <= 3:
                self.r.problem(f"{path}.{category}", f"{value} (the sum of its groups and itself) is out of range; expected an integer from -3 to 3")
        return expanded

    def expand_pairs(self, pairs: Iterable[tuple[str, int]]) -> tuple[tuple[str, int], ...]:
        """A table keyed by categories or groups as per-category pairs, in the order first named
        (a category named twice, directly or through groups, adds up)."""
        totals: dict[str, int] = {}
        for name, amount in pairs:
            for category in self.groups.get(name, (name,)):
                totals[category] = totals.get(category, 0) + amount
        return tuple(totals.items())

    def attitudes(self, top: dict[str, Any]) -> tuple[AttitudeDef, ...]:
        """``[[attitudes]]``: a partner's tracks towards each faction, kept per region."""
        r = self.r
        found = []
        for path, item in r.array_of_tables(top, "attitudes", "$", limit=6):
            a = r.table(item, path, ("id", "name", "min", "max", "start"))
            low = r.integer(a, "min", path, 0, -20, 20)
            high = r.integer(a, "max", path, 10, low + 1, 40)
            start = r.integer(a, "start", path, min(max(low, 0), high), low, high)
            found.append(AttitudeDef(r.identifier(a, "id", path), r.text(a, "name", path), low, high, start))
        return tuple(found)

    def coalitions(self, top: dict[str, Any]) -> tuple[Coalition, ...]:
        """``[[coalitions]]``: factions that win and lose together."""
        r = self.r
        found = []
        for path, item in r.array_of_tables(top, "coalitions", "$", limit=4):
            c = r.table(item, path, ("id", "name", "members"))
            found.append(Coalition(r.identifier(c, "id", path), r.text(c, "name", path), r.strings(c, "members", path, ids=True, limit=8)))
        return tuple(found)

    def hedging(self, top: dict[str, Any]) -> Hedging:
        """``[hedging]``: the margin at which a dominated region drifts to its runner-up."""
        r = self.r
        h = r.table(top.get("hedging", {}), "$.hedging", ("margin", "amount"))
        return Hedging(r.integer(h, "margin", "$.hedging", 0, 0, 99), r.integer(h, "amount", "$.hedging", 1, 1, 3))

    def fog(self, top: dict[str, Any], moves: tuple[MoveDef, ...]) -> Fog | None:
        """``[fog]`` (rule 16): how others' influence is shown, its bands, and the moves (ids,
        categories or groups; each move aimed at a region) whose success reveals a region."""
        if "fog" not in top:
            return None
        r = self.r
        path = "$.fog"
        f = r.table(top["fog"], path, ("influence", "bands", "reveals"))
        influence = r.choice(f, "influence", path, FOG_INFLUENCE, "exact")
        bands = DEFAULT_FOG_BANDS
        if "bands" in f:
            raw = f["bands"]
            if not isinstance(raw, list) or not 1 <= len(raw) <= 6:
                r.problem(f"{path}.bands", "expected an array of 1 to 6 rising integers, each 1 or more (the lowest value of each band above 0)")
            else:
                values = [r.check_int(value, f"{path}.bands[{index}]", 1, 99) for index, value in enumerate(raw)]
                if any(later <= earlier for earlier, later in itertools.pairwise(values)):
                    r.problem(f"{path}.bands", f"{values} does not rise; list each band's lowest value, from the lowest")
                bands = tuple(values)
            if influence != "banded":
                r.problem(f"{path}.bands", f'bands are for influence = "banded" (this fog says {influence!r})')
        by_id = {m.id: m for m in moves}
        reveals: list[str] = []
        for index, name in enumerate(r.strings(f, "reveals", path, limit=len(moves) + len(CATEGORIES) + 10)):
            where = f"{path}.reveals[{index}]"
            if name in by_id:
                if by_id[name].target is not TargetKind.REGION:
                    r.problem(where, f"move {name!r} is not aimed at a region; only an order in a region can reveal it")
                named = [by_id[name]]
            elif name in CATEGORIES or name in self.groups:
                named = [m for m in moves if m.category in self.groups.get(name, (name,)) and m.target is TargetKind.REGION]
            else:
                known = (*by_id, *CATEGORIES, *self.groups)
                r.problem(where, f"{name!r} is not a move, category or group{suggestion(name, known)}")
                named = []
            reveals.extend(m.id for m in named)
        chosen = set(reveals)
        return Fog(influence, bands, tuple(m.id for m in moves if m.id in chosen))

    def credibility_rolls(self, top: dict[str, Any], track_bounds: tuple[int, int]) -> Steps:
        """``credibility_rolls``: ``[{ from = 0, modifier = -2 }, ...]``, rising ``from``."""
        r = self.r
        if "credibility_rolls" not in top:
            return DEFAULT_CREDIBILITY_ROLLS
        steps: list[tuple[int, int]] = []
        low, high = track_bounds
        for path, item in r.array_of_tables(top, "credibility_rolls", "$", limit=12):
            step = r.table(item, path, ("from", "modifier"))
            start = r.integer(step, "from", path, low=low, high=high)
            if steps and start <= steps[-1][0]:
                r.problem(f"{path}.from", f"{start} does not rise above the step before ({steps[-1][0]}); list steps from the lowest")
            steps.append((start, r.integer(step, "modifier", path, low=-3, high=3)))
        if not steps:
            r.problem("$.credibility_rolls", "the table needs at least one step; leave the key out for the default table")
        elif steps[0][0] > low:
            r.problem("$.credibility_rolls[0].from", f"the table starts at {steps[0][0]}; it must start at the track's minimum {low}")
        return tuple(steps)

    def aim(self, raw: Any, path: str) -> Aim:
        """A faction's ``[factions.aim]``: ``text``, ``final`` and one condition's keys."""
        r = self.r
        a = r.table(raw, path, ("text", "final", *_CONDITION_KEYS, *_QUALIFIERS))
        condition = self.condition({k: v for k, v in a.items() if k not in ("text", "final")}, path)
        return Aim(r.text(a, "text", path, lines=True), condition, r.boolean(a, "final", path, False))

    def condition(self, raw: Any, path: str, depth: int = 0) -> Condition:
        """One condition table (rule 13.1); structural problems reported at ``path``."""
        r = self.r
        c = r.table(raw, path, (*_CONDITION_KEYS, *_QUALIFIERS))
        kinds = [k for k in _CONDITION_KEYS if k in c]
        if len(kinds) != 1:
            found = f"found {', '.join(kinds)}" if kinds else "found none"
            r.problem(path, f"a condition needs exactly one of: {', '.join(_CONDITION_KEYS)} ({found})")
            return Condition("all")
        key = kinds[0]
        if key in _COMBINED:
            return self._combined(c, key, path, depth)
        at_least = r.integer(c, "at_least", path, None, -999, 999) if "at_least" in c else None
        at_most = r.integer(c, "at_most", path, None, -999, 999) if "at_most" in c else None
        if key in _TURNS:
            for extra in _QUALIFIERS:
                if extra in c:
                    r.problem(f"{path}.{extra}", f"{key!r} compares the turn itself; it takes no {extra!r}")
            turn = r.integer(c, key, path, low=1, high=99)
            return Condition("turn", at_least=turn) if key == "from_turn" else Condition("turn", at_most=turn)
        subject = r.identifier(c, key, path)
        if key in _COUNTED and at_least is None and at_most is None:
            r.problem(path, f"a {key!r} condition needs at_least or at_most")
        if key in _YES_NO and (at_least is not None or at_most is not None):
            r.problem(path, f"a {key!r} condition is yes or no; it takes no at_least or at_most")
        if key == "event" and subject not in CARD_CATEGORIES:
            r.problem(f"{path}.event", f"{subject!r} is not a card category{suggestion(subject, CARD_CATEGORIES)}")
        region = r.identifier(c, "region", path, "")
        region = "" if region == TARGET else region
        if region and key not in ("attitude",):
            r.problem(f"{path}.region", f"only an 'attitude' condition takes a region (this one is {key!r})")
        of = r.identifier(c, "of", path, "")
        if key == "score" and "of" in c:
            r.problem(f"{path}.of", 'a score condition names its faction in "score" itself ("self" or a faction id)')
        if key == "score" and subject != SELF:
            of, subject = subject, ""
        elif key == "score":
            subject = ""
        if key == "stability":
            region, subject = ("" if subject == TARGET else subject), ""
        if key in ("influence", "controls") and subject == TARGET:
            subject = ""
        return Condition(key, subject, of, region, at_least, at_most)

    def _combined(self, c: dict[str, Any], key: str, path: str, depth: int) -> Condition:
        r = self.r
        where = f"{path}.{key}"
        if depth >= MAX_CONDITION_DEPTH:
            r.problem(where, f"conditions nest at most {MAX_CONDITION_DEPTH} deep")
            return Condition(key if key != "not" else "all")
        extra = [k for k in _QUALIFIERS if k in c]
        if extra:
            r.problem(where, f"{key!r} combines conditions; put {', '.join(extra)} inside them")
        if key == "not":
            return Condition("not", parts=(self.condition(c["not"], where, depth + 1),))
        items = c[key]
        if not isinstance(items, list) or not items:
            r.problem(where, f"expected a non-empty array of conditions for {key!r}")
            return Condition(key)
        if len(items) > MAX_CONDITION_PARTS:
            r.problem(where, f"{len(items)} conditions; at most {MAX_CONDITION_PARTS} are allowed")
        parts = tuple(self.condition(item, f"{where}[{i}]", depth + 1) for i, item in enumerate(items[:MAX_CONDITION_PARTS]))
        return Condition(key, parts=parts)


def walk(condition: Condition, path: str) -> Iterator[tuple[Condition, str]]:
    """Every leaf of ``condition`` with its key path."""
    if condition.kind in ("all", "any", "not"):
        for index, part in enumerate(condition.parts):
            yield from walk(part, f"{path}.{condition.kind}" + ("" if condition.kind == "not" else f"[{index}]"))
    else:
        yield condition, path


def references(reader: Reader, scenario: Scenario, condition: Condition, path: str, *, subject: bool, region: bool) -> None:
    """Report every id a condition names that the scenario does not define; ``subject`` False when
    the condition is judged about no faction (a region card), so faction numbers need ``of``;
    ``region`` False when there is no target region, so region tests must name one."""
    ids = {
        "track": {t.id for t in scenario.tracks},
        "region": {g.id for g in scenario.regions},
        "bloc": {b for g in scenario.regions for b in g.blocs},
        "attitude": {a.id for a in scenario.attitudes},
        "faction": {f.id for f in scenario.factions},
    }
    for leaf, where in walk(condition, path):
        kind = leaf.kind
        what = _COUNTED.get(kind) or _YES_NO.get(kind)
        if what in ids and leaf.subject and leaf.subject not in ids[what]:
            reader.problem(f"{where}.{kind}", f"unknown {what} {leaf.subject!r}{suggestion(leaf.subject, ids[what])}")
        if leaf.of and leaf.of not in ids["faction"]:
            key = "score" if kind == "score" else "of"
            reader.problem(f"{where}.{key}", f"unknown faction {leaf.of!r}{suggestion(leaf.of, ids['faction'])}")
        if leaf.region and leaf.region not in ids["region"]:
            reader.problem(f"{where}.region", f"unknown region {leaf.region!r}{suggestion(leaf.region, ids['region'])}")
        if not subject and not leaf.of and kind in ("track", "influence", "controls", "bloc", "attitude", "score"):
            reader.problem(where, f"this condition is judged about no faction; name one with 'of' for a {kind!r} test")
        needs_region = (kind in ("attitude", "stability") and not leaf.region) or (kind in ("influence", "controls") and not leaf.subject)
        if not region and needs_region:
            reader.problem(where, f"this condition has no target region; name the region of its {kind!r} test")
