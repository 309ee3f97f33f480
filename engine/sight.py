"""What one faction may see in a fogged game (rule 16): the answer to "is this number shown?".

A ``Sight`` travels with a faction's view (``GameView.sight``) so that every client draws the
view the same way: a hidden budget as unknown, another faction's influence as its band, a region's
receptivity and attitudes only where revealed. A view without a sight shows everything.
"""

from __future__ import annotations

from collections.abc import Mapping

import engine.valueclass as valueclass
from engine.model import Fog


@valueclass.frozen
class Sight:
    """The faction a view is seen by, the scenario's fog and the regions revealed to that faction."""

    faction: str
    """The faction seeing; "" for the public (a projector), who sees no faction's own numbers."""
    fog: Fog
    revealed: Mapping[str, int]
    """Regions whose receptivity and attitudes the faction sees (rule 16.3), with the turn each was revealed on."""

    def sees_budget(self, faction: str) -> bool:
        """True for the faction's own budget and income; others' are hidden (rule 16.1)."""
        return bool(faction) and faction == self.faction

    def sees_influence(self, faction: str) -> bool:
        """True when ``faction``'s influence is shown exactly: its own, or every one under ``exact``."""
        return (bool(faction) and faction == self.faction) or self.fog.influence == "exact"

    def sees_region(self, region: str) -> bool:
        """True when ``region``'s receptivity and attitudes are revealed to the faction."""
        return region in self.revealed

    def sees_change(self, region: str, turn: int) -> bool:
        """True when a change of turn ``turn`` to ``region``'s receptivity or attitudes is shown: the region is
        revealed, on that turn or before (rule 16.4; a faction's log never grows into turns it has seen)."""
        return region in self.revealed and self.revealed[region] <= turn

    def shown_influence(self, faction: str, value: int) -> int:
        """The number a view holds for ``faction``'s influence ``value``: the value itself when seen,
        the lowest value of its band under ``banded``, 0 under ``unknown``."""
        if self.sees_influence(faction):
            return value
        return self.fog.band(value)[0] if self.fog.influence == "banded" else 0

    def hides_influence(self, faction: str) -> bool:
        """True when ``faction``'s influence is not shown at all (``unknown``): nothing, not even 0, is known."""
        return not self.sees_influence(faction) and self.fog.influence == "unknown"

    def influence_width(self, maximum: int) -> int:
        """The most characters ``influence_text`` takes for an influence from 0 to ``maximum``."""
        texts = [str(maximum)]
        if self.fog.influence == "banded":
            texts += [self.influence_text("", value) for value in (0, *self.fog.bands) if value <= maximum]
        return max(len(text) for text in texts)

    def influence_text(self, faction: str, value: int) -> str:
        """How ``faction``'s influence (as the view holds it) is written: ``4``, a band ``3-4`` or
        ``5+``, or ``?``."""
        if self.sees_influence(faction):
            return str(value)
        if self.fog.influence == "unknown":
            return "?"
        low, high = self.fog.band(value)
        if high is None:
            return f"{low}+"
        return str(low) if low == high else f"{low}-{high}"
