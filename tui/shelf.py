"""The bundled scenarios as the title screen shows them, read without the engine's loader.

The title screen lists every bundled scenario with its summary, factions and
size. Loading and checking them all with ``engine.scenario_loader`` (and
importing it) was most of the time before the first frame; the few keys shown
here are read straight from the TOML instead, and the chosen scenario alone is
then loaded and checked in full (``engine.catalog.find_scenario``). A test holds
every card equal to the one made from the loaded scenario.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING, Any

import tomli  # the compiled parser the engine reads scenarios with: the title's cards parse several times faster

if TYPE_CHECKING:
    from engine.model import Scenario


@dataclass(frozen=True)
class FactionCard:
    """A faction as the title screen names it."""

    id: str
    letter: str
    name: str
    summary: str


@dataclass(frozen=True)
class ScenarioCard:
    """What the title screen shows of a scenario before it is chosen."""

    id: str
    title: str
    summary: str
    turns: int
    orders_per_turn: int
    events_per_turn: int
    regions: int
    """How many regions the board has."""
    moves: int
    """How many moves the catalogue has."""
    cards: int
    """How many event cards the scenario has."""
    victory_score: int
    """The score that ends the game early; 0 when there is none."""
    learning_objectives: tuple[str, ...]
    factions: tuple[FactionCard, ...]

    @classmethod
    def from_scenario(cls, scenario: Scenario) -> ScenarioCard:
        """The card of a scenario already loaded."""
        return cls(
            id=scenario.id,
            title=scenario.title,
            summary=scenario.summary,
            turns=scenario.turns,
            orders_per_turn=scenario.orders_per_turn,
            events_per_turn=scenario.events_per_turn,
            regions=len(scenario.regions),
            moves=len(scenario.moves),
            cards=len(scenario.cards),
            victory_score=scenario.victory.score,
            learning_objectives=tuple(scenario.learning_objectives),
            factions=tuple(FactionCard(f.id, f.letter, f.name, f.summary) for f in scenario.factions),
        )

    @classmethod
    def from_toml(cls, raw: dict[str, Any]) -> ScenarioCard:
        """The card of a bundled scenario's TOML, parsed (its defaults are the loader's)."""
        return cls(
            id=raw["id"],
            title=raw["title"],
            summary=raw.get("summary", ""),
            turns=raw["turns"],
            orders_per_turn=raw.get("orders_per_turn", 3),
            events_per_turn=raw.get("events_per_turn", 1),
            regions=len(raw.get("regions", [])),
            moves=len(raw.get("moves", [])),
            cards=len(raw.get("cards", [])),
            victory_score=raw.get("victory", {}).get("score", 0),
            learning_objectives=tuple(raw.get("learning_objectives", [])),
            factions=tuple(FactionCard(f["id"], f["letter"], f["name"], f.get("summary", "")) for f in raw["factions"]),
        )


def bundled_cards() -> list[ScenarioCard]:
    """A card for every bundled scenario, sorted by id (the order of ``engine.catalog.bundled_ids``)."""
    folder = resources.files("scenarios")  # the bundled data files, found as engine.catalog finds them
    files = sorted((item for item in folder.iterdir() if item.name.endswith(".toml")), key=lambda item: item.name[:-5])
    return [ScenarioCard.from_toml(tomli.loads(item.read_text(encoding="utf-8"))) for item in files]
