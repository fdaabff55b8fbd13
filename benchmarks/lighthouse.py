"""Lighthouse (mobile preset) on every page of the built site: accessibility, performance, weight.

    python benchmarks/lighthouse.py [--site site] [--pages networks/ ...] [--runs 3] [--keep DIR]

Needs Node.js and npm (for the benchmark only, never for the site or the tests): Lighthouse 12 is
installed once into .cache/lighthouse. It drives Debian's /usr/bin/chromium (or $CHROME_PATH) against
the site served on 127.0.0.1, gzip-compressed as GitHub Pages serves it. Prints one row per page;
goals: performance >= 90, accessibility 100. The last two columns are the weight the explorable figures
add to a page: what the Lighthouse run transferred for them (their script; Lighthouse does not scroll, so
the figures' data is not fetched), and what a reader who scrolls to every explorable figure of the page
downloads for them (script and data, compressed); 0 on the pages without one.

One run's performance score is noisy here (the same page scored 65 and 79 in consecutive runs: total
blocking time is measured on this machine's main thread, then scaled for a slow phone), so each page
runs ``--runs`` times and the row is the run with the median performance score, with the range.
"""
from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
from lecture_site import explore  # noqa: E402 -- how the pages write an explorable figure
TOOL = REPO / ".cache" / "lighthouse"
FLAGS = ("--headless=new --no-sandbox --disable-gpu --disable-background-networking "
         "--disable-component-update --disable-sync --no-first-run")


def lighthouse() -> Path:
    exe = TOOL / "node_modules" / ".bin" / "lighthouse"
    if not exe.exists():
        if not shutil.which("npm"):
            sys.exit("error: the Lighthouse benchmark needs npm (Node.js) to install Lighthouse")
        print("installing Lighthouse 12 into .cache/lighthouse (once)")
        TOOL.mkdir(parents=True, exist_ok=True)
        subprocess.run(["npm", "install", "--silent", "--prefix", str(TOOL), "lighthouse@12"], check=True)
    return exe


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--site", type=Path, default=REPO / "site")
    ap.add_argument("--pages", nargs="*", help="paths such as networks/ (default: the sitemap's)")
    ap.add_argument("--keep", type=Path, default=None, help="keep each page's full JSON report in this folder")
    ap.add_argument("--runs", type=int, default=3, help="runs per page; the row shows the median one")
    args = ap.parse_args()
    if not (args.site / "index.html").is_file():
        sys.exit(f"error: no built site in {args.site}: run `make build` first")
    exe = lighthouse()
    handler = functools.partial(_Quiet, directory=str(args.site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    paths = args.pages if args.pages else _sitemap_paths(args.site)
    env = dict(os.environ, CHROME_PATH=os.environ.get("CHROME_PATH", "/usr/bin/chromium"))
    print(f"{'page':<28}{'perf':>6}{'range':>8}{'a11y':>6}{'weight KB':>11}{'LCP':>8}{'TBT':>9}{'CLS':>7}"
          f"{'explore KB':>12}{'on use KB':>11}")
    with tempfile.TemporaryDirectory() as tmp:
        for path in paths:
            reports = []
            for run in range(args.runs):
                out = Path(tmp) / f"report-{run}.json"
                proc = subprocess.run([str(exe), base + path, "--quiet", f"--chrome-flags={FLAGS}",
                                       "--only-categories=performance,accessibility", "--output=json",
                                       f"--output-path={out}"], env=env, capture_output=True, text=True)
                if proc.returncode != 0:
                    print(f"{path or '/':<28} lighthouse failed: {proc.stderr.strip()[-200:]}")
                    break
                reports.append((json.loads(out.read_text()), out))
            if len(reports) < args.runs:
                continue
            reports.sort(key=lambda r: r[0]["categories"]["performance"]["score"])
            r, out = reports[len(reports) // 2]
            if args.keep:
                args.keep.mkdir(parents=True, exist_ok=True)
                shutil.copy(out, args.keep / f"{path.strip('/').replace('/', '_') or 'index'}.json")
            perfs = [100 * rep["categories"]["performance"]["score"] for rep, _ in reports]
            cat, a = r["categories"], r["audits"]
            print(f"{path or '/':<28}{100 * cat['performance']['score']:6.0f}{f'{min(perfs):.0f}-{max(perfs):.0f}':>8}"
                  f"{100 * min(rep['categories']['accessibility']['score'] for rep, _ in reports):6.0f}"
                  f"{a['total-byte-weight']['numericValue'] / 1024:11.0f}"
                  f"{a['largest-contentful-paint']['numericValue'] / 1000:7.1f}s"
                  f"{a['total-blocking-time']['numericValue']:8.0f}ms{a['cumulative-layout-shift']['numericValue']:7.3f}"
                  f"{_explore_transferred(a) / 1024:12.1f}{_explore_on_use(args.site, path) / 1024:11.1f}")
    server.shutdown()


def _explore_transferred(audits: dict) -> int:
    """Bytes the run transferred for the explorable figures: their script and any figure data."""
    items = audits["network-requests"]["details"]["items"]
    return sum(i.get("transferSize", 0) for i in items
               if i["url"].endswith("/javascripts/explore.js") or re.search(r"/figures/(?!timings)[a-z0-9-]+\.json$", i["url"]))


def _explore_on_use(site: Path, path: str) -> int:
    """Bytes a reader downloads for the page's explorable figures once at each: script and data, gzipped."""
    html = (site / path / "index.html").read_text(encoding="utf-8")
    figures = explore.figures(html)
    if not figures:
        return 0
    files = [site / "javascripts" / "explore.js"] + [site / "figures" / f"{name}.json" for name in figures]
    return sum(len(gzip.compress(f.read_bytes(), compresslevel=6)) for f in files)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    """Serves the site as GitHub Pages does: text files gzip-compressed when the browser accepts it
    (measuring uncompressed transfers would charge the reader for bytes a real host never sends)."""
    COMPRESS = (".html", ".css", ".js", ".svg", ".json", ".xml", ".ipynb", ".txt")

    def do_GET(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if "gzip" not in self.headers.get("Accept-Encoding", "") or path.suffix not in self.COMPRESS \
                or not path.is_file():
            return super().do_GET()
        body = gzip.compress(path.read_bytes(), compresslevel=6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def _sitemap_paths(site: Path) -> list[str]:
    locs = re.findall(r"<loc>(.*?)</loc>", (site / "sitemap.xml").read_text())
    site_url = os.path.commonprefix(locs)
    site_url = site_url[: site_url.rfind("/") + 1]
    return [loc[len(site_url):] for loc in locs]


if __name__ == "__main__":
    main()
