"""The engine's value classes behave as the attrs classes they replaced: equality and hashing by
fields, immutability, repr, evolve, defaults made per instance, pickling and copying."""

from __future__ import annotations

import copy
import pickle
from typing import ClassVar

import pytest

import engine.valueclass as valueclass


@valueclass.frozen
class Point:
    x: int
    y: int = 0
    label: str = valueclass.field(default="", eq=False, repr=False)
    tags: tuple[str, ...] = valueclass.field(default=(), converter=tuple)
    UNIT: ClassVar[int] = 1


@valueclass.define
class Bag:
    items: list[int] = valueclass.Factory(list)
    size: int = valueclass.field(init=False, eq=False)
    _secret: str = "s"

    def __post_init__(self) -> None:
        self.size = len(self.items)


def test_a_frozen_value_compares_and_hashes_by_its_fields_and_refuses_changes():
    assert Point(1, 2) == Point(1, y=2) and Point(1, 2) != Point(2, 1)
    assert Point(1, 2, label="a") == Point(1, 2, label="b")  # eq=False
    assert hash(Point(1, 2, label="a")) == hash(Point(1, 2)) and len({Point(1), Point(1), Point(2)}) == 2
    assert Point(1) != (1, 0) and Point(1).__eq__((1, 0)) is NotImplemented
    with pytest.raises(valueclass.FrozenInstanceError):
        Point(1).x = 2  # type: ignore[misc]
    with pytest.raises(AttributeError):
        Point(1).z = 2  # type: ignore[attr-defined]
    with pytest.raises(valueclass.FrozenInstanceError):
        del Point(1).x  # type: ignore[misc]


def test_repr_shows_the_fields_in_order_but_those_left_out():
    assert repr(Point(1, 2, label="hidden", tags=["a"])) == "Point(x=1, y=2, tags=('a',))"
    assert repr(Bag([3])) == "Bag(items=[3], size=1, _secret='s')"


def test_init_converts_makes_defaults_per_instance_and_calls_post_init():
    assert Point(1, tags=["a", "b"]).tags == ("a", "b")
    one, two = Bag(), Bag()
    one.items.append(1)
    assert two.items == [] and Bag([1, 2]).size == 2
    assert Bag(secret="x")._secret == "x"  # a private field is given without its underscore
    assert Point.__match_args__ == ("x", "y", "label", "tags")
    with pytest.raises(TypeError):
        Point()  # type: ignore[call-arg]


def test_a_mutable_value_is_unhashable_and_changes():
    bag = Bag([1])
    bag.items = [1, 2]
    assert bag == Bag([1, 2]) and bag.size == 1  # size is not compared
    with pytest.raises(TypeError):
        hash(bag)


def test_evolve_copies_with_changes_and_runs_post_init():
    point = Point(1, 2, label="a", tags=("t",))
    assert valueclass.evolve(point, y=5) == Point(1, 5, tags=("t",)) and valueclass.evolve(point, y=5).label == "a"
    assert valueclass.evolve(Bag([1]), items=[1, 2, 3]).size == 3
    assert valueclass.evolve(Bag(secret="x"))._secret == "x"
    assert [field.name for field in valueclass.fields(Bag)] == ["items", "size", "_secret"]
    assert valueclass.asdict(Point(1, 2)) == {"x": 1, "y": 2, "label": "", "tags": ()}


def test_pickling_and_copying_give_equal_values_before_any_is_constructed():
    @valueclass.frozen
    class Fresh:
        a: int
        b: str = "b"

    made = Fresh.__new__(Fresh)
    made.__setstate__((1, "c"))  # as unpickling does: no __init__ has been compiled yet
    assert made == copy.copy(made) and hash(made) == hash(copy.copy(made)) and made == Fresh(1, "c")
    assert pickle.loads(pickle.dumps(Point(1, 2, tags=("x",)))) == Point(1, 2, tags=("x",))
    assert copy.deepcopy(Bag([1])) == Bag([1])


def test_a_field_without_default_after_one_with_is_refused_when_the_class_is_made():
    with pytest.raises(TypeError, match="'b' has no default but follows 'a'"):

        @valueclass.frozen
        class Wrong:
            a: int = 0
            b: int


def test_init_binds_arguments_as_the_compiled_one_does_before_and_after_it_is_compiled():
    @valueclass.frozen
    class Reading:
        gauge: str
        value: int = 0
        notes: list[str] = valueclass.Factory(list)
        scaled: int = valueclass.field(default=0, converter=abs)
        _raw: str = ""

    bound = [Reading("a"), Reading("a", 2, ["x"], -3, "r"), Reading(gauge="a", raw="r", scaled=-4)]
    for _ in range(valueclass.COMPILE_AFTER):
        Reading("z")
    assert "_binding_init" not in Reading.__init__.__qualname__  # compiled by now
    compiled = [Reading("a"), Reading("a", 2, ["x"], -3, "r"), Reading(gauge="a", raw="r", scaled=-4)]
    assert bound == compiled and [item._raw for item in bound] == [item._raw for item in compiled] == ["", "r", "r"]
    assert bound[0].notes is not Reading("b").notes and bound[1].scaled == 3


@pytest.mark.parametrize(
    ("args", "kwargs", "message"),
    [
        ((), {}, "missing required argument: 'gauge'"),
        (("a", 1, 2), {}, "takes 2 positional"),
        (("a",), {"gauge": "b"}, "multiple values"),
        ((), {"x": 1}, "unexpected"),
    ],
)
def test_init_refuses_wrong_arguments_before_it_is_compiled(args, kwargs, message):
    @valueclass.frozen
    class Reading:
        gauge: str
        value: int = 0

    with pytest.raises(TypeError, match=message):
        Reading(*args, **kwargs)
