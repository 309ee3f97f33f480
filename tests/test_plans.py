"""Teams' plans and reflections: when the game takes them, how a record keeps them, and that nobody can change them.

A plan is written before turn 1 is resolved and a reflection once the game is
over; both are inputs of the game (``engine.inputs.Plan``, ``Reflection``),
so a record holds them (format 2), replay takes them back, and a signed
export covers them like every other input.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_provenance import record_lines as file_lines
from test_provenance import resealed

from classroom.store import Store
from classroom.values import Settings, WorldSpec
from classroom.witness import SessionWitness
from engine import Game, OrderError
from engine.inputs import MAX_WRITING
from engine.record import parse_record, record_lines, replay
from grading.grades import verify_file
from grading.provenance import MISMATCH, SIGNED_KIND
from players.autoplay import autoplay
from players.bots import RandomBot

CREATED = "2026-03-02T09:15:00Z"
PLAN = "Aim: hold North.\nInstruments: outreach first, aid later."
REFLECTION = "We spread our budget too thin; we would keep to North."


def finished(mini, seed: int = 3) -> Game:
    """A game of ``mini`` with blue's plan before turn 1 and its reflection after the last turn."""
    game = Game(mini, seed)
    game.plan("blue", PLAN)
    autoplay(game, {f: RandomBot() for f in game.factions})
    game.reflect("blue", REFLECTION)
    return game


def text_of(lines: list[str]) -> str:
    return "\n".join(lines) + "\n"


# -- the game ---------------------------------------------------------------------------------------


def test_a_plan_and_a_reflection_stand_and_a_later_one_replaces_an_earlier(mini):
    game = Game(mini, 3)
    game.plan("blue", "first draft")
    game.plan("blue", PLAN)
    assert game.written("blue") == (PLAN, "")
    assert game.written("red") == ("", "")
    digest = game.digest()
    autoplay(game, {f: RandomBot() for f in game.factions})
    game.reflect("blue", "draft")
    game.reflect("blue", REFLECTION)
    assert game.written("blue") == (PLAN, REFLECTION)
    assert Game(mini, 3).digest() == digest  # moves no number


def test_a_plan_after_turn_1_and_a_reflection_before_the_end_are_refused(mini):
    game = Game(mini, 3)
    with pytest.raises(OrderError, match="once the game is over"):
        game.reflect("blue", REFLECTION)
    game.resolve()
    with pytest.raises(OrderError, match="before turn 1 is resolved"):
        game.plan("blue", PLAN)
    game.undo("the plan was forgotten")
    game.plan("blue", PLAN)  # turn 1 is open again
    assert game.written("blue")[0] == PLAN


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "is empty"),
        ("  \n\t", "is empty"),
        ("x" * (MAX_WRITING + 1), f"at most {MAX_WRITING}"),
        ("a\x1bb", "control character"),
        ("a\u202eb", "bidirectional"),
    ],
)
def test_bad_writing_is_refused_with_its_reason(mini, text, message):
    game = Game(mini, 3)
    with pytest.raises(OrderError, match=message):
        game.plan("blue", text)
    with pytest.raises(OrderError, match="no faction"):
        game.plan("nobody", PLAN)
    assert game.journal == []


def test_an_undo_of_the_last_turn_takes_the_reflection_back(mini):
    game = finished(mini)
    game.undo("one more look")
    assert game.written("blue") == (PLAN, "")


# -- the record -------------------------------------------------------------------------------------


def test_a_record_with_writing_is_format_2_and_replays_it(mini):
    game = finished(mini)
    lines = record_lines(game, {}, CREATED)
    parsed = [json.loads(line) for line in lines]
    assert parsed[0]["detente_record"] == 2
    written = [line for line in parsed if line.get("t") in ("plan", "reflection")]
    assert written == [
        {"t": "plan", "turn": 1, "faction": "blue", "text": PLAN},
        {"t": "reflection", "turn": game.turn, "faction": "blue", "text": REFLECTION},
    ]
    assert [line["t"] for line in parsed[-3:]] == ["reflection", "result", "end"]
    result = replay(parse_record(text_of(lines)))
    assert result.verified, result.mismatch
    assert result.game.written("blue") == (PLAN, REFLECTION)
    assert record_lines(result.game, {}, CREATED) == lines  # round trip, byte for byte


def test_a_record_without_writing_stays_format_1(mini):
    game = Game(mini, 3)
    autoplay(game, {f: RandomBot() for f in game.factions})
    assert json.loads(record_lines(game, {}, CREATED)[0])["detente_record"] == 1


def test_a_plan_in_a_format_1_record_is_refused(mini):
    lines = record_lines(finished(mini), {}, CREATED)
    header = json.loads(lines[0])
    header["detente_record"] = 1
    lines[0] = json.dumps(header, ensure_ascii=False, separators=(",", ":"))
    result = replay(parse_record(resealed(lines)))
    assert not result.verified
    assert "a plan line needs record format 2" in result.mismatch


def test_a_reflection_before_the_end_is_refused_at_its_line(mini):
    lines = record_lines(finished(mini), {}, CREATED)
    at = next(i for i, line in enumerate(lines) if '"t":"reflection"' in line)
    moved = lines[at]
    first_digest = next(i for i, line in enumerate(lines) if '"t":"digest"' in line)
    lines = [*lines[: first_digest + 1], moved.replace(f'"turn":{json.loads(moved)["turn"]}', '"turn":1'), *lines[first_digest + 1 : at], *lines[at + 1 :]]
    result = replay(parse_record(resealed(lines)))
    assert not result.verified
    assert f"line {first_digest + 2}:" in result.mismatch and "reflection" in result.mismatch


def test_an_edited_plan_fails_the_checksum(mini):
    lines = record_lines(finished(mini), {}, CREATED)
    edited = [line.replace("hold North", "hold South") for line in lines]
    with pytest.raises(Exception, match="checksum"):
        parse_record(text_of(edited))


# -- the classroom ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def exported(tmp_path_factory, mini):
    """(session file, export): a world whose blue team hands in a plan and, at the end, a reflection."""
    folder = tmp_path_factory.mktemp("plans")
    new = Store.create(
        folder / "class.detente",
        mini,
        created=CREATED,
        worlds=[WorldSpec("Monday", seed=5)],
        players={"green": "random"},
        settings=Settings(resolve_when_all_in=False),
    )
    with Store.open(new.path) as store:
        fac = store.facilitator(new.facilitator_code)
        blue = store.seat(new.seat_codes[(1, "blue")])
        red = store.seat(new.seat_codes[(1, "red")])
        blue.plan(PLAN)
        assert red.game().written("blue") == ("", "")  # another team's plan is hidden while turn 1 is open
        assert blue.game().written("blue") == (PLAN, "")
        with pytest.raises(OrderError, match="once the game is over"):
            blue.reflect(REFLECTION)
        while not fac.game(1).is_over:
            fac.resolve(1)
        with pytest.raises(OrderError, match="before turn 1"):
            blue.plan(PLAN)
        blue.reflect(REFLECTION)
        fac.export(1, folder / "world1.jsonl")
    return folder / "class.detente", folder / "world1.jsonl"


@pytest.fixture
def witness(exported):
    with SessionWitness(exported[0]) as opened:
        yield opened


def test_a_signed_export_carries_the_plan_and_reflection_and_verifies(exported, witness):
    _, export = exported
    lines = file_lines(export)
    kinds = [json.loads(line).get("t") for line in lines]
    assert "plan" in kinds and "reflection" in kinds
    assert verify_file(str(export), witness).kind == SIGNED_KIND


@pytest.mark.parametrize("kind", ["plan", "reflection"])
def test_an_edited_plan_or_reflection_in_a_signed_export_is_caught_at_its_line(exported, witness, tmp_path, kind):
    _, export = exported
    lines = file_lines(export)
    at = next(i for i, line in enumerate(lines) if json.loads(line).get("t") == kind)
    value = json.loads(lines[at])
    value["text"] = value["text"] + " (and we won)"
    lines[at] = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    forged = tmp_path / "forged.jsonl"
    forged.write_text(resealed(lines), encoding="utf-8")
    found = verify_file(str(forged), witness)
    assert found.kind == MISMATCH
    assert found.line == at + 1 and "$.text" in found.detail


# -- grading ----------------------------------------------------------------------------------------

RUBRIC = """format = 1
id = "written"
title = "Written work"
scenario = "mini"

[[criteria]]
id = "written"
kind = "written_work"
points = 10

[[criteria]]
id = "marked"
kind = "written_marks"
scale = 4
points = 10
"""
SEATS = {"blue": "human", "red": "human", "green": "random"}


def _graded(path, marks=None, *, sheet=False):
    from grading.grades import grade_file
    from grading.rubric import load_rubric_text

    return grade_file(path, load_rubric_text(RUBRIC, "written.toml"), marks=marks, sheet=sheet)


def _mark(team, criterion):
    mark = next(m for m in team.marks if m.id == criterion)
    return mark.points, mark.why


def test_handing_in_counts_for_participation_and_a_team_without_writing_gets_nothing(mini, tmp_path):
    from engine.record import write_record

    path = tmp_path / "game.jsonl"
    write_record(path, finished(mini), SEATS, CREATED)
    blue, red = _graded(path).teams
    assert _mark(blue, "written") == (10, "handed in a plan and a reflection")
    assert _mark(red, "written") == (0, "handed in nothing; no plan and no reflection")
    assert blue.participation > red.participation
    assert _mark(blue, "marked") == (0, "its plan and reflection are not marked (detente grade --marks FILE)")


def test_an_unfinished_game_asks_only_for_the_plan(mini, tmp_path):
    from engine.record import write_record

    game = Game(mini, 3)
    game.plan("blue", PLAN)
    game.resolve()
    path = tmp_path / "game.jsonl"
    write_record(path, game, SEATS, CREATED)
    blue, _ = _graded(path).teams
    assert _mark(blue, "written") == (10, "handed in a plan (the game is unfinished: no reflection is due)")


def test_the_marking_sheet_lists_the_plan_and_reflection_and_their_marks_count(mini, tmp_path, monkeypatch):
    import csv

    from detente.cli import main
    from engine.record import write_record

    monkeypatch.chdir(tmp_path)
    write_record("t1.jsonl", finished(mini), SEATS, CREATED)
    Path("written.toml").write_text(RUBRIC, encoding="utf-8")
    base = ["grade", "t1.jsonl", "--rubric", "written.toml", "--scenario", str(Path(__file__).parent / "scenarios" / "mini.toml")]
    assert main([*base, "--sheet", "sheet.csv", "--out", "g.md"]) == 0
    assert main([*base, "--sheet", "sheet.html", "--out", "g.md"]) == 0
    rows = list(csv.DictReader(Path("sheet.csv").open(encoding="utf-8", newline="")))
    blue = [(r["order"], r["justification"]) for r in rows if r["faction"] == "blue" and not r["order"].isdigit()]
    assert blue == [("plan", PLAN.replace("\n", " ")), ("reflection", REFLECTION)]
    orders = [r["order"] for r in rows if r["faction"] == "blue"]
    assert (orders[0], orders[-1]) == ("plan", "reflection")
    page = Path("sheet.html").read_text(encoding="utf-8")
    assert "<strong>Plan</strong>" in page and "<strong>Reflection</strong>" in page
    for row in rows:
        if row["faction"] == "blue" and row["order"] == "plan":
            row["mark"], row["comment"] = "4", "Clear aims."
        elif row["faction"] == "blue" and row["order"] == "reflection":
            row["mark"], row["turn"] = "2", ""  # a written piece's turn is not read
    with Path("marks.csv").open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    assert main([*base, "--marks", "marks.csv", "--out", "g.csv"]) == 0
    graded = next(r for r in csv.DictReader(Path("g.csv").open(encoding="utf-8", newline="")) if r["faction"] == "blue")
    assert (graded["marked_points"], graded["marked_why"]) == ("7.5", "marked plan 4 of 4, reflection 2 of 4; comments: plan: Clear aims.")


def test_a_misspelt_written_piece_is_refused_at_its_line(mini, tmp_path, monkeypatch, capsys):
    from detente.cli import main
    from engine.record import write_record

    monkeypatch.chdir(tmp_path)
    write_record("t1.jsonl", finished(mini), SEATS, CREATED)
    Path("written.toml").write_text(RUBRIC, encoding="utf-8")
    Path("marks.csv").write_text("file,faction,turn,order,mark,comment\nt1.jsonl,blue,,plna,3,\n", encoding="utf-8")
    assert main(["grade", "t1.jsonl", "--rubric", "written.toml", "--marks", "marks.csv"]) == 1
    assert capsys.readouterr().err.strip() == "detente grade: marks.csv:2: order 'plna' is not a whole number of 1 or more (or plan, reflection)"


def test_the_review_shows_the_plan_against_the_outcome_and_the_reflection(mini):
    from reports.aar import Review

    game = finished(mini)
    result = replay(parse_record(text_of(record_lines(game, {}, CREATED))))
    review = Review(result, "now")
    text = review.markdown()
    section = text[text.index("## Plans and reflections") : text.index("## The facilitator's hand")]
    assert "Plan: “Aim: hold North. Instruments: outreach first, aid later.”" in section
    assert f"Reflection: “{REFLECTION}”" in section
    assert "Used " in section and " of 3 with " in section
    assert "Red" not in section  # red handed in nothing
    page = review.html()
    assert "Aim: hold North.<br>Instruments: outreach first, aid later." in page
    assert (
        "## Plans and reflections"
        not in Review(
            replay(parse_record(text_of(record_lines(autoplay(Game(mini, 3), {f: RandomBot() for f in ("blue", "red", "green")}), {}, CREATED)))), "now"
        ).markdown()
    )
