"""A turn in review: each faction's orders with the outcome the log records, events, scores."""

from __future__ import annotations

from pathlib import Path

from engine import Game, Order, load_scenario_file
from engine.catalog import load_bundled
from engine.log import CardPlayed, OrderFizzled, OrderResolved, Rolled
from players.bots import GreedyBot, RandomBot
from tui.turn_summary import FAILED, FIZZLED, SUCCEEDED, resolved_turns, turn_summary


def played(turns: int) -> Game:
    game = Game(load_bundled("indo_pacific"), 11)
    for index in range(turns):
        for faction in game.factions:
            bot = GreedyBot() if index % 2 else RandomBot()
            game.submit(faction, bot.choose(game, faction))
        game.resolve()
    return game


def test_each_order_sits_under_its_faction_with_the_logged_outcome_and_scores_move_as_recorded():
    game = played(3)
    view = game.view()
    assert resolved_turns(view) == [1, 2, 3]
    describe_names = {f.id: f"{f.letter} {f.name}" for f in game.scenario.factions}
    for turn in resolved_turns(view):
        lines = turn_summary(view, turn).plain.splitlines()
        assert lines[0] == f"Turn {turn}"
        heads = {f: next(i for i, line in enumerate(lines) if line.startswith(describe_names[f])) for f in game.factions}
        bounds = [*sorted(heads.values()), len(lines)]
        entries = view.turn_log(turn)
        rolls = {(e.faction, e.order): e.success for e in entries if isinstance(e, Rolled)}
        for faction, start in heads.items():
            block = lines[start : bounds[bounds.index(start) + 1]]
            before, after = dict(view.history[turn - 1].scores)[faction], dict(view.history[turn].scores)[faction]
            assert f"score {before} → {after}" in block[0]
            outcomes = [line.strip()[0] for line in block[1:] if line.strip()[:1] in (SUCCEEDED, FAILED, FIZZLED)]
            expected = []
            for entry in entries:
                if isinstance(entry, OrderFizzled) and entry.faction == faction:
                    expected.append(FIZZLED)
                elif isinstance(entry, OrderResolved) and entry.faction == faction:
                    expected.append(SUCCEEDED if rolls.get((faction, entry.order), True) else FAILED)
            assert outcomes == expected, (turn, faction)
        for card in (e for e in entries if isinstance(e, CardPlayed)):
            assert any(game.scenario.card(card.card).name in line for line in lines[: min(bounds)])


def test_the_summary_wraps_under_a_hanging_indent():
    view = played(2).view()
    lines = turn_summary(view, 2, width=50).plain.splitlines()
    assert all(len(line) <= 50 for line in lines)
    assert not any(line and not line.startswith(" ") and line[0] not in "TESHM" for line in lines), "no wrapped line at column 0"


def test_a_partners_attitude_change_is_named_with_its_region():
    """Format 2 (rule 13.3): Red's relief in North makes North grateful to Red (goodwill +1), which the
    summary lists among Red's changes (it raised a KeyError before: an attitude is not a track)."""
    game = Game(load_scenario_file(Path(__file__).parent.parent / "rules" / "scenarios" / "partners.toml"), 0)
    game.submit("red", [Order("relief", "north")])
    game.resolve()
    text = " ".join(turn_summary(game.view(), 1).plain.split())
    assert "changes: influence North +1, goodwill in North +1" in text
