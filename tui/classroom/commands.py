"""The console's command palette: every key of the screen in front, by name.

One ``Provider`` for every screen of the facilitator's console
(``COMMANDS = {ConsoleCommands}``): at 80 columns the footer is too narrow
for all of a world's keys, and ``ctrl+p`` finds any of them by its
description. A key that does nothing right now (``check_action`` dims it)
is left out.
"""

from __future__ import annotations

from functools import partial

from textual.binding import Binding
from textual.command import Hit, Hits, Provider

from tui.classroom.keys import key_name


class ConsoleCommands(Provider):
    """Every key of the console screen in front, by name (the footer may be too narrow for all)."""

    async def search(self, query: str) -> Hits:
        """The screen's described keys that can act now, matching ``query``: ``Resolve (r)``."""
        matcher = self.matcher(query)
        screen = self.screen
        for binding in getattr(screen, "BINDINGS", ()):
            if not isinstance(binding, Binding) or not binding.description:
                continue
            if screen.check_action(binding.action, ()) is not True:
                continue
            text = f"{binding.description} ({key_name(binding)})"
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, matcher.highlight(text), partial(screen.run_action, binding.action), help=binding.tooltip or None)
