"""Find a Chromium for the browser checks, installing one when there is none.

Order: $CHROMIUM; Debian's /usr/bin/chromium; a Chromium that Playwright already downloaded; else
install one -- Debian's ``chromium`` package when running as root with apt-get, otherwise Playwright's
own download -- saying what it does. ``make test`` runs this first; the tests call ``find()`` and fail
(never skip) when it returns None.
"""
from __future__ import annotations

import glob
import os
import shutil
import subprocess
import sys
from pathlib import Path


def find() -> str | None:
    candidates = [os.environ.get("CHROMIUM", ""), "/usr/bin/chromium", shutil.which("chromium") or ""]
    cache = Path(os.environ.get("PLAYWRIGHT_BROWSERS_PATH", Path.home() / ".cache" / "ms-playwright"))
    candidates += sorted(glob.glob(str(cache / "chromium-*" / "chrome-linux*" / "chrome")), reverse=True)
    return next((c for c in candidates if c and os.access(c, os.X_OK)), None)


def ensure() -> str:
    found = find()
    if found:
        print(f"browser checks use {found}")
        return found
    if hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("apt-get"):
        print("no Chromium found: installing Debian's chromium package with apt-get")
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
        subprocess.run(["apt-get", "install", "-y", "-qq", "chromium"], check=True, env=env)
    else:
        print("no Chromium found: downloading Playwright's Chromium (python -m playwright install chromium)")
        subprocess.run([sys.executable, "-m", "playwright", "install", "chromium"], check=True)
    found = find()
    if not found:
        sys.exit("error: could not install a Chromium for the browser checks")
    print(f"browser checks use {found}")
    return found


if __name__ == "__main__":
    ensure()
