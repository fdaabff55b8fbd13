"""Mutation testing with mutmut: how many small, realistic bugs each module's unit tests catch.

    python tests/mutation.py                      # `make mutation`: every module, the report on stdout
    python tests/mutation.py snippets/nets.py     # one module (or several)
    python tests/mutation.py --report mutation.md --jobs 2

For each module, in a scratch copy of the working tree (the files ``git ls-files`` lists), mutmut makes its
mutants (an operator flipped, a constant moved by one, a string changed, an argument dropped...) and runs,
for each, the unit tests that call the mutated function; a mutant is killed when one of them fails. The
unit tests of a module are the test files that import it (``tests/test_*.py``, found by parsing them),
less the tests that need the built site (marked ``site`` by conftest): seconds each, not a site build.

The score is killed / (mutants - equivalent). An equivalent mutant changes no behaviour (no test could
kill it); each one is listed in ``tests/mutation-equivalent.toml`` with the reason, matched by its file,
the function it is in, the line it changes and what the line becomes, and shown in the report. A mutant
that no unit test reaches counts as surviving.

mutmut leaves decorated functions alone (it would copy them, running the decorator once per copy). So
that the ``@figure`` functions, ``@torch.no_grad()`` and ``lru_cache`` functions and properties are mutated
too, the scratch copy of the module is rewritten first (``undecorate``): each decorator line becomes a
comment, so every line keeps its number, and the decorators are applied at the end of the module
(``f = figure("name", ...)(f)``, which the figure registry also reads). The figure functions get a row of
their own in the report (``MODULE @figure``), and so do the claims' checks and refutations, the functions
that the module's ``CLAIMS`` name (``MODULE claims``; tests/test_claim_checks.py tests them at their
thresholds).

mutmut does not mutate module-level code either. The constants of a lecture module that carry its science
(``UPPER_CASE`` names at module level: the gadget of the reduction, a noise level, a radius) get mutants
of our own (``constant_mutants``: a number moved by one, a string changed, one element of a tuple
dropped), each run against the module's unit tests in a process of its own; they are scored on a row
``MODULE constants``. ``style.py``'s constants are colours and font sizes, and are left out.

Exit status 1 when a module of ``GOAL_MODULES`` scores under ``GOAL``.
"""
from __future__ import annotations

import argparse
import ast
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
from benchmarks.build import snapshot  # noqa: E402 -- the benchmark's copy of the working tree, reused
from lecture_site.cache import dependencies  # noqa: E402 -- the cache key's own import graph
EQUIVALENT_FILE = REPO / "tests" / "mutation-equivalent.toml"
GOAL = 0.80
# Every lecture module, and the machinery that decides what a reader sees (cache, claims, quotes,
# citations, math): held to GOAL. The rest of the machinery is reported, not held.
GOAL_MACHINERY = {"lecture_site/cache.py", "lecture_site/claims.py", "lecture_site/quote.py",
                  "lecture_site/citations.py", "lecture_site/typeset.py"}
PYTEST_ARGS = ["-m", "not site and not spawns", "-p", "no:codeblocks", "-p", "no:cacheprovider", "-o", "addopts=-ra",
               "-q", "-x"]


def modules() -> list[str]:
    found = sorted(p.relative_to(REPO).as_posix() for d in ("snippets", "lecture_site")
                   for p in (REPO / d).glob("*.py") if p.name != "__init__.py")
    return found


def held_to_goal(module: str) -> bool:
    return module.startswith("snippets/") or module.split()[0] in GOAL_MACHINERY


def dotted(module: str) -> str:
    return module[: -len(".py")].replace("/", ".")


def imported_modules(path: Path) -> set[str]:
    """The dotted names of modules that a test file imports (``from snippets import nets as N`` counts
    as ``snippets.nets``)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
            names |= {f"{node.module}.{a.name}" for a in node.names}
    return names


# Helpers whose own tests are the bad-input tests: every lecture test calls them, so running those for each
# mutant would take hours, and what they do (refuse bad arguments by name) is what test_bad_input checks.
OWN_TESTS = {"snippets/checks.py": ["tests/test_bad_input.py"]}


def tests_for(module: str, root: Path = REPO) -> list[str]:
    """The test files that import the module; for a helper that none imports directly, those that import a
    lecture module which imports it (``OWN_TESTS`` names them for the helpers every test uses)."""
    if module in OWN_TESTS:
        return OWN_TESTS[module]
    name, files = dotted(module), sorted((root / "tests").glob("test_*.py"))
    direct = [p for p in files if name in imported_modules(p)]
    if not direct and module.startswith("snippets/"):
        users = {f"snippets.{p.stem}" for p in (root / "snippets").glob("*.py")
                 if (root / module).resolve() in {d.resolve() for d in dependencies(f"snippets.{p.stem}",
                                                                                    root / "snippets")}}
        direct = [p for p in files if users & imported_modules(p)]
    return [p.relative_to(root).as_posix() for p in direct]


@dataclass
class Mutant:
    name: str
    status: str  # killed, survived, no tests, timeout, ...
    function: str = ""  # "f" or "Class.f", from the mutant's name
    line: int | None = None
    before: str = ""
    after: str = ""
    why_equivalent: str | None = None


@dataclass
class Result:
    module: str
    tests: list[str]
    seconds: float
    mutants: list[Mutant] = field(default_factory=list)
    error: str = ""

    def count(self, *statuses: str) -> int:
        return sum(m.status in statuses for m in self.mutants)

    @property
    def equivalent(self) -> int:
        return sum(m.why_equivalent is not None for m in self.mutants)

    @property
    def killed(self) -> int:
        return self.count("killed", "timeout", "segfault")  # a hang or a crash is a failing test too

    @property
    def score(self) -> float | None:
        scored = len(self.mutants) - self.equivalent
        return self.killed / scored if scored else None


def load_equivalent(path: Path = EQUIVALENT_FILE) -> list[dict]:
    if not path.is_file():
        return []
    entries = tomllib.loads(path.read_text(encoding="utf-8")).get("equivalent", [])
    for e in entries:
        missing = {"file", "function", "before", "after", "why"} - set(e)
        if missing:
            raise SystemExit(f"error: {path.name}: an entry lacks {', '.join(sorted(missing))}: {e}")
    return entries


BUILTIN_DECORATORS = {"staticmethod", "classmethod"}  # mutmut mutates these functions as they are


def undecorate(source: str) -> str:
    """The module with every decorated function (top level or method) undecorated in place and decorated
    at the end: each decorator line becomes a comment, so that lines keep their numbers, and a line
    ``f = deco(f)`` (``Class.f = deco(Class.f)``) is appended per function, decorators applied bottom-up as
    Python does. Behaviour is unchanged unless module-level code uses a decorated function before the end
    (the clean run that mutmut starts with would fail then)."""
    tree = ast.parse(source)
    lines = source.splitlines(keepends=True)
    applied = []

    def visit(fn: ast.AST, owner: str) -> None:
        decorators = getattr(fn, "decorator_list", [])
        if not decorators or any(isinstance(d, ast.Name) and d.id in BUILTIN_DECORATORS for d in decorators):
            return
        for d in decorators:
            for i in range(d.lineno - 1, d.end_lineno):
                indent = lines[i][: len(lines[i]) - len(lines[i].lstrip())]
                lines[i] = f"{indent}# {lines[i].strip()}\n"
        target = f"{owner}.{fn.name}" if owner else fn.name
        value = target
        for d in reversed(decorators):
            value = f"({ast.unparse(d)})({value})"
        applied.append(f"{target} = {value}\n")

    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            visit(node, "")
        elif isinstance(node, ast.ClassDef):
            for item in node.body:
                if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    visit(item, node.name)
    if not applied:
        return source
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    return "".join(lines + ["\n\n# decorators applied here by tests/mutation.py, so that mutmut mutates these functions\n",
                            *applied])


CONSTANT_NAME = re.compile(r"_?[A-Z][A-Z0-9_]*$")
NO_CONSTANT_MUTANTS = {"snippets/style.py", "snippets/figures.py"}  # looks, and the scale names


def constant_mutants(source: str) -> list[tuple[int, str, str]]:
    """Mutants of the module-level ``UPPER_CASE`` constants: (line, name, mutated source) each. A number n
    becomes n + 1 (a bool its negation), a string gains "XX" at both ends, and a constant that is a tuple or
    list of two or more elements loses its first one. ``CLAIMS`` is left alone: its strings are a box's
    prose, which the site build checks, and its checks and refutations are functions that mutmut mutates."""
    tree = ast.parse(source)
    lines = source.splitlines(keepends=True)
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line))

    def at(lineno: int, col: int) -> int:  # ast's col_offset counts UTF-8 bytes
        return offsets[lineno - 1] + len(lines[lineno - 1].encode()[:col].decode())

    def replaced(node: ast.AST, text: str) -> str:
        return source[:at(node.lineno, node.col_offset)] + text + source[at(node.end_lineno, node.end_col_offset):]

    mutants = []
    for stmt in tree.body:
        targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target] if isinstance(stmt, ast.AnnAssign) else []
        if not targets or stmt.value is None or not all(isinstance(t, ast.Name) and CONSTANT_NAME.match(t.id)
                                                        for t in targets):
            continue
        name = targets[0].id
        if name == "CLAIMS":
            continue  # the declarations' prose is the site build's to check; their functions mutmut mutates
        for node in ast.walk(stmt.value):
            if isinstance(node, ast.Constant) and isinstance(node.value, bool):
                mutants.append((node.lineno, name, replaced(node, str(not node.value))))
            elif isinstance(node, ast.Constant) and isinstance(node.value, (int, float)):
                mutants.append((node.lineno, name, replaced(node, repr(node.value + 1))))
            elif isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value:
                mutants.append((node.lineno, name, replaced(node, repr("XX" + node.value + "XX"))))
            elif node is stmt.value and isinstance(node, (ast.Tuple, ast.List)) and len(node.elts) > 1:
                rest = ", ".join(ast.get_source_segment(source, e) for e in node.elts[1:])
                text = f"({rest},)" if isinstance(node, ast.Tuple) else f"[{rest}]"
                mutants.append((node.lineno, name, replaced(node, text)))
    return mutants


def run_constants(tree: Path, module: str, tests: list[str], jobs: int) -> Result:
    """The module's constant mutants, each against its unit tests in a pytest process of its own (killed
    when the tests fail; a mutant that breaks the import fails them too)."""
    result = Result(f"{module} constants", tests, 0.0)
    if module in NO_CONSTANT_MUTANTS or not tests:
        return result
    original = (tree / module).read_text(encoding="utf-8")
    mutants = constant_mutants(original)
    if not mutants:
        return result
    start = time.perf_counter()
    source_lines = original.splitlines()
    # one copy of the tree per process, each mutating its own module file
    copies = [tree] + [tree.parent / f"constants-{i}" for i in range(1, max(1, jobs))]
    for copy in copies[1:]:
        shutil.rmtree(copy, ignore_errors=True)
        shutil.copytree(tree, copy, ignore=shutil.ignore_patterns("mutants", "__pycache__"))

    def run(copy: Path, line: int, mutated: str) -> str:
        (copy / module).write_text(mutated, encoding="utf-8")
        env = dict(os.environ, OMP_NUM_THREADS="1", MKL_NUM_THREADS="1", NO_MKDOCS_2_WARNING="1",
                   PYTHONPATH=str(copy), PYTHONDONTWRITEBYTECODE="1")
        try:
            proc = subprocess.run([sys.executable, "-m", "pytest", *PYTEST_ARGS, "-p", "no:xdist", *tests],
                                  cwd=copy, env=env, capture_output=True, text=True, timeout=1800)
            return "survived" if proc.returncode == 0 else "killed"
        except subprocess.TimeoutExpired:
            return "timeout"

    try:
        with ThreadPoolExecutor(max_workers=len(copies)) as pool:
            statuses = _round_robin(pool, copies, mutants, run)
    finally:
        (tree / module).write_text(original, encoding="utf-8")
        for copy in copies[1:]:
            shutil.rmtree(copy, ignore_errors=True)
    for k, ((line, name, mutated), status) in enumerate(zip(mutants, statuses), 1):
        after = mutated.splitlines()[line - 1].strip()
        result.mutants.append(Mutant(f"{dotted(module)}.{name}__constant_{k}", status, name, line,
                                     source_lines[line - 1].strip(), after))
    result.seconds = time.perf_counter() - start
    return result


def _round_robin(pool, copies: list[Path], mutants: list, run) -> list[str]:
    """Each copy of the tree runs its share of the mutants one after another (a copy holds one mutant at
    a time); the statuses in the mutants' order."""
    def share(i: int) -> list[tuple[int, str]]:
        return [(k, run(copies[i], mutants[k][0], mutants[k][2])) for k in range(i, len(mutants), len(copies))]
    done = dict(pair for part in pool.map(share, range(len(copies))) for pair in part)
    return [done[k] for k in range(len(mutants))]


def configure(tree: Path, module: str, tests: list[str]) -> None:
    """mutmut's settings for one module, appended to the scratch copy's pyproject.toml."""
    others = sorted(p.name for p in tree.iterdir() if p.name not in {"snippets", "lecture_site", "tests", "mutants"})
    text = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    quoted = lambda items: "[" + ", ".join(f'"{i}"' for i in items) + "]"  # noqa: E731
    text += (f"\n[tool.mutmut]\nsource_paths = [\"snippets/\", \"lecture_site/\"]\n"
             f"only_mutate = {quoted([module])}\n"
             f"pytest_add_cli_args_test_selection = {quoted(tests)}\n"
             f"pytest_add_cli_args = {quoted(PYTEST_ARGS)}\n"
             f"also_copy = {quoted(others)}\n")
    (tree / "pyproject.toml").write_text(text, encoding="utf-8")


def mutmut(tree: Path, *args: str, timeout: float | None = None) -> subprocess.CompletedProcess:
    # pytest keeps only the 3 newest temporary folders under its root and deletes older ones: the many
    # sessions of a mutation run must not delete those of a `make test` running beside it
    temp_root = tree.parent / "pytest-temp"
    temp_root.mkdir(exist_ok=True)
    env = dict(os.environ, OMP_NUM_THREADS="1", MKL_NUM_THREADS="1", NO_MKDOCS_2_WARNING="1",
               PYTEST_DEBUG_TEMPROOT=str(temp_root))
    return subprocess.run([sys.executable, "-m", "mutmut", *args], cwd=tree, env=env, capture_output=True,
                          text=True, timeout=timeout)


FUNCTION_OF_MUTANT = re.compile(r"\.x(?:ǁ(?P<cls>\w+)ǁ|_)(?P<fn>\w+?)__mutmut_\d+$")


def _functions(source: str) -> dict[str, ast.FunctionDef]:
    """Module-level functions and methods by name (``f``, ``Class.f``)."""
    found = {}
    for node in ast.parse(source).body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            found[node.name] = node
        elif isinstance(node, ast.ClassDef):
            found |= {f"{node.name}.{item.name}": item for item in node.body
                      if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef))}
    return found


def locate(tree: Path, module: str, mutants: list[Mutant]) -> None:
    """Each mutant's changed line, numbered in the original file, and its text before and after. mutmut
    keeps every mutant as a copy of its function in the mutated file (``x_f__mutmut_3`` beside
    ``x_f__mutmut_orig``): the first line where the two differ (reading that file is much faster than one
    ``mutmut show`` process per mutant)."""
    original = _functions((tree / module).read_text(encoding="utf-8"))
    mutated_source = (tree / "mutants" / module).read_text(encoding="utf-8")
    mutated, lines = _functions(mutated_source), mutated_source.splitlines()
    for mutant in mutants:
        m = FUNCTION_OF_MUTANT.search(mutant.name)
        if m is None:
            continue
        mutant.function = f"{m['cls']}.{m['fn']}" if m["cls"] else m["fn"]
        prefix = f"xǁ{m['cls']}ǁ" if m["cls"] else "x_"
        owner = f"{m['cls']}." if m["cls"] else ""
        copy = mutated.get(owner + mutant.name.rsplit(".", 1)[1])
        orig = mutated.get(f"{owner}{prefix}{m['fn']}__mutmut_orig")
        source = original.get(owner + m["fn"])
        if copy is None or orig is None or source is None:
            continue
        a = lines[orig.lineno - 1:orig.end_lineno]
        b = lines[copy.lineno - 1:copy.end_lineno]
        b[0] = b[0].replace(copy.name, orig.name, 1)  # the def lines differ by the name (and a changed default)
        diff = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
        mutant.line = source.lineno + diff
        mutant.before = a[diff].strip().replace(orig.name, m["fn"]) if diff < len(a) else ""
        mutant.after = b[diff].strip().replace(orig.name, m["fn"]) if diff < len(b) else ""


def run_module(tree: Path, module: str, jobs: int, equivalent: list[dict], constants_too: bool = True) -> list[Result]:
    """The module's result, and apart those of its ``@figure`` functions and of its constants when it has
    any (an equivalent constant mutant is matched with the constant's name as its function)."""
    tests = tests_for(module, tree)
    start = time.perf_counter()
    result = Result(module, tests, 0.0)
    if not tests:
        result.error = "no test file imports it"
        return [result]
    configure(tree, module, tests)
    shutil.rmtree(tree / "mutants", ignore_errors=True)
    source = (tree / module).read_text(encoding="utf-8")
    (tree / module).write_text(undecorate(source), encoding="utf-8")
    try:
        proc = mutmut(tree, "run", "--max-children", str(jobs))
    finally:
        (tree / module).write_text(source, encoding="utf-8")
    result.seconds = time.perf_counter() - start
    if proc.returncode != 0:
        result.error = (proc.stdout + proc.stderr).strip().splitlines()[-1:] or ["mutmut failed"]
        result.error = f"mutmut run failed: {result.error[0]}"
        return [result]
    listed = mutmut(tree, "results", "--all", "true").stdout
    for line in listed.splitlines():
        name, sep, status = line.strip().rpartition(": ")
        if sep and name:
            m = FUNCTION_OF_MUTANT.search(name)
            function = "" if m is None else (f"{m['cls']}.{m['fn']}" if m["cls"] else m["fn"])
            result.mutants.append(Mutant(name, status, function))
    alive = [m for m in result.mutants if m.status not in ("killed", "timeout", "segfault")]
    locate(tree, module, alive)
    for mutant in alive:
        for e in equivalent:
            if (e["file"] == module and e["function"] == mutant.function and e["before"].strip() == mutant.before
                    and e["after"].strip() == mutant.after):
                mutant.why_equivalent = e["why"]
    figures = figure_functions((tree / module).read_text(encoding="utf-8"))
    drawn = Result(f"{module} @figure", tests, 0.0, [m for m in result.mutants if m.function in figures])
    checks = claim_functions((tree / module).read_text(encoding="utf-8"))
    checked = Result(f"{module} claims", tests, 0.0, [m for m in result.mutants if m.function in checks])
    result.mutants = [m for m in result.mutants if m.function not in figures | checks]
    constants = run_constants(tree, module, tests, jobs) if module.startswith("snippets/") and constants_too \
        else Result(f"{module} constants", tests, 0.0)
    for mutant in constants.mutants:
        mutant.why_equivalent = next((e["why"] for e in equivalent if e["file"] == module and e["function"] == mutant.function
                                      and e["before"].strip() == mutant.before and e["after"].strip() == mutant.after), None)
    return ([result] + ([drawn] if figures else []) + ([checked] if checked.mutants else [])
            + ([constants] if constants.mutants else []))


def figure_functions(source: str) -> set[str]:
    """The names of the module's ``@figure`` functions."""
    return {node.name for node in ast.parse(source).body if isinstance(node, ast.FunctionDef)
            and any(isinstance(d, ast.Call) and getattr(d.func, "id", None) == "figure" for d in node.decorator_list)}


def claim_functions(source: str) -> set[str]:
    """The names of the module's functions that its ``CLAIMS`` declarations name: the checks, the
    refutations' worlds and what makes them."""
    tree = ast.parse(source)
    defined = {node.name for node in tree.body if isinstance(node, ast.FunctionDef)}
    named = {node.id for stmt in tree.body if isinstance(stmt, ast.Assign)
             and any(isinstance(t, ast.Name) and t.id == "CLAIMS" for t in stmt.targets)
             for node in ast.walk(stmt.value) if isinstance(node, ast.Name)}
    return defined & named


def table(results: list[Result]) -> str:
    head = f"| {'module':<34} | mutants | killed | equivalent | survived | no tests | score | goal | minutes |"
    rows = [head, "|" + "|".join("-" * len(c) for c in head.split("|")[1:-1]) + "|"]
    for r in results:
        if r.error:
            rows.append(f"| {r.module:<34} | {r.error} |")
            continue
        survived = r.count("survived", "suspicious", "not checked", "skipped") - \
            sum(m.why_equivalent is not None and m.status != "no tests" for m in r.mutants)
        no_tests = r.count("no tests") - sum(m.why_equivalent is not None and m.status == "no tests"
                                             for m in r.mutants)
        score = "-" if r.score is None else f"{100 * r.score:.0f}%"
        goal = (("met" if r.score is not None and r.score >= GOAL else "NOT met") if held_to_goal(r.module)
                else "-")
        rows.append(f"| {r.module:<34} | {len(r.mutants):>7} | {r.killed:>6} | {r.equivalent:>10} | {survived:>8} "
                    f"| {no_tests:>8} | {score:>5} | {goal:<4} | {r.seconds / 60:7.1f} |")
    return "\n".join(rows)


def survivors(results: list[Result]) -> str:
    out = []
    for r in results:
        alive = [m for m in r.mutants if m.status not in ("killed", "timeout", "segfault")]
        if not alive:
            continue
        out.append(f"\n### {r.module} (tests: {', '.join(Path(t).name for t in r.tests)})\n")
        for m in sorted(alive, key=lambda m: (m.why_equivalent is not None, m.line or 0)):
            where = f"{r.module.split()[0]}:{m.line}" if m.line else r.module
            tag = "equivalent" if m.why_equivalent else m.status
            out.append(f"- {where} [{tag}] `{m.before}` -> `{m.after}`  ({m.name})")
            if m.why_equivalent:
                out.append(f"  - why: {m.why_equivalent}")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("modules", nargs="*", help="module files, e.g. snippets/nets.py (default: every module)")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="mutants tested at once")
    ap.add_argument("--report", type=Path, help="also write the report (Markdown) to this file")
    ap.add_argument("--no-constants", action="store_true", help="leave the module-level constants alone")
    args = ap.parse_args(argv)
    chosen = args.modules or modules()
    unknown = [m for m in chosen if m not in modules()]
    if unknown:
        ap.error(f"not a module of snippets/ or lecture_site/: {', '.join(unknown)}")
    equivalent = load_equivalent()
    results = []
    with tempfile.TemporaryDirectory(prefix="mutation-") as tmp:
        tree = Path(tmp) / "tree"
        snapshot(tree)
        for module in chosen:
            print(f"mutating {module} ...", file=sys.stderr, flush=True)
            for r in run_module(tree, module, args.jobs, equivalent, not args.no_constants):
                results.append(r)
                print(f"  {r.module}: {len(r.mutants)} mutants, {r.killed} killed, {r.equivalent} equivalent, "
                      f"{r.seconds:.0f} s{'  ' + r.error if r.error else ''}", file=sys.stderr, flush=True)
    total = sum(r.seconds for r in results) / 60
    report = (f"# Mutation testing (mutmut)\n\nScore = killed / (mutants - equivalent); goal {GOAL:.0%} for every "
              f"lecture module and for {', '.join(sorted(GOAL_MACHINERY))}. {total:.1f} minutes with "
              f"{args.jobs} process{'es' if args.jobs > 1 else ''}.\n\n{table(results)}\n\n"
              f"## Mutants not killed (file:line, the line before -> after)\n{survivors(results)}\n")
    print(report)
    if args.report:
        args.report.write_text(report, encoding="utf-8")
    failing = [r.module for r in results if held_to_goal(r.module) and (r.error or (r.score or 0) < GOAL)]
    return 1 if failing else 0


if __name__ == "__main__":
    sys.exit(main())
