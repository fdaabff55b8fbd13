"""A page as a notebook, and the line of a notebook cell that raised: small exact cases, no kernel.

(tests/test_notebooks.py converts and runs the real pages, with the built site.)
"""
from __future__ import annotations

import json

import pytest

from lecture_site.notebook import failing_line, page_to_notebook

BASE, PAGE = "https://x.org/site/", "https://x.org/site/t/"
REQUIREMENT = "snippets @ git+https://github.com/o/n@abc123"
INTRO_INSTALLING = (f"This notebook is [a page]({PAGE}) of *Deep learning theory: executable notes*. Its code needs "
                    "the `snippets` package of the notes, at the commit that built this notebook: the next cell "
                    "installs it (PyTorch, which Colab has, is kept).")
INTRO_CHECKOUT = (f"This notebook is [a page]({PAGE}) of *Deep learning theory: executable notes*. Its code needs "
                  "the `snippets` package of the notes: in a checkout of the repository, install it with `pip "
                  "install --extra-index-url https://download.pytorch.org/whl/cpu -c requirements.txt -e .` and use "
                  "that Python as the kernel.")


def cells(page: str, requirement: str | None = None) -> list[tuple[str, str]]:
    nb = json.loads(page_to_notebook(page, BASE, PAGE, requirement))
    return [(c["cell_type"], "".join(c["source"])) for c in nb["cells"]]


def test_the_intro_follows_the_title_and_says_how_to_get_the_package():
    page = "# T\n\nProse.\n\n```python\nx = 1\n```\n"
    assert cells(page) == [("markdown", "# T\n\nProse."), ("markdown", INTRO_CHECKOUT), ("code", "x = 1")]


def test_with_a_requirement_the_second_cell_installs_that_commit():
    page = "# T\n\nProse.\n\n```python\nx = 1\n```\n"
    assert cells(page, REQUIREMENT) == [("markdown", "# T\n\nProse."), ("markdown", INTRO_INSTALLING),
                                        ("code", f'%pip install --quiet "{REQUIREMENT}"'), ("code", "x = 1")]


def test_a_page_that_starts_with_code_gets_the_intro_first():
    page = "```python\nx = 1\n```\n\n# Later\n"
    assert cells(page) == [("markdown", INTRO_CHECKOUT), ("code", "x = 1"), ("markdown", "# Later")]
    assert cells(page, REQUIREMENT)[:3] == [("markdown", INTRO_INSTALLING),
                                            ("code", f'%pip install --quiet "{REQUIREMENT}"'), ("code", "x = 1")]


def test_a_title_followed_by_code_keeps_the_intro_under_the_title():
    page = "# T\n\n```python\nx = 1\n```\n"
    assert cells(page) == [("markdown", "# T"), ("markdown", INTRO_CHECKOUT), ("code", "x = 1")]


def test_an_empty_page_is_the_intro_alone():
    assert cells("") == [("markdown", INTRO_CHECKOUT)]
    assert cells("", REQUIREMENT) == [("markdown", INTRO_INSTALLING),
                                      ("code", f'%pip install --quiet "{REQUIREMENT}"')]


def test_the_page_is_read_as_markdown_whatever_it_looks_like():
    """Prose with no heading, and text that would pass for a script, stay prose."""
    assert cells("Some prose.\n")[0] == ("markdown", "Some prose.")
    assert cells("x = 1\n\n# %%\ny = 2\n")[0] == ("markdown", "x = 1\n\n# %%\ny = 2")


def test_a_collapsed_block_becomes_a_bold_title_and_its_unindented_content():
    page = ('# T\n\n??? example "Solution"\n    Try it:\n\n    ```python\n    print(2)\n    ```\n\n'
            "???+ note\n    Plain.\n")
    assert cells(page) == [("markdown", "# T\n\n**Solution**\n\nTry it:"), ("markdown", INTRO_CHECKOUT),
                           ("code", "print(2)"), ("markdown", "**Details**\n\nPlain.")]


def test_the_notebook_says_it_is_python():
    nb = json.loads(page_to_notebook("# T\n", BASE, PAGE))
    assert nb["metadata"] == {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
                              "language_info": {"name": "python"}}


# nbclient's CellExecutionError: the cell between dashed rules, then IPython's coloured traceback
RULE = "------------------"


def error(cell: str, *lines: int) -> Exception:
    frames = "".join(f"\x1b[0;31mZeroDivisionError\x1b[0m\nCell \x1b[0;32mIn[3], line {n}\x1b[0m\n" for n in lines)
    return RuntimeError(f"An error occurred while executing the following cell:\n{RULE}\n{cell}\n{RULE}\n\n"
                        f"{frames}ZeroDivisionError: division by zero\n")


SCRIPT = "# %%\nimport math\n\n# %%\nx = 1\ny = x / 0\n"


def test_the_failing_line_is_the_cells_start_plus_the_line_in_the_cell():
    assert failing_line(error("x = 1\ny = x / 0", 2), SCRIPT) == 6


def test_the_innermost_frame_of_the_cell_gives_the_line():
    script = "# %%\ndef f():\n    return 1 / 0\ndef g():\n    return f()\ng()\n"
    assert failing_line(error("def f():\n    return 1 / 0\ndef g():\n    return f()\ng()", 5, 4, 2), script) == 3


def test_without_a_line_in_the_traceback_the_cells_first_line():
    assert failing_line(error("x = 1\ny = x / 0"), SCRIPT) == 5


def test_a_cell_at_the_very_start_and_after_a_blank_first_line():
    assert failing_line(error("y = 1 / 0", 1), "y = 1 / 0\n") == 1
    assert failing_line(error("y = 1 / 0", 1), "\n# %%\ny = 1 / 0\n") == 3


def test_a_cell_that_starts_with_a_blank_line_keeps_it():
    script = "# %%\n  \ny = 1 / 0\n"
    assert failing_line(error("  \ny = 1 / 0", 2), script) == 3


@pytest.mark.parametrize("message", ["no rules at all", f"one {RULE} rule", f"{RULE}\n\n{RULE}\nempty cell"])
def test_no_line_when_the_message_has_no_cell(message):
    assert failing_line(RuntimeError(message), SCRIPT) is None


def test_no_line_when_the_cell_is_not_in_the_script():
    assert failing_line(error("z = 2 / 0", 1), SCRIPT) is None
