"""Command palette: the legal orders of the faction at the keyboard, and the screens."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from textual.command import Hit, Hits, Provider


class GameCommands(Provider):
    """Offers "Order: <move> → <target>" for each legal order (with its chance and effects
    underneath), plus help and log filters."""

    async def search(self, query: str) -> Hits:
        from engine.describe import Describer  # here, like the next two: the title screen starts without them
        from tui.order_facts import order_help
        from tui.screens.table import TableScreen
        from tui.widgets.log_view import LogView

        screen = self.screen
        matcher = self.matcher(query)
        commands: list[tuple[str, Callable[[], object], str]] = [("Help: rules and keys", partial(self.app.run_action, "help"), "Open the rules summary")]
        if isinstance(screen, TableScreen):
            game = screen.game
            describe = Describer(game.scenario)
            if screen.current is not None:
                for option in game.legal_options(screen.current):
                    target = describe.name(option.target) if option.target else ""
                    text = f"Order: {option.move.name}{' → ' + target if target else ''} (cost {option.cost})"
                    facts = order_help(game, screen.current, option.move, option.target)
                    commands.append((text, partial(screen.add_order, option.order()), facts))
            for faction in game.scenario.factions:
                show = partial(screen.query_one("#log", LogView).set_filter, faction=faction.id, turn=None)
                commands.append((f"Log: only {faction.letter} {faction.name}", show, "Filter the log by faction"))
            commands.append(("Log: everything", partial(screen.query_one("#log", LogView).set_filter, faction=None, turn=None), "Clear the log filters"))
        for text, callback, help_text in commands:
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, matcher.highlight(text), callback, help=help_text)
