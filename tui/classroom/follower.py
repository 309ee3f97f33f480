"""A console screen that follows the session's overview."""

from __future__ import annotations

from textual import on
from textual.screen import Screen

from classroom.values import Overview
from tui.classroom.controller import ConsoleController


class OverviewScreen(Screen[None]):
    """A facilitator's screen drawn from the controller's overviews: once it calls ``follow`` (on
    mount), it redraws from every overview the controller reads, until it is unmounted."""

    controller: ConsoleController

    def follow(self) -> None:
        """Attach to the controller and draw the last overview it read, if any, at once."""
        overview = self.controller.attach(self)
        if overview is not None:
            self.show_overview(overview, True)

    def on_unmount(self) -> None:
        self.controller.detach(self)

    @on(ConsoleController.Polled)
    def _polled(self, message: ConsoleController.Polled) -> None:
        self.show_overview(message.overview, message.changed)

    def show_overview(self, overview: Overview, changed: bool) -> None:
        """Redraw from ``overview``; ``changed`` is False when no world moved since the last one."""
        raise NotImplementedError
