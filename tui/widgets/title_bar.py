"""The game screen's header: the scenario's title and the game's status, the status kept whole."""

from __future__ import annotations

from textual import events
from textual.content import Content
from textual.widgets import Header
from textual.widgets._header import HeaderTitle

from tui.text import clip

SIDES = 18
"""Cells of the header's line taken by its icon (8) and the space for its clock (10)."""
MIN_TITLE = 12
"""Cells a shortened title keeps however long the status (beyond them, the status is cut)."""


class TitleBar(Header):
    """Textual's header, whose line is "title — status"; when both do not fit, the title is
    shortened (with an ellipsis) so that the status (the turn, who is ordering) stays whole.
    The full title is on the title screen and at the top of the help."""

    def format_title(self) -> Content:
        title, status = self.screen_title, self.screen_sub_title
        room = self.size.width - SIDES
        if status and room > 0 and len(title) + len(" — ") + len(status) > room:
            title = clip(title, max(room - len(" — ") - len(status), MIN_TITLE))
        return self.app.format_title(title, status)

    def on_resize(self, event: events.Resize) -> None:
        self.query_one(HeaderTitle).update(self.format_title())
