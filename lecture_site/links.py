"""Relative links in a page's Markdown point at something the site has; a broken one names its line.

MkDocs' strict mode also fails on a broken link, but its message names only the page. ``check`` runs
first and says ``docs/PAGE.md:LINE``, so a reader of the CI log can go straight to it. Links inside code
(fenced blocks, inline code) are examples, not links, and are skipped; absolute URLs, ``#anchors`` and
``mailto:`` are left to others (anchors are checked by MkDocs' ``validation.anchors``).
"""
from __future__ import annotations

import posixpath
import re
from typing import Callable

LINK = re.compile(r"!?\[[^\]\n]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
FENCE = re.compile(r"^([ \t]*)(`{3,}|~{3,}).*?^\1\2[ \t]*$", re.S | re.M)
INLINE_CODE = re.compile(r"`[^`\n]+`")
EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|#|/)", re.I)


class LinkError(Exception):
    """A relative link to a page or file the site does not have; the message names page and line."""


def _blank(m: re.Match) -> str:
    """The matched text as spaces, keeping its newlines, so line numbers stay right."""
    return re.sub(r"[^\n]", " ", m.group(0))


def check(markdown: str, src_uri: str, exists: Callable[[str], bool]) -> None:
    """Raise LinkError for the first link in ``markdown`` (the page ``src_uri``) whose target is missing.

    ``exists(uri)`` says whether the site has a file at ``uri``, relative to the docs folder.
    """
    text = INLINE_CODE.sub(_blank, FENCE.sub(_blank, markdown))
    for m in LINK.finditer(text):
        target = m.group(1)
        if EXTERNAL.match(target):
            continue
        path = target.split("#", 1)[0].split("?", 1)[0]
        uri = posixpath.normpath(posixpath.join(posixpath.dirname(src_uri), path))
        if not exists(uri):
            line = text.count("\n", 0, m.start()) + 1
            raise LinkError(f"docs/{src_uri}:{line}: link {target!r} points to {uri!r}, "
                            "which is neither a page nor a file of the site")
