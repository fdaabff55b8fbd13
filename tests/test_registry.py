"""The registry of figures, on scratch packages: what ``@figure`` functions it finds by reading the sources,
how names are selected, and how a spec is loaded (all in this process, no build)."""
from __future__ import annotations

import importlib
import importlib.machinery
import importlib.util
import sys
from pathlib import Path

import pytest

from conftest import REPO
from lecture_site import registry
from lecture_site.registry import FigureSpec
from snippets.figures import SCALES, FigureError

GOOD = '''from snippets.figures import figure


def helper():
    return 1


@figure("good", quick=dict(), full=dict())
def good(*, seed):
    """Draws a line.

    More about it.
    """


def plain():
    """Not a figure."""
'''


@pytest.fixture
def toy(tmp_path, monkeypatch):
    """A scratch lecture package ``toyfigs`` importable from this process, and its folder."""
    pkg = tmp_path / "toyfigs"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(registry, "PACKAGE_DIR", pkg)  # where a spec's place is told relative to
    yield pkg
    for name in [m for m in sys.modules if m == "toyfigs" or m.startswith("toyfigs.")]:
        del sys.modules[name]


def write(pkg: Path, name: str, text: str) -> Path:
    (pkg / name).write_text(text, encoding="utf-8")
    importlib.invalidate_caches()
    return pkg / name


def test_the_lecture_package_is_the_one_python_imports():
    import snippets

    assert registry._lecture_dir() == Path(snippets.__file__).parent.resolve() == REPO / "snippets"


def test_the_first_folder_of_the_package_is_scanned(monkeypatch, tmp_path):
    spec = importlib.machinery.ModuleSpec("snippets", None, is_package=True)
    spec.submodule_search_locations = [str(tmp_path / "first"), str(tmp_path / "second")]
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: spec if name == "snippets" else real(name, *a))
    assert registry._lecture_dir() == (tmp_path / "first").resolve()


@pytest.mark.parametrize("found", [None, importlib.machinery.ModuleSpec("snippets", None)])
def test_no_lecture_package_or_a_plain_module_is_an_error(monkeypatch, found):
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: found if name == "snippets" else real(name, *a))
    with pytest.raises(FigureError, match=r"^cannot find the lecture package `snippets`: install it "
                                          r"\(pip install -e \.\)$"):
        registry._lecture_dir()


def test_a_figure_is_found_with_its_module_function_line_and_first_doc_line(toy):
    path = write(toy, "good.py", GOOD)
    assert registry.discover(toy) == {"good": FigureSpec("good", "toyfigs.good", "good", path, 9, "Draws a line.")}
    assert registry.discover(toy)["good"].scales == SCALES


def test_a_figure_without_a_docstring_has_an_empty_doc(toy):
    write(toy, "bare.py", 'from snippets.figures import figure\n\n\n@figure("bare", quick={}, full={})\n'
                          "def bare(*, seed):\n    return None\n")
    assert registry.discover(toy)["bare"].doc == ""


def test_figures_are_found_under_other_decorators_and_listed_by_name(toy):
    write(toy, "b.py", 'import functools\nfrom snippets.figures import figure\n\n\n'
                       '@functools.wraps(print)\n@figure("zeta", quick={}, full={})\ndef z(*, seed):\n    pass\n\n\n'
                       '@figure("alpha", quick={}, full={})\n@functools.wraps(print)\ndef a(*, seed):\n    pass\n')
    write(toy, "a.py", 'from snippets.figures import figure\n\n\n@figure("mid", quick={}, full={})\n'
                       "def m(*, seed):\n    pass\n")
    specs = registry.discover(toy)
    assert list(specs) == ["alpha", "mid", "zeta"]
    assert (specs["zeta"].function, specs["zeta"].line) == ("z", 7)
    assert (specs["alpha"].function, specs["alpha"].line) == ("a", 13)


def test_only_a_call_of_figure_with_a_name_registers(toy):
    write(toy, "others.py", '''import functools
from snippets import figures
from snippets.figures import figure

NAME = "n"


@functools.lru_cache(None)
def cached():
    pass


@register("called-like-figure")
def looks_alike():
    pass


@figures.figure("attribute", quick={}, full={})
def by_attribute(*, seed):
    pass


@figure(NAME, quick={}, full={})
def by_variable(*, seed):
    pass


@figure(3, quick={}, full={})
def by_number(*, seed):
    pass


@figure
def bare():
    pass


class Holder:
    @figure("in-a-class", quick={}, full={})
    def method(self, *, seed):
        pass


def outer():
    @figure("nested", quick={}, full={})
    def inner(*, seed):
        pass
''')
    assert registry.discover(toy) == {}


def test_a_name_defined_twice_names_both_places(toy):
    write(toy, "a.py", 'from snippets.figures import figure\n\n\n@figure("twice", quick={}, full={})\n'
                       "def one(*, seed):\n    pass\n")
    write(toy, "b.py", 'from snippets.figures import figure\n\n\n\n@figure("twice", quick={}, full={})\n'
                       "def two(*, seed):\n    pass\n")
    with pytest.raises(FigureError, match=r"^figure 'twice' is defined twice: toyfigs/a\.py:5 and b\.py:6$"):
        registry.discover(toy)


def test_a_syntax_error_names_the_file(toy):
    path = write(toy, "broken.py", "def f(:\n")
    with pytest.raises(SyntaxError) as raised:
        registry.discover(toy)
    assert raised.value.filename == str(path)


def test_a_spec_says_where_it_is_relative_to_the_packages_parent(toy):
    write(toy, "good.py", GOOD)
    assert registry.discover(toy)["good"].where == "toyfigs/good.py:9"


def test_select_gives_all_or_the_named_in_order():
    a, b = (FigureSpec(n, "m", "f", Path("x.py"), 1) for n in "ab")
    specs = {"a": a, "b": b}
    assert registry.select(None, specs) == registry.select([], specs) == [a, b]
    assert registry.select(["b", "a"], specs) == [b, a]
    assert registry.select(["b"], specs) == [b]


def test_select_names_the_unknown_and_the_known():
    specs = {n: FigureSpec(n, "m", "f", Path("x.py"), 1) for n in ("a", "b")}
    with pytest.raises(FigureError, match=r"^unknown figure 'x'; known figures: a, b$"):
        registry.select(["a", "x"], specs)
    with pytest.raises(FigureError, match=r"^unknown figures 'x', 'y'; known figures: a, b$"):
        registry.select(["x", "b", "y"], specs)
    with pytest.raises(FigureError, match=r"^unknown figure 'x'; known figures: \(none\)$"):
        registry.select(["x"], {})


def test_load_gives_the_registered_function(toy):
    write(toy, "good.py", GOOD)
    fn = registry.load(registry.discover(toy)["good"])
    assert fn is importlib.import_module("toyfigs.good").good and fn.figure_name == "good"


@pytest.mark.parametrize("function", ["missing", "plain", "helper"])
def test_load_refuses_what_is_not_that_figure(toy, function):
    path = write(toy, "good.py", GOOD)
    spec = FigureSpec("good", "toyfigs.good", function, path, 9)
    with pytest.raises(FigureError, match=rf"^figure 'good' \(toyfigs/good\.py:9\): toyfigs\.good\.{function} "
                                          r"is not registered with @figure under that name$"):
        registry.load(spec)


def test_load_refuses_a_figure_registered_under_another_name(toy):
    path = write(toy, "good.py", GOOD)
    with pytest.raises(FigureError, match=r"^figure 'other' \(toyfigs/good\.py:9\): toyfigs\.good\.good is not"):
        registry.load(FigureSpec("other", "toyfigs.good", "good", path, 9))
