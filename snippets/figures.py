"""The ``@figure`` marker: a figure function names itself and its parameters, and imports nothing else.

A figure function lives in the module of the concept it illustrates and is marked with ``@figure``::

    @figure("relu-network", seed=0, quick=dict(depth=4, width=16), full=dict(depth=4, width=16))
    def relu_network(*, seed, depth, width):
        ...
        return fig, {"pieces": 37}

It is a plain function of explicit parameters; each scale (``quick`` for the build and CI, ``full`` for
a run closer to the paper) is one set of them. It returns a matplotlib ``Figure`` and a dict of results
that pages quote. The site's machinery (``lecture_site.registry``) finds the marked functions by reading
the sources; calling one yourself needs nothing but its module.
"""
from __future__ import annotations

SCALES = ("quick", "full")


class FigureError(Exception):
    """A figure is unknown, or its function is broken; the message names the figure."""


def figure(name: str, *, seed: int = 0, **scales: dict):
    """Register a figure function under ``name`` with one parameter set per scale."""
    missing = [s for s in SCALES if s not in scales]
    unknown = [s for s in scales if s not in SCALES]
    if missing or unknown:
        raise FigureError(f"figure {name!r}: needs parameters for scales {SCALES}, "
                          f"missing {missing}, unknown {unknown}")

    def mark(fn):
        fn.figure_name, fn.figure_seed, fn.figure_scales = name, seed, scales
        return fn

    return mark
