"""Command palette: the legal orders of the faction at the keyboard, and the screens."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

Command = tuple[str, Callable[[], object], str]
"""A palette entry: its text, what it does, and the line of help under it."""


class GameCommands(Provider):
    """The palette's one provider: "Order: <move> → <target>" for each legal order (with its
    chance and effects underneath), then help and the log filters, then Textual's own commands
    (theme, keys, screenshot, quit). The orders are listed first as soon as the palette opens,
    before anything is typed: one provider yields them all in this order (with Textual's
    commands in a provider of their own, whichever answered first came first)."""

    async def discover(self) -> Hits:
        for text, callback, help_text in [*self._commands(), *self._system(discoverable=True)]:
            yield DiscoveryHit(text, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for text, callback, help_text in [*self._commands(), *self._system(discoverable=False)]:
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, matcher.highlight(text), callback, help=help_text)

    def _system(self, *, discoverable: bool) -> list[Command]:
        """Textual's own commands for this screen, by title (only those it lists unasked, if ``discoverable``)."""
        commands = sorted(self.app.get_system_commands(self.screen), key=lambda command: command.title)
        return [(c.title, c.callback, c.help) for c in commands if c.discover or not discoverable]

    def _commands(self) -> list[Command]:
        """The orders the faction at the keyboard may give now first, then help and the log filters."""
        from engine.describe import Describer  # here, like the next three: the title screen starts without them
        from tui.order_facts import order_help
        from tui.screens.table import TableScreen
        from tui.widgets.log_view import LogView

        screen = self.screen
        commands: list[Command] = []
        if isinstance(screen, TableScreen):
            game = screen.game
            describe = Describer(game.scenario)
            if screen.current is not None:
                for option in game.legal_options(screen.current):
                    target = describe.name(option.target) if option.target else ""
                    text = f"Order: {option.move.name}{' → ' + target if target else ''} (cost {option.cost})"
                    facts = order_help(game, screen.current, option.move, option.target)
                    commands.append((text, partial(screen.add_order, option.order()), facts))
        commands.append(("Help: rules and keys", partial(self.app.run_action, "help"), "Open the rules summary"))
        if isinstance(screen, TableScreen):
            log = screen.query_one("#log", LogView)
            for faction in screen.game.scenario.factions:
                show = partial(log.set_filter, faction=faction.id, turn=None)
                commands.append((f"Log: only {faction.letter} {faction.name}", show, "Filter the log by faction"))
            commands.append(("Log: everything", partial(log.set_filter, faction=None, turn=None), "Clear the log filters"))
        return commands
