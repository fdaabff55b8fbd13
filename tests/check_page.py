"""The fast loop for one page: ``make check PAGE=training`` (or ``python tests/check_page.py training``).

1. builds the figures the page shows, quotes or whose claims it boxes (cached ones are reused);
2. checks that they are reproducible: each is computed again into an empty cache, and its SVG and JSON
   must be the same bytes;
3. runs the page's code blocks, its exercise, alt-text and claim-threshold tests, and the unit tests of
   the modules that define its figures (those that need no site build);
4. builds the site and runs the page's browser checks (light and dark, search), which also build and
   check every other page: figures of other pages that are not cached yet are computed there.

Each step prints what it runs; the first that fails ends the check with its exit status. ``--no-browser``
stops after step 3 (seconds to a few minutes, the time of the page's own figures).
"""
from __future__ import annotations

import argparse
import filecmp
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
from lecture_site import cache, claims, registry  # noqa: E402 -- the checkout's machinery
from snippets.claims import PLACEHOLDER  # noqa: E402

sys.path.insert(0, str(REPO / "tests"))
from mutation import tests_for  # noqa: E402 -- the test files that import a module

FIGURE_LINK = re.compile(r"figures/([a-z0-9][a-z0-9-]*)\.(?:svg|json)")
EXPLORE_FIGURE = re.compile(r'data-figure="([a-z0-9][a-z0-9-]*)"')
PAGE_TESTS = ("tests/test_exercises.py", "tests/test_alt_text.py")


class CheckError(Exception):
    """A page that does not exist, or one that shows no figure."""


def page_file(page: str) -> Path:
    path = REPO / "docs" / f"{page}.md"
    if not path.is_file():
        known = sorted(p.stem for p in (REPO / "docs").glob("*.md"))
        raise CheckError(f"no page docs/{page}.md; pages: {', '.join(known)}")
    return path


def figures_of(text: str, declared: dict | None = None) -> list[str]:
    """The figures a page's Markdown needs: shown, quoted, explored, or read by a claim it boxes."""
    declared = claims.discover() if declared is None else declared
    names = set(FIGURE_LINK.findall(text)) | {m.group(1) for m in PLACEHOLDER.finditer(text)}
    names |= set(EXPLORE_FIGURE.findall(text))
    names |= {declared[n].claim.figure for n in claims.MARKER.findall(text) if n in declared}
    return sorted(names)


def claims_of(text: str) -> list[str]:
    return claims.MARKER.findall(text)


def run(step: str, args: list[str], env: dict | None = None) -> None:
    print(f"\n== {step}\n$ {' '.join(args)}", flush=True)
    proc = subprocess.run(args, cwd=REPO, env=env)
    if proc.returncode != 0:
        sys.exit(proc.returncode)


def same_bytes(names: list[str], first: Path, second: Path) -> list[str]:
    """The figures whose SVG or JSON differ between two caches (each holding one entry per figure)."""
    specs = registry.discover()
    differ = []
    for name in names:
        key = cache.key(specs[name], os.environ.get("SNIPPETS_SCALE", "quick"), None)
        a, b = cache.lookup(first, name, key), cache.lookup(second, name, key)
        if a is None or b is None or not all(filecmp.cmp(a / f"{name}.{x}", b / f"{name}.{x}", shallow=False)
                                              for x in ("svg", "json")):
            differ.append(name)
    return differ


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("page", help="the page's name: docs/PAGE.md")
    ap.add_argument("--no-browser", action="store_true", help="stop before the site build and browser checks")
    args = ap.parse_args(argv)
    try:
        text = page_file(args.page).read_text(encoding="utf-8")
    except CheckError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    names, boxed = figures_of(text), claims_of(text)
    print(f"docs/{args.page}.md: figures {', '.join(names) or '(none)'}; claims {', '.join(boxed) or '(none)'}")
    py = sys.executable
    if names:
        run("the page's figures", [py, "-m", "lecture_site", "figures", *names])
        with tempfile.TemporaryDirectory() as fresh:
            run("the same figures again, from an empty cache", [py, "-m", "lecture_site", "figures", *names,
                                                                "--cache", fresh])
            differ = same_bytes(names, cache.default_root(), Path(fresh))
        if differ:
            print(f"not reproducible: {', '.join(differ)} (SVG or JSON bytes differ between two computations)",
                  file=sys.stderr)
            return 1
        print(f"reproducible: {len(names)} figure(s), the same bytes twice")
    modules = sorted({registry.discover()[n].module for n in names})
    unit = sorted({t for m in modules for t in tests_for(m.replace(".", "/") + ".py")} | set(PAGE_TESTS)
                  | ({"tests/test_claim_checks.py"} if boxed else set()))
    run("the page's code blocks", [py, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-o", "addopts=",
                                   "--codeblocks", f"docs/{args.page}.md"])
    run("unit tests of its modules, its exercises, alt texts and claim thresholds",
        [py, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:codeblocks", "-o", "addopts=",
         "-m", "not site and not spawns", *unit])
    if not args.no_browser:
        run("the site, and the page in a browser", [py, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                                                     "-o", "addopts=", "tests/test_browser.py", "-k",
                                                     f"test_page and {args.page} or search and {args.page}"])
    print(f"\ndocs/{args.page}.md: checked")
    return 0


if __name__ == "__main__":
    sys.exit(main())
