"""Claim boxes, "paper vs. here": the site's side of the lecture package's claims (``snippets.claims``).

A claim is declared in the concept module whose figure it reads (its ``CLAIMS`` tuple). A page shows it
with a line ``[[claim NAME]]``. The site finds the declarations by reading the sources (no import, so a
cached build never imports torch), and reads the check's verdict from the figure's record, where the build
stored it when it computed the figure (``build.compute``). The build fails if that verdict is no longer the
one the page states, so a published page never shows a number beside a claim it has stopped supporting.
"""
from __future__ import annotations

import ast
import dataclasses
import functools
import re
from pathlib import Path
from typing import Callable

from lecture_site.registry import PACKAGE_DIR
from snippets.claims import CONSTRUCTION, EVIDENCE, Claim, ClaimError, Refutation, contradicts, numbers_read

MARKER = re.compile(r"^\[\[claim ([a-z0-9-]+)\]\]\s*$", re.M)
FIELDS = [f.name for f in dataclasses.fields(Claim)]
KINDS = {"EVIDENCE": EVIDENCE, "CONSTRUCTION": CONSTRUCTION}


def _unread(record: dict) -> bool:
    raise ClaimError("the site reads a claim's verdict from its figure's record; it does not run checks")


def claim_calls(tree: ast.Module) -> list[ast.Call]:
    """The ``Claim(...)`` calls of a module's ``CLAIMS = (...)`` assignment, in order."""
    for node in tree.body:
        if (isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name)
                and node.targets[0].id == "CLAIMS" and isinstance(node.value, (ast.Tuple, ast.List))):
            return [e for e in node.value.elts
                    if isinstance(e, ast.Call) and isinstance(e.func, ast.Name) and e.func.id == "Claim"]
    return []


def _argument(field: str, node: ast.expr, where: str):
    """One argument of a declaration as the site needs it: the strings and flags as written, the kind by
    its name, the check by its name, the refutations by their descriptions."""
    if field == "check":
        if not isinstance(node, ast.Name):
            raise ClaimError(f"{where}: the check must be a function of the module, named (not a lambda)")
        return _unread
    if field == "kind" and isinstance(node, ast.Name) and node.id in KINDS:
        return KINDS[node.id]
    if field == "refutations":
        if not isinstance(node, (ast.Tuple, ast.List)):
            raise ClaimError(f"{where}: refutations must be a tuple of Refutation(...)")
        worlds = [e.args[0] for e in node.elts if isinstance(e, ast.Call) and e.args]
        return tuple(Refutation(_argument("world", w, where), None) for w in worlds)
    try:
        return ast.literal_eval(node)
    except ValueError:
        raise ClaimError(f"{where}: {field} must be written out as a literal, not computed") from None


def declaration(call: ast.Call, where: str) -> Claim:
    """The claim a ``Claim(...)`` call declares, without its check (which the site never runs)."""
    if len(call.args) > len(FIELDS):
        raise ClaimError(f"{where}: Claim takes at most {len(FIELDS)} arguments")
    args = {FIELDS[i]: a for i, a in enumerate(call.args)} | {k.arg: k.value for k in call.keywords}
    fields = {field: _argument(field, node, where) for field, node in args.items()}
    try:
        return Claim(**fields)
    except (ClaimError, TypeError) as e:  # what the declaration lacks, or an argument Claim does not take
        raise ClaimError(f"{where}: {e}") from None


@functools.lru_cache(maxsize=64)
def _declared_in(source: str, file: str) -> tuple[tuple[Claim, int], ...]:
    """Keyed by the source itself: an edited module is read again, an unchanged one once."""
    return tuple((declaration(call, f"{file}:{call.lineno}"), call.lineno)
                 for call in claim_calls(ast.parse(source, filename=file)))


@dataclasses.dataclass(frozen=True)
class Declared:
    claim: Claim
    module: str  # "snippets.train"
    where: str  # "snippets/train.py:280"


def discover(package_dir: Path = PACKAGE_DIR) -> dict[str, Declared]:
    """Every claim the lecture package declares, by name, found by parsing the sources."""
    found: dict[str, Declared] = {}
    for path in sorted(package_dir.glob("*.py")):
        file = f"{package_dir.name}/{path.name}"
        for claim, line in _declared_in(path.read_text(encoding="utf-8"), file):
            if claim.name in found:
                raise ClaimError(f"claim {claim.name!r} is declared twice: {found[claim.name].where} and {file}:{line}")
            found[claim.name] = Declared(claim, f"{package_dir.name}.{path.stem}", f"{file}:{line}")
    return found


def stored_verdict(declared: Declared, record: dict | None, where: str) -> bool:
    """The check's answer that the build stored with the claim's figure."""
    claim = declared.claim
    if record is None:
        raise ClaimError(f"{where}: claim {claim.name!r} needs figure {claim.figure!r}, which does not exist")
    verdicts = record.get("claims", {})
    if claim.name not in verdicts:
        raise ClaimError(f"{where}: claim {claim.name!r} ({declared.where}) reads figure {claim.figure!r}, "
                         f"which is made by {record.get('made_by', '?')}: declare the claim in that module")
    return verdicts[claim.name]["supported"]


def verified_line(claim: Claim, page: str) -> str:
    """The box's last line: the verdict the build found (and, where it differs, the one a committed
    full-scale run found), linked to the claim's row on the Verification page."""
    up = "../" * (page.count("/") - 1)
    full = f"; at full scale: {claim.stated_at('full')}" if claim.expected("full") != claim.reproduced else ""
    return (f"\n    **Verified** when this page was built: {claim.stated}{full} "
            f"([how, and the numbers read]({up}verification.md#{claim.name})).\n")


def expand(text: str, record_of: Callable[[str], dict | None], page: str,
           claims: dict[str, Declared] | None = None) -> str:
    """Replace each ``[[claim NAME]]`` line by its box, after checking that the verdict stored with its
    figure is still the one the box states, and that the claim names this page as its own."""
    claims = discover() if claims is None else claims

    def replace(m: re.Match) -> str:
        line = text.count("\n", 0, m.start()) + 1
        where = f"{page}:{line}"
        declared = claims.get(m.group(1))
        if declared is None:
            raise ClaimError(f"{where}: unknown claim {m.group(1)!r}; known: {', '.join(claims)}")
        claim = declared.claim
        record = record_of(claim.figure)
        supported = stored_verdict(declared, record, where)
        if Path(page).stem != claim.page:
            raise ClaimError(f"{where}: claim {claim.name!r} ({declared.where}) says it is shown on page "
                             f"{claim.page!r}: change its page= or show it there")
        try:
            contradicts(claim, supported, f"{where}: ")
        except ClaimError as e:  # say which numbers the check read, and what it compared them with
            read = numbers_read(record["claims"][claim.name].get("read", {}), 4, markdown=True)
            raise ClaimError(f"{e}: its check ({declared.where}) read {read}; threshold: "
                             f"{' '.join(claim.threshold.split())}") from None
        return claim.box() + verified_line(claim, page)
    return MARKER.sub(replace, text)
