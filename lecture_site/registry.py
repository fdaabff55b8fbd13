"""The registry of figures: a name -> the lecture function that computes it.

The registry is found by reading the sources of the lecture package (``snippets``), not by importing
them: deciding that a figure is already cached must not cost an ``import torch``. The lecture package is
the one Python would import (``importlib.util.find_spec``), so a scratch package first on the path is the
one scanned.
"""
from __future__ import annotations

import ast
import importlib
import importlib.util
from dataclasses import dataclass, field
from pathlib import Path

from snippets.figures import SCALES, FigureError


def _lecture_dir() -> Path:
    spec = importlib.util.find_spec("snippets")
    if spec is None or not spec.submodule_search_locations:
        raise FigureError("cannot find the lecture package `snippets`: install it (pip install -e .)")
    return Path(list(spec.submodule_search_locations)[0]).resolve()


PACKAGE_DIR = _lecture_dir()


@dataclass(frozen=True)
class FigureSpec:
    name: str
    module: str  # e.g. "snippets.nets"
    function: str
    file: Path
    line: int
    doc: str = ""
    scales: tuple = field(default=SCALES)

    @property
    def where(self) -> str:
        return f"{self.file.relative_to(PACKAGE_DIR.parent)}:{self.line}"


def _figure_decorator_name(decorator: ast.expr) -> str | None:
    """The name in ``@figure("name", ...)``, or None for any other decorator."""
    if (isinstance(decorator, ast.Call) and isinstance(decorator.func, ast.Name)
            and decorator.func.id == "figure" and decorator.args
            and isinstance(decorator.args[0], ast.Constant) and isinstance(decorator.args[0].value, str)):
        return decorator.args[0].value
    return None


def _figure_assignments(tree: ast.Module) -> dict[str, list[ast.expr]]:
    """The ``figure(...)`` calls of module-level lines ``f = figure("name", ...)(f)``, by function name: the
    same registration as the decorator, in the form that mutation testing rewrites decorators into."""
    found: dict[str, list[ast.expr]] = {}
    for node in tree.body:
        if (isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name)
                and isinstance(node.value, ast.Call) and len(node.value.args) == 1
                and isinstance(node.value.args[0], ast.Name) and node.value.args[0].id == node.targets[0].id):
            found.setdefault(node.targets[0].id, []).append(node.value.func)
    return found


def discover(package_dir: Path = PACKAGE_DIR) -> dict[str, FigureSpec]:
    """Every ``@figure`` in the package, by name, found by parsing the sources."""
    specs: dict[str, FigureSpec] = {}
    for path in sorted(package_dir.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        assigned = _figure_assignments(tree)
        for node in tree.body:
            if not isinstance(node, ast.FunctionDef):
                continue
            for deco in node.decorator_list + assigned.get(node.name, []):
                name = _figure_decorator_name(deco)
                if name is None:
                    continue
                if name in specs:
                    raise FigureError(f"figure {name!r} is defined twice: {specs[name].where} and "
                                      f"{path.name}:{node.lineno}")
                specs[name] = FigureSpec(name, f"{package_dir.name}.{path.stem}", node.name, path,
                                         node.lineno, (ast.get_docstring(node) or "").split("\n")[0])
    return dict(sorted(specs.items()))


def select(names: list[str] | None, specs: dict[str, FigureSpec]) -> list[FigureSpec]:
    """The specs for ``names`` (all when empty); an unknown name raises, listing the known ones."""
    if not names:
        return list(specs.values())
    unknown = [n for n in names if n not in specs]
    if unknown:
        raise FigureError(f"unknown figure{'s' if len(unknown) > 1 else ''} {', '.join(map(repr, unknown))}; "
                          f"known figures: {', '.join(specs) or '(none)'}")
    return [specs[n] for n in names]


def load(spec: FigureSpec):
    """Import the function behind ``spec`` and check the decorator agrees with the source scan."""
    fn = getattr(importlib.import_module(spec.module), spec.function, None)
    if getattr(fn, "figure_name", None) != spec.name:
        raise FigureError(f"figure {spec.name!r} ({spec.where}): {spec.module}.{spec.function} "
                          "is not registered with @figure under that name")
    return fn
