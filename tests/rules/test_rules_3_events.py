"""Rule 3: the events phase — schedule, deck, targeting, immediate effects, modifiers, injects."""

from __future__ import annotations

import pytest
from rulekit import lines, new_game, play, position, scenario

from engine import OrderError
from engine.inputs import Inject, Order
from engine.log import CardPlayed, Cause, Change, Reshuffled
from engine.rng import Stream

# -- 3.1 the schedule comes first ------------------------------------------------------------


def test_3_1_scheduled_cards_are_played_before_the_draw():
    """Deck, seed 2. Turn 1 passes (no orders).

    Turn 2's events phase plays the scheduled State visit first, on the Rim
    its schedule names (its own rule would pick a random region), then draws
    one card from the deck: Snap drill on the Hub.
    """
    game = new_game("deck", seed=2)
    play(game)
    assert game.turn_log(2) == [
        CardPlayed(2, "visit", ("rim",), "schedule"),
        CardPlayed(2, "drill", ("hub",), "deck"),
    ]


# -- 3.2 the deck --------------------------------------------------------------------------------


def test_3_2_the_deck_is_drawn_from_the_top_and_reshuffled_when_empty():
    """Deck, seed 2: Snap drill ×2 and Leak ×1 are shuffled into the deck;
    State visit (0 copies) is not. Four turns pass without orders.

    Draws: turn 1 Leak (on Red, a random faction), turns 2 and 3 Snap drill.
    The deck is then empty, so turn 4 first shuffles the three discards into a
    new deck (``Reshuffled(4, 3)``), then draws Snap drill; turn 5 draws Leak
    (on Red again). Every shuffle and every random target comes, in the order
    they happen, from the one deck stream (rule 10.2), re-run here by hand;
    the scheduled State visit names its target and takes nothing from it.
    """
    game = new_game("deck", seed=2)
    for _ in range(4):
        play(game)
    stream = Stream(2, "deck")
    pile = ["drill", "drill", "leak"]
    stream.shuffle(pile)
    assert pile == ["drill", "drill", "leak"]  # Leak on top (the end)
    assert stream.below(2) == 1  # Leak's target: factions[1], Red
    discard = ["leak", "drill", "drill"]
    stream.shuffle(discard)
    assert discard == ["drill", "leak", "drill"]  # new deck: Snap drill, then Leak
    assert stream.below(2) == 1  # Leak's target on turn 5: Red
    drawn = [e for e in game.log if isinstance(e, (CardPlayed, Reshuffled))]
    assert drawn == [
        CardPlayed(1, "leak", ("red",), "deck"),
        CardPlayed(2, "visit", ("rim",), "schedule"),
        CardPlayed(2, "drill", ("hub",), "deck"),
        CardPlayed(3, "drill", ("hub",), "deck"),
        Reshuffled(4, 3),
        CardPlayed(4, "drill", ("hub",), "deck"),
        CardPlayed(5, "leak", ("red",), "deck"),
    ]
    assert game.state.draw_pile == ["drill"]
    assert game.state.discard == ["drill", "leak"]
    assert "visit" not in game.state.draw_pile + game.state.discard


# -- 3.3 targeting -------------------------------------------------------------------------------


def test_3_3_leader_and_trailer_follow_the_last_scores():
    """Trio: scores Blue 7, Red 3, Green 6. Spotlight (leader) lands on Blue
    (credibility 5 → 4); Sympathy (trailer) on Red (budget 6 → 8).
    """
    game = new_game("trio")
    game.inject("spotlight")
    game.inject("sympathy")
    assert lines(game, game.log) == [
        "Facilitator inject: Spotlight → B Blue",
        "B Blue: credibility -1 → 4 (event Spotlight)",
        "Facilitator inject: Sympathy → R Red",
        "R Red: budget +2 → 8 (event Sympathy)",
    ]


def test_3_3_ties_for_leader_or_trailer_go_to_the_first_faction():
    """Deck, seed 2: Blue and Red both score 0. Praise (leader) and Pity
    (trailer) both land on Blue, the first faction in scenario order.
    """
    game = new_game("deck", seed=2)
    game.inject("praise")
    game.inject("pity")
    assert game.log[1:] == [CardPlayed(1, "praise", ("blue",), "inject"), CardPlayed(1, "pity", ("blue",), "inject")]


def test_3_3_least_stable_region_ties_go_to_the_first_region():
    """Trio: Gamma and Delta both have stability 1. Unrest picks Gamma, the
    first of them in scenario order, and lowers its stability to 0.
    """
    game = new_game("trio")
    game.inject("unrest")
    assert lines(game, game.log) == ["Facilitator inject: Unrest → Gamma", "stability in Gamma -1 → 0 (event Unrest)"]


def test_3_3_most_contested_region_has_the_smallest_gap_between_the_top_two():
    """Trio: gaps are Alpha 3-1 = 2, Beta 2-2 = 0; Gamma and Delta have no
    second faction. Exodus picks Beta.
    """
    game = new_game("trio")
    game.inject("exodus")
    assert game.log[0] == CardPlayed(1, "exodus", ("beta",), "inject")


def test_3_3_most_contested_among_unopposed_regions_is_the_thinnest_lead():
    """Legality: nobody but Blue is present; Blue leads the Capital by 3 and
    the Border by 1. Gossip picks the Border, the thinner lead.
    """
    game = new_game("legality")
    game.inject("gossip")
    assert game.log == [CardPlayed(1, "gossip", ("border",), "inject")]


@pytest.mark.parametrize(("seed", "region"), [(1, "delta"), (2, "gamma"), (0, "alpha")])
def test_3_3_random_region_comes_from_the_deck_stream(seed, region):
    """Trio (no cards in its deck). Storm picks region number
    ``Stream(seed, "deck").below(4)`` in scenario order: seed 1 → Delta,
    seed 2 → Gamma, seed 0 → Alpha.
    """
    assert scenario("trio").regions[Stream(seed, "deck").below(4)].id == region
    game = new_game("trio", seed)
    game.inject("storm")
    assert game.log[0] == CardPlayed(1, "storm", (region,), "inject")


@pytest.mark.parametrize(("seed", "faction"), [(1, "green"), (4, "blue"), (5, "red")])
def test_3_3_random_faction_comes_from_the_deck_stream(seed, faction):
    """Trio. Hack picks faction number ``Stream(seed, "deck").below(3)`` in
    scenario order: seed 1 → Green, seed 4 → Blue, seed 5 → Red.
    """
    assert scenario("trio").factions[Stream(seed, "deck").below(3)].id == faction
    game = new_game("trio", seed)
    game.inject("hack")
    assert game.log[0] == CardPlayed(1, "hack", (faction,), "inject")


def test_3_3_every_faction_card_lands_on_each_faction_in_turn():
    """Trio: Elections everywhere targets every faction. Each loses 1
    domestic support, in scenario order, and each gets its own copy of the
    card's modifier (aid costs 1 more for one turn).
    """
    game = new_game("trio")
    game.inject("election")
    assert lines(game, game.log) == [
        "Facilitator inject: Elections everywhere → B Blue, R Red, G Green",
        "B Blue: domestic support -1 → 4 (event Elections everywhere)",
        "R Red: domestic support -1 → 4 (event Elections everywhere)",
        "G Green: domestic support -1 → 4 (event Elections everywhere)",
    ]
    assert [(e.card, e.target, e.remaining) for e in game.state.events] == [
        ("election", "blue", 1),
        ("election", "red", 1),
        ("election", "green", 1),
    ]
    assert {o.cost for o in game.options("red")} == {2}


def test_3_3_fixed_targets_and_inject_overrides():
    """Trio: Coup names Delta, Green windfall names Green; an inject with a
    target overrides the card's own rule (Unrest on Alpha, not Gamma).
    """
    game = new_game("trio")
    game.inject("coup")
    game.inject("windfall")
    game.inject("unrest", "alpha")
    assert [e for e in game.log if isinstance(e, CardPlayed)] == [
        CardPlayed(1, "coup", ("delta",), "inject"),
        CardPlayed(1, "windfall", ("green",), "inject"),
        CardPlayed(1, "unrest", ("alpha",), "inject"),
    ]


# -- 3.4 immediate effects -------------------------------------------------------------------------


def test_3_4_a_region_card_touches_every_faction_present_there():
    """Trio: Exodus (influence -1, stability -1) lands on Beta, where Blue and
    Red have 2 each and Green has none. Blue and Red drop to 1; Green stays at
    0 (a faction with no influence in the region is not touched); Beta's
    stability drops from 2 to 1.
    """
    game = new_game("trio")
    game.inject("exodus")
    assert game.log[1:] == [
        Change(1, "blue", "beta", "influence", -1, 1, Cause.CARD, "exodus", "", 0, -1),
        Change(1, "red", "beta", "influence", -1, 1, Cause.CARD, "exodus", "", 0, -1),
        Change(1, "", "beta", "stability", -1, 1, Cause.CARD, "exodus", "", 0, -1),
    ]
    assert position(game)["regions"]["beta"] == (1, {"blue": 1, "red": 1, "green": 0})


def test_3_4_a_faction_card_changes_that_factions_numbers():
    """Board: Budget cuts (leader; budget -2) lands on Blue, the leader 3 to 2.
    Blue's budget falls from 10 to 8; Red's is untouched.
    """
    game = new_game("board")
    game.inject("cuts")
    assert lines(game, game.log) == ["Facilitator inject: Budget cuts → B Blue", "B Blue: budget -2 → 8 (event Budget cuts)"]
    assert game.state.factions["red"].budget == 10


# -- 3.5 modifiers and their scope ---------------------------------------------------------------


def test_3_5_a_region_modifier_touches_every_factions_moves_there():
    """Board, seed 0. Rumour mill (gains halved) is injected on North.
    Orders: Blue military aid → North; Red arms sale → South.

    Blue's +2 in North is halved to +1 (rounded down); its spillover of +1 to
    East is not (East has no event). Red's sale in South is untouched: +2.
    """
    game = new_game("board")
    game.inject("rumours", "north")
    entries = play(game, blue=Order("aid", "north"), red=Order("arms", "south"))
    assert lines(game, entries) == [
        "B Blue order 1: Military aid → North (cost 2)",
        "B Blue: budget -2 → 8 (Military aid, B Blue order 1)",
        "B Blue: influence in North +1 → 3 (asked +2) (Military aid, B Blue order 1)",
        "B Blue: influence in East +1 → 1 (Military aid, B Blue order 1)",
        "R Red order 1: Arms sale → South (cost 1)",
        "R Red: budget -1 → 9 (Arms sale, R Red order 1)",
        "R Red: influence in South +2 → 3 (Arms sale, R Red order 1)",
        "R Red: budget +1 → 10 (Arms sale, R Red order 1)",
        "R Red: credibility -1 → 4 (Arms sale, R Red order 1)",
        "B Blue: budget +2 → 10 (income)",
        "R Red: budget +2 → 12 (income)",
        "B Blue scores 7 (+4)",
        "R Red scores 6 (+4)",
    ]


def test_3_5_a_faction_modifier_touches_that_faction_everywhere_but_only_its_categories():
    """Board: Budget cuts (training and exercises cost 1 more) lands on Blue.
    Blue's training costs 3 in every region and its exercise 4; its aid still
    costs 2; Red's training still costs 2.
    """
    game = new_game("board")
    game.inject("cuts")
    blue = {(o.move.id, o.target): o.cost for o in game.options("blue")}
    red = {(o.move.id, o.target): o.cost for o in game.options("red")}
    assert [blue["training", r] for r in ("north", "east", "south")] == [3, 3, 3]
    assert blue["exercise", "east"] == 4
    assert blue["aid", "east"] == 2
    assert red["training", "north"] == 2


# -- 3.6 injects -----------------------------------------------------------------------------------


def test_3_6_an_inject_plays_at_once_and_is_recorded_as_an_input():
    """Board: the facilitator injects Naval stand-off (fixed on East). It is
    played at once, logged as an inject and kept in the turn's inputs; a card
    that does not exist, or a target of the wrong kind, is refused.
    """
    game = new_game("board")
    game.inject("blockade")
    assert game.log == [CardPlayed(1, "blockade", ("east",), "inject")]
    assert game.inputs[1] == [Inject("blockade", "")]
    with pytest.raises(OrderError, match="there is no card 'meteor' in this scenario"):
        game.inject("meteor")
    with pytest.raises(OrderError, match="card 'cuts' targets a faction; 'east' is not one"):
        game.inject("cuts", "east")
    assert len(game.inputs[1]) == 1


def test_3_6_an_injected_card_does_not_come_from_the_deck():
    """Deck, seed 2: injecting Snap drill leaves the draw pile and the
    discard pile as they were.
    """
    game = new_game("deck", seed=2)
    game.inject("drill")
    assert (game.state.draw_pile, game.state.discard) == (["drill", "drill"], ["leak"])
