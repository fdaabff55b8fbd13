"""Exercise solutions say only what their code shows.

A solution's prose describes what its code prints; pytest-codeblocks runs the code, but a block that only
prints checks nothing, so the prose could say the opposite of the output and every test would pass (it
happened: "most width-8 runs go far lower", "any lambda > 0 ... the test error collapses"). So every
Python block inside a ``??? success "Solution"`` admonition must assert something about what it computed:
an ``assert`` whose condition reads a name the block assigned. What the prose states is then what the
assertion checks (CONTRIBUTING, "An exercise").
"""
from __future__ import annotations

import ast
import re
import textwrap
from pathlib import Path

import pytest

from conftest import REPO

SOLUTION = re.compile(r'^(\s*)\?\?\?\+?\s+\w+\s+"Solution')
FENCE = re.compile(r"^\s*```python\s*$")


def solution_blocks(text: str) -> list[tuple[int, str]]:
    """(line, source) of every Python block inside a solution admonition of a Markdown page."""
    lines, blocks, i = text.splitlines(), [], 0
    while i < len(lines):
        m = SOLUTION.match(lines[i])
        i += 1
        if not m:
            continue
        indent = len(m.group(1))
        block = None
        while i < len(lines) and (not lines[i].strip() or len(lines[i]) - len(lines[i].lstrip()) > indent):
            if block is None and FENCE.match(lines[i]):
                block = (i + 2, [])
            elif block is not None and lines[i].strip() == "```":
                blocks.append((block[0], textwrap.dedent("\n".join(block[1]))))
                block = None
            elif block is not None:
                block[1].append(lines[i])
            i += 1
    return blocks


def checked_names(source: str) -> set[str]:
    """The names that the block's assertions read and that the block itself assigned (an assertion on
    constants alone, such as ``assert 1 == 1``, checks nothing)."""
    tree = ast.parse(source)
    assigned = {node.id for node in ast.walk(tree) if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store)}
    read = {node.id for a in ast.walk(tree) if isinstance(a, ast.Assert)
            for node in ast.walk(a.test) if isinstance(node, ast.Name)}
    return read & assigned


PAGES = sorted((REPO / "docs").glob("*.md"))
BLOCKS = [(page, line, source) for page in PAGES for line, source in solution_blocks(page.read_text(encoding="utf-8"))]


@pytest.mark.parametrize("page, line, source", BLOCKS, ids=[f"{p.name}:{n}" for p, n, _ in BLOCKS])
def test_every_solution_block_asserts_what_it_computed(page: Path, line: int, source: str):
    assert checked_names(source), (
        f"docs/{page.name}:{line}: this solution's code asserts nothing about what it computed; add an "
        "assert of what the solution's prose says about its output (see CONTRIBUTING, 'An exercise')")


def test_the_pages_have_solutions_to_check():
    assert len(BLOCKS) >= 15 and len({page for page, _, _ in BLOCKS}) >= 8


def test_the_reader_finds_solution_blocks_and_tells_real_assertions_from_empty_ones():
    page = textwrap.dedent('''\
        1. **An exercise.**

            ??? success "Solution"
                Prose.

                ```python
                x = 1 + 1
                print(x)
                ```

                ```python
                y = 2
                assert y == 2
                ```

        ```python
        outside = 1
        ```

        ??? note "Not a solution"
            ```python
            z = 3
            ```
        ''')
    blocks = solution_blocks(page)
    assert [line for line, _ in blocks] == [7, 12]
    assert blocks[0][1] == "x = 1 + 1\nprint(x)"
    assert checked_names(blocks[0][1]) == set() and checked_names(blocks[1][1]) == {"y"}
    assert checked_names("assert 1 == 1") == set() and checked_names("import math\nassert math.pi > 3") == set()
    assert checked_names("for v in [1]:\n    assert v") == {"v"}
