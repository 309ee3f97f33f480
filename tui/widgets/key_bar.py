"""The key bar of a screen that asks often whether its keys changed: Textual's ``Footer``, rebuilt only when they did."""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer

Keys = tuple[tuple[str, str, bool, bool, str], ...]
"""Each active key: the key, its description, whether it is shown, whether it is enabled, its tooltip."""


def keys_of(screen: Screen[object]) -> Keys:
    """What a footer shows of ``screen``'s active bindings."""
    return tuple((key, a.binding.description, a.binding.show, a.enabled, a.tooltip) for key, a in screen.active_bindings.items())


class KeyBar(Footer):
    """Textual's footer, which removes and mounts all its keys again whenever the screen says its bindings
    may have changed (a classroom seat says so several times a turn, and thirty seats on one machine pay
    for it at once); this one does so only when the keys, their descriptions, whether they are shown or
    enabled, or their tooltips differ from those it last drew."""

    def __init__(self) -> None:
        super().__init__()
        self._drawn: Keys | None = None

    def bindings_changed(self, screen: Screen[object]) -> None:
        keys = keys_of(screen)
        if self._bindings_ready and keys == self._drawn:
            return
        if screen.app.app_focus and self.is_attached and screen is self.screen:  # the footer redraws (see Footer)
            self._drawn = keys
        super().bindings_changed(screen)
