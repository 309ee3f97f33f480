"""Access codes: made with ``secrets``, typed by people, stored only as salted hashes.

A code is groups of four characters from an alphabet without look-alikes
(no 0/O, 1/I/L, U/V): a seat's code has two groups (``K7QF-M2XP``, about 39
bits), the facilitator's three. People type codes with any case, spaces or
dashes; ``normalise`` removes the difference before hashing.

Hashes are PBKDF2-SHA256 with one random salt per session file: a code is
looked up by its hash, so every seat shares the salt, and the iteration count
makes guessing codes from a copied file slow.
"""

from __future__ import annotations

import hashlib
import os

ALPHABET = "23456789ABCDEFGHJKMNPQRSTWXYZ"
"""Characters of a code: digits and capitals that cannot be mistaken for one another."""
SEAT_GROUPS = 2
FACILITATOR_GROUPS = 3
GROUP = 4
ITERATIONS = 60_000
"""PBKDF2 iterations for new session files (the file stores the count it was made with)."""

_DROPPED = str.maketrans("", "", " -_\t\n\r.")


def new_code(groups: int = SEAT_GROUPS) -> str:
    """A fresh random code of ``groups`` groups of four, such as ``K7QF-M2XP``."""
    import secrets  # here: checking a code, all a seat's command does, needs no random numbers

    return "-".join("".join(secrets.choice(ALPHABET) for _ in range(GROUP)) for _ in range(groups))


def normalise(code: str) -> str:
    """``code`` as compared: capitals, without spaces, dashes, underscores or dots."""
    return code.translate(_DROPPED).upper()


def new_salt() -> str:
    """A random salt for a new session file, as hex."""
    return os.urandom(16).hex()


def hash_code(code: str, salt: str, iterations: int = ITERATIONS) -> str:
    """The stored form of ``code``: hex PBKDF2-SHA256 of the normalised code."""
    digest = hashlib.pbkdf2_hmac("sha256", normalise(code).encode("utf-8"), bytes.fromhex(salt), iterations)
    return digest.hex()


def plausible(code: str, groups: int) -> bool:
    """True when ``code`` has the length and characters of a code of ``groups`` groups."""
    text = normalise(code)
    return len(text) == groups * GROUP and all(c in ALPHABET for c in text)


def fresh_code(salt: str, iterations: int, taken: set[str]) -> tuple[str, str]:
    """A new seat code and its hash, a hash not in ``taken`` (and now added to it)."""
    while True:
        code = new_code(SEAT_GROUPS)
        code_hash = hash_code(code, salt, iterations)
        if code_hash not in taken:
            taken.add(code_hash)
            return code, code_hash
