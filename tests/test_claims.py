"""Claims: declared beside their figures (snippets.claims), found by the site from the sources
(lecture_site.claims), shown as boxes on their page with the verdict the build stored with the figure, and
every Evidence check rejects the results of a world in which its claim is false."""
import copy
import dataclasses
import json
import re

import pytest

from conftest import REPO, figure_results as results
from lecture_site import cache, claims as site, verification
from lecture_site.claims import Declared
from snippets import claims
from snippets.claims import CONSTRUCTION, EVIDENCE, Claim, ClaimError, Refutation, altered

CLAIMS = claims.collect()
EVIDENCE_CLAIMS = sorted(name for name, c in CLAIMS.items() if c.kind == EVIDENCE)


@pytest.mark.parametrize("name", sorted(CLAIMS))
def test_claim_gives_its_verdict_and_is_shown_on_its_page_with_its_kind(built_site, name):
    claim = CLAIMS[name]
    claims.verify(claim, results(built_site, claim.figure))  # raises when the verdict changed
    pages = [p for p in (REPO / "docs").glob("*.md") if f"[[claim {name}]]" in p.read_text()]
    assert [p.stem for p in pages] == [claim.page], f"claim {name} should be on its page {claim.page!r} only"
    html = (built_site / claim.page / "index.html").read_text()
    assert f"{claim.kind}: {claim.title}" in html and "{{" not in html
    assert "Check:" in html


@pytest.mark.parametrize("name", sorted(CLAIMS))
def test_the_verdict_stored_with_the_figure_is_the_checks_answer(built_site, name):
    claim = CLAIMS[name]
    record = json.loads((built_site / "figures" / f"{claim.figure}.json").read_text())
    stored = record["claims"][name]
    assert stored["supported"] is claims.judge(claim, record["results"]) is claim.reproduced
    # the numbers the check read, each as the figure reported it at that path
    assert stored["read"], f"{name}: the check read no number"
    for path, value in stored["read"].items():
        node = record["results"]
        for part in path.split("."):
            node = node[int(part)] if isinstance(node, list) else node[part]
        assert node == value, path



def test_every_box_links_to_its_row_on_the_verification_page(built_site):
    """The Verification page has a row per claim, with its verdict and the numbers stored with its figure;
    each box's "Verified" line links to that row."""
    html = (built_site / "verification" / "index.html").read_text()
    rows = {re.search(r'<span id="([^"]+)"></span>', row).group(1): row
            for row in re.findall(r"<tr>.*?</tr>", html, re.S) if "<span id=" in row}
    assert set(rows) == set(CLAIMS)
    # below the table, the claims whose full-scale verdict differs, each linked from its row
    differing = {n for n, c in CLAIMS.items() if c.expected("full") != c.reproduced}
    assert set(re.findall(r'<span id="([^"]+)"></span>', html)) == set(CLAIMS) | {f"{n}-full" for n in differing}
    assert all(f'href="#{n}-full"' in rows[n] for n in differing)
    for name, claim in CLAIMS.items():
        page = (built_site / claim.page / "index.html").read_text()
        assert f'href="../verification/#{name}"' in page, f"{name}: the box does not link to its row"
        assert f"<td>{claims.verdict(claim, claim.reproduced)}</td>" in rows[name]
        read = json.loads((built_site / "figures" / f"{claim.figure}.json").read_text())["claims"][name]["read"]
        assert f"<code>{next(iter(read))}</code>" in rows[name], name

@pytest.mark.parametrize("name", EVIDENCE_CLAIMS)
def test_evidence_check_rejects_every_refuting_world(built_site, name):
    """The check accepts our results (or, for a claim we do not reproduce, rejects them) and gives the
    opposite verdict on each refutation: the results a world with the opposite truth would produce."""
    claim = CLAIMS[name]
    ours = results(built_site, claim.figure)
    assert claims.judge(claim, ours) is claim.reproduced
    for refutation in claim.refutations:
        world = refutation.results(copy.deepcopy(ours))
        assert world != ours, f"{name}: refutation {refutation.world!r} changes nothing"
        assert claims.judge(claim, world) is not claim.reproduced, (
            f"{name}: the check gives the same verdict in a world where {refutation.world}")
    assert claims.judge(claim, ours) is claim.reproduced  # the refutations did not edit our results


def test_the_site_reads_every_declaration_as_the_package_makes_it():
    """The source scan (no import) finds the same claims, with the same boxes, as importing the modules."""
    declared = site.discover()
    assert sorted(declared) == sorted(CLAIMS)
    for name, claim in CLAIMS.items():
        found = declared[name]
        assert found.claim.box() == claim.box()
        assert (found.claim.page, found.claim.figure, found.claim.kind, found.claim.reproduced) == \
            (claim.page, claim.figure, claim.kind, claim.reproduced)
        assert [r.world for r in found.claim.refutations] == [r.world for r in claim.refutations]
        module, line = found.where.split(":")
        assert found.module == claim.check.__module__ and module == found.module.replace(".", "/") + ".py"
        assert f'Claim("{name}"' in (REPO / module).read_text().splitlines()[int(line) - 1]


def test_each_claim_is_declared_in_the_module_of_its_figure():
    from lecture_site import registry
    figures = registry.discover()
    for name, found in site.discover().items():
        assert figures[found.claim.figure].module == found.module, name


def test_every_check_and_refutation_is_a_named_function_of_its_module():
    for name, claim in CLAIMS.items():
        assert claim.check.__name__ != "<lambda>" and claim.check.__qualname__ == claim.check.__name__, name
        for refutation in claim.refutations:
            assert refutation.results.__name__ != "<lambda>", (name, refutation.world)


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
    kinds = {c.kind for c in CLAIMS.values()}
    assert kinds == {EVIDENCE, CONSTRUCTION}
    for claim in CLAIMS.values():
        box = claim.box()
        assert box.splitlines()[0].split('"')[1].startswith(f"{claim.kind}: "), box
        assert f"**Check:** {claim.threshold}" in box


def test_a_claim_not_reproduced_says_so_and_fails_when_results_start_to_agree():
    toy = Claim("toy", "SGD wins", "Someone", "", "SGD wins.", "fig", "GD won here.", lambda r: r["sgd_wins"],
                threshold="SGD ends lower.", refutations=(Refutation("SGD wins", altered({"sgd_wins": True})),),
                reproduced=False)
    assert "(not reproduced here)" in toy.box().splitlines()[0]
    claims.verify(toy, {"sgd_wins": False})
    assert claims.verdict(toy, False) == "not reproduced as stated" and claims.verdict(toy, True) == "FAILS"
    with pytest.raises(ClaimError, match="marked not reproduced, but the results .* now support it"):
        claims.verify(toy, {"sgd_wins": True})


def test_altered_copies_and_follows_paths():
    ours = {"a": {"b": [1, 2, 3]}, "c": 1}
    world = altered({"a.b.1": 20, "c": lambda v: v + 1})(ours)
    assert world == {"a": {"b": [1, 20, 3]}, "c": 2} and ours == {"a": {"b": [1, 2, 3]}, "c": 1}


def test_a_claim_our_numbers_stop_supporting_is_an_error(built_site):
    broken = copy.deepcopy(results(built_site, "training-curves"))
    broken["train_acc_min"] = 0.97
    with pytest.raises(ClaimError, match="'fit-the-data' .* is no longer supported"):
        claims.verify(CLAIMS["fit-the-data"], broken, "docs/training.md:120")
    with pytest.raises(ClaimError, match="'fit-the-data' cannot be checked .* KeyError"):
        claims.verify(CLAIMS["fit-the-data"], {"seeds": 5}, "docs/training.md:120")


def test_unknown_claims_are_named_with_the_known_ones():
    with pytest.raises(ClaimError, match=r"p\.md:3: unknown claim 'nope'"):
        site.expand("a\n\n[[claim nope]]\n", lambda name: {}, "p.md")
    with pytest.raises(ClaimError) as info:
        claims.find(["fit-the-data", "nope", "nada"], CLAIMS)
    assert str(info.value).startswith("unknown claims 'nope', 'nada'; known claims: ")
    assert claims.find(["nonconvex"], CLAIMS) == [CLAIMS["nonconvex"]]


# --- Exact small cases: the box, the marker, the messages, the named checks --------------------------------

TOY = Claim("toy", "Bigger is better", "Someone, Thm. 1", "telgarsky2016benefits", "Depth helps.", "fig-t",
            "here {{ fig-t.gain }}", lambda r: r["gain"] > 1, threshold="a gain above 1.",
            refutations=(Refutation("no gain", altered({"gain": 0.5})),), page="p")
BUILT = Claim("built", "A formula", "The lecture", "", "It is exact.", "fig-b", "error {{ fig-b.err }}",
              lambda r: r["err"] < 1e-9, kind=CONSTRUCTION, threshold="below 1e-9.", page="p")
YES, NO = {"supported": True, "read": {"gain": 2.0}}, {"supported": False, "read": {"gain": 0.5}}
DECLARED = {"toy": Declared(TOY, "snippets.toy", "snippets/toy.py:9"),
            "built": Declared(BUILT, "snippets.toy", "snippets/toy.py:14")}


def test_boxes_exactly():
    assert TOY.box() == ('!!! abstract "Evidence: Bigger is better"\n'
                         "    **Someone, Thm. 1 [@telgarsky2016benefits]:** Depth helps.\n\n"
                         "    **Here** (figure `fig-t`): here {{ fig-t.gain }}\n\n"
                         "    **Check:** a gain above 1.\n")
    assert BUILT.box() == ('!!! info "Construction: A formula"\n'
                           "    **The lecture:** It is exact.\n\n"
                           "    **Here** (figure `fig-b`): error {{ fig-b.err }}\n\n"
                           "    **Check:** below 1e-9.\n")


def test_expand_reads_each_markers_stored_verdict_and_puts_the_box_in_its_place():
    asked = []
    records = {"fig-t": {"claims": {"toy": YES}}, "fig-b": {"claims": {"built": YES}}}

    def record_of(name):
        asked.append(name)
        return records[name]
    text = "Intro.\n\n[[claim toy]]\n\nMiddle.\n[[claim built]]  \nEnd [[claim toy]] inline stays."
    # the marker's line (its text and blanks up to the end of the line) becomes the box, which ends a line
    verified = "\n    **Verified** when this page was built: holds ([how, and the numbers read](verification.md#{}))."
    assert site.expand(text, record_of, "docs/p.md", DECLARED) == (
        f"Intro.\n\n{TOY.box()}{verified.format('toy')}\n\nMiddle.\n{BUILT.box()}{verified.format('built')}\n"
        "\nEnd [[claim toy]] inline stays.")
    assert asked == ["fig-t", "fig-b"]
    with pytest.raises(ClaimError) as info:
        site.expand("\n\n[[claim toy]]\nmore\n", {"fig-t": {"claims": {"toy": NO}}}.get, "docs/p.md", DECLARED)
    assert str(info.value) == ("docs/p.md:3: claim 'toy' (Someone, Thm. 1) is no longer supported by the results "
                               "of figure 'fig-t': its check (snippets/toy.py:9) read `gain` = 0.5; threshold: "
                               "a gain above 1.")
    with pytest.raises(ClaimError) as info:
        site.expand("[[claim built]]", {}.get, "p.md", DECLARED)
    assert str(info.value) == "p.md:1: claim 'built' needs figure 'fig-b', which does not exist"
    with pytest.raises(ClaimError) as info:
        site.expand("\n[[claim nope]]", {}.get, "p.md", DECLARED)
    assert str(info.value) == "p.md:2: unknown claim 'nope'; known: toy, built"


def test_a_claim_shown_on_another_page_or_declared_apart_from_its_figure_is_named():
    with pytest.raises(ClaimError) as info:
        site.expand("[[claim toy]]", {"fig-t": {"claims": {"toy": YES}}}.get, "docs/q.md", DECLARED)
    assert str(info.value) == ("docs/q.md:1: claim 'toy' (snippets/toy.py:9) says it is shown on page 'p': change "
                               "its page= or show it there")
    with pytest.raises(ClaimError) as info:
        site.expand("[[claim toy]]", {"fig-t": {"made_by": "snippets.other.f", "claims": {}}}.get, "p.md", DECLARED)
    assert str(info.value) == ("p.md:1: claim 'toy' (snippets/toy.py:9) reads figure 'fig-t', which is made by "
                               "snippets.other.f: declare the claim in that module")


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


def test_the_refusals_say_exactly_what_is_missing():
    with pytest.raises(ClaimError) as info:
        Claim("bare", "t", "s", "", "st", "fig", "ours", lambda r: True, threshold="a reason")
    assert str(info.value) == ("claim 'bare' is Evidence but has no refutation: give the results of a world in "
                               "which the claim is false, which its check must reject")
    late = Claim("late", "SGD wins", "S", "", "st", "fig", "ours", lambda r: False, threshold="x",
                 refutations=(Refutation("w", lambda r: r),), reproduced=False)
    assert late.box().splitlines()[0] == '!!! abstract "Evidence: SGD wins (not reproduced here)"'


# --- Declarations as the site reads them, from the source ---------------------------------------------------

MODULE = '''from snippets.claims import CONSTRUCTION, Claim, Refutation, altered


def _gain_above_one(r):
    return r["gain"] > 1


CLAIMS = (
    Claim("toy", "Bigger " "is better", "Someone", "", "Depth helps.", "fig-t", "here {{ fig-t.gain }}",
          _gain_above_one, threshold="a gain above 1.", refutations=(Refutation("no gain", altered({"gain": 0})),),
          page="p"),
    Claim("built", "A formula", "The lecture", "", "It is exact.", "fig-t", "error", _gain_above_one,
          kind=CONSTRUCTION, threshold="below 1e-9.", page="p"),
)
'''


def test_declarations_are_read_from_the_source_with_their_line():
    found = site._declared_in(MODULE, "snippets/toy.py")
    assert [(c.name, c.title, c.kind, line) for c, line in found] == [
        ("toy", "Bigger is better", EVIDENCE, 9), ("built", "A formula", CONSTRUCTION, 12)]
    assert [r.world for r in found[0][0].refutations] == ["no gain"]
    with pytest.raises(ClaimError, match="does not run checks"):
        found[0][0].check({})


@pytest.mark.parametrize("old, new, message", [
    ('_gain_above_one, threshold="a gain', 'lambda r: True, threshold="a gain',
     "snippets/toy.py:9: the check must be a function of the module, named (not a lambda)"),
    ('"Someone"', '"Some" + "one"', "snippets/toy.py:9: source must be written out as a literal, not computed"),
    (', refutations=(Refutation("no gain", altered({"gain": 0})),)', "",
     "snippets/toy.py:9: claim 'toy' is Evidence but has no refutation"),
    ("kind=CONSTRUCTION", 'kind="Anecdote"', "snippets/toy.py:12: claim 'built': kind must be"),
])
def test_a_declaration_the_site_cannot_read_names_its_file_and_line(old, new, message):
    assert old in MODULE
    with pytest.raises(ClaimError) as info:
        site._declared_in(MODULE.replace(old, new), "snippets/toy.py")
    assert str(info.value).startswith(message), str(info.value)


def test_editing_a_claims_prose_keeps_its_figures_key_and_editing_its_check_changes_it():
    source = MODULE.encode()
    prose = source.replace(b"Depth helps.", b"Depth helps a lot.").replace(b'"no gain"', b'"none"')
    check = source.replace(b'r["gain"] > 1', b'r["gain"] >= 1')
    renamed = source.replace(b'Claim("toy"', b'Claim("toy2"')
    refigured = source.replace(b'"Depth helps.", "fig-t"', b'"Depth helps.", "fig-u"')
    key = cache.without_claim_prose
    assert key(prose) == key(source)
    assert len({key(source), key(check), key(renamed), key(refigured)}) == 4
    assert b"Depth helps" not in key(source) and b"_gain_above_one" in key(source)


# --- the Verification page ----------------------------------------------------------------------------

def full_report(**supported) -> dict:
    return {"format": 2, "scale": "full", "device": "x86_64 CPU, 2 cores", "versions": {"torch": "2.13.0"},
            "seconds": 75.0, "claims": [{"claim": n, "supported": v, "read": {"gain": 3.0}} for n, v in supported.items()]}


RECORDS = {"fig-t": {"claims": {"toy": YES}}, "fig-b": {"claims": {"built": {"supported": True, "read": {"err": 1e-12}}}}}


def test_the_verification_page_lists_each_claim_with_the_numbers_its_check_read():
    text = verification.page(DECLARED, RECORDS.get)
    rows = [line for line in text.splitlines() if line.startswith('| <span id="')]
    assert rows == [
        '| <span id="toy"></span>[Bigger is better](p.md)<br>Evidence, `toy` | `gain` = 2 | holds | not run |',
        '| <span id="built"></span>[A formula](p.md)<br>Construction, `built` | `err` = 1e-12 | holds | not run |']
    assert "no report has been committed yet" in text
    text = verification.page(DECLARED, RECORDS.get, full_report(toy=True))
    assert text.splitlines()[-2].endswith("| `gain` = 2 | holds | holds |")
    assert text.splitlines()[-1].endswith("| holds | not run |")
    assert ("Full scale: `python -m snippets verify --scale full` on x86_64 CPU, 2 cores, torch 2.13.0, for the 1 "
            "claims it lists (75 s") in text
    # shown as it is: the box fails the build, naming its page and line (tests/test_faults.py)
    text = verification.page(DECLARED, {**RECORDS, "fig-t": {"claims": {"toy": NO}}}.get)
    assert '| <span id="toy"></span>[Bigger is better](p.md)<br>Evidence, `toy` | `gain` = 0.5 | FAILS | not run |' in text


def test_a_full_scale_verdict_the_declaration_states_is_shown_and_checked():
    only_quick = dataclasses.replace(TOY, reproduced_at_full=False)
    declared = {"toy": Declared(only_quick, "snippets.toy", "snippets/toy.py:9")}
    assert only_quick.box().startswith('!!! abstract "Evidence: Bigger is better (not at full scale)"')
    assert site.verified_line(only_quick, "docs/p.md") == (
        "\n    **Verified** when this page was built: holds; at full scale: not reproduced as stated "
        "([how, and the numbers read](verification.md#toy)).\n")
    text = verification.page(declared, RECORDS.get, full_report(toy=False))
    assert "| `gain` = 2 | holds | not reproduced as stated ([numbers](#toy-full)) |" in text
    assert text.endswith('## Where the full scale differs\n\n<span id="toy-full"></span>**Bigger is better** '
                         "(`toy`): not reproduced as stated at full scale; its check read `gain` = 3.\n\n")
    with pytest.raises(ClaimError) as info:
        verification.page(declared, RECORDS.get, full_report(toy=True), "docs/v.json")
    assert str(info.value).startswith("docs/v.json: at full scale the check of claim 'toy' accepts the results (its "
                                      "declaration, snippets/toy.py:9, states 'not reproduced as stated')")
    with pytest.raises(ClaimError) as info:
        verification.page(declared, RECORDS.get, None, "docs/v.json")
    assert str(info.value) == ("snippets/toy.py:9: claim 'toy' states its full-scale verdict (reproduced_at_full=...), "
                               "but docs/v.json holds no full-scale check of it")
    assert claims.verdict(only_quick, False, "full") == "not reproduced as stated"
    assert claims.verdict(only_quick, True, "full") == "FAILS" and claims.verdict(only_quick, True) == "holds"


@pytest.mark.parametrize("report, message", [
    (full_report(toy=False), "docs/v.json: at full scale the check of claim 'toy' rejects the results (its "
                             "declaration, snippets/toy.py:9, states 'holds'): change the declaration"),
    (full_report(gone=True), "docs/v.json: the full-scale report checks claim 'gone', which no page shows"),
    ({**full_report(toy=True), "scale": "quick"}, "docs/v.json: holds a report of scale 'quick'; commit one"),
])
def test_a_full_scale_verdict_that_contradicts_a_box_fails_the_build(report, message):
    with pytest.raises(ClaimError) as info:
        verification.page(DECLARED, RECORDS.get, report, "docs/v.json")
    assert str(info.value).startswith(message), str(info.value)
