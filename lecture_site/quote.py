"""Numbers in the prose come from the experiments: ``{{ NAME.KEY:FORMAT }}`` placeholders.

A page writes, for example, ``{{ piece-counts.widest_deepest_mean:.0f }}``: figure ``piece-counts``,
key ``widest_deepest_mean`` of its results (dots go into nested dicts and lists: ``table.16.0.mean``),
and an optional Python format spec. ``fill`` replaces every placeholder from the figures' results; one
naming an unknown figure or key is an error that names the page and the line.
"""
from __future__ import annotations

import re
from typing import Callable

from snippets.claims import PLACEHOLDER, lookup


class QuoteError(Exception):
    """A placeholder that cannot be filled; the message names the page and line."""


def fill(text: str, results_of: Callable[[str], dict | None], page: str,
         at: Callable[[int], str] | None = None) -> str:
    """``text`` with every placeholder replaced; ``results_of(name)`` gives a figure's results or None.
    An error names ``page`` and the line, or ``at(line)`` when given (text that is not a page's)."""
    def replace(m: re.Match) -> str:
        name, path, spec = m.group(1), m.group(2), m.group(3) or ""
        line = text.count("\n", 0, m.start()) + 1
        where = f"{at(line) if at else f'{page}:{line}'}: {m.group(0)}"
        results = results_of(name)
        if results is None:
            raise QuoteError(f"{where} names figure {name!r}, which does not exist")
        try:
            value = lookup(results, path)
        except KeyError:
            keys = ", ".join(sorted(results)) if isinstance(results, dict) else "?"
            raise QuoteError(f"{where}: figure {name!r} has no result {path!r}; its keys: {keys}") from None
        try:
            return format(value, spec)
        except (ValueError, TypeError) as e:
            raise QuoteError(f"{where}: cannot format {value!r} with {spec!r}: {e}") from None
    return PLACEHOLDER.sub(replace, text)


DATA_LINK = re.compile(r"\[Data\]\(figures/([a-z0-9][a-z0-9-]*)\.json\)")


TIMINGS = "figures/timings.json"  # the one generated file that carries this build's measurements


def provenance(name: str, record: dict) -> str:
    """One sentence on where a figure came from: function, scale, seed, compute time and torch version.

    The seconds differ from build to build, so the page only links them (``figures/timings.json``, which
    a small script shows in place): the pages themselves stay byte-for-byte reproducible.
    """
    took = f'[compute time]({TIMINGS}){{: .figure-time data-figure="{name}" }}'
    return (f"Computed at build time by `{record['made_by']}` ({record['scale']} scale, seed {record['seed']}, "
            f"{took}, torch {record['versions']['torch']}).")


def add_provenance(text: str, record_of: Callable[[str], dict | None], page: str) -> str:
    """Put the provenance sentence before every ``[Data](figures/NAME.json)`` link of a page."""
    def replace(m: re.Match) -> str:
        record = record_of(m.group(1))
        if record is None:
            line = text.count("\n", 0, m.start()) + 1
            raise QuoteError(f"{page}:{line}: {m.group(0)} links figure {m.group(1)!r}, which does not exist")
        return f"{provenance(m.group(1), record)} {m.group(0)}"
    return DATA_LINK.sub(replace, text)
