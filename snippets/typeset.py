"""Math typeset at build time: the vendored KaTeX, run in QuickJS from Python.

Pages carry ``<span class="arithmatex">\\(..\\)</span>`` and ``<div class="arithmatex">\\[..\\]</div>``
from pymdownx.arithmatex. ``typeset`` replaces their TeX by KaTeX's HTML, so the reader's browser only
loads KaTeX's CSS and fonts and runs no JavaScript for math (faster pages, no layout shift). A formula
KaTeX cannot parse is an error naming the page, its line and the formula, instead of red text on
the page.
"""
from __future__ import annotations

import html as htmllib
import re
from functools import lru_cache
from pathlib import Path

import quickjs

ARITHMATEX = re.compile(r'<(span|div) class="arithmatex">(.*?)</\1>', re.S)
DELIMITED = re.compile(r"^\s*\\[(\[](.*)\\[)\]]\s*$", re.S)


class TypesetError(Exception):
    """A formula that KaTeX cannot typeset; the message names the page and the formula."""


@lru_cache(maxsize=2)
def _renderer(katex_js: str):
    if not Path(katex_js).is_file():
        raise TypesetError(f"KaTeX is missing at {katex_js} (run `make vendor-katex`)")
    ctx = quickjs.Context()
    ctx.eval(Path(katex_js).read_text(encoding="utf-8"))
    return ctx.eval("(function (tex, display) { return katex.renderToString(tex, "
                    "{displayMode: display, throwOnError: true}); })")


def render(tex: str, display: bool, katex_js: Path) -> str:
    """KaTeX's HTML for one formula (raises quickjs.JSException on bad TeX)."""
    return _renderer(str(katex_js))(tex, display)


def line_of(tex: str, source: str) -> int | None:
    """The line of ``source`` (a page's Markdown) where the formula ``tex`` starts, when it is there."""
    tex = tex.strip()
    for probe in (tex, tex.split("\n", 1)[0].strip()):
        at = source.find(probe) if probe else -1
        if at >= 0:
            return source.count("\n", 0, at) + 1
    return None


def typeset(html: str, katex_js: Path, page: str, source: str = "") -> str:
    """Every arithmatex formula of a page's HTML, typeset; ``source``, the page's Markdown, gives the
    line of a formula that cannot be typeset."""
    def replace(m: re.Match) -> str:
        inner = DELIMITED.match(htmllib.unescape(m.group(2)))
        if not inner:
            return m.group(0)  # not TeX in delimiters: leave it to the browser-side fallback
        display = m.group(1) == "div"
        try:
            rendered = render(inner.group(1), display, katex_js)
        except quickjs.JSException as e:
            message = str(e).split("\n")[0]
            line = line_of(inner.group(1), source)
            where = f"{page}:{line}" if line else page
            raise TypesetError(f"{where}: cannot typeset {inner.group(1).strip()[:80]!r}: {message}") from None
        return f'<{m.group(1)} class="arithmatex">{rendered}</{m.group(1)}>'
    return ARITHMATEX.sub(replace, html)
