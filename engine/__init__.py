"""Détente's game engine: pure, deterministic and headless.

The engine never imports Textual, never reads the wall clock and never touches
the global random generator. The public entry points are available here and
imported on first use, so that a tool needing only part of the engine (the
title screen lists scenarios) does not pay for the rest:

>>> from engine import Game, load_scenario_text, Order
"""

from __future__ import annotations

import importlib

from engine.version import ENGINE_VERSION as __version__

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


def __getattr__(name: str):
    """Import a public name from its module the first time it is asked for."""
    if name not in _PUBLIC:
        raise AttributeError(f"module 'engine' has no attribute {name!r}")
    value = getattr(importlib.import_module(_PUBLIC[name]), name)
    globals()[name] = value
    return value
