"""Loading and validating scenario TOML (format described in docs/scenario-format.md).

``load_scenario_text`` returns a ``Scenario`` or raises ``ScenarioError`` listing
every problem found: syntax errors, unknown keys, wrong types, values out of
range, duplicate ids, dangling references and unplayable set-ups.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from engine.errors import Problem, ScenarioError
from engine.model import (
    ARGUED_EFFECTS,
    CARD_CATEGORIES,
    CATEGORIES,
    CREDIBILITY,
    DOMESTIC_SUPPORT,
    STABILITY_MAX,
    STABILITY_MIN,
    AgreementDef,
    ArguedRules,
    CardDef,
    CardTarget,
    Conditional,
    Delayed,
    Effects,
    FactionDef,
    Modifier,
    MoveDef,
    Objective,
    Reaction,
    RegionDef,
    Requirements,
    Scenario,
    ScheduledCard,
    Scoring,
    TargetKind,
    TrackDef,
    Victory,
)
from engine.scenario_partners import TARGET, PartnerReader, references, walk
from engine.toml_reader import ID_PATTERN, Reader, parse_toml, read_input_file, suggestion

FORMAT_VERSION = 2
MAX_FILE_BYTES = 1_000_000

#: Caps that keep a hostile scenario from exhausting time or memory.
LIMITS = {
    "factions": 8,
    "regions": 40,
    "moves": 60,
    "cards": 200,
    "schedule": 200,
    "tracks": 12,
    "objectives": 20,
    "reactions": 30,
    "conditional": 4,
    "agreements": 12,
}
MAX_TURNS = 50
MAX_ORDERS = 6
MAX_AGREEMENT_TURNS = 10
"""The longest an agreement kind may last, in upkeeps (rule 14.4)."""
AMOUNT = 10
"""Every effect amount lies within ``[-AMOUNT, AMOUNT]``."""

_LATER_TOP_KEYS = ("groups", "attitudes", "reactions", "coalitions", "hedging", "credibility_rolls", "agreements", "argued", "fog")
"""Top-level sections format 2 adds."""
_TOP_KEYS = (
    "format", "id", "title", "summary", "turns", "orders_per_turn", "events_per_turn", "max_influence",
    "budget_cap", "learning_objectives", "tracks", "factions", "regions", "moves", "cards", "schedule",
    "scoring", "victory", *_LATER_TOP_KEYS,
)  # fmt: skip
_EFFECT_KEYS = ("influence", "rival_influence", "spillover", "stability", "budget", "income")
_EFFECT_TABLES = ("set", "receptivity", "attitudes", "present")
_FACTION_EFFECTS = ("influence", "budget", "income", "tracks", "attitudes")
"""Effects that need a faction: a region-wide reaction may not have them."""
"""Effect keys (format 2) whose values are tables rather than numbers."""
_OBJECTIVE_KINDS = ("control", "influence", "track", "bloc")


def load_scenario_file(path: str | Path) -> Scenario:
    """Read and validate the scenario at ``path``; ``ScenarioError`` on any problem."""
    return load_scenario_text(read_input_file(path, "scenario file", ScenarioError, MAX_FILE_BYTES), str(path))


def load_scenario_text(text: str, file: str = "<scenario>") -> Scenario:
    """Validate scenario TOML ``text``; ``file`` names it in error messages."""
    if len(text) > MAX_FILE_BYTES:
        raise ScenarioError(file, [Problem("", f"text is longer than {MAX_FILE_BYTES} characters")])
    raw, syntax = parse_toml(text)
    if syntax is not None:
        raise ScenarioError(file, [syntax])
    if not raw:
        raise ScenarioError(file, [Problem("", "the scenario is empty")])
    reader = Reader(text)
    reader.characters(raw)
    scenario = _Builder(reader).scenario(raw, text)
    if reader.problems:
        raise ScenarioError(file, _one_per_root([Problem(by_id(p.path, raw), p.message, p.line) for p in reader.problems]), reader.more)
    return scenario


def _one_per_root(problems: list[Problem]) -> list[Problem]:
    """The same unknown name met at several places is one mistake (a misspelt definition, or
    one misspelling copied): it is reported once, at its first place, naming the others."""
    first: dict[str, int] = {}
    others: dict[str, list[str]] = {}
    kept: list[Problem] = []
    for problem in problems:
        message = problem.message
        if not message.startswith("unknown "):
            kept.append(problem)
        elif message in first:
            others[message].append(problem.path)
        else:
            first[message], others[message] = len(kept), []
            kept.append(problem)
    for message, index in first.items():
        paths = others[message]
        if paths:
            shown = ", ".join(paths[:3]) + (f" and {len(paths) - 3} more" if len(paths) > 3 else "")
            kept[index] = Problem(kept[index].path, f"{message} (also at {shown})", kept[index].line)
    return kept


_STEP = re.compile(r"\.([A-Za-z0-9_-]+)\[(\d+)\]")


def by_id(path: str, document: dict[str, Any]) -> str:
    """``path`` with each array entry that has a valid id of its own named by it:
    ``$.cards[3].effects`` becomes ``$.cards[oil_spill].effects``; entries without one (a
    condition in an ``all``) or whose id repeats keep their index."""
    node: Any = document
    out: list[str] = []
    position = 1  # after "$"
    for match in _STEP.finditer(path):
        head = path[position : match.start()]
        for key in head.split(".")[1:]:
            node = node.get(key) if isinstance(node, dict) else None
        out.append(head)
        key, index = match.group(1), int(match.group(2))
        items = node.get(key) if isinstance(node, dict) else None
        node = items[index] if isinstance(items, list) and index < len(items) else None
        name = node.get("id") if isinstance(node, dict) else None
        ids = [item.get("id") for item in items if isinstance(item, dict)] if isinstance(items, list) else []
        unique = isinstance(name, str) and ID_PATTERN.fullmatch(name) is not None and ids.count(name) == 1
        out.append(f".{key}[{name if unique else index}]")
        position = match.end()
    return path[:1] + "".join(out) + path[position:] if path.startswith("$") else path


class _Builder:
    """Turns the raw TOML tables into model objects, one section at a time."""

    def __init__(self, reader: Reader) -> None:
        self.r = reader
        self.track_ids: tuple[str, ...] = ()
        self.missing_tracks: tuple[str, ...] = ()
        """Required tracks the file forgot: reported once, then accepted as keys (no knock-on problems)."""
        self.attitude_ids: tuple[str, ...] = ()
        self.version = FORMAT_VERSION
        self.track_bounds: dict[str, tuple[int, int]] = {}
        self.partners = PartnerReader(reader)

    def _later(self, table: dict[str, Any], path: str, keys: Iterable[str]) -> None:
        """Report each of ``keys`` in ``table`` when the file is format 1 (they need format 2)."""
        if self.version < 2:
            for key in keys:
                if key in table:
                    self.r.problem(f"{path}.{key}", f"{key!r} needs format = 2 (this file says format {self.version})")

    def scenario(self, raw: dict[str, Any], source: str) -> Scenario:
        r = self.r
        top = r.table(raw, "$", _TOP_KEYS)
        version = r.integer(top, "format", "$", low=1)
        if version > FORMAT_VERSION:
            r.problem("$.format", f"format {version} is newer than this program reads (at most {FORMAT_VERSION})")
        self.version = min(max(version, 1), FORMAT_VERSION)
        self._later(top, "$", _LATER_TOP_KEYS)
        partners = self.partners
        groups = partners.read_groups(top)
        attitudes = partners.attitudes(top)
        self.attitude_ids = tuple(a.id for a in attitudes)
        tracks = self._tracks(top)
        self.track_ids = (*(t.id for t in tracks), *self.missing_tracks)  # reported once: no knock-on "unknown key"
        self.track_bounds = {t.id: (t.min, t.max) for t in tracks}
        credibility = next((t for t in tracks if t.id == CREDIBILITY), None)
        factions = tuple(self._faction(path, item, tracks) for path, item in self._items(top, "factions", required=True))
        regions = tuple(self._region(path, item, factions) for path, item in self._items(top, "regions", required=True))
        moves = tuple(self._move(path, item) for path, item in self._items(top, "moves", required=True))
        cards = tuple(self._card(path, item) for path, item in self._items(top, "cards", required=True))
        known_problems = r.count
        turns = r.integer(top, "turns", "$", low=1, high=MAX_TURNS)
        last_turn = turns if r.count == known_problems else MAX_TURNS  # no knock-on errors
        schedule = tuple(self._scheduled(path, item, last_turn) for path, item in self._items(top, "schedule"))
        reactions = tuple(self._reaction(path, item) for path, item in self._items(top, "reactions"))
        agreements = tuple(self._agreement(path, item) for path, item in self._items(top, "agreements"))
        scenario = Scenario(
            id=r.identifier(top, "id", "$"),
            title=r.text(top, "title", "$"),
            summary=r.text(top, "summary", "$", "", lines=True),
            turns=turns,
            orders_per_turn=r.integer(top, "orders_per_turn", "$", 3, 1, MAX_ORDERS),
            events_per_turn=r.integer(top, "events_per_turn", "$", 1, 0, 3),
            max_influence=r.integer(top, "max_influence", "$", 10, 1, 99),
            budget_cap=r.integer(top, "budget_cap", "$", 30, 1, 999),
            learning_objectives=r.strings(top, "learning_objectives", "$", limit=20),
            tracks=tracks,
            factions=factions,
            regions=regions,
            moves=moves,
            cards=cards,
            schedule=schedule,
            scoring=self._scoring(top),
            victory=self._victory(top),
            format=self.version,
            groups=groups,
            attitudes=attitudes,
            reactions=reactions,
            coalitions=partners.coalitions(top),
            hedging=partners.hedging(top),
            credibility_rolls=partners.credibility_rolls(top, (credibility.min, credibility.max) if credibility else (-99, 99)),
            agreements=agreements,
            argued=self._argued(top),
            fog=partners.fog(top, moves) if self.version >= 2 else None,
            source=source,
            sha256=hashlib.sha256(source.encode("utf-8")).hexdigest(),
        )
        _Checker(r, scenario).check()
        return scenario

    def _items(self, raw: dict[str, Any], key: str, required: bool = False) -> list[tuple[str, Any]]:
        return self.r.array_of_tables(raw, key, "$", limit=LIMITS[key], required=required)

    # -- sections ------------------------------------------------------------------------

    def _tracks(self, top: dict[str, Any]) -> tuple[TrackDef, ...]:
        r = self.r
        tracks = []
        for path, item in self._items(top, "tracks", required=True):
            t = r.table(item, path, ("id", "name", "min", "max"))
            low = r.integer(t, "min", path, 0, -99, 99)
            tracks.append(TrackDef(r.identifier(t, "id", path), r.text(t, "name", path), low, r.integer(t, "max", path, 10, low + 1, 99)))
        ids = [t.id for t in tracks]
        for required in (CREDIBILITY, DOMESTIC_SUPPORT):
            if tracks and required not in ids:
                from difflib import get_close_matches  # only for a problem: a valid file never loads difflib

                near = get_close_matches(required, ids, n=1, cutoff=0.75)
                hint = f"; is {near[0]!r} a misspelling?" if near else ""
                r.problem("$.tracks", f"every scenario defines the track {required!r}; the rules use it{hint}")
                self.missing_tracks = (*self.missing_tracks, required)
        for name in ids:
            if name in _EFFECT_KEYS or name.startswith("target_"):
                r.problem("$.tracks", f"track id {name!r} is reserved for effects; choose another")
        return tuple(tracks)

    def _faction(self, path: str, item: Any, tracks: tuple[TrackDef, ...]) -> FactionDef:
        r = self.r
        f = r.table(item, path, ("id", "name", "letter", "summary", "budget", "income", "tracks", "objectives", "aim"))
        self._later(f, path, ("aim",))
        letter = r.text(f, "letter", path, lines=True)  # checked as one letter below
        if "letter" in f and not (len(letter) == 1 and letter.isascii() and letter.isupper()):
            r.problem(f"{path}.letter", f"{letter!r} is not one upper-case letter A-Z")
        start = dict(r.int_table(f, "tracks", path, self.track_ids, -99, 99))
        for track in tracks:
            value = start.get(track.id, track.min)
            if not track.min <= value <= track.max:
                r.problem(f"{path}.tracks.{track.id}", f"{value} is outside the track's bounds {track.min} to {track.max}")
        objectives = tuple(self._objective(opath, oitem) for opath, oitem in r.array_of_tables(f, "objectives", path, limit=LIMITS["objectives"]))
        return FactionDef(
            id=r.identifier(f, "id", path),
            name=r.text(f, "name", path),
            letter=letter,
            budget=r.integer(f, "budget", path, low=0, high=999),
            income=r.integer(f, "income", path, low=0, high=99),
            tracks=tuple((t.id, start.get(t.id, t.min)) for t in tracks),
            objectives=objectives,
            summary=r.text(f, "summary", path, "", lines=True),
            aim=self.partners.aim(f["aim"], f"{path}.aim") if "aim" in f else None,
        )

    def _objective(self, path: str, item: Any) -> Objective:
        r = self.r
        o = r.table(item, path, ("id", "text", "kind", "points", "region", "track", "bloc", "value"))
        kind = r.choice(o, "kind", path, _OBJECTIVE_KINDS)
        objective = Objective(
            id=r.identifier(o, "id", path),
            text=r.text(o, "text", path, lines=True),
            kind=kind,
            points=r.integer(o, "points", path, low=1, high=50),
            region=r.identifier(o, "region", path, ""),
            track=r.identifier(o, "track", path, ""),
            bloc=r.identifier(o, "bloc", path, ""),
            value=r.integer(o, "value", path, 0, 0, 99),
        )
        needs = {"control": ("region",), "influence": ("region", "value"), "track": ("track", "value"), "bloc": ("bloc", "value")}
        for key in needs.get(kind, ()):
            if key not in o:
                r.problem(f"{path}.{key}", f"an objective of kind {kind!r} needs {key!r}")
        return objective

    def _region(self, path: str, item: Any, factions: tuple[FactionDef, ...]) -> RegionDef:
        r = self.r
        g = r.table(item, path, ("id", "name", "summary", "stability", "blocs", "neighbours", "influence", "receptivity", "hedges"))
        self._later(g, path, ("hedges",))
        return RegionDef(
            id=r.identifier(g, "id", path),
            name=r.text(g, "name", path),
            stability=r.integer(g, "stability", path, 3, STABILITY_MIN, STABILITY_MAX),
            blocs=r.strings(g, "blocs", path, ids=True, limit=10),
            neighbours=r.strings(g, "neighbours", path, ids=True, limit=LIMITS["regions"]),
            influence=r.int_table(g, "influence", path, [f.id for f in factions], 0, 99),
            receptivity=self.partners.receptivity(r.int_table(g, "receptivity", path, self.partners.category_keys(), -3, 3), f"{path}.receptivity"),
            summary=r.text(g, "summary", path, "", lines=True),
            hedges=r.boolean(g, "hedges", path, True),
        )

    def _effects(self, raw: dict[str, Any], key: str, path: str, allowed: Iterable[str]) -> Effects:
        r = self.r
        table = raw.get(key, {})
        where = f"{path}.{key}"
        allowed = tuple(allowed)
        known = [k for k in _EFFECT_KEYS if k in allowed]
        if "tracks" in allowed:
            known += list(self.track_ids)
        if "target_tracks" in allowed:
            known += [f"target_{t}" for t in self.track_ids]
        known += [k for k in _EFFECT_TABLES if k in allowed]
        table = r.table(table, where, known)
        self._later(table, where, _EFFECT_TABLES)
        values = {name: r.check_int(value, f"{where}.{name}", -AMOUNT, AMOUNT) for name, value in table.items() if name not in _EFFECT_TABLES}
        settable = (*(self.track_ids if "tracks" in allowed else ()), *(("stability",) if "stability" in allowed else ()))
        return Effects(
            **{k: values[k] for k in _EFFECT_KEYS if k in values},
            tracks=tuple((t, values[t]) for t in self.track_ids if t in values),
            target_tracks=tuple((t, values[f"target_{t}"]) for t in self.track_ids if f"target_{t}" in values),
            sets=self._sets(table, where, settable),
            receptivity=self.partners.expand_pairs(r.int_table(table, "receptivity", where, self.partners.category_keys(), -AMOUNT, AMOUNT)),
            attitudes=r.int_table(table, "attitudes", where, self.attitude_ids, -AMOUNT, AMOUNT),
            present_tracks=r.int_table(table, "present", where, self.track_ids, -AMOUNT, AMOUNT),
        )

    def _sets(self, table: dict[str, Any], where: str, settable: tuple[str, ...]) -> tuple[tuple[str, int], ...]:
        """``set = { domestic_support = 5 }``: values set outright, each within its own bounds."""
        r = self.r
        raw = r.table(table.get("set", {}), f"{where}.set", settable)
        sets = []
        for name, value in raw.items():
            low, high = (STABILITY_MIN, STABILITY_MAX) if name == "stability" else self.track_bounds.get(name, (-99, 99))
            sets.append((name, r.check_int(value, f"{where}.set.{name}", low, high)))
        return tuple(sets)

    def _move(self, path: str, item: Any) -> MoveDef:
        r = self.r
        m = r.table(item, path, (
            "id", "name", "summary", "category", "cost", "target", "requires", "difficulty", "effects",
            "failure", "side_effects", "delayed", "fades", "conditional",
        ))  # fmt: skip
        self._later(m, path, ("fades", "conditional"))
        target = TargetKind(r.choice(m, "target", path, [k.value for k in TargetKind], "region"))
        allowed = {
            TargetKind.REGION: ("influence", "rival_influence", "spillover", "stability", "budget", "income", "tracks", "set", "receptivity", "attitudes"),
            TargetKind.FACTION: ("budget", "income", "tracks", "target_tracks", "set"),
            TargetKind.HOME: ("budget", "income", "tracks", "set"),
        }[target]
        delayed = []
        for dpath, ditem in r.array_of_tables(m, "delayed", path, limit=4):
            d = r.table(ditem, dpath, ("after", "effects"))
            delayed.append(Delayed(r.integer(d, "after", dpath, low=1, high=MAX_TURNS), self._effects(d, "effects", dpath, allowed)))
        return MoveDef(
            id=r.identifier(m, "id", path),
            name=r.text(m, "name", path),
            category=r.choice(m, "category", path, CATEGORIES),
            cost=r.integer(m, "cost", path, low=0, high=99),
            target=target,
            requires=self._requires(m, path),
            difficulty=r.integer(m, "difficulty", path, 0, 0, 20),
            effects=self._effects(m, "effects", path, allowed),
            failure=self._effects(m, "failure", path, allowed),
            side_effects=self._effects(m, "side_effects", path, allowed),
            delayed=tuple(delayed),
            summary=r.text(m, "summary", path, "", lines=True),
            fades=r.integer(m, "fades", path, 0, 0, MAX_TURNS),
            conditional=self._conditionals(m, path, allowed, ("success", "failure", "always")),
        )

    def _counted(self, names: tuple[str, ...]) -> tuple[str, ...]:
        """A card's ``of``: group names expanded to their categories; move ids and categories kept."""
        return tuple(dict.fromkeys(c for name in names for c in self.partners.groups.get(name, (name,))))

    def _conditionals(self, raw: dict[str, Any], path: str, allowed: tuple[str, ...], on: tuple[str, ...]) -> tuple[Conditional, ...]:
        """``[[...conditional]]``: ``when`` (a condition), ``effects`` and, for a move, ``on``."""
        r = self.r
        found = []
        for cpath, item in r.array_of_tables(raw, "conditional", path, limit=LIMITS["conditional"]):
            c = r.table(item, cpath, ("when", "effects", "on") if len(on) > 1 else ("when", "effects"))
            if "when" not in c:
                r.problem(f"{cpath}.when", "missing required key 'when' (a condition)")
            when = self.partners.condition(c.get("when", {}), f"{cpath}.when")
            found.append(Conditional(when, self._effects(c, "effects", cpath, allowed), r.choice(c, "on", cpath, on, on[0])))
        return tuple(found)

    def _requires(self, m: dict[str, Any], path: str) -> Requirements:
        r = self.r
        where = f"{path}.requires"
        q = r.table(m.get("requires", {}), where, (
            "min_influence", "max_influence", "min_stability", "max_stability", "blocs", "tracks", "event",
        ))  # fmt: skip
        return Requirements(
            min_influence=r.integer(q, "min_influence", where, 0, 0, 99),
            max_influence=r.integer(q, "max_influence", where, -1, 0, 99),
            min_stability=r.integer(q, "min_stability", where, STABILITY_MIN, STABILITY_MIN, STABILITY_MAX),
            max_stability=r.integer(q, "max_stability", where, STABILITY_MAX, STABILITY_MIN, STABILITY_MAX),
            blocs=r.strings(q, "blocs", where, ids=True, limit=10),
            tracks=r.int_table(q, "tracks", where, self.track_ids, -99, 99),
            event=r.choice(q, "event", where, ("", *CARD_CATEGORIES), ""),
        )

    def _card(self, path: str, item: Any) -> CardDef:
        r = self.r
        c = r.table(item, path, (
            "id", "name", "category", "text", "copies", "target", "region", "faction", "effects", "modifier",
            "countered_by", "by", "of", "count", "conditional",
        ))  # fmt: skip
        self._later(c, path, ("by", "of", "count", "conditional"))
        valid = [t.value for t in CardTarget if t.format <= self.version]
        later = [t.value for t in CardTarget if t.format > self.version]
        if c.get("target") in later:
            r.problem(f"{path}.target", f"target {c['target']!r} needs format = 2 (this file says format {self.version})")
            c = {**c, "target": "every_faction"}  # reported: read the rest as a faction card
        target = CardTarget(r.choice(c, "target", path, valid))
        region_scope = ("influence", "stability", "set", "receptivity", "attitudes", "present")
        scope: tuple[str, ...] = region_scope if target.is_region else ("budget", "income", "tracks", "set")
        if c.get("target") not in valid:  # already reported; do not guess which effects fit
            scope = (*region_scope, "budget", "income", "tracks")
        modifier = None
        if "modifier" in c:
            modifier = self._modifier(c["modifier"], f"{path}.modifier", target)
        return CardDef(
            id=r.identifier(c, "id", path),
            name=r.text(c, "name", path),
            category=r.choice(c, "category", path, CARD_CATEGORIES),
            text=r.text(c, "text", path, lines=True),
            copies=r.integer(c, "copies", path, 1, 0, 10),
            target=target,
            region=r.identifier(c, "region", path, ""),
            faction=r.identifier(c, "faction", path, ""),
            effects=self._effects(c, "effects", path, scope),
            modifier=modifier,
            countered_by=r.strings(c, "countered_by", path, ids=True, limit=10),
            by=r.choice(c, "by", path, ("budget", "income"), "budget"),
            of=self._counted(r.strings(c, "of", path, ids=True, limit=len(CATEGORIES) + LIMITS["moves"])),
            count=r.integer(c, "count", path, 1, 1, LIMITS["factions"]),
            conditional=self._conditionals(c, path, scope, ("always",)),
        )

    def _modifier(self, raw: Any, path: str, target: CardTarget) -> Modifier:
        r = self.r
        m = r.table(raw, path, ("turns", "categories", "moves", "roll", "cost", "income", "gain_divisor", "blocks", "opposition", "per_turn"))
        self._later(m, path, ("moves",))
        categories = self.partners.categories(r.strings(m, "categories", path, limit=len(CATEGORIES) + 10), f"{path}.categories")
        if "income" in m and target.is_region:
            r.problem(f"{path}.income", "an income modifier needs a card that targets factions")
        scope = ("influence", "stability") if target.is_region else ("budget", "income", "tracks")
        return Modifier(
            turns=r.integer(m, "turns", path, low=1, high=MAX_TURNS),
            categories=categories,
            moves=r.strings(m, "moves", path, ids=True, limit=LIMITS["moves"]),
            roll=r.integer(m, "roll", path, 0, -AMOUNT, AMOUNT),
            cost=r.integer(m, "cost", path, 0, -AMOUNT, AMOUNT),
            income=r.integer(m, "income", path, 0, -AMOUNT, AMOUNT),
            gain_divisor=r.integer(m, "gain_divisor", path, 1, 1, 10),
            blocks=r.boolean(m, "blocks", path, False),
            opposition=r.int_table(m, "opposition", path, self.track_ids, -AMOUNT, AMOUNT),
            per_turn=self._effects(m, "per_turn", path, scope),
        )

    def _reaction(self, path: str, item: Any) -> Reaction:
        """``[[reactions]]``: triggered by ``moves``/``categories`` (with ``on``) or by ``when``."""
        r = self.r
        x = r.table(item, path, ("id", "text", "moves", "categories", "on", "when", "region_wide", "effects", "card"))
        triggers = [k for k in ("moves", "categories", "when") if k in x]
        if not triggers:
            r.problem(path, "a reaction needs a trigger: 'moves' or 'categories' (orders), or 'when' (a condition)")
        elif "when" in triggers and len(triggers) > 1:
            r.problem(f"{path}.when", "a reaction is triggered by orders ('moves', 'categories') or by 'when', not both")
        when = self.partners.condition(x["when"], f"{path}.when") if "when" in x else None
        if "on" in x and when is not None:
            r.problem(f"{path}.on", "'on' is for reactions triggered by orders")
        if "region_wide" in x and when is None:
            r.problem(f"{path}.region_wide", "'region_wide' is for reactions triggered by 'when'")
        scope = ("influence", "stability", "budget", "income", "tracks", "set", "receptivity", "attitudes")
        return Reaction(
            id=r.identifier(x, "id", path),
            text=r.text(x, "text", path, lines=True),
            moves=r.strings(x, "moves", path, ids=True, limit=LIMITS["moves"]),
            categories=self.partners.categories(r.strings(x, "categories", path, limit=len(CATEGORIES) + 10), f"{path}.categories"),
            on=r.choice(x, "on", path, ("success", "failure", "resolved"), "success"),
            when=when,
            region_wide=r.boolean(x, "region_wide", path, False),
            effects=self._effects(x, "effects", path, scope),
            card=r.identifier(x, "card", path, ""),
        )

    def _agreement(self, path: str, item: Any) -> AgreementDef:
        """``[[agreements]]`` (rule 14): a kind of agreement, its per-turn effects for each party, how long it
        lasts, what breaks it and what breaking it costs. ``forbids`` names move categories, groups or move ids
        (a move id is checked once every move is known)."""
        r = self.r
        a = r.table(item, path, ("id", "name", "text", "turns", "proposer", "partner", "forbids", "broken"))
        forbids: list[str] = []
        for name in r.strings(a, "forbids", path, ids=True, limit=LIMITS["moves"]):
            forbids.extend(self.partners.groups.get(name, (name,)))
        own = ("budget", "tracks")
        return AgreementDef(
            id=r.identifier(a, "id", path),
            name=r.text(a, "name", path),
            text=r.text(a, "text", path, "", lines=True),
            turns=r.integer(a, "turns", path, low=1, high=MAX_AGREEMENT_TURNS),
            proposer=self._effects(a, "proposer", path, own),
            partner=self._effects(a, "partner", path, own),
            forbids=tuple(dict.fromkeys(forbids)),
            broken=self._effects(a, "broken", path, own),
        )

    def _argued(self, top: dict[str, Any]) -> ArguedRules | None:
        """``[argued]`` (rule 15): argued actions per faction a turn, their cost, the largest effect and the effect
        keys allowed (``ARGUED_EFFECTS`` and track ids; all of them when ``effects`` is left out). Absent: none."""
        if "argued" not in top:
            return None
        r = self.r
        a = r.table(top["argued"], "$.argued", ("per_turn", "cost", "max_effect", "effects"))
        vocabulary = (*ARGUED_EFFECTS, *self.track_ids)
        effects = r.strings(a, "effects", "$.argued", ids=True, limit=len(vocabulary)) if "effects" in a else vocabulary
        for index, name in enumerate(effects):
            if name not in vocabulary:
                r.problem(f"$.argued.effects[{index}]", f"{name!r} is not an effect an argued action may have{suggestion(name, vocabulary)}")
        return ArguedRules(
            per_turn=r.integer(a, "per_turn", "$.argued", 1, 1, 3),
            cost=r.integer(a, "cost", "$.argued", 1, 0, AMOUNT),
            max_effect=r.integer(a, "max_effect", "$.argued", 2, 1, AMOUNT),
            effects=tuple(dict.fromkeys(name for name in effects if name in vocabulary)),
        )

    def _scheduled(self, path: str, item: Any, turns: int) -> ScheduledCard:
        r = self.r
        s = r.table(item, path, ("turn", "card", "target"))
        return ScheduledCard(
            turn=r.integer(s, "turn", path, low=1, high=turns),
            card=r.identifier(s, "card", path),
            target=r.identifier(s, "target", path, ""),
        )

    def _scoring(self, top: dict[str, Any]) -> Scoring:
        r = self.r
        s = r.table(top.get("scoring", {}), "$.scoring", ("influence", "control", "control_min", "tracks"))
        return Scoring(
            influence=r.integer(s, "influence", "$.scoring", 1, 0, 10),
            control=r.integer(s, "control", "$.scoring", 2, 0, 20),
            control_min=r.integer(s, "control_min", "$.scoring", 3, 1, 99),
            tracks=r.int_table(s, "tracks", "$.scoring", self.track_ids, -10, 10),
        )

    def _victory(self, top: dict[str, Any]) -> Victory:
        r = self.r
        v = r.table(top.get("victory", {}), "$.victory", ("score", "collapse_track"))
        collapse = r.text(v, "collapse_track", "$.victory", DOMESTIC_SUPPORT, lines=True)  # checked against the tracks below
        if collapse and self.track_ids and collapse not in self.track_ids:
            r.problem("$.victory.collapse_track", f'{collapse!r} is not a track; expected one of: {", ".join(self.track_ids)} or ""')
        return Victory(score=r.integer(v, "score", "$.victory", 0, 0, 9999), collapse_track=collapse)


class _Checker:
    """Cross-reference and playability checks over a built scenario."""

    def __init__(self, reader: Reader, scenario: Scenario) -> None:
        self.r = reader
        self.s = scenario

    def check(self) -> None:
        s = self.s
        for key, items in (("tracks", s.tracks), ("factions", s.factions), ("regions", s.regions), ("moves", s.moves), ("cards", s.cards)):
            self._unique(key, [item.id for item in items])
        self._unique("factions", [f.letter for f in s.factions], what="letter")
        faction_ids = {f.id for f in s.factions}
        region_ids = {g.id for g in s.regions}
        for index, region in enumerate(s.regions):
            if region.id in faction_ids:
                self.r.problem(f"$.regions[{index}].id", f"{region.id!r} is already a faction id; targets share one namespace")
        move_ids = {m.id for m in s.moves}
        card_ids = {c.id for c in s.cards}
        track_ids = {t.id for t in s.tracks} | {CREDIBILITY, DOMESTIC_SUPPORT}  # a missing one is reported once, by the builder
        blocs = {b for g in s.regions for b in g.blocs}
        if s.factions and len(s.factions) < 2:
            self.r.problem("$.factions", "a scenario needs at least 2 factions")
        for index, region in enumerate(s.regions):
            path = f"$.regions[{index}]"
            for n, name in enumerate(region.neighbours):
                if name not in region_ids:
                    self.r.problem(f"{path}.neighbours[{n}]", f"unknown region {name!r}{suggestion(name, region_ids)}")
                elif name == region.id:
                    self.r.problem(f"{path}.neighbours[{n}]", "a region cannot neighbour itself")
                elif region.id not in s.region(name).neighbours and set(s.region(name).neighbours) <= region_ids:  # else its unknown name is the one mistake
                    self.r.problem(f"{path}.neighbours[{n}]", f"{name!r} does not list {region.id!r} as a neighbour; neighbours are mutual")
            for faction_id, value in region.influence:
                if value > s.max_influence:
                    self.r.problem(f"{path}.influence.{faction_id}", f"{value} is above max_influence {s.max_influence}")
        for index, faction in enumerate(s.factions):
            for o, objective in enumerate(faction.objectives):
                opath = f"$.factions[{index}].objectives[{o}]"
                if objective.region and objective.region not in region_ids:
                    self.r.problem(f"{opath}.region", f"unknown region {objective.region!r}{suggestion(objective.region, region_ids)}")
                if objective.track and objective.track not in track_ids:
                    self.r.problem(f"{opath}.track", f"unknown track {objective.track!r}{suggestion(objective.track, track_ids)}")
                if objective.bloc and objective.bloc not in blocs:
                    self.r.problem(f"{opath}.bloc", f"no region belongs to bloc {objective.bloc!r}{suggestion(objective.bloc, blocs)}")
                ceiling = self._objective_ceiling(objective)
                if ceiling is not None and objective.value > ceiling:
                    self.r.problem(f"{opath}.value", f"{objective.value} can never be reached (at most {ceiling}): the objective could never be met")
        for index, faction in enumerate(s.factions):
            path = f"$.factions[{index}]"
            if faction.budget > s.budget_cap:
                self.r.problem(f"{path}.budget", f"{faction.budget} is above budget_cap {s.budget_cap}")
            if s.victory.collapse_track and s.victory.collapse_track in dict(faction.tracks):
                floor = s.track(s.victory.collapse_track).min
                if dict(faction.tracks)[s.victory.collapse_track] <= floor:
                    self.r.problem(
                        f"{path}.tracks.{s.victory.collapse_track}",
                        f"starts at the collapse minimum {floor}: the faction would collapse at the end of turn 1",
                    )
            self._unique(f"factions[{index}].objectives", [o.id for o in faction.objectives])
        for index, region in enumerate(s.regions):
            self._unique(f"regions[{index}].neighbours", list(region.neighbours), what="neighbour", field=False)
        region_events = {c.category for c in s.cards if c.target.is_region and c.modifier is not None}
        for index, move in enumerate(s.moves):
            path = f"$.moves[{index}].requires"
            needs = move.requires
            for b, bloc in enumerate(needs.blocs):
                if bloc not in blocs:
                    self.r.problem(f"{path}.blocs[{b}]", f"no region belongs to bloc {bloc!r}")
            if needs.max_influence >= 0 and needs.min_influence > needs.max_influence:
                self.r.problem(f"{path}.min_influence", f"{needs.min_influence} is above max_influence {needs.max_influence}: the move could never be ordered")
            if needs.min_stability > needs.max_stability:
                self.r.problem(f"{path}.min_stability", f"{needs.min_stability} is above max_stability {needs.max_stability}: the move could never be ordered")
            if needs.event and needs.event not in region_events:
                self.r.problem(f"{path}.event", f"no card of category {needs.event!r} lands on a region with a modifier: the move could never be ordered")
            if move.target is not TargetKind.REGION:
                regional = [
                    k
                    for k in ("min_influence", "max_influence", "min_stability", "max_stability", "blocs", "event")
                    if getattr(needs, k) != getattr(Requirements(), k)
                ]
                for key in regional:
                    self.r.problem(f"{path}.{key}", f"a move with target {move.target.value!r} has no region, so {key!r} cannot apply")
        for index, card in enumerate(s.cards):
            path = f"$.cards[{index}]"
            if card.target in (CardTarget.REGION, CardTarget.TOP_INFLUENCE, CardTarget.PRESENT) and card.region not in region_ids:
                found = f"; found {card.region!r}{suggestion(card.region, region_ids)}" if card.region else "; found none"
                self.r.problem(f"{path}.region", f"a card with target {card.target.value!r} needs an existing region{found}")
            if card.target is card.target.FACTION and card.faction not in faction_ids:
                found = f"; found {card.faction!r}{suggestion(card.faction, faction_ids)}" if card.faction else "; found none"
                self.r.problem(f"{path}.faction", f'a card with target "faction" needs an existing faction{found}')
            for c, counter in enumerate(card.countered_by):
                if counter not in move_ids:
                    self.r.problem(f"{path}.countered_by[{c}]", f"unknown move {counter!r}{suggestion(counter, move_ids)}")
                elif (s.move(counter).target is TargetKind.REGION) != card.target.is_region:
                    where = "a region" if card.target.is_region else "factions"
                    self.r.problem(
                        f"{path}.countered_by[{c}]",
                        f"the card lands on {where} but move {counter!r} has target {s.move(counter).target.value!r}: it could never counter it",
                    )
            if card.countered_by and card.modifier is None:
                self.r.problem(f"{path}.countered_by", "only a card with a modifier can be countered")
        if s.cards and s.events_per_turn and not any(c.copies for c in s.cards):
            self.r.problem("$.cards", "events_per_turn is above 0 but no card has copies in the deck")
        for index, entry in enumerate(s.schedule):
            path = f"$.schedule[{index}]"
            if entry.card not in card_ids:
                self.r.problem(f"{path}.card", f"unknown card {entry.card!r}{suggestion(entry.card, card_ids)}")
            elif entry.target:
                card = s.card(entry.card)
                pool = region_ids if card.target.is_region else faction_ids
                if entry.target not in pool:
                    kind = "region" if card.target.is_region else "faction"
                    self.r.problem(f"{path}.target", f"card {entry.card!r} targets a {kind}; {entry.target!r} is not one")
        self._partners(faction_ids, move_ids, card_ids)
        self._playable()

    def _partners(self, faction_ids: set[str], move_ids: set[str], card_ids: set[str]) -> None:
        """Cross-references of the format 2 sections (rules 13.1-13.7)."""
        s, r = self.s, self.r
        self._unique("attitudes", [a.id for a in s.attitudes])
        self._unique("reactions", [x.id for x in s.reactions])
        self._unique("coalitions", [c.id for c in s.coalitions])
        taken = {
            item.id: kind
            for kind, items in (("track", s.tracks), ("faction", s.factions), ("region", s.regions), ("move", s.moves), ("card", s.cards))
            for item in items
        }
        named: tuple[tuple[str, tuple[str, ...]], ...] = (
            ("attitudes", tuple(a.id for a in s.attitudes)),
            ("reactions", tuple(x.id for x in s.reactions)),
            ("agreements", tuple(a.id for a in s.agreements)),
        )
        for key, ids in named:
            for index, item_id in enumerate(ids):
                if item_id in taken:
                    r.problem(f"$.{key}[{index}].id", f"{item_id!r} is already a {taken[item_id]} id; the log names both, so choose another")
                taken.setdefault(item_id, key[:-1])
        for index, faction in enumerate(s.factions):
            if faction.aim is not None:
                references(r, s, faction.aim.condition, f"$.factions[{index}].aim", subject=True, region=False)
        for index, move in enumerate(s.moves):
            for c, conditional in enumerate(move.conditional):
                where = f"$.moves[{index}].conditional[{c}].when"
                references(r, s, conditional.when, where, subject=True, region=move.target is TargetKind.REGION)
        for index, card in enumerate(s.cards):
            path = f"$.cards[{index}]"
            for c, conditional in enumerate(card.conditional):
                references(r, s, conditional.when, f"{path}.conditional[{c}].when", subject=not card.target.is_region, region=card.target.is_region)
            if card.modifier is not None:
                for m, name in enumerate(card.modifier.moves):
                    if name not in move_ids:
                        r.problem(f"{path}.modifier.moves[{m}]", f"unknown move {name!r}{suggestion(name, move_ids)}")
            if card.target is CardTarget.MOST_ORDERS and not card.of:
                r.problem(f"{path}.of", 'a card with target "most_orders" needs "of": the moves, categories or groups it counts')
            for o, name in enumerate(card.of):
                if name not in move_ids and name not in CATEGORIES:
                    r.problem(f"{path}.of[{o}]", f"{name!r} is not a move, category or group{suggestion(name, (*move_ids, *CATEGORIES))}")
        for index, reaction in enumerate(s.reactions):
            path = f"$.reactions[{index}]"
            if reaction.when is not None:
                references(r, s, reaction.when, f"{path}.when", subject=not reaction.region_wide, region=True)
            for m, name in enumerate(reaction.moves):
                if name not in move_ids:
                    r.problem(f"{path}.moves[{m}]", f"unknown move {name!r}{suggestion(name, move_ids)}")
                elif s.move(name).target is not TargetKind.REGION:
                    r.problem(f"{path}.moves[{m}]", f"move {name!r} is not aimed at a region; partners react to orders in their region")
            if reaction.card and reaction.card not in card_ids:
                r.problem(f"{path}.card", f"unknown card {reaction.card!r}{suggestion(reaction.card, card_ids)}")
            if reaction.region_wide:
                for key in _FACTION_EFFECTS:
                    if getattr(reaction.effects, key):
                        r.problem(f"{path}.effects", f"a region-wide reaction is about no faction, so its {key!r} effect could never apply")
            if reaction.when is not None:
                for leaf, where in walk(reaction.when, f"{path}.when"):
                    fixed = leaf.region or (leaf.subject if leaf.kind in ("influence", "controls") else "")
                    if fixed and fixed != TARGET:
                        r.problem(where, f'a reaction is judged in each region in turn; write "target" for the region it is judged in, not {fixed!r}')
        self._agreements(move_ids)
        members: dict[str, str] = {}
        for name, _ in s.groups:
            if name in move_ids:
                r.problem(f"$.groups.{name}", f"{name!r} is already a move id; a card's 'of' could not tell them apart")
        for index, coalition in enumerate(s.coalitions):
            path = f"$.coalitions[{index}]"
            if len(coalition.members) < 2:
                r.problem(f"{path}.members", "a coalition needs at least 2 members")
            for m, member in enumerate(coalition.members):
                if member not in faction_ids:
                    r.problem(f"{path}.members[{m}]", f"unknown faction {member!r}{suggestion(member, faction_ids)}")
                elif member in members:
                    r.problem(f"{path}.members[{m}]", f"{member!r} is already in coalition {members[member]!r}; a faction joins one coalition")
                members.setdefault(member, coalition.id)

    def _agreements(self, move_ids: set[str]) -> None:
        """Agreement kinds (rule 14): unique ids, and what ``forbids`` names is a category or a move."""
        s, r = self.s, self.r
        self._unique("agreements", [a.id for a in s.agreements])
        for index, agreement in enumerate(s.agreements):
            for f, name in enumerate(agreement.forbids):
                if name not in CATEGORIES and name not in move_ids:
                    known = (*CATEGORIES, *move_ids)
                    r.problem(f"$.agreements[{index}].forbids[{f}]", f"{name!r} is not a move, category or group{suggestion(name, known)}")

    def _objective_ceiling(self, objective: Objective) -> int | None:
        """The highest value an objective's measure can reach, when it is bounded."""
        s = self.s
        if objective.kind == "influence":
            return s.max_influence
        if objective.kind == "track" and objective.track in {t.id for t in s.tracks}:
            return s.track(objective.track).max
        if objective.kind == "bloc":
            return sum(1 for g in s.regions if objective.bloc in g.blocs)
        return None

    def _unique(self, key: str, ids: list[str], what: str = "id", field: bool = True) -> None:
        seen: set[str] = set()
        for index, item in enumerate(ids):
            if item and item in seen:
                where = f"$.{key}[{index}].{'letter' if what == 'letter' else 'id'}" if field else f"$.{key}[{index}]"
                self.r.problem(where, f"duplicate {what} {item!r}")
            seen.add(item)

    def _playable(self) -> None:
        s = self.s
        if not s.moves:
            return
        cheapest = min(m.cost for m in s.moves)
        for index, faction in enumerate(s.factions):
            reachable = s.budget_cap if faction.income > 0 else faction.budget
            if min(reachable, s.budget_cap) < cheapest:
                self.r.problem(
                    f"$.factions[{index}]",
                    f"faction {faction.id!r} can never afford any move: its budget can reach at most "
                    f"{min(reachable, s.budget_cap)} and the cheapest move costs {cheapest}",
                )


def read_extra_card(source: str, table: dict[str, Any]) -> tuple[CardDef | None, list[Problem]]:
    """Read ``table`` as one more ``[[cards]]`` entry of the scenario whose TOML is ``source``.

    The scenario is read again with the card appended to its cards, so the card
    is judged exactly as a card of the file would be (its keys, its targets,
    effects and modifier in the scenario's vocabulary, its references). Returns
    the card and no problems, or None and the problems found in the card; a
    problem's path starts with ``$.card`` (for example ``$.card.effects.budget``).
    """
    raw, syntax = parse_toml(source)
    if raw is None or syntax is not None:
        return None, [Problem("$", "the scenario's own source does not read")]
    cards = raw.get("cards")
    index = len(cards) if isinstance(cards, list) else 0
    raw["cards"] = [*(cards if isinstance(cards, list) else ()), table]
    reader = Reader(source)
    reader.characters(raw)
    scenario = _Builder(reader).scenario(raw, source)
    own = f"$.cards[{index}]"
    problems = [Problem("$.card" + p.path[len(own) :], p.message) for p in reader.problems if p.path == own or p.path.startswith((f"{own}.", f"{own}["))]
    if reader.problems:
        return None, problems or [Problem("$.card", reader.problems[0].message)]
    return scenario.cards[index], []
