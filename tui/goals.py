"""What a faction plays for, read from a view: its objectives' progress and the race to victory."""

from __future__ import annotations

from engine.model import Objective
from engine.views import GameView


def objective_progress(objective: Objective, view: GameView, faction: str) -> str:
    """How far ``faction`` is from ``objective`` now, in a few words.

    ``you 1, M 3 leads`` (control), ``influence 2 of 4`` (influence),
    ``5 of 8`` (a track), ``1 of 2 regions`` (a bloc).
    """
    scenario = view.scenario
    if objective.kind == "control":
        region = view.regions[objective.region]
        mine = region.influence[faction]
        if region.controller == faction:
            return f"held, influence {mine}"
        rivals = {f: v for f, v in region.influence.items() if f != faction}
        leader = max(rivals, key=rivals.__getitem__, default="")
        lead = f", {scenario.faction(leader).letter} has {rivals[leader]}" if leader and rivals[leader] else ""
        return f"you have {mine}{lead}; control needs {scenario.scoring.control_min} and the most"
    if objective.kind == "influence":
        return f"influence {view.regions[objective.region].influence[faction]} of {objective.value}"
    if objective.kind == "track":
        return f"{scenario.track(objective.track).name.lower()} {view.factions[faction].tracks[objective.track]} of {objective.value}"
    held = sum(1 for r in scenario.regions if objective.bloc in r.blocs and view.regions[r.id].controller == faction)
    return f"{held} of {objective.value} regions controlled"


def last_gain(view: GameView, faction: str) -> int:
    """How much ``faction``'s score changed over the last resolved turn (0 before any)."""
    if len(view.history) < 2:
        return 0
    return dict(view.history[-1].scores)[faction] - dict(view.history[-2].scores)[faction]


def near_victory(view: GameView) -> list[str]:
    """Factions one turn from the victory score: another turn like their last would reach it.

    Empty when the scenario has no score victory or the game is over.
    """
    target = view.scenario.victory.score
    if not target or view.outcome is not None:
        return []
    near = []
    for faction, record in view.factions.items():
        gain = last_gain(view, faction)
        if record.score < target <= record.score + max(gain, 0):
            near.append(faction)
    return near


def victory_warning(view: GameView) -> str:
    """One sentence naming every faction one turn from the victory score, or empty."""
    scenario = view.scenario
    parts = [f"{scenario.faction(f).letter} {scenario.faction(f).name} {view.factions[f].score}" for f in near_victory(view)]
    if not parts:
        return ""
    return f"⚠ One turn from victory ({scenario.victory.score}): {', '.join(parts)}"


def victory_condition(view: GameView) -> str:
    """How the game is won, in one sentence with this scenario's numbers."""
    scenario = view.scenario
    victory = scenario.victory
    text = f"Win: the highest score after turn {scenario.turns}"
    if victory.score:
        text += f", or first to a score of {victory.score}"
    if victory.collapse_track:
        track = scenario.track(victory.collapse_track)
        text += f"; {track.name.lower()} at {track.min} collapses a faction"
    if any(f.aim is not None for f in scenario.factions):
        text += "; a faction that meets its own aim wins at once"
    for coalition in scenario.coalitions:
        members = ", ".join(scenario.faction(f).name for f in coalition.members)
        text += f"; {coalition.name} ({members}) win or lose together"
    return text + "."
