"""The figure pipeline: registry, CLI, content-addressed cache, and errors that name the figure.

Most tests run on a scratch copy of the package's machinery with small toy figures, so they are fast
and can break things on purpose.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import REPO, first_lines_while_running, run
from lecture_site import cache, registry
from snippets import figures

LECTURE = ["__init__.py", "figures.py", "style.py"]  # what toy figures import from the lecture package

TOYS = {
    "helper.py": "SCALE = 2\n",
    "good.py": '''from snippets.figures import figure
from snippets.style import new_figure
from snippets import helper


@figure("good", quick=dict(n=3), full=dict(n=5))
def good(*, seed, n):
    """A line."""
    fig, (ax,) = new_figure()
    ax.plot(range(n))
    return fig, {"n": n * helper.SCALE, "seed": seed}
''',
    "other.py": '''from snippets.figures import figure
from snippets.style import new_figure


@figure("other", seed=7, quick=dict(), full=dict())
def other(*, seed):
    fig, _ = new_figure()
    return fig, {"seed": seed}
''',
    "broken.py": '''from snippets.figures import figure


@figure("broken", quick=dict(), full=dict())
def broken(*, seed):
    return helper()


def helper():
    raise ValueError("deliberately broken")
''',
    "slow.py": '''import time
from snippets.figures import figure
from snippets.style import new_figure


@figure("slow", quick=dict(), full=dict())
def slow(*, seed):
    time.sleep(60)
    return new_figure()[0], {}
''',
}


@pytest.fixture
def scratch(tmp_path) -> Path:
    """A scratch project: the real machinery plus toy figure modules, and its own cache."""
    pkg = tmp_path / "snippets"
    pkg.mkdir()
    for name in LECTURE:
        shutil.copy(REPO / "snippets" / name, pkg / name)
    shutil.copytree(REPO / "lecture_site", tmp_path / "lecture_site", ignore=shutil.ignore_patterns("__pycache__"))
    for name, text in TOYS.items():
        (pkg / name).write_text(text)
    return tmp_path


def cli(project: Path, *args: str, timeout: int = 300):
    return run([sys.executable, "-m", "lecture_site", *args], cwd=project,
               env={"PYTHONPATH": str(project), "SNIPPETS_CACHE": str(project / "cache")}, timeout=timeout)


def test_real_registry_lists_the_pages_figures():
    specs = registry.discover()
    assert {"relu-network", "piece-counts"} <= set(specs)
    assert specs["relu-network"].where.startswith("snippets/nets.py:")


def test_list_and_unknown_figure(scratch):
    listed = cli(scratch, "figures", "--list")
    assert listed.returncode == 0 and "good" in listed.stdout and "snippets/good.py:" in listed.stdout
    bad = cli(scratch, "figures", "no-such-figure")
    assert bad.returncode == 2
    assert "unknown figure 'no-such-figure'" in bad.stderr and "known figures: broken, good, other" in bad.stderr


def test_unknown_scale_is_refused(scratch):
    bad = cli(scratch, "figures", "good", "--scale", "huge")
    assert bad.returncode == 2 and "invalid choice: 'huge'" in bad.stderr


def test_build_then_cache_hit(scratch):
    first = cli(scratch, "figures", "good", "other", "--jobs", "1")
    assert first.returncode == 0, first.stderr
    assert "good" in first.stdout and "built" in first.stdout and "2 built" in first.stdout
    second = cli(scratch, "figures", "good", "other")
    assert second.returncode == 0 and "2 cached" in second.stdout and "built " not in second.stdout
    record = json.loads(next((scratch / "cache" / "good").glob("*/good.json")).read_text())
    assert record["results"] == {"n": 6, "seed": 0} and record["scale"] == "quick"
    other = json.loads(next((scratch / "cache" / "other").glob("*/other.json")).read_text())
    assert other["seed"] == 7  # the figure's own default seed


def test_svg_bytes_are_reproducible(scratch, tmp_path):
    assert cli(scratch, "figures", "good", "--jobs", "1").returncode == 0
    a = next((scratch / "cache" / "good").glob("*/good.svg")).read_bytes()
    shutil.rmtree(scratch / "cache")
    assert cli(scratch, "figures", "good", "--jobs", "1").returncode == 0
    b = next((scratch / "cache" / "good").glob("*/good.svg")).read_bytes()
    assert a == b and b"<dc:date>" not in a


def test_failing_figure_names_itself_and_the_line_and_keeps_the_others(scratch):
    proc = cli(scratch, "figures", "--jobs", "2", "good", "broken", "other")
    assert proc.returncode == 1
    assert "figure 'broken' failed at snippets/broken.py:10 in helper: ValueError: deliberately broken" \
        in proc.stderr
    assert "Traceback" not in proc.stderr
    assert cli(scratch, "figures", "good", "other").stdout.count("cached") >= 2
    assert not (scratch / "cache" / "broken").exists() or not any((scratch / "cache" / "broken").iterdir())


def test_editing_a_module_rebuilds_only_its_dependants(scratch):
    pkg = scratch / "snippets"
    specs = registry.discover(pkg)
    env = "pins"
    before = {n: cache.key(s, "quick", None, env, pkg) for n, s in specs.items()}
    (pkg / "helper.py").write_text("SCALE = 3\n")
    after = {n: cache.key(s, "quick", None, env, pkg) for n, s in specs.items()}
    assert before["good"] != after["good"]  # good imports helper
    assert before["other"] == after["other"] and before["broken"] == after["broken"]
    # scale, seed and pins are in the key too
    s = specs["other"]
    assert len({cache.key(s, "quick", None, env, pkg), cache.key(s, "full", None, env, pkg),
                cache.key(s, "quick", 1, env, pkg), cache.key(s, "quick", None, "other pins", pkg)}) == 4


def test_a_build_after_an_edit_recomputes_exactly_the_importers(scratch):
    """End to end: edit one module, and only the figures that import it (here: good) are computed."""
    (scratch / "requirements.txt").write_text("torch==2.13.0\n")
    assert cli(scratch, "figures", "good", "other", "--jobs", "1").returncode == 0
    (scratch / "snippets" / "helper.py").write_text("SCALE = 3\n")
    again = cli(scratch, "figures", "good", "other", "--jobs", "1")
    assert re.search(r"^good +built", again.stdout, re.M) and re.search(r"^other +cached", again.stdout, re.M)
    record = json.loads(max((scratch / "cache" / "good").glob("*/good.json"), key=os.path.getmtime).read_text())
    assert record["results"]["n"] == 9  # the edited module's value, not a stale entry
    # the key reads the installed versions of what figures depend on, not requirements.txt: a bumped
    # test tool there rebuilds nothing (a bumped figure package rebuilds all: see the test below)
    (scratch / "requirements.txt").write_text("torch==2.13.0\npytest==99.0\n")
    pinned = cli(scratch, "figures", "good", "other", "--jobs", "1")
    assert "2 cached" in pinned.stdout, pinned.stdout


def test_real_dependencies_follow_imports():
    deps = {p.name for p in cache.dependencies("snippets.nets")}
    assert {"nets.py", "figures.py"} <= deps and "mkdocs_hook.py" not in deps


def test_dependencies_follow_every_form_of_import_at_any_depth(tmp_path):
    """The cache key hashes what a figure's module imports, directly or not, wherever the import is: an
    import inside a function (the figure functions import ``style`` that way) counts as much as one at the
    top, or editing ``style.py`` would serve stale figures."""
    pkg = tmp_path / "snippets"
    pkg.mkdir()
    modules = {
        "__init__.py": "",
        "fig.py": "import os\nimport snippets.top\n\n\ndef f():\n    from snippets.style import new_figure\n"
                  "    from . import rel\n    return new_figure\n\n\nclass C:\n    def m(self):\n"
                  "        import snippets.deep.inner as inner\n        return inner\n",
        "top.py": "from snippets import chain\n", "chain.py": "", "style.py": "", "rel.py": "",
        "unused.py": "", "deep/__init__.py": "", "deep/inner.py": "from ..nothing import x\n",
    }
    for name, text in modules.items():
        (pkg / name).parent.mkdir(parents=True, exist_ok=True)
        (pkg / name).write_text(text)
    found = {p.relative_to(pkg).as_posix() for p in cache.dependencies("snippets.fig", pkg)}
    assert found == {"fig.py", "top.py", "chain.py", "style.py", "rel.py", "deep/inner.py"}


def test_killed_build_leaves_no_trusted_entry(scratch):
    env = dict(os.environ, PYTHONPATH=str(scratch), SNIPPETS_CACHE=str(scratch / "cache"))
    proc = subprocess.Popen([sys.executable, "-m", "lecture_site", "figures", "slow", "--jobs", "1"], cwd=scratch,
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    time.sleep(4)  # inside the 60 s sleep of the figure
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    spec = registry.discover(scratch / "snippets")["slow"]
    assert cache.lookup(scratch / "cache", "slow", cache.key(spec, "quick", None, None, scratch / "snippets")) is None


def test_two_builds_at_once_leave_one_sound_entry(scratch):
    """`mkdocs serve` and `make test` may build the same figure at the same moment: both succeed, and
    the cache holds one complete entry (each build writes a private folder and renames it into place)."""
    (scratch / "snippets" / "both.py").write_text(TOYS["slow.py"].replace("time.sleep(60)", "time.sleep(2)")
                                                   .replace('"slow"', '"both"').replace("def slow", "def both"))
    env = dict(os.environ, PYTHONPATH=str(scratch), SNIPPETS_CACHE=str(scratch / "cache"))
    procs = [subprocess.Popen([sys.executable, "-m", "lecture_site", "figures", "both", "good", "--jobs", "1"],
                              cwd=scratch, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(2)]
    outs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], [err for _, err in outs]
    assert all(re.search(r"^both +built", out, re.M) for out, _ in outs)  # both computed it at once
    for name in ("both", "good"):
        entries = list((scratch / "cache" / name).iterdir())
        assert len(entries) == 1 and not entries[0].name.startswith(".tmp"), entries
        assert cache.lookup(scratch / "cache", name, entries[0].name) == entries[0]
        json.loads((entries[0] / f"{name}.json").read_text())
    assert "2 cached" in cli(scratch, "figures", "both", "good").stdout


def test_a_later_build_removes_what_a_killed_build_left(tmp_path):
    """A killed build leaves its private folder behind; the next store in that figure's folder removes it
    once it is older than any build could take, and leaves a young one (a build still running) alone."""
    old = tmp_path / "x" / ".tmp-k-killed"
    young = tmp_path / "x" / ".tmp-k-running"
    for d in (old, young):
        d.mkdir(parents=True)
        (d / "x.svg").write_text("<svg/>")
    hours_ago = time.time() - 2 * cache.STALE_SECONDS
    os.utime(old, (hours_ago, hours_ago))
    cache.store(tmp_path, "x", "k2", b"<svg/>", {}, {})
    assert not old.exists() and young.exists()
    assert cache.lookup(tmp_path, "x", "k2") is not None


def test_each_figure_is_reported_as_it_finishes(scratch):
    """A slow figure does not hold back the line of one already done, and each line counts k of N."""
    lines = first_lines_while_running([sys.executable, "-m", "lecture_site", "figures", "slow", "good", "--jobs", "2"],
                                      scratch, {"PYTHONPATH": str(scratch), "SNIPPETS_CACHE": str(scratch / "cache")},
                                      until="good ")
    assert lines[0] == "computing 2 of 2 figures in 2 processes"
    assert re.match(r"^good +built +[0-9.]+ s  \[1/2\]$", lines[-1]), lines


def test_the_cache_key_covers_the_packages_a_figure_can_depend_on_and_no_others(monkeypatch):
    packages = cache.figure_packages()
    assert {"torch", "numpy", "scipy", "matplotlib", "scikit-learn", "pillow", "fonttools"} <= set(packages)
    assert not {"pytest", "playwright", "mkdocs", "mkdocs-material", "pytest-codeblocks"} & set(packages)
    before = cache.environment_fingerprint()
    real = cache.metadata.version
    monkeypatch.setattr(cache.metadata, "version", lambda name: "9.9" if name == "pytest" else real(name))
    assert cache.environment_fingerprint() == before  # a bump of a test tool: no figure is recomputed
    monkeypatch.setattr(cache.metadata, "version", lambda name: "9.9" if name == "pillow" else real(name))
    assert cache.environment_fingerprint() != before  # a bump of what draws the figures: all are


def test_incomplete_entry_is_not_trusted(tmp_path):
    d = cache.entry_dir(tmp_path, "x", "k")
    d.mkdir(parents=True)
    (d / "x.svg").write_text("<svg/>")
    assert cache.lookup(tmp_path, "x", "k") is None
    (d / "x.json").write_text("{}")
    assert cache.lookup(tmp_path, "x", "k") == d


def test_unwritable_outputs_are_clear_errors(scratch):
    bad = cli(scratch, "figures", "good", "--manifest", str(scratch / "no" / "such" / "m.json"))
    assert bad.returncode == 2 and "folder" in bad.stderr and "does not exist" in bad.stderr
    blocker = scratch / "file"
    blocker.write_text("")
    bad = run([sys.executable, "-m", "lecture_site", "figures", "good"], cwd=scratch,
              env={"PYTHONPATH": str(scratch), "SNIPPETS_CACHE": str(blocker / "cache")})
    assert bad.returncode == 2 and "cannot create the figure cache" in bad.stderr


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_bad_command_lines_fail_clearly_and_leave_the_cache_as_it_was(scratch):
    assert cli(scratch, "figures", "good", "--jobs", "1").returncode == 0
    before = tree(scratch / "cache")
    for args, message in [
        (["figures", "good", "nonesuch"], "unknown figure 'nonesuch'; known figures: "),
        (["figures", "good", "--scale", "huge"], "invalid choice: 'huge'"),
        (["figures", "good", "--jobs", "0"], "--jobs must be at least 1, got 0"),
        (["figures", "other", "--manifest", str(scratch / "missing" / "m.json")], "does not exist"),
        (["figures", "other", "--seed", "one"], "invalid int value: 'one'"),
        (["paint"], "invalid choice: 'paint'"),
    ]:
        proc = cli(scratch, *args)
        assert proc.returncode == 2, (args, proc.stdout, proc.stderr)
        assert message in proc.stderr and "Traceback" not in proc.stderr, (args, proc.stderr)
        assert tree(scratch / "cache") == before, f"{args} changed the cache"


def test_bad_return_value_is_named(scratch):
    (scratch / "snippets" / "wrong.py").write_text('''from snippets.figures import figure


@figure("wrong", quick=dict(), full=dict())
def wrong(*, seed):
    return {"a": 1}
''')
    proc = cli(scratch, "figures", "wrong", "--jobs", "1")
    assert proc.returncode == 1
    assert "figure 'wrong' (snippets/wrong.py:5) must return (matplotlib.figure.Figure, dict)" in proc.stderr


def test_decorator_needs_both_scales():
    with pytest.raises(figures.FigureError, match="missing \\['full'\\]"):
        figures.figure("x", quick={})


def _all_cached(project: Path) -> list[str] | None:
    """The names ``build.all_cached`` (what a warm build uses instead of a subprocess) finds, in a process
    whose lecture package is the scratch one."""
    code = ("import json; from lecture_site import build; o = build.all_cached(); "
            "print(json.dumps(None if o is None else [x.name for x in o]))")
    proc = run([sys.executable, "-c", code], cwd=project,
               env={"PYTHONPATH": str(project), "SNIPPETS_CACHE": str(project / "cache")})
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def test_a_warm_build_sees_an_edit_made_behind_the_kept_keys(scratch):
    for name in ("broken", "slow"):
        (scratch / "snippets" / f"{name}.py").unlink()
    assert cli(scratch, "figures", "--jobs", "1").returncode == 0
    assert _all_cached(scratch) == ["good", "other"]
    assert list(scratch.glob("cache/.keys-quick.json"))  # kept for the next warm build
    assert _all_cached(scratch) == ["good", "other"]
    # an edit of the same size with its modification time put back (as `cp -p` or a sync tool might)
    helper = scratch / "snippets" / "helper.py"
    st = helper.stat()
    helper.write_text("SCALE = 3\n")
    os.utime(helper, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert _all_cached(scratch) is None, "good imports helper: its figure must be computed again"
    assert cli(scratch, "figures", "--jobs", "1").returncode == 0
    assert _all_cached(scratch) == ["good", "other"]
    good = json.loads(max((scratch / "cache" / "good").glob("*/good.json"), key=os.path.getmtime).read_text())
    assert good["results"]["n"] == 9


def test_the_kept_keys_are_the_keys(scratch):
    specs = registry.discover(scratch / "snippets")
    env = cache.environment_fingerprint()
    expected = {s.name: cache.key(s, "quick", None, env, scratch / "snippets") for s in specs.values()}
    code = "import json; from lecture_site import build; print(json.dumps(build.figure_keys('quick', 'cache')))"
    for _ in range(2):  # computed, then read back
        proc = run([sys.executable, "-c", code], cwd=scratch, env={"PYTHONPATH": str(scratch)})
        assert proc.returncode == 0, proc.stderr
        assert json.loads(proc.stdout) == expected


def test_a_figure_registered_by_assignment_is_the_same_spec(tmp_path):
    """``f = figure(...)(f)`` registers as ``@figure`` does (mutation testing rewrites decorators so), at
    the function's line; an assignment of anything else registers nothing."""
    pkg = tmp_path / "snippets"
    pkg.mkdir()
    (pkg / "one.py").write_text('from snippets.figures import figure\n\n\n'
                                '@figure("a", seed=0, quick={}, full={})\ndef a_figure(*, seed):\n'
                                '    """Doc."""\n    return None, {}\n')
    decorated = registry.discover(pkg)["a"]
    (pkg / "one.py").unlink()
    (pkg / "two.py").write_text('from snippets.figures import figure\n\n\n#\ndef a_figure(*, seed):\n'
                                '    """Doc."""\n    return None, {}\n\n\nother = len(other)\n'
                                'a_figure = (figure("a", seed=0, quick={}, full={}))(a_figure)\n')
    assigned = registry.discover(pkg)["a"]
    assert (assigned.function, assigned.line, assigned.doc) == (decorated.function, decorated.line, "Doc.")
    (pkg / "two.py").write_text((pkg / "two.py").read_text().replace("(a_figure)\n", "(len)\n"))
    assert registry.discover(pkg) == {}
