"""Re-check the notes' claims on your own machine: ``python -m snippets verify``.

Computes the figures the chosen claims read (or reuses results computed before with the same sources,
scale and library versions), runs every claim's check, and prints a table: claim, kind, scale, the
numbers the check read, the threshold and the verdict. The verdict is "holds", "not reproduced as
stated" (what the page says of a claim marked not reproduced), or FAILS when it contradicts the page;
the exit status is 1 when any claim FAILS. ``--out DIR`` writes the results (``verify.json``) and a
Markdown report (``verify.md``) with the device, the versions and the seconds per figure.

No figure of the notes runs on a GPU: they are small models that a laptop CPU trains in seconds to
minutes, and they run the same way everywhere (one thread each), so that results compare across machines.
"""
from __future__ import annotations

import hashlib
import importlib
import json
import multiprocessing
import os
import platform
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from snippets import claims as claims_
from snippets.claims import Claim, ClaimError
from snippets.figures import SCALES, FigureError

FORMAT = 2  # bump when the layout of verify.json or of a cached result changes
PACKAGE_DIR = Path(__file__).resolve().parent
VERSIONS = ("torch", "numpy", "scipy", "matplotlib", "scikit-learn")


class VerifyError(Exception):
    """A request verify cannot carry out: an unknown page, a results file it cannot read."""


def default_cache() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "snippets" / "verify"


def versions() -> dict[str, str]:
    found = {"python": platform.python_version(), "snippets": metadata.version("snippets")}
    for name in VERSIONS:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = "absent"
    return found


def device() -> str:
    """The machine, in words; the figures run on its CPU whether or not torch sees a GPU."""
    import torch

    gpu = f"; torch sees {torch.cuda.get_device_name(0)}, unused" if torch.cuda.is_available() else ""
    return f"{platform.machine()} CPU, {os.cpu_count()} cores{gpu}"


def figure_function(claim: Claim):
    """The ``@figure`` function whose results the claim reads: in the module that declares the claim."""
    module = importlib.import_module(claim.check.__module__)
    for value in vars(module).values():
        if getattr(value, "figure_name", None) == claim.figure:
            return value
    raise ClaimError(f"claim {claim.name!r} reads figure {claim.figure!r}, which {module.__name__} does not define")


def result_key(name: str, scale: str) -> str:
    """Keyed by everything the results can depend on: the package's sources, the scale, the versions."""
    h = hashlib.sha256(f"{FORMAT}\0{name}\0{scale}\0".encode())
    h.update(json.dumps(versions(), sort_keys=True).encode())
    for path in sorted(PACKAGE_DIR.glob("*.py")):
        h.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()[:24]


def in_one_thread(fn, seed: int, params: dict):
    """Call a figure function as the site's build and this command both do, so that their numbers agree:
    one thread for torch and for numpy's BLAS. Small models gain little from more, figures run in parallel
    processes (two processes with a BLAS thread per core each would fight for the cores), and a figure
    then computes the same way in a worker, in-process and on a machine with more cores."""
    import torch  # imported here: --help and reading a report need no torch
    from threadpoolctl import threadpool_limits

    torch.set_num_threads(1)
    with threadpool_limits(limits=1):
        return fn(seed=seed, **params)


def compute(module: str, function: str, scale: str) -> tuple[dict, float]:
    """Run one figure function at ``scale`` as the site does (one thread); its results and seconds."""
    fn = getattr(importlib.import_module(module), function)
    start = time.perf_counter()
    fig, results = in_one_thread(fn, fn.figure_seed, fn.figure_scales[scale])
    seconds = time.perf_counter() - start
    import matplotlib.pyplot as plt
    plt.close(fig)
    return json.loads(json.dumps(results, allow_nan=False)), seconds


def _compute_named(name: str, module: str, function: str, scale: str):
    try:
        return name, *compute(module, function, scale), ""
    except Exception as e:  # noqa: BLE001 -- a failing figure is reported by name, the others still run
        return name, None, 0.0, f"{type(e).__name__}: {e}"


def results_for(chosen: list[Claim], scale: str, cache: Path, jobs: int, report=print) -> dict[str, dict]:
    """Each figure the claims read: its results, seconds and whether they were reused, computing what
    the cache does not hold in ``jobs`` processes, with a line as each figure ends."""
    functions = {c.figure: figure_function(c) for c in chosen}
    out, todo = {}, []
    for name, fn in functions.items():
        path = cache / name / f"{result_key(name, scale)}.json"
        if path.is_file():
            stored = json.loads(path.read_text(encoding="utf-8"))
            out[name] = {"results": stored["results"], "seconds": stored["seconds"], "reused": True}
            report(f"{name:<28} reused   {stored['seconds']:8.1f} s  (computed before)")
        else:
            todo.append((name, fn.__module__, fn.__name__, scale))
    if todo:
        report(f"computing {len(todo)} figure{'s' if len(todo) > 1 else ''} at scale {scale} in "
               f"{min(jobs, len(todo))} process{'es' if min(jobs, len(todo)) > 1 else ''}")
    failed = []
    for done, (name, results, seconds, error) in enumerate(_run(todo, jobs), 1):
        if error:
            failed.append(f"figure {name!r} failed: {error}")
            report(f"{name:<28} FAILED   [{done}/{len(todo)}] {error}")
            continue
        path = cache / name / f"{result_key(name, scale)}.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".tmp{os.getpid()}")
        tmp.write_text(json.dumps({"format": FORMAT, "results": results, "seconds": round(seconds, 2)}))
        tmp.replace(path)  # whole or not at all: an interrupted run leaves nothing to trust
        out[name] = {"results": results, "seconds": round(seconds, 2), "reused": False}
        report(f"{name:<28} computed {seconds:8.1f} s  [{done}/{len(todo)}]")
    if failed:
        raise FigureError("; ".join(failed))
    return out


def _run(todo: list[tuple], jobs: int):
    if jobs == 1 or len(todo) < 2:
        yield from (_compute_named(*args) for args in todo)
        return
    # spawn, not fork: a parent that already imported torch can deadlock its forked children
    with ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("spawn")) as pool:
        yield from (f.result() for f in as_completed([pool.submit(_compute_named, *args) for args in todo]))


def choose(all_claims: dict[str, Claim], names: list[str] | None, page: str | None) -> list[Claim]:
    if names:
        return claims_.find(names, all_claims)
    if page:
        pages = sorted({c.page for c in all_claims.values()})
        chosen = [c for c in all_claims.values() if c.page == page]
        if not chosen:
            raise VerifyError(f"no claim is shown on page {page!r}; pages with claims: {', '.join(pages)}")
        return chosen
    return list(all_claims.values())


def verify(chosen: list[Claim], scale: str, cache: Path, jobs: int, report=print) -> dict:
    """The verify report: every chosen claim's verdict and the numbers its check read, with the figures'
    seconds, the device and the versions."""
    if scale not in SCALES:
        raise VerifyError(f"unknown scale {scale!r}; choose one of {', '.join(SCALES)}")
    start = time.perf_counter()
    figures = results_for(chosen, scale, cache, jobs, report)
    rows = []
    for claim in chosen:
        results = figures[claim.figure]["results"]
        supported, read = claims_.reading(claim, results)
        rows.append({"claim": claim.name, "kind": claim.kind, "page": claim.page, "figure": claim.figure,
                     "scale": scale, "read": read, "threshold": claims_.filled(claim.threshold, claim.figure, results),
                     "supported": supported, "stated": claim.stated_at(scale),
                     "verdict": claims_.verdict(claim, supported, scale)})
    return {"format": FORMAT, "scale": scale, "device": device(), "versions": versions(),
            "seconds": round(time.perf_counter() - start, 1),
            "figures": {n: {"seconds": f["seconds"], "reused": f["reused"]} for n, f in figures.items()},
            "claims": rows}


def load(path: Path) -> dict:
    """A verify.json written before, checked for its format."""
    try:
        report = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise VerifyError(f"cannot read the verify results {path}: {e}") from None
    if not isinstance(report, dict) or report.get("format") != FORMAT:
        found = report.get("format") if isinstance(report, dict) else None
        raise VerifyError(f"{path} holds verify results of format {found!r}; this version of snippets reads "
                          f"format {FORMAT}: run `python -m snippets verify --out` again to rewrite it")
    return report


def table(report: dict, width: int = 48) -> str:
    """The report as a plain-text table: a line per claim, and under it the threshold its check applied."""
    head = f"{'claim':<28} {'kind':<12} {'scale':<6} {'numbers the check read':<{width}} verdict"
    lines = [head, "-" * len(head)]
    for row in report["claims"]:
        read = claims_.numbers_read(row["read"], 3)
        read = read if len(read) <= width else read[: width - 1] + "…"
        lines.append(f"{row['claim']:<28} {row['kind']:<12} {row['scale']:<6} {read:<{width}} {row['verdict']}")
        threshold = " ".join(row["threshold"].split())
        lines.append(f"{'':<4}threshold: {threshold if len(threshold) <= 110 else threshold[:109] + '…'}")
    return "\n".join(lines)


def markdown(report: dict) -> str:
    """The report as Markdown: where it ran, then each claim with every number read and its threshold."""
    v = report["versions"]
    out = [f"# Claims verified at scale `{report['scale']}`", "",
           f"Device: {report['device']}. Python {v['python']}, snippets {v['snippets']}, torch {v['torch']}, "
           f"numpy {v['numpy']}. {report['seconds']:.0f} s in all.", "",
           "| claim | kind | page | verdict | threshold | numbers the check read |", "|---|---|---|---|---|---|"]
    for row in report["claims"]:
        threshold = row["threshold"].replace("|", "\\|").replace("\n", " ")
        out.append(f"| `{row['claim']}` | {row['kind']} | {row['page']} | {row['verdict']} | {threshold} | "
                   f"{claims_.numbers_read(row['read'], len(row['read']))} |")
    out += ["", "| figure | seconds | |", "|---|---|---|"]
    out += [f"| `{n}` | {f['seconds']:.1f} | {'reused' if f['reused'] else 'computed'} |"
            for n, f in report["figures"].items()]
    return "\n".join(out) + "\n"


def write(report: dict, folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / "verify.json", folder / "verify.md"]
    paths[0].write_text(json.dumps(report, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    paths[1].write_text(markdown(report), encoding="utf-8")
    return paths


def failures(report: dict) -> list[str]:
    return [row["claim"] for row in report["claims"] if row["verdict"] == "FAILS"]


def main(args) -> int:
    """Run ``python -m snippets verify`` with parsed arguments; the exit status."""
    try:
        if args.jobs < 1:
            raise VerifyError(f"--jobs must be at least 1, got {args.jobs}")
        chosen = choose(claims_.collect(), args.claims, args.page)
        report = verify(chosen, args.scale, args.cache or default_cache(), args.jobs,
                        lambda line: print(line, flush=True))
    except (ClaimError, VerifyError, FigureError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    print()
    print(table(report))
    print(f"\n{len(chosen)} claims at scale {args.scale} on {report['device']}, {report['seconds']:.0f} s")
    if args.out:
        for path in write(report, args.out):
            print(f"wrote {path}")
    failed = failures(report)
    if failed:
        print(f"FAILS: {', '.join(failed)}: the results contradict what the page states", file=sys.stderr)
    return 1 if failed else 0
