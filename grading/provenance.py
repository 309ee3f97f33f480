"""Where a record comes from: its scenario against the rubric's, and its game against a classroom session's.

``scenario_difference`` names the first place where a record's embedded
scenario differs from the one a rubric grades (the bundled file, or a file
the grader gives). ``provenance_of`` says whether a record is a game of a
session (``SessionSource``, which ``classroom.witness.SessionWitness`` is):

- ``signed``: the record's signature (``engine.signature``) is the session's
  and every field of the header, every input and every resolution agrees
  with one of its worlds (a record exported before the world's game went on
  agrees with the start of it); an unsigned record that agrees in every
  field is ``signed`` too, since the session holds each of its inputs;
- ``mismatch``: the first difference, named by line and key path;
- ``self-attested``: no session was given to check it against (a solo or
  hot-seat game cannot be proven; a signed one cannot be checked without
  the session that holds its secret).

Chance outcomes, digests and the result are not compared here: the replay
that every graded record passes recomputes them from the inputs.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, Protocol

import engine.valueclass as valueclass
from engine.errors import printable
from engine.record import FORMAT_2_KINDS, Record, dump_line, text_lines
from engine.signature import SIGNED, MalformedSignature, Signature, key_id, mac_matches, signature_of
from engine.toml_reader import parse_toml

SIGNED_KIND = "signed"
SELF_ATTESTED = "self-attested"
MISMATCH = "mismatch"
KINDS = (SIGNED_KIND, SELF_ATTESTED, MISMATCH)

INPUT_KINDS = ("orders", "inject", "note", "rate", "directive", "undo", *FORMAT_2_KINDS)
"""Record lines that are inputs; with ``digest`` lines (a resolution each) they are what a session's journal holds."""
HEADER_KEYS = ("detente_record", "engine", "created", "scenario", "seed", "seats", "teams", SIGNED)
SCENARIO_KEYS = ("id", "title", "sha256")
SHOWN = 60
"""Characters of a differing value shown in a message."""


@valueclass.frozen
class Provenance:
    """Whether a record is a game of a session, and the sentence behind it."""

    kind: str
    """One of ``KINDS``."""
    detail: str = ""
    line: int = 0
    """For a mismatch found by comparing the record with the session, the record's line that differs (0 otherwise):
    the replay may find a difference too, and the earlier of the two is the one named."""


class SessionSource(Protocol):
    """A classroom session as the check reads it (``classroom.witness.SessionWitness``)."""

    @property
    def file(self) -> str:
        """The session file's name."""

    @property
    def created(self) -> str:
        """The session's creation time: what its exports' headers say."""

    @property
    def engine(self) -> str:
        """The engine version that made the session."""

    @property
    def scenario_sha256(self) -> str:
        """The hash of the session's scenario source."""

    @property
    def scenario_title(self) -> str:
        """The session's scenario's title."""

    @property
    def scenario_source(self) -> str:
        """The session's scenario, as TOML."""

    @property
    def secret(self) -> bytes | None:
        """The secret the session signs its exports with; None if it never signed one."""

    @property
    def worlds(self) -> Mapping[int, tuple[str, int, Mapping[str, str]]]:
        """World id → (name, seed, seats as a record's header spells them)."""

    @property
    def teams(self) -> Mapping[int, Mapping[str, str]]:
        """World id → the team name of each faction a team plays, as its exports' headers say."""

    def inputs(self, world: int) -> tuple[dict[str, Any], ...]:
        """World ``world``'s inputs and resolutions as record lines without ``turn`` (an inject without ``targets``)."""


# -- the scenario -------------------------------------------------------------------------------


def scenario_difference(expected: str, actual: str, whose: str = "the rubric's scenario") -> str:
    """Where scenario TOML ``actual`` first differs from ``expected`` (``whose`` it is):
    ``$.factions[0].budget: 20 where the rubric's scenario has 12``."""
    mine, _ = parse_toml(expected)
    theirs, _ = parse_toml(actual)
    found = first_difference(theirs, mine)
    if found is None:
        return "the same tables and values written differently"
    path, value, wanted = found
    return f"{path}: {_shown(value)} where {whose} has {_shown(wanted)}"


# -- the session --------------------------------------------------------------------------------


def provenance_of(text: str, record: Record, session: SessionSource | None) -> Provenance:
    """The provenance of ``record``, read from ``text``, checked against ``session``.

    Chance outcomes and digests are the replay's to check: a record whose
    replay fails may still agree with the session in every field compared."""
    lines = text_lines(text)
    header = json.loads(lines[0])
    try:
        signature = signature_of(header)
    except MalformedSignature as exc:
        return Provenance(MISMATCH, f"line 1: {exc.path}: {exc}", 1)
    if session is None:
        if signature is None:
            return Provenance(SELF_ATTESTED, "no session given to check it against")
        return Provenance(SELF_ATTESTED, f"signed by session {signature.session} (world {signature.world}); give --session to check the signature")
    shown_session = printable(session.file)
    difference = _header_keys(header)
    if difference:
        return Provenance(MISMATCH, difference, 1)
    if signature is not None:
        if session.secret is None or signature.session != key_id(session.secret):
            return Provenance(MISMATCH, f"line 1: $.{SIGNED}.session: signed by another session ({printable(signature.session)}), not by {shown_session}", 1)
        if signature.world not in session.worlds:
            return Provenance(MISMATCH, f"line 1: $.{SIGNED}.world: {shown_session} has no world {signature.world}", 1)
        candidates = [signature.world]
    else:
        candidates = [world for world, (_, seed, _) in session.worlds.items() if seed == record.header.seed]
        if not candidates:
            seeds = ", ".join(str(seed) for _, seed, _ in list(session.worlds.values())[:10])
            return Provenance(MISMATCH, f"line 1: $.seed: no world of {shown_session} has seed {record.header.seed} (its seeds: {seeds})", 1)
    if signature is not None and mac_matches(text, session.secret or b""):
        name = _world_name(session, signature.world)
        found = _difference(record, header, session, signature.world)
        if found is None:
            return Provenance(SIGNED_KIND, f"world {name}")
        return Provenance(SIGNED_KIND, f"world {name}; the session has changed since this export: {found[1]}")
    first: tuple[int, str] | None = None
    for world in candidates:
        found = _difference(record, header, session, world)
        if found is None:
            return _unchanged(lines, header, signature, session, world)
        if first is None or found[0] > first[0]:
            first = found
    if signature is not None:
        for world, (_, seed, _) in session.worlds.items():
            if world != signature.world and seed == record.header.seed and _difference(record, header, session, world) is None:
                where = f"the record is the game of world {_world_name(session, world)}, not of world {signature.world}"
                return Provenance(MISMATCH, f"line 1: $.{SIGNED}.world: {where}", 1)
    assert first is not None
    return Provenance(MISMATCH, first[1], first[0])


def _unchanged(lines: list[str], header: dict[str, Any], signature: Signature | None, session: SessionSource, world: int) -> Provenance:
    """The provenance of a record that agrees with ``world`` in every field compared, its signature (if any) not
    matching: an unsigned record is the session's game; a signed one had a field changed that only the signature
    covers (or a chance outcome, which the replay names)."""
    if signature is None:
        return Provenance(
            SIGNED_KIND, f"world {_world_name(session, world)}: not signed (an export of an earlier version), but every input agrees with the session"
        )
    for number, line in enumerate(lines[:-2], start=1):
        if dump_line(json.loads(line)) != line:
            return Provenance(MISMATCH, f"line {number}: rewritten since export (its spacing or key order), so the signature no longer matches")
    if header.get("engine") != session.engine:
        return Provenance(MISMATCH, f"line 1: $.engine: changed since export to {_shown(header.get('engine'))}, so the signature no longer matches")
    return Provenance(MISMATCH, f"line 1: $.{SIGNED}.mac: the signature does not match the record (it was changed after export)")


def _world_name(session: SessionSource, world: int) -> str:
    return f"'{printable(session.worlds[world][0])}'"


def _header_keys(header: dict[str, Any]) -> str | None:
    for key in header:
        if key not in HEADER_KEYS:
            return f"line 1: $.{printable(key)}: not a key Détente writes"
    scenario = header.get("scenario")
    for key in scenario if isinstance(scenario, dict) else ():
        if key not in SCENARIO_KEYS:
            return f"line 1: $.scenario.{printable(key)}: not a key Détente writes"
    return None


def _difference(record: Record, header: dict[str, Any], session: SessionSource, world: int) -> tuple[int, str] | None:
    """The first place where ``record`` differs from ``world`` of ``session``: (line number, message); None if nowhere."""
    name, seed, seats = session.worlds[world]
    where = f"world '{printable(name)}' of the session"
    if record.header.scenario_sha256 != session.scenario_sha256:
        difference = scenario_difference(session.scenario_source, record.scenario.source, "the session's scenario")
        return 2, f"line 2: the embedded scenario is not the session's: {difference}"
    compared: tuple[tuple[str, Any, Any], ...] = (
        ("$.scenario.title", record.scenario.title, session.scenario_title),
        ("$.seed", record.header.seed, seed),
        ("$.seats", dict(record.header.seats), dict(seats)),
        ("$.created", record.header.created, session.created),
    )
    if record.header.teams:  # names are labels: a record without them is compared without them (a signature covers a dropped one)
        compared += (("$.teams", dict(record.header.teams), dict(session.teams.get(world, {}))),)
    for path, value, wanted in compared:
        found = first_difference(value, wanted, path)
        if found:
            return 1, f"line 1: {found[0]}: the record has {_shown(found[1])}, {where} has {_shown(found[2])}"
    expected = session.inputs(world)
    index = 0
    for number, line in record.lines:
        kind = line.get("t")
        if kind != "digest" and kind not in INPUT_KINDS:
            continue
        turn = line.get("turn")
        if index >= len(expected):
            return number, f"line {number}: turn {turn}: the record has {_a(kind)} line after the last of {where} ({len(expected)} inputs and resolutions)"
        mine = {key: value for key, value in line.items() if key != "turn" and not (kind in ("inject", "made_inject") and key == "targets")}
        found = first_difference(mine, expected[index])
        index += 1
        if found:
            path, value, wanted = found
            if path == "$.t":
                return number, f"line {number}: turn {turn}: the record has {_a(kind)} line where {where} has {_a(wanted)}"
            return number, f"line {number}: turn {turn}: {kind} {path}: the record has {_shown(value)}, {where} has {_shown(wanted)}"
    return None


def first_difference(value: Any, wanted: Any, path: str = "$") -> tuple[str, Any, Any] | None:
    """The first key path where ``value`` differs from ``wanted`` (tables key by key in ``wanted``'s order, then
    keys only ``value`` has; lists item by item), with the two values there; None when they are equal."""
    if _same(value, wanted):  # the usual case, told without naming a path
        return None
    if isinstance(value, dict) and isinstance(wanted, dict):
        for key in [*wanted, *(key for key in value if key not in wanted)]:
            if key not in value or key not in wanted:
                return f"{path}.{printable(str(key))}", value.get(key, "(missing)"), wanted.get(key, "(missing)")
            found = first_difference(value[key], wanted[key], f"{path}.{printable(str(key))}")
            if found:
                return found
        return None
    if isinstance(value, list) and isinstance(wanted, list):
        for index, (mine, theirs) in enumerate(zip(value, wanted)):
            found = first_difference(mine, theirs, f"{path}[{index}]")
            if found:
                return found
        if len(value) != len(wanted):
            index = min(len(value), len(wanted))
            return f"{path}[{index}]", value[index] if index < len(value) else "(missing)", wanted[index] if index < len(wanted) else "(missing)"
        return None
    if value != wanted or type(value) is not type(wanted):
        return path, value, wanted
    return None


def _same(value: Any, wanted: Any) -> bool:
    """True when ``first_difference`` would find nothing: the same JSON value, of the same types all through.
    False may also mean values it tells equal (a ``dict`` against a subclass of it): it then looks key by key."""
    kind = type(value)
    if kind is not type(wanted):
        return False
    if kind is dict:
        return len(value) == len(wanted) and all(key in wanted and _same(item, wanted[key]) for key, item in value.items())
    if kind is list:
        return len(value) == len(wanted) and all(_same(mine, theirs) for mine, theirs in zip(value, wanted))
    return not isinstance(value, (dict, list)) and bool(value == wanted)


def _shown(value: Any) -> str:
    text = value if value == "(missing)" else json.dumps(value, ensure_ascii=False)
    text = printable(text, flatten=True)
    return text if len(text) <= SHOWN else f"{text[: SHOWN - 1]}…"


def _a(kind: Any) -> str:
    """``an orders``, ``a rate``, ``a digest (a resolution)``."""
    text = "digest (resolution)" if kind == "digest" else printable(str(kind))
    return f"{'an' if text[0] in 'aeiou' else 'a'} {text}"
