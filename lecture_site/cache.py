"""A content-addressed cache of computed figures.

A figure's key is a hash of everything that can change what it draws: the source of its own module and
of every ``snippets`` module that module imports (transitively), the Python version and the installed
versions of the packages a figure can depend on (``figure_packages``: the lecture's dependencies and
what they require; not the site or test tools), the scale and the seed. Editing one module therefore
re-runs exactly the figures that depend on it.

An entry is a folder ``ROOT/NAME/KEY/`` with ``NAME.svg`` and ``NAME.json``. It is written under a
temporary name and renamed into place in one step, so a build that is killed half-way leaves nothing a
later build would trust, and two builds at once cannot mix their files.
"""
from __future__ import annotations

import ast
import functools
import hashlib
import json
import os
import platform
import re
import shutil
import tempfile
import time
from importlib import metadata
from pathlib import Path

from lecture_site.registry import PACKAGE_DIR, FigureSpec
from lecture_site.claims import claim_calls

FORMAT = "5"  # bump when the layout of an entry or the way figures are computed changes
REPO_DIR = PACKAGE_DIR.parent
# What a figure's numbers and pixels can depend on: the lecture's dependencies (pyproject.toml) and the
# BLAS thread pinning of the build, with everything they require in turn. Not the test or site tools:
# bumping pytest or playwright must not recompute a figure.
CLAIM_TYPES = "claims.py"  # snippets/claims.py: of it, only what computes a stored verdict counts (verdict_code)
VERDICT_CODE = ("judge", "reading", "_paths", "_traced", "_LoggingDict", "_LoggingList")
FIGURE_PACKAGES = ("torch", "numpy", "scipy", "matplotlib", "scikit-learn", "threadpoolctl")


def default_root() -> Path:
    return Path(os.environ.get("SNIPPETS_CACHE", REPO_DIR / ".cache" / "figures"))


def _imported_snippets_modules(path: Path, package: str) -> frozenset[str]:
    """Names of the package's modules that the file imports (``import snippets.x``, ``from . import x``...)."""
    return _imports_in(path.read_text(encoding="utf-8"), package)


@functools.lru_cache(maxsize=256)
def _imports_in(source: str, package: str) -> frozenset[str]:
    """Keyed by the source itself, so an edited file is parsed again; an unchanged one only once."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith(package + ".")}
        elif isinstance(node, ast.ImportFrom):
            base = package if node.level else (node.module or "")
            if node.level and node.module:
                base = f"{package}.{node.module}"
            if base == package:  # from snippets import x  -> maybe a module
                found |= {f"{package}.{a.name}" for a in node.names}
            elif base.startswith(package + "."):
                found.add(base)
    return frozenset(found)


def dependencies(module: str, package_dir: Path = PACKAGE_DIR) -> list[Path]:
    """Source files of ``module`` and every package module it imports, directly or not, sorted."""
    package = package_dir.name
    seen: set[Path] = set()
    todo = [module]
    while todo:
        path = package_dir / (todo.pop().split(".", 1)[1].replace(".", "/") + ".py")
        if path in seen or not path.is_file():
            continue  # a name imported from the package that is not a module of it
        seen.add(path)
        todo.extend(sorted(_imported_snippets_modules(path, package)))  # sorted: the same walk every run
    return sorted(seen)


def _requirement_names(dist: str) -> list[str]:
    """The distributions ``dist`` requires unconditionally (no extras), as metadata names them."""
    names = []
    for req in metadata.requires(dist) or []:
        name, _, marker = req.partition(";")
        if "extra" in marker:
            continue
        names.append(re.split(r"[\s\[<>=!~(]", name.strip(), maxsplit=1)[0])
    return names


@functools.lru_cache(maxsize=1)
def figure_packages() -> tuple[str, ...]:
    """FIGURE_PACKAGES and, transitively, what they require, as installed: sorted, canonical names."""
    seen: set[str] = set()
    todo = list(FIGURE_PACKAGES)
    while todo:
        name = re.sub(r"[-_.]+", "-", todo.pop()).lower()
        if name in seen:
            continue
        seen.add(name)
        try:
            todo.extend(_requirement_names(name))
        except metadata.PackageNotFoundError:
            pass  # not installed: environment_fingerprint records it as absent
    return tuple(sorted(seen))


def environment_fingerprint() -> str:
    """Python's version and the installed version of every package a figure can depend on: a change in
    any of them rebuilds every figure, a change anywhere else (a test tool) rebuilds none."""
    parts = [f"python={platform.python_version()}"]
    for pkg in figure_packages():
        try:
            parts.append(f"{pkg}={metadata.version(pkg)}")
        except metadata.PackageNotFoundError:
            parts.append(f"{pkg}=absent")
    return "\n".join(parts)


def key(spec: FigureSpec, scale: str, seed: int | None, environment: str | None = None,
        package_dir: Path = PACKAGE_DIR) -> str:
    h = hashlib.sha256()
    for part in (FORMAT, spec.name, spec.module, spec.function, scale, "default" if seed is None else str(seed),
                 environment if environment is not None else environment_fingerprint()):
        h.update(part.encode() + b"\0")
    for path in dependencies(spec.module, package_dir):
        source = path.read_bytes()
        source = verdict_code(source) if path.name == CLAIM_TYPES else without_claim_prose(source)
        h.update(path.name.encode() + b"\0" + source + b"\0")
    return h.hexdigest()[:24]


@functools.lru_cache(maxsize=8)
def verdict_code(source: bytes) -> bytes:
    """Of snippets/claims.py, what makes the verdicts and the numbers read that a record stores (judge,
    reading and the tracing they use): editing the Claim type, its box or the placeholders recomputes no
    figure. The whole file when one of them is missing (renamed: better a recompute than a stale verdict)."""
    tree = ast.parse(source)
    found = {node.name: ast.get_source_segment(source.decode(), node) for node in tree.body
             if isinstance(node, (ast.FunctionDef, ast.ClassDef)) and node.name in VERDICT_CODE}
    if set(found) != set(VERDICT_CODE):
        return source
    return "\n".join(found[name] for name in VERDICT_CODE).encode()


@functools.lru_cache(maxsize=256)
def without_claim_prose(source: bytes) -> bytes:
    """A module's source as its figures' key reads it: every claim declaration reduced to what decides the
    verdict stored with the figure (the claim's name, its figure, its check), so that editing what a box
    says recomputes no figure, while editing a check does."""
    tree = ast.parse(source)
    lines = source.splitlines(keepends=True)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))
    out = source
    for call in reversed(claim_calls(tree)):  # from the end: earlier offsets stay valid
        args = dict(zip(("name", "title", "source", "cite", "statement", "figure", "ours", "check"), call.args))
        args |= {k.arg: k.value for k in call.keywords}
        kept = ", ".join(ast.unparse(args[f]) if f in args else "?" for f in ("name", "figure", "check"))
        begin = starts[call.lineno - 1] + call.col_offset  # ast offsets count UTF-8 bytes
        end = starts[call.end_lineno - 1] + call.end_col_offset
        out = out[:begin] + f"Claim({kept})".encode() + out[end:]
    return out


def entry_dir(root: Path, name: str, key_: str) -> Path:
    return Path(root) / name / key_


def lookup(root: Path, name: str, key_: str) -> Path | None:
    """The entry's folder when it is complete, else None."""
    d = entry_dir(root, name, key_)
    return d if (d / f"{name}.svg").is_file() and (d / f"{name}.json").is_file() else None


STALE_SECONDS = 3600  # no figure takes an hour at quick scale; a temporary this old was left by a killed build


def remove_stale_temporaries(folder: Path, max_age: float = STALE_SECONDS) -> list[Path]:
    """Remove the ``.tmp-*`` folders a killed build left in ``folder``; younger ones may belong to a build
    still running, and stay. Returns what was removed."""
    removed = []
    now = time.time()
    for tmp in Path(folder).glob(".tmp-*"):
        try:
            if tmp.is_dir() and now - tmp.stat().st_mtime > max_age:
                shutil.rmtree(tmp, ignore_errors=True)
                removed.append(tmp)
        except FileNotFoundError:  # another build removed it first
            pass
    return removed


def store(root: Path, name: str, key_: str, svg: bytes, record: dict, timing: dict) -> Path:
    """Write an entry atomically and return its folder. If another build stored it first, keep theirs.

    ``record`` (the published ``NAME.json``) must be deterministic; what varies from run to run, such as
    the seconds it took, goes to ``timing`` (``build.json``, kept in the cache only).
    """
    final = entry_dir(root, name, key_)
    final.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_temporaries(final.parent)
    tmp = Path(tempfile.mkdtemp(prefix=f".tmp-{key_}-", dir=final.parent))
    try:
        tmp.chmod(0o755)
        (tmp / f"{name}.svg").write_bytes(svg)
        (tmp / f"{name}.json").write_text(json.dumps(record, indent=2, sort_keys=True) + "\n",
                                          encoding="utf-8")
        (tmp / "build.json").write_text(json.dumps(timing, sort_keys=True) + "\n", encoding="utf-8")
        try:
            os.rename(tmp, final)
        except OSError:
            if lookup(root, name, key_) is None:
                raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return final
