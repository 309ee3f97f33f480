"""Détente's game engine: pure, deterministic and headless.

The engine never imports Textual, never reads the wall clock and never touches
the global random generator. The public entry points are available here and
imported on first use, so that a tool needing only part of the engine (the
title screen lists scenarios) does not pay for the rest:

>>> from engine import Game, load_scenario_text, Order
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from engine import version

if TYPE_CHECKING:  # the names __getattr__ imports on first use, for type checkers
    from engine.errors import DetenteError as DetenteError
    from engine.errors import OrderError as OrderError
    from engine.errors import RecordError as RecordError
    from engine.errors import ScenarioError as ScenarioError
    from engine.game import Game as Game
    from engine.game import OrderOption as OrderOption
    from engine.inputs import Order as Order
    from engine.scenario_loader import load_scenario_file as load_scenario_file
    from engine.scenario_loader import load_scenario_text as load_scenario_text

__version__ = version.ENGINE_VERSION

_PUBLIC = {
    "DetenteError": "engine.errors",
    "OrderError": "engine.errors",
    "RecordError": "engine.errors",
    "ScenarioError": "engine.errors",
    "Game": "engine.game",
    "Order": "engine.inputs",
    "OrderOption": "engine.game",
    "load_scenario_file": "engine.scenario_loader",
    "load_scenario_text": "engine.scenario_loader",
}

__all__ = sorted(_PUBLIC)


def __getattr__(name: str) -> object:
    """Import a public name from its module the first time it is asked for."""
    if name not in _PUBLIC:
        raise AttributeError(f"module 'engine' has no attribute {name!r}")
    value = getattr(importlib.import_module(_PUBLIC[name]), name)
    globals()[name] = value
    return value
