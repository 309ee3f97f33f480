"""Agreements on screen (rule 14): what is proposed and in force, and the steps a faction may take.

``AgreementsScreen`` is a ``ModalScreen`` the hot-seat game and the classroom
seat open with ``c``. It lists the scenario's agreement kinds (what each gives,
how long, what breaks it), the agreements proposed this turn and in force,
and one line per step the faction may take now: accept or decline a proposal
made to it, renounce an agreement it is party to, propose a kind to another
faction. Enter takes the highlighted step through the ``act`` it was given,
which returns why the step was refused (shown under the list) or None; the
screen then reads the game again through ``read``. Escape closes it.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from engine.describe import Describer
from engine.views import GameView
from tui.widgets.key_bar import KeyBar

Act = Callable[[str, str, str], str | None]
"""Take a step (act, agreement kind, other faction); why it was refused, or None."""
Read = Callable[[], GameView]
"""The game as the faction may see it now."""


def steps(view: GameView, faction: str, describe: Describer) -> list[tuple[str, str]]:
    """The steps ``faction`` may take now, as (label, ``act|kind|other``): answers first, then renouncing, then
    proposing each kind to each other faction with which that kind is neither proposed nor in force."""
    found: list[tuple[str, str]] = []
    taken = set()
    for agreement in view.agreements:
        kind, proposer, partner = agreement.agreement, agreement.proposer, agreement.partner
        taken.add((kind, frozenset(agreement.parties)))
        if partner == faction and agreement.status == "proposed":
            name = f"{describe.name(proposer)}'s {describe.name(kind)}"
            found += [(f"Accept {name}", f"accept|{kind}|{proposer}"), (f"Decline {name}", f"decline|{kind}|{proposer}")]
        elif faction in agreement.parties and agreement.status == "in_force" and not agreement.renounced:
            other = partner if faction == proposer else proposer
            found.append((f"Renounce {describe.name(kind)} with {describe.name(other)} (it breaks, at a price)", f"renounce|{kind}|{other}"))
    for offered in view.scenario.agreements:
        for other in view.factions:
            if other != faction and (offered.id, frozenset((faction, other))) not in taken:
                found.append((f"Propose {offered.name} to {describe.name(other)}", f"propose|{offered.id}|{other}"))
    return found


class AgreementsScreen(ModalScreen[None]):
    """A faction's agreements and the steps it may take on them."""

    BINDINGS = [Binding("escape", "close", "Close", id="agreements.close")]

    DEFAULT_CSS = """
    AgreementsScreen { align: center middle; }
    AgreementsScreen > #dialog {
        width: 100; max-width: 100%; height: auto; max-height: 100%;
        border: thick $accent; background: $surface; padding: 0 1;
    }
    AgreementsScreen #title { text-style: bold; width: 100%; }
    AgreementsScreen #kinds, AgreementsScreen #current { color: $text-muted; width: 100%; }
    AgreementsScreen #current { color: $text; margin-top: 1; }
    AgreementsScreen #steps { height: auto; max-height: 8; margin-top: 1; }
    AgreementsScreen #error { color: $error; text-style: bold; width: 100%; display: none; }
    """

    def __init__(self, faction: str, read: Read, act: Act) -> None:
        super().__init__()
        self.faction = faction
        self.read = read
        self.act = act

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label("Agreements", id="title")
            yield Static(id="kinds", markup=False)
            yield Static(id="current", markup=False)
            yield OptionList(id="steps")
            yield Static("", id="error", markup=False)
        yield KeyBar()  # this dialog's keys, not those of the screen under it

    def on_mount(self) -> None:
        self.show(self.read())
        self.query_one("#steps", OptionList).focus()

    def show(self, view: GameView) -> None:
        """Draw the kinds, the agreements of ``view`` and the steps the faction may take."""
        describe = Describer(view.scenario)
        self.query_one("#kinds", Static).update("\n".join(describe.agreement_kind(kind) for kind in view.scenario.agreements))
        mine = [describe.agreement(a, self.faction) for a in view.agreements]
        self.query_one("#current", Static).update(Text("\n".join(mine)) if mine else Text("No agreement proposed or in force.", "dim"))
        options = self.query_one("#steps", OptionList)
        options.clear_options()
        options.add_options([Option(label, id=key) for label, key in steps(view, self.faction, describe)])
        if options.option_count:
            options.highlighted = 0

    @on(OptionList.OptionSelected, "#steps")
    def _take(self, event: OptionList.OptionSelected) -> None:
        act, kind, other = str(event.option.id).split("|")
        problem = self.act(act, kind, other)
        error = self.query_one("#error", Static)
        error.display = problem is not None
        if problem is not None:
            error.update(problem)
            return
        self.show(self.read())

    def action_close(self) -> None:
        """Close the agreements."""
        self.dismiss(None)
