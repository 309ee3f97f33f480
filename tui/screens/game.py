"""The game screen: one keyboard, any mix of people and bots.

The flow of a turn: each human seat in turn (behind a hand-off screen when
more than one person plays) drafts and submits orders; then the bots choose,
the engine resolves, and the turn's log is revealed entry by entry before the
next turn begins. Each human team is offered its plan before its first orders
(``WritingScreen``; ``p`` opens it again while turn 1 is open) and its
reflection once the game is over, before the debrief. Every submission,
plan, reflection and resolved turn is autosaved. The table itself (widgets,
drafting, revealing) is ``TableScreen``'s.
"""

from __future__ import annotations

from collections.abc import Callable

from textual import work
from textual.binding import Binding

from engine.errors import OrderError
from engine.game import Game
from engine.log import Entry
from engine.views import GameView
from players.table import Session
from tui.palette import faction_colours
from tui.screens.argued import AdjudicateScreen, pending
from tui.screens.confirm import ConfirmScreen
from tui.screens.debrief import DebriefScreen
from tui.screens.guide import GUIDE, GuideCard
from tui.screens.handoff import HandoffScreen
from tui.screens.table import TableScreen
from tui.screens.turn_review import TurnReview
from tui.screens.writing import WritingScreen
from tui.widgets.board import Board
from tui.widgets.log_view import LogView
from tui.widgets.orders import OrdersPanel
from tui.widgets.tracks import TracksPanel


class GameScreen(TableScreen):
    """Play a session to its end; dismissed when the player leaves the debrief."""

    BINDINGS = [Binding("p", "write", "Plan", show=False, tooltip="Your team's plan (turn 1) or reflection (the game over)")]

    def __init__(self, session: Session, *, reveal_delay: float = 0.04, review: bool = True, guide: bool = False, writing: bool = True) -> None:
        super().__init__(reveal_delay=reveal_delay)
        self.session = session
        self.guided: set[str] | None = set() if guide else None
        """The guide's moments already shown, or None when the game is not guided."""
        self.review = review
        """Whether each resolved turn's review is shown before play goes on."""
        self.resolving = False
        """Whether the bots and the engine are at work on the turn in their thread."""
        self.writing = writing and not guide
        """Whether each human team is offered its plan and its reflection (``p`` opens the plan either way)."""
        self.offered: set[tuple[str, str]] = set()
        """(kind, faction) of the plans and reflections already offered: each is offered once, ``p`` opens it again."""
        self._turn_review: TurnReview | None = None
        """The review of each resolved turn, built once and kept installed: shown again, it needs
        no building and no layout (which were most of the time from submitting to its first frame)."""

    @property
    def game(self) -> Game:
        """The session's game."""
        return self.session.game

    def seen(self) -> GameView:
        """In a fogged game (rule 16) or one with argued actions (rule 15.2), what the people at the
        keyboard may see: the view of the team ordering; between teams, the one human's, or with several
        the public's (as in a hand-off); everything when only bots play, or once the game is over."""
        game = self.game
        humans = self.session.humans
        if (game.scenario.fog is None and game.scenario.argued is None) or not humans:
            return game.view()
        if self.current is not None:
            return game.seen_by(self.current)
        return game.seen_by(humans[0] if len(humans) == 1 else "")

    def on_mount(self) -> None:
        super().on_mount()
        self.next_seat()
        self.guide("start")

    # -- the guided first turn ---------------------------------------------------------------------

    def guide(self, moment: str) -> None:
        """Show the guide's cards for ``moment`` once, if this game is guided."""
        if self.guided is None or moment in self.guided:
            return
        self.guided.add(moment)
        self._show_cards(list(GUIDE[moment]))

    def _show_cards(self, cards: list[tuple[str, str]], step: int = 1) -> None:
        if not cards:
            return
        title, text = cards[0]

        def shown(go_on: bool | None) -> None:
            if go_on:
                self._show_cards(cards[1:], step + 1)
            else:
                self.guided = None

        self.app.push_screen(GuideCard(title, text, step=step, steps=step + len(cards) - 1), shown)

    def draft_changed(self) -> None:
        super().draft_changed()
        if self.draft:
            self.guide("order_added")

    # -- the flow of a turn ------------------------------------------------------------------------

    def next_seat(self) -> None:
        """Hand the keyboard to the next human who has not ordered, or resolve the turn."""
        if self.game.is_over:
            self.current = None
            self.refresh_view()
            self.show_debrief()
            return
        waiting = self.session.humans_to_order()
        self.draft = []
        if not waiting:
            self.current = None
            self.refresh_view()
            self.umpire_then_resolve()
            return
        self.current = waiting[0]
        if len(self.session.humans) > 1:
            self.refresh_view_hidden()
            faction = self.game.scenario.faction(self.current)
            colour = faction_colours(self.game.scenario)[faction.id]
            self.app.push_screen(HandoffScreen(faction, self.game.turn, colour=colour), lambda _: self.begin_orders())
        else:
            self.begin_orders()

    def refresh_view_hidden(self) -> None:
        """Clear the orders panel before a hand-off so no draft is ever seen by the next team; in a
        fogged game draw the public's view everywhere, so nothing of the last team's stays behind it."""
        game = self.game
        if game.scenario.fog is None:
            self.query_one(OrdersPanel).show(game.view(), None, [])
            return
        public = game.seen_by("")
        self.query_one(Board).show(public)
        self.query_one(TracksPanel).show(public, None)
        self.query_one(LogView).show(public)
        self.query_one(OrdersPanel).show(public, None, [])

    def begin_orders(self) -> None:
        """The current faction starts drafting, after writing its plan if it is offered one now."""
        self.refresh_view()
        self.query_one(OrdersPanel).focus()
        self.refresh_bindings()
        if (
            self.current is not None
            and self.writing
            and self.due() == "plan"
            and ("plan", self.current) not in self.offered
            and not self.game.written(self.current)[0]
        ):
            self.offered.add(("plan", self.current))
            self.write("plan", self.current, lambda _: None)

    # -- plans and reflections ------------------------------------------------------------------------

    def due(self) -> str | None:
        """The written work a team may hand in now: ``plan`` until turn 1 resolves, ``reflection`` once the game is over."""
        if self.game.is_over:
            return "reflection"
        return "plan" if self.game.turn == 1 and 1 not in self.game.digests else None

    def write(self, kind: str, faction: str, then: Callable[[str | None], None]) -> None:
        """Open ``faction``'s ``kind`` on its own screen; what is handed in is autosaved; ``then`` runs when it closes."""

        def hand_in(text: str) -> str | None:
            try:
                (self.game.plan if kind == "plan" else self.game.reflect)(faction, text)
            except OrderError as exc:
                return str(exc)
            self.session.save()
            return None

        plan, reflection = self.game.written(faction)
        earlier = plan if kind == "plan" else reflection
        self.app.push_screen(WritingScreen(kind, self.game.scenario.faction(faction), hand_in, text=earlier), then)

    def action_write(self) -> None:
        """Open the plan of the team at the keyboard while turn 1 is open."""
        if self.current is not None and self.due() == "plan":
            self.write("plan", self.current, lambda _: None)

    def take_agreement(self, act: str, kind: str, other: str) -> str | None:
        """The step of the team at the keyboard, autosaved; a proposal to a bot is answered at once."""
        if self.current is None or self.resolving:
            return "nobody is ordering now"
        try:
            self.session.agree(self.current, act, kind, other)
        except OrderError as exc:
            return str(exc)
        return None

    def argued_allowed(self) -> bool:
        """Argued actions need the umpire (``detente play --umpire``) to adjudicate them."""
        return self.session.umpire and super().argued_allowed()

    def take_argue(self, text: str, target: str) -> str | None:
        """The argued action of the team at the keyboard, autosaved; the umpire adjudicates it before the turn resolves."""
        if self.current is None or self.resolving:
            return "nobody is ordering now"
        try:
            self.session.argue(self.current, text, target)
        except OrderError as exc:
            return str(exc)
        return None

    def take_counter(self, actor: str, number: int, text: str) -> str | None:
        """The counter-argument of the team at the keyboard, autosaved."""
        if self.current is None or self.resolving:
            return "nobody is ordering now"
        try:
            self.session.counter(self.current, actor, number, text)
        except OrderError as exc:
            return str(exc)
        return None

    def umpire_then_resolve(self) -> None:
        """With an umpire and argued actions waiting, the keyboard goes to the umpire to adjudicate them; then the
        turn resolves (one never adjudicated lapses)."""
        if not self.session.umpire or not pending(self.game.view()):
            self.resolve_turn()
            return

        def adjudicate(faction: str, number: int, difficulty: int, effects: dict[str, int]) -> str | None:
            try:
                self.session.adjudicate(faction, number, difficulty, effects)
            except OrderError as exc:
                return str(exc)
            return None

        self.refresh_view_hidden()
        self.app.push_screen(AdjudicateScreen(self.game.view, adjudicate), lambda _: self.resolve_turn())

    def resolve_turn(self) -> None:
        """Bots choose and the engine resolves in a worker thread, so the screen stays live
        however long the bots think; then the turn's entries are revealed one by one."""
        self.resolving = True
        self.sub_title = self.status() + " · the bots are choosing…"
        self.refresh_bindings()
        self._resolve(self.seen())

    @work(thread=True, exclusive=True, group="resolve")
    def _resolve(self, before: GameView) -> None:
        """The session's bots and resolution, off the UI thread; nothing else touches the game meanwhile."""
        entries = self.session.resolve()
        self.app.call_from_thread(self._resolved, entries, before)

    def _resolved(self, entries: list[Entry], before: GameView) -> None:
        self.resolving = False
        self.sub_title = self.status()
        self.reveal(entries, before)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """While the bots choose in their worker, nothing may read or touch the game (review, replay)."""
        if self.resolving and action in ("review_turns", "replay_turn"):
            return None
        return super().check_action(action, parameters)

    def after_reveal(self) -> None:
        """Once the turn is shown: its review, which stays until dismissed; then the next
        turn (behind a hand-off when several people play) or the debrief."""
        if self.review:  # the table's keys are redrawn when it comes back, not now
            self.warn_near_victory()
            self.app.push_screen(self.turn_review(), lambda _: self.after_review())
        else:
            super().after_reveal()
            self.next_seat()

    def turn_review(self) -> TurnReview:
        """The review of the turn just resolved: the kept screen, shown the game as the people at the
        keyboard may see it (``seen``: in a fogged game, not a rival's hidden numbers)."""
        view = self.seen()
        if self._turn_review is None:
            self._turn_review = TurnReview(view)
            self.app.install_screen(self._turn_review, f"turn-review-{id(self)}")
        else:
            self._turn_review.show(view)
        return self._turn_review

    def on_unmount(self) -> None:
        """The kept review goes with the game (at the app's exit, when it may still be shown, Textual's own end takes it)."""
        review = self._turn_review
        if review is not None and review not in self.app.screen_stack:
            self.app.uninstall_screen(review)
            review.remove()

    def after_review(self) -> None:
        """The review is dismissed: the next seat, and the guide's word on the turn."""
        self.next_seat()
        if not self.game.is_over:
            self.guide("reviewed")

    def show_debrief(self) -> None:
        """Each human team's reflection (offered once), then the end screen; leaving it leaves the game."""
        for faction in self.session.humans:
            if ("reflection", faction) not in self.offered and self.writing and not self.game.written(faction)[1]:
                self.offered.add(("reflection", faction))
                self.write("reflection", faction, lambda _: self.show_debrief())
                return
        path = str(self.session.record_path) if self.session.record_path else None
        self.app.push_screen(DebriefScreen(self.game, record_path=path), lambda _: self.dismiss(None))

    # -- submitting and leaving ------------------------------------------------------------------------

    @work(exclusive=True)
    async def action_submit(self) -> None:
        """Submit the draft after confirming any warning; then the next seat."""
        if self.current is None:
            return
        faction, draft = self.current, list(self.draft)
        if not await self.ready_to_submit(faction, draft):
            return
        self.session.submit(faction, draft)
        if self.session.humans_to_order():  # alone at the keyboard, the turn itself says so at once
            self.notify(f"Orders of {self.game.scenario.faction(faction).name} are in.", timeout=2)
        self.next_seat()

    def action_quit_game(self) -> None:
        """Leave the game after confirming; the autosave keeps everything but an unsubmitted draft."""
        self.quit_game(ask=True)

    @work(exclusive=True, group="quit")
    async def quit_game(self, *, ask: bool) -> None:
        """Leave the game, asking first if ``ask`` (always when orders are drafted); the app then
        prints where the game is saved and how to resume it."""
        where = self.session.record_path
        if self.game.is_over:
            farewell = f"The game is over; its record is {where} (detente replay {where})." if where else ""
        else:
            farewell = f"The game is saved in {where}. Resume it with: detente play --resume {where}" if where else "This game was not saved."
        if ask or self.draft:
            detail = farewell
            if self.draft:
                detail = f"The {len(self.draft)} order(s) not yet submitted will be lost. " + detail
            if not await self.app.push_screen_wait(ConfirmScreen("Quit this game?", detail, yes="Quit", no="Stay")):
                return
        self.app.exit(farewell)
