"""A team's debrief at the end of a classroom game: the game screen's debrief, its keys saying what they do here."""

from __future__ import annotations

from textual.binding import Binding

from tui.screens.debrief import DebriefScreen


class SeatDebrief(DebriefScreen):
    """The debrief on a team's seat. Leaving it goes back to the session's door (no new game starts here)."""

    BINDINGS = [
        Binding("n", "new_game", "Back to the door", id="debrief.new_game", tooltip="Close the debrief and return to the code screen"),
        Binding("q", "app.quit", "Quit", id="debrief.quit", tooltip="Close this seat's program; the session keeps the game"),
    ]
