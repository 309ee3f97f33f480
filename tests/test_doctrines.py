"""Doctrines: loading and refusals, doctrine bots held to their doctrine, and the doctrine lab."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from detente.cli import main
from engine import Game
from engine.catalog import load_bundled
from engine.record import read_record
from lab.balance import run_games
from lab.doctrines import doctrine_games, doctrine_report
from players.autoplay import autoplay
from players.bots import DoctrineBot, GreedyBot, answered_events, make_strategy
from players.doctrine import DoctrineError, bundled_doctrines, find_doctrine, load_doctrine_text
from players.evaluation import evaluator_for

REQUIRED = (
    "arms_first",
    "show_of_force",
    "talk_only",
    "training_and_relief",
    "aid_for_dependency",
    "soft_only",
    "never_answer_events",
    "answer_every_event",
    "hybrid_disruptor",
)


@pytest.fixture(scope="module")
def indo():
    return load_bundled("indo_pacific")


# -- loading and refusals ------------------------------------------------------------------------


def test_every_required_doctrine_is_bundled_and_loads():
    assert set(REQUIRED) <= set(bundled_doctrines())
    for name in bundled_doctrines():
        doctrine = find_doctrine(name)
        assert doctrine.name and doctrine.summary
    assert find_doctrine("arms-first") == find_doctrine("arms_first")
    assert find_doctrine("talk_only").categories == ("communication", "dialogue")


BAD = """name = "Broken"
colour = "red"
categories = ["training", "arms_sales"]
never_categories = ["training"]
prefer = { exercise = 99 }
targets = "leading"
events = "sometimes"
"""


def test_a_bad_doctrine_gets_one_located_error_per_problem():
    with pytest.raises(DoctrineError) as caught:
        load_doctrine_text(BAD, "broken.toml")
    text = str(caught.value)
    lines = text.splitlines()
    assert len(lines) == 6, text
    assert "broken.toml:2:" in text and "colour" in text
    assert "broken.toml:3: $.categories[1]: 'arms_sales' is not a move category" in text
    assert "broken.toml:5: $.prefer.exercise:" in text
    assert "broken.toml:4: $.never_categories: training also allowed in categories" in text
    assert "broken.toml:6: $.targets:" in text and "needs a target_weight" in text
    assert "broken.toml:7: $.events: 'sometimes' is not allowed" in text


def test_prefer_moves_takes_any_move_id_and_refuses_bad_ids_and_weights():
    text = 'name = "Named"\nprefer = { communication = 2 }\nprefer_moves = { fund_protests = 8, Bad-Id = 1, troll_farm = 21, hack = "x" }\n'
    with pytest.raises(DoctrineError) as caught:
        load_doctrine_text(text, "named.toml")
    assert str(caught.value).splitlines() == [
        "named.toml:3: $.prefer_moves.Bad-Id: 'Bad-Id' is not a valid move id",
        "named.toml:3: $.prefer_moves.troll_farm: 21 is out of range; expected an integer from -20 to 20",
        "named.toml:3: $.prefer_moves.hack: expected an integer, found a string",
    ]
    with pytest.raises(DoctrineError, match=r"\$\.prefer_moves: expected a table, found an array"):
        load_doctrine_text('name = "Named"\nprefer_moves = ["fund_protests"]\n')


def test_a_move_preference_adds_to_its_category_and_binds_only_where_the_move_is(indo):
    northern = load_bundled("northern_alliance")
    doctrine = load_doctrine_text('name = "Named"\nprefer = { communication = 2 }\nprefer_moves = { fund_protests = 8 }\n')
    moves = {move.id: move for move in northern.moves}
    assert doctrine.preference(moves["fund_protests"]) == 10
    assert doctrine.preference(moves["troll_farm"]) == 2
    assert doctrine.preference(moves["gas_discount"]) == 0
    only_named = load_doctrine_text('name = "Named"\nprefer_moves = { fund_protests = 8 }\n')
    assert only_named.binds(northern) and not only_named.binds(indo)


def test_a_doctrine_bot_orders_the_moves_it_names():
    # As the Federation on turn 1 (seed 0) a funded protest is worth about +1.3 to the evaluation, energy security in
    # the Allied Public +10.6: greedy funds no protest; a doctrine that prefers protests by 12 funds one.
    northern = load_bundled("northern_alliance")
    game = Game(northern, 0)
    named = load_doctrine_text('name = "Protest"\nprefer_moves = { fund_protests = 12 }\n')
    orders = DoctrineBot(named, "doctrine:protest").choose(game, "sarmatia")
    assert "fund_protests" in {order.move for order in orders}, orders
    assert "fund_protests" not in {order.move for order in GreedyBot().choose(game, "sarmatia")}


def test_a_doctrine_needs_a_name_and_valid_toml():
    with pytest.raises(DoctrineError, match="missing required key 'name'"):
        load_doctrine_text('events = "never"\n')
    with pytest.raises(DoctrineError, match="<doctrine>:1"):
        load_doctrine_text("name = \n")


def test_an_unknown_doctrine_is_refused_with_exit_1(tmp_path, capsys):
    with pytest.raises(DoctrineError, match="no bundled doctrine has this name"):
        make_strategy("doctrine:nonesuch")
    bad = tmp_path / "bad.toml"
    bad.write_text(BAD, encoding="utf-8")
    assert main(["balance", "indo_pacific", "--doctrines", str(bad), "--games", "1", "--workers", "1"]) == 1
    err = capsys.readouterr().err
    assert f"{bad}:3: $.categories[1]" in err and "Traceback" not in err
    record = tmp_path / "game.jsonl"
    assert main(["run", "indo_pacific", "--seed", "1", "--record", str(record), "--seat", "seaboard=doctrine:nonesuch"]) == 1
    assert "no bundled doctrine" in capsys.readouterr().err and not record.exists()
    assert main(["run", "indo_pacific", "--seed", "1", "--record", str(record), "--seat", "seaboard=cleverbot"]) == 2
    assert "doctrine:NAME_OR_FILE" in capsys.readouterr().err


def test_run_seats_a_doctrine_from_a_file(tmp_path, capsys):
    doctrine = tmp_path / "quiet.toml"
    doctrine.write_text('name = "Quiet"\ncategories = ["communication", "dialogue"]\n', encoding="utf-8")
    record = tmp_path / "game.jsonl"
    assert main(["run", "indo_pacific", "--seed", "4", "--bots", "greedy", "--record", str(record), "--seat", f"seaboard=doctrine:{doctrine}"]) == 0
    capsys.readouterr()
    assert dict(read_record(record).header.seats)["seaboard"] == f"doctrine:{doctrine}"


# -- doctrine bots stay within their doctrine -----------------------------------------------------


class Watched:
    """A doctrine bot whose every choice is checked against its doctrine before it is played."""

    def __init__(self, bot: DoctrineBot) -> None:
        self.bot = bot
        self.name = bot.name
        self.answers = 0

    def choose(self, game, faction):
        doctrine = self.bot.doctrine
        orders = self.bot.choose(game, faction)
        game.check(faction, orders)
        scenario = game.scenario
        candidates = {(c.move.id, c.target): c for c in evaluator_for(scenario).candidates(game, faction)}
        for order in orders:
            assert doctrine.allows(scenario.move(order.move)), (doctrine.name, order.move)
            assert order.why.startswith(doctrine.name + ": ")
            if doctrine.events == "never":
                assert not answered_events(game, faction, candidates[order.move, order.target])
        if doctrine.events == "every" and orders:
            answerable = [c for c in candidates.values() if doctrine.allows(c.move) and answered_events(game, faction, c)]
            if answerable:
                assert answered_events(game, faction, candidates[orders[0].move, orders[0].target]), "an answerable event was not answered first"
                self.answers += 1
        return orders


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 2**63 - 1), name=st.sampled_from(bundled_doctrines()), seat=st.integers(0, 2))
def test_a_doctrine_bot_never_orders_outside_its_doctrine(indo, seed, name, seat):
    game = Game(indo, seed)
    bots = {f: GreedyBot() for f in game.factions}
    watched = Watched(make_strategy(f"doctrine:{name}"))
    bots[game.factions[seat]] = watched
    autoplay(game, bots)
    assert game.is_over


def test_answer_every_event_answers_and_never_answer_does_not(indo):
    answered = 0
    for seed in range(6):
        game = Game(indo, seed)
        watched = Watched(make_strategy("doctrine:answer_every_event"))
        autoplay(game, {f: watched if f == "seaboard" else GreedyBot() for f in game.factions})
        answered += watched.answers
    assert answered > 0, "no answerable event came up in six games: the test proves nothing"


# -- the lab ---------------------------------------------------------------------------------------


def lab(*extra):
    return ["balance", "indo_pacific", "--doctrines", "talk_only", "arms-first", "--games", "3", "--format", "json", "--progress", "never", *extra]


def test_the_lab_json_has_one_row_per_doctrine_and_seat_and_ignores_the_worker_count(capsys):
    assert main(lab("--workers", "1")) == 0
    one = capsys.readouterr().out
    assert main(lab("--workers", "2")) == 0
    two = capsys.readouterr().out
    assert one == two
    result = json.loads(one)
    rows = result["results"]
    assert [(r["doctrine"], r["seat"]) for r in rows] == [(d, s) for d in ("talk_only", "arms-first") for s in ("seaboard", "heartland", "meridian")]
    for row in rows:
        assert row["games"] == 3
        assert 0 <= row["ci_low"] <= row["win_rate"] <= row["ci_high"] <= 100
        assert {"score", "credibility", "domestic_support", "collapses", "beats_field", "rote"} <= set(row)
    assert result["fair_share"] == 33.333 and result["field"] == "greedy"


def test_the_lab_flags_a_rote_doctrine_that_beats_the_field(indo):
    # A doctrine that wins every game in a seat: its interval lies above the fair share.
    games = doctrine_games(3, ["doctrine:arms_first"], "random", 0, 12)
    summaries = run_games(indo, games)
    result = doctrine_report(indo, [("arms_first", "Arms first", True)], "random", 12, summaries)
    beating = [r for r in result["results"] if r["beats_field"]]
    assert beating, "greedy-within-a-doctrine should beat random bots"
    assert len(result["design_problems"]) == len(beating)
    assert "a rote doctrine beats the adaptive field" in result["design_problems"][0]
    for row in result["results"]:
        assert row["beats_field"] == (row["ci_low"] > 100 / 3)
        assert row["rote"] is True
    # The same rows from a doctrine that binds no one are the greedy bot's own play: no design problem.
    free = doctrine_report(indo, [("arms_first", "Arms first", False)], "random", 12, summaries)
    assert [r["beats_field"] for r in free["results"]] == [r["beats_field"] for r in result["results"]]
    assert free["design_problems"] == []


def test_a_doctrine_binds_a_scenario_where_it_rules_out_prefers_or_answers_something(indo):
    northern = load_bundled("northern_alliance")
    assert not any(m.category == "arms_sale" for m in northern.moves)
    assert find_doctrine("no_arms_sales").binds(indo)
    assert not find_doctrine("no_arms_sales").binds(northern)
    for name in bundled_doctrines():
        if name != "no_arms_sales":
            assert find_doctrine(name).binds(northern), name
    assert not load_doctrine_text('name = "Free"\nnever_moves = ["no_such_move"]').binds(indo)
    assert load_doctrine_text('name = "Talk"\nprefer = { dialogue = 2 }').binds(indo)
    assert not load_doctrine_text('name = "Any"\ntarget_weight = 3').binds(indo)
    assert load_doctrine_text('name = "Lead"\ntargets = "leading"\ntarget_weight = 3').binds(indo)
    assert load_doctrine_text('name = "Deaf"\nevents = "never"').binds(indo)


def test_a_doctrine_that_binds_no_one_is_marked_and_never_flagged(capsys):
    # Northern Alliance has no arms sales: "no arms sales" there is the greedy bot's judgement, seat for seat.
    assert main(["balance", "northern_alliance", "--doctrines", "no_arms_sales", "--games", "2", "--workers", "1", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)["results"]
    assert [r["rote"] for r in rows] == [False] * 4
    assert main(["balance", "northern_alliance", "--doctrines", "no_arms_sales", "--games", "2", "--workers", "1", "--progress", "never"]) == 0
    out = capsys.readouterr().out
    assert "No arms sales: binds no player of this scenario" in out and out.count("  =\n") == 4


def test_the_lab_text_calls_a_row_a_skill_comparison(capsys):
    assert main(["balance", "indo_pacific", "--doctrines", "talk_only", "--games", "2", "--workers", "1", "--progress", "never"]) == 0
    out = capsys.readouterr().out
    assert "a comparison of skill, not a measure of seat fairness" in out.replace("\n", " ")
    assert all(len(line) <= 100 for line in out.splitlines())
    assert main(["balance", "indo_pacific", "--doctrines", "--seat", "seaboard=random", "--games", "1"]) == 2


def test_balance_calls_a_mixed_seating_a_skill_comparison_not_seat_unfairness(mini):
    from lab.balance import report, seat_games

    mixed = report(mini, run_games(mini, seat_games(["greedy", "random", "random"], 0, 20)))
    assert mixed["warnings"] and all("not a measure of seat fairness" in w for w in mixed["warnings"] if "wins" in w)
    assert not any("out of balance" in w for w in mixed["warnings"])
    uniform = report(mini, run_games(mini, seat_games(["random"] * 3, 0, 20)), band=(0.0, 1.0))
    assert any("out of balance" in w for w in uniform["warnings"])


def test_a_classroom_seat_takes_a_bundled_doctrine_but_not_a_doctrine_file(tmp_path):
    """A session file travels: its bot seats name bundled doctrines, never a path on the teacher's machine."""
    from classroom.checks import check_player
    from classroom.errors import ClassroomError

    check_player("s.detente", "doctrine:arms_first")
    check_player("s.detente", "doctrine:arms-first")
    file = tmp_path / "mine.toml"
    file.write_text('name = "Mine"\n', encoding="utf-8")
    with pytest.raises(ClassroomError, match="doctrine:NAME with NAME one of"):
        check_player("s.detente", f"doctrine:{file}")
