"""Numbers in alt texts and captions come from results, like the prose.

A screen reader reads the alt text instead of the figure, so a number there is a claim about the figure's
data: typed by hand, it drifts when the experiment changes (it did: "near 1" for 0.78, "0.38" for 0.325,
"less with dropout" where dropout reaches 100%). Every number in an alt text or a figure caption must be

- inside a ``{{ figure.key }}`` placeholder or a formula (formulas state settings and definitions), or
- a setting of the figure, not a measurement: a value among its parameters (any scale, as its ``@figure``
  marker declares them), or an integer up to 10 (counts of panels, dimensions, small constants such as
  "1-D"), or 95% (the level of an interval).

Anything else is a measured number typed by hand: quote it through a placeholder.
"""
from __future__ import annotations

import re

import pytest

from conftest import REPO
from lecture_site import registry

ALT = re.compile(r"!\[(.*?)\]\(figures/([a-z0-9-]+)\.svg\)", re.S)
FIGURE = re.compile(r"<figure markdown>(.*?)</figure>", re.S)
CAPTION = re.compile(r"<figcaption markdown>(.*?)</figcaption>", re.S)
NUMBER = re.compile(r"(?<![\w.])\d+(?:,\d{3})*(?:\.\d+)?(%?)")
QUOTED = re.compile(r"\{\{.*?\}\}|\\\(.*?\\\)|\\\[.*?\\\]|`[^`]*`|\[Data\]\([^)]*\)", re.S)


SPECS = registry.discover()


def _values(value):
    if isinstance(value, dict):
        for v in value.values():
            yield from _values(v)
    elif isinstance(value, (list, tuple)):
        for v in value:
            yield from _values(v)
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        yield float(value)


def settings(name: str) -> set[float]:
    """Every number among a figure's parameters, at every scale, and its seed."""
    fn = registry.load(SPECS[name])
    return {float(fn.figure_seed), *(v for params in fn.figure_scales.values() for v in _values(params))}


def hand_typed(text: str, allowed: set[float]) -> list[str]:
    """The numbers of ``text`` outside placeholders and formulas that are not settings."""
    bare = QUOTED.sub(" ", text)
    found = []
    for m in NUMBER.finditer(bare):
        number = float(m.group(0).rstrip("%").replace(",", ""))
        if m.group(1):  # a percentage
            if number != 95 and number / 100 not in allowed:
                found.append(m.group(0))
        elif number not in allowed and not (number.is_integer() and number <= 10):
            found.append(m.group(0))
    return found


def figures_of(page_text: str):
    """(figure name, alt text, caption) of every figure block of a page."""
    for block in FIGURE.finditer(page_text):
        alt = ALT.search(block.group(1))
        caption = CAPTION.search(block.group(1))
        if alt:
            yield alt.group(2), alt.group(1), caption.group(1) if caption else ""


CASES = [(page, *entry) for page in sorted((REPO / "docs").glob("*.md"))
         for entry in figures_of(page.read_text(encoding="utf-8"))]


@pytest.mark.parametrize("page, name, alt, caption", CASES, ids=[f"{c[0].name}:{c[1]}" for c in CASES])
def test_alt_texts_and_captions_quote_measured_numbers_through_placeholders(page, name, alt, caption):
    allowed = settings(name)
    for where, text in (("alt text", alt), ("caption", caption)):
        typed = hand_typed(text, allowed)
        assert not typed, (f"docs/{page.name}: the {where} of figure {name!r} has hand-typed numbers {typed}: "
                           "quote measured numbers through {{ " + name + ".KEY }} placeholders")


def test_every_figure_block_is_read():
    assert len(CASES) >= 20


def test_hand_typed_tells_settings_from_measurements():
    allowed = {100.0, 0.3, 4000.0}
    text = ("n = 100 digits, p = 0.3, up to 4,000 steps, 2 panels, 95% intervals; it reaches 0.78 and 98% "
            "{{ fig.acc:.1% }} \\(x = 0.5\\) 30% `lr=0.01`")
    assert hand_typed(text, allowed) == ["0.78", "98%"]
    assert hand_typed("30%", {100.0}) == ["30%"] and hand_typed("30%", {0.3}) == []
    assert hand_typed("a 12-layer net", allowed) == ["12"] and hand_typed("[Data](figures/x.json)", set()) == []
