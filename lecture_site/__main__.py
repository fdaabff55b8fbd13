"""Command line: ``python -m lecture_site figures [NAME ...] [--scale quick|full] [--list]``."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from lecture_site import build, registry
from snippets.figures import SCALES, FigureError


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m lecture_site", description=__doc__)
    sub = p.add_subparsers(dest="command", required=True)
    f = sub.add_parser("figures", help="build figures into the cache (only those whose inputs changed)")
    f.add_argument("names", nargs="*", metavar="NAME", help="figures to build (default: all)")
    f.add_argument("--scale", choices=SCALES, default="quick",
                   help="quick: minutes on a laptop CPU (the site and CI); full: closer to the papers")
    f.add_argument("--seed", type=int, default=None, help="override each figure's own seed")
    f.add_argument("--list", action="store_true", help="list the figures and where they are defined")
    f.add_argument("--jobs", type=int, default=None, help="parallel processes (default: one per core)")
    f.add_argument("--cache", type=Path, default=None, help="cache folder (default: .cache/figures)")
    f.add_argument("--manifest", type=Path, default=None,
                   help="write a JSON list of the built figures' SVG and JSON paths here")
    return p


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.list:
            specs = registry.select(args.names, registry.discover())
            for s in specs:
                print(f"{s.name:<28} {s.where:<28} {s.doc}")
            return 0
        if args.jobs is not None and args.jobs < 1:
            raise FigureError(f"--jobs must be at least 1, got {args.jobs}")
        if args.manifest is not None:
            _check_writable(args.manifest)
        outcomes = build.build(args.names, args.scale, args.seed, args.cache, args.jobs)
    except FigureError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    if args.manifest is not None:
        args.manifest.write_text(build.as_manifest(outcomes), encoding="utf-8")
    failed = [o for o in outcomes if o.status == "failed"]
    for o in failed:
        print(f"error: {o.error}", file=sys.stderr)
    return 1 if failed else 0


def _check_writable(path: Path) -> None:
    """Fail before any compute when the manifest could not be written afterwards."""
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise FigureError(f"cannot write the manifest {path}: folder {folder} does not exist")
    try:
        path.open("a").close()  # not touch(): that succeeds on a folder, and on a file it may not write
    except OSError as e:
        raise FigureError(f"cannot write the manifest {path}: {e.strerror}") from None


if __name__ == "__main__":
    sys.exit(main())
