"""The headless command line, run as a user runs it: in a subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

SCENARIOS = Path(__file__).parent / "scenarios"

MINI = str(SCENARIOS / "mini.toml")


def detente(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "detente", *map(str, args)], capture_output=True, text=True, cwd=cwd)


def assert_clean_failure(result, code=1):
    assert result.returncode == code, result
    assert "Traceback" not in result.stderr
    assert result.stderr.strip()


def test_headless_commands_never_import_textual(tmp_path):
    code = (
        "import sys\n"
        "from detente.cli import main\n"
        f"for argv in (['scenarios'], ['check', {MINI!r}], ['run', {MINI!r}, '--seed', '1', '--record', {str(tmp_path / 'r.jsonl')!r}],"
        f" ['replay', {str(tmp_path / 'r.jsonl')!r}], ['verify', {str(tmp_path / 'r.jsonl')!r}],"
        f" ['debrief', {str(tmp_path / 'r.jsonl')!r}, '--out', {str(tmp_path / 'd.md')!r}]):\n"
        "    assert main(argv) == 0, argv\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich', 'tui'))\n"
        "print(bad)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[]"


def test_scenarios_lists_the_bundled_ones():
    result = detente("scenarios")
    assert result.returncode == 0
    header, *rows = result.stdout.splitlines()
    assert header.split() == ["ID", "TITLE", "FACTIONS", "TURNS"]
    assert any(row.startswith("indo_pacific ") for row in rows)


def test_check_clean_and_broken_files():
    result = detente("check", MINI, "indo_pacific")
    assert result.returncode == 0
    assert result.stdout.splitlines()[0] == (
        f"{MINI}: ok — Mini: 3 factions, 4 regions, 6 moves, 3 cards, 4 turns; "
        "format 1, still valid (this program reads formats 1 to 2; docs/scenario-format.md says what format 2 adds)"
    )
    broken = SCENARIOS / "bad" / "out_of_range.toml"
    result = detente("check", MINI, broken)
    assert_clean_failure(result)
    assert f"{broken}:70: $.regions[east].stability: 9 is out of range" in result.stderr
    assert f"{MINI}: ok" in result.stdout


def test_run_then_replay_round_trips(tmp_path):
    record = tmp_path / "game.jsonl"
    result = detente("run", MINI, "--seed", "42", "--bots", "random", "--record", record)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == f"record written to {record}"
    replayed = detente("replay", record)
    assert replayed.returncode == 0, replayed.stderr
    assert replayed.stdout.rstrip().endswith("Verified (turns 1–4): every card, roll and digest matches.")
    assert "\nResult: game over on turn 4 (turn limit). Winner: " in replayed.stdout
    as_json = json.loads(detente("replay", record, "--format", "json").stdout)
    assert as_json["verified"] is True and [t["turn"] for t in as_json["turns"]] == [1, 2, 3, 4]
    assert as_json["finished"] is True and set(as_json["turns"][0]["orders"]) == {"blue", "red", "green"}


def test_replay_says_when_a_game_is_unfinished(mini, tmp_path):
    from players.table import Session

    path = tmp_path / "unfinished.jsonl"
    session = Session.start(mini, 2, {"blue": "random", "red": "random", "green": "random"}, path, "2026-01-01T00:00:00Z")
    session.note("Pause for lunch.")
    session.resolve()
    result = detente("replay", path)
    assert result.returncode == 0
    assert "  Note from facilitator: Pause for lunch." in result.stdout
    assert result.stdout.rstrip().splitlines()[-2:] == [
        "The record ends after turn 1 of 4: the game is unfinished.",
        "Verified (turn 1): every card, roll and digest matches.",
    ]


def test_run_is_byte_for_byte_repeatable(tmp_path):
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    for path in (first, second):
        assert detente("run", MINI, "--seed", "9", "--record", path).returncode == 0
    strip = lambda p: [line for line in p.read_text().splitlines() if '"created"' not in line][:-1]  # noqa: E731
    assert strip(first) == strip(second)


def test_run_with_an_orders_file(tmp_path):
    orders = tmp_path / "orders.toml"
    orders.write_text('[[orders]]\nturn = 1\nfaction = "blue"\nmove = "aid"\ntarget = "north"\nwhy = "Shore up the North."\n')
    record = tmp_path / "game.jsonl"
    result = detente("run", MINI, "--seed", "1", "--orders", orders, "--seat", "red=random", "--record", record)
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in record.read_text().splitlines()]
    assert lines[0]["seats"] == {"blue": "orders", "red": "random", "green": "random"}
    blue = [line for line in lines if line.get("t") == "orders" and line["faction"] == "blue"]
    assert blue[0]["orders"] == [{"move": "aid", "target": "north", "why": "Shore up the North."}]


@pytest.mark.parametrize(
    ("text", "args", "code", "words"),
    [
        ('[[orders]]\nturn = 1\nfaction = "purple"\nmove = "aid"\ntarget = "north"\n', (), 1, ":1: $.orders[0].faction: 'purple' is not a faction of mini"),
        ('[[orders]]\nturn = 9\nfaction = "blue"\nmove = "aid"\ntarget = "north"\n', (), 1, ":1: $.orders[0].turn: turn 9 is after the last turn (4)"),
        ('[[orders]]\nturn = 1\nfaction = "blue"\nmove = "aid"\ntarget = "north"\n', ("--seat", "blue=random"), 2, "blue has orders in"),
        (
            '[[orders]]\nturn = 1\nfaction = "blue"\nmove = "aid"\ntarget = "north"\n\n'
            '[[orders]]\nturn = 1\nfaction = "blue"\nmove = "aid"\ntarget = "north"\n',
            (),
            1,
            ":7: $.orders[1]: turn 1, blue: order 2 (Military aid → north): the same move on the same target twice",
        ),
    ],
)
def test_orders_file_mistakes_are_refused_with_their_place(tmp_path, text, args, code, words):
    orders = tmp_path / "orders.toml"
    orders.write_text(text)
    result = detente("run", MINI, "--seed", "1", "--orders", orders, *args, "--record", tmp_path / "g.jsonl")
    assert_clean_failure(result, code)
    assert words in result.stderr
    assert not (tmp_path / "g.jsonl").exists()


def test_an_illegal_order_in_the_orders_file_names_its_place(tmp_path):
    orders = tmp_path / "orders.toml"
    orders.write_text('[[orders]]\nturn = 1\nfaction = "green"\nmove = "training"\ntarget = "north"\n')
    record = tmp_path / "game.jsonl"
    result = detente("run", MINI, "--seed", "1", "--orders", orders, "--record", record)
    assert_clean_failure(result)
    assert f"{orders}:1: $.orders[0]: turn 1, green: order 1 (Training programme → north): needs influence 1 in North" in result.stderr
    assert not record.exists()


@pytest.mark.parametrize(
    ("args", "code", "words"),
    [
        (("run", "atlantis", "--seed", "1", "--record", "x.jsonl"), 1, "no bundled scenario has this id"),
        (("run", MINI, "--seed", "-3", "--record", "x.jsonl"), 2, "out of range"),
        (("run", MINI, "--seed", "1", "--bots", "genius", "--record", "x.jsonl"), 2, "unknown strategy 'genius'"),
        (("run", MINI, "--seed", "1", "--seat", "purple=random", "--record", "x.jsonl"), 2, "'purple' is not a faction"),
        (("run", str(SCENARIOS / "bad" / "syntax_error.toml"), "--seed", "1", "--record", "x.jsonl"), 1, "TOML syntax error"),
        (("run", MINI, "--seed", "1", "--record", "no/such/dir/x.jsonl"), 1, "cannot write the record"),
        (("replay", "missing.jsonl"), 1, "missing.jsonl: no such file"),
        (("replay", MINI), 1, "not a Détente game record"),
        (("check",), 2, "the following arguments are required"),
    ],
)
def test_bad_input_gets_one_clear_message_and_a_non_zero_exit(tmp_path, args, code, words):
    result = detente(*args, cwd=tmp_path)
    assert_clean_failure(result, code)
    assert words in result.stderr
    assert not (tmp_path / "x.jsonl").exists()


def test_replay_of_a_tampered_record_names_the_turn(tmp_path):
    record = tmp_path / "game.jsonl"
    assert detente("run", MINI, "--seed", "4", "--record", record).returncode == 0
    lines = record.read_text().splitlines()
    lines[-3] = lines[-3].replace('"sha256":"', '"sha256":"0')
    record.write_text("\n".join(lines) + "\n")
    result = detente("replay", record)
    assert_clean_failure(result)
    assert "checksum on the end line does not match" in result.stderr


@pytest.mark.parametrize("seed", range(0, 200, 10))
def test_run_then_replay_round_trips_the_bundled_scenario(tmp_path, seed):
    """In-process (the subprocess tests above cover the real command); 20 seeds here."""
    from detente.cli import main

    record = tmp_path / f"{seed}.jsonl"
    assert main(["run", "indo_pacific", "--seed", str(seed), "--record", str(record)]) == 0
    assert main(["replay", str(record)]) == 0


# -- the facilitator's hand in the replay (rules, section 12) -----------------------------------

FACILITATED = Path(__file__).parent / "golden" / "records" / "indo_pacific-facilitated.jsonl"
"""tools/golden.py's facilitated game: ratings every turn, a sideline, a timer, an undo of turn 3 and a reseat."""


def _turn_block(text: str, turn: int) -> list[str]:
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"Turn {turn} — "))
    end = next((i for i in range(start + 1, len(lines)) if not lines[i]), len(lines))
    return lines[start + 1 : end]


def test_replay_text_shows_the_facilitators_ratings_directives_and_undo():
    result = detente("replay", FACILITATED)
    assert result.returncode == 0, result.stderr
    first = _turn_block(result.stdout, 1)
    assert "  Timer resumed" in first
    assert "  Facilitator rated S Seaboard Federation's order 1 (Domestic outreach): strong argument, +1" in first
    assert "    1. Domestic outreach  [strong argument, +1]" in first
    second = _turn_block(result.stdout, 2)
    assert "  H Heartland Republic: Sam sits this turn out; the rest of the team decides" in second
    assert "  Facilitator rated S Seaboard Federation's order 1 (Defence dialogue): weak argument, −1" in second
    assert "    1. Defence dialogue → Khemra  [weak argument, −1]" in second
    third = _turn_block(result.stdout, 3)
    undone_digest = next(json.loads(line)["sha256"][:12] for line in FACILITATED.read_text().splitlines() if '"t":"digest","turn":3' in line)
    hand = [
        "  Facilitator rated S Seaboard Federation's order 1 (Defence dialogue): strong argument, +1",
        "  Note from facilitator: turn 3 is in",
        "  Turn 3's resolution undone: the class asked to argue turn 3 again"
        f" (the undone resolution's digest was {undone_digest}; its rolls are in the record)",
        "  H Heartland Republic is now played by Team Lotus",
        "  Facilitator rated H Heartland Republic's order 1 (Arms sale): weak argument, −1",
    ]
    assert [line for line in third if line in hand] == hand  # in the order they were made
    assert "    1. Arms sale → Solvana  [weak argument, −1]" in third
    assert sum(line.startswith("Turn 3 — ") for line in result.stdout.splitlines()) == 1  # the effective turn 3, once
    assert result.stdout.rstrip().endswith("every card, roll and digest matches.")


def test_replay_json_adds_the_facilitators_hand_and_keeps_its_keys():
    result = detente("replay", FACILITATED, "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["verified"] is True and data["finished"] is True and data["unresolved"] is None
    turns = {turn["turn"]: turn for turn in data["turns"]}
    for turn in turns.values():
        assert {"turn", "cards", "notes", "orders", "scores", "digest", "matches"} <= set(turn)
        assert {"ratings", "directives", "undos", "actions"} <= set(turn)
    assert turns[1]["directives"] == [{"kind": "timer", "faction": "", "text": "resumed"}]
    assert turns[1]["ratings"] == [{"faction": "seaboard", "order": 1, "move": "domestic_outreach", "rating": "strong"}]
    assert turns[1]["orders"]["seaboard"][0]["rating"] == "strong" and turns[1]["orders"]["seaboard"][1]["rating"] is None
    assert turns[2]["directives"] == [{"kind": "sideline", "faction": "heartland", "text": "Sam"}]
    undone = next(json.loads(line) for line in FACILITATED.read_text().splitlines() if '"t":"digest","turn":3' in line)
    assert turns[3]["undos"] == [{"turn": 3, "reason": "the class asked to argue turn 3 again", "undone_digest": undone["sha256"]}]
    assert [a["action"] for a in turns[3]["actions"]] == ["rating", "note", "undo", "directive", "rating"]
    assert [(r["faction"], r["rating"]) for r in turns[3]["ratings"]] == [("seaboard", "strong"), ("heartland", "weak")]
    assert turns[3]["orders"]["heartland"][0]["rating"] == "weak"
    assert all(not turn["undos"] for number, turn in turns.items() if number != 3)


def test_a_record_that_ends_with_an_undo_shows_the_turn_it_went_back_to(mini, tmp_path):
    from engine import Game
    from engine.record import write_record

    game = Game(mini, 5)
    game.note("Lunch break after this turn.")
    game.resolve()
    game.undo("Blue's orders were entered for the wrong region")
    game.direct("timer", "", "paused")
    path = tmp_path / "undone.jsonl"
    write_record(path, game, {}, "2026-01-01T00:00:00Z")
    result = detente("replay", path)
    assert result.returncode == 0, result.stderr
    assert "The record ends before any turn of 4 is resolved: the game is unfinished." in result.stdout
    block = result.stdout.split("Turn 1 — not resolved when the record ends\n", 1)[1].split("\n\n", 1)[0].splitlines()
    assert block[0] == "  Note from facilitator: Lunch break after this turn."
    assert block[1].startswith("  Turn 1's resolution undone: Blue's orders were entered for the wrong region (the undone resolution's digest was ")
    assert block[2] == "  Timer paused"
    data = json.loads(detente("replay", path, "--format", "json").stdout)
    assert data["turns"] == [] and data["unresolved"]["turn"] == 1
    assert [a["action"] for a in data["unresolved"]["actions"]] == ["note", "undo", "directive"]
    assert data["unresolved"]["undos"][0]["reason"] == "Blue's orders were entered for the wrong region"


def test_each_command_parses_with_its_own_parser_exactly_as_with_all_of_them():
    """``main`` builds only the parser of the command it runs: the list of commands is the full
    parser's, and each command's help is the same from either parser."""
    import argparse

    from detente.cli import COMMANDS, build_parser

    def subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
        action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
        return dict(action.choices)

    full = subcommands(build_parser())
    assert tuple(full) == COMMANDS
    for command in COMMANDS:
        own = subcommands(build_parser(command))
        assert own[command].format_help() == full[command].format_help()
    assert set(subcommands(build_parser("replay"))) == {"replay"}
