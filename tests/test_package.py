"""Two parts, one direction: the lecture package ``snippets`` that readers install, and the site machinery
``lecture_site`` that builds the pages from it. The lecture never imports the machinery."""
from __future__ import annotations

import ast
import subprocess
import sys
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
LECTURE = REPO / "snippets"
# import name -> distribution, for what the lecture imports
DISTRIBUTIONS = {"torch": "torch", "numpy": "numpy", "scipy": "scipy", "matplotlib": "matplotlib",
                 "sklearn": "scikit-learn", "threadpoolctl": "threadpoolctl"}


def top_level_imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and not node.level:
            names.add(node.module.split(".")[0])
    return names


def test_no_lecture_module_imports_the_machinery():
    offenders = {p.name: sorted(top_level_imports(p) & {"lecture_site", "mkdocs", "pymdownx", "jupytext",
                                                       "quickjs", "pybtex", "nbformat"})
                 for p in LECTURE.glob("*.py")}
    assert not {k: v for k, v in offenders.items() if v}, offenders


def test_every_third_party_import_of_the_lecture_is_a_declared_dependency():
    stdlib = set(sys.stdlib_module_names) | {"__future__"}
    imported = set().union(*(top_level_imports(p) for p in LECTURE.glob("*.py"))) - stdlib - {"snippets"}
    unknown = imported - set(DISTRIBUTIONS)
    assert not unknown, f"map these imports to their distribution in DISTRIBUTIONS: {unknown}"
    declared = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["dependencies"]
    assert sorted(DISTRIBUTIONS[name] for name in imported) == sorted(declared)


def test_the_lecture_imports_without_any_site_package():
    """Every lecture module imports in a Python where MkDocs and the machinery cannot be imported."""
    blocked = ["lecture_site", "mkdocs", "material", "pymdownx", "jupytext", "quickjs", "pybtex", "nbformat",
               "mkdocs_jupyter"]
    modules = sorted(p.stem for p in LECTURE.glob("*.py") if p.stem != "__init__")
    script = f"""
import importlib, importlib.abc, sys
class Block(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in {blocked!r}:
            raise ImportError("blocked: " + name)
sys.meta_path.insert(0, Block())
for m in {modules!r}:
    importlib.import_module("snippets." + m)
print("imported", len({modules!r}))
"""
    proc = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert f"imported {len(modules)}" in proc.stdout


def test_the_figure_marker_imports_nothing():
    assert top_level_imports(LECTURE / "figures.py") <= {"__future__"}
