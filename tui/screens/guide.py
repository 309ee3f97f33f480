"""A guided first turn: short cards over the table that explain it as the player goes."""

from __future__ import annotations

from rich.markdown import Markdown as RichMarkdown
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.widgets.key_bar import KeyBar

GUIDE: dict[str, tuple[tuple[str, str], ...]] = {
    "start": (
        (
            "Your first turn",
            "You lead **S Seaboard Federation** against two bots. Each turn: events are drawn, "
            "everyone gives secret orders, then the orders resolve one by one. These cards explain "
            "the screen as you go; `enter` moves on, `escape` leaves the guide.",
        ),
        (
            "The board (top left)",
            "One line per region. `S 3` is Seaboard's **influence** there; `★` marks who "
            "**controls** the region (the most influence, and enough of it). `s5` is the region's "
            "**stability** (0 to 5): shaky regions make rolls harder. `⚑` is an event in play there.",
        ),
        (
            "The tracks (top right)",
            "Every faction's numbers: `$11` budget and `+7` income, **credibility** and **domestic "
            "support**, and the score out of the victory score (`21/65`). Under them: what you play "
            "for, your objectives with how far you are. `k` shows them full screen.",
        ),
        (
            "Events and the log (bottom)",
            "Events in play and what they do to moves; `e` shows them full screen. The log on the "
            "right tells every roll and every change with its cause. `g` explains every mark.",
        ),
        (
            "Give an order",
            "Press `a`. Pick a move: each shows its cost and its **chance** of success; below the "
            "list you see what it does, what it pays later and why a greyed one is not possible. "
            "Then pick a target and say why (optional).",
        ),
    ),
    "order_added": (
        (
            "An order in your list",
            "It shows its cost (`−3`) and the budget left. You may give up to three; unspent budget "
            "carries over. A **roll** is one six-sided die plus modifiers (receptivity, stability, "
            "credibility, events); reaching the move's difficulty succeeds. Press `s` to submit.",
        ),
    ),
    "reviewed": (
        (
            "That was a turn",
            "You saw each order's roll and effect as it was revealed (`space` pauses, `n` steps, "
            "`r` replays), then the turn's review (`v` brings it back). Play on as you like: the "
            "game is saved after every step, `q` quits and tells you how to resume, `?` is the help.",
        ),
    ),
}
"""The guide's cards, by the moment they appear: each a title and a short text (Markdown)."""


class GuideCard(ModalScreen[bool]):
    """One card of the guide, low on the screen so the table stays in view; dismisses with True
    to go on with the guide or False to leave it."""

    BINDINGS = [
        Binding("enter", "next", "Next", id="guide.next"),
        Binding("escape", "leave", "Leave the guide", id="guide.leave"),
    ]

    DEFAULT_CSS = """
    GuideCard { align: center bottom; background: $background 30%; }
    GuideCard > Vertical {
        width: 80%; max-width: 90; height: auto; max-height: 60%;
        border: thick $accent; background: $surface; padding: 0 1; margin-bottom: 1;
        border-title-align: left;
    }
    GuideCard Static { height: auto; }
    """

    def __init__(self, title: str, text: str, *, step: int, steps: int) -> None:
        super().__init__()
        self.title_text = title
        self.text = text
        self.step = step
        self.steps = steps

    def compose(self) -> ComposeResult:
        with Vertical() as card:
            card.border_title = f"Guide · {self.title_text}"
            card.border_subtitle = f"{self.step} of {self.steps} · enter: next · escape: leave the guide"
            yield Static(RichMarkdown(self.text), id="text")
        yield KeyBar()

    def action_next(self) -> None:
        """On to the next card (or back to the table)."""
        self.dismiss(True)

    def action_leave(self) -> None:
        """No more cards."""
        self.dismiss(False)
