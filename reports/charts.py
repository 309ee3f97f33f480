"""Line charts of a measure over the turns: hand-written inline SVG, and a text chart.

Both take the same input: a title, the turns (0 = the start), and per faction
a letter, a colour and its values. Lines are told apart by colour, by dash
pattern and by the faction's letter at the end of each line, so a chart still
reads on a black-and-white printout or for a colour-blind reader. All
coordinates are computed with integers and fixed decimals: the same game
always gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

import engine.valueclass as valueclass

OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#999999")
"""Faction colours, as in the terminal UI (tui/palette.py): distinguishable with colour blindness."""
DASHES = ("", "8 4", "2 4", "12 4 2 4", "6 6", "1 3", "10 2", "4 2 1 2")


@valueclass.frozen
class Line:
    """One faction's values over the turns."""

    label: str
    """A short name: the faction's letter."""
    title: str
    """The long name, for tooltips."""
    colour: str
    values: tuple[int, ...]


def ticks(low: int, high: int, most: int = 6) -> tuple[int, int, int]:
    """A round step and the range widened to multiples of it: ``(start, stop, step)``."""
    if high <= low:
        high = low + 1
    span = high - low
    step = 1
    for candidate in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000):
        step = candidate
        if span <= most * candidate:
            break
    start = (low // step) * step
    stop = -((-high) // step) * step
    return start, stop, step


def _f(value: float) -> str:
    return f"{value:.1f}"


def svg_line_chart(title: str, lines: Sequence[Line], marks: Sequence[int] = (), width: int = 720, height: int = 260) -> str:
    """An inline SVG line chart; ``marks`` are turns to flag with a dashed vertical rule."""
    turns = max((len(line.values) for line in lines), default=1) - 1
    values = [v for line in lines for v in line.values]
    start, stop, step = ticks(min(values, default=0), max(values, default=1))
    left, right, top, bottom = 46, 60, 32, 36
    plot_w, plot_h = width - left - right, height - top - bottom

    def x(turn: int) -> float:
        return left + plot_w * turn / max(turns, 1)

    def y(value: int) -> float:
        return top + plot_h * (stop - value) / (stop - start)

    ends = ", ".join(f"{line.label} {line.values[-1]}" for line in lines if line.values)
    out = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
        f'aria-label="{escape(title)} over the turns; at the end: {escape(ends)}" xmlns="http://www.w3.org/2000/svg">',
        f'<text x="{left}" y="21" class="chart-title">{escape(title)}</text>',
    ]
    for value in range(start, stop + 1, step):
        out.append(f'<line x1="{left}" y1="{_f(y(value))}" x2="{left + plot_w}" y2="{_f(y(value))}" class="grid"/>')
        out.append(f'<text x="{left - 6}" y="{_f(y(value) + 4)}" class="tick" text-anchor="end">{value}</text>')
    every = max(1, -(-turns // 12))
    for turn in range(0, turns + 1, every):
        out.append(f'<text x="{_f(x(turn))}" y="{height - bottom + 18}" class="tick" text-anchor="middle">{turn}</text>')
    out.append(f'<text x="{left + plot_w}" y="{height - 2}" class="tick" text-anchor="end">turn</text>')
    for turn in marks:
        out.append(f'<line x1="{_f(x(turn))}" y1="{top}" x2="{_f(x(turn))}" y2="{top + plot_h}" class="mark"/>')
    label_ys = _spread_labels([y(line.values[-1]) for line in lines if line.values], 16, top, top + plot_h)
    for index, line in enumerate(lines):
        if not line.values:
            continue
        points = " ".join(f"{_f(x(t))},{_f(y(v))}" for t, v in enumerate(line.values))
        dash = DASHES[index % len(DASHES)]
        dashed = f' stroke-dasharray="{dash}"' if dash else ""
        out.append(f'<polyline points="{points}" fill="none" stroke="{line.colour}" stroke-width="3"{dashed}/>')
        for t, v in enumerate(line.values):
            out.append(f'<circle cx="{_f(x(t))}" cy="{_f(y(v))}" r="3.5" fill="{line.colour}"><title>{escape(line.title)}, turn {t}: {v}</title></circle>')
        last = len(line.values) - 1
        out.append(
            f'<text x="{_f(x(last) + 8)}" y="{_f(label_ys[index] + 5)}" class="end-label" fill="{line.colour}">{escape(line.label)} {line.values[-1]}</text>'
        )
    out.append("</svg>")
    return "\n".join(out)


def _spread_labels(ys: list[float], gap: float, low: float, high: float) -> list[float]:
    """End labels moved apart vertically so that none overlaps another."""
    order = sorted(range(len(ys)), key=lambda i: (ys[i], i))
    placed = list(ys)
    previous = None
    for i in order:
        if previous is not None and placed[i] < previous + gap:
            placed[i] = previous + gap
        previous = placed[i]
    overflow = (previous or 0) - high - gap / 2
    if overflow > 0:
        for i in order:
            placed[i] = max(low, placed[i] - overflow)
    return placed


def text_line_chart(lines: Sequence[Line], rows: int = 10, cell: int = 4) -> list[str]:
    """A chart in monospaced text: each faction's letter at its value, turn by turn.

    Each row stands for a round step of values (1, 2, 5, 10, ...; at most
    ``rows`` + 1 rows); a value sits on the row nearest to it, and where two
    factions share a spot it shows ``*``. The exact values belong in a table
    beside it.
    """
    turns = max((len(line.values) for line in lines), default=1) - 1
    values = [v for line in lines for v in line.values]
    low, high = min(values, default=0), max(values, default=1)
    unit = next(u for u in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 10**9) if (high - low) <= rows * u)
    start, stop = (low // unit) * unit, -((-high) // unit) * unit
    if stop == start:
        stop = start + unit
    every = 1 if (stop - start) // unit + 1 <= 6 else 2
    if every == 2 and (stop - start) // unit % 2:  # so that the bottom row has a label too
        if start - unit >= 0 or low < 0:
            start -= unit
        else:
            stop += unit
    height = (stop - start) // unit + 1
    grid = [[" "] * ((turns + 1) * cell) for _ in range(height)]
    for line in lines:
        for turn, value in enumerate(line.values):
            row = ((stop - value) * 2 + unit) // (2 * unit)
            column = turn * cell + cell // 2
            grid[row][column] = line.label if grid[row][column] in (" ", line.label) else "*"
    width = max(len(str(start)), len(str(stop)))
    out = []
    for row in range(height):
        level = stop - row * unit
        label = str(level) if row % every == 0 else ""
        axis = "┤" if label else "│"
        out.append(f"{label:>{width}} {axis}{''.join(grid[row]).rstrip()}")
    out.append(" " * width + " └" + "─" * ((turns + 1) * cell))
    numbers = "".join(f"{turn:^{cell}}" for turn in range(turns + 1))
    out.append(" " * width + "  " + numbers.rstrip() + "  turn")
    return out
