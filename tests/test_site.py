"""The built site: computed figures, filled numbers, notebooks; and builds that must fail, do."""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from conftest import REPO, mkdocs_build, scratch_site


def test_pages_exist(built_site):
    for page in ("index.html", "networks/index.html", "notebooks/relu-pieces/index.html"):
        assert (built_site / page).is_file(), page


def test_figures_are_generated_not_committed(built_site):
    for name in ("relu-network", "piece-counts"):
        svg = (built_site / "figures" / f"{name}.svg").read_text()
        assert svg.lstrip().startswith("<?xml") and "<svg" in svg
        data = json.loads((built_site / "figures" / f"{name}.json").read_text())
        assert data["figure"] == name and data["results"]
    assert not list((REPO / "docs").rglob("*.svg")), "figures must not be written into docs/"


def test_numbers_in_the_prose_come_from_the_results(built_site):
    html = (built_site / "networks" / "index.html").read_text()
    assert "{{" not in html
    results = json.loads((built_site / "figures" / "relu-network.json").read_text())["results"]
    assert f"has {results['pieces_in_view']} pieces" in html
    pieces = json.loads((built_site / "figures" / "piece-counts.json").read_text())["results"]
    assert f"{pieces['widest_deepest_mean']:.1f} pieces from" in html


def test_figures_have_alt_text_and_data_links(built_site):
    html = (built_site / "networks" / "index.html").read_text()
    imgs = re.findall(r'<img [^>]*src="([^"]+\.svg)"[^>]*>', html)
    assert len(imgs) >= 2
    for tag in re.findall(r"<img [^>]*>", html):
        alt = re.search(r'alt="([^"]*)"', tag)
        assert alt and len(alt.group(1)) > 30, tag
        assert re.search(r'width="\d+" height="\d+"', tag), f"no size (the page would jump): {tag[:80]}"
    assert 'href="../figures/relu-network.json"' in html


def test_figures_below_the_first_load_lazily_with_their_size(built_site):
    imgs = re.findall(r'<img [^>]*src="\.\./figures/[^"]+\.svg"[^>]*>', (built_site / "training" / "index.html").read_text())
    assert len(imgs) >= 3
    assert all(re.search(r'width="\d+" height="\d+"', i) for i in imgs), imgs
    assert 'loading="lazy"' not in imgs[0] and all('loading="lazy"' in i for i in imgs[1:]), imgs
    assert 'loading="lazy"' not in (built_site / "print_page" / "index.html").read_text()


def test_code_blocks_keep_their_language(built_site):
    html = (built_site / "networks" / "index.html").read_text()
    assert html.count('class="language-python highlight"') >= 3


def test_notebook_page_offers_the_ipynb(built_site):
    nb_dir = built_site / "notebooks" / "relu-pieces"
    notebook = json.loads((nb_dir / "relu-pieces.ipynb").read_text())
    assert notebook["nbformat"] == 4 and any(c["cell_type"] == "code" for c in notebook["cells"])
    html = (nb_dir / "index.html").read_text()
    assert 'href="relu-pieces.ipynb"' in html
    assert "pieces; largest gap between f and its pieces" in html  # the executed output is on the page


# --- builds that must fail ----------------------------------------------------------------------

def test_a_second_build_gives_the_same_bytes(built_site, served_site, tmp_path):
    """Every file of the site but figures/timings.json, again: no random ids, no build times in pages.
    (From an empty figure cache too: `make reproducible`, which .ci/run runs after the suite.)"""
    from reproducible import ALLOWED, compare

    proc = mkdocs_build(REPO / "mkdocs.yml", tmp_path / "again", env={"SITE_URL": served_site + "/"})
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert compare(built_site, tmp_path / "again") == []
    assert ALLOWED == {"figures/timings.json"}


def test_scratch_site_builds_when_nothing_is_wrong(tmp_path):
    config = scratch_site(tmp_path, {"index.md": "# Hi\n\n![a figure](figures/relu-network.svg)\n\n"
                                                 "{{ relu-network.depth }} layers\n"})
    proc = mkdocs_build(config, tmp_path / "site")
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "4 layers" in (tmp_path / "site" / "index.html").read_text()


@pytest.mark.parametrize("page, message", [
    ("# Hi\n\n![missing figure](figures/no-such-figure.svg)\n", "figures/no-such-figure.svg"),
    ("# Hi\n\nline two\n\n{{ no-such-figure.value }}\n", "docs/index.md:5"),
    ("# Hi\n\n{{ relu-network.no_such_key }}\n", "has no result 'no_such_key'"),
    ("# Hi\n\nAs shown [@nobody2020].\n", "docs/index.md:3: [@nobody2020] cites 'nobody2020'"),
])
def test_broken_pages_fail_the_strict_build(tmp_path, page, message):
    config = scratch_site(tmp_path, {"index.md": page})
    proc = mkdocs_build(config, tmp_path / "site")
    assert proc.returncode != 0
    assert message in proc.stderr, proc.stderr[-3000:]


def test_notebook_cache_follows_snippets(tmp_path, monkeypatch):
    """mkdocs-jupyter only hashes the notebook; the hook moves its cache when snippets changes."""
    from lecture_site import mkdocs_hook

    pkg = tmp_path / "snippets"
    shutil.copytree(REPO / "snippets", pkg, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(mkdocs_hook, "PACKAGE_DIR", pkg)
    before = mkdocs_hook._snippets_hash()
    assert mkdocs_hook._snippets_hash() == before
    with (pkg / "nets.py").open("a") as f:
        f.write("\n# an edit\n")
    assert mkdocs_hook._snippets_hash() != before


def test_every_figure_caption_says_where_it_came_from(built_site):
    for page in ("networks", "training", "representation"):
        html = (built_site / page / "index.html").read_text()
        for name in re.findall(r'<img [^>]*src="\.\./figures/([a-z0-9-]+)\.svg"', html):
            record = json.loads((built_site / "figures" / f"{name}.json").read_text())
            caption = re.search(rf"Computed at build time by <code>{re.escape(record['made_by'])}</code> "
                                rf"\(quick scale, seed {record['seed']}, "
                                rf'<a class="figure-time" data-figure="{name}" href="\.\./figures/timings\.json">'
                                rf"compute time</a>, torch [^)]+\)\. "
                                rf'<a href="\.\./figures/{name}\.json">Data</a>', html)
            assert caption, f"{page}: figure {name} has no provenance before its data link"
            seconds = json.loads((built_site / "figures" / "timings.json").read_text())
            assert seconds[name] > 0, f"timings.json has no compute time for {name}"


def test_lecture_pages_end_with_exercises_and_collapsed_runnable_solutions(built_site):
    for page in ("networks", "training", "representation", "error-decomposition", "rethinking-generalization",
                 "implicit-regularization"):
        html = (built_site / page / "index.html").read_text()
        assert 'id="exercises"' in html, f"{page}: no Exercises section"
        solutions = re.findall(r'<details class="success">(.*?)</details>', html, re.S)
        assert len(solutions) >= 2, f"{page}: {len(solutions)} solutions"
        assert all("language-python" in s for s in solutions), f"{page}: a solution without code"


def test_with_a_repository_every_page_links_its_source_and_the_home_page_installs_the_commit(tmp_path):
    """One setting drives repo_url, the view-source and edit links, the install command and the notebooks'
    install cell; a scratch site built with it shows each."""
    from conftest import scratch_build, scratch_package, scratch_site

    package = scratch_package(tmp_path)
    code = "# Page\n\nText.\n\n```python\nprint(1)\n```\n"
    config = scratch_site(tmp_path, {"index.md": "# Home\n\n[[install]]\n", "page.md": code}, package=package)
    config.write_text(config.read_text().replace("theme: {name: material, font: false}",
                                                 "theme: {name: material, font: false, features: "
                                                 "[content.action.edit, content.action.view]}")
                      + "extra: {repository: me/notes, commit: 0123abc}\n")
    proc = scratch_build(config, tmp_path / "site", package, tmp_path / "cache")
    assert proc.returncode == 0, proc.stderr[-3000:]
    site = tmp_path / "site"
    for page, source in (("index.html", "index.md"), ("page/index.html", "page.md")):
        html = (site / page).read_text()
        assert f'href="https://github.com/me/notes/edit/main/docs/{source}"' in html
        assert f'href="https://github.com/me/notes/raw/main/docs/{source}"' in html
    home = (site / "index.html").read_text()
    assert "snippets @ git+https://github.com/me/notes@0123abc" in home and "[[install]]" not in home
    nb = json.loads((site / "page" / "page.ipynb").read_text())
    code_cells = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert "".join(code_cells[0]["source"]) == '%pip install --quiet "snippets @ git+https://github.com/me/notes@0123abc"'


def test_without_a_repository_the_home_page_says_how_to_install_from_a_checkout(built_site):
    home = (built_site / "index.html").read_text()
    assert "-c requirements.txt -e ." in home and "make venv" not in home.split("md-footer")[0]
    assert "[[install]]" not in home and "github.com/" not in home.split("md-footer")[0]


def test_search_indexes_the_formulas_tex_and_the_page_shows_them_typeset(built_site):
    """Math is typeset after the search plugin has indexed the page: a reader can search for the TeX,
    and the index is not three copies of each formula (KaTeX's glyphs, MathML, annotation)."""
    docs = json.loads((built_site / "search" / "search_index.json").read_text())["docs"]
    text = "\n".join(d["text"] for d in docs if d["location"].startswith("error-decomposition/"))
    assert r"\(R(h) = \mathbb{E}\,\ell(h(x), y)\)" in text
    assert "R(h)=Eℓ(h(x),y)" not in text and 'class="katex' not in text
    page = (built_site / "error-decomposition" / "index.html").read_text()
    assert page.count('class="katex"') > 20 and r"\(R(h)" not in page


def test_explore_script_loads_only_where_a_figure_is_explorable_and_stays_small(built_site):
    """The explorable figures add their script to the pages that have one and nothing to the others; the
    script stays far below its 30 KB (compressed) budget."""
    import gzip

    from lecture_site import explore

    with_explorer = []
    for page in sorted(built_site.rglob("index.html")):
        html = page.read_text(encoding="utf-8")
        if "print_page" in page.parts:
            continue
        has = explore.uses(html)
        assert has == ("javascripts/explore.js" in html), page
        if has:
            with_explorer.append(page.parent.name)
            assert re.search(r'<div class="explore"[^>]* hidden></div>', html), f"{page}: shown without JavaScript"
    assert len(with_explorer) >= 4, with_explorer
    script = (built_site / "javascripts" / "explore.js").read_bytes()
    assert len(gzip.compress(script, 9)) < 30 * 1024


def test_figure_records_say_where_their_axes_are(built_site):
    """The overlay of an explorable figure is placed from these: every axes box lies inside its SVG."""
    for path in sorted((built_site / "figures").glob("*.json")):
        if path.name == "timings.json":
            continue
        record = json.loads(path.read_text())
        geometry = record["axes"]
        svg = (path.with_suffix(".svg")).read_text(encoding="utf-8")[:2000]
        width, height = (float(v) for v in re.search(r'width="([0-9.]+)pt" height="([0-9.]+)pt"', svg).groups())
        assert (geometry["width"], geometry["height"]) == pytest.approx((width, height), abs=0.01), path.name
        for ax in geometry["axes"]:
            x0, y0, x1, y1 = ax["box"]
            assert 0 <= x0 < x1 <= width and 0 <= y0 < y1 <= height, (path.name, ax)
