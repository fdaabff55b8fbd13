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


# --- Exact small cases: the box, the marker, the messages, the named checks --------------------------------

TOY = Claim("toy", "Bigger is better", "Someone, Thm. 1", "telgarsky2016benefits", "Depth helps.", "fig-t",
            "here {{ fig-t.gain }}", lambda r: r["gain"] > 1, threshold="a gain above 1.",
            refutations=(Refutation("no gain", altered({"gain": 0.5})),))
BUILT = Claim("built", "A formula", "The lecture", "", "It is exact.", "fig-b", "error {{ fig-b.err }}",
              lambda r: r["err"] < 1e-9, kind=CONSTRUCTION, threshold="below 1e-9.")


def test_boxes_exactly():
    assert TOY.box() == ('!!! abstract "Evidence: Bigger is better"\n'
                         "    **Someone, Thm. 1 [@telgarsky2016benefits]:** Depth helps.\n\n"
                         "    **Here** (figure `fig-t`): here {{ fig-t.gain }}\n\n"
                         "    **Check:** a gain above 1.\n")
    assert BUILT.box() == ('!!! info "Construction: A formula"\n'
                           "    **The lecture:** It is exact.\n\n"
                           "    **Here** (figure `fig-b`): error {{ fig-b.err }}\n\n"
                           "    **Check:** below 1e-9.\n")


def test_expand_checks_each_marker_against_its_figure_and_puts_the_box_in_its_place(monkeypatch):
    monkeypatch.setitem(claims.CLAIMS, "toy", TOY)
    monkeypatch.setitem(claims.CLAIMS, "built", BUILT)
    asked = []

    def results_of(name):
        asked.append(name)
        return {"fig-t": {"gain": 2.0}, "fig-b": {"err": 0.0}}[name]
    text = "Intro.\n\n[[claim toy]]\n\nMiddle.\n[[claim built]]  \nEnd [[claim toy]] inline stays."
    # the marker's line (its text and blanks up to the end of the line) becomes the box, which ends a line
    assert claims.expand(text, results_of, "p.md") == (
        f"Intro.\n\n{TOY.box()}\nMiddle.\n{BUILT.box()}\nEnd [[claim toy]] inline stays.")
    assert asked == ["fig-t", "fig-b"]
    with pytest.raises(ClaimError) as info:
        claims.expand("\n\n[[claim toy]]\nmore\n", {"fig-t": {"gain": 0.5}}.get, "docs/p.md")
    assert str(info.value) == ("docs/p.md:3: claim 'toy' (Someone, Thm. 1) is no longer supported by the results "
                               "of figure 'fig-t'")
    with pytest.raises(ClaimError) as info:
        claims.expand("[[claim built]]", {}.get, "p.md")
    assert str(info.value) == "p.md:1: claim 'built' needs figure 'fig-b', which does not exist"
    with pytest.raises(ClaimError) as info:
        claims.expand("\n[[claim nope]]", {}.get, "p.md")
    assert str(info.value).startswith("p.md:2: unknown claim 'nope'; known: ") and ", toy, built" in str(info.value)


@pytest.mark.parametrize("results, error", [
    ({}, "KeyError: 'gain'"), ({"gain": [1]}, "TypeError: '>' not supported between instances of 'list' and 'int'"),
])
def test_results_a_check_cannot_read_are_named(results, error):
    with pytest.raises(ClaimError) as info:
        claims.verify(TOY, results)
    assert str(info.value) == f"claim 'toy' cannot be checked on figure 'fig-t': {error}"
    with pytest.raises(ClaimError) as info:
        claims.verify(TOY, results, "p.md:4")
    assert str(info.value).startswith("p.md:4: claim 'toy' cannot be checked")
    for raised in (IndexError("i"), ValueError("v")):
        def check(r, e=raised):
            raise e
        bad = Claim("bad", "t", "s", "", "st", "fig", "ours", check, kind=CONSTRUCTION, threshold="x")
        with pytest.raises(ClaimError, match=f"^claim 'bad' cannot be checked on figure 'fig': {type(raised).__name__}"):
            claims.judge(bad, {})


def test_verify_accepts_results_that_support_the_claim_and_names_where_they_do_not():
    claims.verify(TOY, {"gain": 1.5})
    with pytest.raises(ClaimError) as info:
        claims.verify(TOY, {"gain": 1.0})
    assert str(info.value) == "claim 'toy' (Someone, Thm. 1) is no longer supported by the results of figure 'fig-t'"
    with pytest.raises(ClaimError) as info:
        claims.verify(TOY, None, "p.md:9")
    assert str(info.value) == "p.md:9: claim 'toy' needs figure 'fig-t', which does not exist"


def test_altered_follows_lists_in_the_middle_of_a_path():
    ours = {"rows": [{"x": 1}, {"x": 2}]}
    assert altered({"rows.1.x": 5})(ours) == {"rows": [{"x": 1}, {"x": 5}]} and ours["rows"][1]["x"] == 2


def test_named_checks_at_their_boundaries():
    # the pieces-per-neuron check of regions-at-initialization is tested at its boundaries in tests/test_nets.py
    wider = claims._wider_fail_less
    assert wider({"fitted_low": [0.1, 0.2, 0.6, 0.7], "fitted_high": [0.5, 0.6, 0.9, 0.9]})
    assert not wider({"fitted_low": [0.1, 0.2, 0.5, 0.7], "fitted_high": [0.5, 0.6, 0.9, 0.9]})  # 0.5 is not above
    assert not wider({"fitted_low": [0.1, 0.2, 0.7, 0.4], "fitted_high": [0.5, 0.6, 0.9, 0.9]})  # the widest
    assert not wider({"fitted_low": [0.1, 0.9], "fitted_high": [0.2, 1.0]})  # no width of 4x the teacher's
    assert wider({"fitted_low": [0.1, 0.2, 0.6], "fitted_high": [0.5, 0.6, 0.9]})  # one such width is enough


def test_the_refusals_say_exactly_what_is_missing():
    with pytest.raises(ClaimError) as info:
        Claim("bare", "t", "s", "", "st", "fig", "ours", lambda r: True, threshold="a reason")
    assert str(info.value) == ("claim 'bare' is Evidence but has no refutation: give the results of a world in "
                               "which the claim is false, which its check must reject")
    late = Claim("late", "SGD wins", "S", "", "st", "fig", "ours", lambda r: False, threshold="x",
                 refutations=(Refutation("w", lambda r: r),), reproduced=False)
    assert late.box().splitlines()[0] == '!!! abstract "Evidence: SGD wins (not reproduced here)"'
