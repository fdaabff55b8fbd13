"""The MkDocs hook, called in this process with small fakes: a config, pages and files in tmp_path, figure
outcomes instead of a figure build, a recorded process instead of ``python -m lecture_site`` or git.

The full site build (tests/test_site.py, tests/test_faults.py) shows the pieces work together; these tests
pin what each event of the hook does to what MkDocs hands it.
"""
from __future__ import annotations

import io
import json
import os
import sys
import time
import types
from dataclasses import asdict
from pathlib import Path

import jupytext
import pytest
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from lecture_site import build, citations, claims, memo, mkdocs_hook, notebook, quote, typeset
from lecture_site.build import Outcome

BIB = """@article{doe2020thing,
  author  = {Doe, Jane and Roe, Rick},
  title   = {A Thing},
  journal = {Journal of Things},
  year    = {2020},
  doi     = {10.1/abc}
}
"""
RECORD = {"results": {"n": 3, "xs": [1, 2]}, "made_by": "toyfigs.a.a", "scale": "quick", "seed": 0,
          "versions": {"torch": "2.0"}}
SVG = (b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="432pt" height="288pt" '
       b'viewBox="0 0 432 288">')


PYTHON = sys.executable  # the interpreter the figures' process runs on


class Plugins(dict):
    _current_plugin = None  # what File.generated reads


@pytest.fixture
def site(tmp_path, monkeypatch):
    """A docs folder with a bibliography, a config for it, and the hook's state emptied for the test."""
    docs = tmp_path / "docs"
    (docs / "notebooks").mkdir(parents=True)
    (docs / "references.bib").write_text(BIB)
    monkeypatch.setattr(mkdocs_hook, "_records", {})
    monkeypatch.setattr(mkdocs_hook, "_entries", {})
    monkeypatch.setattr(mkdocs_hook, "_memo", memo.DiskMemo(tmp_path / "memo"))
    monkeypatch.setenv("SNIPPETS_CACHE", str(tmp_path / "cache" / "figures"))
    monkeypatch.delenv("SNIPPETS_SCALE", raising=False)
    config = types.SimpleNamespace(docs_dir=str(docs), site_dir=str(tmp_path / "site"), use_directory_urls=True,
                                   site_url=None, extra={}, plugins=Plugins(), repo_url=None, edit_uri=None)
    return config


def page_file(config, src_uri: str, text: str | None = None) -> File:
    """A file of the docs folder (written when ``text`` is given)."""
    if text is not None:
        path = Path(config.docs_dir) / src_uri
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return File(src_uri, config.docs_dir, config.site_dir, True)


def a_page(config, src_uri: str, text: str | None = None, url: str | None = None, content: str = ""):
    f = page_file(config, src_uri, text)
    return types.SimpleNamespace(file=f, url=url if url is not None else f.url, content=content)


def figure_files(tmp_path: Path, name: str, record: dict = RECORD, svg: bytes = SVG, seconds: float | None = None):
    """A figure's cache entry as the build leaves it; its outcome as a dict."""
    d = tmp_path / "entries" / name
    d.mkdir(parents=True)
    (d / f"{name}.svg").write_bytes(svg)
    (d / f"{name}.json").write_text(json.dumps(record))
    if seconds is not None:
        (d / "build.json").write_text(json.dumps({"seconds": seconds}))
    return asdict(Outcome(name, "cached", 0.0, str(d / f"{name}.svg"), str(d / f"{name}.json")))


# --- sizes, lazy images, print assets ---------------------------------------------------------------------

@pytest.mark.parametrize("width, height, pixels", [("432", "288", (576, 384)), ("10.5", "7.5", (14, 10)),
                                                   ("0.6", "300", (1, 400))])
def test_an_svg_in_points_is_sized_in_css_pixels(tmp_path, width, height, pixels):
    path = tmp_path / "a.svg"
    path.write_bytes(f'<?xml version="1.0"?>\n<svg width="{width}pt" height="{height}pt" viewBox="0 0 1 1">'.encode())
    assert mkdocs_hook._svg_size(str(path)) == pixels


def test_an_svg_without_a_size_in_its_head_has_none(tmp_path):
    path = tmp_path / "a.svg"
    path.write_bytes(b'<svg width="100%" height="50%">')
    assert mkdocs_hook._svg_size(str(path)) is None
    path.write_bytes(b"<!--" + b" " * 2048 + b'--><svg width="1pt" height="1pt">')  # not in the first 2 KB
    assert mkdocs_hook._svg_size(str(path)) is None


def test_the_size_is_read_from_the_first_2_kb_only(tmp_path):
    head = b'<svg width="3pt" height="3pt"'
    path = tmp_path / "a.svg"
    path.write_bytes(b" " * (2048 - len(head)) + head + b">")  # the size ends with the 2048th byte
    assert mkdocs_hook._svg_size(str(path)) == (4, 4)
    path.write_bytes(b" " * (2049 - len(head)) + head + b">")  # one byte later
    assert mkdocs_hook._svg_size(str(path)) is None


def test_figure_images_get_their_size_and_all_but_the_first_load_lazily(site, monkeypatch):
    monkeypatch.setattr(mkdocs_hook, "_records", {"a": {"_size": (576, 384)}, "b": {"_size": (10, 20)}, "c": {}})
    html = ('<p><img alt="A" src="figures/a.svg" /></p>\n<img src="../figures/b.svg">\n'
            '<img src="figures/c.svg">\n<img width="5" src="figures/a.svg">\n<img src="pictures/a.png">')
    assert mkdocs_hook._sized_images(html) == (
        '<p><img alt="A" src="figures/a.svg"  width="576" height="384"></p>\n'
        '<img src="../figures/b.svg" width="10" height="20" loading="lazy" decoding="async">\n'
        '<img src="figures/c.svg">\n<img width="5" src="figures/a.svg">\n<img src="pictures/a.png">')


def test_an_image_of_an_unknown_figure_still_counts_as_the_first(site, monkeypatch):
    monkeypatch.setattr(mkdocs_hook, "_records", {"a": {"_size": (1, 2)}})
    assert mkdocs_hook._sized_images('<img src="figures/x.svg"><img src="figures/a.svg">') == \
        '<img src="figures/x.svg"><img src="figures/a.svg" width="1" height="2" loading="lazy" decoding="async">'


PRINT_HEAD = ('<head>\n  <link rel="stylesheet" href="../css/print-site.css">\n'
              '  <link rel="stylesheet" href="../css/print-site-material.css">\n'
              '  <link rel="stylesheet" href="../assets/extra.css">\n  <script src="../js/print-site.js"></script>\n'
              '</head>')
NO_PRINT_HEAD = '<head>\n  <link rel="stylesheet" href="../assets/extra.css">\n</head>'


def test_the_print_assets_are_left_only_on_the_printable_page():
    page = types.SimpleNamespace(url="networks/")
    assert mkdocs_hook.on_post_page(PRINT_HEAD, page, None) == NO_PRINT_HEAD
    assert mkdocs_hook.on_post_page(PRINT_HEAD, types.SimpleNamespace(url="print_page/"), None) == PRINT_HEAD
    assert mkdocs_hook.on_post_template(PRINT_HEAD, "404.html", None) == NO_PRINT_HEAD
    assert mkdocs_hook.on_post_template(PRINT_HEAD, "sitemap.xml", None) == PRINT_HEAD


def test_an_executed_notebooks_html_is_numbered_and_its_split_output_joined():
    def output(text):
        return ('<div class="jp-OutputArea-child">\n<div class="jp-OutputPrompt jp-OutputArea-prompt"></div>\n'
                '<div class="jp-RenderedText jp-OutputArea-output" data-mime-type="text/plain" tabindex="0">\n'
                f"<pre>{text}</pre>\n</div>\n</div>\n")
    html = ('<div id="cell-id=f00d"></div>' + output("a\n") + output("b\n") + '<div id="cell-id=beef"></div>')
    assert mkdocs_hook._deterministic_notebook(html) == (
        '<div id="cell-id=cell-0"></div>' + output("a\nb\n") + '<div id="cell-id=cell-1"></div>')


# --- which files are notebooks, and where their .ipynb goes ----------------------------------------------

def test_notebooks_and_lecture_pages_are_told_apart(site):
    assert mkdocs_hook._is_notebook(page_file(site, "notebooks/nb.py", "x = 1\n"))
    assert not mkdocs_hook._is_notebook(page_file(site, "notebooks/nb.md", "x\n"))
    assert not mkdocs_hook._is_notebook(page_file(site, "scripts/nb.py", "x = 1\n"))
    code = "# T\n\n```python\nx = 1\n```\n"
    assert mkdocs_hook._is_lecture_page(page_file(site, "page.md", code))
    assert mkdocs_hook._is_lecture_page(page_file(site, "dir/page.md", code))
    assert not mkdocs_hook._is_lecture_page(page_file(site, "index.md", code))  # the home page
    assert not mkdocs_hook._is_lecture_page(page_file(site, "plain.md", "# T\n\n```console\n$ ls\n```\n"))
    assert not mkdocs_hook._is_lecture_page(page_file(site, "code.py", code))
    generated = File.generated(site, "made.md", content=code)
    assert not mkdocs_hook._is_lecture_page(generated) and not mkdocs_hook._is_notebook(
        File.generated(site, "notebooks/made.py", content="x = 1\n"))


@pytest.mark.parametrize("src_uri, ipynb", [("notebooks/relu.py", "notebooks/relu/relu.ipynb"),
                                            ("networks.md", "networks/networks.ipynb"),
                                            ("a/b/c.d.md", "a/b/c.d/c.d.ipynb")])
def test_the_ipynb_goes_in_its_pages_folder(src_uri, ipynb):
    assert mkdocs_hook._ipynb_uri(src_uri) == ipynb


def test_the_machinery_goes_last_on_the_path_of_the_figures_process():
    root = str(mkdocs_hook.SITE_ROOT)
    env = mkdocs_hook._with_site_on_path({"PYTHONPATH": os.pathsep.join(["/a", "", "/b"]), "HOME": "/h"})
    assert env == {"PYTHONPATH": os.pathsep.join(["/a", "/b", root]), "HOME": "/h"}
    assert mkdocs_hook._with_site_on_path({}) == {"PYTHONPATH": root}
    assert mkdocs_hook._with_site_on_path({"PYTHONPATH": ""}) == {"PYTHONPATH": root}


# --- the repository, the install line, Colab ----------------------------------------------------------

def config_with(**extra):
    return types.SimpleNamespace(extra=extra, repo_url=None, edit_uri=None, site_url=None)


def test_the_repository_is_an_owner_and_a_name():
    assert mkdocs_hook.repository(config_with(repository="owner-1/name.x_y")) == "owner-1/name.x_y"
    assert mkdocs_hook.repository(config_with()) is None
    assert mkdocs_hook.repository(config_with(repository="")) is None
    assert mkdocs_hook.repository(types.SimpleNamespace(extra=None)) is None
    for bad in ("name-only", "o/n/x", "-o/n", "o /n"):
        with pytest.raises(PluginError, match=rf"^extra\.repository \(REPOSITORY\) must be a GitHub owner/name, "
                                              rf"got '{bad}'$"):
            mkdocs_hook.repository(config_with(repository=bad))


def test_with_a_repository_pages_link_their_source_on_its_branch():
    config = config_with(repository="o/n")
    mkdocs_hook.link_repository(config)
    assert (config.repo_url, config.edit_uri) == ("https://github.com/o/n", "edit/main/docs/")
    config = config_with(repository="o/n", repository_branch="dev")
    mkdocs_hook.link_repository(config)
    assert (config.repo_url, config.edit_uri) == ("https://github.com/o/n", "edit/dev/docs/")
    config = config_with()
    mkdocs_hook.link_repository(config)
    assert (config.repo_url, config.edit_uri) == (None, None)


@pytest.fixture
def git(monkeypatch):
    """``git rev-parse HEAD`` answered by a fake: set ``answer`` (returncode, stdout); the calls are kept."""
    state = types.SimpleNamespace(answer=(0, "c0ffee\n"), calls=[])

    def run(cmd, **kwargs):
        state.calls.append((cmd, kwargs))
        return types.SimpleNamespace(returncode=state.answer[0], stdout=state.answer[1])

    monkeypatch.setattr(mkdocs_hook, "subprocess", types.SimpleNamespace(run=run))
    return state


def test_the_commit_is_the_one_given_else_the_checkouts_head_else_the_branch(git):
    assert mkdocs_hook.commit(config_with(commit="abc123")) == "abc123" and git.calls == []
    assert mkdocs_hook.commit(config_with()) == "c0ffee"
    assert git.calls == [(["git", "rev-parse", "HEAD"], {"cwd": mkdocs_hook.SITE_ROOT, "capture_output": True,
                                                         "text": True})]
    git.answer = (128, "")
    assert mkdocs_hook.commit(config_with()) == "main"
    assert mkdocs_hook.commit(config_with(repository_branch="dev")) == "dev"
    assert mkdocs_hook.commit(config_with(commit="")) == "main"


def test_the_install_requirement_pins_the_commit(git):
    assert mkdocs_hook.install_requirement(config_with(repository="o/n", commit="abc")) == \
        "snippets @ git+https://github.com/o/n@abc"
    assert mkdocs_hook.install_requirement(config_with(repository="o/n")) == \
        "snippets @ git+https://github.com/o/n@c0ffee"
    assert mkdocs_hook.install_requirement(config_with(commit="abc")) is None


def test_the_install_text_with_and_without_a_repository(git):
    assert mkdocs_hook.install_text(config_with()) == (
        "To run the code at home, install the lecture package alone from a checkout of the repository, with the "
        "versions its figures were computed with: `pip install --extra-index-url "
        "https://download.pytorch.org/whl/cpu -c requirements.txt -e .` (the pins are constraints: only what the "
        "package needs is installed).")
    assert mkdocs_hook.install_text(config_with(repository="o/n", commit="abc")) == (
        "To run the code at home, install the lecture package at the commit that built these pages, with the "
        "versions its figures were computed with (`-c`: that commit's pins, as constraints; the extra index "
        "gives pip the CPU build of PyTorch):\n\n"
        "```console\npip install --extra-index-url https://download.pytorch.org/whl/cpu \\\n"
        "    -c https://raw.githubusercontent.com/o/n/abc/requirements.txt \\\n"
        '    "snippets @ git+https://github.com/o/n@abc"\n```\n')


def test_colab_opens_the_notebook_from_the_notebooks_branch():
    assert mkdocs_hook.colab_url(config_with(), "a/a.ipynb") is None
    assert mkdocs_hook.colab_url(types.SimpleNamespace(extra=None), "a/a.ipynb") is None
    assert mkdocs_hook.colab_url(config_with(repository="o/n"), "a/a.ipynb") == \
        "https://colab.research.google.com/github/o/n/blob/notebooks/a/a.ipynb"
    assert mkdocs_hook.colab_url(config_with(repository="o/n", colab_branch="nb"), "a/a.ipynb") == \
        "https://colab.research.google.com/github/o/n/blob/nb/a/a.ipynb"


# --- on_config ---------------------------------------------------------------------------------------------

def test_on_config_moves_every_cache_beside_the_figures(site, tmp_path, monkeypatch):
    monkeypatch.setattr(typeset, "_cache", None)
    jupyter = types.SimpleNamespace(config={"cache": True})
    site.plugins = Plugins({"mkdocs-jupyter": jupyter})
    site.extra = {"repository": "o/n"}
    assert mkdocs_hook.on_config(site) is site
    assert site.repo_url == "https://github.com/o/n"
    assert jupyter.config["cache_dir"] == str(tmp_path / "cache" / "mkdocs-jupyter" / mkdocs_hook._snippets_hash())
    assert mkdocs_hook._memo.folder == tmp_path / "cache" / "memo"
    typeset.render("x", False, mkdocs_hook.KATEX_JS)
    typeset.save_cache()
    assert list((tmp_path / "cache" / "typeset").glob("katex-*.json"))


def test_on_config_leaves_an_uncached_notebook_plugin_alone(site, monkeypatch):
    monkeypatch.setattr(typeset, "_cache", None)
    jupyter = types.SimpleNamespace(config={"cache": False})
    site.plugins = Plugins({"mkdocs-jupyter": jupyter})
    mkdocs_hook.on_config(site)
    assert jupyter.config == {"cache": False}
    site.plugins = Plugins()
    assert mkdocs_hook.on_config(site) is site


def test_the_notebook_cache_follows_a_renamed_module(tmp_path, monkeypatch):
    (tmp_path / "a.py").write_text("x = 1\n")
    monkeypatch.setattr(mkdocs_hook, "PACKAGE_DIR", tmp_path)
    before = mkdocs_hook._snippets_hash()
    (tmp_path / "a.py").rename(tmp_path / "b.py")
    assert mkdocs_hook._snippets_hash() != before


# --- on_files ----------------------------------------------------------------------------------------------

LECTURE = "# A page\n\n{{ a.n }} pieces [@doe2020thing].\n\n```python\nx = 1\n```\n"
NOTEBOOK = "# %% [markdown]\n# A notebook\n\n# %%\nprint(1)\n"


@pytest.fixture
def built_figures(site, tmp_path, monkeypatch):
    """Figures a (timed) and b (cached, its time unknown) instead of a build; the scales asked are kept."""
    outcomes = [figure_files(tmp_path, "z", seconds=0.25), figure_files(tmp_path, "a", seconds=1.5),
                figure_files(tmp_path, "b", record=dict(RECORD, results={"m": 1}), svg=b"<svg>")]
    asked = []
    monkeypatch.setattr(mkdocs_hook, "_figures", lambda scale: asked.append(scale) or outcomes)
    return types.SimpleNamespace(outcomes=outcomes, asked=asked)


def docs_files(site, pages: dict[str, str]) -> Files:
    return Files([page_file(site, uri, text) for uri, text in pages.items()])


def generated(files: Files) -> dict[str, File]:
    return {f.src_uri: f for f in files if f.generated_by is not None}


def test_on_files_adds_the_references_the_figures_their_timings_and_the_notebooks(site, built_figures, git):
    files = docs_files(site, {"index.md": LECTURE, "lecture.md": LECTURE, "dir/deep.md": LECTURE,
                              "plain.md": "# Plain\n", "notebooks/nb.py": NOTEBOOK})
    assert mkdocs_hook.on_files(files, site) is files
    added = generated(files)
    assert sorted(added) == ["dir/deep/deep.ipynb", "figures/a.json", "figures/a.svg", "figures/b.json",
                             "figures/b.svg", "figures/timings.json", "figures/z.json", "figures/z.svg",
                             "lecture/lecture.ipynb", "notebooks/nb/nb.ipynb", "references.md",
                             "verification.md"]
    entries = citations.load(Path(site.docs_dir) / "references.bib")
    assert added["references.md"].content_string == citations.references_page(entries)
    assert mkdocs_hook._entries == entries
    z, a, b = built_figures.outcomes
    assert (added["figures/a.svg"].abs_src_path, added["figures/a.json"].abs_src_path) == (a["svg"], a["json"])
    assert (added["figures/b.svg"].abs_src_path, added["figures/b.json"].abs_src_path) == (b["svg"], b["json"])
    assert mkdocs_hook._records == {"a": dict(RECORD, _size=(576, 384)), "z": dict(RECORD, _size=(576, 384)),
                                    "b": dict(RECORD, results={"m": 1}, _size=None)}
    assert added[quote.TIMINGS].content_string == '{\n "a": 1.5,\n "z": 0.25\n}'
    path = Path(site.docs_dir) / "notebooks" / "nb.py"
    assert added["notebooks/nb/nb.ipynb"].content_string == notebook.to_ipynb(jupytext.read(path))
    lecture = json.loads(added["lecture/lecture.ipynb"].content_string)
    sources = ["".join(c["source"]) for c in lecture["cells"]]
    assert sources[0] == "# A page\n\n3 pieces ([Doe and Roe, 2020](/references/#doe2020thing))."
    assert sources[-1] == "x = 1" and "[a page](/lecture/)" in sources[1]
    deep = json.loads(added["dir/deep/deep.ipynb"].content_string)
    assert "".join(deep["cells"][0]["source"]).startswith("# A page\n\n3 pieces")
    assert "[a page](/dir/deep/)" in "".join(deep["cells"][1]["source"])
    assert built_figures.asked == ["quick"]


def test_on_files_builds_the_scale_asked_and_forgets_earlier_figures(site, built_figures, monkeypatch):
    monkeypatch.setenv("SNIPPETS_SCALE", "full")
    mkdocs_hook._records["gone"] = {}
    mkdocs_hook.on_files(Files([]), site)
    assert built_figures.asked == ["full"] and sorted(mkdocs_hook._records) == ["a", "b", "z"]


def test_on_files_keeps_the_notebooks_it_made(site, built_figures, monkeypatch):
    """A notebook made once is taken from the memo; one whose script changed is made again."""
    files = docs_files(site, {"notebooks/nb.py": NOTEBOOK})
    mkdocs_hook.on_files(files, site)
    first = generated(files)["notebooks/nb/nb.ipynb"].content_string
    monkeypatch.setattr(notebook, "to_ipynb", lambda nb: "made again")
    files = docs_files(site, {"notebooks/nb.py": NOTEBOOK})
    mkdocs_hook.on_files(files, site)
    assert generated(files)["notebooks/nb/nb.ipynb"].content_string == first
    files = docs_files(site, {"notebooks/nb.py": NOTEBOOK + "print(2)\n"})
    mkdocs_hook.on_files(files, site)
    assert generated(files)["notebooks/nb/nb.ipynb"].content_string == "made again"



def test_a_hand_written_notebook_offered_for_colab_installs_its_commit_first(site, built_figures, git):
    """With a repository (the published site, which has the "Open in Colab" button) the notebook's first
    code cell installs the commit that built it; locally it is the script's own cells."""
    files = docs_files(site, {"notebooks/nb.py": NOTEBOOK})
    mkdocs_hook.on_files(files, site)
    local = json.loads(generated(files)["notebooks/nb/nb.ipynb"].content_string)
    assert ["".join(c["source"]) for c in local["cells"]] == ["A notebook", "print(1)"]
    site.extra = {"repository": "o/n", "commit": "abc"}
    files = docs_files(site, {"notebooks/nb.py": NOTEBOOK})
    mkdocs_hook.on_files(files, site)
    cells = json.loads(generated(files)["notebooks/nb/nb.ipynb"].content_string)["cells"]
    assert [c["cell_type"] for c in cells] == ["markdown", "markdown", "code", "code"]
    assert "".join(cells[1]["source"]) == notebook.HANDWRITTEN_INTRO
    assert "".join(cells[2]["source"]) == '%pip install --quiet "snippets @ git+https://github.com/o/n@abc"'
    assert mkdocs_hook.colab_url(site, "notebooks/nb/nb.ipynb")  # the button is there too

def test_a_bibliography_that_does_not_parse_fails_the_build(site, built_figures):
    (Path(site.docs_dir) / "references.bib").write_text("@article{broken,\n  title = {A Thing\n")
    with pytest.raises(PluginError, match=r"references\.bib: cannot parse the BibTeX file"):
        mkdocs_hook.on_files(Files([]), site)


def test_the_bibliography_is_kept_by_the_files_bytes(site, tmp_path, monkeypatch):
    bib = Path(site.docs_dir) / "references.bib"
    entries = citations.load(bib)
    assert mkdocs_hook._bibliography(bib) == entries
    monkeypatch.setattr(citations, "load", lambda path: pytest.fail("parsed again"))
    assert mkdocs_hook._bibliography(bib) == entries
    bib.write_text(BIB.replace("A Thing", "Another Thing"))
    with pytest.raises(pytest.fail.Exception):
        mkdocs_hook._bibliography(bib)


def test_the_notebooks_converter_is_part_of_its_memo_inputs(tmp_path, monkeypatch):
    mkdocs_hook._notebook_code.cache_clear()
    before = mkdocs_hook._notebook_code()
    changed = []
    for module, attribute, value in ((jupytext, "__version__", "0.0.1"),
                                     (mkdocs_hook.nbformat, "__version__", "0.0.1")):
        with monkeypatch.context() as m:
            m.setattr(module, attribute, value)
            mkdocs_hook._notebook_code.cache_clear()
            changed.append(mkdocs_hook._notebook_code())
    edited = tmp_path / "notebook.py"
    edited.write_text(Path(notebook.__file__).read_text() + "\n# edited\n")
    with monkeypatch.context() as m:
        m.setattr(notebook, "__file__", str(edited))
        mkdocs_hook._notebook_code.cache_clear()
        changed.append(mkdocs_hook._notebook_code())
    mkdocs_hook._notebook_code.cache_clear()
    assert mkdocs_hook._notebook_code() == before and len({before, *changed}) == 4


# --- _figures: cached, or built by a process of its own ----------------------------------------------------

@pytest.fixture
def figures_process(monkeypatch):
    """``python -m lecture_site figures`` replaced by a fake process: it prints ``lines``, writes ``errors``
    to its stderr and ``outcomes`` to the manifest, and exits with ``returncode``."""
    import subprocess as real

    state = types.SimpleNamespace(lines=["a  built  \n", "b  built\n"], errors="", outcomes=[{"name": "a"}],
                                  returncode=0, calls=[])

    class Process:
        def __init__(self, cmd, **kwargs):
            state.calls.append((cmd, kwargs))
            Path(cmd[cmd.index("--manifest") + 1]).write_text(json.dumps(state.outcomes))
            kwargs["stderr"].write(state.errors)
            self.stdout, self.returncode = iter(state.lines), None

        def wait(self):
            self.returncode = state.returncode
            return self.returncode

    monkeypatch.setattr(mkdocs_hook, "subprocess", types.SimpleNamespace(Popen=Process, PIPE=real.PIPE))
    monkeypatch.setattr(build, "all_cached", lambda scale: state.calls.append(("all_cached", scale)) and None)
    return state


def test_cached_figures_are_looked_up_without_a_process(monkeypatch, capsys):
    outcomes = [Outcome("a", "cached", 0.0, "a.svg", "a.json"), Outcome("b", "cached", 0.0, "b.svg", "b.json")]
    asked = []
    monkeypatch.setattr(build, "all_cached", lambda scale: asked.append(scale) or outcomes)
    assert mkdocs_hook._figures("full") == [asdict(o) for o in outcomes]
    assert asked == ["full"] and capsys.readouterr().err == "INFO    -  figures: all 2 cached\n"


def test_figures_not_cached_are_built_by_the_command_and_its_lines_passed_on(figures_process, monkeypatch):
    import subprocess as real

    class Err(io.StringIO):
        def flush(self):
            self.lines_at_flush.append(self.getvalue().count("\n"))

    err = Err()
    err.lines_at_flush = []
    monkeypatch.setattr(sys, "stderr", err)

    assert mkdocs_hook._figures("full") == [{"name": "a"}]
    assert figures_process.calls[0] == ("all_cached", "full")
    ((cmd, kwargs),) = figures_process.calls[1:]
    assert cmd[:-1] == [PYTHON, "-m", "lecture_site", "figures", "--scale", "full", "--manifest"]
    assert not Path(cmd[-1]).exists()  # in a temporary folder, gone
    assert kwargs.pop("stderr").closed
    assert kwargs == {"cwd": mkdocs_hook.PACKAGE_DIR.parent, "stdout": real.PIPE, "text": True,
                      "env": mkdocs_hook._with_site_on_path(os.environ)}
    assert err.getvalue() == "INFO    -  figures: a  built  \nINFO    -  figures: b  built\n"
    assert err.lines_at_flush == [1, 2]  # each line as it comes


def test_a_failed_figure_build_fails_with_its_errors_else_its_output(figures_process):
    figures_process.returncode, figures_process.errors = 1, "\nerror: figure 'a' failed\n\n"
    with pytest.raises(PluginError) as raised:
        mkdocs_hook._figures("quick")
    assert str(raised.value) == "building the figures failed:\nerror: figure 'a' failed"
    figures_process.errors = "  \n"
    with pytest.raises(PluginError) as raised:
        mkdocs_hook._figures("quick")
    assert str(raised.value) == "building the figures failed:\na  built  \nb  built"


# --- the page's Markdown -------------------------------------------------------------------------------------

@pytest.fixture
def filled(site, monkeypatch):
    """Figure a's record and the bibliography, as on_files leaves them."""
    monkeypatch.setattr(mkdocs_hook, "_records", {"a": dict(RECORD, _size=(1, 1))})
    monkeypatch.setattr(mkdocs_hook, "_entries", citations.load(Path(site.docs_dir) / "references.bib"))
    return site


def test_a_page_gets_its_numbers_formulas_provenance_citations_and_bibliography(filled):
    markdown = ("# T\n\n{{ a.n }} pieces, {{ a.xs.1:.1f }} at most [@doe2020thing].\n\n"
                "\\[\nx \\label{eq:x}\n\\]\n\nBy \\eqref{eq:x}.\n\n[Data](figures/a.json)\n\n\\bibliography\n")
    out = mkdocs_hook._render(markdown, "dir/page.md")
    assert out.startswith("# T\n\n3 pieces, 2.0 at most ([Doe and Roe, 2020](../references.md#doe2020thing)).\n\n"
                          '<div id="eq-eq:x"></div>\n\n\\[\nx \\tag{1}\n\\]\n\nBy [(1)](#eq-eq:x).\n\n'
                          "Computed at build time by `toyfigs.a.a` (quick scale, seed 0, ")
    assert "torch 2.0). [Data](figures/a.json)\n\n" in out
    entry = mkdocs_hook._entries["doe2020thing"]
    assert out.endswith(f"\n\n- {entry.markdown()}\n\n")
    assert mkdocs_hook._render("[@doe2020thing]", "page.md") == "([Doe and Roe, 2020](references.md#doe2020thing))"


def test_a_page_without_a_bibliography_line_gets_none(filled):
    assert mkdocs_hook._render("A [@doe2020thing].\n", "a/b/page.md") == \
        "A ([Doe and Roe, 2020](../../references.md#doe2020thing)).\n"


CLAIM = next(iter(claims.discover().values())).claim  # any claim of the notes: its figure is not among this test's


@pytest.mark.parametrize("markdown, message", [
    ("# T\n\n{{ nofig.n }}\n", "docs/dir/page.md:3: {{ nofig.n }} names figure 'nofig', which does not exist"),
    ("# T\n\n{{ a.nokey }}\n", "docs/dir/page.md:3: {{ a.nokey }}: figure 'a' has no result 'nokey'"),
    ("# T\n\n[Data](figures/nofig.json)\n", "docs/dir/page.md:3: [Data](figures/nofig.json) links figure 'nofig'"),
    ("# T\n\n[@nobody]\n", "docs/dir/page.md:3: [@nobody] cites 'nobody', which is not in references.bib"),
    ("# T\n\nBy \\eqref{nolabel}.\n", "docs/dir/page.md:3: \\eqref{nolabel} names no labelled formula"),
    ("# T\n\n[[claim no-such-claim]]\n", "docs/dir/page.md:3: unknown claim 'no-such-claim'"),
    (f"# T\n\n[[claim {CLAIM.name}]]\n", f"docs/dir/page.md:3: claim '{CLAIM.name}' needs figure '{CLAIM.figure}', "
                                         "which does not exist"),
])
def test_what_a_page_cannot_fill_fails_the_build_naming_the_page_and_line(filled, markdown, message):
    with pytest.raises(PluginError) as raised:
        mkdocs_hook._render(markdown, "dir/page.md")
    assert str(raised.value).startswith(message)



def _toy_claim(ours: str, cite: str = "doe2020thing"):
    from snippets.claims import CONSTRUCTION, Claim
    claim = Claim("toy", "Toy", "Doe", cite, "It holds.", "a", ours, lambda r: True, kind=CONSTRUCTION,
                  threshold="x", page="page")
    return {"toy": claims.Declared(claim, "snippets.toy", "snippets/toy.py:9")}


# a labelled formula (an anchor line is added before it) and a claim box (a dozen lines) come first
SHIFTING = "# T\n\n\\[\nx \\label{eq:x}\n\\]\n\n[[claim toy]]\n\n"


@pytest.mark.parametrize("after, ours, message", [
    ("{{ a.nokey }}\n", "n = {{ a.n }}", "docs/dir/page.md:9: {{ a.nokey }}: figure 'a' has no result 'nokey'"),
    ("[@nobody]\n", "n = {{ a.n }}", "docs/dir/page.md:9: [@nobody] cites 'nobody', which is not in"),
    ("By \\eqref{nolabel}.\n", "n = {{ a.n }}", "docs/dir/page.md:9: \\eqref{nolabel} names no labelled formula"),
    ("Fine.\n", "n = {{ a.typo }}", "snippets/toy.py:9 (claim 'toy'): {{ a.typo }}: figure 'a' has no result 'typo'"),
    ("Fine.\n", "as [@nobody] says", "snippets/toy.py:9 (claim 'toy'): [@nobody] cites 'nobody'"),
])
def test_an_error_after_a_box_or_a_formula_names_the_line_as_written(filled, monkeypatch, after, ours, message):
    """Boxes and formula anchors add lines: an error still names the page's line as its author wrote it,
    and one in a claim's own text names the claim's declaration."""
    monkeypatch.setitem(mkdocs_hook._records, "a", dict(RECORD, claims={"toy": {"supported": True, "read": {}}}))
    monkeypatch.setattr(claims, "discover", lambda: _toy_claim("n = {{ a.n }}"))
    assert mkdocs_hook._render(SHIFTING + "Fine.\n", "dir/page.md").count("\n") > SHIFTING.count("\n") + 8
    monkeypatch.setattr(claims, "discover", lambda: _toy_claim(ours))
    with pytest.raises(PluginError) as raised:
        mkdocs_hook._render(SHIFTING + after, "dir/page.md")
    assert str(raised.value).startswith(message), str(raised.value)

def test_a_figures_results_as_pages_quote_them(filled):
    assert mkdocs_hook._results_of("a") == {"n": 3, "xs": [1, 2]}
    assert mkdocs_hook._results_of("nofig") is None


EXPLORE = ('<div class="explore" data-figure="{fig}" data-x="xs" data-panels="0" data-label="n" '
           'data-value="{{xs:d}}" data-readout="{{xs:d}}"></div>')


def test_on_page_markdown_checks_links_fills_the_page_and_the_install_line(filled, git):
    files = docs_files(filled, {"other.md": "# O\n"})
    page = a_page(filled, "dir/page.md", "x")
    filled.extra = {"repository": "o/n", "commit": "abc"}
    markdown = "# T\n\n[other](../other.md) has {{ a.n }}.\n\n[[install]]\n\nNot [[install]] here.\n"
    assert mkdocs_hook.on_page_markdown(markdown, page, filled, files) == (
        "# T\n\n[other](../other.md) has 3.\n\n" + mkdocs_hook.install_text(filled) + "\n\nNot [[install]] here.\n")


def test_on_page_markdown_names_a_broken_link(filled):
    page = a_page(filled, "dir/page.md", "x")
    with pytest.raises(PluginError, match=r"^docs/dir/page\.md:3: link 'missing\.md' points to 'dir/missing\.md'"):
        mkdocs_hook.on_page_markdown("# T\n\n[gone](missing.md)\n", page, filled, Files([]))


def test_on_page_markdown_names_an_explorables_line_as_written_after_a_box(filled, monkeypatch):
    monkeypatch.setitem(mkdocs_hook._records, "a", dict(RECORD, claims={"toy": {"supported": True, "read": {}}}))
    monkeypatch.setattr(claims, "discover", lambda: _toy_claim("n = {{ a.n }}"))
    page = a_page(filled, "dir/page.md", "x")
    with pytest.raises(PluginError, match=r"^docs/dir/page\.md:9: "):
        mkdocs_hook.on_page_markdown(SHIFTING + EXPLORE.format(fig="a") + "\n", page, filled, Files([]))


def test_on_page_markdown_leaves_the_references_page_as_it_is(filled):
    page = a_page(filled, "references.md")
    text = "# References\n\n[gone](missing.md) {{ nofig.n }}\n"
    assert mkdocs_hook.on_page_markdown(text, page, filled, Files([])) == text


def test_on_page_markdown_checks_the_explorable_figures(filled, monkeypatch):
    page = a_page(filled, "page.md", "x")
    with pytest.raises(PluginError, match=r"^docs/page\.md:3: figure 'nofig' does not exist$"):
        mkdocs_hook.on_page_markdown("# T\n\n" + EXPLORE.format(fig="nofig") + "\n", page, filled, Files([]))
    record = dict(RECORD, axes={"axes": [{"xscale": "linear", "yscale": "linear"}]})
    monkeypatch.setitem(mkdocs_hook._records, "a", record)
    out = mkdocs_hook.on_page_markdown("# T\n\n" + EXPLORE.format(fig="a") + "\n", page, filled, Files([]))
    assert 'data-figure="a"' in out and 'data-count="2" hidden></div>' in out


def test_a_pages_notebook_is_made_from_its_filled_markdown(filled, git):
    f = page_file(filled, "page.md", LECTURE + "\n" + EXPLORE.format(fig="a") + "\n")
    filled.site_url = "https://x.org/s/"
    filled.extra = {"repository": "o/n", "commit": "abc"}
    nb = json.loads(mkdocs_hook._page_notebook(f, filled))
    sources = ["".join(c["source"]) for c in nb["cells"]]
    assert sources[0].startswith("# A page\n\n3 pieces ([Doe and Roe, 2020](https://x.org/s/references/#doe2020thing))")
    assert "[a page](https://x.org/s/page/)" in sources[1]
    assert sources[2] == '%pip install --quiet "snippets @ git+https://github.com/o/n@abc"'
    assert not any("explore" in s for s in sources)
    filled.extra = {}
    nb = json.loads(mkdocs_hook._page_notebook(f, filled))
    assert ["".join(c["source"]) for c in nb["cells"]][2] == "x = 1"


def test_a_pages_notebook_is_kept_and_made_again_when_its_inputs_change(filled, git, monkeypatch):
    f = page_file(filled, "page.md", LECTURE)
    first = mkdocs_hook._page_notebook(f, filled)
    monkeypatch.setattr(notebook, "page_to_notebook", lambda *args: json.dumps(args))
    assert mkdocs_hook._page_notebook(f, filled) == first
    filled.site_url = "https://x.org/"
    assert json.loads(mkdocs_hook._page_notebook(f, filled))[1:] == ["https://x.org/", "https://x.org/page/", None]
    filled.extra = {"repository": "o/n", "commit": "abc"}
    assert json.loads(mkdocs_hook._page_notebook(f, filled))[3] == "snippets @ git+https://github.com/o/n@abc"
    mkdocs_hook._records["a"] = dict(RECORD, results={"n": 4, "xs": [1, 2]})
    assert json.loads(mkdocs_hook._page_notebook(f, filled))[0].startswith("# A page\n\n4 pieces")


# --- a notebook cell that raises ----------------------------------------------------------------------------

class CellExecutionError(Exception):
    """nbclient's, as mkdocs-jupyter raises it (matched by name)."""

    def __init__(self, message, **attributes):
        super().__init__(message)
        self.__dict__.update(attributes)


CELL_FAILED = ("An error occurred while executing the following cell:\n------------------\nprint(1 / 0)\n"
               "------------------\n\nCell In[2], line 1\nZeroDivisionError: division by zero\n")


def test_a_notebook_cell_that_raises_is_named_by_file_and_line(site):
    page = a_page(site, "notebooks/nb.py", "# %%\nimport math\n\n# %%\nprint(1 / 0)\n")
    page.render = lambda config, files: (_ for _ in ()).throw(
        CellExecutionError(CELL_FAILED, ename="ZeroDivisionError", evalue="division by zero"))
    assert mkdocs_hook.on_pre_page(page, site, None) is page
    with pytest.raises(PluginError) as raised:
        page.render(site, None)
    assert str(raised.value) == ("docs/notebooks/nb.py:5: ZeroDivisionError: division by zero "
                                 "(a notebook cell raised while the build ran it)")


def test_a_cell_error_without_a_line_or_a_name_still_names_the_notebook(site):
    page = a_page(site, "notebooks/nb.py", "print(2)\n")
    page.render = lambda config, files: (_ for _ in ()).throw(CellExecutionError("kernel died"))
    mkdocs_hook.on_pre_page(page, site, None)
    with pytest.raises(PluginError) as raised:
        page.render(site, None)
    assert str(raised.value) == ("docs/notebooks/nb.py: Error: kernel died "
                                 "(a notebook cell raised while the build ran it)")


def test_a_notebook_that_runs_renders_as_before_and_other_errors_pass(site):
    page = a_page(site, "notebooks/nb.py", "print(2)\n")
    calls = []
    page.render = lambda config, files: calls.append((config, files)) or "rendered"
    mkdocs_hook.on_pre_page(page, site, "files")
    assert page.render(site, "files") == "rendered" and calls == [(site, "files")]
    page.render = lambda config, files: (_ for _ in ()).throw(KeyError("other"))
    mkdocs_hook.on_pre_page(page, site, None)
    with pytest.raises(KeyError):
        page.render(site, None)


def test_a_markdown_page_renders_untouched(site):
    page = a_page(site, "page.md", "# T\n")
    page.render = render = lambda config, files: 1 / 0
    assert mkdocs_hook.on_pre_page(page, site, None) is page and page.render is render


# --- the page's HTML ----------------------------------------------------------------------------------------

def test_math_is_typeset_at_build_time_naming_a_bad_formula(site, monkeypatch):
    monkeypatch.setattr(typeset, "_cache", None)
    page = a_page(site, "dir/page.md", "# T\n\nA \\(x^2\\) and \\(\\frac{\\).\n",
                  content='<p><span class="arithmatex">\\(x^2\\)</span> $y$</p>')
    context = object()
    assert mkdocs_hook.on_page_context(context, page, site, None) is context
    assert 'class="katex"' in page.content and "$y$" in page.content  # dollars are not math on a page
    page.content = '<p><span class="arithmatex">\\(\\frac{\\)</span></p>'
    with pytest.raises(PluginError, match=r"^docs/dir/page\.md:3: cannot typeset '\\\\frac\{'"):
        mkdocs_hook.on_page_context(context, page, site, None)
    page.file = File.generated(site, "made.md", content="x")
    with pytest.raises(PluginError, match=r"^docs/made\.md: cannot typeset"):
        mkdocs_hook.on_page_context(context, page, site, None)


def test_a_notebooks_dollar_math_is_typeset(site, monkeypatch):
    monkeypatch.setattr(typeset, "_cache", None)
    page = a_page(site, "notebooks/nb.py", "# %% [markdown]\n# $y$ and $\\frac{$\n",
                  content='<div class="jp-RenderedMarkdown"><p>$y$</p></div>')
    mkdocs_hook.on_page_context({}, page, site, None)
    assert 'class="katex"' in page.content and "$y$" not in page.content
    page.content = '<div class="jp-RenderedMarkdown"><p>$\\frac{$</p></div>'
    with pytest.raises(PluginError, match=r"^docs/notebooks/nb\.py:2: cannot typeset"):
        mkdocs_hook.on_page_context({}, page, site, None)


NOTEBOOK_HTML = ('<h1 id="t">T</h1>\n<style>.jp-Cell{color:red}.jp-Unused{color:blue}</style>\n'
                 '<div class="jp-Cell" id="cell-id=f00d"></div>')


def test_a_notebook_page_is_made_deterministic_cut_down_and_offers_its_downloads(site):
    page = a_page(site, "notebooks/nb.py", NOTEBOOK, url="notebooks/nb/")
    out = mkdocs_hook.on_page_content(NOTEBOOK_HTML, page, site, None)
    assert out == ('<h1 id="t">T</h1>\n<p class="notebook-downloads"><a class="md-button md-button--primary" '
                   'href="nb.ipynb" download>Download the notebook (.ipynb)</a> <a class="md-button" href="nb.py" '
                   'download>Download as a script (.py)</a></p>\n\n<style>.jp-Cell{color:red}</style>\n'
                   '<div class="jp-Cell" id="cell-id=cell-0"></div>')


def test_a_notebook_pages_css_is_cut_once(site, monkeypatch):
    page = a_page(site, "notebooks/nb.py", NOTEBOOK, url="notebooks/nb/")
    first = mkdocs_hook.on_page_content(NOTEBOOK_HTML, page, site, None)
    from lecture_site import unused_css

    monkeypatch.setattr(unused_css, "keep_used_in_page", lambda html: pytest.fail("cut again"))
    assert mkdocs_hook.on_page_content(NOTEBOOK_HTML, page, site, None) == first


def test_a_notebook_page_whose_css_does_not_parse_fails_the_build(site):
    page = a_page(site, "notebooks/nb.py", NOTEBOOK, url="notebooks/nb/")
    with pytest.raises(PluginError, match=r"^docs/notebooks/nb\.py: the notebook page's CSS does not parse: "):
        mkdocs_hook.on_page_content("<style>.a{color:red</style>", page, site, None)


def test_a_lecture_page_offers_itself_as_a_notebook_and_in_colab(site, monkeypatch):
    monkeypatch.setattr(mkdocs_hook, "_records", {"a": {"_size": (3, 4)}})
    page = a_page(site, "dir/page.md", LECTURE, url="dir/page/")
    html = '<h1>T</h1>\n<p><img src="../../figures/a.svg"></p>'
    button = ('<p class="notebook-downloads"><a class="md-button" href="page.ipynb" download>Download this page '
              'as a notebook (.ipynb)</a></p>\n')
    assert mkdocs_hook.on_page_content(html, page, site, None) == \
        '<h1>T</h1>\n' + button + '\n<p><img src="../../figures/a.svg" width="3" height="4"></p>'
    site.extra = {"repository": "o/n"}
    colab = (' <a class="md-button" href="https://colab.research.google.com/github/o/n/blob/notebooks/dir/page/'
             'page.ipynb">Open in Colab</a>')
    assert mkdocs_hook.on_page_content("<p>No title</p>", page, site, None) == \
        button.replace("</a></p>", "</a>" + colab + "</p>") + "<p>No title</p>"


def test_the_buttons_name_a_file_with_dots_and_go_under_the_first_title(site):
    page = a_page(site, "a/b/v1.2.md", LECTURE, url="a/b/v1.2/")
    out = mkdocs_hook.on_page_content("<h1>T</h1><p>x</p><h1>U</h1>", page, site, None)
    assert out == ('<h1>T</h1>\n<p class="notebook-downloads"><a class="md-button" href="v1.2.ipynb" download>'
                   "Download this page as a notebook (.ipynb)</a></p>\n<p>x</p><h1>U</h1>")
    page = a_page(site, "notebooks/nb.v2.py", NOTEBOOK, url="notebooks/nb.v2/")
    assert 'href="nb.v2.ipynb"' in mkdocs_hook.on_page_content("<p>x</p>", page, site, None)
    page = a_page(site, "page.md", LECTURE, url="page/")
    assert 'href="page.ipynb"' in mkdocs_hook.on_page_content("<p>x</p>", page, site, None)


def test_a_page_without_code_gets_no_buttons_and_the_explore_script_only_with_an_explorable(site):
    page = a_page(site, "dir/plain.md", "# Plain\n", url="dir/plain/")
    assert mkdocs_hook.on_page_content("<h1>Plain</h1>", page, site, None) == "<h1>Plain</h1>"
    html = '<h1>Plain</h1><div class="explore" data-figure="a"></div>'
    assert mkdocs_hook.on_page_content(html, page, site, None) == \
        html + '\n<script src="../../javascripts/explore.js" defer></script>\n'


# --- after the build -----------------------------------------------------------------------------------------

def test_after_the_build_the_printable_page_loads_every_figure_and_is_deterministic(site, tmp_path, monkeypatch):
    monkeypatch.setattr(typeset, "_cache", None)
    printable = Path(site.site_dir) / "print_page" / "index.html"
    printable.parent.mkdir(parents=True)
    printable.write_text('<img src="a.svg" loading="lazy" decoding="async"><div class="explore" data-figure="a">'
                         '</div><div id="cell-id=f00d"></div>', encoding="utf-8")
    mkdocs_hook.on_post_build(site)
    assert printable.read_text(encoding="utf-8") == '<img src="a.svg" decoding="async"><div id="cell-id=cell-0"></div>'


def test_after_the_build_the_formulas_are_kept_and_old_memos_removed(site, tmp_path, monkeypatch):
    typeset.use_cache(tmp_path / "typeset")
    monkeypatch.setattr(typeset, "_cache", typeset._cache)
    typeset.render("x", False, mkdocs_hook.KATEX_JS)
    old = tmp_path / "memo" / "notebook" / "old.txt"
    new = tmp_path / "memo" / "notebook" / "new.txt"
    old.parent.mkdir(parents=True)
    old.write_text("old")
    new.write_text("new")
    month_ago = time.time() - memo.MAX_AGE - 60
    os.utime(old, (month_ago, month_ago))
    mkdocs_hook.on_post_build(site)  # no printable page in this site: nothing else to do
    assert list((tmp_path / "typeset").glob("katex-*.json"))
    assert not old.exists() and new.exists()
    assert not (Path(site.site_dir) / "print_page").exists()

