"""Two builds of the site give the same bytes: every figure's SVG and JSON, and every other file.

    python tests/reproducible.py            # `make reproducible`; .ci/run runs it after `make test`
    python tests/reproducible.py --cold 2   # both builds from empty caches (twice the compute)

Build A uses the figure cache at SNIPPETS_CACHE (default .cache/figures): every entry in it was computed
from scratch when its key was new, and in CI's fresh clone `make test` has just filled it from empty.
Build B (and A too with ``--cold 2``) starts from an empty temporary cache, so it computes every figure
and runs every notebook again. Both pin SOURCE_DATE_EPOCH (the date in sitemap.xml and sitemap.xml.gz)
and the site's address.

The one file allowed to differ is figures/timings.json: how many seconds each figure took, which the
captions show through a small script instead of printing it (lecture_site/quote.py). Any other difference
is listed and the exit status is 1.
"""
from __future__ import annotations

import argparse
import filecmp
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
ALLOWED = {"figures/timings.json"}  # carries this build's measurements, by design
EPOCH = "1700000000"  # any fixed value: the sitemap's date is not a fact about the content


def build(site: Path, cache: Path | None) -> float:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH=EPOCH, SITE_URL="https://example.org/notes/")
    if cache is not None:
        env["SNIPPETS_CACHE"] = str(cache)
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "properdocs", "build", "--strict", "-q", "-f", "mkdocs.yml", "-d", str(site)],
                          cwd=REPO, env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        sys.exit(f"mkdocs build failed ({'cache ' + str(cache) if cache else 'default cache'}):\n"
                 f"{proc.stderr[-3000:]}")
    return time.perf_counter() - start


def files(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}


def compare(a: Path, b: Path) -> list[str]:
    """What differs between two built sites, one line each (empty when identical but for ALLOWED)."""
    fa, fb = files(a), files(b)
    problems = [f"only in the first build: {f}" for f in sorted(fa - fb)]
    problems += [f"only in the second build: {f}" for f in sorted(fb - fa)]
    problems += [f"differs: {f}" for f in sorted(fa & fb - ALLOWED)
                 if not filecmp.cmp(a / f, b / f, shallow=False)]
    return problems


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cold", type=int, choices=(1, 2), default=1,
                    help="how many of the two builds start from an empty cache (default 1)")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="reproducible-") as tmp:
        tmp = Path(tmp)
        first_cache = tmp / "cache-a" / "figures" if args.cold == 2 else None
        t_a = build(tmp / "a", first_cache)
        t_b = build(tmp / "b", tmp / "cache-b" / "figures")
        problems = compare(tmp / "a", tmp / "b")
        names = files(tmp / "a")
        figures = sorted(f for f in names if f.startswith("figures/") and f not in ALLOWED)
        print(f"build A ({'empty cache' if first_cache else 'the figure cache'}) {t_a:.0f} s, "
              f"build B (empty cache) {t_b:.0f} s")
        print(f"{len(names)} files compared, {len(figures)} of them figures/*.svg and *.json; "
              f"allowed to differ: {', '.join(sorted(ALLOWED))}")
    if problems:
        print(f"NOT reproducible: {len(problems)} difference(s)", *problems, sep="\n  ")
        return 1
    print("reproducible: every other file is byte-for-byte identical")
    return 0


if __name__ == "__main__":
    sys.exit(main())
