"""Shared fixtures: the repository, a site built once per session, and a served copy of it."""
from __future__ import annotations

import functools
import json
import http.server
import inspect
import os
import re
import signal
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def run(cmd: list[str], cwd: Path = REPO, env: dict | None = None, timeout: int = 600):
    """Run a command, returning the CompletedProcess with text output."""
    full_env = dict(os.environ, NO_MKDOCS_2_WARNING="1", **(env or {}))
    return subprocess.run(cmd, cwd=cwd, env=full_env, capture_output=True, text=True, timeout=timeout)


def figure_results(site: Path, figure: str) -> dict:
    """The results a built site's figure was made from (its figures/NAME.json)."""
    return json.loads((site / "figures" / f"{figure}.json").read_text())["results"]


def mkdocs_build(config: Path, site_dir: Path, env: dict | None = None, cwd: Path = REPO):
    return run([sys.executable, "-m", "properdocs", "build", "--strict", "-f", str(config), "-d", str(site_dir)],
               cwd=cwd, env=env)


def scratch_site(tmp_path: Path, pages: dict[str, str], notebooks: dict[str, str] | None = None,
                 package: Path | None = None) -> Path:
    """A small site with the given pages, using the real plugins and the hook of ``package`` (a copy of
    ``snippets``, see ``scratch_package``) or of the real one."""
    docs = tmp_path / "docs"
    (docs / "notebooks").mkdir(parents=True)
    shutil.copy(REPO / "docs" / "references.bib", docs / "references.bib")
    for name, text in pages.items():
        (docs / name).write_text(text)
    for name, text in (notebooks or {}).items():
        (docs / "notebooks" / name).write_text(text)
    config = tmp_path / "mkdocs.yml"
    config.write_text(f"""site_name: scratch
docs_dir: {docs}
theme: {{name: material, font: false}}
markdown_extensions: [md_in_html, attr_list, {{pymdownx.arithmatex: {{generic: true}}}}]
plugins:
  - search
  - mkdocs-jupyter: {{include: ["notebooks/*.py"], execute: true, allow_errors: false, cache: false}}
hooks: [{(package.parent if package else REPO) / "lecture_site" / "mkdocs_hook.py"}]
""")
    return config


def scratch_package(tmp_path: Path, modules: dict[str, str] | None = None) -> Path:
    """A copy of ``snippets`` without its figure modules (so building it computes nothing), plus
    ``modules`` (file name -> source), beside a copy of the machinery ``lecture_site`` (which a test may
    edit). Build with ``scratch_build``, which puts both first on the path."""
    from lecture_site import registry

    pkg = tmp_path / "proj" / "snippets"
    pkg.mkdir(parents=True)
    shutil.copytree(REPO / "lecture_site", pkg.parent / "lecture_site", ignore=shutil.ignore_patterns("__pycache__"))
    with_figures = {spec.file.name for spec in registry.discover().values()}
    for path in (REPO / "snippets").glob("*.py"):
        if path.name not in with_figures:
            shutil.copy(path, pkg / path.name)
    for name, text in (modules or {}).items():
        (pkg / name).write_text(text)
    (pkg.parent / "docs").mkdir()
    (pkg.parent / "docs" / "assets").symlink_to(REPO / "docs" / "assets")  # the vendored KaTeX
    return pkg


def scratch_build(config: Path, site_dir: Path, package: Path, cache: Path):
    """``mkdocs build --strict`` of a scratch site whose hook and figures come from ``package`` (and the
    machinery beside it)."""
    return mkdocs_build(config, site_dir, env={"PYTHONPATH": str(package.parent), "SNIPPETS_CACHE": str(cache)},
                        cwd=package.parent)


# Calls that start a Python process on (a copy of) our code: in a test's source, they mark it ``spawns``.
SPAWNS = re.compile(r"\brun\(\[|\b(?:cli|mkdocs_build|scratch_build|first_lines_while_running|_all_cached)\(|"
                    r"\bsubprocess\.|\bsys\.executable\b")


def pytest_collection_modifyitems(items):
    """Tests of the built site are marked ``site``, and tests that run our code in another process are marked
    ``spawns``. ``-m "not site and not spawns"`` leaves the unit tests, which mutation testing runs: a site
    build takes minutes, and a mutant is active only in the process of the test that set it up."""
    for item in items:
        if {"built_site", "served_site"} & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.site)
        function = getattr(item, "function", None)
        if function is not None and SPAWNS.search(inspect.getsource(function)):
            item.add_marker(pytest.mark.spawns)


@pytest.fixture(scope="session")
def _server(tmp_path_factory):
    """An HTTP server on 127.0.0.1 for a folder that the site is built into afterwards."""
    site = tmp_path_factory.mktemp("site")
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield site, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture(scope="session")
def built_site(_server) -> Path:
    """The real site, built with --strict exactly as `make build` does.

    site_url is the address it is served on: Material's instant navigation only intercepts links
    listed in sitemap.xml, whose addresses come from site_url.
    """
    site, url = _server
    proc = mkdocs_build(REPO / "mkdocs.yml", site, env={"SITE_URL": url + "/"})
    assert proc.returncode == 0, f"mkdocs build --strict failed:\n{proc.stderr[-4000:]}"
    return site


@pytest.fixture(scope="session")
def served_site(_server, built_site) -> str:
    """The built site's address, http://127.0.0.1:PORT (no trailing slash)."""
    return _server[1]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def first_lines_while_running(cmd, cwd, env, until: str, timeout: float = 120) -> list[str]:
    """The output lines of ``cmd`` up to the first containing ``until``; asserts the process was still
    running then (so the line was passed on as it happened, not at the end), and kills it."""
    proc = subprocess.Popen(cmd, cwd=cwd, env=dict(os.environ, **env), stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, start_new_session=True)
    lines, start = [], time.monotonic()
    try:
        for line in proc.stdout:
            lines.append(line.rstrip("\n"))
            if until in line or time.monotonic() - start > timeout:
                break
        assert any(until in ln for ln in lines), lines
        assert proc.poll() is None, "the line came only when the process ended"
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    return lines
