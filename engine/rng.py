"""Deterministic random streams that give the same numbers on every Python.

The engine never uses the ``random`` module. Each purpose draws from its own
named stream (``Stream(seed, "deck")``), so extra draws in one stream never
shift another: adding an order cannot change which cards are drawn. Rolls are
*keyed* rather than streamed (``keyed_roll``): a roll depends only on the seed,
the turn, the faction and the order's index, never on how many rolls came first.

The generator is SplitMix64 seeded through BLAKE2b: plain integer arithmetic,
identical on every platform and interpreter.
"""

from __future__ import annotations

import hashlib
from typing import TypeVar

_MASK = (1 << 64) - 1
_T = TypeVar("_T")

MAX_SEED = 2**63 - 1
"""The largest seed the tools accept: records and session files keep a seed as a signed 64-bit integer."""


_PREFIXES: dict[tuple[int, str], hashlib.blake2b] = {}
"""Per seed and purpose (``"roll"``, ``"stream"``), BLAKE2b (8-byte digest) having read ``seed`` and the purpose,
each followed by the unit separator: what every key of that purpose in the game hashes first. A key is the
first 8 bytes of BLAKE2b of the seed, the purpose and its parts joined by unit separators (UTF-8), as an integer."""
_PREFIXES_MAX = 128


def _prefix(seed: int, purpose: str) -> hashlib.blake2b:
    found = _PREFIXES.get((seed, purpose))
    if found is None:
        if len(_PREFIXES) >= _PREFIXES_MAX:
            _PREFIXES.clear()  # starts again empty: safe when games run in threads
        found = _PREFIXES[(seed, purpose)] = hashlib.blake2b(f"{seed}\x1f{purpose}\x1f".encode(), digest_size=8)
    return found


class Stream:
    """A SplitMix64 generator for one named purpose of one game."""

    __slots__ = ("_state",)

    def __init__(self, seed: int, name: str, state: int | None = None) -> None:
        """The stream of ``name`` in the game of ``seed``; with ``state``, the stream at that state
        (``copy``), no key derived."""
        if state is not None:
            self._state = state
            return
        digest = _prefix(seed, "stream").copy()  # the key of (seed, "stream", name), the seed's prefix hashed once
        digest.update(name.encode("utf-8"))
        self._state = int.from_bytes(digest.digest(), "big")

    def next64(self) -> int:
        """The next 64-bit output."""
        self._state = (self._state + 0x9E3779B97F4A7C15) & _MASK
        z = self._state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK
        return z ^ (z >> 31)

    def below(self, n: int) -> int:
        """A uniform integer in ``[0, n)``, without modulo bias."""
        if n <= 0:
            raise ValueError("below() needs a positive bound")
        limit = (1 << 64) - ((1 << 64) % n)
        while True:
            value = self.next64()
            if value < limit:
                return value % n

    def shuffle(self, items: list[_T]) -> None:
        """Shuffle ``items`` in place (Fisher-Yates)."""
        for i in range(len(items) - 1, 0, -1):
            j = self.below(i + 1)
            items[i], items[j] = items[j], items[i]

    def copy(self) -> Stream:
        """An independent stream at the same point: it draws what this one would draw next."""
        return Stream(0, "", self._state)

    def getstate(self) -> int:
        """The internal state, for saving a game."""
        return self._state

    def setstate(self, state: int) -> None:
        """Restore a state from ``getstate``."""
        self._state = state


def keyed_roll(seed: int, turn: int, faction: str, index: int, sides: int = 6) -> int:
    """The die (1..sides) for order ``index`` of ``faction`` on ``turn``: the key (``_PREFIXES``) of (seed, "roll",
    turn, faction, index) modulo ``sides``, plus 1, with the hash of the seed's prefix reused."""
    digest = _prefix(seed, "roll").copy()
    digest.update(f"{turn}\x1f{faction}\x1f{index}".encode())
    return int.from_bytes(digest.digest(), "big") % sides + 1
