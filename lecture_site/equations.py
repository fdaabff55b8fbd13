"""Numbered equations: ``\\label{name}`` in a display formula, ``\\eqref{name}`` in the prose.

``number`` numbers a page's labelled display formulas ``\\[ .. \\]`` in order: the label becomes
``\\tag{n}`` (which KaTeX and Jupyter's MathJax both draw at the right margin), an anchor
``eq-name`` goes before the formula, and each ``\\eqref{name}`` outside the formulas becomes a link
"(n)" to it. An unknown or duplicated label is an error that names the page and line.
"""
from __future__ import annotations

import re

DISPLAY = re.compile(r"\\\[(.*?)\\\]", re.S)
LABEL = re.compile(r"\\label\{([A-Za-z0-9_:-]+)\}")
EQREF = re.compile(r"\\eqref\{([A-Za-z0-9_:-]+)\}")


class EquationError(Exception):
    """A label or reference that cannot be resolved; the message names the page and line."""


def number(text: str, page: str) -> str:
    def line_of(pos: int) -> int:
        return text.count("\n", 0, pos) + 1

    labels: dict[str, int] = {}  # first pass: number the labelled formulas in page order
    for m in DISPLAY.finditer(text):
        found = LABEL.findall(m.group(1))
        if len(found) > 1 or (found and found[0] in labels):
            raise EquationError(f"{page}:{line_of(m.start())}: a formula needs one label of its own, "
                                f"got {found} (already used: {', '.join(labels) or 'none'})")
        if found:
            labels[found[0]] = len(labels) + 1

    def reference(m: re.Match, offset: int) -> str:
        if m.group(1) not in labels:
            raise EquationError(f"{page}:{line_of(offset + m.start())}: \\eqref{{{m.group(1)}}} names no "
                                f"labelled formula; labels on this page: {', '.join(labels) or 'none'}")
        return f"[({labels[m.group(1)]})](#eq-{m.group(1)})"

    out, pos = [], 0
    for m in DISPLAY.finditer(text):  # second pass: prose gets links, formulas get tags and anchors
        out.append(EQREF.sub(lambda r, o=pos: reference(r, o), text[pos:m.start()]))
        found = LABEL.findall(m.group(1))
        if found:
            n = labels[found[0]]
            body = LABEL.sub(lambda _: f"\\tag{{{n}}}", m.group(1))
            out.append(f'<div id="eq-{found[0]}"></div>\n\n\\[{body}\\]')
        else:
            out.append(m.group(0))
        pos = m.end()
    out.append(EQREF.sub(lambda r, o=pos: reference(r, o), text[pos:]))
    return "".join(out)
