"""``make check PAGE=...`` (tests/check_page.py): what it finds a page needs, and a clear error for a
page that does not exist (the loop itself runs the project's own tools, each tested elsewhere)."""
from __future__ import annotations

import sys

import pytest

from conftest import REPO
from lecture_site import claims

sys.path.insert(0, str(REPO / "tests"))
import check_page  # noqa: E402 -- tests/check_page.py, a script beside this file


def test_a_page_needs_the_figures_it_shows_quotes_explores_and_boxes():
    declared = claims.discover()
    text = ("![A](figures/alpha.svg) [Data](figures/alpha.json) {{ beta.n:.2f }} and {{ gamma.x.0 }}\n"
            '<div class="explore" data-figure="delta" data-x="p"></div>\n\n[[claim nonconvex]]\n')
    assert check_page.figures_of(text, declared) == ["alpha", "beta", "delta", "gamma", "nonconvex-lines"]
    assert check_page.claims_of(text) == ["nonconvex"]


def test_every_page_with_figures_is_found_with_each_of_them():
    nonconvexity = (REPO / "docs" / "nonconvexity.md").read_text()
    assert check_page.figures_of(nonconvexity) == ["loss-surface", "nonconvex-lines"]


def test_an_unknown_page_is_one_line_naming_the_pages(capsys):
    assert check_page.main(["nowhere", "--no-browser"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: no page docs/nowhere.md; pages: ") and "training" in err
    with pytest.raises(check_page.CheckError):
        check_page.page_file("nowhere")
