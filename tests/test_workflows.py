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
    assert {p.name for p in WORKFLOWS} == {"ci.yml", "pages.yml", "mutation.yml"}


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


def test_the_pages_workflow_builds_once_with_the_repository_and_commit():
    pages = load(REPO / ".github" / "workflows" / "pages.yml")
    builds = [step for job in pages["jobs"].values() for step in job["steps"] if step.get("run") == "make build"]
    assert len(builds) == 1
    for step in builds:
        assert step["env"]["REPOSITORY"] == "${{ github.repository }}"
        assert step["env"]["COMMIT"] == "${{ github.sha }}"


def test_ci_runs_once_per_change_and_pip_downloads_are_cached():
    ci = load(REPO / ".github" / "workflows" / "ci.yml")
    assert ci["on"]["push"] == {"branches": ["main"]} and "pull_request" in ci["on"]
    for path in WORKFLOWS:
        for job in load(path)["jobs"].values():
            for step in job["steps"]:
                if step.get("uses", "").startswith("actions/setup-python@"):
                    assert step["with"]["cache"] == "pip", f"{path.name}: setup-python without a pip cache"


def test_pages_builds_the_site_once_and_the_notebooks_job_reuses_it():
    jobs = load(REPO / ".github" / "workflows" / "pages.yml")["jobs"]
    assert jobs["notebooks"]["needs"] == "build"
    steps = jobs["notebooks"]["steps"]
    assert not any("make" in step.get("run", "") for step in steps), "the notebooks job builds again"
    assert any("gh run download" in step.get("run", "") for step in steps)
    assert jobs["notebooks"]["permissions"] == {"contents": "write", "actions": "read"}


def test_dependabot_keeps_actions_and_pins_current():
    config = yaml.safe_load((REPO / ".github" / "dependabot.yml").read_text())
    assert {u["package-ecosystem"] for u in config["updates"]} == {"github-actions", "pip"}


# The first major of each action that runs on Node 24 (read from each tag's action.yml; upload-pages-artifact
# is composite, and its v5 calls upload-artifact v7, which runs on Node 24). GitHub retires Node 20 runners.
NODE24_MAJORS = {"actions/checkout": 5, "actions/setup-python": 6, "actions/cache": 5,
                 "actions/upload-pages-artifact": 5, "actions/deploy-pages": 5, "actions/upload-artifact": 6}


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_actions_run_on_node_24(path):
    text = path.read_text()
    used = re.findall(r"uses: ([\w.-]+/[\w.-]+)@[0-9a-f]{40} # v(\d+)\.", text)
    assert used and len(used) == text.count("uses:"), f"{path.name}: every action carries its version comment"
    for action, major in used:
        assert action in NODE24_MAJORS, f"{path.name}: {action} is not known to run on Node 24"
        assert int(major) >= NODE24_MAJORS[action], f"{path.name}: {action} v{major} still runs on Node 20"


def test_mutation_testing_runs_weekly_and_by_hand_and_keeps_its_report():
    wf = load(REPO / ".github" / "workflows" / "mutation.yml")
    assert "workflow_dispatch" in wf["on"] and wf["on"]["schedule"]
    steps = wf["jobs"]["mutation"]["steps"]
    assert any(step.get("run") == "make mutation" for step in steps)
    (keep,) = [s for s in steps if s.get("uses", "").startswith("actions/upload-artifact@")]
    assert keep["if"] == "always()" and keep["with"]["path"] == "mutation-report.md"
