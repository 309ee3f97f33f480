"""The engine's speed baseline: random playouts of OpenSpiel's pure-Python tic-tac-toe.

OpenSpiel (``pip install open_spiel``, a binary wheel; not a dependency of Détente) registers
``python_tic_tac_toe`` when ``open_spiel.python.games`` is imported; its random playouts give
actions per second, against which ``python -m bench`` sets Détente's random games (orders
resolved per second; the target is twice the baseline). Without OpenSpiel the same loop plays
``StandInTicTacToe``, written here in the shape of OpenSpiel's game (a 3x3 board in a list,
``legal_actions``, ``apply_action``, ``is_terminal``): it has no NumPy array and no C++ base class
behind it, so it runs faster than OpenSpiel's and the ratio against it is the harder one to meet.
"""

from __future__ import annotations

import random
import time
from typing import Any, Protocol

LINES = ((0, 1, 2), (3, 4, 5), (6, 7, 8), (0, 3, 6), (1, 4, 7), (2, 5, 8), (0, 4, 8), (2, 4, 6))


class PlayoutState(Protocol):
    """What a random playout reads of a game's state (OpenSpiel's ``pyspiel.State`` has it)."""

    def is_terminal(self) -> bool: ...
    def legal_actions(self) -> list[int]: ...
    def apply_action(self, action: int) -> None: ...


class StandInTicTacToe:
    """A state of tic-tac-toe in OpenSpiel's pure-Python style: cells 0-8, players 0 and 1."""

    __slots__ = ("board", "player", "winner")

    def __init__(self) -> None:
        self.board: list[int] = [-1] * 9
        self.player = 0
        self.winner = -1

    def legal_actions(self) -> list[int]:
        return [cell for cell in range(9) if self.board[cell] < 0] if not self.is_terminal() else []

    def apply_action(self, action: int) -> None:
        board = self.board
        board[action] = self.player
        if any(board[a] == board[b] == board[c] == self.player for a, b, c in LINES):
            self.winner = self.player
        self.player = 1 - self.player

    def is_terminal(self) -> bool:
        return self.winner >= 0 or all(cell >= 0 for cell in self.board)


def _new_state() -> tuple[Any, str]:
    """A factory of initial states and the name of the game it plays."""
    try:
        import pyspiel
        from open_spiel.python import games  # noqa: F401 (registers python_tic_tac_toe)
    except ImportError:
        return StandInTicTacToe, "stand-in pure-Python tic-tac-toe (OpenSpiel is not installed)"
    game = pyspiel.load_game("python_tic_tac_toe")
    return game.new_initial_state, "OpenSpiel python_tic_tac_toe"


def playout_actions_per_second(seconds: float) -> tuple[float, str]:
    """Random playouts for about ``seconds`` of one core: (actions per second, the game's name)."""
    new_state, name = _new_state()
    chooser = random.Random(0)
    actions = 0
    start = time.process_time()
    while time.process_time() - start < seconds:
        for _ in range(100):
            state: PlayoutState = new_state()
            while not state.is_terminal():
                state.apply_action(chooser.choice(state.legal_actions()))
                actions += 1
    return actions / (time.process_time() - start), name
