"""Hermetic: .ci/run runs the suite with no network (HERMETIC=1 inside `unshare --net`).

Under HERMETIC=1 this proves the network really is gone, so every other test in the run — the build,
the notebooks, the browser checks — passed without it. Outside it, it proves that the namespace .ci/run
relies on does take the network away (in a user namespace when not root). The browser checks
separately fail on any request that leaves 127.0.0.1 (tests/test_browser.py).
"""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

PROBE_FILE = Path(__file__).resolve().parent.parent / ".ci" / "no_network.py"
PROBE = PROBE_FILE.read_text()


def test_ci_checks_for_no_network_before_the_suite():
    """.ci/run enforces the guarantee itself: the probe runs inside the namespace before `make test`."""
    run = (PROBE_FILE.parent / "run").read_text()
    line = next(ln for ln in run.splitlines() if ln.startswith("unshare --net"))
    assert line.index("no_network.py") < line.index("make test") < line.index("make reproducible")


def test_the_suite_runs_without_network_in_ci():
    if os.environ.get("HERMETIC") == "1":  # inside .ci/run: the network must really be gone
        proc = subprocess.run([sys.executable, str(PROBE_FILE)], capture_output=True, text=True, timeout=30)
    else:
        assert shutil.which("unshare") and shutil.which("ip"), \
            "the hermetic check needs unshare (util-linux) and ip (iproute2)"
        # as root, a plain network namespace (as .ci/run makes); otherwise one inside a user namespace
        as_user = [] if os.geteuid() == 0 else ["--map-root-user"]
        proc = subprocess.run(["unshare", *as_user, "--net", "--", "sh", "-c",
                               f"ip link set lo up && {sys.executable} {PROBE_FILE}"],
                              capture_output=True, text=True, timeout=30)
    assert proc.returncode == 0, proc.stderr + proc.stdout
    assert "no network, loopback up" in proc.stdout


def test_the_probe_sees_a_network_when_there_is_one(monkeypatch):
    """Guard the guard: the probe fails as soon as a connection succeeds."""
    monkeypatch.setattr(socket, "create_connection", lambda *a, **k: socket.socket())
    namespace: dict = {}
    with pytest.raises(SystemExit, match="reached 1.1.1.1"):
        exec(PROBE, namespace)
