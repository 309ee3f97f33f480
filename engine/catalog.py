"""Finding scenarios: the bundled ones by id, or a TOML file by path."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from engine.errors import Problem, ScenarioError
from engine.model import Scenario
from engine.scenario_loader import load_scenario_file, load_scenario_text


def bundled_ids() -> list[str]:
    """Ids of the scenarios shipped with Détente, sorted."""
    folder = resources.files("scenarios")
    return sorted(item.name[:-5] for item in folder.iterdir() if item.name.endswith(".toml"))


def bundled_scenarios() -> list[Scenario]:
    """Every bundled scenario, loaded and validated, sorted by id."""
    return [load_bundled(scenario_id) for scenario_id in bundled_ids()]


def load_bundled(scenario_id: str) -> Scenario:
    """The bundled scenario ``scenario_id``; ``ScenarioError`` if there is none."""
    if scenario_id not in bundled_ids():
        known = ", ".join(bundled_ids()) or "none"
        raise ScenarioError(scenario_id, [Problem("", f"no bundled scenario has this id (bundled: {known})")])
    text = resources.files("scenarios").joinpath(f"{scenario_id}.toml").read_text(encoding="utf-8")
    return load_scenario_text(text, f"scenarios/{scenario_id}.toml")


def earlier_versions(scenario_id: str) -> list[str]:
    """The sources of the earlier versions of bundled scenario ``scenario_id`` that Détente shipped before a
    retune (``scenarios/earlier/ID-HASH.toml``, byte for byte, by file name). Records and sessions made with
    one still replay, since they embed their scenario; the bundled rubric grades them too."""
    folder = resources.files("scenarios").joinpath("earlier")
    return [
        item.read_text(encoding="utf-8")
        for item in sorted(folder.iterdir(), key=lambda item: item.name)
        if item.name.endswith(".toml") and item.name[:-5].rpartition("-")[0] == scenario_id
    ]


def find_scenario(name: str) -> Scenario:
    """A bundled scenario by id, or a scenario file by path (anything with a ``/`` or ``.toml``)."""
    if "/" in name or "\\" in name or name.endswith(".toml") or Path(name).exists():
        return load_scenario_file(name)
    return load_bundled(name)
