"""Build figures into the cache: compute what is missing, reuse what is there.

``build(names, scale)`` is what both ``python -m lecture_site figures`` and the MkDocs hook call. A figure
whose function raises is reported with its name and the file and line where it failed; every other
figure is still built and cached.
"""
from __future__ import annotations

import functools
import importlib
import json
import multiprocessing
import os
import time
import traceback
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import asdict, dataclass
from importlib import metadata
from pathlib import Path

from lecture_site import cache, explore, memo, registry
from lecture_site.registry import FigureSpec
from snippets import claims
from snippets.figures import SCALES, FigureError


@dataclass
class Outcome:
    name: str
    status: str  # "cached", "built" or "failed"
    seconds: float
    svg: str = ""
    json: str = ""
    error: str = ""


def _failure_site(exc: BaseException, spec: FigureSpec) -> str:
    """'file:line in function' of the deepest frame in our own package, else the figure's definition.
    When that frame is in a library module of the package, the innermost line of the figure's own module
    comes first (the call the figure's author wrote), then the library's: "fig.py:77 in f → train.py:30 in fit"."""
    root = registry.PACKAGE_DIR
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if Path(f.filename).is_relative_to(root)]
    if not frames:
        return spec.where

    def at(f: traceback.FrameSummary) -> str:
        return f"{Path(f.filename).relative_to(root.parent)}:{f.lineno} in {f.name}"
    own = [f for f in frames if Path(f.filename) == Path(spec.file)]
    if not own or own[-1] is frames[-1]:
        return at(frames[-1])
    return f"{at(own[-1])} → {at(frames[-1])}"


def _jsonable(results, spec: FigureSpec) -> dict:
    """Results round-tripped through JSON, so what a page quotes is exactly what was stored."""
    if not isinstance(results, dict):
        raise FigureError(f"figure {spec.name!r} ({spec.where}) returned {type(results).__name__} "
                          "for its results; expected a dict")
    try:
        text = json.dumps(results, sort_keys=True, allow_nan=False)
    except (TypeError, ValueError) as e:
        raise FigureError(f"figure {spec.name!r} ({spec.where}): results are not plain JSON data: {e}") from None
    return json.loads(text)


def compute(spec: FigureSpec, scale: str, seed: int | None = None) -> tuple[bytes, dict]:
    """Run one figure function; return its SVG bytes and its (deterministic) record."""
    from matplotlib.figure import Figure  # imported here: a cached build never needs matplotlib

    from snippets.style import svg_bytes
    from snippets.verify import in_one_thread  # as verify runs it: their numbers agree

    fn = registry.load(spec)
    seed = fn.figure_seed if seed is None else seed
    params = fn.figure_scales[scale]
    out = in_one_thread(fn, seed, params)
    if not (isinstance(out, tuple) and len(out) == 2 and isinstance(out[0], Figure)):
        raise FigureError(f"figure {spec.name!r} ({spec.where}) must return (matplotlib.figure.Figure, dict), "
                          f"got {type(out).__name__}")
    fig, results = out
    record = {
        "figure": spec.name,
        "made_by": f"{spec.module}.{spec.function}",
        "source": spec.where,
        "scale": scale,
        "seed": seed,
        "parameters": {k: list(v) if isinstance(v, (range, tuple)) else v for k, v in params.items()},
        "versions": {p: metadata.version(p) for p in ("torch", "numpy", "matplotlib")},
        "results": _jsonable(results, spec),
    }
    record["claims"] = verdicts(spec, record["results"])
    svg = svg_bytes(fig)
    record["axes"] = explore.axes_geometry(fig)  # after drawing: the constrained layout is final then
    return svg, record


def verdicts(spec: FigureSpec, results: dict) -> dict[str, dict]:
    """What the checks of the claims that read this figure (declared in its module) say of its results,
    and the numbers each read, stored in its record: the site reads them there without importing the
    module."""
    module = importlib.import_module(spec.module)
    try:
        return {c.name: dict(zip(("supported", "read"), claims.reading(c, results)))
                for c in claims.of_module(module) if c.figure == spec.name}
    except claims.ClaimError as e:
        raise FigureError(f"figure {spec.name!r} ({spec.where}): {e}") from None


def _failure(spec: FigureSpec, exc: Exception, seconds: float) -> Outcome:
    """An outcome that names the figure and where it failed, without a traceback."""
    error = str(exc) if isinstance(exc, FigureError) else \
        f"figure {spec.name!r} failed at {_failure_site(exc, spec)}: {type(exc).__name__}: {exc}"
    return Outcome(spec.name, "failed", seconds, error=error)


def _build_one(spec: FigureSpec, scale: str, seed: int | None, root: str, key_: str) -> Outcome:
    try:
        registry.load(spec)  # imports (torch, the module) happen before the clock starts
    except Exception as e:  # noqa: BLE001 -- any error in a figure's module is reported, not raised
        return _failure(spec, e, 0.0)
    start = time.perf_counter()
    try:
        svg, record = compute(spec, scale, seed)
    except Exception as e:  # noqa: BLE001 -- any error in a figure function is reported, not raised
        return _failure(spec, e, time.perf_counter() - start)
    seconds = time.perf_counter() - start
    d = cache.store(Path(root), spec.name, key_, svg, record, {"seconds": round(seconds, 3)})
    return Outcome(spec.name, "built", seconds, str(d / f"{spec.name}.svg"), str(d / f"{spec.name}.json"))


def _run(calls: list[tuple], jobs: int):
    """``_build_one`` for each argument tuple, in ``jobs`` processes when more than one; each outcome is
    yielded as soon as its figure is done (not in the order given), so progress shows while the others
    still run."""
    if jobs == 1:
        yield from (_build_one(*args) for args in calls)
        return
    # spawn, not fork: a parent that already imported torch can deadlock its forked children
    with ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("spawn")) as pool:
        yield from (done.result() for done in as_completed([pool.submit(_build_one, *args) for args in calls]))


def build(names: list[str] | None = None, scale: str = "quick", seed: int | None = None,
          root: Path | None = None, jobs: int | None = None, report=None) -> list[Outcome]:
    """Make every named figure (all when empty) available in the cache; one ``report`` line each, written
    as it happens (default: printed and flushed, so a pipe sees it at once)."""
    report = report or functools.partial(print, flush=True)
    if scale not in SCALES:
        raise FigureError(f"unknown scale {scale!r}; choose one of {', '.join(SCALES)}")
    root = Path(root) if root is not None else cache.default_root()
    specs = registry.select(names, registry.discover())
    env = cache.environment_fingerprint()
    outcomes: dict[str, Outcome] = {}
    todo = []
    for spec in specs:
        k = cache.key(spec, scale, seed, env)
        hit = _cached(root, spec.name, k)
        if hit:
            outcomes[spec.name] = hit
            report(_line(hit))
        else:
            todo.append((spec, k))
    if todo:
        try:
            root.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise FigureError(f"cannot create the figure cache at {root}: {e.strerror}") from None
        if not os.access(root, os.W_OK):
            raise FigureError(f"the figure cache at {root} is not writable")
        jobs = max(1, min(jobs or os.cpu_count() or 1, len(todo)))
        report(f"computing {len(todo)} of {len(specs)} figures in {jobs} process{'es' if jobs > 1 else ''}")
        for done, outcome in enumerate(_run([(s, scale, seed, str(root), k) for s, k in todo], jobs), 1):
            outcomes[outcome.name] = outcome
            report(_line(outcome, f"{done}/{len(todo)}"))
    ordered = [outcomes[s.name] for s in specs]
    total = sum(o.seconds for o in ordered)
    report(f"{len(ordered)} figures ({sum(o.status == 'built' for o in ordered)} built, "
           f"{sum(o.status == 'cached' for o in ordered)} cached, "
           f"{sum(o.status == 'failed' for o in ordered)} failed) in {total:.2f} s of compute")
    return ordered


def all_cached(scale: str = "quick", root: Path | None = None) -> list[Outcome] | None:
    """Every figure's cache entry when all of them are there, else None. Reads sources and the cache
    only (no figure module is imported), so a caller that stays alive, such as ``mkdocs serve``, can
    ask before it starts a build process."""
    root = Path(root) if root is not None else cache.default_root()
    outcomes = []
    for name, key_ in figure_keys(scale, root).items():
        hit = _cached(root, name, key_)
        if hit is None:
            return None
        outcomes.append(hit)
    return outcomes


def figure_keys(scale: str, root: Path) -> dict[str, str]:
    """Every figure's cache key by name, in the registry's order. Computing them parses and hashes every
    lecture module (0.4 s, a third of what a warm build adds to MkDocs), so they are kept in the cache,
    under the status of the package's files, the site-packages folders and the key's own code."""
    def compute() -> dict[str, str]:
        env = cache.environment_fingerprint()
        return {spec.name: cache.key(spec, scale, None, env) for spec in registry.discover().values()}

    signature = memo.digest(scale, memo.source_of(cache, registry), memo.stat_signature(registry.PACKAGE_DIR))
    return memo.cached_json(Path(root) / f".keys-{scale}.json", signature, compute)


def _cached(root: Path, name: str, key_: str) -> Outcome | None:
    """The figure's complete cache entry under ``key_`` as an outcome, or None."""
    hit = cache.lookup(root, name, key_)
    return Outcome(name, "cached", 0.0, str(hit / f"{name}.svg"), str(hit / f"{name}.json")) if hit else None


def _line(o: Outcome, progress: str = "") -> str:
    text = f"{o.name:<28} {o.status:<7} {o.seconds:7.2f} s" + (f"  [{progress}]" if progress else "")
    return text + (f"\n  error: {o.error}" if o.error else "")


def as_manifest(outcomes: list[Outcome]) -> str:
    return json.dumps([asdict(o) for o in outcomes], indent=2)


__all__ = ["Outcome", "all_cached", "build", "compute", "as_manifest"]
