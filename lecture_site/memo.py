"""What a warm build would compute again, kept on disk: the steps of the hook that are pure functions of
their inputs (a page's notebook, a notebook page's CSS) and the figures' cache keys.

A warm build (nothing changed) re-ran all of them: about 1.2 s on top of a 2.3 s plain MkDocs build. Each
result is stored under the SHA-256 of everything it depends on, the code that computes it included, so an
edit anywhere in the inputs is a miss and never a stale result. The figures' cache keys are the exception:
computing them reads and parses every lecture module, which is the cost to save, so they are kept under a
signature of the files' status instead (``stat_signature``), which any write to them changes.
"""
from __future__ import annotations

import hashlib
import json
import os
import sys
import time
from pathlib import Path
from typing import Callable

MAX_AGE = 30 * 24 * 3600  # an entry unused for a month is removed by a later build


def digest(*parts: str | bytes) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode() if isinstance(part, str) else part)
        h.update(b"\0")
    return h.hexdigest()


def source_of(*modules) -> str:
    """The source text of modules: part of a memo's inputs, so that editing the code is a miss."""
    return "".join(Path(m.__file__).read_text(encoding="utf-8") for m in modules)


class DiskMemo:
    """Text results by the digest of their inputs, one file each under ``folder/namespace/``, written under
    a temporary name and renamed into place (a killed build leaves no half-written entry)."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)

    def text(self, namespace: str, inputs: tuple[str | bytes, ...], compute: Callable[[], str]) -> str:
        path = self.folder / namespace / f"{digest(*inputs)[:32]}.txt"
        try:
            value = path.read_text(encoding="utf-8")
            os.utime(path)  # used: not pruned
            return value
        except OSError:
            pass
        value = compute()  # an exception is raised to the caller, and nothing is stored
        write_atomically(path, value)
        return value

    def prune(self, max_age: float = MAX_AGE) -> int:
        """Remove entries (and temporaries) not used for ``max_age`` seconds; returns how many."""
        removed, now = 0, time.time()
        for path in self.folder.glob("*/*"):
            try:
                if now - path.stat().st_mtime > max_age:
                    path.unlink()
                    removed += 1
            except OSError:  # removed by another build meanwhile
                pass
        return removed


def stat_signature(folder: Path, pattern: str = "**/*.py") -> str:
    """Every matching file's name, size, modification and change time, and the same for the folders of
    site-packages folders on ``sys.path`` (installing or upgrading a package changes them). Writing a file
    changes its change time, which no tool can set back, so an edited file always changes the signature."""
    rows = []
    for path in sorted(Path(folder).glob(pattern)):
        s = path.stat()
        rows.append(f"{path.relative_to(folder)} {s.st_size} {s.st_mtime_ns} {s.st_ctime_ns}")
    for entry in sys.path:
        if not entry.endswith(("site-packages", "dist-packages")):
            continue  # the rest differs between the CLI and the hook: the same files, two signatures
        try:
            s = os.stat(entry)
        except OSError:
            continue
        rows.append(f"path {entry} {s.st_mtime_ns} {s.st_ctime_ns}")
    return digest(sys.version, *rows)


def cached_json(path: Path, signature: str, compute: Callable[[], object]) -> object:
    """``compute()``'s JSON value, kept in ``path`` with ``signature``: computed again when the signature
    differs (or the file is absent or broken)."""
    path = Path(path)
    try:
        stored = json.loads(path.read_text(encoding="utf-8"))
        if stored["signature"] == signature:
            return stored["value"]
    except (OSError, ValueError, KeyError, TypeError):
        pass
    value = compute()
    write_atomically(path, json.dumps({"signature": signature, "value": value}))
    return value


def write_atomically(path: Path, text: str) -> None:
    """``text`` into ``path`` under a temporary name, renamed into place (a killed build leaves no half
    file); a cache that cannot be written is skipped: the build still works, only slower."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        pass
