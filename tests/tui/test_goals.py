"""What a faction plays for: objective progress and the warning one turn from victory."""

from __future__ import annotations

from engine import Game, valueclass
from engine.catalog import load_bundled
from engine.views import GameView
from players.bots import GreedyBot
from tui.goals import near_victory, objective_progress, victory_condition, victory_warning
from tui.widgets.tracks import NEAR_VICTORY, TracksPanel


def with_scores(view: GameView, before: dict[str, int], now: dict[str, int]) -> GameView:
    """``view`` whose last two snapshots and current scores are the ones given."""
    last, previous = view.history[-1], view.history[0]
    history = (valueclass.evolve(previous, scores=tuple(before.items())), valueclass.evolve(last, turn=1, scores=tuple(now.items())))
    factions = {f: valueclass.evolve(record, score=now[f]) for f, record in view.factions.items()}
    return valueclass.evolve(view, history=history, factions=factions)


def test_a_faction_one_turn_like_its_last_from_victory_is_named_and_flagged():
    view = Game(load_bundled("indo_pacific"), 5).view()
    target = view.scenario.victory.score
    near = with_scores(view, {"seaboard": 50, "heartland": 40, "meridian": 60}, {"seaboard": 58, "heartland": 60, "meridian": 62})
    assert near_victory(near) == ["seaboard", "heartland"], "S gains 8 and needs 7; H gains 20; M gains 2 and needs 3"
    warning = victory_warning(near)
    assert f"({target})" in warning and "S Seaboard Federation 58" in warning and "Meridian" not in warning
    lines = TracksPanel.render_tracks(near, None, 39).plain.splitlines()
    assert lines[0].startswith("⚠ One turn from victory")
    flagged = [line for line in lines if line.rstrip().endswith(NEAR_VICTORY)]
    assert [line.split()[0] for line in flagged] == ["S", "H"]
    far = with_scores(view, {"seaboard": 10, "heartland": 10, "meridian": 10}, {"seaboard": 20, "heartland": 20, "meridian": 20})
    assert near_victory(far) == [] and victory_warning(far) == ""


def test_objective_progress_reads_the_position():
    game = Game(load_bundled("indo_pacific"), 5)
    for _ in range(2):
        for faction in game.factions:
            game.submit(faction, GreedyBot().choose(game, faction))
        game.resolve()
    view = game.view()
    for faction in game.factions:
        for objective in game.scenario.faction(faction).objectives:
            progress = objective_progress(objective, view, faction)
            if objective.kind == "influence":
                assert progress == f"influence {view.regions[objective.region].influence[faction]} of {objective.value}"
            if objective.kind == "control" and view.regions[objective.region].controller == faction:
                assert progress.startswith("held")
            if objective.kind == "track":
                assert progress.endswith(f"{view.factions[faction].tracks[objective.track]} of {objective.value}")
    assert victory_condition(view) == "Win: the highest score after turn 10, or first to a score of 65; domestic support at 0 collapses a faction."
