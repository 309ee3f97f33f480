"""Control and bidirectional characters: refused at load, with a located error, and never echoed raw.

Text may hold tabs and line feeds where TOML allows them (a summary, a card's
text, an order's reason); names, titles and ids are one line. Every other C0
control, DEL, every C1 control and the bidirectional embedding, override and
isolate characters are refused in any string or key of a scenario, a rubric
or an orders file.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hostile_run import MINI, bounded, refused

from engine import ScenarioError, load_scenario_text
from engine.errors import Problem, printable, unsafe_character
from grading.rubric import RubricError, load_rubric_text
from players.orders_file import OrdersFileError, load_orders_file

MINI_TEXT = MINI.read_text(encoding="utf-8")
RUBRIC = (Path(__file__).parent.parent / "rubrics" / "class4.toml").read_text(encoding="utf-8")

# TOML escapes of hostile characters, with the code point the message names
HOSTILE = {
    "osc52": ("\\u001b]52;c;cHduZWQ=\\u0007", "U+001B"),
    "erase_line": ("\\u001b[2K\\u001b[1A", "U+001B"),
    "carriage_return": ("\\rall turns verified", "U+000D"),
    "backspace": ("\\b\\b\\b", "U+0008"),
    "delete": ("\\u007f", "U+007F"),
    "c1_csi": ("\\u009b2J", "U+009B"),
    "c1_raw": ("\u0085", "U+0085"),
    "right_to_left_override": ("\\u202e", "U+202E"),
    "first_strong_isolate": ("\\u2068", "U+2068"),
    "raw_bidi_isolate": ("\u2066", "U+2066"),
}


def clean(message: str) -> bool:
    """No line of ``message`` holds a control or bidirectional character."""
    return all(printable(line) == line for line in message.split("\n"))


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_a_scenario_title_with_a_hostile_character_is_refused_at_its_place(name):
    escape, code = HOSTILE[name]
    with pytest.raises(ScenarioError) as caught:
        load_scenario_text(MINI_TEXT.replace('title = "Mini"', f'title = "Mini{escape}"'), "t.toml")
    assert [(p.line, p.path) for p in caught.value.problems] == [(4, "$.title")]
    assert f"({code}) at character 5" in caught.value.problems[0].message
    assert clean(str(caught.value))


def test_a_key_with_a_control_character_is_refused_and_shown_escaped():
    with pytest.raises(ScenarioError) as caught:
        load_scenario_text(MINI_TEXT.replace('title = "Mini"', 'title = "Mini"\n"x\\u001b]0;owned\\u0007" = 1'), "k.toml")
    assert clean(str(caught.value))
    assert [p.path for p in caught.value.problems] == ['$."x\\u001b]0;owned\\u0007"'] * 2  # the key holds ..., and it is unknown
    assert "the key holds a control character (U+001B)" in caught.value.problems[0].message


def test_hostile_characters_deep_inside_arrays_and_tables_are_found():
    text = MINI_TEXT.replace('blocs = ["league"]', 'blocs = ["league", "b\\u202e"]')
    with pytest.raises(ScenarioError) as caught:
        load_scenario_text(text, "deep.toml")
    assert (caught.value.problems[0].line, caught.value.problems[0].path) == (63, "$.regions[north].blocs[1]")


def test_long_texts_may_span_lines_and_hold_tabs_but_names_may_not():
    summary = MINI_TEXT.replace('title = "Mini"', 'title = "Mini"\nsummary = """Two lines,\n\tthe second indented."""')
    assert load_scenario_text(summary, "s.toml").summary == "Two lines,\n\tthe second indented."
    for name in ('"Blue\\tteam"', '"""Blue\nteam"""'):
        with pytest.raises(ScenarioError, match=r"\$.factions\[blue\].name: a (tab|line feed) at character 5; this text must be one line"):
            load_scenario_text(MINI_TEXT.replace('name = "Blue"', f"name = {name}"), "n.toml")


def test_an_id_ending_in_a_line_feed_is_not_an_id():
    with pytest.raises(ScenarioError, match=r"\$.id: 'mini\\n' is not a valid id"):
        load_scenario_text(MINI_TEXT.replace('id = "mini"', 'id = "mini\\n"'), "id.toml")


def test_check_prints_nothing_raw(tmp_path):
    path = tmp_path / "osc.toml"
    path.write_text(MINI_TEXT.replace('title = "Mini"', 'title = "Mini\\u001b]52;c;cHduZWQ=\\u0007"'))
    result = bounded("check", path)
    refused(result, f"{path}:4: $.title: a control character (U+001B)")
    assert clean(result.stdout + result.stderr)


def test_a_file_name_with_control_characters_is_shown_escaped(tmp_path):
    path = tmp_path / "team\x1b]2;owned\x07.toml"
    result = bounded("check", path)
    refused(result, "team\\x1b]2;owned\\x07.toml: no such file")
    assert clean(result.stdout + result.stderr)


@pytest.mark.parametrize("name", ["osc52", "c1_csi", "right_to_left_override"])
def test_a_rubric_with_a_hostile_character_is_refused_at_its_place(name):
    escape, code = HOSTILE[name]
    text = RUBRIC.replace("title = ", f'title = "X{escape}"\nold_title = ', 1)
    with pytest.raises(RubricError) as caught:
        load_rubric_text(text, "r.toml")
    problem = caught.value.problems[0]
    assert (problem.path, code in problem.message) == ("$.title", True)
    assert clean(str(caught.value))


ORDER = '[[orders]]\nturn = 1\nfaction = "blue"\nmove = "aid"\ntarget = "north"\nwhy = {why}\n'


@pytest.mark.parametrize("name", ["osc52", "erase_line", "c1_raw", "first_strong_isolate"])
def test_an_order_with_a_hostile_reason_is_refused_at_its_place(tmp_path, name):
    escape, code = HOSTILE[name]
    path = tmp_path / "orders.toml"
    path.write_text(ORDER.format(why=f'"Because{escape}"'), encoding="utf-8")
    with pytest.raises(OrdersFileError) as caught:
        load_orders_file(path)
    assert [(p.line, p.path) for p in caught.value.problems] == [(6, "$.orders[0].why")]
    assert code in caught.value.problems[0].message
    assert clean(str(caught.value))


def test_an_order_reason_may_span_lines(tmp_path):
    path = tmp_path / "orders.toml"
    path.write_text(ORDER.format(why='"""Shore up the North,\nbefore the vote."""'))
    assert load_orders_file(path).orders[0].order.why == "Shore up the North,\nbefore the vote."


def test_printable_and_unsafe_character():
    assert printable("a\x1b[2Kb\x07\u202ec\n") == "a\\x1b[2Kb\\x07\\u202ec\\x0a"
    assert printable("Détente — ok\u2069") == "Détente — ok\\u2069"
    assert unsafe_character("tab\tand\nline") is None
    assert unsafe_character("tab\tand", lines=False) == 3
    assert unsafe_character("x\x85") == 1
    assert Problem("$.t", "bad \x9b", 3).describe("f\x1b.toml") == "f\\x1b.toml:3: $.t: bad \\x9b"
