"""Rule 13: scenario format 2 — conditions, fading influence, partners, conditional and set
effects, aims and coalitions, richer card targets, the credibility table.

Fixtures: ``partners`` (two factions, three regions, every format 2 mechanism but aims) and
``aims`` (four factions with their own aims, two of them in a coalition). Every move there
has difficulty 0 except Mediation, so only the tests of rule 13.7 roll.
"""

from __future__ import annotations

import pytest
from rulekit import FIXTURES, changes, lines, new_game, play

from engine import Game, load_scenario_text
from engine.inputs import Order
from engine.log import CardPlayed, Cause, Change, Countered, GameEnded, Reacted, Rolled
from engine.outcome import Termination


def region(game, rid):
    return game.state.regions[rid]


def tracks(game, fid):
    return game.state.factions[fid].tracks


# -- 13.1 and 13.4: conditions and conditional effects ----------------------------------


def test_13_1_a_conditional_effect_applies_only_while_its_condition_holds():
    """Partners. Blue's Fact-checking unit gives +1 credibility only while a disinformation
    event is active on its target region. Without one: nothing; with Smear campaign on
    North: credibility 5 -> 6, logged as the order's own change."""
    game = new_game("partners")
    play(game, blue=Order("factcheck", "north"))
    assert tracks(game, "blue")["credibility"] == 5
    game.inject("smear", "north")
    entries = play(game, blue=Order("factcheck", "north"))
    assert tracks(game, "blue")["credibility"] == 6
    assert Change(2, "blue", "", "credibility", 1, 6, Cause.ORDER, "factcheck", "blue", 1, 1) in changes(entries)


def test_13_1_a_condition_on_another_region_does_not_count():
    """Partners. The Smear campaign is on East; the fact-check aimed at North gains nothing."""
    game = new_game("partners")
    game.inject("smear", "east")
    play(game, blue=Order("factcheck", "north"))
    assert tracks(game, "blue")["credibility"] == 5


def test_13_4_a_set_effect_sets_the_value_outright_within_bounds():
    """Partners. Rally at home sets Blue's domestic support to 7 from 5 (a change of +2,
    asked +2); Snap election sets every faction's to 5."""
    game = new_game("partners")
    entries = play(game, blue=Order("rally"))
    assert tracks(game, "blue")["domestic_support"] == 7
    assert Change(1, "blue", "", "domestic_support", 2, 7, Cause.ORDER, "rally", "blue", 1, 2) in changes(entries)
    game.inject("reset")
    assert tracks(game, "blue")["domestic_support"] == tracks(game, "red")["domestic_support"] == 5


def test_13_4_a_modifier_on_a_named_move_touches_that_move_only():
    """Partners. Embargo (+2 cost on the move Arms sale) is on every faction: Arms sale costs
    1 + 2 = 3; Officer training, another move, still costs 1."""
    game = new_game("partners")
    game.inject("embargo")
    assert game.option("blue", "arms", "north").cost == 3
    assert game.option("blue", "training", "north").cost == 1


def test_13_4_a_group_names_its_categories():
    """Partners. The group military = arms_sale + exercise: The chair rotates adds +1
    receptivity to both categories in North (exercise 1 -> 2, arms_sale 0 -> 1)."""
    game = new_game("partners")
    game.inject("chair")
    assert region(game, "north").receptivity == {"exercise": 2, "arms_sale": 1}


# -- 13.2: influence with a lifetime -------------------------------------------------------


def test_13_2_fading_influence_lasts_its_turns_then_loses_one_a_turn():
    """Partners. Blue's Arms sale (fades = 2) on turn 1: North 2 -> 4, of which 2 fade from
    turn 3. Upkeep of turn 2: nothing; turn 3: 4 -> 3; turn 4: 3 -> 2, and nothing fades any
    more (the lasting 2 stays)."""
    game = new_game("partners")
    play(game, blue=Order("arms", "north"))
    assert (region(game, "north").influence["blue"], region(game, "north").fading, region(game, "north").fades_at) == (4, {"blue": 2}, {"blue": 3})
    play(game)
    assert region(game, "north").influence["blue"] == 4
    entries = play(game)
    assert Change(3, "blue", "north", "influence", -1, 3, Cause.FADED, "", "", 0, -1) in changes(entries)
    play(game)
    play(game)
    assert region(game, "north").influence["blue"] == 2
    assert region(game, "north").lasting("blue") == 2
    assert region(game, "north").fading == {}


def test_13_2_a_new_fading_gain_renews_the_clock():
    """Partners. Arms sales on turns 1 and 2: 6 influence, 4 of it fading from turn 4 (2 + 2),
    so the upkeep of turn 3 takes nothing away."""
    game = new_game("partners")
    play(game, blue=Order("arms", "north"))
    play(game, blue=Order("arms", "north"))
    play(game)
    assert region(game, "north").influence["blue"] == 6
    assert region(game, "north").fades_at == {"blue": 4}


def test_13_2_losses_come_out_of_the_fading_part_first_and_lasting_gains_do_not_fade():
    """Partners. Arms sale (+2 fading) then Officer training (+1 lasting): 5 = 3 lasting +
    2 fading. A loss of 1 (through the one setter every influence change goes through,
    rule 6.6) comes out of the fading part: 4 = 3 lasting + 1 fading."""
    game = new_game("partners")
    play(game, blue=[Order("arms", "north"), Order("training", "north")])
    north = region(game, "north")
    assert (north.influence["blue"], north.fading["blue"], north.lasting("blue")) == (5, 2, 3)
    rules = game._rules
    rules._set_influence(game.state, [], "blue", "north", -1, Cause.CARD, "test", ("", 0))
    assert (north.influence["blue"], north.fading["blue"], north.lasting("blue")) == (4, 1, 3)


# -- 13.3: partners with memory -----------------------------------------------------------


def test_13_3_each_order_reaction_moves_the_partners_attitude():
    """Partners. Arms sale -> dependency +1 towards Blue in North; Disaster relief -> goodwill
    +1 towards Red there. Attitudes are per faction: Red's dependency stays 0."""
    game = new_game("partners")
    entries = play(game, blue=Order("arms", "north"), red=Order("relief", "north"))
    north = region(game, "north")
    assert north.attitudes["blue"] == {"goodwill": 0, "dependency": 1}
    assert north.attitudes["red"] == {"goodwill": 1, "dependency": 0}
    assert Reacted(1, "arms_dependency", "north", "blue") in entries
    assert "North reacts towards B Blue: Each arms sale deepens dependency on the seller." in lines(game, entries)


def test_13_3_a_threshold_reaction_fires_once_when_crossed_and_plays_its_card():
    """Partners. Three arms sales take dependency to 3: in that upkeep Backlash fires once
    (Blue credibility 5 -> 4, Street protests on North: stability 3 -> 2). A fourth sale
    (dependency 4) does not fire it again: it still holds."""
    game = new_game("partners")
    for _ in range(2):
        play(game, blue=Order("arms", "north"))
    entries = play(game, blue=Order("arms", "north"))
    assert [e for e in entries if isinstance(e, Reacted) and e.reaction == "backlash"] == [Reacted(3, "backlash", "north", "blue")]
    assert CardPlayed(3, "protest", ("north",), "reaction") in entries
    assert tracks(game, "blue")["credibility"] == 4
    assert region(game, "north").stability == 2
    entries = play(game, blue=Order("arms", "north"))
    assert not [e for e in entries if isinstance(e, Reacted) and e.reaction == "backlash"]


def test_13_3_repeated_drills_lower_receptivity_to_drills():
    """Partners. North starts with exercise receptivity +1; each Joint drill there lowers it
    by 1, to the bound -3 at most."""
    game = new_game("partners")
    play(game, blue=Order("drill", "north"))
    assert region(game, "north").receptivity["exercise"] == 0
    for _ in range(5):
        play(game, blue=Order("drill", "north"))
    assert region(game, "north").receptivity["exercise"] == -3


def test_13_3_a_dominated_region_hedges_toward_its_runner_up():
    """Partners (hedging margin 4). North: Blue 2, Red 1. An arms sale and an Officer
    training take Blue to 5 (4 ahead): in upkeep Red gains 1 (Cause.HEDGING). South (Blue 6,
    nobody else) does not hedge: hedges = false."""
    game = new_game("partners")
    entries = play(game, blue=[Order("arms", "north"), Order("training", "north")])
    assert Change(1, "red", "north", "influence", 1, 2, Cause.HEDGING, "", "", 0, 1) in changes(entries)
    assert region(game, "south").influence == {"blue": 6, "red": 0}


def test_13_3_a_region_card_changes_the_attitudes_of_the_factions_present():
    """Partners. After relief from both factions (goodwill 1 each), Local anger lowers
    goodwill by 1 and domestic support by 1 for every faction present in North."""
    game = new_game("partners")
    play(game, blue=Order("relief", "north"), red=Order("relief", "north"))
    game.inject("local_anger")
    north = region(game, "north")
    assert north.attitudes["blue"]["goodwill"] == north.attitudes["red"]["goodwill"] == 0
    assert tracks(game, "blue")["domestic_support"] == tracks(game, "red")["domestic_support"] == 4


# -- 13.6: richer card targets --------------------------------------------------------------


def test_13_6_most_orders_counts_last_turns_resolved_orders_of_its_moves():
    """Partners. Turn 1: Blue one drill, Red an arms sale and a drill (both military). Arms scandal on
    turn 2 lands on Red (2 military orders) and costs 2 credibility. Before any order it lands
    on nobody."""
    game = new_game("partners")
    game.inject("scandal")
    assert all(t["credibility"] == 5 for t in (tracks(game, "blue"), tracks(game, "red")))
    assert [e.targets for e in game.log if isinstance(e, CardPlayed)] == [()]
    play(game, blue=Order("drill", "east"), red=[Order("arms", "east"), Order("drill", "north")])
    game.inject("scandal")
    assert (tracks(game, "blue")["credibility"], tracks(game, "red")["credibility"]) == (5, 3)


def test_13_6_richest_and_poorest_compare_budget_or_income():
    """Partners. Blue has budget 12, Red 10: the Budget audit lands on Blue. By income Blue (2)
    is poorer than Red (3): the Development grant lands on Blue too."""
    game = new_game("partners")
    game.inject("audit")
    game.inject("grant")
    assert [e.targets for e in game.log if isinstance(e, CardPlayed)] == [("blue",), ("blue",)]
    assert game.state.factions["blue"].budget == 12 - 2 + 3


def test_13_6_top_influence_picks_the_leaders_in_its_region():
    """Partners. North: Blue 2, Red 1; the Forum vote (count 1) lands on Blue only."""
    game = new_game("partners")
    game.inject("forum_vote")
    assert (tracks(game, "blue")["domestic_support"], tracks(game, "red")["domestic_support"]) == (6, 5)


# -- 13.7: the credibility table --------------------------------------------------------------


@pytest.mark.parametrize(("credibility", "modifier"), [(3, -2), (5, 0), (8, 2)])
def test_13_7_the_scenarios_credibility_table_sets_the_roll_modifier(credibility, modifier):
    """Partners: credibility_rolls -2 from 0, 0 from 4, +2 from 8. Mediation's roll carries the
    table's modifier for Blue's credibility (none when it is 0)."""
    game = new_game("partners")
    tracks(game, "blue")["credibility"] = credibility
    entries = play(game, blue=Order("mediate", "east"))
    rolled = next(e for e in entries if isinstance(e, Rolled))
    assert dict(rolled.modifiers).get("credibility", 0) == modifier


# -- 13.5: aims and coalitions ---------------------------------------------------------------


def test_13_5_an_aim_met_ends_the_game_with_that_faction_winning():
    """Aims. Small (support 8, influence 4 and 4) orders Outreach and Presence -> Capital;
    then Presence -> Harbour and Outreach: support 10, influence 5 and 5 — its aim holds at
    the end of turn 2 and it wins alone, though Big has more budget."""
    game = new_game("aims")
    play(game, small=[Order("outreach"), Order("presence", "capital")])
    assert game.outcome is None
    play(game, small=[Order("outreach"), Order("presence", "harbour")])
    assert game.outcome is not None
    assert (game.outcome.termination, game.outcome.winners, game.outcome.losers) == (Termination.AIM, ("small",), ())


def test_13_5_a_hybrid_actor_wins_when_an_opposing_government_collapses():
    """Aims. Shadow smears Big (support 2) twice: Big collapses at 0 on turn 2. Shadow's aim
    (Big has collapsed) holds, so Shadow wins; Big and its coalition partner Ally lose."""
    game = new_game("aims")
    play(game, shadow=Order("smear", "big"))
    play(game, shadow=Order("smear", "big"))
    outcome = game.outcome
    assert outcome is not None
    assert (outcome.termination, outcome.winners, outcome.losers) == (Termination.AIM, ("shadow",), ("big", "ally"))
    assert next(e for e in game.log if isinstance(e, GameEnded)).winners == ("shadow",)


def test_13_5_a_final_aim_is_judged_at_the_end_and_a_coalition_wins_together_ranked_by_score():
    """Aims. Nobody meets an aim in four turns; Shadow never controls Capital, so Ally's
    final aim holds on turn 4: the Pact wins, Big (score 3) ranked before Ally (0)."""
    game = new_game("aims")
    for _ in range(4):
        play(game, big=Order("outreach"))
    outcome = game.outcome
    assert outcome is not None
    assert outcome.termination is Termination.AIM
    assert outcome.winners == ("big", "ally")
    assert dict(outcome.scores)["big"] > dict(outcome.scores)["ally"]


def test_13_5_a_final_aim_is_not_judged_before_the_last_turn():
    """Aims. After turn 1 Ally's final aim already holds, but the game goes on."""
    game = new_game("aims")
    play(game)
    assert game.outcome is None


# -- the position covers format 2's state ---------------------------------------------------


def test_13_the_digest_covers_attitudes_fading_and_receptivity():
    """Partners. Two positions equal in every number of format 1 but one attitude differ in
    digest."""
    game = new_game("partners")
    before = game.digest()
    region(game, "north").attitudes["blue"]["goodwill"] = 1
    assert game.digest() != before


# -- rule 11's worked example, continued in format 2 ----------------------------------------


def test_13_2_the_worked_examples_format_2_continuation():
    """Board as format 2 with fades = 1 on Arms sale (docs/rules.md, rule 11's continuation):
    turn 1 plays as in format 1; Red's arms sale on turn 2 gains 2 fading influence in North,
    which fades in the upkeeps of turns 3 and 4. The log lines are those printed there."""
    text = (FIXTURES / "board.toml").read_text(encoding="utf-8")
    text = text.replace("format = 1", "format = 2", 1).replace('id = "arms"\n', 'id = "arms"\nfades = 1\n', 1)
    game = Game(load_scenario_text(text, "board2.toml"), 0)
    play(game, blue=Order("exercise", "north", "Reassure the North"))
    assert lines(game, play(game, red=Order("arms", "north"))) == [
        "R Red order 1: Arms sale → North (cost 1)",
        "R Red: budget -1 → 11 (Arms sale, R Red order 1)",
        "R Red: influence in North +2 → 3 (Arms sale, R Red order 1)",
        "R Red: budget +1 → 12 (Arms sale, R Red order 1)",
        "R Red: credibility -1 → 4 (Arms sale, R Red order 1)",
        "B Blue: budget +2 → 11 (income)",
        "R Red: budget +0 → 12 (asked +2) (income)",
        "B Blue scores 7 (+0)",
        "R Red scores 4 (+2)",
    ]
    assert lines(game, play(game))[-3:] == ["R Red: influence in North -1 → 2 (influence fades unrenewed)", "B Blue scores 7 (+0)", "R Red scores 3 (-1)"]
    assert lines(game, play(game))[-3:] == ["R Red: influence in North -1 → 1 (influence fades unrenewed)", "B Blue scores 7 (+0)", "R Red scores 2 (-1)"]
    assert game.state.regions["north"].fading == {}


# -- interactions: contest cuts, bounds, ordering ---------------------------------------------


def test_13_2_the_fading_part_is_what_the_gain_became_after_the_contest_cut():
    """Partners. Blue's arms sale and Red's relief both land in North: contested, so the sale's
    +2 is cut to +1 (rule 5.3), and only that 1 fades."""
    game = new_game("partners")
    play(game, blue=Order("arms", "north"), red=Order("relief", "north"))
    assert region(game, "north").influence["blue"] == 3
    assert region(game, "north").fading == {"blue": 1}


def test_13_3_attitudes_stay_within_their_bounds():
    """Partners. Dependency runs 0 to 5: seven arms sales leave it at 5, the changes past the
    bound logged as +0 with what was asked."""
    game = new_game("partners")
    for _ in range(7):
        entries = play(game, blue=Order("arms", "east"))
    assert region(game, "east").attitudes["blue"]["dependency"] == 5
    assert Change(7, "blue", "east", "dependency", 0, 5, Cause.REACTION, "arms_dependency", "blue", 1, 1) in changes(entries)


def test_13_4_conditional_effects_follow_side_effects_and_reactions_follow_them():
    """Partners. With Smear campaign on North, Blue's Fact-checking unit there logs its cost,
    then its conditional credibility +1; a Joint drill's reaction comes after the drill's own
    influence gain."""
    game = new_game("partners")
    game.inject("smear", "north")
    entries = play(game, blue=[Order("factcheck", "north"), Order("drill", "east")])
    kinds = [(e.source, e.track) for e in changes(entries) if e.actor == "blue"]
    assert kinds == [
        ("factcheck", "budget"),
        ("factcheck", "credibility"),
        ("drill", "budget"),
        ("drill", "influence"),
        ("drill_fatigue", "receptivity.exercise"),
    ]


def test_13_2_a_halved_fading_gain_fades_only_what_it_added():
    """Partners. Rumour mill (gains halved) on East: Blue's arms sale there gains 2 // 2 = 1,
    and only that 1 is fading."""
    game = new_game("partners")
    game.inject("rumour_mill", "east")
    play(game, blue=Order("arms", "east"))
    assert (region(game, "east").influence["blue"], region(game, "east").fading) == (1, {"blue": 1})


def test_13_4_a_conditional_effect_is_judged_before_the_order_counters_its_event():
    """Partners. Rumour mill (disinformation) on North; Blue's Fact-checking unit there cancels
    it (rule 5.6), and its conditional +1 credibility, which needs a disinformation event on the
    target, still applies: the condition is judged once the roll is known, before the counter,
    so answering an event can pay."""
    game = new_game("partners")
    game.inject("rumour_mill", "north")
    entries = play(game, blue=Order("factcheck", "north"))
    assert Countered(1, "rumour_mill", "north", "blue", "factcheck", 0, True) in entries
    assert not game.state.events
    assert tracks(game, "blue")["credibility"] == 6
