"""The bundled scenario library: every scenario meets the brief, plays and replays.

The brief (issue 5): each bundled scenario has 2 to 6 factions, at least 12
event cards among which disinformation, budget cuts and domestic opposition
all appear, learning objectives, 8 to 12 turns and a facilitator page in
docs/scenarios/. A short random-bot game of each completes and its record
verifies on replay.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest

from engine import Game
from engine.catalog import bundled_ids, earlier_versions, load_bundled
from engine.inputs import Order
from engine.log import Rolled
from engine.model import TargetKind
from engine.record import parse_record, record_lines, replay
from engine.scenario_loader import load_scenario_text
from players.autoplay import autoplay
from players.bots import RandomBot

DOCS = Path(__file__).resolve().parent.parent / "docs" / "scenarios"
CREATED = "2026-01-02T03:04:05Z"
REQUIRED_CARD_CATEGORIES = {"disinformation", "budget_cut", "domestic_opposition"}
IDS = bundled_ids()


def test_the_library_has_at_least_four_scenarios():
    assert len(IDS) >= 4
    assert "indo_pacific" in IDS


@pytest.fixture(scope="module", params=IDS)
def scenario(request):
    return load_bundled(request.param)


def test_the_id_matches_the_file_name(scenario):
    assert scenario.id in IDS


def test_size_and_length_meet_the_brief(scenario):
    assert 2 <= len(scenario.factions) <= 6
    assert 8 <= scenario.turns <= 12
    assert scenario.learning_objectives


def test_the_deck_has_the_required_categories(scenario):
    assert len(scenario.cards) >= 12
    categories = {card.category for card in scenario.cards}
    assert REQUIRED_CARD_CATEGORIES <= categories
    in_deck = {card.category for card in scenario.cards if card.copies > 0}
    assert REQUIRED_CARD_CATEGORIES <= in_deck, "each required category can be drawn, not only scheduled"


def test_every_faction_has_objectives_and_every_text_is_written(scenario):
    for faction in scenario.factions:
        assert faction.objectives, faction.id
        assert faction.summary, faction.id
    for region in scenario.regions:
        assert region.summary, region.id
    for move in scenario.moves:
        assert move.summary, move.id
    assert scenario.summary


def test_every_move_can_be_ordered_by_someone_at_the_start(scenario):
    """No dead entries in the catalogue: each move's track requirements are met
    by some faction's starting values (event and board conditions aside)."""
    for move in scenario.moves:
        needs = dict(move.requires.tracks)
        starts = [dict(f.tracks) for f in scenario.factions]
        mins = {t.id: t.min for t in scenario.tracks}
        assert any(all(s.get(t, mins[t]) >= v for t, v in needs.items()) for s in starts), move.id


def test_every_move_has_a_target_kind_the_engine_knows(scenario):
    assert {m.target for m in scenario.moves} <= set(TargetKind)


def test_counters_exist_for_the_pressures(scenario):
    """Disinformation and domestic opposition can be answered by some move."""
    for category in ("disinformation", "domestic_opposition"):
        cards = [c for c in scenario.cards if c.category == category]
        assert any(c.countered_by for c in cards), category


def test_a_facilitator_page_exists(scenario):
    page = DOCS / f"{scenario.id}.md"
    assert page.is_file(), f"missing {page}"
    text = page.read_text(encoding="utf-8")
    for heading in ("## Set-up", "45-minute class", "90-minute class", "## Discussion questions", "## Learning objectives", "## Balance"):
        assert heading in text, f"{page.name} lacks {heading!r}"
    assert f"detente balance {scenario.id} --games 2000" in text, "the balance figures need the command that measured them"
    for card in scenario.cards:
        assert card.name in text, f"{page.name} does not discuss the card {card.name!r}"


def test_the_index_lists_every_scenario():
    index = (DOCS / "README.md").read_text(encoding="utf-8")
    for scenario_id in IDS:
        assert f"{scenario_id}.md" in index, scenario_id


@pytest.mark.parametrize("seed", [3, 8])
def test_a_random_game_completes_and_replays(scenario, seed):
    game = autoplay(Game(scenario, seed), {f: RandomBot() for f in (f.id for f in scenario.factions)})
    assert game.is_over
    assert game.outcome.winners or game.outcome.losers
    lines = record_lines(game, dict.fromkeys(game.factions, "random"), CREATED)
    result = replay(parse_record("\n".join(lines) + "\n"))
    assert result.verified, result.mismatch
    assert result.game.digest() == game.digest()


@pytest.mark.parametrize("name", sorted(item.name for item in resources.files("scenarios").joinpath("earlier").iterdir()))
def test_an_earlier_version_is_a_valid_scenario_that_a_bundled_one_replaced(name):
    """scenarios/earlier/ID-HASH.toml: a version of bundled scenario ID that Détente shipped before a retune, byte for
    byte (HASH starts its SHA-256); records and sessions made with it replay, and the bundled rubric grades them."""
    scenario_id, _, digest = name.removesuffix(".toml").rpartition("-")
    text = resources.files("scenarios").joinpath("earlier", name).read_text(encoding="utf-8")
    scenario = load_scenario_text(text, name)
    assert scenario.id == scenario_id and scenario_id in bundled_ids()
    assert scenario.sha256.startswith(digest) and len(digest) == 12
    assert scenario.source != load_bundled(scenario_id).source
    assert text in earlier_versions(scenario_id)


def test_northern_alliances_forged_withdrawal_halves_deeds_but_not_the_rebuttal():
    """northern_alliance: a forged withdrawal order halves what deeds buy where it lands (a defence dialogue's
    +1 becomes +0), but a strategic communication that rebuts it gains in full (+1, and +1 more as an answer),
    so a player weighing the answer sees what it is worth; before the third retune the forgery halved its own
    rebuttal to nothing. Communication resolves first, so the rebuttal also clears the way for the dialogue."""
    scenario = load_bundled("northern_alliance")

    def gains(seed, orders):
        game = Game(scenario, seed)
        game.inject("forged_withdrawal", "dorvia")
        before = dict(game.state.regions["dorvia"].influence)
        for faction, order in orders.items():
            game.submit(faction, [order])
        game.resolve()
        if not all(e.success for e in game.log if isinstance(e, Rolled) and e.turn == 1):
            return None
        after = game.state.regions["dorvia"].influence
        return {faction: after[faction] - before[faction] for faction in orders}

    dialogue = Order("defence_dialogue", "dorvia")
    both = next(g for g in (gains(seed, {"rhenmark": Order("strategic_comms", "dorvia"), "sarmatia": dialogue}) for seed in range(30)) if g)
    alone = next(g for g in (gains(seed, {"sarmatia": dialogue}) for seed in range(30)) if g)
    assert both == {"rhenmark": 2, "sarmatia": 1}
    assert alone == {"sarmatia": 0}
