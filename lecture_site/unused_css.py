"""Stylesheet rules a page cannot use, removed at build time.

mkdocs-jupyter puts all of JupyterLab's CSS (575 KB) inline in every notebook page; the page uses a few
hundred of its rules. A phone parsed all of it and matched every element against it before the first
paint (most of the notebook page's main-thread work). ``keep_used`` drops the style rules whose
selectors all need a class that no element of the page has; anything it cannot judge is kept.

A selector needs the classes written outside parentheses: ``.jp-Cell .jp-InputArea`` needs both,
``.jp-Cell:not(.jp-mod-active)`` needs only ``jp-Cell`` (the classes inside ``:not()``, ``:is()`` and
the like may be absent). A selector that puts ``:root``, ``html`` or ``body`` inside another element
cannot match either. Rules inside ``@media`` and ``@supports`` are judged one by one; other at-rules
(``@keyframes``, ``@font-face``, ``@charset``) are kept whole.
"""
from __future__ import annotations

import re

CLASS_ATTRIBUTE = re.compile(r'\bclass\s*=\s*(?:"([^"]*)"|\'([^\']*)\')')
CLASS_IN_SELECTOR = re.compile(r"\.(-?[_a-zA-Z][_a-zA-Z0-9-]*)")
STYLE_ELEMENT = re.compile(r"(<style[^>]*>)(.*?)(</style>)", re.S)
# the root element (or body) as a descendant of something: never matches (JupyterLab's CSS, scoped under
# .jupyter-wrapper by mkdocs-jupyter, has 80 KB of ".jupyter-wrapper :root {...}")
DOCUMENT_ROOT_INSIDE = re.compile(r"[^\s>+~,]\s*[\s>+~]\s*(?::root|html|body)(?![-_a-zA-Z0-9])")
STRING = re.compile(r'"(?:\\.|[^"\\])*"|\'(?:\\.|[^\'\\])*\'')
COMMENT = re.compile(r"/\*.*?\*/", re.S)
JUDGED_AT_RULES = ("@media", "@supports")


class CSSSyntaxError(ValueError):
    """The stylesheet does not parse (an unbalanced brace or an unterminated string)."""


def classes_in(html: str) -> set[str]:
    """Every class name that an element of ``html`` carries."""
    names: set[str] = set()
    for m in CLASS_ATTRIBUTE.finditer(html):
        names.update((m.group(1) if m.group(1) is not None else m.group(2)).split())
    return names


def keep_used(css: str, classes: set[str]) -> str:
    """``css`` without the style rules that no element with only these ``classes`` can match."""
    if not isinstance(css, str):
        raise TypeError(f"keep_used: css must be a str, got {type(css).__name__}")
    if not isinstance(classes, (set, frozenset)):
        raise TypeError(f"keep_used: classes must be a set of class names, got {type(classes).__name__}")
    out = []
    for prelude, body in _blocks(COMMENT.sub("", css)):
        if body is None:  # a statement such as @charset "UTF-8";
            out.append(prelude + ";")
        elif prelude.startswith("@"):
            if prelude.lower().startswith(JUDGED_AT_RULES):
                inner = keep_used(body, classes)
                if inner.strip():
                    out.append(f"{prelude}{{{inner}}}")
            else:
                out.append(f"{prelude}{{{body}}}")
        else:
            selectors = [s for s in _split_top_level(prelude, ",") if _can_match(s, classes)]
            if selectors:
                out.append(f"{','.join(selectors)}{{{body}}}")
    return "".join(out)


# classes that scripts give elements after the page loads (Material wraps tables, marks keyboard focus)
ADDED_BY_SCRIPTS = frozenset({"md-typeset__scrollwrap", "md-typeset__table", "md-clipboard", "md-code__content",
                              "focus-visible", "js-focus-visible", "js"})


def keep_used_in_page(html: str) -> str:
    """Every ``<style>`` element of ``html`` (a page's content), cut down to the rules that its elements
    can use, with the classes that scripts add later."""
    classes = classes_in(html) | ADDED_BY_SCRIPTS
    return STYLE_ELEMENT.sub(lambda m: m.group(1) + keep_used(m.group(2), classes) + m.group(3), html)


def _can_match(selector: str, classes: set[str]) -> bool:
    outside = _outside_parentheses(selector)
    return not DOCUMENT_ROOT_INSIDE.search(outside) and \
        all(name in classes for name in CLASS_IN_SELECTOR.findall(outside))


def _outside_parentheses(selector: str) -> str:
    depth, kept = 0, []
    for ch in _without_strings(selector):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        elif depth == 0:
            kept.append(ch)
    return "".join(kept)


def _without_strings(text: str) -> str:
    """``text`` with quoted strings and attribute selectors emptied (a class-like word in
    ``[title=".x"]`` is not a class)."""
    return re.sub(r"\[[^\]]*\]", "[]", STRING.sub('""', text))


def _masked(text: str) -> str:
    """``text``, the same length, with the inside of every quoted string blanked: a brace, comma or
    semicolon in a string is not structure. Positions found in it are positions in ``text``."""
    return STRING.sub(lambda m: m.group(0)[0] + " " * (len(m.group(0)) - 2) + m.group(0)[-1], text)


def _split_top_level(text: str, sep: str) -> list[str]:
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(_masked(text)):
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        elif ch == sep and depth == 0:
            parts.append(text[start:i].strip())
            start = i + 1
    parts.append(text[start:].strip())
    return [p for p in parts if p]


def _blocks(css: str):
    """(prelude, body) for each top-level rule; body is None for a statement ending in ';'."""
    masked = _masked(css)
    i, n = 0, len(css)
    while i < n:
        ends = [at for at in (masked.find(c, i) for c in "{;}") if at >= 0]
        j = min(ends) if ends else n  # the prelude ends at the first '{' or ';'
        prelude = css[i:j].strip()
        if j == n:
            if prelude:
                raise CSSSyntaxError(f"rule without a body at character {i}: {prelude[:60]!r}")
            return
        if masked[j] == "}":
            raise CSSSyntaxError(f"unexpected '}}' at character {j}")
        if masked[j] == ";":
            if prelude:
                yield prelude, None
            i = j + 1
            continue
        end = _matching_brace(masked, j)
        yield prelude, css[j + 1:end]
        i = end + 1


def _matching_brace(masked: str, open_at: int) -> int:
    depth = 0
    for k in range(open_at, len(masked)):
        if masked[k] == "{":
            depth += 1
        elif masked[k] == "}":
            depth -= 1
            if depth == 0:
                return k
    raise CSSSyntaxError(f"unbalanced '{{' at character {open_at}")
