"""A lecture page as a Jupyter notebook: its prose becomes Markdown cells, its ```python blocks code cells.

The page's Markdown is converted with jupytext after three adjustments that a notebook needs: figures and
relative links point at the published site (the notebook is downloaded on its own), ``\\( .. \\)`` and
``\\[ .. \\]`` become ``$ .. $`` and ``$$ .. $$`` (what Jupyter renders), and HTML comments (markers
for the test runner) are dropped. Placeholders must be filled before: this module does not know the
figures' results.
"""
from __future__ import annotations

import re
import textwrap

import jupytext
import nbformat

FIGURE = re.compile(r"<figure markdown>\s*(?P<image>!\[[^\]]*\]\([^)]+\))\s*<figcaption markdown>"
                    r"(?P<caption>.*?)</figcaption>\s*</figure>", re.S)
LINK = re.compile(r"(\]\()(?!https?://|#|mailto:)([^)\s]+)(\))")
INLINE_MATH = re.compile(r"\\\((.+?)\\\)", re.S)
DISPLAY_MATH = re.compile(r"\\\[(.+?)\\\]", re.S)
# a collapsed block (pymdownx.details), e.g. an exercise's solution: its content is indented under it
DETAILS = re.compile(r'^(?P<indent>[ ]*)\?\?\?\+? *\w+(?: +"(?P<title>[^"]*)")?\n'
                     r"(?P<body>(?:(?P=indent)    .*\n|[ \t]*\n)+)", re.M)
COMMENT = re.compile(r"<!--.*?-->\n?", re.S)
LINK_ATTRIBUTES = re.compile(r"(\]\([^)\s]+\))\{:?[^}\n]*\}")  # [text](url){: .class }: Jupyter has no attr_list
KERNEL = {"display_name": "Python 3", "language": "python", "name": "python3"}


def _absolute(target: str, base_url: str) -> str:
    """networks.md -> BASE/networks/, figures/x.svg -> BASE/figures/x.svg, keeping any #anchor."""
    path, _, anchor = target.partition("#")
    if path.endswith(".md"):
        path = "" if path == "index.md" else path[: -len(".md")] + "/"
    return base_url + path + (f"#{anchor}" if anchor else "")


def _prose(text: str, base_url: str) -> str:
    text = FIGURE.sub(lambda m: f"{m['image']}\n\n*{' '.join(m['caption'].split())}*", text)
    text = LINK.sub(lambda m: m[1] + _absolute(m[2], base_url) + m[3], LINK_ATTRIBUTES.sub(r"\1", text))
    text = DISPLAY_MATH.sub(lambda m: f"$${m[1]}$$", text)
    return INLINE_MATH.sub(lambda m: f"${m[1].strip()}$", text)


def page_to_notebook(markdown: str, base_url: str, page_url: str, requirement: str | None = None) -> str:
    """The page as .ipynb text; ``base_url`` (ending in /) is where the site is published. ``requirement``
    (``snippets @ git+https://github.com/OWNER/NAME@COMMIT``, when the repository is known) becomes the
    notebook's first code cell, which installs exactly the commit that built it: "Run all" in Colab works."""
    if not base_url.endswith("/"):
        raise ValueError(f"base_url must end with '/', got {base_url!r}")
    markdown = DETAILS.sub(lambda m: f"**{m['title'] or 'Details'}**\n\n{textwrap.dedent(m['body'])}",
                           COMMENT.sub("", markdown))
    nb = jupytext.reads(markdown, fmt="md")
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = _prose(cell.source, base_url)
    intro = (f"This notebook is [a page]({page_url}) of *Deep learning theory: executable notes*. "
             + ("Its code needs the `snippets` package of the notes, at the commit that built this notebook: "
                "the next cell installs it (PyTorch, which Colab has, is kept)." if requirement else
                "Its code needs the `snippets` package of the notes: in a checkout of the repository, install "
                "it with `pip install --extra-index-url https://download.pytorch.org/whl/cpu -c requirements.txt "
                "-e .` and use that Python as the kernel."))
    nb = installing(nb, requirement, intro)
    nb.metadata = {"kernelspec": KERNEL, "language_info": {"name": "python"}}
    return to_ipynb(nb)


def installing(nb: nbformat.NotebookNode, requirement: str | None, intro: str | None = None):
    """``nb`` with, after its title cell, the ``intro`` text and a cell that installs ``requirement`` (the
    commit that built the site), so that a notebook opened in Colab runs: every notebook the site offers
    gets it, the pages' and the hand-written ones alike."""
    first = 1 if nb.cells and nb.cells[0].cell_type == "markdown" else 0
    added = [nbformat.v4.new_markdown_cell(intro)] if intro else []
    if requirement:
        added.append(nbformat.v4.new_code_cell(f'%pip install --quiet "{requirement}"'))
    nb.cells[first:first] = added
    return nb


HANDWRITTEN_INTRO = ("This notebook is part of *Deep learning theory: executable notes*. Its code needs the "
                     "`snippets` package of the notes, at the commit that built this notebook: the next cell "
                     "installs it (PyTorch, which Colab has, is kept).")


def to_ipynb(nb: nbformat.NotebookNode) -> str:
    """The notebook as .ipynb text with its cells numbered: nbformat's default cell ids are random, and
    a build must give the same bytes every time."""
    for i, cell in enumerate(nb.cells):
        cell.id = f"cell-{i}"
    return jupytext.writes(nb, fmt="ipynb")


ANSI = re.compile(r"\x1b\[[0-9;]*m")
CELL_LINE = re.compile(r"Cell In\[\d+\], line (\d+)")


def failing_line(error: Exception, script: str) -> int | None:
    """The line of a percent-format notebook ``script`` where the cell that raised ``error`` (nbclient's
    CellExecutionError, whose message quotes the cell between dashed rules) failed, when it can be found."""
    parts = str(error).split("------------------")
    if len(parts) < 3:
        return None
    cell = parts[1].strip("\n")
    at = script.find(cell) if cell else -1
    if at < 0:
        return None
    within = CELL_LINE.findall(ANSI.sub("", str(error)))
    return script.count("\n", 0, at) + (int(within[-1]) if within else 1)
