"""Citations from one BibTeX file: ``[@key]`` in a page links to the site's References page.

``load`` reads ``docs/references.bib`` (parsed with pybtex) and checks that every entry has what a
reader needs: authors, title, venue, year, and a DOI, an arXiv id or a URL. ``cite`` turns
``[@telgarsky2016]`` (or ``[@a; @b]``) into "(Telgarsky, 2016)" linking to the entry, and
``bibliography`` formats the entries a page cites; ``references_page`` lists them all.
"""
from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable
from urllib.parse import urlparse

import latexcodec  # noqa: F401 -- registers the 'latex' codec
from pybtex.database import parse_file

CITATION = re.compile(r"\[@([A-Za-z0-9_:-]+(?:\s*;\s*@[A-Za-z0-9_:-]+)*)\]")
BIBLIOGRAPHY = "\\bibliography"
VENUE_FIELDS = ("journal", "booktitle", "publisher", "howpublished")


class CitationError(Exception):
    """A citation or an entry that cannot be used; the message names the key and where."""


@dataclass(frozen=True)
class Entry:
    key: str
    authors: tuple[str, ...]  # "G. Cybenko"
    surnames: tuple[str, ...]
    title: str
    venue: str
    year: str
    details: str  # volume(number):pages or pp. pages
    link: str  # https://doi.org/..., https://arxiv.org/abs/... or a URL
    link_text: str

    @property
    def label(self) -> str:
        """'Telgarsky, 2016', 'Hanin and Rolnick, 2019', 'Montúfar et al., 2014'."""
        names = self.surnames
        who = names[0] if len(names) == 1 else f"{names[0]} and {names[1]}" if len(names) == 2 \
            else f"{names[0]} et al."
        return f"{who}, {self.year}"

    def markdown(self) -> str:
        authors = ", ".join(self.authors)
        return (f"{authors}. {self.title}. *{self.venue}*{', ' + self.details if self.details else ''}, "
                f"{self.year}. [{self.link_text}]({self.link})")


def _clean(text: str) -> str:
    """BibTeX text as plain Unicode: accents and -- decoded ({\\'e} -> é, -- -> en dash), braces dropped."""
    return re.sub(r"[{}]", "", codecs.decode(text, "ulatex")).strip()


def _initials(name: str) -> str:
    """Klaus-Robert -> K.-R.; Ya. stays Ya."""
    return "-".join(part if part.endswith(".") else f"{part[0]}." for part in name.split("-"))


def _person(p) -> tuple[str, str]:
    if not p.first_names and " ".join(p.last_names) == "others":  # BibTeX's "and others"
        return "et al.", "others"
    initials = " ".join(_initials(_clean(name)) for name in p.first_names + p.middle_names)
    last = _clean(" ".join(p.prelast_names + p.last_names))
    return (f"{initials} {last}".strip(), last)


def _entry(key: str, e) -> Entry:
    f = e.fields
    people = [_person(p) for p in e.persons.get("author", [])]
    venue = next((_clean(f[v]) for v in VENUE_FIELDS if v in f), "")
    missing = [name for name, ok in (("author", people), ("title", "title" in f), ("venue", venue),
                                     ("year", "year" in f)) if not ok]
    if "doi" in f:
        link, text = f"https://doi.org/{f['doi']}", f"doi:{f['doi']}"
    elif f.get("archiveprefix", "").lower() == "arxiv" and "eprint" in f:
        link, text = f"https://arxiv.org/abs/{f['eprint']}", f"arXiv:{f['eprint']}"
    elif "url" in f:
        link, text = f["url"], urlparse(f["url"]).netloc
    else:
        missing.append("doi, arXiv eprint or url")
    if missing:
        raise CitationError(f"references.bib: entry {key!r} lacks {', '.join(missing)}")
    details = ""
    if "volume" in f:
        details = f["volume"] + (f"({f['number']})" if "number" in f else "")
        details += f":{_clean(f['pages'])}" if "pages" in f else ""
    elif "pages" in f:
        details = f"pp. {_clean(f['pages'])}"
    return Entry(key, tuple(n for n, _ in people), tuple(s for _, s in people), _clean(f["title"]), venue,
                 f["year"], details, link, text)


def load(path: Path) -> dict[str, Entry]:
    """Every entry of the BibTeX file, checked, by key."""
    try:
        data = parse_file(str(path), bib_format="bibtex")
    except Exception as e:  # noqa: BLE001 -- pybtex raises several types; name the file either way
        raise CitationError(f"{path}: cannot parse the BibTeX file: {e}") from None
    return {key: _entry(key, e) for key, e in data.entries.items()}


def cite(text: str, entries: dict[str, Entry], references_url: str, page: str,
         at: Callable[[int], str] | None = None) -> tuple[str, list[str]]:
    """``text`` with ``[@key]`` citations linked, and the keys it cites in order of first citation. An
    error names ``page`` and the line, or ``at(line)`` when given (text that is not a page's)."""
    cited: list[str] = []

    def replace(m: re.Match) -> str:
        keys = [k.strip().lstrip("@") for k in m.group(1).split(";")]
        for k in keys:
            if k not in entries:
                line = text.count("\n", 0, m.start()) + 1
                raise CitationError(f"{at(line) if at else f'{page}:{line}'}: {m.group(0)} cites {k!r}, "
                                    "which is not in references.bib")
            if k not in cited:
                cited.append(k)
        links = "; ".join(f"[{entries[k].label}]({references_url}#{k})" for k in keys)
        return f"({links})"

    return CITATION.sub(replace, text), cited


def bibliography(keys: list[str], entries: dict[str, Entry]) -> str:
    """A Markdown list of the given entries, for a page's own References section."""
    return "\n".join(f"- {entries[k].markdown()}" for k in keys) + "\n"


def references_page(entries: dict[str, Entry]) -> str:
    """The References page: every entry, sorted by first author and year, each with an anchor."""
    ordered = sorted(entries.values(), key=lambda e: (e.surnames[0].lower(), e.year))
    items = "\n".join(f'- <span id="{e.key}"></span>{e.markdown()}' for e in ordered)
    return ("# References\n\nEvery work these notes cite, from one BibTeX file "
            "(`docs/references.bib`). Citations in the text link here.\n\n" + items + "\n")
