"""Build timings: cold (empty caches), warm (nothing changed), and a plain build without the hook.

    python benchmarks/build.py [--repeat 3]

Prints a table and the ratios; the goal is warm <= 1.5 x plain. The plain build is `mkdocs build`
of the same pages with SNIPPETS_HOOK=off (no figures, no placeholders; not strict, since the figures
it would link are missing), after one run that fills mkdocs-jupyter's own cache, so both sides render
the notebook from a cache.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def timed_build(env: dict, strict: bool = True) -> float:
    with tempfile.TemporaryDirectory() as site:
        cmd = [sys.executable, "-m", "mkdocs", "build", "-q", "-d", site] + (["--strict"] if strict else [])
        start = time.perf_counter()
        proc = subprocess.run(cmd, cwd=REPO, env=env, capture_output=True, text=True)
        seconds = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"build failed:\n{proc.stderr[-3000:]}")
    return seconds


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=3, help="runs of the warm and plain builds (median)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, NO_MKDOCS_2_WARNING="1", SNIPPETS_CACHE=str(Path(tmp) / "figures"))
        cold = timed_build(env)
        warm = statistics.median(timed_build(env) for _ in range(args.repeat))
        plain_env = dict(env, SNIPPETS_HOOK="off")
        timed_build(plain_env, strict=False)  # fills mkdocs-jupyter's default cache
        plain = statistics.median(timed_build(plain_env, strict=False) for _ in range(args.repeat))
    print(f"{'build':<34}{'seconds':>9}{'x plain':>9}")
    for name, t in [("cold (empty caches)", cold), (f"warm (median of {args.repeat})", warm),
                    (f"plain, hook off (median of {args.repeat})", plain)]:
        print(f"{name:<34}{t:9.2f}{t / plain:9.2f}")
    print(f"warm / plain = {warm / plain:.2f} (goal <= 1.5): {'met' if warm <= 1.5 * plain else 'NOT met'}")


if __name__ == "__main__":
    main()
