"""The built site: computed figures, filled numbers, notebooks; and builds that must fail, do."""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from conftest import REPO, mkdocs_build


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

def scratch_site(tmp_path: Path, pages: dict[str, str], notebooks: dict[str, str] | None = None) -> Path:
    """A small site using the real hook and plugins, with the given pages."""
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
hooks: [{REPO / "snippets" / "mkdocs_hook.py"}]
""")
    return config


def test_scratch_site_builds_when_nothing_is_wrong(tmp_path):
    config = scratch_site(tmp_path, {"index.md": "# Hi\n\n![a figure](figures/relu-network.svg)\n\n"
                                                 "{{ relu-network.depth }} layers\n"})
    proc = mkdocs_build(config, tmp_path / "site")
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "4 layers" in (tmp_path / "site" / "index.html").read_text()


@pytest.mark.parametrize("page, message", [
    ("# Hi\n\n[broken](nowhere.md)\n", "nowhere.md"),
    ("# Hi\n\n![missing figure](figures/no-such-figure.svg)\n", "figures/no-such-figure.svg"),
    ("# Hi\n\nline two\n\n{{ no-such-figure.value }}\n", "docs/index.md:5"),
    ("# Hi\n\n{{ relu-network.no_such_key }}\n", "has no result 'no_such_key'"),
    ("# Hi\n\nAs shown [@nobody2020].\n", "docs/index.md:3: [@nobody2020] cites 'nobody2020'"),
    ("# Hi\n\nBroken \\(\\frac{1}{\\) formula.\n", "docs/index.md: cannot typeset"),
])
def test_broken_pages_fail_the_strict_build(tmp_path, page, message):
    config = scratch_site(tmp_path, {"index.md": page})
    proc = mkdocs_build(config, tmp_path / "site")
    assert proc.returncode != 0
    assert message in proc.stderr, proc.stderr[-3000:]


def test_failing_notebook_cell_fails_the_build(tmp_path):
    notebook = "# %% [markdown]\n# # Broken\n\n# %%\nraise ValueError('cell failed on purpose')\n"
    config = scratch_site(tmp_path, {"index.md": "# Hi\n"}, {"broken.py": notebook})
    proc = mkdocs_build(config, tmp_path / "site")
    assert proc.returncode != 0
    assert "cell failed on purpose" in proc.stderr


def test_failing_figure_fails_the_build_with_its_name(tmp_path):
    """The hook runs the real CLI; a broken figure module stops the build and is named."""
    pkg = tmp_path / "proj" / "snippets"
    shutil.copytree(REPO / "snippets", pkg, ignore=shutil.ignore_patterns("__pycache__"))
    (pkg / "kaput.py").write_text("from snippets.figures import figure\n\n\n"
                                  "@figure('kaput', quick=dict(), full=dict())\n"
                                  "def kaput(*, seed):\n    return 1 / 0\n")
    config = scratch_site(tmp_path, {"index.md": "# Hi\n"})
    config.write_text(config.read_text().replace(str(REPO / "snippets"), str(pkg)))
    proc = mkdocs_build(config, tmp_path / "site",
                        env={"PYTHONPATH": str(pkg.parent), "SNIPPETS_CACHE": str(REPO / ".cache" / "figures")},
                        cwd=pkg.parent)
    assert proc.returncode != 0
    assert "figure 'kaput' failed at snippets/kaput.py:6 in kaput: ZeroDivisionError" in proc.stderr


def test_notebook_cache_follows_snippets(tmp_path, monkeypatch):
    """mkdocs-jupyter only hashes the notebook; the hook moves its cache when snippets changes."""
    from snippets import mkdocs_hook

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
                                rf"\(quick scale, seed {record['seed']}, [0-9.]+ s, torch [^)]+\)\. "
                                rf'<a href="\.\./figures/{name}\.json">Data</a>', html)
            assert caption, f"{page}: figure {name} has no provenance before its data link"


def test_lecture_pages_end_with_exercises_and_collapsed_runnable_solutions(built_site):
    for page in ("networks", "training", "representation", "error-decomposition", "rethinking-generalization",
                 "implicit-regularization"):
        html = (built_site / page / "index.html").read_text()
        assert 'id="exercises"' in html, f"{page}: no Exercises section"
        solutions = re.findall(r'<details class="success">(.*?)</details>', html, re.S)
        assert len(solutions) >= 2, f"{page}: {len(solutions)} solutions"
        assert all("language-python" in s for s in solutions), f"{page}: a solution without code"
