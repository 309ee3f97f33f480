"""Text fitted to the cells a widget has."""

from __future__ import annotations


def clip(text: str, width: int) -> str:
    """``text`` cut to ``width`` cells with an ellipsis when it does not fit; empty when ``width`` ≤ 0."""
    if width <= 0:
        return ""
    return text if len(text) <= width else text[: width - 1] + "…"
