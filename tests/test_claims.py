"""Claim boxes: every box is on a page with its kind, our results give the verdict it states, and every
Evidence check rejects the results of a world in which its claim is false."""
import copy

import pytest

from conftest import REPO, figure_results as results
from lecture_site import claims
from lecture_site.claims import CONSTRUCTION, EVIDENCE, Claim, ClaimError, Refutation, altered

EVIDENCE_CLAIMS = sorted(name for name, c in claims.CLAIMS.items() if c.kind == EVIDENCE)


@pytest.mark.parametrize("name", sorted(claims.CLAIMS))
def test_claim_gives_its_verdict_and_is_shown_with_its_kind(built_site, name):
    claim = claims.CLAIMS[name]
    claims.verify(claim, results(built_site, claim.figure))  # raises when the verdict changed
    pages = [p for p in (REPO / "docs").glob("*.md") if f"[[claim {name}]]" in p.read_text()]
    assert len(pages) == 1, f"claim {name} should be on exactly one page, found {pages}"
    html = (built_site / pages[0].stem / "index.html").read_text()
    assert f"{claim.kind}: {claim.title}" in html and "{{" not in html
    assert "Check:" in html


@pytest.mark.parametrize("name", EVIDENCE_CLAIMS)
def test_evidence_check_rejects_every_refuting_world(built_site, name):
    """The check accepts our results (or, for a claim we do not reproduce, rejects them) and gives the
    opposite verdict on each refutation: the results a world with the opposite truth would produce."""
    claim = claims.CLAIMS[name]
    ours = results(built_site, claim.figure)
    assert claims.judge(claim, ours) is claim.reproduced
    for refutation in claim.refutations:
        world = refutation.results(copy.deepcopy(ours))
        assert world != ours, f"{name}: refutation {refutation.world!r} changes nothing"
        assert claims.judge(claim, world) is not claim.reproduced, (
            f"{name}: the check gives the same verdict in a world where {refutation.world}")
    assert claims.judge(claim, ours) is claim.reproduced  # the refutations did not edit our results


def test_an_evidence_claim_without_a_refutation_is_rejected():
    with pytest.raises(ClaimError, match="'bare' is Evidence but has no refutation"):
        Claim("bare", "t", "s", "", "st", "fig", "ours", lambda r: True, threshold="a reason")


def test_a_claim_must_state_its_threshold_and_a_known_kind():
    with pytest.raises(ClaimError, match="threshold"):
        Claim("t", "t", "s", "", "st", "fig", "ours", lambda r: True, kind=CONSTRUCTION)
    with pytest.raises(ClaimError, match="kind must be"):
        Claim("t", "t", "s", "", "st", "fig", "ours", lambda r: True, kind="Anecdote", threshold="x")
    with pytest.raises(ClaimError, match="cannot be 'not reproduced'"):
        Claim("t", "t", "s", "", "st", "fig", "ours", lambda r: True, kind=CONSTRUCTION, threshold="x",
              reproduced=False)


def test_every_box_names_its_kind_and_its_check():
    kinds = {c.kind for c in claims.CLAIMS.values()}
    assert kinds == {EVIDENCE, CONSTRUCTION}
    for claim in claims.CLAIMS.values():
        box = claim.box()
        assert box.splitlines()[0].split('"')[1].startswith(f"{claim.kind}: "), box
        assert f"**Check:** {claim.threshold}" in box


def test_a_claim_not_reproduced_says_so_and_fails_when_results_start_to_agree():
    toy = Claim("toy", "SGD wins", "Someone", "", "SGD wins.", "fig", "GD won here.", lambda r: r["sgd_wins"],
                threshold="SGD ends lower.", refutations=(Refutation("SGD wins", altered({"sgd_wins": True})),),
                reproduced=False)
    assert "(not reproduced here)" in toy.box().splitlines()[0]
    claims.verify(toy, {"sgd_wins": False})
    with pytest.raises(ClaimError, match="marked not reproduced, but the results .* now support it"):
        claims.verify(toy, {"sgd_wins": True})


def test_altered_copies_and_follows_paths():
    ours = {"a": {"b": [1, 2, 3]}, "c": 1}
    world = altered({"a.b.1": 20, "c": lambda v: v + 1})(ours)
    assert world == {"a": {"b": [1, 20, 3]}, "c": 2} and ours == {"a": {"b": [1, 2, 3]}, "c": 1}


def test_a_claim_our_numbers_stop_supporting_is_an_error(built_site):
    broken = copy.deepcopy(results(built_site, "training-curves"))
    broken["train_acc_min"] = 0.97
    with pytest.raises(claims.ClaimError, match="'fit-the-data' .* is no longer supported"):
        claims.verify(claims.CLAIMS["fit-the-data"], broken, "docs/training.md:120")
    with pytest.raises(claims.ClaimError, match="'fit-the-data' cannot be checked .* KeyError"):
        claims.verify(claims.CLAIMS["fit-the-data"], {"seeds": 5}, "docs/training.md:120")


def test_unknown_claim_names_page_and_line():
    with pytest.raises(claims.ClaimError, match=r"p\.md:3: unknown claim 'nope'"):
        claims.expand("a\n\n[[claim nope]]\n", lambda name: {}, "p.md")
