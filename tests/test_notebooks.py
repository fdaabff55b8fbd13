"""Every lecture page is also a notebook; each one runs top to bottom in a fresh kernel.

The notebook is made from the page at build time, so the two cannot drift apart; this test makes sure
the notebook a reader downloads actually runs.
"""
import json
import re

import nbclient
import nbformat
import pytest
from pytest_codeblocks import extract_from_file

from conftest import REPO
from lecture_site.notebook import page_to_notebook

LECTURE_PAGES = sorted(p.stem for p in (REPO / "docs").glob("*.md")
                       if "\n```python\n" in p.read_text(encoding="utf-8"))


def _lines(code: str) -> list[str]:
    """Code without blank lines (pytest-codeblocks drops them inside indented blocks)."""
    return [line for line in code.splitlines() if line.strip()]


def test_there_are_lecture_pages():
    assert {"networks", "training", "representation"} <= set(LECTURE_PAGES)


@pytest.mark.parametrize("page", LECTURE_PAGES)
def test_page_notebook_has_the_pages_code_and_runs(built_site, page):
    path = built_site / page / f"{page}.ipynb"
    nb = nbformat.read(path, as_version=4)
    code = [_lines(c.source) for c in nb.cells if c.cell_type == "code"]
    blocks = [_lines(b.code) for b in extract_from_file(REPO / "docs" / f"{page}.md") if b.syntax == "python"]
    assert code == blocks, f"{page}: the notebook's code cells differ from the page's code blocks"
    prose = "".join(c.source for c in nb.cells if c.cell_type == "markdown")
    assert "{{" not in prose and "\\(" not in prose and "<figure" not in prose
    assert f'href="{page}.ipynb"' in (built_site / page / "index.html").read_text()
    nbclient.NotebookClient(nb, timeout=600, kernel_name="python3",
                            resources={"metadata": {"path": str(REPO)}}).execute()
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    assert any(o.output_type == "stream" for o in outputs)


def test_conversion_rewrites_figures_links_and_math():
    page = ("# T\n\nSee \\(x^2\\) and [home](index.md), [nets](networks.md#layers).\n\n\\[\ny = 1\n\\]\n\n"
            "<figure markdown>\n![alt](figures/a.svg)\n<figcaption markdown>A caption.\n"
            "[time](figures/timings.json){: .figure-time data-figure=\"a\" } "
            "[Data](figures/a.json).</figcaption>\n</figure>\n\n<!--pytest-codeblocks:skip-->\n"
            "```python\nprint(1)\n```\n")
    nb = json.loads(page_to_notebook(page, "https://x.org/site/", "https://x.org/site/t/"))
    text = "".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    assert "$x^2$" in text and "$$\ny = 1\n$$" in text
    assert "(https://x.org/site/)" in text and "(https://x.org/site/networks/#layers)" in text
    assert "![alt](https://x.org/site/figures/a.svg)" in text
    assert ("*A caption. [time](https://x.org/site/figures/timings.json) [Data](https://x.org/site/figures/a.json).*"
            in text), "attr_list attributes after a link must not reach the notebook"
    assert "pytest-codeblocks" not in text
    assert ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"] == ["print(1)"]
    assert nb["metadata"]["kernelspec"]["name"] == "python3"
    with pytest.raises(ValueError, match="must end with '/'"):
        page_to_notebook(page, "https://x.org/site", "x")
    assert re.search(r"\[a page\]\(https://x.org/site/t/\)", text)


def test_conversion_is_reproducible():
    """Cell ids are numbered, not random: the same page gives the same .ipynb bytes in every build."""
    page = "# T\n\nSome prose.\n\n```python\nprint(1)\n```\n"
    first = page_to_notebook(page, "https://x.org/", "https://x.org/t/")
    assert first == page_to_notebook(page, "https://x.org/", "https://x.org/t/")
    assert [c["id"] for c in json.loads(first)["cells"]] == ["cell-0", "cell-1", "cell-2"]


def test_executed_notebook_html_is_made_deterministic():
    """Random cell ids and stdout split by the kernel's flush timing would change the page every build."""
    from lecture_site.mkdocs_hook import _deterministic_notebook

    def output(text):
        return ('<div class="jp-OutputArea-child">\n<div class="jp-OutputPrompt jp-OutputArea-prompt"></div>\n'
                '<div class="jp-RenderedText jp-OutputArea-output" data-mime-type="text/plain" tabindex="0">\n'
                f"<pre>{text}</pre>\n</div>\n</div>\n")
    split = ('<div class="jp-Cell" id="cell-id=3f2a9c1d">' + output("a\nb\n") + output("c\n") + "</div>"
             '<div class="jp-Cell" id="cell-id=77e0b2aa">' + output("d\n") + "</div>")
    whole = ('<div class="jp-Cell" id="cell-id=0b1c2d3e">' + output("a\nb\nc\n") + "</div>"
             '<div class="jp-Cell" id="cell-id=9a8b7c6d">' + output("d\n") + "</div>")
    assert _deterministic_notebook(split) == _deterministic_notebook(whole)
    assert 'id="cell-id=cell-0"' in _deterministic_notebook(split)
    assert _deterministic_notebook(split).count("<pre>") == 2  # outputs of different cells stay apart
