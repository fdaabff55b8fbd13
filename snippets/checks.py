"""Checks of what a reader passes to a ``snippets`` function, shared by the concept modules.

A check runs at the top of a function, before any computation. It returns the value it checked, or
raises an error that names the argument and says what was expected: "width must be a positive integer,
got -3". A number of the wrong kind or out of range raises ValueError; an object of the wrong kind
altogether (a list where a tensor is expected) raises TypeError.

Integers are Python or numpy integers, never ``bool`` (``True`` is an ``int`` to Python, not a count
to a reader). Numbers are finite ints or floats, again not ``bool``.
"""
from __future__ import annotations

import math
from numbers import Integral, Real

_COUNTS = {0: "a sequence of", 1: "one or more", 2: "at least two"}


def is_int(value) -> bool:
    """A Python or numpy integer, not a bool."""
    return isinstance(value, Integral) and not isinstance(value, bool)


def is_number(value) -> bool:
    """A finite Python or numpy int or float, not a bool."""
    return isinstance(value, Real) and not isinstance(value, bool) and math.isfinite(value)


# --- Numbers -----------------------------------------------------------------------------------------

def integers(**values) -> None:
    """Each value is an integer; the range is left to the caller's own check."""
    for name, value in values.items():
        if not is_int(value):
            raise ValueError(f"{name} must be an integer, got {value!r}")


def positive_int(name: str, value):
    if not is_int(value) or value < 1:
        raise ValueError(f"{name} must be a positive integer, got {value!r}")
    return value


def int_at_least(name: str, value, lo: int):
    if not is_int(value) or value < lo:
        raise ValueError(f"{name} must be an integer >= {lo}, got {value!r}")
    return value


def counts(**values) -> None:
    """Each value is a positive integer: ``counts(steps=steps, restarts=restarts)``."""
    for name, value in values.items():
        positive_int(name, value)


def nonnegative_int(name: str, value):
    if not is_int(value) or value < 0:
        raise ValueError(f"{name} must be a non-negative integer, got {value!r}")
    return value


def positive_ints(name: str, values, at_least: int = 1) -> list:
    """A sequence of at least ``at_least`` positive integers, as a list."""
    return _sequence(name, values, at_least, lambda v: is_int(v) and v >= 1, "positive integers")


def nonnegative_ints(name: str, values, at_least: int = 1) -> list:
    """A sequence of at least ``at_least`` non-negative integers, as a list."""
    return _sequence(name, values, at_least, lambda v: is_int(v) and v >= 0, "non-negative integers")


def _sequence(name: str, values, at_least: int, good, kind: str) -> list:
    try:
        values = list(values)
    except TypeError:
        values = None
    if values is None or len(values) < at_least or not all(good(v) for v in values):
        count = _COUNTS.get(at_least, f"at least {at_least}")
        raise ValueError(f"{name} must be {count} {kind}, got {values!r}")
    return values


def number(name: str, value):
    if not is_number(value):
        raise ValueError(f"{name} must be a finite number, got {value!r}")
    return value


def positive(name: str, value):
    if not is_number(value) or value <= 0:
        raise ValueError(f"{name} must be positive, got {value!r}")
    return value


def nonnegative(name: str, value):
    if not is_number(value) or value < 0:
        raise ValueError(f"{name} must be nonnegative, got {value!r}")
    return value


def numbers(name: str, values, at_least: int = 1) -> list:
    """A sequence of at least ``at_least`` finite numbers, as a list."""
    return _sequence(name, values, at_least, is_number, "finite numbers")


def nonnegatives(name: str, values, at_least: int = 1) -> list:
    """A sequence of at least ``at_least`` non-negative numbers, as a list."""
    return _sequence(name, values, at_least, lambda v: is_number(v) and v >= 0, "non-negative numbers")


def positives(name: str, values, at_least: int = 1) -> list:
    """A sequence of at least ``at_least`` positive numbers, as a list."""
    return _sequence(name, values, at_least, lambda v: is_number(v) and v > 0, "positive numbers")


def in_range(name: str, value, lo, hi, *, lo_open: bool = False, hi_open: bool = False):
    """lo <= value <= hi, with either end excluded on request: "p must be in [0, 1], got 1.5"."""
    ok = is_number(value) and (lo < value if lo_open else lo <= value) and (value < hi if hi_open else value <= hi)
    if not ok:
        raise ValueError(f"{name} must be in {'(' if lo_open else '['}{lo}, {hi}{')' if hi_open else ']'}, "
                         f"got {value!r}")
    return value


def one_of(name: str, value, choices):
    if value not in tuple(choices):
        raise ValueError(f"unknown {name} {value!r}; known: {', '.join(map(str, choices))}")
    return value


# --- Arrays and tensors --------------------------------------------------------------------------------

_KINDS = {1: "a vector (1-D)", 2: "a matrix (2-D)"}


def tensor(name: str, x, ndim: int | None = None):
    """A ``torch.Tensor``, of ``ndim`` dimensions if given."""
    import torch

    if not isinstance(x, torch.Tensor):
        raise TypeError(f"{name} must be a torch.Tensor, got {type(x).__name__}")
    if ndim is not None and x.ndim != ndim:
        raise ValueError(f"{name} must be {_KINDS.get(ndim, f'a {ndim}-D')} tensor, got shape {tuple(x.shape)}")
    return x


def matrix(name: str, x, cols: int | None = None):
    """A 2-D ``torch.Tensor`` (n, cols)."""
    tensor(name, x, 2)
    if cols is not None and x.shape[1] != cols:
        raise ValueError(f"{name} must have shape (n, {cols}), got {tuple(x.shape)}")
    return x


def array(name: str, x, ndim: int | None = None):
    """A numpy array or a tensor (anything with a shape), of ``ndim`` dimensions if given."""
    if not hasattr(x, "shape") or not hasattr(x, "ndim"):
        raise TypeError(f"{name} must be an array, got {type(x).__name__}")
    if ndim is not None and x.ndim != ndim:
        raise ValueError(f"{name} must be {_KINDS.get(ndim, f'a {ndim}-D')} array, got shape {tuple(x.shape)}")
    return x


def same_length(**arrays) -> int:
    """The common length of the arrays: "x and y must have the same length, got 5 and 4"."""
    lengths = {name: len(a) for name, a in arrays.items()}
    if len(set(lengths.values())) > 1:
        names, got = list(lengths), [str(v) for v in lengths.values()]
        raise ValueError(f"{', '.join(names[:-1])} and {names[-1]} must have the same length, "
                         f"got {', '.join(got[:-1])} and {got[-1]}")
    return next(iter(lengths.values()))


# --- Other objects -----------------------------------------------------------------------------------

def instance(name: str, value, cls):
    if not isinstance(value, cls):
        article = "an" if cls.__name__[0] in "AEIOU" else "a"
        raise TypeError(f"{name} must be {article} {cls.__name__}, got {type(value).__name__}")
    return value


def function(name: str, f):
    if not callable(f):
        raise TypeError(f"{name} must be a function, got {type(f).__name__}")
    return f


def module(name: str, model):
    from torch import nn

    if not isinstance(model, nn.Module):
        raise TypeError(f"{name} must be a torch.nn.Module, got {type(model).__name__}")
    return model
