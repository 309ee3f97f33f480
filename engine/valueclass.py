"""Value classes: the records of the engine and of every package above it, declared by their fields.

``@valueclass.frozen`` makes an immutable, hashable class; ``@valueclass.define`` a mutable,
unhashable one. Both get ``__slots__``, an ``__init__`` taking the fields in order (a field
with a default, ``Factory`` or ``field(...)`` after those without), ``__eq__`` comparing the
fields of two instances of the same class, ``__repr__`` as ``Name(a=1, b='x')``, pickling and
``__match_args__``. ``evolve`` copies one with some fields changed; ``fields`` lists a class's.
``field(init=False)`` leaves a field out of ``__init__`` (a ``__post_init__`` method, called
last, sets it); ``eq=False`` and ``repr=False`` leave it out of comparison, hashing and repr.
A field whose name starts with ``_`` is given to ``__init__`` without it, as ``attrs`` does.

This is the subset of ``attrs`` the project uses, with the same behaviour. It exists for
start-up: a short command (``replay``, ``check``, a team's ``session submit``) defines about
a hundred such classes, and ``attrs`` took 30 ms to import and 0.45 ms to create each class,
compiling four or five generated methods per class: about half of a ``replay``'s 0.2 s. Here a class
is made without compiling anything. Its ``__eq__`` and ``__hash__`` are written out and compiled
when first called, and its ``__init__`` once the class has been constructed ``COMPILE_AFTER``
times (before that, the arguments are bound in Python): the same code ``attrs`` generates, so
they run as fast as its do, while a class a command makes a few times costs no compiling.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from typing_extensions import dataclass_transform
else:

    def dataclass_transform(**_: object) -> Callable[[Any], Any]:
        """Type checkers read this decorator's arguments; at run time it changes nothing."""
        return lambda decorated: decorated


T = TypeVar("T")
C = TypeVar("C", bound=type)

_SETATTR = object.__setattr__


class _Nothing:
    """The marker of a field with no default."""

    def __repr__(self) -> str:
        return "NOTHING"


NOTHING: Any = _Nothing()


class FrozenInstanceError(AttributeError):
    """Raised on assigning to, or deleting, a field of a frozen instance."""


class _Factory:
    """A default made anew for each instance by calling ``make``."""

    __slots__ = ("make",)

    def __init__(self, make: Callable[[], Any]) -> None:
        self.make = make


def Factory(make: Callable[[], T]) -> T:
    """A field's default made by calling ``make`` for each new instance, e.g. ``Factory(list)``."""
    return _Factory(make)  # type: ignore[return-value]


class Field:
    """One field of a value class: its name, how it is initialised, and whether equality and
    repr read it. ``fields(cls)`` returns these."""

    __slots__ = ("alias", "converter", "default", "eq", "init", "name", "repr")

    def __init__(
        self, name: str, default: Any = NOTHING, *, converter: Callable[[Any], Any] | None = None, init: bool = True, eq: bool = True, repr: bool = True
    ) -> None:
        self.name = name
        self.alias = name.lstrip("_")
        """The name ``__init__`` and ``evolve`` take this field by: its name without a leading ``_``."""
        self.default = default
        self.converter = converter
        self.init = init
        self.eq = eq
        self.repr = repr

    def named(self, name: str) -> Field:
        """This field's options, under ``name``."""
        return Field(name, self.default, converter=self.converter, init=self.init, eq=self.eq, repr=self.repr)


def field(
    *,
    default: Any = NOTHING,
    factory: Callable[[], Any] | None = None,
    converter: Callable[[Any], Any] | None = None,
    init: bool = True,
    eq: bool = True,
    repr: bool = True,
) -> Any:
    """A field with options: a ``default`` (a value or a ``Factory``) or a ``factory`` called per
    instance; a ``converter`` that ``__init__`` passes the given value through; left out of
    ``__init__`` (``init=False``), of equality and hashing (``eq=False``) or of repr (``repr=False``)."""
    return Field("", _Factory(factory) if factory is not None else default, converter=converter, init=init, eq=eq, repr=repr)


def fields(cls: type) -> tuple[Field, ...]:
    """The fields of a value class, in order."""
    try:
        found: tuple[Field, ...] = cls.__dict__["__valueclass_fields__"]
    except KeyError:
        raise TypeError(f"{cls!r} is not a value class") from None
    return found


def evolve(inst: T, **changes: Any) -> T:
    """A new instance of ``inst``'s class with the same fields but those in ``changes``."""
    cls = inst.__class__
    for each in fields(cls):
        if each.init and each.alias not in changes:
            changes[each.alias] = getattr(inst, each.name)
    return cls(**changes)


def asdict(inst: Any) -> dict[str, Any]:
    """The fields of ``inst`` by name (not recursing into values that are value classes)."""
    return {each.name: getattr(inst, each.name) for each in fields(inst.__class__)}


@dataclass_transform(frozen_default=True, field_specifiers=(field,))
def frozen(cls: C) -> C:
    """``cls`` as an immutable, hashable value class (see the module's docstring)."""
    return _build(cls, frozen=True)


@dataclass_transform(field_specifiers=(field,))
def define(cls: C) -> C:
    """``cls`` as a mutable value class, unhashable since its equality can change."""
    return _build(cls, frozen=False)


def _declared(cls: type) -> tuple[Field, ...]:
    """The fields ``cls`` annotates, with their defaults and options; ``ClassVar`` ones are not fields."""
    found = []
    for name, annotation in cls.__annotations__.items():
        if str(annotation).startswith(("ClassVar", "typing.ClassVar")):
            continue
        value = cls.__dict__.get(name, NOTHING)
        found.append(value.named(name) if isinstance(value, Field) else Field(name, value))
    if any("__valueclass_fields__" in base.__dict__ for base in cls.__mro__[1:]):
        raise TypeError(f"{cls.__qualname__}: a value class does not inherit another's fields")
    given = [each for each in found if each.init]
    for before, after in itertools.pairwise(given):
        if before.default is not NOTHING and after.default is NOTHING:
            raise TypeError(f"{cls.__qualname__}: field {after.name!r} has no default but follows {before.name!r}, which has one")
    return tuple(found)


def _build(cls: C, *, frozen: bool) -> C:
    """A new class like ``cls`` with slots for its fields and the methods of a value class. Its
    ``__eq__`` and ``__hash__`` compile the class's own on first use, its ``__init__`` after
    ``COMPILE_AFTER`` constructions (``_install``)."""
    declared = _declared(cls)
    names = tuple(each.name for each in declared)
    body = {key: value for key, value in cls.__dict__.items() if key not in names and key not in ("__dict__", "__weakref__")}
    body["__slots__"] = (*names, "__weakref__")
    body["__valueclass_fields__"] = declared
    body["__valueclass_frozen__"] = frozen
    body["__match_args__"] = tuple(each.name for each in declared if each.init)
    body["__init__"] = _binding_init
    body["__eq__"] = _first_eq
    body["__hash__"] = _first_hash if frozen else None
    body["__repr__"] = _repr
    body["__getstate__"] = _getstate
    body["__setstate__"] = _setstate
    if all(each.init and each.converter is None for each in declared) and "__post_init__" not in body and "__reduce__" not in body:
        body["__reduce__"] = _reduce
    if frozen:
        body["__setattr__"] = _refuse_setattr
        body["__delattr__"] = _refuse_delattr
    built = type(cls)(cls.__name__, cls.__bases__, body)
    built.__qualname__ = cls.__qualname__
    return built


COMPILE_AFTER = 50
"""How many times a class is constructed by ``_bind`` before its own ``__init__`` is compiled:
compiling costs about 25 µs a field, each call it speeds up saves about a tenth of that."""

_constructed: dict[type, int] = {}


def _binding_init(self: Any, *args: Any, **kwargs: Any) -> None:
    cls = self.__class__
    made = _constructed.get(cls, 0)
    if made < COMPILE_AFTER:
        _constructed[cls] = made + 1
        _bind(self, args, kwargs)
    else:
        _install(cls, "__init__", _init_source)
        self.__init__(*args, **kwargs)


def _bind(self: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """What the compiled ``__init__`` does (``_init_source``), with the arguments bound here."""
    cls = self.__class__
    taken = [each.alias for each in fields(cls) if each.init]
    if len(args) > len(taken):
        raise TypeError(f"{cls.__qualname__}() takes {len(taken)} positional arguments but {len(args)} were given")
    values = dict(zip(taken, args))
    for key, value in kwargs.items():
        if key in values or key not in taken:
            raise TypeError(f"{cls.__qualname__}() got {'multiple values for' if key in values else 'an unexpected keyword'} argument {key!r}")
        values[key] = value
    put = _SETATTR if cls.__dict__["__valueclass_frozen__"] else setattr
    for each in fields(cls):
        if each.init and each.alias in values:
            value = values[each.alias]
        elif isinstance(each.default, _Factory):
            value = each.default.make()
        elif each.default is not NOTHING:
            value = each.default
        elif each.init:
            raise TypeError(f"{cls.__qualname__}() missing required argument: {each.alias!r}")
        else:
            continue  # set by __post_init__
        put(self, each.name, value if each.converter is None else each.converter(value))
    if "__post_init__" in cls.__dict__:
        self.__post_init__()


def _first_eq(self: Any, other: Any) -> Any:
    _install(self.__class__, "__eq__", _eq_source)
    return self == other


def _first_hash(self: Any) -> int:
    _install(self.__class__, "__hash__", _hash_source)
    return hash(self)


def _repr(self: Any) -> str:
    """``Name(a=1, b='x')``, the fields shown in order."""
    shown = ", ".join(f"{each.name}={getattr(self, each.name)!r}" for each in fields(self.__class__) if each.repr)
    return f"{self.__class__.__qualname__.rsplit('>.', 1)[-1]}({shown})"


def _getstate(self: Any) -> tuple[Any, ...]:
    """What pickling and ``copy`` keep: every field's value, in order."""
    return tuple(getattr(self, each.name) for each in fields(self.__class__))


def _reduce(self: Any) -> tuple[Any, ...]:
    """Pickling and ``copy`` of a class whose ``__init__`` takes every field as it is kept (no converter,
    none left out, no ``__post_init__``): the class and its fields in order, so that unpickling calls the
    compiled ``__init__`` once instead of setting each field from Python (``_setstate``), at half the cost."""
    return self.__class__, tuple(getattr(self, each.name) for each in fields(self.__class__))


def _setstate(self: Any, state: tuple[Any, ...]) -> None:
    for each, value in zip(fields(self.__class__), state, strict=True):
        _SETATTR(self, each.name, value)


def _refuse_setattr(self: Any, name: str, value: Any) -> None:
    raise FrozenInstanceError(f"cannot assign to field {name!r} of a frozen {self.__class__.__name__}")


def _refuse_delattr(self: Any, name: str) -> None:
    raise FrozenInstanceError(f"cannot delete field {name!r} of a frozen {self.__class__.__name__}")


def _install(cls: type, method: str, write: Callable[[type, dict[str, Any]], list[str]]) -> None:
    """Writes out ``method`` of ``cls`` (``write`` gives its lines and adds the names they use to
    the scope), compiles it and puts it in place of the stub that called this."""
    scope: dict[str, Any] = {}
    source = "\n".join(write(cls, scope)) + "\n"
    exec(compile(source, f"<value class {cls.__qualname__}>", "exec"), scope)
    scope[method].__qualname__ = f"{cls.__qualname__}.{method}"
    setattr(cls, method, scope[method])


def _init_source(cls: type, scope: dict[str, Any]) -> list[str]:
    """``__init__``: each field set in its own statement (through ``object.__setattr__`` when
    frozen), its default or factory used when not given, converted, then ``__post_init__``."""
    frozen = cls.__dict__["__valueclass_frozen__"]
    scope.update(NOTHING=NOTHING, _bind_setattr=_SETATTR.__get__)
    parameters = []
    lines = ["    _set = _bind_setattr(self)"] if frozen else []
    for each in fields(cls):
        given = each.alias if each.init else None
        if given is not None and each.default is NOTHING:
            parameters.append(given)
            value = given
        elif isinstance(each.default, _Factory):
            scope[f"_make_{each.name}"] = each.default.make
            if given is None:
                value = f"_make_{each.name}()"
            else:
                parameters.append(f"{given}=NOTHING")
                value = f"_make_{each.name}() if {given} is NOTHING else {given}"
        elif given is not None:
            scope[f"_default_{each.name}"] = each.default
            parameters.append(f"{given}=_default_{each.name}")
            value = given
        elif each.default is not NOTHING:
            scope[f"_default_{each.name}"] = each.default
            value = f"_default_{each.name}"
        else:
            continue  # set by __post_init__
        if each.converter is not None:
            scope[f"_convert_{each.name}"] = each.converter
            value = f"_convert_{each.name}({value})"
        lines.append(f"    _set({each.name!r}, {value})" if frozen else f"    self.{each.name} = {value}")
    if "__post_init__" in cls.__dict__:
        lines.append("    self.__post_init__()")
    return [f"def __init__(self, {', '.join(parameters)}):", *(lines or ["    pass"])]


def _eq_source(cls: type, scope: dict[str, Any]) -> list[str]:
    """``__eq__``: the compared fields one by one, stopping at the first that differs."""
    compared = " and ".join(f"self.{each.name} == other.{each.name}" for each in fields(cls) if each.eq)
    return [
        "def __eq__(self, other):",
        "    if other.__class__ is not self.__class__:",
        "        return NotImplemented",
        f"    return {compared or 'True'}",
    ]


def _hash_source(cls: type, scope: dict[str, Any]) -> list[str]:
    """``__hash__``: of the compared fields, with a salt of the class's own."""
    scope["_salt"] = hash(cls.__qualname__)
    return ["def __hash__(self):", f"    return hash((_salt, {''.join(f'self.{each.name}, ' for each in fields(cls) if each.eq)}))"]
