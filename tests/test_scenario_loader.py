"""Scenario validation: every malformed case is its own fixture file."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine import ScenarioError, load_scenario_file, load_scenario_text
from engine.catalog import bundled_ids, find_scenario, load_bundled
from engine.errors import printable
from engine.model import CardTarget, TargetKind
from tests.format1 import INDO_FORMAT1

SCENARIOS = Path(__file__).parent / "scenarios"

BAD = SCENARIOS / "bad"

# fixture name -> (line, key path, words the message must contain)
CASES = {
    "syntax_error": (5, "", "TOML syntax error"),
    "unknown_key": (7, "$.speed", "unknown key 'speed'"),
    "wrong_type": (91, "$.moves[exercise].cost", "expected an integer, found a string"),
    "out_of_range": (70, "$.regions[east].stability", "9 is out of range; expected an integer from 0 to 5"),
    "duplicate_id": (83, "$.regions[3].id", "duplicate id 'south'"),
    "duplicate_letter": (54, "$.factions[green].letter", "duplicate letter 'R'"),
    "dangling_neighbour": (72, "$.regions[east].neighbours[2]", "unknown region 'atlantis'"),
    "one_sided_neighbour": (86, "$.regions[west].neighbours[0]", "neighbours are mutual"),
    "dangling_counter": (145, "$.cards[rumours].countered_by[0]", "unknown move 'fact_check'"),
    "dangling_objective_region": (40, "$.factions[blue].objectives[hold_north].region", "unknown region 'nowhere'"),
    "unknown_category": (125, "$.moves[arms].category", "'arms_deal' is not allowed"),
    "unaffordable": (51, "$.factions[green]", "can never afford any move"),
    "missing_required": (None, "$.title", "missing required key 'title'"),
    "newer_format": (2, "$.format", "newer than this program reads"),
    "bad_effect_key": (101, "$.moves[aid].effects.morale", "unknown key 'morale'"),
    "track_out_of_bounds": (49, "$.factions[red].tracks.credibility", "outside the track's bounds 0 to 10"),
    "card_bad_target": (156, "$.cards[cuts].target", "'strongest' is not allowed"),
    "schedule_unknown_card": (153, "$.schedule[0].card", "unknown card 'coup'"),
    "region_named_like_faction": (83, "$.regions[green].id", "already a faction id"),
    "starts_collapsed": (49, "$.factions[red].tracks.domestic_support", "would collapse at the end of turn 1"),
    "impossible_requirement": (108, "$.moves[training].requires.min_influence", "4 is above max_influence 2"),
    "counter_cannot_reach": (145, "$.cards[rumours].countered_by[0]", "it could never counter it"),
    "budget_above_cap": (55, "$.factions[green].budget", "25 is above budget_cap 20"),
    "empty": (None, "", "the scenario is empty"),
    "not_utf8": (None, "", "is not UTF-8 text"),
    "control_character": (4, "$.title", "a control character (U+001B) at character 5"),
    "c1_control": (61, "$.regions[north].name", "a control character (U+009B)"),
    "bidi_override": (30, "$.factions[blue].name", "a bidirectional formatting character (U+202E)"),
    "id_with_line_feed": (3, "$.id", "'mini\\n' is not a valid id"),
    "line_feed_in_title": (4, "$.title", "a line feed at character 5; this text must be one line"),
    "agreement_unknown_forbid": (109, "$.agreements[non_interference].forbids[1]", "'warnings' is not a move, category or group; did you mean 'warning'?"),
    "agreement_too_long": (106, "$.agreements[non_interference].turns", "11 is out of range; expected an integer from 1 to 10"),
    "agreement_in_format_1": (93, "$.agreements", "'agreements' needs format = 2 (this file says format 1)"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_malformed_scenario_reports_exactly_one_located_problem(name):
    line, path, words = CASES[name]
    file = BAD / f"{name}.toml"
    with pytest.raises(ScenarioError) as caught:
        load_scenario_file(file)
    problems = caught.value.problems
    assert len(problems) == 1, [p.describe(str(file)) for p in problems]
    problem = problems[0]
    assert (problem.line, problem.path) == (line, path)
    assert words in problem.message
    assert str(file) in str(caught.value)


def test_every_fixture_file_has_a_case():
    assert sorted(p.stem for p in BAD.glob("*.toml")) == sorted(CASES)


def test_several_problems_are_all_reported_in_one_pass(mini):
    text = mini.source.replace("turns = 4", "turns = 0").replace('letter = "G"', 'letter = "gg"')
    with pytest.raises(ScenarioError) as caught:
        load_scenario_text(text, "two.toml")
    assert [p.path for p in caught.value.problems] == ["$.factions[green].letter", "$.turns"]
    assert str(caught.value).splitlines() == [
        "two.toml:54: $.factions[green].letter: 'gg' is not one upper-case letter A-Z",
        "two.toml:5: $.turns: 0 is out of range; expected an integer from 1 to 50",
    ]


def test_missing_file_and_directory_are_reported(tmp_path):
    with pytest.raises(ScenarioError, match="no such file"):
        load_scenario_file(tmp_path / "absent.toml")
    with pytest.raises(ScenarioError, match="is a directory"):
        load_scenario_file(tmp_path)


def test_unknown_bundled_id_lists_the_known_ones():
    with pytest.raises(ScenarioError) as caught:
        find_scenario("atlantis")
    assert "no bundled scenario has this id" in str(caught.value)
    assert "indo_pacific" in str(caught.value)


def test_mini_loads_with_defaults_and_source_hash(mini):
    assert (mini.id, mini.turns, mini.orders_per_turn, mini.events_per_turn) == ("mini", 4, 2, 1)
    assert mini.max_influence == 10  # default
    assert mini.move("outreach").target is TargetKind.HOME
    assert mini.move("training").delayed[0].after == 2
    assert mini.card("rumours").target is CardTarget.MOST_CONTESTED_REGION
    assert mini.card("rumours").modifier.gain_divisor == 2
    assert mini.region("east").receptivity_for("aid") == 1
    assert mini.region("east").receptivity_for("exercise") == 0
    assert dict(mini.faction("blue").tracks) == {"credibility": 5, "domestic_support": 5}
    assert len(mini.sha256) == 64


def test_bundled_scenarios_load_and_meet_the_brief():
    assert "indo_pacific" in bundled_ids()
    s = load_bundled("indo_pacific")
    categories = {m.category for m in s.moves}
    card_categories = {c.category for c in s.cards}
    assert len(s.factions) >= 3 and len(s.regions) >= 6
    assert len(s.moves) >= 8 and len(categories) >= 8
    assert len(s.cards) >= 15
    assert {"disinformation", "budget_cut", "domestic_opposition"} <= card_categories
    assert 8 <= s.turns <= 12
    assert s.learning_objectives


@pytest.mark.parametrize("name", ["control_character", "c1_control", "bidi_override"])
def test_control_characters_never_reach_the_message(name):
    with pytest.raises(ScenarioError) as caught:
        load_scenario_file(BAD / f"{name}.toml")
    message = str(caught.value)
    assert all(printable(line) == line for line in message.split("\n")), repr(message)


def test_summaries_may_span_lines_and_hold_tabs(mini):
    text = mini.source.replace('title = "Mini"', 'title = "Mini"\nsummary = """A first line,\n\tand an indented second."""')
    assert load_scenario_text(text, "summary.toml").summary == "A first line,\n\tand an indented second."


def test_a_report_lists_50_problems_then_says_how_many_more(mini):
    text = "".join(f"extra_{i} = {i}\n" for i in range(120)) + mini.source
    with pytest.raises(ScenarioError) as caught:
        load_scenario_text(text, "flood.toml")
    error = caught.value
    assert (len(error.problems), error.more, error.total) == (50, 70, 120)
    lines = str(error).splitlines()
    assert len(lines) == 51
    assert lines[0].startswith("flood.toml:1: $.extra_0: unknown key 'extra_0'; expected one of: agreements, argued, attitudes, budget_cap, cards, ")
    assert lines[49].startswith("flood.toml:50: $.extra_49: ")
    assert lines[50] == "flood.toml: and 70 more problems"


# -- diagnostics a designer can act on (format 2 issue, item 8) --------------------------------------


def _checked(text: str) -> list[str]:
    with pytest.raises(ScenarioError) as caught:
        load_scenario_text(text, "s.toml")
    return str(caught.value).splitlines()


# indo_pacific as it was in format 1 (the bundled file is now format 2): the messages below are a format 1 file's.
INDO = INDO_FORMAT1.read_text(encoding="utf-8")


def test_a_missing_required_track_is_one_problem_not_a_cascade():
    """Misspelling the credibility track's id used to give one real problem and a dozen
    "unknown key 'credibility'" lines wherever effects use it."""
    assert _checked(INDO.replace('id = "credibility"', 'id = "credibilty"')) == [
        "s.toml:34: $.tracks: every scenario defines the track 'credibility'; the rules use it; is 'credibilty' a misspelling?"
    ]


def test_a_misspelt_region_is_one_problem_that_suggests_the_nearest_id_and_names_every_place():
    lines = _checked(INDO.replace('id = "khemra"', 'id = "khemera"'))
    assert lines == [
        "s.toml:187: $.regions[dai_lanh].neighbours[1]: unknown region 'khemra'; did you mean 'khemera'? (also at $.regions[harbour_forum].neighbours[2])"
    ]


def test_entries_are_named_by_id_and_by_index_when_the_id_is_missing_or_repeated():
    lines = _checked(INDO.replace('id = "arms_sale"\n', 'id = "arms_sale"\nfades = 2\n', 1))
    assert lines == ["s.toml:350: $.moves[arms_sale].fades: 'fades' needs format = 2 (this file says format 1)"]
    duplicate = INDO.replace('id = "khemra"', 'id = "tenrai"')
    assert any("$.regions[3].id: duplicate id 'tenrai'" in line for line in _checked(duplicate))


def test_a_format_2_card_target_in_a_format_1_file_says_it_needs_format_2():
    lines = _checked(INDO.replace('target = "leader"', 'target = "richest"', 1))
    assert len(lines) == 1 and "target 'richest' needs format = 2 (this file says format 1)" in lines[0]


def test_unknown_keys_suggest_the_nearest_known_key():
    lines = _checked(INDO.replace("orders_per_turn = ", "orders_per_trun = ", 1))
    assert lines == ["s.toml:17: $.orders_per_trun: unknown key 'orders_per_trun'; did you mean 'orders_per_turn'?"]
