"""The command line, ``python -m lecture_site figures``, called in this process: what it lists, what it
asks the build for, the manifest, errors and exit codes (the build itself is tests/test_build_unit.py's)."""
from __future__ import annotations

import functools
import json
from pathlib import Path

import pytest

from lecture_site import __main__ as command
from lecture_site import build, registry
from lecture_site.build import Outcome
from snippets.figures import FigureError

FIGURE = 'from snippets.figures import figure\n\n\n@figure("{name}", quick={{}}, full={{}})\ndef f(*, seed):\n{doc}'


@pytest.fixture
def toy(tmp_path, monkeypatch):
    """A lecture package of two figures, read (not imported) by the registry."""
    pkg = tmp_path / "toyfigs"
    pkg.mkdir()
    (pkg / "a.py").write_text(FIGURE.format(name="alpha", doc='    """The first.\n\n    More."""\n'))
    (pkg / "b.py").write_text(FIGURE.format(name="beta-with-a-long-name", doc="    pass\n"))
    monkeypatch.setattr(registry, "PACKAGE_DIR", pkg)
    monkeypatch.setattr(registry, "discover", functools.partial(registry.discover, pkg))
    return pkg


class FakeBuild:
    """Stands in for ``build.build``: records its arguments, returns the given outcomes or raises."""

    def __init__(self, outcomes=(), error: str | None = None):
        self.calls, self.outcomes, self.error = [], list(outcomes), error

    def __call__(self, *args):
        self.calls.append(args)
        if self.error:
            raise FigureError(self.error)
        return self.outcomes


@pytest.fixture
def fake(monkeypatch):
    def install(*args, **kwargs):
        f = FakeBuild(*args, **kwargs)
        monkeypatch.setattr(build, "build", f)
        return f
    return install


def test_list_prints_each_figure_with_where_and_its_first_doc_line(toy, fake, capsys):
    built = fake()
    assert command.main(["figures", "--list"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        f"{'alpha':<28} {'toyfigs/a.py:5':<28} The first.",
        f"{'beta-with-a-long-name':<28} {'toyfigs/b.py:5':<28} ",
    ]
    assert command.main(["figures", "--list", "beta-with-a-long-name"]) == 0
    assert capsys.readouterr().out == f"{'beta-with-a-long-name':<28} {'toyfigs/b.py:5':<28} \n"
    assert built.calls == []  # listing builds nothing


def test_an_unknown_name_is_an_error_with_status_2(toy, capsys):
    assert command.main(["figures", "--list", "gamma"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == "error: unknown figure 'gamma'; known figures: alpha, beta-with-a-long-name\n"


def test_the_build_gets_the_names_and_options(fake, tmp_path):
    built = fake([Outcome("a", "built", 1.0)])
    assert command.main(["figures"]) == 0
    assert command.main(["figures", "a", "b", "--scale", "full", "--seed", "3", "--jobs", "1",
                         "--cache", str(tmp_path / "c")]) == 0
    assert built.calls == [([], "quick", None, None, None), (["a", "b"], "full", 3, tmp_path / "c", 1)]


@pytest.mark.parametrize("jobs", ["0", "-2"])
def test_fewer_than_one_job_is_refused_before_building(fake, capsys, jobs):
    built = fake()
    assert command.main(["figures", "--jobs", jobs]) == 2
    assert capsys.readouterr().err == f"error: --jobs must be at least 1, got {jobs}\n"
    assert built.calls == []


def test_a_build_error_is_reported_with_status_2(fake, capsys):
    fake(error="unknown scale")
    assert command.main(["figures"]) == 2
    assert capsys.readouterr().err == "error: unknown scale\n"


def test_failed_figures_are_reported_with_status_1(fake, capsys):
    fake([Outcome("a", "built", 1.0), Outcome("b", "failed", 0.5, error="b broke"),
          Outcome("c", "failed", 0.5, error="c broke")])
    assert command.main(["figures"]) == 1
    assert capsys.readouterr().err == "error: b broke\nerror: c broke\n"


def test_the_manifest_lists_the_outcomes_even_when_one_failed(fake, tmp_path):
    outcomes = [Outcome("a", "built", 1.0, "a.svg", "a.json"), Outcome("b", "failed", 0.5, error="b broke")]
    fake(outcomes)
    manifest = tmp_path / "m.json"
    assert command.main(["figures", "--manifest", str(manifest)]) == 1
    assert manifest.read_text(encoding="utf-8") == build.as_manifest(outcomes)
    assert json.loads(manifest.read_text())[1]["error"] == "b broke"


def test_a_manifest_in_the_current_folder(fake, tmp_path, monkeypatch):
    fake([])
    monkeypatch.chdir(tmp_path)
    assert command.main(["figures", "--manifest", "m.json"]) == 0
    assert (tmp_path / "m.json").read_text() == "[]"


def test_a_manifest_that_could_not_be_written_fails_before_any_compute(fake, tmp_path, capsys):
    built = fake()
    missing = tmp_path / "no" / "m.json"
    assert command.main(["figures", "--manifest", str(missing)]) == 2
    assert capsys.readouterr().err == (f"error: cannot write the manifest {missing}: folder {missing.parent} "
                                       "does not exist\n")
    assert command.main(["figures", "--manifest", str(tmp_path)]) == 2  # a folder, not a file
    assert capsys.readouterr().err == f"error: cannot write the manifest {tmp_path}: Is a directory\n"
    assert built.calls == []


@pytest.mark.parametrize("argv", [[], ["figures", "--scale", "huge"], ["figures", "--seed", "x"],
                                  ["figures", "--jobs", "many"], ["other"]])
def test_bad_usage_exits_with_status_2(fake, argv, capsys):
    with pytest.raises(SystemExit) as exited:
        command.main(argv)
    assert exited.value.code == 2 and "usage: python -m lecture_site" in capsys.readouterr().err


def test_without_a_command_the_error_says_one_is_needed(capsys):
    with pytest.raises(SystemExit):
        command.main([])
    assert capsys.readouterr().err.endswith("error: the following arguments are required: command\n")


def test_the_help_explains_every_option(monkeypatch, capsys):
    monkeypatch.setenv("COLUMNS", "200")
    with pytest.raises(SystemExit):
        command.main(["--help"])
    top = capsys.readouterr().out
    assert top.startswith("usage: python -m lecture_site [-h] {figures} ...\n\n" + command.__doc__.strip() + "\n")
    assert "\n    figures   build figures into the cache (only those whose inputs changed)\n" in top
    with pytest.raises(SystemExit):
        command.main(["figures", "--help"])
    lines = [line.strip() for line in capsys.readouterr().out.splitlines()]
    assert lines[0] == ("usage: python -m lecture_site figures [-h] [--scale {quick,full}] [--seed SEED] [--list] "
                        "[--jobs JOBS] [--cache CACHE] [--manifest MANIFEST] [NAME ...]")
    explained = {line.split("  ")[0]: " ".join(line.split("  ")[1:]).strip() for line in lines if "  " in line}
    assert explained == {
        "NAME": "figures to build (default: all)",
        "-h, --help": "show this help message and exit",
        "--scale {quick,full}": "quick: minutes on a laptop CPU (the site and CI); full: closer to the papers",
        "--seed SEED": "override each figure's own seed",
        "--list": "list the figures and where they are defined",
        "--jobs JOBS": "parallel processes (default: one per core)",
        "--cache CACHE": "cache folder (default: .cache/figures)",
        "--manifest MANIFEST": "write a JSON list of the built figures' SVG and JSON paths here",
    }


def test_the_manifest_folder_of_a_bare_name_is_the_current_one(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    command._check_writable(Path("m.json"))
    assert (tmp_path / "m.json").is_file()
