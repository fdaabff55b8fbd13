"""Building figures into the cache, in this process: a scratch lecture package of tiny figures, its own
cache folder, and a clock that ticks exactly (tests/test_figures.py runs the command in a process of its own).
"""
from __future__ import annotations

import functools
import importlib
import io
import json
import sys
import types
from importlib import metadata
from pathlib import Path

import pytest
import torch
from matplotlib.figure import Figure
from threadpoolctl import threadpool_limits

from lecture_site import build, cache, registry
from lecture_site.build import Outcome
from lecture_site.registry import FigureSpec
from snippets.figures import FigureError

TOYS = {
    "good.py": '''import os

import torch
from matplotlib.figure import Figure
from threadpoolctl import threadpool_info

from snippets.figures import figure


@figure("good", quick=dict(n=3), full=dict(n=(1, 2), steps=range(2)))
def good(*, seed, n, steps=None):
    """An empty box (a small figure is quick to draw)."""
    fig = Figure(figsize=(1, 1))
    fig.add_axes((0, 0, 1, 1)).set_axis_off()
    return fig, {"n": n, "seed": seed, "pair": (1, 2), "threads": torch.get_num_threads(),
                 "blas": sorted({p["num_threads"] for p in threadpool_info()}), "pid": os.getpid()}
''',
    "other.py": '''from matplotlib.figure import Figure

from snippets.figures import figure


@figure("other", seed=7, quick=dict(), full=dict())
def other(*, seed):
    return Figure(figsize=(1, 1)), {"seed": seed}
''',
}
BROKEN = '''import json

from snippets.figures import figure


@figure("broken", quick=dict(), full=dict())
def broken(*, seed):
    return middle()


def middle():
    return helper()


def helper():
    raise ValueError("deliberately broken")


def parse():
    return json.loads("{")
'''
WRONG = '''from snippets.figures import figure


@figure("wrong", quick=dict(), full=dict())
def wrong(*, seed):
    return 3
'''
TICK = 1.25  # seconds between two readings of the clock


@pytest.fixture
def toy(tmp_path, monkeypatch):
    """A lecture package ``toyfigs`` (good, other) that the registry reads and this process imports, a clock
    that advances TICK at each reading, and torch's thread count put back afterwards."""
    pkg = tmp_path / "toyfigs"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    for name, text in TOYS.items():
        (pkg / name).write_text(text)
    importlib.invalidate_caches()
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(registry, "PACKAGE_DIR", pkg)
    monkeypatch.setattr(registry, "discover", functools.partial(registry.discover, pkg))
    readings = iter(range(10**6))
    monkeypatch.setattr(build, "time", types.SimpleNamespace(perf_counter=lambda: next(readings) * TICK))
    threads = torch.get_num_threads()
    yield pkg
    torch.set_num_threads(threads)
    for name in [m for m in sys.modules if m == "toyfigs" or m.startswith("toyfigs.")]:
        del sys.modules[name]


def add(pkg: Path, name: str, text: str) -> None:
    (pkg / name).write_text(text)
    importlib.invalidate_caches()


def spec_of(name: str) -> FigureSpec:
    return registry.discover()[name]


# --- one figure -----------------------------------------------------------------------------------------

def test_compute_records_what_made_the_figure(toy):
    svg, record = build.compute(spec_of("good"), "quick")
    assert svg.startswith(b"<?xml") and b"<svg" in svg
    results = record.pop("results")
    assert results["n"] == 3 and results["seed"] == 0 and results["pair"] == [1, 2]
    assert record.pop("versions") == {p: metadata.version(p) for p in ("torch", "numpy", "matplotlib")}
    axes = record.pop("axes")
    assert (axes["width"], axes["height"], axes["axes"][0]["box"]) == (72.0, 72.0, [0.0, 0.0, 72.0, 72.0])
    assert record == {"figure": "good", "made_by": "toyfigs.good.good", "source": "toyfigs/good.py:11",
                      "scale": "quick", "seed": 0, "parameters": {"n": 3}, "claims": {}}


CLAIMED = '''from snippets.claims import CONSTRUCTION, Claim
from snippets.figures import figure
from snippets.style import new_figure


@figure("claimed", quick=dict(n=3), full=dict(n=4))
def claimed(*, seed, n):
    return new_figure()[0], {"n": n}


def _three(r):
    return r["n"] == 3


def _unreadable(r):
    return r["missing"] > 0


CLAIMS = (
    Claim("is-three", "three", "S", "", "st", "claimed", "ours", _three, kind=CONSTRUCTION, threshold="x"),
    Claim("elsewhere", "t", "S", "", "st", "good", "ours", _unreadable, kind=CONSTRUCTION, threshold="x"),
)
'''


def test_compute_stores_the_verdicts_of_the_claims_that_read_the_figure(toy):
    add(toy, "claimed.py", CLAIMED)
    assert build.compute(spec_of("claimed"), "quick")[1]["claims"] == {"is-three": {"supported": True,
                                                                                    "read": {"n": 3}}}
    assert build.compute(spec_of("claimed"), "full")[1]["claims"] == {"is-three": {"supported": False,
                                                                                   "read": {"n": 4}}}


def test_a_check_that_cannot_read_its_figure_fails_the_figure_naming_both(toy):
    add(toy, "claimed.py", CLAIMED.replace('"good", "ours", _unreadable', '"claimed", "ours", _unreadable'))
    with pytest.raises(FigureError) as info:
        build.compute(spec_of("claimed"), "quick")
    assert str(info.value) == ("figure 'claimed' (toyfigs/claimed.py:7): claim 'elsewhere' cannot be checked on "
                               "figure 'claimed': KeyError: 'missing'")


def test_compute_uses_the_scale_and_a_seed_given_else_the_figures_own(toy):
    _, record = build.compute(spec_of("good"), "full", seed=5)
    assert record["parameters"] == {"n": [1, 2], "steps": [0, 1]} and record["scale"] == "full"
    assert record["seed"] == record["results"]["seed"] == 5
    assert build.compute(spec_of("other"), "quick")[1]["seed"] == 7
    assert build.compute(spec_of("other"), "quick", seed=0)[1]["results"] == {"seed": 0}


def test_a_figure_computes_with_one_thread_for_torch_and_blas(toy):
    """And torch stays at one thread afterwards, for the next figure computed in this process."""
    torch.set_num_threads(2)
    with threadpool_limits(limits=2):
        results = build.compute(spec_of("good"), "quick")[1]["results"]
        assert torch.get_num_threads() == 1
    assert results["threads"] == 1 and results["blas"] in ([], [1])


def test_a_figure_that_returns_something_else_is_refused(toy):
    add(toy, "wrong.py", WRONG)
    with pytest.raises(FigureError, match=r"^figure 'wrong' \(toyfigs/wrong\.py:5\) must return "
                                          r"\(matplotlib\.figure\.Figure, dict\), got int$"):
        build.compute(spec_of("wrong"), "quick")


@pytest.mark.parametrize("out", [(1, {}), (Figure(), {}, {}), [Figure(), {}]])
def test_only_a_figure_and_a_dict_will_do(toy, out):
    add(toy, "returns.py", 'from snippets.figures import figure\n\nOUT = None\n\n\n'
                           '@figure("returns", quick={}, full={})\ndef returns(*, seed):\n    return OUT\n')
    importlib.import_module("toyfigs.returns").OUT = out
    with pytest.raises(FigureError, match=rf"must return \(matplotlib\.figure\.Figure, dict\), got "
                                          rf"{type(out).__name__}$"):
        build.compute(spec_of("returns"), "quick")


def test_a_figure_whose_results_are_not_a_dict_is_refused(toy):
    add(toy, "returns.py", 'from snippets.figures import figure\n\nOUT = None\n\n\n'
                           '@figure("returns", quick={}, full={})\ndef returns(*, seed):\n    return OUT\n')
    importlib.import_module("toyfigs.returns").OUT = (Figure(), [1])
    with pytest.raises(FigureError, match=r"^figure 'returns' \(toyfigs/returns\.py:7\) returned list for its "
                                          r"results; expected a dict$"):
        build.compute(spec_of("returns"), "quick")


def test_results_must_be_a_dict_of_plain_json_data():
    spec = FigureSpec("r", "m", "f", registry.PACKAGE_DIR / "m.py", 4)
    plain = build._jsonable({"b": (1, 2), "a": {3: "x"}}, spec)
    assert plain == {"a": {"3": "x"}, "b": [1, 2]} and list(plain) == ["a", "b"]
    with pytest.raises(FigureError, match=r"^figure 'r' \(snippets/m\.py:4\) returned list for its results; "
                                          r"expected a dict$"):
        build._jsonable([1], spec)
    for bad in ({"a": float("nan")}, {"a": object()}):
        with pytest.raises(FigureError, match=r"^figure 'r' \(snippets/m\.py:4\): results are not plain JSON "
                                              r"data: "):
            build._jsonable(bad, spec)


def raised(fn) -> Exception:
    try:
        fn()
    except Exception as e:  # noqa: BLE001
        return e
    raise AssertionError("did not raise")


def test_a_failure_is_placed_at_the_deepest_line_of_the_package(toy):
    add(toy, "broken.py", BROKEN)
    module = importlib.import_module("toyfigs.broken")
    spec = spec_of("broken")
    assert build._failure_site(raised(lambda: module.broken(seed=0)), spec) == "toyfigs/broken.py:16 in helper"
    # a library's frames below ours do not count
    assert build._failure_site(raised(module.parse), spec) == "toyfigs/broken.py:20 in parse"
    # nothing of ours on the way: the figure's definition
    assert build._failure_site(raised(lambda: json.loads("{")), spec) == "toyfigs/broken.py:7"


LIBRARY = '''def fit(steps):
    if steps < 0:
        raise ValueError(f"steps must be at least 0, got {steps}")
    return steps
'''
CALLER = '''from snippets.figures import figure
from toyfigs.library import fit


@figure("caller", quick=dict(steps=-1), full=dict(steps=1))
def caller(*, seed, steps):
    prepared = steps
    return fit(prepared)
'''


def test_a_failure_in_a_library_module_names_the_figures_own_call_first(toy):
    add(toy, "library.py", LIBRARY)
    add(toy, "caller.py", CALLER)
    module = importlib.import_module("toyfigs.caller")
    assert build._failure_site(raised(lambda: module.caller(seed=0, steps=-1)), spec_of("caller")) == \
        "toyfigs/caller.py:8 in caller → toyfigs/library.py:3 in fit"
    # a folder beside the package whose name begins like it is not the package
    sibling = toy.parent / (toy.name + "_extra")
    sibling.mkdir()
    (sibling / "m.py").write_text("def f():\n    raise ValueError('x')\n")
    namespace = {}
    exec(compile((sibling / "m.py").read_text(), str(sibling / "m.py"), "exec"), namespace)
    assert build._failure_site(raised(namespace["f"]), spec_of("caller")) == "toyfigs/caller.py:6"


def test_a_failure_outcome_names_the_figure_without_a_traceback(toy):
    add(toy, "broken.py", BROKEN)
    spec = spec_of("broken")
    module = importlib.import_module("toyfigs.broken")
    assert build._failure(spec, raised(lambda: module.broken(seed=0)), 2.5) == Outcome(
        "broken", "failed", 2.5,
        error="figure 'broken' failed at toyfigs/broken.py:16 in helper: ValueError: deliberately broken")
    assert build._failure(spec, raised(lambda: json.loads("{")), 0.0).error.startswith(
        "figure 'broken' failed at toyfigs/broken.py:7: JSONDecodeError: ")
    assert build._failure(spec, FigureError("as it says"), 0.5) == Outcome("broken", "failed", 0.5,
                                                                           error="as it says")


def test_build_one_stores_the_figure_and_its_time(toy, tmp_path):
    out = build._build_one(spec_of("good"), "quick", None, str(tmp_path / "c"), "k1")
    entry = tmp_path / "c" / "good" / "k1"
    assert out == Outcome("good", "built", TICK, str(entry / "good.svg"), str(entry / "good.json"))
    assert json.loads((entry / "build.json").read_text()) == {"seconds": TICK}
    assert json.loads((entry / "good.json").read_text())["results"]["seed"] == 0
    assert build._build_one(spec_of("other"), "quick", 3, str(tmp_path / "c"), "k2").status == "built"
    assert json.loads((tmp_path / "c" / "other" / "k2" / "other.json").read_text())["seed"] == 3


def test_the_stored_time_is_rounded_to_milliseconds(toy, tmp_path, monkeypatch):
    readings = iter([0.0, 1.23456])
    monkeypatch.setattr(build, "time", types.SimpleNamespace(perf_counter=lambda: next(readings)))
    out = build._build_one(spec_of("other"), "quick", None, str(tmp_path / "c"), "k")
    assert out.seconds == 1.23456
    assert json.loads((tmp_path / "c" / "other" / "k" / "build.json").read_text()) == {"seconds": 1.235}


def test_build_one_reports_a_failing_figure_and_stores_nothing(toy, tmp_path):
    add(toy, "broken.py", BROKEN)
    add(toy, "wrong.py", WRONG)
    root = tmp_path / "c"
    assert build._build_one(spec_of("broken"), "quick", None, str(root), "k") == Outcome(
        "broken", "failed", TICK,
        error="figure 'broken' failed at toyfigs/broken.py:16 in helper: ValueError: deliberately broken")
    assert build._build_one(spec_of("wrong"), "quick", None, str(root), "k").error == \
        "figure 'wrong' (toyfigs/wrong.py:5) must return (matplotlib.figure.Figure, dict), got int"
    assert not (root / "broken").exists() and not (root / "wrong").exists()


def test_a_figure_whose_module_does_not_import_fails_before_the_clock_starts(toy, tmp_path):
    add(toy, "noimport.py", BROKEN.replace("import json", "import no_such_module_here"))
    out = build._build_one(spec_of("broken"), "quick", None, str(tmp_path / "c"), "k")
    assert out == Outcome("broken", "failed", 0.0, error="figure 'broken' failed at toyfigs/noimport.py:1 in <module>: "
                                                         "ModuleNotFoundError: No module named 'no_such_module_here'")


def test_one_job_builds_in_this_process_in_order(toy, tmp_path):
    import os

    calls = [(spec_of(n), "quick", None, str(tmp_path / "c"), n) for n in ("other", "good")]
    outcomes = list(build._run(calls, 1))
    assert [o.name for o in outcomes] == ["other", "good"]
    record = json.loads(Path(outcomes[1].json).read_text())
    assert record["results"]["pid"] == os.getpid()


def test_several_jobs_compute_in_fresh_processes(toy, tmp_path):
    """Workers are started afresh (spawn, not fork: a forked child of a process that imported torch can
    deadlock), so they import a figure's module from its source: a figure made only in this process is
    unknown to them. (Both figures fail at once in their worker, so the test is quick.)"""
    from snippets.figures import figure

    package = importlib.import_module("toyfigs")  # empty: quick to import in a worker
    package.late = figure("late", quick={}, full={})(lambda *, seed: None)
    spec = FigureSpec("late", "toyfigs", "late", cache.REPO_DIR / "snippets" / "late.py", 1)  # told as in a worker
    assert registry.load(spec) is package.late  # here it is known
    outcomes = list(build._run([(spec, "quick", None, str(tmp_path / "c"), k) for k in ("k1", "k2")], 2))
    assert [o.status for o in outcomes] == ["failed", "failed"]
    assert {o.error for o in outcomes} == {"figure 'late' (snippets/late.py:1): toyfigs.late is not "
                                           "registered with @figure under that name"}


# --- many figures -----------------------------------------------------------------------------------------

def line(name: str, status: str, seconds: float, progress: str = "") -> str:
    return build._line(Outcome(name, status, seconds), progress)


def test_an_outcome_line_is_aligned_with_its_progress_and_error():
    assert build._line(Outcome("good", "built", 1.5)) == "good" + " " * 25 + "built      1.50 s"
    assert build._line(Outcome("good", "cached", 0.0), "2/3") == "good" + " " * 25 + "cached     0.00 s  [2/3]"
    assert build._line(Outcome("bad", "failed", 12.345, error="it broke"), "1/1") == \
        "bad" + " " * 26 + "failed    12.35 s  [1/1]\n  error: it broke"


def test_build_computes_then_reuses(toy, tmp_path):
    lines = []
    first = build.build(["good"], root=tmp_path / "c", jobs=1, report=lines.append)
    assert [(o.name, o.status, o.seconds) for o in first] == [("good", "built", TICK)]
    assert lines == ["computing 1 of 1 figures in 1 process", line("good", "built", TICK, "1/1"),
                     "1 figures (1 built, 0 cached, 0 failed) in 1.25 s of compute"]
    lines.clear()
    second = build.build(["good"], root=tmp_path / "c", report=lines.append)
    assert second == [Outcome("good", "cached", 0.0, first[0].svg, first[0].json)]
    assert lines == [line("good", "cached", 0.0), "1 figures (0 built, 1 cached, 0 failed) in 0.00 s of compute"]


def test_build_keeps_the_order_asked_and_builds_the_others_when_one_fails(toy, tmp_path):
    add(toy, "broken.py", BROKEN)
    lines = []
    build.build(["other"], root=tmp_path / "c", report=lines.append)
    lines.clear()
    outcomes = build.build(["good", "broken", "other"], root=tmp_path / "c", jobs=1, report=lines.append)
    assert [(o.name, o.status) for o in outcomes] == [("good", "built"), ("broken", "failed"), ("other", "cached")]
    assert lines[0] == line("other", "cached", 0.0)
    assert lines[1] == "computing 2 of 3 figures in 1 process"
    assert lines[2] == line("good", "built", TICK, "1/2")
    assert lines[3].startswith(line("broken", "failed", TICK, "2/2") + "\n  error: figure 'broken' failed at ")
    assert lines[4] == "3 figures (1 built, 1 cached, 1 failed) in 2.50 s of compute"


def test_a_seed_given_is_a_figure_of_its_own(toy, tmp_path):
    build.build(["other"], root=tmp_path / "c", jobs=1, report=lambda _: None)
    (seeded,) = build.build(["other"], seed=3, root=tmp_path / "c", jobs=1, report=lambda _: None)
    assert seeded.status == "built" and json.loads(Path(seeded.json).read_text())["seed"] == 3
    assert build.build(["other"], seed=3, root=tmp_path / "c", report=lambda _: None)[0] == \
        Outcome("other", "cached", 0.0, seeded.svg, seeded.json)


def test_build_without_names_builds_every_figure_by_name(toy, tmp_path):
    outcomes = build.build(None, root=tmp_path / "c", jobs=1, report=lambda _: None)
    assert [o.name for o in outcomes] == ["good", "other"]
    assert build.build([], root=tmp_path / "c", report=lambda _: None) == \
        [Outcome(o.name, "cached", 0.0, o.svg, o.json) for o in outcomes]


def test_each_line_is_printed_and_flushed_as_it_happens(toy, tmp_path, monkeypatch):
    class Out(io.StringIO):
        def flush(self):
            self.lines_at_flush.append(self.getvalue().count("\n"))

    out = Out()
    out.lines_at_flush = []
    monkeypatch.setattr(sys, "stdout", out)
    build.build(["other"], root=tmp_path / "c", jobs=1)
    assert out.getvalue().splitlines() == ["computing 1 of 1 figures in 1 process", line("other", "built", TICK, "1/1"),
                                           "1 figures (1 built, 0 cached, 0 failed) in 1.25 s of compute"]
    assert out.lines_at_flush == [1, 2, 3]


def test_the_cache_is_snippets_cache_by_default(toy, tmp_path, monkeypatch):
    monkeypatch.setenv("SNIPPETS_CACHE", str(tmp_path / "env-cache"))
    (out,) = build.build(["other"], jobs=1, report=lambda _: None)
    assert Path(out.svg).parent.parent == tmp_path / "env-cache" / "other"
    assert build.all_cached("quick") is None  # good is not there
    build.build(None, jobs=1, report=lambda _: None)
    assert [o.name for o in build.all_cached("quick")] == ["good", "other"]


def test_an_unknown_scale_is_refused_before_anything(toy, tmp_path):
    with pytest.raises(FigureError, match=r"^unknown scale 'huge'; choose one of quick, full$"):
        build.build(["good"], "huge", root=tmp_path / "c", report=lambda _: None)
    assert not (tmp_path / "c").exists()


def test_a_cache_that_cannot_be_made_or_written_is_an_error(toy, tmp_path, monkeypatch):
    (tmp_path / "file").write_text("")
    with pytest.raises(FigureError, match=r"^cannot create the figure cache at .*file/c: Not a directory$"):
        build.build(["good"], root=tmp_path / "file" / "c", report=lambda _: None)
    root = tmp_path / "readonly"
    real = build.os.access
    monkeypatch.setattr(build.os, "access", lambda p, mode: False if Path(p) == root else real(p, mode))
    with pytest.raises(FigureError, match=r"^the figure cache at .*readonly is not writable$"):
        build.build(["good"], root=root, report=lambda _: None)
    deep = tmp_path / "not" / "yet" / "there"
    assert build.build(["good"], root=deep, jobs=1, report=lambda _: None)[0].status == "built"


@pytest.mark.parametrize("jobs, cpus, expected", [(None, 4, 2), (None, None, 1), (1, 4, 1), (2, 1, 2), (8, 1, 2),
                                                  (0, 3, 2)])
def test_as_many_processes_as_asked_or_cores_but_no_more_than_figures(toy, tmp_path, monkeypatch, jobs, cpus,
                                                                       expected):
    """Two figures to compute; the processes themselves are not started here."""
    seen = []

    def run(calls, jobs):
        seen.append(jobs)
        return [build._build_one(*c) for c in calls]

    monkeypatch.setattr(build, "_run", run)
    monkeypatch.setattr(build.os, "cpu_count", lambda: cpus)
    lines = []
    build.build(None, root=tmp_path / "c", jobs=jobs, report=lines.append)
    assert seen == [expected]
    assert lines[0] == f"computing 2 of 2 figures in {expected} process{'es' if expected > 1 else ''}"
    assert lines[1:3] == [line("good", "built", TICK, "1/2"), line("other", "built", TICK, "2/2")]


def test_all_cached_only_when_every_figure_is(toy, tmp_path):
    root = tmp_path / "c"
    assert build.all_cached("quick", root) is None
    build.build(["good"], root=root, jobs=1, report=lambda _: None)
    assert build.all_cached("quick", root) is None
    built = build.build(None, root=root, jobs=1, report=lambda _: None)
    assert build.all_cached("quick", root) == [Outcome(o.name, "cached", 0.0, o.svg, o.json) for o in built]
    assert build.all_cached("full", root) is None


def test_all_cached_looks_at_the_quick_figures_by_default(toy, tmp_path, monkeypatch):
    monkeypatch.setenv("SNIPPETS_CACHE", str(tmp_path / "c"))
    built = build.build(None, jobs=1, report=lambda _: None)
    assert build.all_cached() == [Outcome(o.name, "cached", 0.0, o.svg, o.json) for o in built]


def test_the_figure_keys_are_the_cache_keys_kept_until_the_package_changes(toy, tmp_path):
    root = tmp_path / "c"
    env = cache.environment_fingerprint()
    expected = {s.name: cache.key(s, "quick", None, env) for s in registry.discover().values()}
    keys = build.figure_keys("quick", root)
    assert keys == expected and list(keys) == ["good", "other"]
    assert build.figure_keys("full", root) == {s.name: cache.key(s, "full", None, env)
                                               for s in registry.discover().values()}
    kept = root / ".keys-quick.json"
    stored = json.loads(kept.read_text())
    stored["value"]["good"] = "kept"
    kept.write_text(json.dumps(stored))
    assert build.figure_keys("quick", root)["good"] == "kept"  # read back, not computed again
    add(toy, "wrong.py", WRONG)
    assert list(build.figure_keys("quick", root)) == ["good", "other", "wrong"]


@pytest.mark.parametrize("module", [cache, registry])
def test_the_kept_figure_keys_are_computed_again_when_their_code_changes(toy, tmp_path, monkeypatch, module):
    root = tmp_path / "c"
    keys = build.figure_keys("quick", root)
    kept = root / ".keys-quick.json"
    stored = json.loads(kept.read_text())
    stored["value"]["good"] = "stale"
    kept.write_text(json.dumps(stored))
    edited = tmp_path / "edited.py"
    edited.write_text(Path(module.__file__).read_text() + "\n# edited\n")
    monkeypatch.setattr(module, "__file__", str(edited))
    assert build.figure_keys("quick", root) == keys


def test_the_manifest_lists_every_outcome():
    outcomes = [Outcome("a", "built", 1.5, "a.svg", "a.json"), Outcome("b", "failed", 0.0, error="e")]
    assert build.as_manifest(outcomes) == json.dumps([
        {"name": "a", "status": "built", "seconds": 1.5, "svg": "a.svg", "json": "a.json", "error": ""},
        {"name": "b", "status": "failed", "seconds": 0.0, "svg": "", "json": "", "error": "e"}], indent=2)
