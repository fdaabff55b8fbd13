"""Paper vs. here: every claim box is on a page, and our numbers still support every claim."""
import copy

import pytest

from conftest import REPO, figure_results as results
from snippets import claims


@pytest.mark.parametrize("name", sorted(claims.CLAIMS))
def test_claim_is_supported_and_shown(built_site, name):
    claim = claims.CLAIMS[name]
    claims.verify(claim, results(built_site, claim.figure))  # raises when it no longer holds
    pages = [p for p in (REPO / "docs").glob("*.md") if f"[[claim {name}]]" in p.read_text()]
    assert len(pages) == 1, f"claim {name} should be on exactly one page, found {pages}"
    html = (built_site / pages[0].stem / "index.html").read_text()
    assert f"Paper vs. here: {claim.title}" in html and "{{" not in html


def test_a_claim_our_numbers_stop_supporting_is_an_error(built_site):
    broken = copy.deepcopy(results(built_site, "training-curves"))
    broken["train_acc"] = 0.97
    with pytest.raises(claims.ClaimError, match="'fit-the-data' .* is no longer supported"):
        claims.verify(claims.CLAIMS["fit-the-data"], broken, "docs/training.md:120")
    pieces = copy.deepcopy(results(built_site, "piece-counts"))
    pieces["table"]["32"][-1]["mean"] = 2 ** 12  # exponentially many pieces would contradict the paper
    with pytest.raises(claims.ClaimError, match="no longer supported"):
        claims.verify(claims.CLAIMS["regions-at-initialization"], pieces)


def test_unknown_claim_names_page_and_line():
    with pytest.raises(claims.ClaimError, match=r"p\.md:3: unknown claim 'nope'"):
        claims.expand("a\n\n[[claim nope]]\n", lambda name: {}, "p.md")
