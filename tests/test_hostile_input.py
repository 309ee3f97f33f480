"""Hostile input, tested with hypothesis: whatever arrives, the loaders answer with a
located, readable error or a valid object, the engine keeps its invariants, and
replay detects every modified record.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from test_determinism import invariants_hold
from tomlgen import dumps

from engine import Game, RecordError, ScenarioError, load_scenario_text
from engine.model import CARD_CATEGORIES, CATEGORIES, CardTarget
from engine.record import parse_record, record_lines, replay
from players.autoplay import autoplay
from players.bots import RandomBot
from players.orders_file import OrdersFileError, load_orders_file

MINI = (Path(__file__).parent / "scenarios" / "mini.toml").read_text(encoding="utf-8")
PARTNERS = (Path(__file__).parent / "rules" / "scenarios" / "partners.toml").read_text(encoding="utf-8")
AIMS = (Path(__file__).parent / "rules" / "scenarios" / "aims.toml").read_text(encoding="utf-8")
EXAMPLES = int(os.environ.get("DETENTE_EXAMPLES", "150"))
"""Cases per property; ``DETENTE_EXAMPLES=5000 pytest tests/test_hostile_input.py`` hunts deeper."""
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def located(error: ScenarioError) -> None:
    """Every problem names the file and says something; a key path or a line where it can."""
    assert error.problems
    for problem in error.problems:
        assert problem.message
        assert str(error).startswith(error.file)


# -- scenario text -------------------------------------------------------------------------------


@SETTINGS
@given(st.binary(max_size=2000))
def test_random_bytes_are_refused_with_a_readable_error(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("bytes") / "s.toml"
    path.write_bytes(data)
    try:
        from engine import load_scenario_file

        load_scenario_file(path)
    except ScenarioError as error:
        located(error)


@SETTINGS
@given(st.text(max_size=2000))
def test_random_text_is_refused_with_a_readable_error(text):
    try:
        load_scenario_text(text, "random.toml")
    except ScenarioError as error:
        located(error)


_SCALARS = st.one_of(st.integers(-(10**6), 10**6), st.text(max_size=30), st.booleans(), st.floats(allow_nan=False, allow_infinity=False))
_VALUES = st.recursive(_SCALARS, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(min_size=1, max_size=8), inner, max_size=4), max_leaves=12)


@SETTINGS
@given(
    st.dictionaries(
        st.sampled_from(["id", "title", "turns", "factions", "regions", "moves", "cards", "tracks", "x", "format", "victory", "scoring"]), _VALUES, max_size=8
    )
)
def test_random_toml_documents_are_refused_with_located_errors(document):
    try:
        load_scenario_text(dumps(document), "doc.toml")
    except ScenarioError as error:
        located(error)


@st.composite
def mutated_mini(draw, source: str = MINI) -> str:
    """The mini scenario (or ``source``) with a few lines deleted, duplicated, swapped or given random values."""
    lines = source.splitlines()
    for _ in range(draw(st.integers(1, 4))):
        index = draw(st.integers(0, len(lines) - 1))
        operation = draw(st.sampled_from(["delete", "duplicate", "swap", "value", "key"]))
        if operation == "delete":
            del lines[index]
        elif operation == "duplicate":
            lines.insert(index, lines[index])
        elif operation == "swap":
            other = draw(st.integers(0, len(lines) - 1))
            lines[index], lines[other] = lines[other], lines[index]
        elif operation == "value" and "=" in lines[index]:
            key = lines[index].split("=", 1)[0]
            lines[index] = f"{key}= {json.dumps(draw(_SCALARS)) if not isinstance(draw(_SCALARS), bool) else 'true'}"
        elif operation == "key":
            lines.insert(index, f"{draw(st.from_regex(r'[a-z_]{1,10}', fullmatch=True))} = {draw(st.integers(-5, 50))}")
        if not lines:
            break
    return "\n".join(lines) + "\n"


@SETTINGS
@given(st.sampled_from([MINI, PARTNERS, AIMS]).flatmap(mutated_mini), st.integers(0, 2**32))
def test_mutated_scenarios_are_refused_or_play_within_the_rules(text, seed):
    """The mini scenario and the two format 2 fixtures, mutated line by line."""
    try:
        scenario = load_scenario_text(text, "mutated.toml")
    except ScenarioError as error:
        located(error)
        return
    game = autoplay(Game(scenario, seed), {f.id: RandomBot() for f in scenario.factions})
    invariants_hold(game)


# -- generated valid scenarios --------------------------------------------------------------------------


@st.composite
def scenarios(draw) -> str:
    """A random scenario that is valid by construction: every kind of move, card and modifier."""
    ids = lambda prefix, n: [f"{prefix}{i}" for i in range(n)]  # noqa: E731
    factions = ids("f", draw(st.integers(2, 4)))
    regions = ids("r", draw(st.integers(2, 6)))
    blocs = ["b0", "b1"]
    edges = draw(st.sets(st.tuples(st.sampled_from(regions), st.sampled_from(regions)).filter(lambda e: e[0] < e[1]), max_size=6))
    neighbours = {r: sorted({b for a, b in edges if a == r} | {a for a, b in edges if b == r}) for r in regions}
    small = st.integers(-3, 3)
    region_keys = ["influence", "rival_influence", "spillover", "stability", "budget", "income", "credibility", "domestic_support"]
    moves = []
    for index in range(draw(st.integers(1, 6))):
        target = draw(st.sampled_from(["region", "home", "faction"]))
        keys = {
            "region": region_keys,
            "home": ["budget", "income", "credibility", "domestic_support"],
            "faction": ["budget", "credibility", "target_credibility", "target_domestic_support"],
        }[target]
        effect = lambda: draw(st.dictionaries(st.sampled_from(keys), small, max_size=3))  # noqa: E731, B023 - called at once, inside the loop
        move = {
            "id": f"m{index}",
            "name": f"Move {index}",
            "category": draw(st.sampled_from(CATEGORIES)),
            "cost": draw(st.integers(0, 5)),
            "target": target,
            "difficulty": draw(st.integers(0, 7)),
            "effects": effect(),
            "failure": effect(),
            "side_effects": effect(),
        }
        if target == "region" and draw(st.booleans()):
            move["requires"] = {"min_influence": draw(st.integers(0, 2)), "blocs": draw(st.lists(st.sampled_from(blocs), max_size=1, unique=True))}
            if move["requires"]["blocs"] and not any(True for _ in regions):
                del move["requires"]["blocs"]
        moves.append(move)
    region_rows = []
    used_blocs = set()
    for region in regions:
        region_blocs = draw(st.lists(st.sampled_from(blocs), max_size=2, unique=True))
        used_blocs |= set(region_blocs)
        region_rows.append(
            {
                "id": region,
                "name": region.upper(),
                "stability": draw(st.integers(0, 5)),
                "blocs": region_blocs,
                "neighbours": neighbours[region],
                "influence": draw(st.dictionaries(st.sampled_from(factions), st.integers(0, 6), max_size=len(factions))),
                "receptivity": draw(st.dictionaries(st.sampled_from(CATEGORIES), st.integers(-2, 2), max_size=3)),
            }
        )
    for move in moves:
        requires = move.get("requires", {})
        requires["blocs"] = [b for b in requires.get("blocs", []) if b in used_blocs]
    cards = []
    for index in range(draw(st.integers(1, 6))):
        rule = draw(st.sampled_from([t.value for t in CardTarget if t.format == 1]))
        region_card = CardTarget(rule).is_region
        scope = ["influence", "stability"] if region_card else ["budget", "income", "credibility", "domestic_support"]
        card = {
            "id": f"c{index}",
            "name": f"Card {index}",
            "category": draw(st.sampled_from(CARD_CATEGORIES)),
            "text": "Something happens.",
            "copies": draw(st.integers(1 if index == 0 else 0, 3)),
            "target": rule,
            "effects": draw(st.dictionaries(st.sampled_from(scope), small, max_size=2)),
        }
        if rule == "region":
            card["region"] = draw(st.sampled_from(regions))
        if rule == "faction":
            card["faction"] = draw(st.sampled_from(factions))
        if draw(st.booleans()):
            modifier = {
                "turns": draw(st.integers(1, 3)),
                "roll": draw(small),
                "cost": draw(small),
                "gain_divisor": draw(st.integers(1, 3)),
                "blocks": draw(st.booleans()),
                "categories": draw(st.lists(st.sampled_from(CATEGORIES), max_size=2, unique=True)),
                "opposition": draw(st.dictionaries(st.sampled_from(["credibility", "domestic_support"]), small, max_size=1)),
                "per_turn": draw(st.dictionaries(st.sampled_from(scope), small, max_size=1)),
            }
            if not region_card:
                modifier["income"] = draw(small)
            card["modifier"] = modifier
            counters = [m["id"] for m in moves if (m["target"] == "region") == region_card]
            card["countered_by"] = draw(st.lists(st.sampled_from(counters), max_size=2, unique=True)) if counters else []
        cards.append(card)
    turns = draw(st.integers(1, 8))
    document = {
        "format": 1,
        "id": "generated",
        "title": "Generated",
        "turns": turns,
        "orders_per_turn": draw(st.integers(1, 4)),
        "events_per_turn": draw(st.integers(0, 2)),
        "max_influence": draw(st.integers(6, 12)),
        "budget_cap": draw(st.integers(10, 30)),
        "tracks": [
            {"id": "credibility", "name": "Credibility", "min": 0, "max": 10},
            {"id": "domestic_support", "name": "Domestic support", "min": 0, "max": 10},
        ],
        "factions": [
            {
                "id": f,
                "name": f.upper(),
                "letter": "ABCD"[i],
                "budget": draw(st.integers(0, 10)),
                "income": draw(st.integers(1, 6)),
                "tracks": {"credibility": draw(st.integers(0, 10)), "domestic_support": draw(st.integers(1, 10))},
            }
            for i, f in enumerate(factions)
        ],
        "regions": region_rows,
        "moves": moves,
        "cards": cards,
        "schedule": [{"turn": draw(st.integers(1, turns)), "card": draw(st.sampled_from([c["id"] for c in cards]))} for _ in range(draw(st.integers(0, 2)))],
        "victory": {"score": draw(st.sampled_from([0, 30, 60]))},
    }
    if not document["schedule"]:
        del document["schedule"]
    if draw(st.booleans()):
        format_2(draw, document)
    return dumps(document)


_LEAF_CONDITIONS = st.one_of(
    st.builds(lambda t, n: {"track": t, "at_least": n}, st.sampled_from(["credibility", "domestic_support"]), st.integers(0, 10)),
    st.builds(lambda r, n: {"influence": r, "at_least": n}, st.sampled_from(["r0", "r1"]), st.integers(0, 6)),
    st.builds(lambda r: {"controls": r}, st.sampled_from(["r0", "r1"])),
    st.builds(lambda n: {"from_turn": n}, st.integers(1, 8)),
    st.builds(lambda n: {"until_turn": n}, st.integers(1, 8)),
    st.builds(lambda c: {"event": c}, st.sampled_from(CARD_CATEGORIES)),
    st.builds(lambda f: {"collapsed": f}, st.sampled_from(["f0", "f1"])),
    st.builds(lambda f, n: {"score": f, "at_least": n}, st.sampled_from(["self", "f0", "f1"]), st.integers(0, 40)),
)


def _conditions(depth: int = 3) -> st.SearchStrategy[dict]:
    """Conditions nested at most ``depth`` deep (the format allows 4)."""
    if not depth:
        return _LEAF_CONDITIONS
    inner = _conditions(depth - 1)
    return st.one_of(
        _LEAF_CONDITIONS,
        st.builds(lambda parts: {"all": parts}, st.lists(inner, min_size=1, max_size=3)),
        st.builds(lambda parts: {"any": parts}, st.lists(inner, min_size=1, max_size=3)),
        st.builds(lambda part: {"not": part}, inner),
    )


_CONDITIONS = _conditions()
"""Conditions about a faction that hold or not anywhere (aims and order-conditional effects)."""


def format_2(draw, document: dict) -> None:
    """Turn a generated format 1 scenario into format 2 with every mechanism of rule 13."""
    small = st.integers(-3, 3)
    factions = [f["id"] for f in document["factions"]]
    regions = [r["id"] for r in document["regions"]]
    document["format"] = 2
    document["groups"] = {"military": ["arms_sale", "exercise"]}
    document["attitudes"] = [{"id": "goodwill", "name": "Goodwill", "min": 0, "max": 5}, {"id": "dependency", "name": "Dependency", "min": -2, "max": 4}]
    document["hedging"] = {"margin": draw(st.integers(0, 5))}
    if draw(st.booleans()):
        document["credibility_rolls"] = [{"from": 0, "modifier": draw(small)}, {"from": draw(st.integers(1, 9)), "modifier": draw(small)}]
    for faction in document["factions"]:
        if draw(st.booleans()):
            faction["aim"] = {"text": "An aim.", "final": draw(st.booleans()), **draw(_CONDITIONS)}
    if len(factions) > 2 and draw(st.booleans()):
        document["coalitions"] = [{"id": "pact", "name": "Pact", "members": factions[:2]}]
    for move in document["moves"]:
        if move["target"] == "region":
            move["fades"] = draw(st.integers(0, 3))
            move["effects"]["attitudes"] = draw(st.dictionaries(st.sampled_from(["goodwill", "dependency"]), small, max_size=2))
            move["effects"]["receptivity"] = draw(st.dictionaries(st.sampled_from([*CATEGORIES, "military"]), small, max_size=2))
        move["effects"]["set"] = draw(st.dictionaries(st.sampled_from(["credibility", "domestic_support"]), st.integers(0, 10), max_size=1))
        move["conditional"] = [{"when": draw(_CONDITIONS), "effects": {"budget": draw(small)}, "on": draw(st.sampled_from(["success", "failure", "always"]))}]
    cards = document["cards"]
    region_effects = st.fixed_dictionaries(
        {},
        optional={
            "present": st.dictionaries(st.sampled_from(["credibility", "domestic_support"]), small, max_size=1),
            "attitudes": st.dictionaries(st.sampled_from(["goodwill", "dependency"]), small, max_size=1),
            "receptivity": st.dictionaries(st.sampled_from(["military", "training"]), small, max_size=1),
            "set": st.fixed_dictionaries({"stability": st.integers(0, 5)}),
        },
    )
    for index, rule in enumerate(["richest", "poorest", "most_orders", "top_influence", "present", "region"]):
        card = {
            "id": f"g{index}",
            "name": f"Card g{index}",
            "category": draw(st.sampled_from(CARD_CATEGORIES)),
            "text": "A twist.",
            "copies": draw(st.integers(0, 2)),
            "target": rule,
        }
        if rule in ("top_influence", "present", "region"):
            card["region"] = draw(st.sampled_from(regions))
        if rule == "most_orders":
            card["of"] = draw(st.lists(st.sampled_from([*CATEGORIES, "military"]), min_size=1, max_size=2, unique=True))
        if rule == "top_influence":
            card["count"] = draw(st.integers(1, 3))
        if rule in ("richest", "poorest"):
            card["by"] = draw(st.sampled_from(["budget", "income"]))
        if rule == "region":
            card["effects"] = draw(region_effects)
        else:
            card["effects"] = {"set": draw(st.dictionaries(st.sampled_from(["domestic_support"]), st.integers(1, 10), max_size=1)), "credibility": draw(small)}
            card["conditional"] = [{"when": draw(_CONDITIONS), "effects": {"budget": draw(small)}}]
        cards.append(card)
    document["reactions"] = [
        {"id": "x_orders", "text": "Orders remembered.", "categories": ["military"], "on": draw(st.sampled_from(["success", "failure", "resolved"])),
         "effects": {"attitudes": {"dependency": 1}, "receptivity": {"exercise": -1}, "credibility": draw(small)}},
        {"id": "x_threshold", "text": "A threshold crossed.", "when": {"attitude": "dependency", "at_least": draw(st.integers(0, 4))},
         "card": draw(st.sampled_from([c["id"] for c in cards])), "effects": {"influence": draw(small), "set": {"stability": draw(st.integers(0, 5))}}},
        {"id": "x_region", "text": "The region stirs.", "when": {"stability": "target", "at_most": draw(st.integers(0, 5))}, "region_wide": True,
         "effects": {"stability": draw(small), "receptivity": {"training": draw(small)}}},
    ]  # fmt: skip


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios(), st.integers(0, 2**40), st.data())
def test_generated_scenarios_load_play_within_the_rules_and_replay(text, seed, data):
    scenario = load_scenario_text(text, "generated.toml")
    game = Game(scenario, seed)
    while not game.is_over:
        for faction in game.factions:
            game.submit(faction, RandomBot().choose(game, faction))
        if data.draw(st.booleans(), label="inject"):
            card = data.draw(st.sampled_from(scenario.cards), label="card")
            game.inject(card.id)
        game.resolve()
        invariants_hold(game)
    result = replay(parse_record("\n".join(record_lines(game, {}, "t")) + "\n"))
    assert result.verified, result.mismatch


# -- records ------------------------------------------------------------------------------------


def _record(seed: int = 3) -> bytes:
    scenario = load_scenario_text(MINI, "mini.toml")
    game = autoplay(Game(scenario, seed), {f.id: RandomBot() for f in scenario.factions})
    return ("\n".join(record_lines(game, {}, "2026-01-01T00:00:00Z")) + "\n").encode("utf-8")


RECORD = _record()


def _detected(data: bytes) -> bool:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return True
    try:
        return not replay(parse_record(text, "x.jsonl")).verified
    except RecordError:
        return True


@SETTINGS
@given(st.integers(0, len(RECORD) - 1), st.integers(1, 255))
def test_every_byte_flip_is_detected(position, flip):
    data = bytearray(RECORD)
    data[position] ^= flip
    assert _detected(bytes(data))


@SETTINGS
@given(st.integers(0, len(RECORD) - 1), st.integers(1, 64))
def test_every_deletion_is_detected(start, length):
    assert _detected(RECORD[:start] + RECORD[start + length :])


@SETTINGS
@given(st.integers(0, len(RECORD) - 1))
def test_every_truncation_is_detected(cut):
    assert _detected(RECORD[:cut])


@SETTINGS
@given(st.integers(0, len(RECORD)), st.binary(min_size=1, max_size=16))
def test_every_insertion_is_detected(position, extra):
    data = RECORD[:position] + extra + RECORD[position:]
    assume(data.replace(b"\xef\xbb\xbf", b"", 1) != RECORD)  # a leading byte-order mark is not a change
    assert _detected(data)


def test_a_whole_file_saved_with_windows_line_endings_still_verifies():
    assert not _detected(RECORD.replace(b"\n", b"\r\n"))
    assert _detected(RECORD.replace(b"\n", b"\r\n", 1))  # one line alone: an edit


# -- orders files ---------------------------------------------------------------------------------


@SETTINGS
@given(st.binary(max_size=500))
def test_random_orders_files_are_refused_with_a_readable_error(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("orders") / "o.toml"
    path.write_bytes(data)
    try:
        load_orders_file(path)
    except OrdersFileError as error:
        located(error)


# -- limits ---------------------------------------------------------------------------------------


def test_a_50_megabyte_scenario_is_refused_without_being_read(tmp_path, monkeypatch):
    path = tmp_path / "huge.toml"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    from engine import load_scenario_file

    monkeypatch.setattr(os, "read", lambda *args: pytest.fail("the file was read"))
    with pytest.raises(ScenarioError, match="52428800 bytes; a scenario file is at most 1000000"):
        load_scenario_file(path)
    monkeypatch.undo()


def test_a_50_megabyte_record_is_refused_without_being_read(tmp_path, monkeypatch):
    from engine.record import read_record

    path = tmp_path / "huge.jsonl"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    monkeypatch.setattr(os, "read", lambda *args: pytest.fail("the file was read"))
    with pytest.raises(RecordError, match="records are at most 20000000"):
        read_record(path)
    monkeypatch.undo()


@pytest.mark.parametrize("depth", [100, 1000, 100_000])
def test_deeply_nested_documents_are_refused(depth):
    text = "x = " + "[" * depth + "1" + "]" * depth + "\n"
    with pytest.raises(ScenarioError):
        load_scenario_text(text, "nested.toml")
    record = RECORD.decode().split("\n")
    record[2] = "[" * depth + "]" * depth
    with pytest.raises(RecordError):
        parse_record("\n".join(record), "nested.jsonl")


def test_scenario_files_are_data_only_with_no_includes_or_paths():
    text = MINI.replace('title = "Mini"', 'title = "Mini"\ninclude = "../../etc/passwd"')
    with pytest.raises(ScenarioError, match="unknown key 'include'"):
        load_scenario_text(text, "include.toml")


@pytest.mark.parametrize(
    ("old", "new", "words"),
    [
        ('title = "Mini"', 'title = "' + "x" * 2001 + '"', "at most 2000 are allowed"),
        ("turns = 4", "turns = 51", "expected an integer from 1 to 50"),
        ("orders_per_turn = 2", "orders_per_turn = 7", "expected an integer from 1 to 6"),
    ],
)
def test_caps_on_strings_turns_and_orders(old, new, words):
    with pytest.raises(ScenarioError, match=words):
        load_scenario_text(MINI.replace(old, new), "capped.toml")


def test_caps_on_the_number_of_factions_regions_moves_and_cards():
    extra = "".join(f'\n[[cards]]\nid = "k{i}"\nname = "K"\ncategory = "crisis"\ntext = "t"\ntarget = "random_region"\n' for i in range(201))
    with pytest.raises(ScenarioError, match=r"\$.cards: 204 entries; at most 200 are allowed"):
        load_scenario_text(MINI + extra, "many.toml")
