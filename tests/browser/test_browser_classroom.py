"""The served classroom in headless Chromium: a phone-sized screen is told plainly, the projector page, the door's name field."""

from __future__ import annotations

import pytest
from browserkit import open_app, press, type_text, wait_for_text

from classroom.store import Store
from engine.catalog import load_bundled
from engine.inputs import Order

pytestmark = pytest.mark.browser


@pytest.fixture
def classroom(tmp_path):
    path = tmp_path / "class.detente"
    new = Store.create(path, load_bundled("indo_pacific"), created="2026-11-25T09:00:00Z", worlds=2)
    with Store.open(path) as store:
        seat = store.seat(new.seat_codes[(1, "seaboard")])
        option = seat.game().legal_options("seaboard")[0]
        seat.submit([Order(option.move.id, option.target, "A-PRIVATE-ARGUMENT")])
        store.facilitator(new.facilitator_code).resume()
    return path, new


def test_a_phone_held_upright_is_told_the_game_needs_a_wider_screen(serve_session, browser, classroom, tmp_path):
    path, _ = classroom
    url = serve_session(path)
    for width, height, shown in ((390, 844, True), (844, 390, False), (1280, 800, False)):
        context = browser.new_context(viewport={"width": width, "height": height})
        context.route(lambda u: not u.startswith(("http://127.0.0.1:", "ws://127.0.0.1:")), lambda route: route.abort())
        page = context.new_page()
        page.goto(url)
        notice = page.locator("#detente-narrow")
        assert notice.is_visible() is shown, (width, height)
        if shown:
            assert "needs a wider screen" in notice.inner_text()
            page.screenshot(path=tmp_path / f"phone-{width}.png")
            page.get_by_text("Continue anyway").click()
            assert not notice.is_visible()
        context.close()


def test_the_projector_page_at_1280_and_390(serve_session, browser, classroom, tmp_path):
    path, new = classroom
    url = serve_session(path)
    for width in (1280, 390):
        context = browser.new_context(viewport={"width": width, "height": 800})
        context.route(lambda u: not u.startswith(("http://127.0.0.1:", "ws://127.0.0.1:")), lambda route: route.abort())
        page = context.new_page()
        page.goto(url + "projector")
        page.wait_for_function("document.getElementById('worlds').rows.length === 2")
        text = page.inner_text("body")
        assert "World 1" in text and "World 2" in text and "1/3 in" in text
        assert page.inner_text("#clock").count(":") == 1
        assert "A-PRIVATE-ARGUMENT" not in text and new.facilitator_code not in text
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), f"the projector page overflows at {width} px"
        page.screenshot(path=tmp_path / f"projector-{width}.png", full_page=True)
        context.close()


NAME_FIELD_COLOUR = """
() => {
  // The colour of the name field's left edge: Textual draws a focused Input's border in another colour.
  const term = window.__detenteTerminal, buffer = term.buffer.active;
  for (let y = 0; y < term.rows; y++) {
    const line = buffer.getLine(buffer.viewportY + y), text = line.translateToString(true);
    const x = text.indexOf("e.g. Blue team");
    if (x >= 0) {
      const edge = text.lastIndexOf("\u258a", x);
      const cell = line.getCell(edge);
      return cell ? `${cell.getFgColorMode()}:${cell.getFgColor()}` : null;
    }
  }
  return null;
}
"""


def test_a_team_names_itself_at_the_browsers_door(serve_session, page, classroom):
    path, new = classroom
    open_app(page, serve_session(path))
    wait_for_text(page, "Enter your team's code")
    code = new.seat_codes[(2, "heartland")]
    type_text(page, code)
    wait_for_text(page, code)  # every key arrived before the next field is taken
    unfocused = page.evaluate(NAME_FIELD_COLOUR)
    press(page, "tab")
    page.wait_for_function(f"({NAME_FIELD_COLOUR})() !== {unfocused!r}")  # the name field has the focus: keys go there now
    type_text(page, "Red Foxes")
    wait_for_text(page, "Red Foxes")
    press(page, "enter")
    wait_for_text(page, "World 2 · Red Foxes (H Heartland Republic)")  # the seat names the team
    with Store.open(path) as store:
        assert store.seat(new.seat_codes[(2, "heartland")]).view().team == "Red Foxes"
