"""The GitHub workflows are checked like code: actionlint (with shellcheck for every `run:` script)
passes, and the text of pull requests and issues is treated as untrusted: it never reaches a script
through `${{ }}`, and each job has only the permissions it needs."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import yaml

from conftest import ROOT

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
BIN = Path(sys.executable).parent  # actionlint and shellcheck come with requirements-test.txt


def actionlint(*files: Path, cwd: Path = ROOT):
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    return subprocess.run([str(BIN / "actionlint"), "-no-color", *map(str, files)], cwd=cwd, env=env,
                          capture_output=True, text=True)


def steps(workflow: dict):
    for name, job in workflow["jobs"].items():
        for step in job.get("steps", ()):
            yield name, job, step


def test_there_are_workflows_to_check():
    assert [w.name for w in WORKFLOWS] == ["checks.yml", "deploy.yml", "issue-to-pr.yml"]


def test_workflows_pass_actionlint_and_shellcheck():
    assert (BIN / "shellcheck").is_file(), "shellcheck is missing: pip install -r requirements-test.txt"
    result = actionlint(*WORKFLOWS)
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_catches_user_text_in_a_script(tmp_path):
    """The check above can fail: an issue title written into a script is reported."""
    (tmp_path / ".github" / "workflows").mkdir(parents=True)
    bad = tmp_path / ".github" / "workflows" / "bad.yml"
    bad.write_text("on: issues\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
                   "      - run: echo \"${{ github.event.issue.title }}\"\n", encoding="utf-8")
    result = actionlint(bad, cwd=tmp_path)
    assert result.returncode == 1 and "potentially untrusted" in result.stdout


def test_no_script_contains_an_expression():
    """User text (titles, bodies, branch names) reaches scripts only through `env:`, where the shell
    reads it as data; an expression inside `run:` would be pasted into the script before it runs."""
    for workflow_file in WORKFLOWS:
        workflow = yaml.safe_load(workflow_file.read_text(encoding="utf-8"))
        for job, _, step in steps(workflow):
            assert "${{" not in step.get("run", ""), f"{workflow_file.name}: {job}: {step.get('name') or step['run']}"


def test_every_workflow_starts_from_least_permissions():
    for workflow_file in WORKFLOWS:
        workflow = yaml.safe_load(workflow_file.read_text(encoding="utf-8"))
        assert workflow["permissions"] in ({}, {"contents": "read"}), workflow_file.name
        triggers = workflow[True]  # YAML 1.1 reads the key `on` as true
        assert "pull_request_target" not in triggers  # it would run with write access on a fork's code
        for name, job in workflow["jobs"].items():
            granted = job.get("permissions", workflow["permissions"])
            assert isinstance(granted, dict) and "write-all" not in str(granted), f"{workflow_file.name}: {name}"
        for _, _, step in steps(workflow):
            if "uses" in step:
                assert re.fullmatch(r"actions/[a-z-]+@v\d+", step["uses"]), step["uses"]


def test_only_the_jobs_that_write_can_write():
    granted = {}
    for workflow_file in WORKFLOWS:
        workflow = yaml.safe_load(workflow_file.read_text(encoding="utf-8"))
        for name, job in workflow["jobs"].items():
            permissions = job.get("permissions", workflow["permissions"])
            granted[f"{workflow_file.stem}.{name}"] = sorted(k for k, v in permissions.items() if v == "write")
    assert granted == {"checks.validate": [], "checks.tests": [], "deploy.build": [],
                       "deploy.deploy": ["id-token", "pages"],
                       "issue-to-pr.propose": ["contents", "issues", "pull-requests"]}


def test_the_deploy_uploads_the_built_folder_and_refreshes_daily():
    workflow = yaml.safe_load((ROOT / ".github/workflows/deploy.yml").read_text(encoding="utf-8"))
    assert workflow[True]["schedule"] == [{"cron": "17 5 * * *"}] and workflow[True]["push"] == {"branches": ["main"]}
    runs = [step.get("run", "") for _, _, step in steps(workflow)]
    assert runs.index(".venv/bin/invoke fetch") < runs.index(".venv/bin/invoke publish")
    # output/ is a link to the build: the upload is given the folder it points to.
    upload = next(step for _, _, step in steps(workflow) if step.get("uses", "").startswith("actions/upload-pages"))
    assert upload["with"]["path"] == "${{ steps.site.outputs.path }}"
    assert 'echo "path=$(readlink -f output)" >> "$GITHUB_OUTPUT"' in runs


def test_netlify_builds_as_the_pages_workflow_does():
    import tomllib

    config = tomllib.loads((ROOT / "netlify.toml").read_text(encoding="utf-8"))
    command = config["build"]["command"]
    assert command.index("invoke fetch") < command.index("invoke publish") < command.index("cp -rL output netlify-site")
    assert config["build"]["publish"] == "netlify-site"  # a real folder: output/ is a link
