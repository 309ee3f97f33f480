"""How the classroom commands get an access code: from the environment or a prompt, and from argv with a warning.

A code typed on the command line shows in ``ps`` and in the shell's history to
everyone on the machine, so ``--code`` still works (scripts rely on it) but
says so on standard error. ``DETENTE_CODE`` is read next; a command with a
terminal then asks for the code without echoing it.
"""

from __future__ import annotations

import os
import sys

from detente.usage import UsageError

CODE_VARIABLE = "DETENTE_CODE"
"""The environment variable a code is read from."""
ARGV_WARNING = (
    f"warning: a code given with --code shows in 'ps' and in your shell's history to anyone on this machine; set {CODE_VARIABLE} or type it when asked"
)


def given_code(code: str | None) -> str | None:
    """The code from ``--code`` (warning that it shows) or from ``DETENTE_CODE``; None if neither gives one."""
    if code:
        print(ARGV_WARNING, file=sys.stderr)
        return code
    return os.environ.get(CODE_VARIABLE) or None


def read_code(code: str | None, whose: str) -> str:
    """A code for ``whose`` (``the facilitator's code``, ``the seat's code``): ``given_code``, else asked
    on the terminal without echo; ``UsageError`` when there is no terminal to ask on."""
    found = given_code(code)
    if found:
        return found
    if not sys.stdin.isatty():
        raise UsageError(f"give {whose} in {CODE_VARIABLE} (or with --code, which others on this machine can see)")
    import getpass  # here: a code given in the environment asks nothing

    try:
        typed = getpass.getpass(f"{whose[0].upper()}{whose[1:]}: ")
    except EOFError:
        typed = ""
    if not typed.strip():
        raise UsageError(f"no code was typed: give {whose} in {CODE_VARIABLE} or type it when asked")
    return typed
