"""Every Python block in docs/ is collected by pytest-codeblocks, and none is skipped without reason.

pytest-codeblocks runs a fence only when its info string is exactly ``python``: it silently ignores
```` ```py ````, ```` ```python title="x" ````, ```` ```python linenums="1" ````, ``~~~python`` and
```` ```{.python} ````. Such a block would look tested on the page and never run.
"""
import re
from pathlib import Path

from pytest_codeblocks import extract_from_file

from conftest import REPO

DOCS = REPO / "docs"
FENCE = re.compile(r"^\s*(`{3,}|~{3,})\s*(.*?)\s*$")
PYTHONISH = re.compile(r"^\{?\.?(py|python|python3|pycon|ipython3?)\b", re.IGNORECASE)
SKIP = re.compile(r"<!--[-\s]*(pytest\.mark\.skip\w*|pytest-codeblocks:skip\w*)(.*?)-->")


def fences(path: Path):
    """(line, fence characters, info string) of every opening fence in a Markdown file."""
    out, open_fence = [], None
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        m = FENCE.match(line)
        if not m:
            continue
        if open_fence is None:
            open_fence = m.group(1)
            out.append((n, m.group(1), m.group(2)))
        elif m.group(1)[0] == open_fence[0] and len(m.group(1)) >= len(open_fence) and not m.group(2):
            open_fence = None
    return out


def uncollected(page: Path) -> list[str]:
    """Fences that hold Python but that pytest-codeblocks will not run."""
    return [f"{page}:{line}: fence '{chars}{info}' is not run by pytest-codeblocks; write a bare ```python"
            for line, chars, info in fences(page)
            if PYTHONISH.match(info) and (info != "python" or chars[0] != "`")]


def pages():
    found = sorted(DOCS.rglob("*.md"))
    assert found, "no Markdown pages under docs/"
    return found


def test_every_python_fence_is_collected():
    bad = [u for page in pages() for u in uncollected(page)]
    assert not bad, "\n".join(bad)


def test_our_count_matches_pytest_codeblocks():
    for page in pages():
        ours = [line for line, chars, info in fences(page) if info == "python" and chars[0] == "`"]
        theirs = [b.lineno for b in extract_from_file(page) if b.syntax == "python"]
        assert ours == theirs, f"{page.relative_to(REPO)}: fences at {ours}, pytest-codeblocks runs {theirs}"


def test_no_skip_without_a_reason():
    bad = []
    for page in pages():
        for n, line in enumerate(page.read_text(encoding="utf-8").splitlines(), 1):
            m = SKIP.search(line)
            if m and "reason=" not in m.group(2):
                bad.append(f"{page.relative_to(REPO)}:{n}: {line.strip()}")
    assert not bad, "skipped code blocks need reason=...:\n" + "\n".join(bad)


def test_no_shell_blocks_run_by_accident():
    """pytest-codeblocks also runs ```sh and ```bash blocks; commands for readers use ```console."""
    bad = [f"{p.relative_to(REPO)}:{n}" for p in pages() for n, _, info in fences(p) if info in ("sh", "bash")]
    assert not bad, f"shell fences would be executed by the test suite: {bad}"


def test_the_detector_catches_each_bad_form(tmp_path):
    page = tmp_path / "bad.md"
    page.write_text("```py\nx\n```\n\n```python title=\"a.py\"\nx\n```\n\n~~~python\nx\n~~~\n\n"
                    "```{.python}\nx\n```\n\n```python linenums=\"1\"\nx\n```\n\n```python\nok\n```\n")
    assert len(uncollected(page)) == 5
    assert [b.lineno for b in extract_from_file(page) if b.syntax == "python"] == [21]  # only the bare one
