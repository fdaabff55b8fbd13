"""Explorable figures: a control moves through the values a figure's experiment swept.

A page puts, after a figure, an element such as::

    <div class="explore" data-figure="label-corruption" data-x="p" data-panels="0 1"
         data-label="Label corruption p" data-value="p = {p:.1f}" data-marks="0:relative_time 1:test_error*100"
         data-readout="At p = {p:.1f} fitting takes {relative_time:.1f}x the steps ..."></div>

``data-x`` names the swept values in the figure's results, as a path: a list, or a list of records
(``by_width.width``), or a list inside dicts (``table.4.depth``). Every other path is read the same way at
the selected position: where the path meets a list, it takes the selected element. ``data-value`` and
``data-readout`` are templates with ``{path:spec}`` fields (specs ``.2f``, ``,.0f``, ``.1%``, ``d``,
``,d``: the ones ``docs/javascripts/explore.js`` formats exactly as Python does). ``data-panels`` lists
the axes (in the figure's order) whose horizontal axis shows the swept values; ``data-x-at="index"`` says
they stand at positions 0, 1, 2... (a bar chart); ``data-marks`` circles, in a panel, the point drawn for
a path at the selected value (``*100`` when the panel shows it in percent); ``data-start`` is the value
selected first.

At build time ``check`` reads every such element against the figure's results, so a misspelt path or
format is an error that names the page and line, and ``axes_geometry`` records where the figure's axes lie
(``NAME.json``'s ``axes``); in the browser, ``explore.js`` fetches ``NAME.json`` when the figure comes near
the screen, draws the selection over the figure and writes the readout. Without JavaScript, in print and
in the notebooks, the element stays hidden and the figure is the static one.
"""
from __future__ import annotations

import html
import math
import re
from typing import Callable

ELEMENT = re.compile(r'<div class="explore"(?P<attrs>[^>]*)>\s*</div>')
ATTRIBUTE = re.compile(r'\s+data-([a-z-]+)="([^"]*)"')
FIELD = re.compile(r"\{([A-Za-z0-9_.]+):([^{}]*)\}")
SPEC = re.compile(r",?\.\d{1,2}[f%]|,?d")
REQUIRED = ("figure", "x", "panels", "label", "value", "readout")
OPTIONAL = ("marks", "x-at", "start")
SCRIPT = "javascripts/explore.js"


class ExploreError(Exception):
    """An explorable figure that cannot work; the message names the page and line."""


def axes_geometry(fig) -> dict:
    """Where each axes of a drawn figure lies, in the SVG's own units (points, origin top left), with its
    data limits and scales: what the browser needs to put a mark at a data point of the static figure."""
    width, height = (float(v) * 72 for v in fig.get_size_inches())
    axes = []
    for ax in fig.axes:
        box = ax.get_position()  # figure fraction, origin bottom left; final once the figure is drawn
        axes.append({
            "box": [round(box.x0 * width, 3), round((1 - box.y1) * height, 3),
                    round(box.x1 * width, 3), round((1 - box.y0) * height, 3)],
            "xlim": [float(v) for v in ax.get_xlim()], "ylim": [float(v) for v in ax.get_ylim()],
            "xscale": ax.get_xscale(), "yscale": ax.get_yscale(),
        })
    return {"width": round(width, 3), "height": round(height, 3), "axes": axes}


def _child(value, part: str):
    if not isinstance(value, dict) or part not in value:
        raise KeyError(part)
    return value[part]


def at(results, path: str, i: int):
    """The value of ``path`` at the selected position ``i`` (a list on the way is indexed by ``i``)."""
    value = results
    for part in path.split("."):
        value = _child(value, part)
        value = value[i] if isinstance(value, list) else value
    return value


def count(results, path: str) -> int:
    """How many values the reader can select: the length of the first list on ``path``."""
    value = results
    for part in path.split("."):
        value = _child(value, part)
        if isinstance(value, list):
            return len(value)
    raise KeyError(path)


def fill(template: str, results, i: int) -> str:
    """A template with its fields formatted at position ``i``: what the browser shows, made by Python."""
    return FIELD.sub(lambda m: format(at(results, m.group(1), i), m.group(2)), template)


def _attributes(m: re.Match, where: str) -> dict[str, str]:
    attrs = dict(ATTRIBUTE.findall(m.group("attrs")))
    rest = ATTRIBUTE.sub("", m.group("attrs")).strip()
    unknown = sorted(set(attrs) - set(REQUIRED) - set(OPTIONAL))
    if rest or unknown:
        raise ExploreError(f"{where}: unknown attribute {rest or 'data-' + unknown[0]!r}; an explorable figure "
                           f"takes data-{', data-'.join(REQUIRED + OPTIONAL)}")
    missing = [a for a in REQUIRED if not attrs.get(a)]
    if missing:
        raise ExploreError(f"{where}: data-{missing[0]} is missing")
    return {k: html.unescape(v) for k, v in attrs.items()}


def _check_template(template: str, results, n: int, where: str, what: str) -> None:
    for m in FIELD.finditer(template):
        path, spec = m.group(1), m.group(2)
        if not SPEC.fullmatch(spec):
            raise ExploreError(f"{where}: {what} field {m.group(0)!r}: format {spec!r} is not one of "
                               ".Nf, ,.Nf, .N%, d, ,d (explore.js formats those exactly as Python does)")
        for i in range(n):
            try:
                value = at(results, path, i)
                format(value, spec)
            except (KeyError, IndexError, TypeError):
                raise ExploreError(f"{where}: {what} field {m.group(0)!r}: no number at {path!r} for "
                                   f"value {i + 1} of {n}") from None
            except ValueError as e:
                raise ExploreError(f"{where}: {what} field {m.group(0)!r}: {e}") from None
    if re.search(r"[{}]", FIELD.sub("", template)):
        raise ExploreError(f"{where}: {what} has a brace that is not a {{path:format}} field")


def check(attrs: dict[str, str], record: dict | None, where: str) -> int:
    """Check an explorable against its figure's record; return how many values the control offers."""
    name = attrs["figure"]
    if record is None:
        raise ExploreError(f"{where}: figure {name!r} does not exist")
    results, geometry = record["results"], record.get("axes")
    if not geometry:
        raise ExploreError(f"{where}: figure {name!r} has no axes geometry in its record")
    try:
        n = count(results, attrs["x"])
        xs = [at(results, attrs["x"], i) for i in range(n)]
    except KeyError:
        raise ExploreError(f"{where}: figure {name!r} has no list of values at {attrs['x']!r}") from None
    if n < 2 or not all(isinstance(x, (int, float)) and math.isfinite(x) for x in xs):
        raise ExploreError(f"{where}: {attrs['x']!r} of figure {name!r} must hold two or more numbers")
    panels = attrs["panels"].split()
    if not all(p.isdigit() and int(p) < len(geometry["axes"]) for p in panels):
        raise ExploreError(f"{where}: data-panels {attrs['panels']!r}: figure {name!r} has axes 0 to "
                           f"{len(geometry['axes']) - 1}")
    flat = [p for p in panels if {geometry["axes"][int(p)]["xscale"], geometry["axes"][int(p)]["yscale"]} - {"linear", "log"}]
    if flat:
        raise ExploreError(f"{where}: axes {flat[0]} of figure {name!r} has a scale other than linear or log")
    for mark in attrs.get("marks", "").split():
        panel, _, path = mark.partition(":")
        path, _, factor = path.partition("*")
        if panel not in panels or not path or (factor and not re.fullmatch(r"\d+(\.\d+)?", factor)):
            raise ExploreError(f"{where}: data-marks item {mark!r} must be PANEL:PATH or PANEL:PATH*FACTOR "
                               "with PANEL one of data-panels")
        _check_template(f"{{{path}:.6f}}", results, n, where, "data-marks")
    if attrs.get("x-at", "value") not in ("value", "index"):
        raise ExploreError(f"{where}: data-x-at must be 'value' or 'index'")
    if "start" in attrs:
        try:
            start = float(attrs["start"])
        except ValueError:
            start = math.nan
        if start not in xs:
            raise ExploreError(f"{where}: data-start {attrs['start']!r} is not one of the values {xs}")
    _check_template(attrs["value"], results, n, where, "data-value")
    _check_template(attrs["readout"], results, n, where, "data-readout")
    return n


def expand(markdown: str, record_of: Callable[[str], dict | None], page: str) -> str:
    """Check every explorable of a page and write it as the browser wants it: one line, hidden until its
    script has drawn it (so that without JavaScript nothing shows)."""
    def replace(m: re.Match) -> str:
        where = f"{page}:{markdown.count(chr(10), 0, m.start()) + 1}"
        attrs = _attributes(m, where)
        n = check(attrs, record_of(attrs["figure"]), where)
        data = "".join(f' data-{k}="{html.escape(v)}"' for k, v in attrs.items())
        return f'<div class="explore"{data} data-count="{n}" hidden></div>'
    return ELEMENT.sub(replace, markdown)


def strip(text: str) -> str:
    """The text without its explorables (a notebook, the printable page)."""
    return ELEMENT.sub("", text)


def figures(html_text: str) -> list[str]:
    """The figures that a page's explorables draw on, in page order."""
    return [dict(ATTRIBUTE.findall(m.group("attrs")))["figure"] for m in ELEMENT.finditer(html_text)]


def uses(html_text: str) -> bool:
    return '<div class="explore"' in html_text
