"""The files people expect in a repository: licences, a valid citation file, a changelog."""
import tomllib
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent


def test_licences_are_files_and_named_in_the_package_metadata():
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    assert project["license"] == "MIT AND CC-BY-4.0"  # an SPDX expression, not the deprecated table
    assert project["license-files"] == ["LICENSE", "LICENSE-TEXT"]
    assert (REPO / "LICENSE").read_text().startswith("MIT License")
    text = (REPO / "LICENSE-TEXT").read_text()
    assert text.startswith("Creative Commons Attribution 4.0 International")
    assert "Section 1 – Definitions." in text and "Section 8 – Interpretation." in text


def test_citation_file_has_what_cff_1_2_requires():
    cff = yaml.safe_load((REPO / "CITATION.cff").read_text())
    assert cff["cff-version"] == "1.2.0"
    assert isinstance(cff["message"], str) and cff["message"]
    assert isinstance(cff["title"], str) and cff["title"]
    assert cff["authors"] and all(isinstance(a, dict) and ("name" in a or "family-names" in a)
                                  for a in cff["authors"])
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    assert str(cff["version"]) == project["version"]  # one version, in both places
    assert cff["license"] == "MIT"
    unknown = set(cff) - {"cff-version", "message", "type", "title", "abstract", "authors", "version",
                          "date-released", "license", "keywords", "repository-code", "url", "doi"}
    assert not unknown, f"keys CFF 1.2.0 does not define (or we have not checked): {unknown}"


def test_changelog_has_an_unreleased_section_and_the_current_version():
    text = (REPO / "CHANGELOG.md").read_text()
    version = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["version"]
    assert "## [Unreleased]" in text and f"## [{version}]" in text


def test_contributing_covers_pages_figures_claims_and_citations():
    text = (REPO / "CONTRIBUTING.md").read_text()
    for heading in ("## A page", "## A figure", "## A citation", "## Claims"):
        assert heading in text


def test_a_copied_checkout_makes_its_own_venv(tmp_path):
    """The .venv of a checkout copied elsewhere imports the original (its editable install) and runs its
    scripts: make must not take it for its own."""
    import shutil
    import subprocess

    for name in ("Makefile", "requirements.txt", "pyproject.toml"):
        shutil.copy(REPO / name, tmp_path / name)
    here = subprocess.run(["make", "-n", "venv"], cwd=REPO, capture_output=True, text=True, check=True).stdout
    assert "Creating" not in here  # this checkout's own venv is up to date
    stamp = next((REPO / ".venv").glob(".installed-*"))
    (tmp_path / ".venv").mkdir()
    shutil.copy(stamp, tmp_path / ".venv" / stamp.name)  # as a copy of the checkout would have it
    copied = subprocess.run(["make", "-n", "venv"], cwd=tmp_path, capture_output=True, text=True, check=True).stdout
    assert "Creating .venv" in copied
