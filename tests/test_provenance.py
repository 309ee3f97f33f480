"""Provenance: signed classroom exports, ``detente verify`` and ``grade --session``, and the forgeries they catch.

A session of the mini scenario with two worlds on the same seed is played by
its seats and facilitator (justifications, ratings, an inject, a note, a
directive, an undo) and exported; then each forgery of issue 14 and every
single-field edit of a signed export is made, its end line recomputed as a
forger would, and must be caught with the first differing line named.
"""

from __future__ import annotations

import json
import shutil
from collections import OrderedDict
from pathlib import Path

import pytest

from classroom.store import Store
from classroom.values import Settings, WorldSpec
from classroom.witness import SessionWitness
from detente.cli import main
from engine import Game, valueclass
from engine.catalog import load_bundled
from engine.inputs import Rating
from engine.record import end_line, read_record, replay, write_record
from engine.scenario_loader import load_scenario_text
from grading.grades import grade_file, verify_file
from grading.provenance import MISMATCH, SELF_ATTESTED, SIGNED_KIND, first_difference
from grading.rubric import find_rubric
from players.bots import STRATEGIES

CREATED = "2026-03-02T09:15:00Z"
GOLDEN = Path(__file__).parent / "golden"


def resealed(lines: list[str]) -> str:
    """Record text with its end line recomputed, as anyone can."""
    body = lines[:-1]
    return "\n".join([*body, end_line(body)]) + "\n"


def record_lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").split("\n")[:-1]


@pytest.fixture(scope="module")
def session(tmp_path_factory, mini):
    """(session file, world 1 export, world 2 export): two worlds on seed 5, played to turn 3 with an undo."""
    folder = tmp_path_factory.mktemp("session")
    worlds = [WorldSpec(name, seed=5) for name in ("Monday", "Tuesday")]
    new = Store.create(
        folder / "class.detente", mini, created=CREATED, worlds=worlds, players={"green": "random"}, settings=Settings(resolve_when_all_in=False)
    )
    with Store.open(new.path) as store:
        fac = store.facilitator(new.facilitator_code)
        for world in (1, 2):
            blue = store.seat(new.seat_codes[(world, "blue")])
            red = store.seat(new.seat_codes[(world, "red")])
            fac.inject(world, "rumours")
            fac.note(world, "Justify every order.")
            fac.sideline(world, "blue", "Ana")
            for turn in range(3):
                blue.submit([blue.game().legal_options("blue")[0].order(f"blue turn {turn} world {world}")])
                red.submit([red.game().legal_options("red")[world % 2].order(f"red turn {turn}")])
                fac.rate(world, "red", 1, turn % 2 == 0)
                fac.resolve(world)
            fac.undo(world, "a second look")
            fac.resolve(world)
            fac.export(world, folder / f"world{world}.jsonl")
    return folder / "class.detente", folder / "world1.jsonl", folder / "world2.jsonl"


@pytest.fixture
def witness(session):
    with SessionWitness(session[0]) as opened:
        yield opened


def test_exports_are_signed_games_of_their_session(session, witness, capsys):
    path, first, second = session
    assert verify_file(str(first), witness).kind == SIGNED_KIND
    assert verify_file(str(second), witness).detail == "world 'Tuesday'"
    assert main(["verify", str(first), str(second), "--session", str(path)]) == 0
    assert "2 of 2 records are games of the session" in capsys.readouterr().out


def test_without_the_session_a_record_is_self_attested(session):
    provenance = verify_file(str(session[1]), None)
    assert provenance.kind == SELF_ATTESTED
    assert "give --session" in provenance.detail


def test_the_forged_seat_is_caught(session, witness, tmp_path):
    """Forgery 1: the header's seat changed (green, a bot, made human) and the end line recomputed."""
    lines = record_lines(session[1])
    header = json.loads(lines[0])
    header["seats"]["green"] = "human"
    lines[0] = json.dumps(header, separators=(",", ":"))
    forged = tmp_path / "forged.jsonl"
    forged.write_text(resealed(lines), encoding="utf-8")
    assert replay(read_record(forged)).verified  # the checksum alone cannot tell
    provenance = verify_file(str(forged), witness)
    assert provenance.kind == MISMATCH
    assert provenance.detail == 'line 1: $.seats.green: the record has "human", world \'Monday\' of the session has "random"'


def test_a_bot_game_handed_in_as_the_class_game_is_caught(session, witness, mini, tmp_path):
    """Forgery 1 again, as a whole game: the same seed played by bots in every seat, headed as the class's seats."""
    game = Game(mini, 5)
    bots = {faction: STRATEGIES["greedy"]() for faction in game.factions}
    for _ in range(3):
        for faction in game.factions:
            game.submit(faction, bots[faction].choose(game, faction))
        game.resolve()
    forged = tmp_path / "bots.jsonl"
    write_record(forged, game, {"blue": "human", "red": "human", "green": "random"}, CREATED)
    provenance = verify_file(str(forged), witness)
    assert provenance.kind == MISMATCH
    assert provenance.detail == "line 5: turn 1: the record has an orders line where world 'Monday' of the session has an inject"


def test_added_strong_ratings_are_caught_at_the_first_one(session, witness, tmp_path):
    """Forgery 3: the class's inputs replayed through the public API with strong ratings added."""
    record = read_record(session[1])
    game = Game(record.scenario, record.header.seed)
    original = replay(record).game
    added_at = None
    for step in original.journal:
        game.apply(step)
        if added_at is None and game.submitted("blue"):
            game.apply(Rating("blue", 1, True))
            added_at = game.turn
    forged = tmp_path / "rated.jsonl"
    write_record(forged, game, dict(record.header.seats), record.header.created)
    rate_line = next(n for n, line in enumerate(record_lines(forged), 1) if '"t":"rate","turn":1,"faction":"blue"' in line)
    provenance = verify_file(str(forged), witness)
    assert provenance.kind == MISMATCH
    assert provenance.detail.startswith(f"line {rate_line}: turn {added_at}: ")


def test_a_scenario_copy_with_the_same_id_is_rejected_by_grade(tmp_path):
    """Forgery 2: indo_pacific with Seaboard's budget and income raised, its id unchanged, played to the end."""
    bundled = load_bundled("indo_pacific")
    source = bundled.source.replace("budget = 12", "budget = 15", 1).replace("income = 7", "income = 9", 1)
    assert source != bundled.source
    scenario = load_scenario_text(source)
    game = Game(scenario, 42)
    while not game.is_over:
        for faction in game.factions:
            game.submit(faction, [])
        game.resolve()
    forged = tmp_path / "richer.jsonl"
    write_record(forged, game, dict.fromkeys(game.factions, "human"), CREATED)
    assert replay(read_record(forged)).verified
    result = grade_file(forged, find_rubric("indo_pacific"), _reference(bundled))
    assert result.verified is False
    assert (
        result.reason
        == "line 2: the embedded scenario 'indo_pacific' is not the bundled indo_pacific: $.factions[0].budget: 15 where the rubric's scenario has 12"
    )


def _reference(scenario):
    from grading.grades import Reference

    return Reference.of(scenario, "the bundled indo_pacific")


def test_grade_with_the_session_has_a_provenance_column(session, tmp_path, monkeypatch):
    path, first, second = session
    folder = tmp_path / "handed_in"
    folder.mkdir()
    shutil.copy(first, folder / "a.jsonl")
    lines = record_lines(second)
    text = resealed([line.replace("blue turn 1 world 2", "blue turn 1 world 2, as planned") for line in lines])
    (folder / "b.jsonl").write_text(text, encoding="utf-8")
    rubric = tmp_path / "mini.toml"
    rubric.write_text('format = 1\nid = "m"\ntitle = "M"\nscenario = "mini"\n[[criteria]]\nid = "in"\nkind = "orders_every_turn"\npoints = 1\n')
    monkeypatch.chdir(tmp_path)
    scenario = Path(__file__).parent / "scenarios" / "mini.toml"
    code = main(["grade", "handed_in", "--rubric", str(rubric), "--scenario", str(scenario), "--session", str(path), "--out", "grades.csv"])
    assert code == 1  # a record is not the session's game
    rows = Path("grades.csv").read_text(encoding="utf-8").splitlines()
    assert rows[0].startswith("file,status,verified,provenance,provenance_detail,")
    assert [row.split(",")[3] for row in rows[1:]] == [SIGNED_KIND, SIGNED_KIND, MISMATCH, MISMATCH]
    assert "line 17: turn 2: orders $.orders[0].why: the record has" in rows[3]
    two = ["grade", "handed_in", "--rubric", str(rubric), "--scenario", str(scenario), "--session", str(path), "--out", "two.csv", "--jobs", "2"]
    assert main(two) == 1
    assert Path("two.csv").read_text(encoding="utf-8") == Path("grades.csv").read_text(encoding="utf-8")


def _leaves(value, path=()):
    """Every scalar in a parsed line, with its path of keys and indexes."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _leaves(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _leaves(item, (*path, index))
    else:
        yield path, value


def _edited(value):
    if isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return value + 1
    return value + "x" if value else "x"


def _set(line, path, value):
    target = line
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value


def test_every_single_field_edit_of_a_signed_export_is_caught_at_its_line(session, witness, tmp_path):
    """No field of a signed export (seats, justifications, ratings, notes, chance, digests, the signature) can be
    changed, with the end line recomputed, without the check naming the line that was changed."""
    lines = record_lines(session[1])
    forged = tmp_path / "edited.jsonl"
    edits = 0
    for number, text in enumerate(lines[:-1], start=1):
        parsed = json.loads(text)
        for path, value in _leaves(parsed):
            if number == 2 and path == ("source",):
                changed = dict(parsed, source=value.replace('title = "Mini"', 'title = "Maxi"'))
            else:
                changed = json.loads(text)
                _set(changed, path, _edited(value))
            edited = list(lines)
            edited[number - 1] = json.dumps(changed, ensure_ascii=False, separators=(",", ":"))
            forged.write_text(resealed(edited), encoding="utf-8")
            provenance = verify_file(str(forged), witness)
            where = ".".join(map(str, path))
            assert provenance.kind == MISMATCH, f"line {number} {where}: {provenance}"
            named = provenance.detail.removeprefix("does not verify: ")
            allowed = {f"line {number}:"} | ({"line 2:"} if number == 1 and path[:1] == ("scenario",) else set())
            assert any(named.startswith(place) for place in allowed), f"line {number} {where}: {provenance.detail}"
            edits += 1
    assert edits > 100


def test_an_old_session_signs_its_first_export(tmp_path):
    """A session file made before exports were signed gets its secret at its first export, and opens as before."""
    path = tmp_path / "old.detente"
    shutil.copy(GOLDEN / "session.detente", path)
    code = (GOLDEN / "session.code").read_text(encoding="utf-8").strip()
    with Store.open(path) as store:
        desk = store.facilitator(code)
        world = desk.worlds()[0].id
        desk.export(world, tmp_path / "w.jsonl")
    with SessionWitness(path) as opened:
        assert opened.secret is not None
        assert verify_file(str(tmp_path / "w.jsonl"), opened).kind == SIGNED_KIND


def test_an_old_record_grades_as_before_and_is_self_attested():
    result = grade_file(GOLDEN / "records" / "indo_pacific-seed42.jsonl", find_rubric("indo_pacific"))
    assert result.verified
    assert result.provenance.kind == SELF_ATTESTED
    assert valueclass.evolve(result, provenance=result.provenance) == result


def test_a_record_of_an_earlier_version_of_the_bundled_scenario_grades_against_the_bundled_rubric(tmp_path, capsys, monkeypatch):
    """The golden record was played on indo_pacific before its format 2 retune: the bundled rubric still grades
    it (its embedded scenario is a version Détente shipped, scenarios/earlier/), and the grader is told so."""
    monkeypatch.chdir(tmp_path)
    shutil.copy(GOLDEN / "records" / "indo_pacific-seed42.jsonl", tmp_path / "last_term.jsonl")
    assert main(["grade", "last_term.jsonl", "--rubric", "indo_pacific", "--out", "grades.csv"]) == 0
    said = capsys.readouterr()
    assert "graded 1 of 1 files" in said.out
    assert "1 of the graded files played an earlier version of the bundled indo_pacific (before a retune): graded as played" in said.err


@pytest.mark.parametrize(
    ("value", "wanted", "found"),
    [
        ({"t": "orders", "orders": [{"move": "aid", "n": 1}]}, {"t": "orders", "orders": [{"move": "aid", "n": 1}]}, None),
        ({"n": True}, {"n": 1}, ("$.n", True, 1)),
        ({"n": 1.0}, {"n": 1}, ("$.n", 1.0, 1)),
        ({"a": [1, 2]}, {"a": [1, 2, 3]}, ("$.a[2]", "(missing)", 3)),
        ({"a": 1, "b": 2}, {"b": 2, "a": 1}, None),
        ({"a": 1, "z": 0}, {"a": 1}, ("$.z", 0, "(missing)")),
        (OrderedDict(a=True), OrderedDict(a=1), ("$.a", True, 1)),
    ],
)
def test_first_difference_tells_types_apart_at_every_depth(value, wanted, found):
    assert first_difference(value, wanted) == found
