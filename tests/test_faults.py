"""Fault injection: break one thing in a scratch copy and `make test` must fail, naming the file and line.

`make test` meets each fault in one of two places: pytest-codeblocks (code blocks under docs/), or the
strict site build that the suite starts with (everything else). Each test below injects one fault into
a small scratch project and runs that same step, so the message a maintainer would read in CI is what is
checked. The scratch package has no figure modules of its own, so these builds compute only the toys.
"""
from __future__ import annotations

import re
import sys

import pytest

from conftest import first_lines_while_running, run, scratch_build, scratch_package, scratch_site

BROKEN_FIGURE = '''from snippets.figures import figure


@figure("kaput", quick=dict(), full=dict())
def kaput(*, seed):
    return 1 / 0
'''

TOY_FIGURE = '''from snippets.figures import figure
from snippets.style import new_figure


@figure("toy", quick=dict(), full=dict())
def toy(*, seed):
    fig, _ = new_figure()
    return fig, {"train_acc": 0.9}
'''

# A claim that the toy figure's numbers do not support (the lecture's "training fits the data").
BROKEN_CLAIM = '''
from snippets.claims import Claim, Refutation, altered


def _fits(r):
    return r["train_acc"] == 1.0


CLAIMS = (
    Claim("toy-fits", "training fits the data", "The lecture", "", "training fits the data.", "toy",
          "{{ toy.train_acc:.0% }} training accuracy", _fits, threshold="100% training accuracy.",
          refutations=(Refutation("a partial fit", altered({"train_acc": 0.5})),), page="index"),
)
'''


def build(tmp_path, pages, notebooks=None, modules=None):
    package = scratch_package(tmp_path, modules)
    config = scratch_site(tmp_path, pages, notebooks, package)
    proc = scratch_build(config, tmp_path / "site", package, tmp_path / "cache")
    assert proc.returncode != 0, "the broken scratch site built without an error"
    return proc.stderr


def test_broken_code_block_names_page_and_line(tmp_path):
    page = tmp_path / "docs" / "page.md"
    page.parent.mkdir()
    page.write_text("# T\n\n```python\nx = 1\n```\n\nThen:\n\n```python\nimport math\nmath.sqrt(-1)\n```\n")
    proc = run([sys.executable, "-m", "pytest", "--codeblocks", "-p", "no:cacheprovider", "-q", "docs/page.md"],
               cwd=tmp_path)
    assert proc.returncode == 1, proc.stdout[-2000:]
    # pytest-codeblocks names the line of the block's opening fence
    assert "FAILED docs/page.md::line 9" in proc.stdout and "math domain error" in proc.stdout


def test_broken_figure_function_names_the_figure_and_line(tmp_path):
    stderr = build(tmp_path, {"index.md": "# Hi\n"}, modules={"kaput.py": BROKEN_FIGURE})
    assert "figure 'kaput' failed at snippets/kaput.py:6 in kaput: ZeroDivisionError" in stderr


def test_broken_link_names_page_and_line(tmp_path):
    stderr = build(tmp_path, {"index.md": "# Hi\n\nSee [the other page](nowhere.md).\n"})
    assert "docs/index.md:3: link 'nowhere.md' points to 'nowhere.md'" in stderr


def test_broken_notebook_cell_names_the_notebook_and_line(tmp_path):
    notebook = "# %% [markdown]\n# # Broken\n\n# %%\nx = 1\n\n# %%\nraise ValueError('cell failed on purpose')\n"
    stderr = build(tmp_path, {"index.md": "# Hi\n"}, {"broken.py": notebook})
    assert "docs/notebooks/broken.py:8: ValueError: cell failed on purpose" in stderr


@pytest.mark.parametrize("markdown, message", [
    ("# A bad formula $\\frac{1}{$ here.", "docs/notebooks/bad.py:3: cannot typeset '\\\\frac{1}{'"),
    ("# <style>.jp-Cell{color:red</style>", "docs/notebooks/bad.py: the notebook page's CSS does not parse"),
])
def test_bad_notebook_markdown_names_the_notebook(tmp_path, markdown, message):
    notebook = f"# %% [markdown]\n# # Bad\n{markdown}\n\n# %%\nx = 1\n"
    stderr = build(tmp_path, {"index.md": "# Hi\n"}, {"bad.py": notebook})
    assert message in stderr, stderr[-2000:]
    assert "Traceback" not in stderr


def test_broken_formula_names_page_and_line(tmp_path):
    stderr = build(tmp_path, {"index.md": "# Hi\n\nFine \\(x^2\\), but\nbroken \\(\\frac{1}{\\) here.\n"})
    assert "docs/index.md:4: cannot typeset '\\\\frac{1}{'" in stderr


def test_unsupported_claim_names_page_line_and_figure(tmp_path):
    package = scratch_package(tmp_path, {"toy.py": TOY_FIGURE + BROKEN_CLAIM})
    config = scratch_site(tmp_path, {"index.md": "# Hi\n\n[[claim toy-fits]]\n"}, package=package)
    proc = scratch_build(config, tmp_path / "site", package, tmp_path / "cache")
    assert proc.returncode != 0
    assert ("docs/index.md:3: claim 'toy-fits' (The lecture) is no longer supported by the results of "
            "figure 'toy'") in proc.stderr


SLOW_FIGURE = """import time
from snippets.figures import figure
from snippets.style import new_figure


@figure("slow", quick=dict(), full=dict())
def slow(*, seed):
    time.sleep(60)
    return new_figure()[0], {}
"""


def test_a_cold_build_shows_each_figure_as_it_ends(tmp_path):
    """The hook passes the figure lines on while the build runs, not all at once at its end."""
    package = scratch_package(tmp_path, {"toy.py": TOY_FIGURE, "slow.py": SLOW_FIGURE})
    config = scratch_site(tmp_path, {"index.md": "# Hi\n"}, package=package)
    lines = first_lines_while_running(
        [sys.executable, "-m", "properdocs", "build", "--strict", "-f", str(config), "-d", str(tmp_path / "site")],
        package.parent, {"PYTHONPATH": str(package.parent), "SNIPPETS_CACHE": str(tmp_path / "cache")},
        until="figures: toy ")
    assert re.search(r"figures: toy +built +[0-9.]+ s  \[1/2\]$", lines[-1]), lines


def test_broken_explorable_figure_names_page_line_and_path(tmp_path):
    """An explorer whose readout names a result the figure does not have fails the build, not the reader."""
    sweep = TOY_FIGURE.replace('{"train_acc": 0.9}', '{"p": [0.0, 0.5, 1.0], "err": [0.1, 0.2, 0.3]}')
    page = ('# Hi\n\n![toy](figures/toy.svg)\n\n<div class="explore" data-figure="toy" data-x="p" data-panels="0"\n'
            '     data-label="p" data-value="p = {p:.1f}" data-readout="error {error:.1%}"></div>\n')
    stderr = build(tmp_path, {"index.md": page}, modules={"toy.py": sweep})
    assert "docs/index.md:5: data-readout field '{error:.1%}': no number at 'error' for value 1 of 3" in stderr
    assert "Traceback" not in stderr
