"""Faction colours and marks: a colour-blind-safe palette, never colour alone.

Colours are the Okabe-Ito set, distinguishable with the common forms of
colour blindness; every faction also has its letter, shown wherever its
colour is. With ``NO_COLOR`` set, Textual drops colour and the letters carry
the meaning alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol


class _Named(Protocol):
    @property
    def id(self) -> str: ...


class _Cast(Protocol):
    """A scenario, or the title screen's card of one: anything with its factions in order."""

    @property
    def factions(self) -> Sequence[_Named]: ...


OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#999999")
"""Blue, orange, bluish green, reddish purple, sky blue, vermilion, yellow, grey."""

SPARK = "▁▂▃▄▅▆▇█"


def faction_colours(scenario: _Cast) -> dict[str, str]:
    """Each faction's colour, by its position in the scenario."""
    return {f.id: OKABE_ITO[i % len(OKABE_ITO)] for i, f in enumerate(scenario.factions)}


def sparkline(values: list[int], low: int | None = None, high: int | None = None) -> str:
    """A one-line chart of ``values`` scaled between ``low`` and ``high`` (default: their own
    minimum and maximum); give every faction the same bounds to compare their charts."""
    if not values:
        return ""
    low = min(values) if low is None else low
    high = max(values) if high is None else high
    span = high - low or 1
    return "".join(SPARK[(v - low) * (len(SPARK) - 1) // span] for v in values)


def bar(value: int, maximum: int, width: int, fading: int = 0) -> str:
    """A bar of full blocks proportional to ``value`` out of ``maximum`` in ``width`` cells; the
    part of it that ``fading`` influence makes up (rule 13.2) drawn in ``FADING`` blocks."""
    if maximum <= 0 or value <= 0:
        return ""
    cells = max(1, round(value * width / maximum))
    faded = min(cells, max(1, round(fading * width / maximum))) if fading > 0 else 0
    return "█" * (cells - faded) + FADING * faded


FADING = "▒"
"""How a bar draws influence that fades unless renewed."""
