"""Drive a Textual app served by textual-serve from a real browser (Playwright, sync API).

How the screen is read: the served page draws the terminal with xterm.js on
a canvas (its WebGL or canvas renderer), so the DOM holds no screen text
(there is no ``.xterm-rows``) and there is no accessibility tree unless
xterm's screen-reader mode is on. textual-serve keeps its ``Terminal`` in a
local variable, so :data:`CAPTURE_TERMINAL` (added to the page with
``context.add_init_script`` before textual.js runs) catches the one
assignment ``this.terminal = new Terminal(...)`` and keeps the terminal in
``window.__detenteTerminal``. :func:`screen_text` then reads xterm's own
buffer, the cells the browser shows, one line per row, trailing spaces
removed.

Keys go to xterm's hidden text area (it must have the focus, see
:func:`focus_terminal`); xterm turns them into the bytes a terminal would send.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported for the annotations only: collecting the tests needs no playwright
    from playwright.sync_api import Page

TIMEOUT_MS = 20_000
"""Default wait, generous: a cold start of a served app takes one to three seconds."""

CAPTURE_TERMINAL = """
(() => {
  // textual.js does `this.terminal = new Terminal(...)` on an object with no such property yet:
  // a setter on Object.prototype sees it, keeps the terminal and then removes itself.
  Object.defineProperty(Object.prototype, "terminal", {
    configurable: true,
    enumerable: false,
    get() { return undefined; },
    set(value) {
      Object.defineProperty(this, "terminal", { value, writable: true, enumerable: true, configurable: true });
      if (value && typeof value.write === "function" && value.buffer && value.buffer.active) {
        window.__detenteTerminal = value;
        delete Object.prototype.terminal;
      }
    },
  });
})();
"""

_SCREEN_JS = """
() => {
  const term = window.__detenteTerminal;
  if (!term) return null;
  const buffer = term.buffer.active;
  const lines = [];
  for (let y = 0; y < term.rows; y++) {
    const line = buffer.getLine(buffer.viewportY + y);
    lines.push(line ? line.translateToString(true) : "");
  }
  return lines.join("\\n");
}
"""

# Textual / pilot key names -> Playwright key names; anything else is passed through.
_KEYS = {
    "enter": "Enter",
    "escape": "Escape",
    "esc": "Escape",
    "tab": "Tab",
    "shift+tab": "Shift+Tab",
    "space": " ",
    "backspace": "Backspace",
    "delete": "Delete",
    "up": "ArrowUp",
    "down": "ArrowDown",
    "left": "ArrowLeft",
    "right": "ArrowRight",
    "home": "Home",
    "end": "End",
    "pageup": "PageUp",
    "pagedown": "PageDown",
}


def open_app(page: Page, url: str, *, timeout: float = TIMEOUT_MS) -> None:
    """Open the served page, get past its start panel, and focus the terminal.

    Returns once the app has drawn something; wait for the text you expect
    with :func:`wait_for_text`.
    """
    page.goto(url, wait_until="domcontentloaded", timeout=timeout)
    click_start(page, timeout=timeout)


def click_start(page: Page, *, timeout: float = TIMEOUT_MS) -> None:
    """Get past the start panel: click its Start button if it has one, then wait for the app's first screen.

    textual-serve 1.1 shows a panel with the app's name over the terminal;
    it connects at once and the panel fades when the first bytes of the
    screen arrive (``body.-first-byte``). With ``?delay=...`` in the address
    the panel has a Start button that must be clicked first.
    """
    start = page.locator("#start")
    if "delay=" in page.url:  # the button is shown by the page's script: on a busy machine, not yet at DOMContentLoaded
        start.wait_for(state="visible", timeout=timeout)
    if start.is_visible():
        start.click(timeout=timeout)
    page.wait_for_selector("body.-first-byte", state="attached", timeout=timeout)
    page.wait_for_function("() => window.__detenteTerminal !== undefined", timeout=timeout)
    focus_terminal(page)


def focus_terminal(page: Page) -> None:
    """Give the keyboard focus to the terminal (without clicking into the app)."""
    page.evaluate("() => window.__detenteTerminal.focus()")


def screen_text(page: Page) -> str:
    """The terminal's screen now: one line per row, trailing spaces removed."""
    text = page.evaluate(_SCREEN_JS)
    if text is None:
        raise AssertionError("the page has no terminal yet: open it with open_app(page, url)")
    return text


def wait_for_text(page: Page, text: str, *, timeout: float = TIMEOUT_MS) -> str:
    """Wait until ``text`` is on one row of the screen; returns the screen.

    On a timeout the AssertionError shows the screen as it was.
    """
    return _wait(page, text, present=True, timeout=timeout)


def wait_for_text_gone(page: Page, text: str, *, timeout: float = TIMEOUT_MS) -> str:
    """Wait until ``text`` is no longer on the screen (a screen was left); returns the screen."""
    return _wait(page, text, present=False, timeout=timeout)


def press(page: Page, *keys: str) -> None:
    """Press keys in order: Playwright names (``Enter``, ``Control+s``, ``ArrowDown``) or Textual ones (``enter``, ``ctrl+s``, ``down``).

    A key pressed before the screen that expects it is drawn may be lost or
    go elsewhere: wait for that screen's text first.
    """
    _ensure_focus(page)
    for key in keys:
        page.keyboard.press(_key(key))


def type_text(page: Page, text: str) -> None:
    """Type ``text`` as keystrokes (into the focused input of the app)."""
    _ensure_focus(page)
    page.keyboard.type(text)


def _key(key: str) -> str:
    if key in _KEYS:
        return _KEYS[key]
    if key.startswith("ctrl+"):
        return "Control+" + key[len("ctrl+") :]
    return key


def _ensure_focus(page: Page) -> None:
    if not page.evaluate("() => document.activeElement?.classList.contains('xterm-helper-textarea') ?? false"):
        focus_terminal(page)


def _wait(page: Page, text: str, *, present: bool, timeout: float) -> str:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    check = """
    ([text, present]) => {
      const term = window.__detenteTerminal;
      if (!term) return false;
      const buffer = term.buffer.active;
      let found = false;
      for (let y = 0; y < term.rows && !found; y++) {
        const line = buffer.getLine(buffer.viewportY + y);
        found = !!line && line.translateToString(true).includes(text);
      }
      return found === present;
    }
    """
    try:
        page.wait_for_function(check, arg=[text, present], timeout=timeout)
    except PlaywrightTimeout:
        try:
            screen = screen_text(page)
        except Exception as exc:  # the page itself is gone
            screen = f"(no screen: {exc})"
        state = "to appear" if present else "to go away"
        raise AssertionError(f"waited {timeout / 1000:.0f} s for {text!r} {state}; the screen:\n{screen}") from None
    return screen_text(page)
