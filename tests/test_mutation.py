"""The mutation-testing script (tests/mutation.py, `make mutation`) on a toy module whose mutants are
known: the counts, the score, where each survivor is, decorated and figure functions mutated too, and
equivalent mutants matched by their function and line."""
from __future__ import annotations

import shutil
import sys
from pathlib import Path

from conftest import REPO

sys.path.insert(0, str(REPO / "tests"))
import mutation  # noqa: E402  -- tests/mutation.py, a script beside this file

TOY = '''from snippets.claims import CONSTRUCTION, Claim
from snippets.figures import figure


def clip(x, top):
    """x, at most top."""
    if x > top:
        return top
    return x


def unused(x):
    return x + 1


def double(x):
    return 2 * x


def _same(fn):
    return fn


@_same
def triple(x):
    return 3 * x


@figure("toy", seed=0, quick=dict(k=2),
        full=dict(k=3))
def toy_figure(*, seed, k):
    return None, {"k": k + 1}


def clip_again(x, top):
    if x > top:
        return top
    return x


def _big(r):
    return r["k"] > 2


CLAIMS = (Claim("toy-big", "big", "S", "", "st", "toy", "ours", _big, kind=CONSTRUCTION, threshold="x"),)
'''
TOY_TEST = '''from snippets.toy import _big, clip, clip_again, double, toy_figure, triple


def test_big_at_its_threshold():
    assert _big({"k": 3}) and not _big({"k": 2})


def test_clip():
    assert clip(5, 3) == 3 and clip(1, 3) == 1


def test_double():
    assert double(3) == 6


def test_decorated():
    assert triple(2) == 6 and toy_figure(seed=0, k=2)[1] == {"k": 3}


def test_clip_again():
    assert clip_again(5, 3) == 3 and clip_again(1, 3) == 1
'''


def test_a_toy_module_gets_the_counts_and_lines_of_its_mutants(tmp_path):
    tree = tmp_path / "tree"
    (tree / "snippets").mkdir(parents=True)
    (tree / "lecture_site").mkdir()
    (tree / "tests").mkdir()
    (tree / "snippets" / "__init__.py").write_text("")
    (tree / "lecture_site" / "__init__.py").write_text("")
    (tree / "snippets" / "toy.py").write_text(TOY)
    shutil.copy(REPO / "snippets" / "figures.py", tree / "snippets" / "figures.py")
    shutil.copy(REPO / "snippets" / "claims.py", tree / "snippets" / "claims.py")
    (tree / "tests" / "test_toy.py").write_text(TOY_TEST)
    shutil.copy(REPO / "tests" / "conftest.py", tree / "tests" / "conftest.py")
    assert mutation.tests_for("snippets/toy.py", tree) == ["tests/test_toy.py"]
    equivalent = [{"file": "snippets/toy.py", "function": "clip", "before": "if x > top:", "after": "if x >= top:",
                   "why": "at x == top both branches return the same value"}]
    result, drawn, checked = mutation.run_module(tree, "snippets/toy.py", 1, equivalent)
    assert not result.error, result.error
    # clip: `x > top` -> `x >= top` (equivalent); unused: reached by no test; double, triple: killed
    unused = [m for m in result.mutants if "unused" in m.name]
    assert unused and all(m.status == "no tests" and m.line == 13 for m in unused)
    (boundary,) = [m for m in result.mutants if m.after == "if x >= top:" and m.function == "clip"]
    assert boundary.line == 7 and boundary.why_equivalent and boundary.status == "survived"
    # the same line and mutant in another function is not excused by clip's entry
    (again,) = [m for m in result.mutants if m.after == "if x >= top:" and m.function == "clip_again"]
    assert again.line == 36 and again.why_equivalent is None and again.status == "survived"
    killed = [m for m in result.mutants if m.status == "killed"]
    assert {m.function for m in killed} == {"double", "triple"} and result.killed == len(killed)
    assert result.score == len(killed) / (len(result.mutants) - 1)
    # the @figure function is mutated and reported on a row of its own
    assert drawn.module == "snippets/toy.py @figure" and drawn.mutants
    assert {m.function for m in drawn.mutants} == {"toy_figure"} and drawn.killed == len(drawn.mutants)
    # the claim's check is mutated and reported on a row of its own: `>` -> `>=` and `2` -> `3` are killed
    assert checked.module == "snippets/toy.py claims" and checked.mutants
    assert {m.function for m in checked.mutants} == {"_big"} and checked.killed == len(checked.mutants)
    report = mutation.table([result, drawn, checked]) + mutation.survivors([result, drawn, checked])
    assert "snippets/toy.py:7 [equivalent] `if x > top:` -> `if x >= top:`" in report
    assert "snippets/toy.py:36 [survived] `if x > top:` -> `if x >= top:`" in report
    assert "snippets/toy.py:13 [no tests]" in report
    assert "| snippets/toy.py @figure" in report and "| snippets/toy.py claims" in report


def test_undecorate_keeps_every_line_number_and_applies_decorators_bottom_up():
    source = ("import functools\n\n\ndef a(fn):\n    fn.order = getattr(fn, 'order', '') + 'a'\n    return fn\n\n\n"
              "def b(fn):\n    fn.order = getattr(fn, 'order', '') + 'b'\n    return fn\n\n\n"
              "@a\n@b\ndef f():\n    return 1\n\n\nclass C:\n    @property\n    def p(self):\n        return 2\n\n"
              "    @staticmethod\n    def s():\n        return 3\n")
    out = mutation.undecorate(source)
    lines, new = source.splitlines(), out.splitlines()
    assert all(new[i] == lines[i] or new[i].strip() == "# " + lines[i].strip() for i in range(len(lines)))
    assert new[13].strip() == "# @a" and new[20].strip() == "# @property" and new[24].strip() == "@staticmethod"
    plain, decorated = {}, {}
    exec(source, decorated)
    exec(out, plain)
    assert plain["f"].order == decorated["f"].order == "ba"
    assert plain["C"]().p == decorated["C"]().p == 2 and plain["C"].s() == 3


def test_constant_mutants_move_numbers_change_strings_and_drop_an_element():
    source = ('"""Doc."""\nGADGET = ((1, 0), (0, 1))\nRATE: float = 0.5\nFLAG = True\nNAME = "x"\n'
              'lower = 3\n\n\ndef f():\n    LOCAL = 1\n    return LOCAL\n\n\nCLAIMS = (f, "prose", 0.5)\n')
    found = {(line, name, mutated.splitlines()[line - 1]) for line, name, mutated in mutation.constant_mutants(source)}
    assert found == {(2, "GADGET", "GADGET = ((0, 1),)"), (2, "GADGET", "GADGET = ((2, 0), (0, 1))"),
                     (2, "GADGET", "GADGET = ((1, 1), (0, 1))"), (2, "GADGET", "GADGET = ((1, 0), (1, 1))"),
                     (2, "GADGET", "GADGET = ((1, 0), (0, 2))"), (3, "RATE", "RATE: float = 1.5"),
                     (4, "FLAG", "FLAG = False"), (5, "NAME", "NAME = 'XXxXX'")}
    for _, _, mutated in mutation.constant_mutants(source):
        compile(mutated, "mutant", "exec")  # every mutant is Python


def test_constants_are_scored_against_the_module_tests(tmp_path):
    tree = tmp_path / "tree"
    for d in ("snippets", "lecture_site", "tests"):
        (tree / d).mkdir(parents=True)
        (tree / d / "__init__.py").write_text("")
    (tree / "snippets" / "consts.py").write_text("LIMIT = 3\nUNUSED = 7\n\n\ndef limit():\n    return LIMIT\n")
    (tree / "tests" / "test_consts.py").write_text("from snippets.consts import limit\n\n\n"
                                                   "def test_limit():\n    assert limit() == 3\n")
    shutil.copy(REPO / "tests" / "conftest.py", tree / "tests" / "conftest.py")
    result = mutation.run_constants(tree, "snippets/consts.py", ["tests/test_consts.py"], 2)
    assert result.module == "snippets/consts.py constants"
    assert {(m.function, m.line, m.before, m.after, m.status) for m in result.mutants} == {
        ("LIMIT", 1, "LIMIT = 3", "LIMIT = 4", "killed"), ("UNUSED", 2, "UNUSED = 7", "UNUSED = 8", "survived")}
    assert (tree / "snippets" / "consts.py").read_text().startswith("LIMIT = 3\n")  # restored
    assert not list(tmp_path.glob("constants-*"))  # the copies are gone
