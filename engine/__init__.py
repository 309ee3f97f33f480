"""Détente's game engine: pure, deterministic and headless.

The engine never imports Textual, never reads the wall clock and never touches
the global random generator. The public entry points are re-exported here:

>>> from engine import Game, load_scenario_text, Order
"""

from engine.errors import DetenteError, OrderError, RecordError, ScenarioError
from engine.game import Game, Order, OrderOption
from engine.scenario_loader import load_scenario_file, load_scenario_text
from engine.version import ENGINE_VERSION as __version__

__all__ = [
    "DetenteError",
    "Game",
    "Order",
    "OrderError",
    "OrderOption",
    "RecordError",
    "ScenarioError",
    "load_scenario_file",
    "load_scenario_text",
]
