"""Checks of the arguments the public API is given.

Every public function checks its arguments before it calls the compiled
layer, whose own message for a wrong type is pybind11's ("incompatible
function arguments ... Invoked with: ..."), naming neither the argument nor
the type it takes. A wrong type raises TypeError as ``"<argument> must be
<what it takes>, not <type>: <value>"``; a wrong value, InputError.

:func:`_guarded` is the backstop behind those checks: a public function that
lets a wrong type through to the compiled layer still raises a TypeError
naming itself, what it takes and what it was given.
"""

from __future__ import annotations

import datetime as _dt
import functools
import inspect
import numbers
import os
import re
import warnings
from collections.abc import Iterable
from typing import Any, Callable, Optional, TypeVar

F = TypeVar("F", bound=Callable[..., Any])
C = TypeVar("C", bound=type)


def _wrong_type(what: str, takes: str, value: Any) -> TypeError:
    return TypeError(f"{what} must be {takes}, not {type(value).__name__}: {value!r}")


def _wrong_item(what: str, takes: str, item: Any) -> TypeError:
    """A collection (``what``) holding an item of the wrong type."""
    return TypeError(f"{what} must be {takes}, not a list holding {type(item).__name__}: {item!r}")


def _name(value: Any, what: str, takes: str = "text (str)") -> str:
    """An argument that must be text (an event, a milestone, a reference)."""
    if not isinstance(value, str):
        raise _wrong_type(what, takes, value)
    return value


def _optional_name(value: Any, what: str) -> Optional[str]:
    """Text or None."""
    return None if value is None else _name(value, what)


def _integer(value: Any, what: str, takes: str = "an integer") -> int:
    """A whole number (an int or a NumPy integer; not a bool, not a float)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise _wrong_type(what, takes, value)
    return int(value)


def _flag(value: Any, what: str) -> bool:
    if not isinstance(value, bool):
        raise _wrong_type(what, "a bool (True or False)", value)
    return value


def _renamed(new: str, old: str) -> property:
    """A read-only property ``old`` of a result row that gives its field
    ``new`` (the name the results share now) with a DeprecationWarning."""

    def get(self: Any) -> Any:
        warnings.warn(
            f"{type(self).__name__}.{old} is deprecated: it is now {new!r} (the same value)",
            DeprecationWarning,
            stacklevel=2,
        )
        return getattr(self, new)

    get.__name__ = old
    get.__doc__ = f"Deprecated: the old name of ``{new}``."
    return property(get)


def _empty_as_none(rows: Iterable[Any], field: str = "agency") -> None:
    """Sets ``field`` of each (frozen) row to None where the compiled layer
    gave "" for none (a review-level item has no agency)."""
    for r in rows:
        if getattr(r, field) == "":
            object.__setattr__(r, field, None)


def _path(value: Any, what: str = "path") -> str:
    """A file's path: text or an os.PathLike (not bytes, not a file descriptor)."""
    if not isinstance(value, (str, os.PathLike)):
        raise _wrong_type(what, "a str or os.PathLike", value)
    return os.fsdecode(value)


def _file_bytes(path: str, what: str) -> bytes:
    """The bytes of the file at ``path``; InputError naming ``what`` (e.g.
    "table") and the file if it cannot be read."""
    from .errors import InputError

    try:
        with open(path, "rb") as f:
            return f.read()
    except OSError as e:
        raise InputError(f"cannot read {what} {path!r}: {e.strerror}") from None


def _iterable(values: Any, what: str, takes: str) -> Iterable[Any]:
    """A collection of items (a list, a tuple, a set), not text."""
    if isinstance(values, (str, bytes)) or not isinstance(values, Iterable):
        raise _wrong_type(what, takes, values)
    return values


def _aware(t: _dt.datetime, what: str, advice: str) -> _dt.datetime:
    """``t`` if it has a time zone; a TypeError naming ``what`` if it is naive."""
    if t.tzinfo is None or t.utcoffset() is None:
        raise TypeError(f"{what} {t!r} is a naive datetime: {advice}")
    return t


def _instant(t: Any, what: str = "at") -> _dt.datetime:
    """An aware datetime (the instant a thing happened)."""
    if isinstance(t, _dt.datetime):
        return _aware(t, what, "give it a time zone, e.g. "
                               "datetime(2024, 5, 24, 17, 0, tzinfo=ZoneInfo('Europe/London'))")
    raise _wrong_type(what, "a datetime.datetime with a time zone", t)


#: How to install pandas, for messages.
_GET_PANDAS = 'pip install "libscr[pandas]"'


def _pandas(what: str) -> Any:
    """The pandas module, imported when ``what`` (a call such as
    ``"Table.to_pandas()"``) needs it. pandas is optional: without it, a
    ModuleNotFoundError (an ImportError) says that ``what`` needs pandas and
    how to install it."""
    try:
        import pandas
    except ImportError as error:
        if error.name == "pandas":
            raise ModuleNotFoundError(f"{what} needs pandas, which is not installed: {_GET_PANDAS} "
                                      "(or pip install pandas)", name="pandas") from error
        raise ImportError(f"{what} needs pandas, which could not be imported ({error}): reinstall it with "
                          f"{_GET_PANDAS}", name="pandas") from error
    return pandas


def _wrapping(core: Any, kind: type, how: str) -> None:
    """The compiled object a public class is built around, for its
    ``__init__``; users build one as ``how`` says."""
    if not isinstance(core, kind):
        raise TypeError(f"core must be a {kind.__module__}.{kind.__qualname__}, not {type(core).__name__} ({how})")


# ---- the backstop --------------------------------------------------------------------

#: pybind11's message for arguments it cannot convert.
_REFUSED = re.compile(r"^\w*\(\): incompatible (?:function|constructor) arguments")


def _guarded(func: F) -> F:
    """``func``, raising a TypeError that names it, what it takes and the types
    it was given where the compiled layer refuses an argument's type."""

    @functools.wraps(func)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except TypeError as error:
            if not _REFUSED.match(str(error)):
                raise
            raise TypeError(_refusal(func, args, kwargs)) from None

    return guarded  # type: ignore[return-value]


def _guard_public(*unguarded: str) -> Callable[[C], C]:
    """A class decorator: :func:`_guarded` on every public method and
    ``__init__`` but those named in ``unguarded`` (calls made in loops, whose
    every argument is checked)."""

    def guard(cls: C) -> C:
        for name, attr in list(vars(cls).items()):
            if (name.startswith("_") and name != "__init__") or name in unguarded:
                continue
            if isinstance(attr, classmethod):
                setattr(cls, name, classmethod(_guarded(attr.__func__)))
            elif isinstance(attr, staticmethod):
                setattr(cls, name, staticmethod(_guarded(attr.__func__)))
            elif inspect.isfunction(attr):
                setattr(cls, name, _guarded(attr))
        return cls

    return guard


def _refusal(func: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any]) -> str:
    signature = inspect.signature(func)
    own = [p for p in signature.parameters.values() if p.name not in ("self", "cls")]
    takes = ", ".join(_plain(p) for p in own)
    try:
        given = signature.bind(*args, **kwargs).arguments
    except TypeError:
        given = dict(enumerate(args), **kwargs)  # type: ignore[arg-type]
    shown = ", ".join(f"{name}={type(v).__name__}" for name, v in given.items() if name not in ("self", "cls"))
    return (f"{func.__qualname__}() was given an argument of a type it does not take ({shown}); "
            f"it takes ({takes})")


def _plain(p: inspect.Parameter) -> str:
    text = p.name
    if p.annotation is not inspect.Parameter.empty:
        annotation = p.annotation if isinstance(p.annotation, str) else inspect.formatannotation(p.annotation)
        annotation = re.sub(r"\b_dt\.", "datetime.", annotation).replace("ActorLike", "Actor")
        text += f": {annotation}"
    if p.default is not inspect.Parameter.empty:
        text += f" = {p.default!r}"
    return text
