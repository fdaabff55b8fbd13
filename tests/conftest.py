"""Shared fixtures: the repository, a site built once per session, and a served copy of it."""
from __future__ import annotations

import functools
import json
import http.server
import os
import subprocess
import sys
import threading
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
    return run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(site_dir)],
               cwd=cwd, env=env)


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
