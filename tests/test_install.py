"""Take the code home: the lecture package as a reader installs it, outside the checkout.

The wheel is built from the working tree and installed (not editable) into a fresh virtual environment
in a scratch folder; its dependencies come from the project's pinned environment (this machine may
have no network), but the checkout itself is on no path. Then every page's code blocks run there, from
a scratch folder, against the installed package only, and `python -m snippets verify` re-checks two claims
there. In an environment without the package, the hand-written notebook the site offers for Colab runs
top to bottom: its first cell installs the package (the wheel, offline), as Colab's would from GitHub.
"""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import jupytext
import nbclient
import pytest

from conftest import REPO
from lecture_site import notebook


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The lecture package's wheel, built from the working tree."""
    root = tmp_path_factory.mktemp("wheel")
    # the source the wheel is built from: what pyproject.toml packages, copied, so that no build/ folder
    # left in the checkout by an earlier build can add stale modules
    source = root / "source"
    shutil.copytree(REPO / "snippets", source / "snippets", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md", "LICENSE", "LICENSE-TEXT"):
        shutil.copy(REPO / name, source / name)
    wheels = root / "wheels"
    build = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                            "--disable-pip-version-check", "-q", "-w", str(wheels), str(source)],
                           capture_output=True, text=True, cwd=root, timeout=600)
    assert build.returncode == 0, build.stderr[-3000:]
    (built,) = wheels.glob("snippets-*.whl")
    return built


def bare_environment(env_dir: Path) -> Path:
    """A fresh environment with the pinned dependencies (torch, numpy, ... and pytest, ipykernel) but not
    the lecture package: a plain path line, so the project environment's own .pth files (its editable
    install of the checkout) are not read. Returns its python."""
    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    site = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               capture_output=True, text=True, check=True).stdout.strip())
    (site / "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return python


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> Path:
    """The python of a fresh environment with the built wheel installed; returns its executable."""
    root = tmp_path_factory.mktemp("install")
    python = bare_environment(root / "env")
    install = subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps",
                              "--no-index", "--disable-pip-version-check", "-q", str(wheel)],
                             capture_output=True, text=True, cwd=root, timeout=600)
    assert install.returncode == 0, install.stderr[-3000:]
    return python


def test_the_wheel_holds_the_lecture_and_not_the_machinery(installed):
    probe = ("import importlib.util, snippets, pathlib; "
             "print(pathlib.Path(snippets.__file__).parent); "
             "print(importlib.util.find_spec('lecture_site') is None); "
             "print(sorted(p.name for p in pathlib.Path(snippets.__file__).parent.glob('*.py')))")
    out = subprocess.run([str(installed), "-c", probe], capture_output=True, text=True, cwd=installed.parent,
                         timeout=300, check=True).stdout.splitlines()
    assert not Path(out[0]).is_relative_to(REPO), f"imported from the checkout: {out[0]}"
    assert out[1] == "True", "the machinery came with the lecture package"
    assert "nets.py" in out[2] and "mkdocs_hook.py" not in out[2]


def test_every_page_runs_from_the_installed_package(installed, tmp_path):
    pages = tmp_path / "pages"
    pages.mkdir()
    for page in (REPO / "docs").glob("*.md"):
        shutil.copy(page, pages / page.name)
    proc = subprocess.run([str(installed), "-m", "pytest", "--codeblocks", "-q", "-p", "no:cacheprovider",
                           "-o", "addopts=", "--rootdir", str(tmp_path), str(pages)],
                          capture_output=True, text=True, cwd=tmp_path, timeout=1800)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
    blocks = sum(len(re.findall(r"^[ \t]*```python[ \t]*$", page.read_text(), re.M)) for page in pages.glob("*.md"))
    assert f"{blocks} passed" in proc.stdout, proc.stdout[-1000:]


def test_verify_from_the_installed_package_reads_what_the_site_read(installed, tmp_path, built_site):
    """Two cheap claims re-checked by a reader: the verdicts, and every number the checks read, are the
    ones the site's build stored with its figures (same code, same seeds, one thread each)."""
    cheap = ("min-norm", "finite-sample-expressivity")
    proc = subprocess.run([str(installed), "-m", "snippets", "verify", "--claims", *cheap, "--jobs", "2",
                           "--cache", str(tmp_path / "cache"), "--out", str(tmp_path / "report")],
                          capture_output=True, text=True, cwd=tmp_path, timeout=1200)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert "computing 2 figures at scale quick in 2 processes" in proc.stdout
    report = json.loads((tmp_path / "report" / "verify.json").read_text())
    for row in report["claims"]:
        record = json.loads((built_site / "figures" / f"{row['figure']}.json").read_text())
        stored = record["claims"][row["claim"]]
        assert row["verdict"] == "holds" and stored["supported"] is True
        assert row["read"] == stored["read"], row["claim"]
        assert re.search(rf"^{re.escape(row['claim'])} .* holds$", proc.stdout, re.M), proc.stdout
    assert [row["claim"] for row in report["claims"]] == list(cheap)


def test_the_hand_written_notebook_installs_the_package_where_it_is_missing(wheel, tmp_path, monkeypatch):
    """What Colab does with the notebook the site offers: a kernel without the lecture package runs it top
    to bottom, and its first code cell installs the package (here the wheel, with no index: offline)."""
    python = bare_environment(tmp_path / "env")
    missing = subprocess.run([str(python), "-c", "import snippets"], capture_output=True, text=True, cwd=tmp_path)
    assert missing.returncode != 0 and "No module named 'snippets'" in missing.stderr
    kernels = tmp_path / "jupyter" / "kernels" / "bare"
    kernels.mkdir(parents=True)
    (kernels / "kernel.json").write_text(json.dumps({
        "argv": [str(python), "-m", "ipykernel_launcher", "-f", "{connection_file}"], "display_name": "bare",
        "language": "python", "env": {"PIP_NO_INDEX": "1", "PIP_DISABLE_PIP_VERSION_CHECK": "1"}}))
    nb = notebook.installing(jupytext.read(REPO / "docs" / "notebooks" / "relu-pieces.py"), str(wheel),
                             notebook.HANDWRITTEN_INTRO)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code[0].source == f'%pip install --quiet "{wheel}"'
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))  # where the kernel "bare" is found
    nbclient.NotebookClient(nb, timeout=600, kernel_name="bare", resources={"metadata": {"path": str(tmp_path)}}).execute()
    assert not [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    installed_now = subprocess.run([str(python), "-c", "import snippets; print(snippets.__file__)"],
                                   capture_output=True, text=True, cwd=tmp_path, check=True).stdout.strip()
    assert Path(installed_now).is_relative_to(tmp_path / "env"), installed_now
