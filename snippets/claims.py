"""Claims, "paper vs. here": what a paper (or the lecture) states, beside what our experiment measured.

A claim lives in the concept module whose figure it reads, next to that ``@figure`` function, in the
module's ``CLAIMS`` tuple::

    def _fit_the_data_check(r: dict) -> bool:
        return r["train_acc_min"] == 1.0

    CLAIMS = (
        Claim("fit-the-data", "training fits the data", "The lecture", "", "training fits the data ...",
              "training-curves", "we measured {{ training-curves.train_acc_min:.1% }} ...",
              _fit_the_data_check, threshold="every seed fits its training digits exactly",
              refutations=(Refutation("one seed stops short", altered({"train_acc_min": 0.97})),),
              page="training"),
    )

``check`` reads the figure's results and says whether they support the claim. A claim is one of two kinds:

- **Evidence**: our experiment could have come out otherwise, and the check says whether it did. Its
  threshold comes from outside our data (the paper's number, chance level, a bound) and is stated with
  the claim; quantities that vary with the seed are read at the end of their spread least favourable to
  the claim. Every Evidence claim carries at least one *refutation*: the results a world in which the
  claim is false would produce, which its check must reject.
- **Construction**: we build an object the paper describes and verify a formula about it. That shows the
  construction is right; it is not evidence that the paper's claim holds beyond it.

An Evidence claim our results do not reproduce is kept, marked ``reproduced=False``: its refutations are
then worlds in which the claim *does* hold, and the check must accept them. ``reproduced`` is the verdict
at the scale the site is built at (``quick``); where a full-scale run (``python -m snippets verify --scale
full``, committed as ``docs/verification/verify.json``) gives the other verdict, ``reproduced_at_full``
says so, the box's title says "not at full scale" (or "at full scale only"), and the site's build checks
the committed report against it.

Every string argument is a literal: the site reads the declarations from the sources (as it finds
figures, without importing torch) and shows them as boxes on ``page``; ``python -m snippets verify``
imports them and re-runs the checks on a reader's machine. Nothing here knows about the website.
"""
from __future__ import annotations

import copy
import importlib
import pkgutil
import re
from dataclasses import dataclass
from typing import Callable

EVIDENCE, CONSTRUCTION = "Evidence", "Construction"
HOLDS, NOT_REPRODUCED = "holds", "not reproduced as stated"

# a number of a figure's results in prose: {{ NAME.KEY:FORMAT }}, dots going into nested dicts and lists
PLACEHOLDER = re.compile(r"\{\{\s*([a-z0-9][a-z0-9-]*)\.([A-Za-z0-9_]+(?:\.[A-Za-z0-9_]+)*)"
                         r"\s*(?::\s*([^}\s]*))?\s*\}\}")


class ClaimError(Exception):
    """An unknown claim, one whose results no longer give the verdict its page states, or a claim
    declared without what its kind requires."""


@dataclass(frozen=True)
class Refutation:
    """A world in which the claim is false (or, for a claim we do not reproduce, true), as the results
    our figure would report there: ``world`` says what it is, ``results`` makes them from ours."""
    world: str
    results: Callable[[dict], dict]


def altered(changes: dict) -> Callable[[dict], dict]:
    """A function of results that returns a deep copy with ``changes`` applied: each key is a dotted
    path ("random_labels.train_acc", "fitted.0"), each value the new value or a function of the old."""
    def apply(results: dict) -> dict:
        new = copy.deepcopy(results)
        for path, value in changes.items():
            *parents, last = path.split(".")
            node = new
            for part in parents:
                node = node[int(part)] if isinstance(node, list) else node[part]
            key = int(last) if isinstance(node, list) else last
            node[key] = value(node[key]) if callable(value) else value
        return new
    return apply


@dataclass(frozen=True)
class Claim:
    name: str
    title: str
    source: str  # who says it, and where: "Hanin and Rolnick, abstract"
    cite: str  # BibTeX key, or "" for the lecture itself
    statement: str  # the paper's words or number, with its hypotheses
    figure: str  # the figure whose results the check reads, defined in the same module
    ours: str  # our side, with {{ figure.key }} placeholders; says where our setting differs
    check: Callable[[dict], bool]
    kind: str = EVIDENCE
    threshold: str = ""  # what the check compares with, and where that comes from
    refutations: tuple[Refutation, ...] = ()
    reproduced: bool = True
    page: str = ""  # the page that shows the box: "training" for docs/training.md
    reproduced_at_full: bool | None = None  # the verdict at the full scale, where it differs from reproduced

    def __post_init__(self):
        if self.kind not in (EVIDENCE, CONSTRUCTION):
            raise ClaimError(f"claim {self.name!r}: kind must be {EVIDENCE!r} or {CONSTRUCTION!r}, got {self.kind!r}")
        if not self.threshold:
            raise ClaimError(f"claim {self.name!r}: say what the check compares with, and why (threshold=...)")
        if self.kind == EVIDENCE and not self.refutations:
            raise ClaimError(f"claim {self.name!r} is Evidence but has no refutation: give the results of a world "
                             "in which the claim is false, which its check must reject")
        if self.kind == CONSTRUCTION and not self.reproduced:
            raise ClaimError(f"claim {self.name!r}: a Construction verifies a formula; it cannot be 'not reproduced'")

    @property
    def stated(self) -> str:
        """The verdict the page states: the claim holds, or it is not reproduced as stated."""
        return self.stated_at("quick")

    def expected(self, scale: str) -> bool:
        """Whether the check is stated to accept the results at ``scale``."""
        if scale == "full" and self.reproduced_at_full is not None:
            return self.reproduced_at_full
        return self.reproduced

    def stated_at(self, scale: str) -> str:
        return HOLDS if self.expected(scale) else NOT_REPRODUCED

    def box(self) -> str:
        """The claim as a Markdown admonition (its placeholders still to be filled)."""
        source = f"{self.source} [@{self.cite}]" if self.cite else self.source
        kind = "abstract" if self.kind == EVIDENCE else "info"
        verdict = "" if self.reproduced else " (not reproduced here)"
        if self.expected("full") != self.reproduced:
            verdict += " (not at full scale)" if self.reproduced else " (at full scale only)"
        return (f'!!! {kind} "{self.kind}: {self.title}{verdict}"\n'
                f"    **{source}:** {self.statement}\n\n"
                f"    **Here** (figure `{self.figure}`): {self.ours}\n\n"
                f"    **Check:** {self.threshold}\n")


def judge(claim: Claim, results: dict, prefix: str = "") -> bool:
    """The check's verdict on ``results``; results it cannot read are an error naming the claim."""
    try:
        return bool(claim.check(results))
    except (KeyError, IndexError, TypeError, ValueError) as e:
        raise ClaimError(f"{prefix}claim {claim.name!r} cannot be checked on figure {claim.figure!r}: "
                         f"{type(e).__name__}: {e}") from None


def verdict(claim: Claim, supported: bool, scale: str = "quick") -> str:
    """What a check's answer at ``scale`` means for the page: holds, not reproduced as stated, or FAILS
    when it contradicts the verdict the page states for that scale."""
    if supported != claim.expected(scale):
        return "FAILS"
    return claim.stated_at(scale)


def verify(claim: Claim, results: dict | None, where: str = "") -> None:
    """Raise unless the figure's results still give the verdict the page states: the claim holds, or,
    for a claim marked not reproduced, it still does not."""
    prefix = f"{where}: " if where else ""
    if results is None:
        raise ClaimError(f"{prefix}claim {claim.name!r} needs figure {claim.figure!r}, which does not exist")
    contradicts(claim, judge(claim, results, prefix), prefix)


def contradicts(claim: Claim, supported: bool, prefix: str = "") -> None:
    """Raise when a check's answer is not the verdict the page states."""
    if supported == claim.reproduced:
        return
    if claim.reproduced:
        raise ClaimError(f"{prefix}claim {claim.name!r} ({claim.source}) is no longer supported by the "
                         f"results of figure {claim.figure!r}")
    raise ClaimError(f"{prefix}claim {claim.name!r} ({claim.source}) is marked not reproduced, but the results "
                     f"of figure {claim.figure!r} now support it: say so on the page (reproduced=True)")


def of_module(module) -> tuple[Claim, ...]:
    """The claims a concept module declares (its ``CLAIMS`` tuple; none when it has none)."""
    declared = getattr(module, "CLAIMS", ())
    if not all(isinstance(c, Claim) for c in declared):
        raise ClaimError(f"{module.__name__}.CLAIMS must hold Claim declarations only")
    return tuple(declared)


def collect(package: str = "snippets") -> dict[str, Claim]:
    """Every claim of the lecture package, by name, in module order. Imports every concept module
    (and with them torch)."""
    found: dict[str, Claim] = {}
    where: dict[str, str] = {}
    root = importlib.import_module(package)
    for info in sorted(pkgutil.iter_modules(root.__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{package}.{info.name}")
        for claim in of_module(module):
            if claim.name in found:
                raise ClaimError(f"claim {claim.name!r} is declared twice: in {where[claim.name]} and "
                                 f"{module.__name__}")
            found[claim.name], where[claim.name] = claim, module.__name__
    return found


def find(names: list[str], claims: dict[str, Claim]) -> list[Claim]:
    """The named claims; an unknown name raises, listing the known ones."""
    unknown = [n for n in names if n not in claims]
    if unknown:
        raise ClaimError(f"unknown claim{'s' if len(unknown) > 1 else ''} {', '.join(map(repr, unknown))}; "
                         f"known claims: {', '.join(claims) or '(none)'}")
    return [claims[n] for n in names]


def numbers_read(read: dict, limit: int, markdown: bool = False) -> str:
    """The numbers a check read (``reading``'s dict), by their path, floats to 4 significant digits: the
    first ``limit``, then how many more; as code in Markdown (the site), plain in a terminal (verify)."""
    def show(v):
        return f"{v:.4g}" if isinstance(v, float) else str(v)
    items = [f"`{k}` = {show(v)}" if markdown else f"{k}={show(v)}" for k, v in read.items()]
    rest = len(items) - limit
    more = (f", and {rest} more" if markdown else f", … (+{rest})") if rest > 0 else ""
    return ", ".join(items[:limit]) + more or ("no number" if markdown else "")

def _traced(value, path: str, log: dict):
    if isinstance(value, dict):
        return _LoggingDict(value, path + ".", log)
    if isinstance(value, list):
        return _LoggingList(value, path + ".", log)
    return value


class _LoggingDict(dict):
    def __init__(self, data: dict, prefix: str, log: dict):
        super().__init__({k: _traced(v, prefix + str(k), log) for k, v in data.items()})
        self._prefix, self._log = prefix, log

    def _note(self, key, value):
        if not isinstance(value, (dict, list)):
            self._log.setdefault(self._prefix + str(key), value)
        return value

    def __getitem__(self, key):
        return self._note(key, super().__getitem__(key))

    def get(self, key, default=None):
        return self._note(key, super().__getitem__(key)) if key in self else default

    def values(self):
        return [self[k] for k in self]

    def items(self):
        return [(k, self[k]) for k in self]


class _LoggingList(list):
    def __init__(self, data: list, prefix: str, log: dict):
        super().__init__(_traced(v, prefix + str(i), log) for i, v in enumerate(data))
        self._prefix, self._log = prefix, log

    def _note(self, index, value):
        if not isinstance(value, (dict, list)):
            self._log.setdefault(self._prefix + str(index), value)
        return value

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self._note(i, list.__getitem__(self, i)) for i in range(len(self))[index]]
        return self._note(index % len(self) if index < 0 else index, super().__getitem__(index))

    def __iter__(self):
        return (self._note(i, v) for i, v in enumerate(list.__iter__(self)))


def reading(claim: Claim, results: dict) -> tuple[bool, dict]:
    """The check's answer on ``results`` and the numbers it read to give it, by dotted path in the order
    of the results (a list iterated whole counts as read element by element)."""
    log: dict = {}
    supported = judge(claim, _LoggingDict(results, "", log))
    return supported, {path: log[path] for path in _paths(results, "") if path in log}  # in the results' order


def _paths(value, prefix: str):
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in _paths(v, f"{prefix}{k}.")]
    if isinstance(value, list):
        return [p for i, v in enumerate(value) for p in _paths(v, f"{prefix}{i}.")]
    return [prefix[:-1]]


def lookup(results, path: str):
    """The value at a dotted path of results ("table.16.0.mean"); KeyError naming the part not found."""
    value = results
    for part in path.split("."):
        if isinstance(value, dict) and part in value:
            value = value[part]
        elif isinstance(value, list) and part.isdigit() and int(part) < len(value):
            value = value[int(part)]
        else:
            raise KeyError(part)
    return value


def filled(text: str, figure: str, results: dict) -> str:
    """``text`` with the placeholders that name ``figure`` filled from its results; others stay as written."""
    def replace(m: re.Match) -> str:
        if m.group(1) != figure:
            return m.group(0)
        return format(lookup(results, m.group(2)), m.group(3) or "")
    return PLACEHOLDER.sub(replace, text)
