"""engine.codec: every step round-trips, one set of wire names, the legacy alias, and every refusal.

Both containers spell steps through the codec: a record line is a step's
fields framed by ``t`` and ``turn``, a journal row's payload is the fields
themselves. The golden session (tests/golden/session.detente, session format
1) holds legacy ``rating`` rows: it still folds, and a copy is upgraded to
the current format by its first write without losing them.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from classroom import journal
from classroom.sessionfile import FORMAT
from classroom.store import Store
from engine import codec
from engine.inputs import (
    Adjudication,
    Argue,
    Counter,
    Directive,
    Inject,
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
from engine.record import FRAME, read_record
from players.bots import make_strategy

GOLDEN = Path(__file__).parent / "golden"
SESSION = GOLDEN / "session.detente"
FACILITATED = GOLDEN / "records" / "indo_pacific-facilitated.jsonl"
PROPERTY = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

STEPS: list[tuple[Step, str, dict[str, Any]]] = [
    (
        Submission("blue", (Order("outreach", "north", "They listen."), Order("summit"))),
        "orders",
        {
            "faction": "blue",
            "orders": [{"move": "outreach", "target": "north", "why": "They listen."}, {"move": "summit", "target": "", "why": ""}],
        },
    ),
    (Submission("red", ()), "orders", {"faction": "red", "orders": []}),
    (Inject("rumours", "west"), "inject", {"card": "rumours", "target": "west"}),
    (Inject("protests"), "inject", {"card": "protests", "target": ""}),
    (
        MadeInject({"id": "strike", "name": "Strike", "effects": {"stability": -1}}, "north"),
        "made_inject",
        {"card": {"id": "strike", "name": "Strike", "effects": {"stability": -1}}, "target": "north"},
    ),
    (Note("facilitator", "Five minutes."), "note", {"author": "facilitator", "text": "Five minutes."}),
    (Message("blue", "facilitator", "Is Red bluffing?"), "message", {"sender": "blue", "to": "facilitator", "text": "Is Red bluffing?"}),
    (
        Pact("blue", "propose", "joint_exercise", "red"),
        "agreement",
        {"faction": "blue", "act": "propose", "agreement": "joint_exercise", "other": "red"},
    ),
    (Argue("blue", 1, "A port visit.", "north"), "argue", {"faction": "blue", "number": 1, "text": "A port visit.", "target": "north"}),
    (
        Adjudication("blue", 1, 4, {"influence": 2, "stability": -1}),
        "adjudicate",
        {"faction": "blue", "number": 1, "difficulty": 4, "effects": {"influence": 2, "stability": -1}},
    ),
    (Counter("red", "blue", 1, "No."), "counter", {"faction": "red", "actor": "blue", "number": 1, "text": "No."}),
    (Rating("blue", 2, True), "rate", {"faction": "blue", "order": 2, "rating": "strong"}),
    (Rating("blue", 1, False), "rate", {"faction": "blue", "order": 1, "rating": "weak"}),
    (Rating("blue", 1, None), "rate", {"faction": "blue", "order": 1, "rating": "none"}),
    (Directive("seat", "red", "Team Lotus"), "directive", {"kind": "seat", "faction": "red", "text": "Team Lotus"}),
    (Directive("timer", "", "paused"), "directive", {"kind": "timer", "faction": "", "text": "paused"}),
    (Undo("misread card"), "undo", {"reason": "misread card"}),
    (Plan("blue", "Win the north.\nOutreach first."), "plan", {"faction": "blue", "text": "Win the north.\nOutreach first."}),
    (Reflection("red", "Too slow."), "reflection", {"faction": "red", "text": "Too slow."}),
    (Resolve(), "resolve", {}),
]


# -- round trips ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("step", "kind", "fields"), STEPS)
def test_every_kind_of_step_has_one_spelling_and_round_trips(step: Step, kind: str, fields: dict[str, Any]) -> None:
    assert codec.encode(step) == (kind, fields)
    assert list(codec.encode(step)[1]) == list(fields)  # key order: the bytes of a record depend on it
    assert codec.decode(kind, json.loads(json.dumps(fields))) == step


def test_the_kinds_are_the_records_and_every_one_is_covered() -> None:
    assert codec.KINDS == (
        "orders",
        "inject",
        "made_inject",
        "note",
        "message",
        "agreement",
        "argue",
        "adjudicate",
        "counter",
        "rate",
        "directive",
        "undo",
        "plan",
        "reflection",
        "resolve",
    )
    assert {kind for _, kind, _ in STEPS} == set(codec.KINDS)
    assert codec.LEGACY_RATING not in codec.KINDS


texts = st.text(max_size=12)
orders = st.builds(Order, texts, texts, texts)
steps = st.one_of(
    st.builds(Submission, texts, st.lists(orders, max_size=4).map(tuple)),
    st.builds(Inject, texts, texts),
    st.builds(MadeInject, st.dictionaries(texts, texts | st.integers(), max_size=4), texts),
    st.builds(Note, texts, texts),
    st.builds(Message, texts, texts, texts),
    st.builds(Pact, texts, texts, texts, texts),
    st.builds(Argue, texts, st.integers(), texts, texts),
    st.builds(Adjudication, texts, st.integers(), st.integers(), st.dictionaries(texts, st.integers(), max_size=3)),
    st.builds(Counter, texts, texts, st.integers(), texts),
    st.builds(Rating, texts, st.integers(), st.sampled_from([True, False, None])),
    st.builds(Directive, texts, texts, texts),
    st.builds(Undo, texts),
    st.builds(Plan, texts, texts),
    st.builds(Reflection, texts, texts),
    st.just(Resolve()),
)


@PROPERTY
@given(steps)
def test_any_step_survives_json(step: Step) -> None:
    kind, fields = codec.encode(step)
    assert kind in codec.KINDS
    assert codec.decode(kind, json.loads(json.dumps(fields, ensure_ascii=False))) == step


@PROPERTY
@given(steps)
def test_any_step_survives_a_journal_row(step: Step) -> None:
    if isinstance(step, Resolve):
        return  # a resolve row needs the game it resolved: the golden session covers it
    kind, faction, payload = journal.encode(step)
    assert (kind, payload) == codec.encode(step)
    author = step.author if isinstance(step, Note) and step.author != "facilitator" else ""
    assert faction == (author or getattr(step, "faction", ""))
    assert journal.decode(kind, journal.dumps(payload)) == (step, None)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)


@PROPERTY
@given(st.sampled_from([*codec.KINDS, codec.LEGACY_RATING, "teleport"]), json_values)
def test_any_json_is_a_step_or_a_value_error(kind: str, fields: Any) -> None:
    """Never a KeyError or TypeError: a step that decodes encodes back to what it came from."""
    try:
        step = codec.decode(kind, fields)
    except ValueError as exc:
        assert str(exc)
        return
    if kind != codec.LEGACY_RATING:
        assert codec.encode(step) == (kind, fields)


# -- one spelling in both containers --------------------------------------------------------------


def test_a_records_input_lines_are_the_codecs_fields_framed() -> None:
    record = read_record(FACILITATED)
    inputs = [line for _, line in record.lines if line["t"] in codec.KINDS]
    assert {line["t"] for line in inputs} == {"orders", "inject", "note", "rate", "directive", "undo"}
    for line in inputs:
        extra = ("targets",) if line["t"] == "inject" else ()
        fields = {key: value for key, value in line.items() if key not in (*FRAME, *extra)}
        assert list(line)[:2] == ["t", "turn"]
        assert codec.encode(codec.decode(line["t"], fields)) == (line["t"], fields)


def test_a_journal_resolve_row_adds_what_the_resolution_left() -> None:
    payload = '{"turn":3,"digest":"ab12","over":false}'
    assert journal.decode("resolve", payload) == (Resolve(), "ab12")


@pytest.mark.parametrize(
    "payload",
    [
        "{}",
        '{"turn":3,"digest":"ab12"}',
        '{"turn":"3","digest":"ab12","over":false}',
        '{"turn":3,"digest":null,"over":false}',
        '{"turn":3,"digest":"ab12","over":0}',
        '{"turn":3,"digest":"ab12","over":false,"seat":"blue"}',
        "[]",
        "not json",
    ],
)
def test_a_damaged_resolve_row_is_refused(payload: str) -> None:
    with pytest.raises(ValueError):
        journal.decode("resolve", payload)


# -- the legacy alias -----------------------------------------------------------------------------


@pytest.mark.parametrize("strong", [True, False, None])
def test_a_legacy_rating_row_reads_as_a_rate(strong: bool | None) -> None:
    fields = {"faction": "blue", "order": 1, "strong": strong}
    assert codec.decode(codec.LEGACY_RATING, fields) == Rating("blue", 1, strong)
    assert journal.decode("rating", json.dumps(fields)) == (Rating("blue", 1, strong), None)
    assert codec.encode(Rating("blue", 1, strong))[0] == "rate"  # read, never written


@pytest.mark.parametrize(
    ("fields", "words"),
    [
        ({"faction": "blue", "order": 1, "strong": 1}, "'strong' is true, false or null, not 1"),
        ({"faction": "blue", "order": 1, "strong": "yes"}, "'strong' is true, false or null"),
        ({"faction": "blue", "order": "1", "strong": True}, "'order' is a whole number"),
        ({"faction": "blue", "order": 1, "rating": "strong"}, "lacks 'strong'"),
    ],
)
def test_a_damaged_legacy_rating_is_refused(fields: dict[str, Any], words: str) -> None:
    with pytest.raises(ValueError, match=words):
        codec.decode(codec.LEGACY_RATING, fields)


def _journal_of(path: Path) -> tuple[int, list[tuple[int, int, str, str]]]:
    """The file's user_version and its journal rows as (world, seq, kind, payload), read without a Store."""
    raw = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        version = raw.execute("PRAGMA user_version").fetchone()[0]
        return version, raw.execute("SELECT world, seq, kind, payload FROM journal ORDER BY world, seq").fetchall()
    finally:
        raw.close()


def test_the_golden_session_of_format_1_folds_and_is_upgraded_by_its_first_write(tmp_path: Path) -> None:
    version, rows = _journal_of(SESSION)
    assert version == 1 and any(kind == "rating" for _, _, kind, _ in rows), (
        "tests/golden/session.detente is no longer a format-1 file with rating rows: keep such a file for this test"
    )
    expected = json.loads((GOLDEN / "digests.json").read_text(encoding="utf-8"))
    code = (GOLDEN / "session.code").read_text(encoding="utf-8").strip()
    path = tmp_path / "old.detente"
    shutil.copyfile(SESSION, path)
    with Store.open(path, clock=lambda: 0.0) as store:
        desk = store.facilitator(code)
        folded = {world.id: desk.game(world.id).digests for world in desk.worlds()}
        for world in desk.worlds():
            assert [folded[world.id][t] for t in sorted(folded[world.id])] == expected[f"session/{world.name}"]["digests"]
        assert store.format == 1 and _journal_of(path) == (version, rows)  # reading changes nothing
        with pytest.raises(RuntimeError), store.write():
            raise RuntimeError("a write that fails takes its upgrade back with it")
        assert store.format == 1 and _journal_of(path) == (version, rows)
        seat = store.seat(desk.new_code(1, "heartland"))
        assert store.format == FORMAT  # the new code was the first write
        game = seat.game().fork()
        choice = make_strategy("greedy").choose(game, "heartland")
        seat.submit(choice[:1])
        desk.rate(1, "heartland", 1, False)
        assert desk.game(1).rating("heartland", 1) is False
        assert {world.id: desk.game(world.id).digests for world in desk.worlds()} == folded
    upgraded, rows_now = _journal_of(path)
    assert upgraded == FORMAT
    assert set(rows) <= set(rows_now)  # every row kept as it was, legacy kinds included
    assert [row[2:] for row in rows_now if row[0] == 1][-1] == ("rate", '{"faction":"heartland","order":1,"rating":"weak"}')
    with Store.open(path) as store:
        assert store.format == FORMAT
        assert store.facilitator(code).game(1).rating("heartland", 1) is False


# -- refusals -------------------------------------------------------------------------------------

ORDER = {"move": "outreach", "target": "north", "why": ""}


@pytest.mark.parametrize(
    ("kind", "fields", "words"),
    [
        ("teleport", {}, "'teleport' is not a kind of step"),
        (None, {}, "None is not a kind of step"),
        (["orders"], {}, "is not a kind of step"),
        ("Rate", {"faction": "blue", "order": 1, "rating": "strong"}, "not a kind of step"),
        ("note", [], "a note step is a JSON object, not a list"),
        ("note", None, "a note step is a JSON object, not null"),
        ("note", "hello", "a note step is a JSON object, not the string 'hello'"),
        ("note", {"author": "facilitator"}, "a note step lacks 'text'"),
        ("note", {"author": "facilitator", "text": "hi", "seen": True}, "a note step has an unknown key 'seen'"),
        ("note", {"author": "facilitator", "text": 7}, "a note step's 'text' is a string, not the number 7"),
        ("inject", {"card": "rumours"}, "an inject step lacks 'target'"),
        ("inject", {"card": None, "target": ""}, "an inject step's 'card' is a string, not null"),
        ("directive", {"kind": "seat", "text": "x"}, "a directive step lacks 'faction'"),
        ("directive", {"kind": "seat", "faction": "red", "text": ["x"]}, "'text' is a string, not a list"),
        ("made_inject", {"card": "strike", "target": ""}, "a made_inject step's 'card' is an object (a card's table), not the string 'strike'"),
        ("made_inject", {"card": {}}, "a made_inject step lacks 'target'"),
        ("message", {"sender": "blue", "to": "red"}, "a message step lacks 'text'"),
        ("message", {"sender": "blue", "to": 3, "text": "x"}, "a message step's 'to' is a string, not the number 3"),
        ("undo", {}, "an undo step lacks 'reason'"),
        ("undo", {"reason": "x", "turn": 3}, "an undo step has an unknown key 'turn'"),
        ("resolve", {"digest": "ab"}, "a resolve step has an unknown key 'digest'"),
        ("rate", {"faction": "blue", "order": 1}, "a rate step lacks 'rating'"),
        ("rate", {"faction": "blue", "order": 1, "rating": "maybe"}, "'rating' is 'strong', 'weak' or 'none', not 'maybe'"),
        ("rate", {"faction": "blue", "order": 1, "rating": True}, "'rating' is 'strong', 'weak' or 'none', not true"),
        ("rate", {"faction": "blue", "order": 1, "rating": None}, "not null"),
        ("rate", {"faction": "blue", "order": "1", "rating": "weak"}, "a rate step's 'order' is a whole number, not the string '1'"),
        ("rate", {"faction": "blue", "order": 1.0, "rating": "weak"}, "'order' is a whole number, not the number 1.0"),
        ("rate", {"faction": "blue", "order": True, "rating": "weak"}, "'order' is a whole number, not true"),
        ("rate", {"faction": "blue", "order": 1, "strong": True}, "a rate step lacks 'rating'"),
        ("orders", {"faction": "blue"}, "an orders step lacks 'orders'"),
        ("orders", {"faction": "blue", "orders": {}}, "the orders step's orders are a list of orders, not an object"),
        ("orders", {"faction": "blue", "orders": [ORDER, "outreach"]}, "order 2 of the orders step's orders is a JSON object, not the string"),
        ("orders", {"faction": "blue", "orders": [{"move": "outreach", "target": "north"}]}, "order 1 of the orders step's orders lacks 'why'"),
        ("orders", {"faction": "blue", "orders": [{**ORDER, "cost": 3}]}, "order 1 of the orders step's orders has an unknown key 'cost'"),
        ("orders", {"faction": "blue", "orders": [{**ORDER, "move": 3}]}, "'move' is a string, not the number 3"),
        ("orders", {"faction": 1, "orders": []}, "an orders step's 'faction' is a string, not the number 1"),
        ("orders", {"orders": [], "faction": "blue", "turn": 2}, "an orders step has an unknown key 'turn'"),
    ],
)
def test_a_malformed_step_is_refused_plainly(kind: Any, fields: Any, words: str) -> None:
    with pytest.raises(ValueError) as refused:
        codec.decode(kind, fields)
    assert words in str(refused.value)


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (None, "orders are a list of orders, not null"),
        ([ORDER, ORDER, []], "order 3 of orders is a JSON object, not a list"),
        ([{"move": "outreach"}], "order 1 of orders lacks 'target', 'why'"),
    ],
)
def test_malformed_orders_are_refused(data: Any, words: str) -> None:
    with pytest.raises(ValueError, match=words):
        codec.decode_orders(data)


def test_orders_round_trip_on_their_own() -> None:
    orders = (Order("outreach", "north", "Because."), Order("summit"))
    assert codec.decode_orders(json.loads(json.dumps(codec.encode_orders(orders)))) == orders
    assert codec.decode_order(codec.encode_order(orders[1])) == orders[1]


def test_encoding_something_that_is_not_a_step_is_a_programming_error() -> None:
    with pytest.raises(TypeError):
        codec.encode(Order("outreach"))  # type: ignore[arg-type]
