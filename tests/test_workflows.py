"""The GitHub workflows: least privilege, pinned actions, one deployment at a time; the Colab link."""
import re
from types import SimpleNamespace

import pytest
import yaml

from conftest import REPO
from lecture_site.mkdocs_hook import colab_url

WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))


def load(path):
    data = yaml.safe_load(path.read_text())
    data["on"] = data.get("on", data.get(True))  # YAML 1.1 reads the key `on` as True
    return data


def test_there_are_ci_and_pages_workflows():
    assert {p.name for p in WORKFLOWS} == {"ci.yml", "pages.yml"}


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_least_privilege_and_pinned_actions(path):
    wf = load(path)
    assert wf["permissions"] == {}, f"{path.name}: top-level permissions must be empty"
    for name, job in wf["jobs"].items():
        assert "permissions" in job, f"{path.name}: job {name} must declare its permissions"
        for step in job["steps"]:
            if "uses" in step:
                assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", step["uses"]), \
                    f"{path.name}: {step['uses']} is not pinned to a full commit SHA"


def test_deployment_is_serialised_and_ci_runs_the_readme_command():
    pages = load(REPO / ".github" / "workflows" / "pages.yml")
    assert pages["concurrency"]["cancel-in-progress"] is False
    assert pages["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    ci = load(REPO / ".github" / "workflows" / "ci.yml")
    assert any("bash .ci/run" in step.get("run", "") for step in ci["jobs"]["test"]["steps"])
    ci_run = (REPO / ".ci" / "run").read_text()
    # the README's test command and the reproducibility check, both in a namespace without network
    assert re.search(r"unshare --net -- .*make test && make reproducible", ci_run)


def test_colab_link_only_with_a_repository():
    assert colab_url(SimpleNamespace(extra={"repository": ""}), "training/training.ipynb") is None
    url = colab_url(SimpleNamespace(extra={"repository": "me/notes", "colab_branch": "notebooks"}),
                    "training/training.ipynb")
    assert url == "https://colab.research.google.com/github/me/notes/blob/notebooks/training/training.ipynb"


def test_the_pages_workflow_sets_the_repository_and_commit_for_both_builds():
    pages = load(REPO / ".github" / "workflows" / "pages.yml")
    builds = [step for job in pages["jobs"].values() for step in job["steps"] if step.get("run") == "make build"]
    assert len(builds) == 2
    for step in builds:
        assert step["env"]["REPOSITORY"] == "${{ github.repository }}"
        assert step["env"]["COMMIT"] == "${{ github.sha }}"
