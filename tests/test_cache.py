"""The figure cache in one process (lecture_site.cache): exact entries, the key's inputs, the packages it
covers, and what a later build cleans up. (test_figures.py drives the same code through the CLI.)"""
from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from lecture_site import cache
from lecture_site.registry import FigureSpec


def test_an_entry_is_written_whole_with_its_exact_files(tmp_path):
    root = tmp_path / "not" / "yet"  # created on the way
    record, timing = {"b": 1, "a": [1.5, "x"]}, {"seconds": 2.25, "jobs": 2}
    final = cache.store(root, "fig", "k1", b"<svg>1</svg>", record, timing)
    assert final == cache.entry_dir(root, "fig", "k1") == root / "fig" / "k1"
    assert sorted(p.name for p in final.iterdir()) == ["build.json", "fig.json", "fig.svg"]
    assert (final / "fig.svg").read_bytes() == b"<svg>1</svg>"
    assert (final / "fig.json").read_text(encoding="utf-8") == json.dumps(record, indent=2, sort_keys=True) + "\n"
    assert (final / "build.json").read_text(encoding="utf-8") == '{"jobs": 2, "seconds": 2.25}\n'
    assert stat.S_IMODE(final.stat().st_mode) == 0o755  # readable by a web server, like any folder
    assert cache.lookup(root, "fig", "k1") == final
    assert [p.name for p in (root / "fig").iterdir()] == ["k1"]  # no temporary left


def test_an_entry_is_assembled_beside_its_place_under_a_name_later_builds_can_clean(tmp_path, monkeypatch):
    """The rename into place is atomic only within one folder, and a killed build's leftover is found by
    its ``.tmp-`` prefix (remove_stale_temporaries)."""
    renamed, real = [], os.rename
    monkeypatch.setattr(cache.os, "rename", lambda src, dst: (renamed.append(Path(src)), real(src, dst))[1])
    final = cache.store(tmp_path, "fig", "k1", b"<svg/>", {}, {})
    (src,) = renamed
    assert src.parent == final.parent and src.name.startswith(".tmp-k1-")


def test_a_second_store_of_the_same_key_keeps_the_first(tmp_path):
    first = cache.store(tmp_path, "fig", "k", b"<svg>first</svg>", {"n": 1}, {})
    again = cache.store(tmp_path, "fig", "k", b"<svg>second</svg>", {"n": 2}, {})
    assert again == first and (first / "fig.svg").read_bytes() == b"<svg>first</svg>"
    assert [p.name for p in (tmp_path / "fig").iterdir()] == ["k"]


def test_a_store_that_cannot_be_completed_raises_and_leaves_nothing(tmp_path):
    (tmp_path / "fig").mkdir()
    (tmp_path / "fig" / "k").write_text("a file where the entry's folder should go")
    with pytest.raises(OSError):
        cache.store(tmp_path, "fig", "k", b"<svg/>", {}, {})
    assert sorted(p.name for p in (tmp_path / "fig").iterdir()) == ["k"]


def test_only_temporaries_older_than_the_limit_are_removed(tmp_path, monkeypatch):
    now = 1_000_000_000.0
    monkeypatch.setattr(cache.time, "time", lambda: now)
    ages = {".tmp-a-old": 3601, ".tmp-b-limit": 3600, ".tmp-c-young": 10, "kept-entry": 9999}
    for name, age in ages.items():
        (tmp_path / name).mkdir()
        os.utime(tmp_path / name, (now - age, now - age))
    (tmp_path / ".tmp-file").write_text("not a folder")
    os.utime(tmp_path / ".tmp-file", (now - 9999, now - 9999))
    assert cache.remove_stale_temporaries(tmp_path, max_age=3600) == [tmp_path / ".tmp-a-old"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [".tmp-b-limit", ".tmp-c-young", ".tmp-file", "kept-entry"]


def test_default_root_follows_snippets_cache(monkeypatch, tmp_path):
    monkeypatch.setenv("SNIPPETS_CACHE", str(tmp_path / "c"))
    assert cache.default_root() == tmp_path / "c"
    monkeypatch.delenv("SNIPPETS_CACHE")
    assert cache.default_root() == cache.REPO_DIR / ".cache" / "figures"


def test_requirements_are_read_without_versions_markers_or_extras(monkeypatch):
    requires = {"top": ["numpy>=1.2", "pillow (>=8) ; extra == 'plots'", "Foo_Bar[fast]~=1.0 ; python_version > '3'",
                        "baz!=2", "qux<3", "tab\tx", "  spaced  "],
                "bare": None}
    monkeypatch.setattr(cache.metadata, "requires", lambda dist: requires[dist])
    assert cache._requirement_names("top") == ["numpy", "Foo_Bar", "baz", "qux", "tab", "spaced"]
    assert cache._requirement_names("bare") == []


def test_figure_packages_are_the_transitive_requirements_by_canonical_name(monkeypatch):
    graph = {"torch": ["Typing_Extensions", "sympy"], "sympy": ["mpmath"], "mpmath": [], "typing-extensions": [],
             "scikit-learn": ["numpy", "torch"], "numpy": []}

    def requires(name):
        if name not in graph:
            raise cache.metadata.PackageNotFoundError(name)
        return graph[name]
    monkeypatch.setattr(cache, "FIGURE_PACKAGES", ("torch", "scikit_learn", "not.installed"))
    monkeypatch.setattr(cache, "_requirement_names", requires)
    cache.figure_packages.cache_clear()
    try:
        assert cache.figure_packages() == ("mpmath", "not-installed", "numpy", "scikit-learn", "sympy", "torch",
                                           "typing-extensions")
    finally:
        cache.figure_packages.cache_clear()


def test_the_fingerprint_names_python_and_every_version(monkeypatch):
    monkeypatch.setattr(cache, "figure_packages", lambda: ("numpy", "gone"))
    monkeypatch.setattr(cache.platform, "python_version", lambda: "3.11.7")

    def version(name):
        if name == "gone":
            raise cache.metadata.PackageNotFoundError(name)
        return "2.4.6"
    monkeypatch.setattr(cache.metadata, "version", version)
    assert cache.environment_fingerprint() == "python=3.11.7\nnumpy=2.4.6\ngone=absent"


def spec(**changes) -> FigureSpec:
    fields = dict(name="fig", module="snippets.mod", function="f", file=Path("mod.py"), line=1)
    return FigureSpec(**{**fields, **changes})


def test_the_key_changes_with_each_of_its_inputs_and_nothing_else(tmp_path, monkeypatch):
    pkg = tmp_path / "snippets"
    pkg.mkdir()
    (pkg / "mod.py").write_text("from snippets import dep\n")
    (pkg / "dep.py").write_text("X = 1\n")
    key = lambda s=spec(), scale="quick", seed=None, env="E": cache.key(s, scale, seed, env, pkg)  # noqa: E731
    base = key()
    assert len(base) == 24 and int(base, 16) >= 0 and key() == base
    assert key(spec(line=99, doc="moved"), env="E") == base  # where it is written is not what it computes
    variants = [key(spec(name="other")), key(spec(function="g")), key(scale="full"), key(seed=0), key(seed=1),
                key(env="E2"), key(spec(module="snippets.dep"))]
    assert len({base, *variants}) == 1 + len(variants)
    (pkg / "dep.py").write_text("X = 2\n")  # a module it imports, edited
    assert key() != base
    (pkg / "mod.py").write_text("from snippets import dep\nfrom snippets.claims import Claim\n")
    parts = {name: f"def {name}(): pass\n" for name in cache.VERDICT_CODE}
    (pkg / "claims.py").write_text("class Claim: pass\n" + "".join(parts.values()))
    declaring = key()
    (pkg / "claims.py").write_text("class Claim:\n    x = 1\n" + "".join(parts.values()))
    assert key() == declaring  # the Claim type, its box: no figure's record depends on them
    for name in cache.VERDICT_CODE:  # how the verdicts stored with it are made
        (pkg / "claims.py").write_text("class Claim: pass\n" + "".join(parts.values()).replace(
            f"def {name}(): pass", f"def {name}(): return 1"))
        assert key() != declaring, name
    (pkg / "claims.py").write_text("class Claim: pass\n")  # renamed away: the whole file counts
    assert key() != declaring
    monkeypatch.setattr(cache, "environment_fingerprint", lambda: "E")
    assert cache.key(spec(), "quick", None, None, pkg) == key()  # no environment given: the installed one


def test_the_key_tells_apart_inputs_that_only_concatenate_alike(tmp_path):
    pkg = tmp_path / "snippets"
    pkg.mkdir()
    (pkg / "mod.py").write_text("")
    a = cache.key(spec(name="ab", function="c"), "quick", None, "E", pkg)
    b = cache.key(spec(name="a", function="bc"), "quick", None, "E", pkg)
    assert a != b


def test_a_name_from_the_package_that_is_not_a_module_does_not_end_the_walk(tmp_path):
    pkg = tmp_path / "snippets"
    pkg.mkdir()
    (pkg / "fig.py").write_text("from snippets import aaa, zzz_constant\n")  # walked last-first: zzz, then aaa
    (pkg / "aaa.py").write_text("")
    assert [p.name for p in cache.dependencies("snippets.fig", pkg)] == ["aaa.py", "fig.py"]
