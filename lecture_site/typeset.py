"""Math typeset at build time: the vendored KaTeX, run in QuickJS from Python.

Pages carry ``<span class="arithmatex">\\(..\\)</span>`` and ``<div class="arithmatex">\\[..\\]</div>``
from pymdownx.arithmatex. ``typeset`` replaces their TeX by KaTeX's HTML, so the reader's browser only
loads KaTeX's CSS and fonts and runs no JavaScript for math (faster pages, no layout shift). A formula
KaTeX cannot parse is an error naming the page, its line and the formula, instead of red text on
the page.
"""
from __future__ import annotations

import hashlib
import html as htmllib
import json
import os
import re
from functools import lru_cache
from pathlib import Path

import quickjs

# Notebook Markdown cells (mkdocs-jupyter) keep their math in dollars: $..$ and $$..$$ in the text,
# never inside code, preformatted output, scripts, styles or a tag's attributes.
VERBATIM = re.compile(r"(<(pre|code|script|style)\b.*?</\2>|<[^>]*>)", re.S | re.I)
DOLLARS = re.compile(r"\$\$(.+?)\$\$|(?<![\\$])\$(?=\S)([^$]+?)(?<=\S)\$(?!\d)", re.S)
MARKDOWN_CELL = re.compile(r'<div class="[^"]*\bjp-RenderedMarkdown\b[^"]*"[^>]*>')
DIV_TAG = re.compile(r"<(/?)div\b[^>]*>", re.I)
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
    # a named global fetched with get(): quickjs-ng does not hand a function back from eval(); and the
    # JSON round trip makes a flat string of KaTeX's concatenations, which its binding cannot convert
    ctx.eval("function renderTeX(tex, display) { return JSON.parse(JSON.stringify(katex.renderToString(tex, "
             "{displayMode: display, throwOnError: true}))); }")
    return ctx.get("renderTeX")


class FormulaCache:
    """KaTeX's HTML by formula, display mode and KaTeX file, kept on disk between builds: a warm build runs
    no JavaScript for a formula it has typeset before. One JSON file per KaTeX version (the hash of the
    vendored katex.min.js), written whole under a temporary name and renamed into place."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self._tables: dict[str, dict[str, str]] = {}  # katex hash -> {key: html}
        self._dirty: set[str] = set()

    def _table(self, katex_js: Path) -> tuple[str, dict[str, str]]:
        version = _katex_hash(str(katex_js))
        if version not in self._tables:
            path = self.folder / f"katex-{version}.json"
            try:
                self._tables[version] = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):  # absent, or cut short by a killed build: start again
                self._tables[version] = {}
        return version, self._tables[version]

    def render(self, tex: str, display: bool, katex_js: Path) -> str:
        version, table = self._table(katex_js)
        key = ("display:" if display else "inline:") + tex
        if key not in table:
            table[key] = _renderer(str(katex_js))(tex, display)  # bad TeX raises, and is not stored
            self._dirty.add(version)
        return table[key]

    def save(self) -> None:
        for version in sorted(self._dirty):
            self.folder.mkdir(parents=True, exist_ok=True)
            tmp = self.folder / f".katex-{version}.{os.getpid()}.tmp"
            tmp.write_text(json.dumps(self._tables[version], sort_keys=True), encoding="utf-8")
            os.replace(tmp, self.folder / f"katex-{version}.json")
        self._dirty.clear()


@lru_cache(maxsize=4)
def _katex_hash(katex_js: str) -> str:
    return hashlib.sha256(Path(katex_js).read_bytes()).hexdigest()[:16]


_cache: FormulaCache | None = None


def use_cache(folder: Path | None) -> FormulaCache | None:
    """Keep typeset formulas in ``folder`` from now on (None: no cache); returns the cache to ``save``."""
    global _cache
    _cache = FormulaCache(folder) if folder is not None else None
    return _cache


def save_cache() -> None:
    """Write what the cache in use learned to disk (nothing when no cache is in use)."""
    if _cache is not None:
        _cache.save()


def render(tex: str, display: bool, katex_js: Path) -> str:
    """KaTeX's HTML for one formula (raises quickjs.JSException on bad TeX); from the cache when one is
    in use and holds it."""
    if _cache is not None:
        return _cache.render(tex, display, katex_js)
    return _renderer(str(katex_js))(tex, display)


def line_of(tex: str, source: str) -> int | None:
    """The line of ``source`` (a page's Markdown) where the formula ``tex`` starts, when it is there."""
    tex = tex.strip()
    for probe in (tex, tex.split("\n", 1)[0].strip()):
        at = source.find(probe) if probe else -1
        if at >= 0:
            return source.count("\n", 0, at) + 1
    return None


def _render_on_page(tex: str, display: bool, katex_js: Path, page: str, source: str) -> str:
    """``render``, with bad TeX reported as a TypesetError naming the page and the formula's line."""
    try:
        return render(tex, display, katex_js)
    except quickjs.JSException as e:
        message = str(e).split("\n")[0]
        line = line_of(tex, source)
        where = f"{page}:{line}" if line else page
        raise TypesetError(f"{where}: cannot typeset {tex.strip()[:80]!r}: {message}") from None


def typeset(html: str, katex_js: Path, page: str, source: str = "") -> str:
    """Every arithmatex formula of a page's HTML, typeset; ``source``, the page's Markdown, gives the
    line of a formula that cannot be typeset."""
    def replace(m: re.Match) -> str:
        inner = DELIMITED.match(htmllib.unescape(m.group(2)))
        if not inner:
            return m.group(0)  # not TeX in delimiters: leave it to the browser-side fallback
        rendered = _render_on_page(inner.group(1), m.group(1) == "div", katex_js, page, source)
        return f'<{m.group(1)} class="arithmatex">{rendered}</{m.group(1)}>'
    return ARITHMATEX.sub(replace, html)


def typeset_dollars(html: str, katex_js: Path, page: str, source: str = "") -> str:
    """The ``$..$`` and ``$$..$$`` formulas in the Markdown cells of ``html`` (an executed notebook's
    page), typeset like ``typeset`` does for Markdown pages, so its page needs no KaTeX script either.
    Code cells, outputs and the hidden copy of each cell's source are left alone."""
    def formula(m: re.Match) -> str:
        display = m.group(1) is not None
        tex = htmllib.unescape(m.group(1) if display else m.group(2))
        return f'<span class="arithmatex">{_render_on_page(tex, display, katex_js, page, source)}</span>'

    def text_only(fragment: str) -> str:
        parts = VERBATIM.split(fragment)  # text, whole match, inner tag name, text, ...
        return "".join(DOLLARS.sub(formula, part) if i % 3 == 0 else (part if i % 3 == 1 else "")
                       for i, part in enumerate(parts))

    out, at = [], 0
    for start in MARKDOWN_CELL.finditer(html):
        body_from = start.end()
        body_to = _closing_div(html, body_from)
        out += [html[at:body_from], text_only(html[body_from:body_to])]
        at = body_to
    return "".join(out) + html[at:]


def _closing_div(html: str, inside_from: int) -> int:
    """Where the ``</div>`` that closes the div opened just before ``inside_from`` starts."""
    depth = 1
    for tag in DIV_TAG.finditer(html, inside_from):
        depth += -1 if tag.group(1) else 1
        if depth == 0:
            return tag.start()
    raise TypesetError("a notebook Markdown cell's <div> is never closed")
