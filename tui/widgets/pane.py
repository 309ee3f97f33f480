"""A bordered panel that scrolls what it holds and says when it holds more than it shows."""

from __future__ import annotations

from textual import events
from textual.containers import VerticalScroll
from textual.geometry import Size
from textual.widget import Widget

MORE_BELOW, MORE_ABOVE = "↓ more", "↑ more"
"""Written in the border's bottom line when lines are hidden below or above."""


class Pane(VerticalScroll):
    """A focusable, scrolling box around one widget, with its title in the top border.

    Whenever its content is taller than the box, the bottom border says so
    and names the screen's key for the panel (``↓ more · e: full screen``),
    so nothing is ever silently cut off; arrows and page keys scroll it once
    focused, and ``zoom`` fills the screen with it (``escape`` gives the
    table back).
    """

    ALLOW_MAXIMIZE = True

    DEFAULT_CSS = """
    Pane { border: round $primary; height: 1fr; scrollbar-size-vertical: 1; scrollbar-gutter: stable; }
    Pane:focus { border: round $accent; }
    Pane > * { height: auto; }
    """

    def __init__(self, *children: Widget, title: str, key: str, id: str | None = None) -> None:
        super().__init__(*children, id=id)
        self.border_title = title
        """The panel's name, in its top border."""
        self.key = key
        """The screen's key that fills the screen with this panel."""

    def watch_scroll_y(self, old: float, new: float) -> None:
        super().watch_scroll_y(old, new)
        self.show_more()

    def watch_virtual_size(self, size: Size) -> None:
        """The content changed height: say again whether more is hidden."""
        self.show_more()

    def on_resize(self, event: events.Resize) -> None:
        self.show_more()

    def show_more(self) -> None:
        """Write in the bottom border whether lines are hidden above or below, and how to see them."""
        hidden = []
        if self.scroll_y > 0:
            hidden.append(MORE_ABOVE)
        if self.scroll_y < self.max_scroll_y:
            hidden.append(MORE_BELOW)
        self.border_subtitle = " ".join(hidden) + f" · {self.key}: full screen" if hidden else ""

    @property
    def holds_more(self) -> bool:
        """Whether some of the content is out of sight right now."""
        return self.max_scroll_y > 0

    def action_zoom(self) -> None:
        """Fill the screen with this panel, or give the table back."""
        if self.screen.maximized is self:
            self.screen.minimize()
        else:
            self.focus()
            self.screen.maximize(self, container=False)
