"""The footer of every screen: Textual's ``Footer``, rebuilt only when the keys it shows change."""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer

KeysShown = tuple[tuple[str, str, str, bool, str], ...]
"""What the footer draws: each shown binding's key, description, action, whether it is enabled, its tooltip."""


class KeyBar(Footer):
    """A footer that recomposes at most once per refresh, and only when the keys differ.

    Textual's footer builds all its keys again for every change of the
    screen's bindings (a focus move, a pushed screen, each ``refresh_bindings``),
    several times over when these come together: most of the time it took to
    open the help or draw the title screen. This one collects the changes
    until the next refresh and compares the keys with those on show first;
    under an opaque screen it waits for the next change of bindings.
    """

    def __init__(self) -> None:
        super().__init__()
        self._shown: KeysShown | None = None
        """The keys on show, as last composed; None before the first."""
        self._pending = False
        """Whether a comparison is already scheduled for the next refresh."""

    def bindings_changed(self, screen: Screen[object]) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus or self._pending:
            return
        if self.is_attached and screen is self.screen:
            self._pending = True
            self.call_after_refresh(self._recompose_if_changed)

    def keys_shown(self) -> KeysShown:
        """The keys the footer would draw now, in order (the palette's key last)."""
        active = self.screen.active_bindings
        keys = [(binding.key, binding.description, binding.action, enabled, tooltip) for (_, binding, enabled, tooltip) in active.values() if binding.show]
        palette = active.get(self.app.COMMAND_PALETTE_BINDING)
        if palette is not None and self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE:
            _, binding, enabled, tooltip = palette
            keys.append((binding.key, binding.description, binding.action, enabled, tooltip))
        return tuple(keys)

    async def _recompose_if_changed(self) -> None:
        self._pending = False
        if not self.is_attached:
            return
        top = self.app.screen
        if top is not self.screen and top.styles.background.a == 1:
            return  # covered (by a turn's review, say): compared again when its screen refreshes its bindings
        keys = self.keys_shown()
        if keys != self._shown:
            self._shown = keys
            await self.recompose()
