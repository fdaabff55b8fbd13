"""``python -m snippets verify``, called in this process on a scratch lecture package of tiny figures and
claims: the table, the report files, the result cache, the exit status, and a clear error for an unknown
claim or page, a failing figure and a results file of another version (the real claims run from the
installed wheel in tests/test_install.py)."""
from __future__ import annotations

import functools
import importlib
import json
import sys

import pytest

from snippets import __main__ as command
from snippets import claims as claims_
from snippets import verify
from snippets.claims import EVIDENCE, Claim, Refutation, altered

TOY = '''from matplotlib.figure import Figure

from snippets.claims import CONSTRUCTION, Claim, Refutation, altered
from snippets.figures import figure


@figure("count", quick=dict(n=3), full=dict(n=5))
def count(*, seed, n):
    """Counts to n."""
    return Figure(figsize=(1, 1)), {"n": n, "steps": list(range(n)), "unused": -1.0}


@figure("broken", quick=dict(), full=dict())
def broken(*, seed):
    raise RuntimeError("the optimizer diverged")


def _three(r):
    return r["n"] == 3


def _counts_up(r):
    return all(b > a for a, b in zip(r["steps"], r["steps"][1:]))


def _five(r):
    return r["n"] == 5


def _anything(r):
    return True


CLAIMS = (
    Claim("is-three", "three", "S", "", "It is three.", "count", "n = {{ count.n }}", _three,
          kind=CONSTRUCTION, threshold="exactly {{ count.n }}", page="one"),
    Claim("counts-up", "it counts up", "S", "", "Up.", "count", "ours", _counts_up,
          threshold="every step above the last",
          refutations=(Refutation("a step back", altered({"steps.1": -1})),), page="one"),
    Claim("is-five", "five", "S", "", "It is five.", "count", "ours", _five, kind=CONSTRUCTION,
          threshold="exactly 5", page="two"),
    Claim("from-broken", "b", "S", "", "B.", "broken", "ours", _anything, kind=CONSTRUCTION,
          threshold="none", page="three"),
    Claim("three-at-quick", "three", "S", "", "It is three.", "count", "ours", _three, kind=CONSTRUCTION,
          threshold="exactly 3", page="four", reproduced_at_full=False),
)
'''


@pytest.fixture
def toy(tmp_path, monkeypatch):
    """A lecture package ``toyclaims`` that verify collects its claims from, and an empty result cache."""
    pkg = tmp_path / "toyclaims"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "counting.py").write_text(TOY)
    importlib.invalidate_caches()
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(claims_, "collect", functools.partial(claims_.collect, "toyclaims"))
    yield tmp_path / "cache"
    for name in [m for m in sys.modules if m.startswith("toyclaims")]:
        del sys.modules[name]


def run(capsys, *argv) -> tuple[int, str, str]:
    status = command.main(["verify", *argv])
    out = capsys.readouterr()
    return status, out.out, out.err


def test_verify_prints_progress_a_table_and_reuses_what_it_computed(toy, capsys):
    status, out, err = run(capsys, "--claims", "is-three", "counts-up", "--cache", str(toy))
    assert (status, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == "computing 1 figure at scale quick in 1 process"
    assert lines[1].startswith("count ") and " computed " in lines[1] and lines[1].endswith("[1/1]")
    rows = {line.split()[0]: line for line in lines if line.startswith(("is-three ", "counts-up "))}
    assert rows["is-three"].split()[1:4] == ["Construction", "quick", "n=3"]
    assert rows["is-three"].endswith(" holds")
    # the check of counts-up read every step, and not the number it did not look at
    assert "steps.0=0, steps.1=1, steps.2=2" in rows["counts-up"] and "unused" not in out
    assert "threshold: exactly 3" in out  # placeholders in the threshold filled from the results
    status, out, _ = run(capsys, "--claims", "is-three", "--cache", str(toy))
    assert status == 0 and out.splitlines()[0].startswith("count ") and " reused " in out.splitlines()[0]


def test_the_full_scale_and_a_page_choose_what_runs(toy, capsys):
    status, out, err = run(capsys, "--page", "one", "--scale", "full", "--cache", str(toy))
    assert status == 1 and "is-three" in out and "counts-up" in out and "is-five" not in out
    assert "FAILS: is-three: the results contradict what the page states" in err  # n is 5 at full scale
    status, out, err = run(capsys, "--claims", "is-five", "--scale", "full", "--cache", str(toy))
    assert status == 0 and err == ""


def test_a_claim_stated_to_fail_at_full_scale_is_judged_against_that(toy, capsys, tmp_path):
    status, out, err = run(capsys, "--claims", "three-at-quick", "--scale", "full", "--cache", str(toy),
                           "--out", str(tmp_path))
    (line,) = [x for x in out.splitlines() if x.startswith("three-at-quick ")]
    assert (status, err) == (0, "") and line.endswith(" not reproduced as stated")
    (row,) = verify.load(tmp_path / "verify.json")["claims"]
    assert (row["supported"], row["stated"], row["verdict"]) == (False, "not reproduced as stated",
                                                                 "not reproduced as stated")
    status, out, _ = run(capsys, "--claims", "three-at-quick", "--cache", str(toy))
    assert status == 0 and [x for x in out.splitlines() if x.startswith("three-at-quick ")][0].endswith(" holds")


def test_a_broken_check_fails_with_exit_status_1_and_names_the_claim(toy, capsys):
    status, out, err = run(capsys, "--claims", "is-three", "is-five", "--cache", str(toy))
    assert status == 1
    assert [line.split()[-1] for line in out.splitlines() if line.startswith(("is-three ", "is-five "))] == \
        ["holds", "FAILS"]
    assert err == "FAILS: is-five: the results contradict what the page states\n"


def test_out_writes_the_results_and_a_report_that_load_reads_back(toy, capsys, tmp_path):
    status, out, _ = run(capsys, "--claims", "counts-up", "--cache", str(toy), "--out", str(tmp_path / "r"))
    assert status == 0 and f"wrote {tmp_path / 'r' / 'verify.json'}" in out
    report = verify.load(tmp_path / "r" / "verify.json")
    (row,) = report["claims"]
    assert row == {"claim": "counts-up", "kind": EVIDENCE, "page": "one", "figure": "count", "scale": "quick",
                   "read": {"steps.0": 0, "steps.1": 1, "steps.2": 2},
                   "threshold": "every step above the last", "supported": True, "stated": "holds", "verdict": "holds"}
    assert report["format"] == verify.FORMAT and report["scale"] == "quick"
    assert set(report["versions"]) >= {"python", "snippets", "torch", "numpy"}
    assert report["figures"]["count"]["reused"] is False and report["figures"]["count"]["seconds"] >= 0
    assert "CPU" in report["device"]
    md = (tmp_path / "r" / "verify.md").read_text()
    assert "| `counts-up` | Evidence | one | holds | every step above the last | steps.0=0, steps.1=1, steps.2=2 |" in md
    assert "| `count` |" in md


@pytest.mark.parametrize("argv, message", [
    (["--claims", "nope", "is-three"], "error: unknown claim 'nope'; known claims: is-three, counts-up, is-five, "
                                      "from-broken, three-at-quick"),
    (["--page", "nowhere"], "error: no claim is shown on page 'nowhere'; pages with claims: four, one, three, two"),
    (["--claims", "from-broken"], "error: figure 'broken' failed: RuntimeError: the optimizer diverged"),
    (["--jobs", "0"], "error: --jobs must be at least 1, got 0"),
])
def test_a_request_verify_cannot_carry_out_is_one_line_and_exit_status_2(toy, capsys, argv, message):
    status, _, err = run(capsys, *argv, "--cache", str(toy))
    assert (status, err) == (2, message + "\n")


def test_a_results_file_of_another_version_or_not_json_is_refused_by_name(tmp_path):
    old = tmp_path / "verify.json"
    old.write_text(json.dumps({"format": 0, "claims": []}))
    with pytest.raises(verify.VerifyError) as info:
        verify.load(old)
    assert str(info.value) == (f"{old} holds verify results of format 0; this version of snippets reads format "
                               f"{verify.FORMAT}: run `python -m snippets verify --out` again to rewrite it")
    old.write_text("{not json")
    with pytest.raises(verify.VerifyError, match=f"cannot read the verify results {old}: Expecting"):
        verify.load(old)
    with pytest.raises(verify.VerifyError, match="cannot read the verify results .*missing.json"):
        verify.load(tmp_path / "missing.json")


def test_a_cached_result_of_other_sources_or_scale_is_not_reused(toy):
    key = verify.result_key("count", "quick")
    assert key == verify.result_key("count", "quick")
    assert len({key, verify.result_key("count", "full"), verify.result_key("other", "quick")}) == 3


def test_reading_records_each_number_the_check_looked_at_by_its_path():
    claim = Claim("c", "t", "S", "", "s", "f", "o", lambda r: r["a"]["b"][1] > 0 and max(r["xs"]) < r.get("cap", 9),
                  threshold="x", refutations=(Refutation("w", altered({"a.b.1": -1})),))
    supported, read = claims_.reading(claim, {"a": {"b": [5, 6]}, "xs": [1, 2], "cap": 3, "other": 7})
    assert supported is True
    assert read == {"a.b.1": 6, "xs.0": 1, "xs.1": 2, "cap": 3}
    assert claims_.reading(claim, {"a": {"b": [5, -6]}, "xs": [1], "cap": 3}) == (False, {"a.b.1": -6})


def test_filled_fills_only_the_claims_own_figure():
    assert claims_.filled("{{ f.a.1:.1f }} and {{ g.b }}", "f", {"a": [0, 2.25]}) == "2.2 and {{ g.b }}"


def test_lookup_walks_dicts_and_list_indices_and_raises_keyerror_past_them():
    results = {"rows": [[1, 2], [3, 4]], "d": {"x": 5}}
    assert claims_.lookup(results, "rows.1.0") == 3 and claims_.lookup(results, "d.x") == 5
    for path in ("rows.2", "rows.0.2", "rows.x", "d.y", "d.x.z"):
        with pytest.raises(KeyError):
            claims_.lookup(results, path)


def test_reading_names_a_number_read_from_the_end_by_its_index():
    claim = Claim("c", "t", "S", "", "s", "f", "o", lambda r: r["xs"][-1] > r["xs"][-2], threshold="x",
                  refutations=(Refutation("w", altered({"xs.2": 0})),))
    assert claims_.reading(claim, {"xs": [5, 6, 7]}) == (True, {"xs.1": 6, "xs.2": 7})


def test_the_command_line_says_what_each_option_does(capsys):
    with pytest.raises(SystemExit) as info:
        command.main(["verify", "--help"])
    assert info.value.code == 0
    text = " ".join(capsys.readouterr().out.split())
    for expected in ("usage: python -m snippets verify [-h] [--scale {quick,full}] [--claims NAME [NAME ...] | "
                     "--page PAGE] [--jobs JOBS] [--out OUT] [--cache CACHE]",
                     "--scale {quick,full} quick: the site's parameters (minutes on a laptop); full: closer to "
                     "the papers",
                     "--claims NAME [NAME ...] only these claims (default: all)",
                     "--page PAGE only the claims of one page, e.g. training",
                     "--jobs JOBS figures computed at once, one process each (default 1)",
                     "--out OUT write verify.json and verify.md into this folder",
                     "--cache CACHE where computed results are kept for reuse (default: ~/.cache/snippets/verify)"):
        assert expected in text, expected
    with pytest.raises(SystemExit):
        command.main(["--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "Command line of the lecture package: ``python -m snippets verify`` re-checks the notes' claims" in text
    assert "verify compute the figures the claims read and check every claim" in text
    with pytest.raises(SystemExit) as info:
        command.main([])  # a command is required
    assert info.value.code == 2 and "required: command" in capsys.readouterr().err


def test_the_options_reach_verify_as_given(monkeypatch, tmp_path):
    seen = {}
    monkeypatch.setattr(verify, "main", lambda args: seen.update(vars(args)) or 7)
    assert command.main(["verify", "--page", "training", "--scale", "full", "--jobs", "3", "--out", str(tmp_path),
                         "--cache", str(tmp_path / "c")]) == 7
    assert seen == {"command": "verify", "scale": "full", "claims": None, "page": "training", "jobs": 3,
                    "out": tmp_path, "cache": tmp_path / "c"}
    seen.clear()
    command.main(["verify", "--claims", "a", "b"])
    assert seen == {"command": "verify", "scale": "quick", "claims": ["a", "b"], "page": None, "jobs": 1,
                    "out": None, "cache": None}
