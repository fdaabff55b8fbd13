"""Build timings: what a reader waits for, and what the figure cache and the parallel build save.

    python benchmarks/build.py [--repeat 3] [--page docs/training.md] [--module snippets/tradeoffs.py]
                               [--all | --figures NAME ...] [--no-builds] [--no-parallel] [--quick]

Everything runs in a scratch copy of the working tree (the files ``git ls-files`` lists, tracked or
untracked but not ignored), with its own figure cache in a temporary folder, so neither the repository
nor its ``.cache`` is touched, and edits others make meanwhile do not change what is measured.

1. Builds (``mkdocs build --strict``), each beside a plain ``mkdocs build`` of the same pages with the
   hook disabled: the same config less its ``hooks:`` entry (no figures, no placeholders, no build-time
   math; not strict, since the figures it would link are missing; timed after one run that fills
   mkdocs-jupyter's own cache, so both sides render the notebook from a cache):
   - cold: empty caches, every figure computed (~24 figures, minutes);
   - warm: nothing changed since the previous build;
   - prose edit: one sentence appended to one page (``--page``);
   - module edit: one comment line added to one ``snippets`` module (``--module``). The figures the
     build reports as ``built`` must be exactly those whose module imports the edited one, directly or
     not (``lecture_site.cache.dependencies``): the other figures must come from the cache.
   The warm, prose-edit, module-edit and plain builds are interleaved, ``--repeat`` rounds (a fresh edit
   each round), and their medians reported. Goals: warm <= 1.2 x plain; prose edit <= 1.5 x plain;
   module edit rebuilds only the module's dependants.
2. Per-figure compute time, sorted, and the total: the ``seconds`` in each figure's ``build.json`` of
   the cold build's cache (one process per core, one torch thread per process).
3. Parallel speed-up: ``python -m lecture_site figures NAMES --jobs 1`` and ``--jobs 2``, each into a fresh
   cache, wall time of each; goal >= 1.7x. The default figures take ~100 s in one process and split
   into two halves of about equal time; ``--all`` uses every figure, ``--figures`` any list.

``--quick`` (for checking this script, not for numbers): one round, no cold build (the figure cache
starts as a copy of the repository's .cache/figures, so only what changed since is computed), and a
parallel run over four small figures. The figure scale is SNIPPETS_SCALE (default quick).
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
from lecture_site import cache, registry  # noqa: E402 -- after the path: runs from any folder

# Single-process quick-scale seconds measured earlier: error-decomposition 33, depth-separation 29,
# teacher-student 22, universal-approximation 15. Listed longest first, two processes take
# {33, 15} and {29, 22}: about 50 s each, so the ideal speed-up is close to 2.
PARALLEL_FIGURES = ["error-decomposition", "depth-separation", "teacher-student", "universal-approximation"]
QUICK_PARALLEL_FIGURES = ["double-descent", "lazy-training", "rademacher", "kernel-interpolation"]
FIGURE_LINE = re.compile(r"figures: (\S+)\s+(built|cached|failed)\b")
ALL_CACHED = re.compile(r"figures: all (\d+) cached")  # a warm build looks them up without a subprocess
GOAL_WARM, GOAL_RATIO, GOAL_SPEEDUP = 1.2, 1.5, 1.7


def verdict(ok: bool) -> str:
    return "met" if ok else "NOT met"


def snapshot(dst: Path) -> None:
    """Copy the working tree's files (tracked, and untracked unless ignored) to ``dst``."""
    names = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=REPO,
                           capture_output=True, text=True, check=True).stdout.split("\0")
    for name in filter(None, names):
        src = REPO / name
        if src.is_file():  # a tracked file deleted in the working tree is left out
            (dst / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dst / name)
    found = subprocess.run([sys.executable, "-c", "import snippets; print(snippets.__file__)"], cwd=dst,
                           capture_output=True, text=True, check=True).stdout.strip()
    if not Path(found).resolve().is_relative_to(dst.resolve()):
        sys.exit(f"error: in the scratch copy `import snippets` finds {found}, not the copy's own package")


class Builder:
    """``mkdocs build`` in the scratch copy, timed; remembers what the hook said about each figure.

    The plain build uses ``mkdocs.plain.yml``: ``mkdocs.yml`` without its ``hooks:`` entry."""

    def __init__(self, root: Path, env: dict):
        self.root, self.env = root, env
        text = (root / "mkdocs.yml").read_text(encoding="utf-8")
        plain, n = re.subn(r"^hooks:\n(?:[ \t]+- .*\n)+", "", text, flags=re.M)
        if n != 1:
            sys.exit("error: found no `hooks:` list in mkdocs.yml to leave out of the plain build")
        (root / "mkdocs.plain.yml").write_text(plain, encoding="utf-8")

    def __call__(self, hook: bool = True) -> tuple[float, dict[str, str]]:
        options = ["--strict", "-f", "mkdocs.yml"] if hook else ["-f", "mkdocs.plain.yml"]
        with tempfile.TemporaryDirectory() as site:
            cmd = [sys.executable, "-m", "properdocs", "build", "-q", "-d", site, *options]
            start = time.perf_counter()
            proc = subprocess.run(cmd, cwd=self.root, env=self.env, capture_output=True, text=True)
            seconds = time.perf_counter() - start
        if proc.returncode != 0:
            sys.exit(f"error: {' '.join(cmd[1:])} failed in the scratch copy:\n{proc.stderr[-3000:]}")
        statuses = {m[1]: m[2] for m in FIGURE_LINE.finditer(proc.stderr)}
        every = ALL_CACHED.search(proc.stderr)
        if every:
            statuses = {f"figure {i}": "cached" for i in range(int(every[1]))}
        return seconds, statuses


def summary(statuses: dict[str, str]) -> str:
    if not statuses:
        return "-"
    built = sorted(n for n, s in statuses.items() if s == "built")
    cached = sum(s == "cached" for s in statuses.values())
    shown = (" (" + ", ".join(built) + ")") if built and len(built) <= 4 else ""
    return f"{len(built)} built{shown}, {cached} cached"


def dependants(package: Path, module_file: Path) -> set[str]:
    """The figures whose module is ``module_file`` or imports it, directly or not."""
    return {s.name for s in registry.discover(package).values()
            if module_file.resolve() in {p.resolve() for p in cache.dependencies(s.module, package)}}


def figure_seconds(package: Path, root: Path, scale: str) -> dict[str, float | None]:
    """Each figure's compute seconds, from the ``build.json`` of the cache entry its current sources use."""
    env = cache.environment_fingerprint()
    out = {}
    for spec in registry.discover(package).values():
        timing = cache.entry_dir(root, spec.name, cache.key(spec, scale, None, env, package)) / "build.json"
        out[spec.name] = json.loads(timing.read_text())["seconds"] if timing.is_file() else None
    return out


def builds(args, work: Path, scale: str) -> tuple[dict[str, float | None], float | None]:
    tree, root = work / "tree", work / "cache" / "figures"
    snapshot(tree)
    page, module = tree / args.page, tree / args.module
    for f in (page, module):
        if not f.is_file():
            sys.exit(f"error: {f.relative_to(tree)} is not a file of the working tree")
    expected = dependants(tree / "snippets", module)
    build = Builder(tree, dict(os.environ, NO_MKDOCS_2_WARNING="1", SNIPPETS_CACHE=str(root),
                               SNIPPETS_SCALE=scale))
    rows = []
    if args.quick:
        seed = REPO / ".cache" / "figures"
        if seed.is_dir():
            shutil.copytree(seed, root)
        build()  # untimed: computes only what changed since the repository's own cache
    else:
        seconds, statuses = build()
        rows.append(("cold (empty caches)", seconds, statuses))
        if any(s != "built" for s in statuses.values()):
            print(f"warning: the cold build did not compute every figure: {summary(statuses)}")
    per_figure = figure_seconds(tree / "snippets", root, scale)
    build(hook=False)  # fills mkdocs-jupyter's default cache (in the scratch copy) for the plain build
    warm, prose, edit, plain, rebuilt = [], [], [], [], []
    for i in range(args.repeat):
        warm.append(build())
        with page.open("a", encoding="utf-8") as f:
            f.write(f"\nOne more sentence of prose, added by the build benchmark (edit {i + 1}).\n")
        prose.append(build())
        with module.open("a", encoding="utf-8") as f:
            f.write(f"\n# a comment added by the build benchmark (edit {i + 1})\n")
        edit.append(build())
        rebuilt.append({n for n, s in edit[-1][1].items() if s == "built"})
        plain.append(build(hook=False))
    med = lambda runs: statistics.median(t for t, _ in runs)  # noqa: E731
    of = f"median of {args.repeat}"
    rows += [(f"warm, nothing changed ({of})", med(warm), warm[-1][1]),
             (f"prose edit, {args.page} ({of})", med(prose), prose[-1][1]),
             (f"module edit, {args.module} ({of})", med(edit), edit[-1][1]),
             (f"plain, without the hook ({of})", med(plain), {})]
    base = med(plain)
    print(f"\nBuilds: mkdocs build of a scratch copy of the working tree, figures at scale {scale!r}")
    print(f"{'build':<58}{'seconds':>9}{'x plain':>9}  figures")
    for name, t, statuses in rows:
        print(f"{name:<58}{t:9.2f}{t / base:9.2f}  {summary(statuses)}")
    print("Goals:")
    print(f"  warm <= {GOAL_WARM} x plain: {med(warm) / base:.2f} x, {verdict(med(warm) <= GOAL_WARM * base)}")
    print(f"  prose edit <= {GOAL_RATIO} x plain: {med(prose) / base:.2f} x, "
          f"{verdict(med(prose) <= GOAL_RATIO * base)}")
    ok = all(r == expected for r in rebuilt)
    wrong = next((r for r in rebuilt if r != expected), rebuilt[-1])
    print(f"  module edit re-runs only its dependants: rebuilt {sorted(wrong) or 'nothing'}, "
          f"dependants of {args.module}: {sorted(expected) or 'none'}, {verdict(ok)}")
    return per_figure, (None if args.quick else rows[0][1])


def figure_table(per_figure: dict[str, float | None], cold: float | None) -> None:
    source = "the cold build's cache" if cold is not None else \
        "the cache entries the build used (--quick: most copied from .cache/figures, timed when they were built)"
    print(f"\nPer-figure compute time, from {source}; one torch thread per process")
    known = {n: s for n, s in per_figure.items() if s is not None}
    total = sum(known.values())
    for name, s in sorted(known.items(), key=lambda kv: -kv[1]):
        print(f"  {name:<30}{s:8.2f} s {100 * s / total:5.1f} %")
    for name in sorted(set(per_figure) - set(known)):
        print(f"  {name:<30}   (no cache entry)")
    print(f"  {'total':<30}{total:8.2f} s" + (f"  (the cold build took {cold:.0f} s of wall time)" if cold else ""))


def cli_figures(tree: Path, names: list[str], jobs: int, root: Path, scale: str) -> tuple[float, float]:
    """Wall time of ``python -m lecture_site figures`` into ``root``, and the compute seconds it reports."""
    cmd = [sys.executable, "-m", "lecture_site", "figures", *names, "--jobs", str(jobs), "--cache", str(root),
           "--scale", scale]
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=tree, capture_output=True, text=True)
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"error: {' '.join(cmd[1:])} failed:\n{proc.stderr[-3000:] or proc.stdout[-3000:]}")
    m = re.search(r"\(\d+ built, 0 cached, 0 failed\) in ([0-9.]+) s of compute", proc.stdout)
    if not m:
        sys.exit(f"error: expected every figure built into a fresh cache, got:\n{proc.stdout[-2000:]}")
    return wall, float(m[1])


def parallel(args, work: Path, scale: str) -> None:
    tree = work / "tree"
    if not tree.is_dir():
        snapshot(tree)
    names = [] if args.all else args.figures or (QUICK_PARALLEL_FIGURES if args.quick else PARALLEL_FIGURES)
    which = "every figure" if args.all else ", ".join(names)
    results = {jobs: cli_figures(tree, names, jobs, work / f"parallel-{jobs}", scale) for jobs in (1, 2)}
    (w1, c1), (w2, c2) = results[1], results[2]
    print(f"\nParallel figure build: python -m lecture_site figures --jobs N, fresh cache each, scale {scale!r}")
    print(f"  figures: {which}")
    print(f"{'processes':<12}{'wall s':>9}{'compute s':>11}")
    print(f"{'1':<12}{w1:9.2f}{c1:11.2f}")
    print(f"{'2':<12}{w2:9.2f}{c2:11.2f}")
    print(f"  speed-up {w1 / w2:.2f} x (goal >= {GOAL_SPEEDUP}): {verdict(w1 / w2 >= GOAL_SPEEDUP)}"
          f"; compute s is the sum of the figures' own times (it grows when the two processes contend)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=3, help="rounds of warm, prose-edit, module-edit and plain builds")
    ap.add_argument("--page", default="docs/training.md", help="the page the prose edit appends a sentence to")
    ap.add_argument("--module", default="snippets/tradeoffs.py", help="the module the module edit adds a comment to")
    ap.add_argument("--all", action="store_true", help="parallel speed-up over every figure")
    ap.add_argument("--figures", nargs="+", metavar="NAME", help="parallel speed-up over these figures")
    ap.add_argument("--no-builds", action="store_true", help="skip the build timings and the per-figure table")
    ap.add_argument("--no-parallel", action="store_true", help="skip the parallel speed-up")
    ap.add_argument("--quick", action="store_true", help="check the script: no cold build, one round, small figures")
    args = ap.parse_args()
    if args.quick:
        args.repeat = 1
    if args.repeat < 1:
        ap.error("--repeat must be at least 1")
    scale = os.environ.get("SNIPPETS_SCALE", "quick")
    with tempfile.TemporaryDirectory(prefix="bench-build-") as tmp:
        work = Path(tmp)
        if not args.no_builds:
            figure_table(*builds(args, work, scale))
        if not args.no_parallel:
            parallel(args, work, scale)


if __name__ == "__main__":
    main()
