"""The Verification page: every claim, where and at what scale it was checked, the numbers its check read
and the verdict, from the same records the boxes read (and, when one is committed, from a full-scale
report of ``python -m snippets verify --scale full --out docs/verification``)."""
from __future__ import annotations

import platform
from pathlib import Path
from typing import Callable

from lecture_site.claims import Declared, stored_verdict
from snippets import claims as claims_
from snippets.claims import ClaimError, numbers_read

FULL_REPORT = Path("verification") / "verify.json"  # under docs/
SHOWN = 4  # numbers per claim on the page; python -m snippets verify --out lists them all


def _full_cell(name: str, row: dict | None) -> str:
    if row is None:
        return "not run"
    if row["verdict"] == claims_.HOLDS:
        return row["verdict"]
    return f"{row['verdict']} ([numbers](#{name}-full))"  # every number, below the table: where it fails


def _differing(declared: dict[str, Declared], full_rows: dict[str, dict]) -> list[str]:
    """Below the table, each claim whose full-scale verdict is not "holds", with every number its check
    read there (the check stops where it fails, so the last numbers show where)."""
    rows = [(name, row) for name, row in full_rows.items() if row["verdict"] != claims_.HOLDS]
    if not rows:
        return []
    lines = ["", "## Where the full scale differs", ""]
    for name, row in rows:
        lines += [f'<span id="{name}-full"></span>**{declared[name].claim.title}** (`{name}`): {row["verdict"]} '
                  f"at full scale; its check read {numbers_read(row['read'], len(row['read']), markdown=True)}.",
                  ""]
    return lines


def full_verdicts(report: dict | None, declared: dict[str, Declared], where: str) -> dict[str, dict]:
    """The full-scale rows by claim, each with the verdict its check's answer gives against what the claim
    states for the full scale; one that contradicts it fails the build, and so does a claim that states a
    full-scale verdict of its own that no committed report backs."""
    rows = {} if report is None else {row["claim"]: row for row in report["claims"]}
    if report is not None and report.get("scale") != "full":
        raise ClaimError(f"{where}: holds a report of scale {report.get('scale')!r}; commit one of "
                         "`python -m snippets verify --scale full --out docs/verification`")
    for name, row in rows.items():
        if name not in declared:
            raise ClaimError(f"{where}: the full-scale report checks claim {name!r}, which no page shows")
        claim = declared[name].claim
        row["verdict"] = claims_.verdict(claim, row["supported"], "full")
        if row["verdict"] == "FAILS":
            raise ClaimError(f"{where}: at full scale the check of claim {name!r} "
                             f"{'accepts' if row['supported'] else 'rejects'} the results (its declaration, "
                             f"{declared[name].where}, states {claim.stated_at('full')!r}): change the "
                             "declaration (reproduced_at_full=...) and the box, or the experiment")
    for name, d in declared.items():
        if d.claim.reproduced_at_full is not None and name not in rows:
            raise ClaimError(f"{d.where}: claim {name!r} states its full-scale verdict (reproduced_at_full=...), "
                             f"but {where} holds no full-scale check of it")
    return rows


def page(declared: dict[str, Declared], record_of: Callable[[str], dict | None], full: dict | None = None,
         full_where: str = "docs/verification/verify.json") -> str:
    """The page's Markdown. ``record_of`` gives a figure's record as the build stored it."""
    full_rows = full_verdicts(full, declared, full_where)
    machine = f"{platform.machine()} CPU"
    lines = [
        "# Verification", "",
        "Every claim box on these pages is checked when the site is built: the build computes the figure "
        "the claim reads, runs the claim's check on the figure's results and fails if the verdict is not the "
        "one the box states. This page lists each check, the numbers it read and its verdict. The same checks "
        "run on your machine, from the installed lecture package, with "
        "`python -m snippets verify --claims NAME` (or `--page PAGE`, or everything; `--scale full` for "
        "parameters closer to the papers; `--out DIR` for a report).", "",
        f"Quick scale: checked when this site was built, on one {machine} thread per figure. "
        + (f"Full scale: `python -m snippets verify --scale full` on {full['device']}, torch "
           f"{full['versions']['torch']}, for the {len(full['claims'])} claims it lists ({full['seconds']:.0f} s "
           "of computing; the others' figures need a larger machine at that scale and are marked not run). "
           "A full-scale verdict that differs from the page's scale is stated in the claim's declaration and "
           "in its box's title, and the build fails if the committed report contradicts it." if full else
           "Full scale: no report has been committed yet. The `full` parameters are meant for a larger "
           "machine; `python -m snippets verify --scale full --claims NAME` runs one claim's figure, and "
           "the cheapest take seconds to minutes on a laptop."), "",
        "| claim | numbers the check read (quick scale) | quick | full |",
        "|---|---|---|---|",
    ]
    for name, d in declared.items():
        claim = d.claim
        record = record_of(claim.figure)
        supported = stored_verdict(d, record, "docs/verification.md")
        # a verdict that contradicts its box is shown here; the box fails the build, naming its page and line
        read = record["claims"][name]["read"]
        full_row = full_rows.get(name)
        lines.append(f'| <span id="{name}"></span>[{claim.title}]({claim.page}.md)<br>{claim.kind}, `{name}` | '
                     f"{numbers_read(read, SHOWN, markdown=True)} | {claims_.verdict(claim, supported)} | "
                     f"{_full_cell(name, full_row)} |")
    return "\n".join(lines + _differing(declared, full_rows)) + "\n"
