"""Command line of the lecture package: ``python -m snippets verify`` re-checks the notes' claims."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from snippets.figures import SCALES


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m snippets", description=__doc__)
    sub = p.add_subparsers(dest="command", required=True)
    v = sub.add_parser("verify", help="compute the figures the claims read and check every claim")
    v.add_argument("--scale", choices=SCALES, default="quick",
                   help="quick: the site's parameters (minutes on a laptop); full: closer to the papers")
    which = v.add_mutually_exclusive_group()
    which.add_argument("--claims", nargs="+", metavar="NAME", help="only these claims (default: all)")
    which.add_argument("--page", metavar="PAGE", help="only the claims of one page, e.g. training")
    v.add_argument("--jobs", type=int, default=1, help="figures computed at once, one process each (default 1)")
    v.add_argument("--out", type=Path, default=None, help="write verify.json and verify.md into this folder")
    v.add_argument("--cache", type=Path, default=None,
                   help="where computed results are kept for reuse (default: ~/.cache/snippets/verify)")
    return p


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    from snippets import verify  # imported here: --help must not cost an import of torch

    return verify.main(args)


if __name__ == "__main__":
    sys.exit(main())
