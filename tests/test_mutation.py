"""The mutation-testing script (tests/mutation.py, `make mutation`) on a toy module whose mutants are
known: the counts, the score, where each survivor is, and equivalent mutants matched by their line."""
from __future__ import annotations

import shutil
import sys
from pathlib import Path

from conftest import REPO

sys.path.insert(0, str(REPO / "tests"))
import mutation  # noqa: E402  -- tests/mutation.py, a script beside this file

TOY = '''def clip(x, top):
    """x, at most top."""
    if x > top:
        return top
    return x


def unused(x):
    return x + 1


def double(x):
    return 2 * x
'''
TOY_TEST = '''from snippets.toy import clip, double


def test_clip():
    assert clip(5, 3) == 3 and clip(1, 3) == 1


def test_double():
    assert double(3) == 6
'''


def test_a_toy_module_gets_the_counts_and_lines_of_its_mutants(tmp_path):
    tree = tmp_path / "tree"
    (tree / "snippets").mkdir(parents=True)
    (tree / "lecture_site").mkdir()
    (tree / "tests").mkdir()
    (tree / "snippets" / "__init__.py").write_text("")
    (tree / "lecture_site" / "__init__.py").write_text("")
    (tree / "snippets" / "toy.py").write_text(TOY)
    (tree / "tests" / "test_toy.py").write_text(TOY_TEST)
    shutil.copy(REPO / "tests" / "conftest.py", tree / "tests" / "conftest.py")
    assert mutation.tests_for("snippets/toy.py", tree) == ["tests/test_toy.py"]
    equivalent = [{"file": "snippets/toy.py", "before": "if x > top:", "after": "if x >= top:",
                   "why": "at x == top both branches return the same value"}]
    result = mutation.run_module(tree, "snippets/toy.py", 1, equivalent)
    assert not result.error, result.error
    # clip: `x > top` -> `x >= top` (equivalent); unused: reached by no test; double: killed
    unused = [m for m in result.mutants if "unused" in m.name]
    assert unused and all(m.status == "no tests" and m.line == 9 for m in unused)
    (boundary,) = [m for m in result.mutants if m.after == "if x >= top:"]
    assert boundary.line == 3 and boundary.why_equivalent and boundary.status == "survived"
    killed = [m for m in result.mutants if m.status == "killed"]
    assert killed and all("double" in m.name for m in killed) and result.killed == len(killed)
    assert result.score == len(killed) / (len(result.mutants) - 1)
    report = mutation.table([result]) + mutation.survivors([result])
    assert "snippets/toy.py:3 [equivalent] `if x > top:` -> `if x >= top:`" in report
    assert "snippets/toy.py:9 [no tests]" in report
