r"""The one place that knows MkDocs: computed figures into the site, and the pages' Markdown filled in.

- ``on_config``: gives mkdocs-jupyter a cache folder per version of ``snippets``, so a notebook is
  executed again when the code it imports changes (its own cache only hashes the notebook).
- ``on_files``: runs ``python -m lecture_site figures`` in a subprocess (so ``mkdocs serve`` sees edits to
  ``snippets``) and adds ``figures/NAME.svg`` and ``figures/NAME.json`` as generated files. Nothing is
  written into ``docs/``.
- ``on_page_markdown``: fills ``{{ NAME.KEY:FORMAT }}`` placeholders from the figures' results,
  puts each figure's provenance (function, scale, seed, torch, and a link to its compute time in
  ``figures/timings.json``, the one file that differs between builds) before its ``[Data]`` link,
  links ``[@key]`` citations to the References page (made from ``docs/references.bib``) and replaces a
  ``\bibliography`` line with the entries the page cites; numbers ``\label``-ed formulas and links
  ``\eqref`` to them; and turns ``[[claim NAME]]`` lines into "paper vs. here" boxes (``lecture_site.claims``),
  failing the build when our results stop supporting the claim.
- ``on_pre_page``: a notebook cell that raises during the build is reported with its file and line.
- ``on_page_content``: gives figure images their size, adds the notebook download (and Colab) buttons, and cuts an executed notebook's
  inline JupyterLab CSS down to the rules its cells use (``lecture_site.unused_css``).
- ``on_page_context``: typesets the math with KaTeX at build time (``lecture_site.typeset``), after the
  search plugin has indexed the page's TeX.
- notebooks (``docs/notebooks/*.py``, jupytext percent format): each also becomes an ``.ipynb`` that
  its page offers for download, beside the ``.py`` that mkdocs-jupyter copies; every lecture page (a
  Markdown page with code) becomes a notebook too (``lecture_site.notebook``), offered the same way.

``SNIPPETS_SCALE=full`` builds the full-scale figures. (The benchmark's plain build is mkdocs.yml
without its ``hooks:`` entry.)
"""
from __future__ import annotations

import functools
import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile
from dataclasses import asdict, astuple
from pathlib import Path

import jupytext
import nbformat
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File
from mkdocs.utils import get_relative_url

# MkDocs puts only this file's folder on the path while it loads a hook: the machinery's own package is
# found from its parent, after anything already on the path (a scratch `snippets` in the tests comes first)
SITE_ROOT = Path(__file__).resolve().parent.parent
if str(SITE_ROOT) not in sys.path:
    sys.path.append(str(SITE_ROOT))

from lecture_site import (build, cache, citations, claims, equations, explore, links, memo, notebook,  # noqa: E402
                          quote, typeset, unused_css, verification)
from lecture_site.registry import PACKAGE_DIR  # noqa: E402

KATEX_JS = PACKAGE_DIR.parent / "docs" / "assets" / "katex" / "katex.min.js"  # vendored, make vendor-katex
_records: dict[str, dict] = {}  # a figure's NAME.json, plus "_size" when known
_entries: dict[str, citations.Entry] = {}  # docs/references.bib
_memo = memo.DiskMemo(cache.default_root().parent / "memo")  # on_config moves it with SNIPPETS_CACHE


def _snippets_hash() -> str:
    h = hashlib.sha256()
    for path in sorted(PACKAGE_DIR.glob("*.py")):
        h.update(path.name.encode() + path.read_bytes())
    return h.hexdigest()[:16]


def on_config(config):
    link_repository(config)
    typeset.use_cache(cache.default_root().parent / "typeset")  # beside the figures: SNIPPETS_CACHE moves both
    _memo.folder = cache.default_root().parent / "memo"
    jupyter = config.plugins.get("mkdocs-jupyter")
    if jupyter is not None and jupyter.config.get("cache"):
        # beside the figure cache, so SNIPPETS_CACHE moves both (a cold benchmark, a scratch build)
        jupyter.config["cache_dir"] = str(cache.default_root().parent / "mkdocs-jupyter" / _snippets_hash())
    return config


def on_files(files, config):
    _records.clear()
    bib = Path(config.docs_dir) / "references.bib"
    try:
        _entries.clear()
        _entries.update(_bibliography(bib))
    except citations.CitationError as e:
        raise PluginError(str(e)) from None
    files.append(File.generated(config, "references.md", content=citations.references_page(_entries)))
    scale = os.environ.get("SNIPPETS_SCALE", "quick")
    outcomes = _figures(scale)
    timings = {}
    for o in outcomes:
        name = o["name"]
        for kind in ("svg", "json"):
            files.append(File.generated(config, f"figures/{name}.{kind}", abs_src_path=o[kind]))
        _records[name] = json.loads(Path(o["json"]).read_text(encoding="utf-8"))
        _records[name]["_size"] = _svg_size(o["svg"])
        timing = Path(o["json"]).with_name("build.json")
        if timing.is_file():
            timings[name] = json.loads(timing.read_text(encoding="utf-8"))["seconds"]
    # how long each figure took differs from build to build: kept out of NAME.json and out of the pages
    files.append(File.generated(config, quote.TIMINGS, content=json.dumps(timings, indent=1, sort_keys=True)))
    pages = {f.src_uri.removesuffix(".md") for f in files if f.src_uri.endswith(".md")}
    files.append(File.generated(config, "verification.md", content=_verification_page(Path(config.docs_dir), pages)))
    for f in list(files):
        if _is_notebook(f):
            path, requirement = Path(f.abs_src_path), install_requirement(config)
            ipynb = _memo.text("notebook", (_notebook_code(), path.read_bytes(), requirement or ""),
                               lambda: notebook.to_ipynb(notebook.installing(
                                   jupytext.read(path), requirement, requirement and notebook.HANDWRITTEN_INTRO)))
            files.append(File.generated(config, _ipynb_uri(f.src_uri), content=ipynb))
        elif _is_lecture_page(f):
            files.append(File.generated(config, _ipynb_uri(f.src_uri), content=_page_notebook(f, config)))
    return files


def _verification_page(docs: Path, pages: set[str]) -> str:
    """The check of every claim shown on one of ``pages``, from the records the boxes read, beside a
    committed full-scale report."""
    from snippets import verify  # no torch: that is imported only to name a device

    full = docs / verification.FULL_REPORT
    try:
        report = verify.load(full) if full.is_file() else None
        shown = {name: d for name, d in claims.discover().items() if d.claim.page in pages}
        return verification.page(shown, _records.get, report, f"docs/{verification.FULL_REPORT}")
    except (verify.VerifyError, claims.ClaimError) as e:
        raise PluginError(str(e)) from None


def _bibliography(bib: Path) -> dict[str, citations.Entry]:
    """``citations.load``, kept by the file's bytes (parsing BibTeX is a quarter of a warm build's extra)."""
    rows = json.loads(_memo.text("citations", (memo.source_of(citations), bib.read_bytes()),
                                 lambda: json.dumps([astuple(e) for e in citations.load(bib).values()])))
    return {row[0]: citations.Entry(*(tuple(v) if isinstance(v, list) else v for v in row)) for row in rows}


def _figures(scale: str) -> list[dict]:
    """Every figure's cache entry: looked up here when all are cached (a warm build), else built by
    ``python -m lecture_site figures`` in a subprocess, so that ``mkdocs serve`` runs edited code."""
    cached = build.all_cached(scale)
    if cached is not None:
        print(f"INFO    -  figures: all {len(cached)} cached", file=sys.stderr)
        return [asdict(o) for o in cached]
    with tempfile.TemporaryDirectory() as tmp:
        manifest = Path(tmp) / "manifest.json"
        # each line is passed on as the subprocess writes it: a cold build shows every figure as it ends
        errors_file = Path(tmp) / "stderr.txt"  # a file, not a pipe: a full stderr pipe could block the child
        with errors_file.open("w", encoding="utf-8") as err:
            proc = subprocess.Popen([sys.executable, "-m", "lecture_site", "figures", "--scale", scale,
                                     "--manifest", str(manifest)],
                                    cwd=PACKAGE_DIR.parent, stdout=subprocess.PIPE, stderr=err, text=True,
                                    env=_with_site_on_path(os.environ))
            lines = []
            for line in proc.stdout:
                lines.append(line.rstrip("\n"))
                print(f"INFO    -  figures: {lines[-1]}", file=sys.stderr, flush=True)
            proc.wait()
        errors = errors_file.read_text(encoding="utf-8")
        if proc.returncode != 0:
            raise PluginError("building the figures failed:\n" + (errors.strip() or "\n".join(lines)))
        outcomes = json.loads(manifest.read_text(encoding="utf-8"))
    return outcomes


def _with_site_on_path(environ) -> dict:
    """The environment with the machinery's root at the end of PYTHONPATH (the lecture package that is
    already first on it stays first)."""
    paths = [p for p in environ.get("PYTHONPATH", "").split(os.pathsep) if p]
    return dict(environ, PYTHONPATH=os.pathsep.join(paths + [str(SITE_ROOT)]))


def _is_lecture_page(f) -> bool:
    """A Markdown page with code: it is also offered as a notebook."""
    return (f.src_uri.endswith(".md") and f.abs_src_path is not None and f.src_uri != "index.md"
            and "\n```python\n" in Path(f.abs_src_path).read_text(encoding="utf-8"))


def _page_notebook(f, config) -> str:
    markdown = explore.strip(_render(Path(f.abs_src_path).read_text(encoding="utf-8"), f.src_uri))
    base = config.site_url or "/"
    page_url, requirement = base + f.src_uri[: -len(".md")] + "/", install_requirement(config)
    return _memo.text("page-notebook", (_notebook_code(), markdown, base, page_url, requirement or ""),
                      lambda: notebook.page_to_notebook(markdown, base, page_url, requirement))


@functools.lru_cache(maxsize=1)
def _notebook_code() -> str:
    """What turns text into a notebook, as a memo input: our converter, jupytext and nbformat."""
    return memo.digest(memo.source_of(notebook), jupytext.__version__, nbformat.__version__)


def _render(markdown: str, src_uri: str) -> str:
    """A page's Markdown with numbers, provenance, citations and its bibliography filled in."""
    where = f"docs/{src_uri}"
    references = "../" * src_uri.count("/") + "references.md"
    try:
        _check_as_written(markdown, where, references)
        markdown = claims.expand(markdown, _records.get, where)
        markdown = equations.number(markdown, where)
        markdown = quote.fill(markdown, _results_of, where)
        markdown = quote.add_provenance(markdown, _records.get, where)
        markdown, cited = citations.cite(markdown, _entries, references, where)
    except (quote.QuoteError, citations.CitationError, equations.EquationError, claims.ClaimError) as e:
        raise PluginError(str(e)) from None
    if citations.BIBLIOGRAPHY in markdown:
        markdown = markdown.replace(citations.BIBLIOGRAPHY, citations.bibliography(cited, _entries))
    return markdown


def _check_as_written(markdown: str, where: str, references: str) -> None:
    """Formulas, placeholders and citations checked on the page as written, before boxes and anchors add
    lines, so that an error names the line the author sees; those in a claim's box name the claim's
    declaration (its file and line)."""
    equations.number(markdown, where)
    quote.fill(markdown, _results_of, where)
    citations.cite(markdown, _entries, references, where)
    declared = claims.discover()
    for name in claims.MARKER.findall(markdown):
        d = declared.get(name)
        if d is not None and _records.get(d.claim.figure) is not None:  # else claims.expand names the line
            box = d.claim.box()
            quote.fill(box, _results_of, where, at=lambda _: f"{d.where} (claim {name!r})")
            citations.cite(box, _entries, references, where, at=lambda _: f"{d.where} (claim {name!r})")


def on_pre_page(page, config, files):
    """A notebook cell that raises while mkdocs-jupyter runs it: name the file and line, not 40 frames."""
    if _is_notebook(page.file):
        render = page.render  # mkdocs-jupyter's, which executes the notebook

        def render_naming_the_cell(config, files):
            try:
                return render(config, files)
            except Exception as e:
                if type(e).__name__ != "CellExecutionError":
                    raise
                line = notebook.failing_line(e, Path(page.file.abs_src_path).read_text(encoding="utf-8"))
                where = f"docs/{page.file.src_uri}" + (f":{line}" if line else "")
                raise PluginError(f"{where}: {getattr(e, 'ename', 'Error')}: {getattr(e, 'evalue', e)} "
                                  "(a notebook cell raised while the build ran it)") from None
        page.render = render_naming_the_cell
    return page


def _is_notebook(f) -> bool:
    return f.src_uri.startswith("notebooks/") and f.src_uri.endswith(".py") and f.abs_src_path is not None


def _ipynb_uri(src_uri: str) -> str:
    """notebooks/NAME.py is the page notebooks/NAME/ and NAME.md the page NAME/; the .ipynb goes there."""
    stem = src_uri.rsplit(".", 1)[0]
    return f"{stem}/{stem.rsplit('/', 1)[-1]}.ipynb"


FIGURE_IMG = re.compile(r'<img (?![^>]*\bwidth=)([^>]*?src="[^"]*figures/([a-z0-9-]+)\.svg"[^>]*?)/?>')
SVG_SIZE = re.compile(rb'<svg[^>]*?width="([0-9.]+)pt" height="([0-9.]+)pt"')


def _svg_size(path: str) -> tuple[int, int] | None:
    """The figure's size in CSS pixels (matplotlib writes points; 1 pt = 4/3 px)."""
    with open(path, "rb") as f:
        m = SVG_SIZE.search(f.read(2048))
    return (round(float(m[1]) * 4 / 3), round(float(m[2]) * 4 / 3)) if m else None


def _sized_images(html: str) -> str:
    """Give figure images their width and height, so the page does not jump when they load, and let
    every figure after the first load when the reader scrolls near it (a phone fetches and draws only
    what is on screen first)."""
    seen = 0

    def add(m: re.Match) -> str:
        nonlocal seen
        seen += 1
        size = _records.get(m.group(2), {}).get("_size")
        lazy = ' loading="lazy" decoding="async"' if seen > 1 else ""
        return f'<img {m.group(1)} width="{size[0]}" height="{size[1]}"{lazy}>' if size else m.group(0)
    return FIGURE_IMG.sub(add, html)


PRINT_ASSETS = re.compile(r'\s*<link rel="stylesheet" href="[^"]*css/print-site(?:-material)?\.css">'
                          r'|\s*<script src="[^"]*js/print-site\.js"></script>')


def on_post_page(output, page, config):
    """The print-site plugin adds its stylesheets and script to every page; only the printable page uses
    them (its rules are all for that page), and on the others they held up the first paint on a phone.
    Instant navigation never brings the printable page in (it is not in the sitemap): it is always a
    full load, with its own head."""
    if page.url.startswith("print_page"):
        return output
    return PRINT_ASSETS.sub("", output)


def on_post_template(output, template_name, config):
    """The same for the not-found page (a static template, not a page)."""
    return PRINT_ASSETS.sub("", output) if template_name == "404.html" else output


def on_post_build(config):
    """The formulas typeset in this build, kept for the next; and the printable page, which the print-site
    plugin writes after every page from their content as it was before this hook saw it: it loads all its
    figures at once (a PDF printer does not scroll), and its notebook part is made deterministic too."""
    typeset.save_cache()
    _memo.prune()
    printable = Path(config.site_dir) / "print_page" / "index.html"
    if printable.is_file():
        html = printable.read_text(encoding="utf-8")
        html = explore.strip(html.replace(' loading="lazy"', ""))  # static figures only, as on paper
        printable.write_text(_deterministic_notebook(html), encoding="utf-8")


NOTEBOOK_CELL_ID = re.compile(r'id="cell-id=[^"]*"')
# The end of one stdout output and the start of the next, in nbconvert's HTML
STREAM_BREAK = re.compile(r'</pre>\s*</div>\s*</div>\s*<div class="jp-OutputArea-child">\s*'
                          r'<div class="jp-OutputPrompt jp-OutputArea-prompt">\s*</div>\s*'
                          r'<div class="jp-RenderedText jp-OutputArea-output" data-mime-type="text/plain"[^>]*>\s*<pre>')


def _deterministic_notebook(html: str) -> str:
    """mkdocs-jupyter's HTML of an executed notebook, made the same bytes in every build: cells carry
    random ids (numbered instead), and a cell's printed lines are split into as many outputs as the
    kernel happened to flush them in (joined back into one)."""
    count = iter(range(1_000_000))
    html = NOTEBOOK_CELL_ID.sub(lambda m: f'id="cell-id=cell-{next(count)}"', html)
    return STREAM_BREAK.sub("", html)


def on_page_context(context, page, config, nav):
    """The page's math, typeset with KaTeX at build time. Here, after the search plugin has indexed the
    page (hooks run after plugins): the index keeps each formula's TeX, which a reader can search for,
    and is spared KaTeX's markup, whose parsing made up most of what the hook added to a warm build."""
    try:
        source = Path(page.file.abs_src_path).read_text(encoding="utf-8") if page.file.abs_src_path else ""
        page.content = typeset.typeset(page.content, KATEX_JS, f"docs/{page.file.src_uri}", source)
        if _is_notebook(page.file):  # its Markdown cells keep their math in dollars
            page.content = typeset.typeset_dollars(page.content, KATEX_JS, f"docs/{page.file.src_uri}", source)
    except typeset.TypesetError as e:
        raise PluginError(str(e)) from None
    return context


def on_page_content(html, page, config, files):
    html = _sized_images(html)
    if explore.uses(html):  # the script only on the pages that have an explorable figure
        html += f'\n<script src="{get_relative_url(explore.SCRIPT, page.url)}" defer></script>\n'
    if _is_notebook(page.file):
        try:
            html = _deterministic_notebook(html)
            html = _memo.text("unused-css", (memo.source_of(unused_css), html),
                              lambda: unused_css.keep_used_in_page(html))
        except unused_css.CSSSyntaxError as e:
            raise PluginError(f"docs/{page.file.src_uri}: the notebook page's CSS does not parse: {e}") from None
    name = page.file.src_uri.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    if _is_notebook(page.file):
        links = (f'<a class="md-button md-button--primary" href="{name}.ipynb" download>Download the notebook '
                 f'(.ipynb)</a> <a class="md-button" href="{name}.py" download>Download as a script (.py)</a>')
    elif _is_lecture_page(page.file):
        links = (f'<a class="md-button" href="{name}.ipynb" download>Download this page as a notebook '
                 "(.ipynb)</a>")
    else:
        return html
    colab = colab_url(config, _ipynb_uri(page.file.src_uri))
    if colab:
        links += f' <a class="md-button" href="{colab}">Open in Colab</a>'

    block = f'<p class="notebook-downloads">{links}</p>\n'
    head, h1, rest = html.partition("</h1>")  # below the page title, when there is one
    return head + h1 + "\n" + block + rest if h1 else block + html


REPOSITORY = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]*/[A-Za-z0-9._-]+")
INSTALL_MARKER = re.compile(r"^\[\[install\]\][ \t]*$", re.M)  # the line only: its blank line stays
CPU_TORCH = "https://download.pytorch.org/whl/cpu"


def repository(config) -> str | None:
    """The GitHub owner/name the site is published from (``extra.repository``), or None."""
    repo = (config.extra or {}).get("repository") or None
    if repo is not None and not REPOSITORY.fullmatch(repo):
        raise PluginError(f"extra.repository (REPOSITORY) must be a GitHub owner/name, got {repo!r}")
    return repo


def link_repository(config) -> None:
    """With a repository, ``repo_url`` and ``edit_uri``: Material's view-source and edit links on every page."""
    repo = repository(config)
    if repo is not None:
        config.repo_url = f"https://github.com/{repo}"
        config.edit_uri = f"edit/{config.extra.get('repository_branch') or 'main'}/docs/"


def commit(config) -> str:
    """The commit the install command and the notebooks install: ``extra.commit`` (COMMIT), else the
    checkout's HEAD, else the branch."""
    chosen = (config.extra or {}).get("commit")
    if chosen:
        return chosen
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=SITE_ROOT, capture_output=True, text=True)
    return head.stdout.strip() if head.returncode == 0 else config.extra.get("repository_branch") or "main"


def install_requirement(config) -> str | None:
    """What pip installs for a reader: the lecture package at this commit, or None without a repository."""
    repo = repository(config)
    return f"snippets @ git+https://github.com/{repo}@{commit(config)}" if repo else None


def install_text(config) -> str:
    """The home page's install instructions (the ``[[install]]`` line): the lecture package alone, with
    the versions the figures were computed with (the commit's pins, as constraints)."""
    requirement = install_requirement(config)
    if requirement is None:
        return ("To run the code at home, install the lecture package alone from a checkout of the repository, "
                "with the versions its figures were computed with: `pip install --extra-index-url "
                f"{CPU_TORCH} -c requirements.txt -e .` (the pins are constraints: only what the package "
                "needs is installed).")
    pins = f"https://raw.githubusercontent.com/{repository(config)}/{commit(config)}/requirements.txt"
    return ("To run the code at home, install the lecture package at the commit that built these pages, with "
            "the versions its figures were computed with (`-c`: that commit's pins, as constraints; the extra "
            "index gives pip the CPU build of PyTorch):\n\n"
            f"```console\npip install --extra-index-url {CPU_TORCH} \\\n    -c {pins} \\\n"
            f"    \"{requirement}\"\n```\n")


def colab_url(config, ipynb_uri: str) -> str | None:
    """Colab opens notebooks from GitHub: the branch the Pages workflow pushes the .ipynb files to."""
    repo = (config.extra or {}).get("repository")
    if not repo:
        return None
    branch = config.extra.get("colab_branch") or "notebooks"
    return f"https://colab.research.google.com/github/{repo}/blob/{branch}/{ipynb_uri}"


def _results_of(name: str) -> dict | None:
    """A figure's results as pages quote them (never its compute time, which is not reproducible)."""
    record = _records.get(name)
    if record is None:
        return None
    return record["results"]


def on_page_markdown(markdown, page, config, files):
    if page.file.src_uri == "references.md":
        return markdown
    try:  # on the page as written, so that line numbers are the source's
        links.check(markdown, page.file.src_uri, lambda uri: files.get_file_from_path(uri) is not None)
    except links.LinkError as e:
        raise PluginError(str(e)) from None
    try:  # checked as written too: the boxes that _render adds would shift the lines
        explore.expand(markdown, _records.get, f"docs/{page.file.src_uri}")
        markdown = INSTALL_MARKER.sub(lambda _: install_text(config), _render(markdown, page.file.src_uri))
        return explore.expand(markdown, _records.get, f"docs/{page.file.src_uri}")
    except explore.ExploreError as e:
        raise PluginError(str(e)) from None
