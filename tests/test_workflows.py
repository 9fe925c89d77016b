"""The GitHub workflows are checked like code: actionlint (with shellcheck for every `run:` script)
and zizmor pass, every action is pinned to a commit, and the text of pull requests and issues is
treated as untrusted: it never reaches a script through `${{ }}`, and each job has only the permissions
it needs. The form workflow's scripts are also run, with stubs for `invoke` and `gh`: every outcome of
a form ends in one reply, and a pull request a coordinator reviewed is never changed under them."""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
BIN = Path(sys.executable).parent  # actionlint, shellcheck and zizmor come with requirements-test.txt
# `uses: actions/NAME@<the commit> # vX.Y.Z`: a tag can be moved to other code, a commit cannot.
PINNED = re.compile(r"uses: (actions/[a-z-]+)@([0-9a-f]{40}) # (v\d+\.\d+\.\d+)")


def actionlint(*files: Path, cwd: Path = ROOT):
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    return subprocess.run([str(BIN / "actionlint"), "-no-color", *map(str, files)], cwd=cwd, env=env,
                          capture_output=True, text=True)


def zizmor(*paths: Path, cwd: Path = ROOT) -> list[dict]:
    """zizmor's findings, as its JSON lists them: offline (no token, no network), with every audit of
    its broadest persona, and no configuration file, so only an inline `# zizmor: ignore[...]` comment,
    with its reason beside it, can silence one."""
    env = {key: value for key, value in os.environ.items()
           if key not in ("GH_TOKEN", "GITHUB_TOKEN", "ZIZMOR_GITHUB_TOKEN", "ZIZMOR_CONFIG")}
    result = subprocess.run([str(BIN / "zizmor"), "--offline", "--no-config", "--persona=auditor", "--format=json",
                             "--no-progress", "--color=never", *map(str, paths)], cwd=cwd, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.stdout.strip().startswith("["), f"zizmor did not run ({result.returncode}): {result.stderr}"
    findings = json.loads(result.stdout)
    assert (result.returncode == 0) == (not findings), result.stderr  # 0 exactly when nothing is found
    return findings


def shown(findings: list[dict]) -> str:
    return "\n".join(f"{finding['ident']} ({finding['determinations']['severity']}): {finding['desc']} at "
                     f"{location['symbolic']['key']['Local']['verbatim_path']}:"
                     f"{location['concrete']['location']['start_point']['row'] + 1}"
                     for finding in findings for location in finding["locations"][:1])


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


def test_workflows_pass_zizmor():
    """zizmor's audits (unpinned or impostor actions, template injection, credentials left in a checkout,
    dangerous triggers, excessive permissions, ...) find nothing, at any severity."""
    assert (BIN / "zizmor").is_file(), "zizmor is missing: pip install -r requirements-test.txt"
    findings = zizmor(ROOT / ".github" / "workflows")
    assert not findings, shown(findings)


def test_each_zizmor_ignore_says_why():
    """An audit is silenced only on its line, and the line (or the comment it points to) says why."""
    for workflow_file in WORKFLOWS:
        for number, line in enumerate(workflow_file.read_text(encoding="utf-8").splitlines(), 1):
            if "zizmor:" in line:
                assert re.search(r"# zizmor: ignore\[[a-z-]+\] \S.{10,}", line), f"{workflow_file.name}:{number}"


def test_zizmor_catches_an_action_pinned_only_by_its_tag(tmp_path):
    """The check above can fail: the same workflow with `@v5` for a commit is reported, at high severity."""
    (tmp_path / ".github" / "workflows").mkdir(parents=True)
    bad = tmp_path / ".github" / "workflows" / "checks.yml"
    text = (ROOT / ".github" / "workflows" / "checks.yml").read_text(encoding="utf-8")
    bad.write_text(PINNED.sub(r"uses: \1@v5", text, count=1), encoding="utf-8")
    findings = zizmor(bad, cwd=tmp_path)
    assert [(finding["ident"], finding["determinations"]["severity"]) for finding in findings] == [
        ("unpinned-uses", "High")], shown(findings)


def test_every_action_is_pinned_to_the_commit_of_a_release():
    """Each `uses:` names a commit, the release's tag beside it for people, and one action is pinned to one
    commit everywhere (so an update is made once, in every workflow)."""
    pins = {}
    for workflow_file in WORKFLOWS:
        for line in workflow_file.read_text(encoding="utf-8").splitlines():
            if re.match(r"\s*(- )?uses:", line):
                found = PINNED.search(line)
                assert found and line.rstrip().endswith(found[0]), f"{workflow_file.name}: {line.strip()}"
                pins.setdefault(found[1], set()).add(found.group(2, 3))
    assert pins.keys() == {"actions/checkout", "actions/setup-python", "actions/configure-pages",
                           "actions/upload-pages-artifact", "actions/deploy-pages"}
    assert all(len(pinned) == 1 for pinned in pins.values()), pins


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
            if "uses" in step:  # GitHub's own actions only, each at a commit
                assert re.fullmatch(r"actions/[a-z-]+@[0-9a-f]{40}", step["uses"]), step["uses"]


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


# The form workflow (.github/workflows/issue-to-pr.yml): every outcome of a submitted form ends in one
# reply to the member; untrusted text and contact details stay data; tokens reach only the steps that
# push. Its scripts are run here as GitHub runs them (bash -eo pipefail), with `invoke` and `gh`
# replaced by stubs that record what they were asked, and with real git repositories as remotes.

FORM_WORKFLOW = ROOT / ".github" / "workflows" / "issue-to-pr.yml"
PRIVATE_IF = "vars.HUB_PRIVATE_REPOSITORY != ''"
RUN_URL = "https://github.com/our-coalition/hub/actions/runs/42"
PR_URL = "https://github.com/our-coalition/hub/pull/9"
PRIVATE_PR_URL = "https://github.com/our-coalition/hub-private/pull/3"
HUB_PROBLEM = ("Thank you for your answers. Something went wrong on the hub's side, not with your answers, so they "
               "could not be checked yet. A coordinator has been told and will look at it: " + RUN_URL)


def form_job() -> dict:
    return yaml.safe_load(FORM_WORKFLOW.read_text(encoding="utf-8"))["jobs"]["propose"]


def form_step(name: str) -> dict:
    found = [step for step in form_job()["steps"] if step.get("name") == name]
    assert len(found) == 1, f"no single step named {name!r}"
    return found[0]


def text_of(step: dict) -> str:
    return yaml.safe_dump(step)


STUB_GH = """#!{python}
import json, os, sys
args = sys.argv[1:]
record = {{"args": args, "GH_REPO": os.environ.get("GH_REPO"), "GH_TOKEN": os.environ.get("GH_TOKEN")}}
for index, arg in enumerate(args):
    if arg == "--body-file":
        record["body"] = open(args[index + 1], encoding="utf-8").read()
    elif arg.startswith("--body="):
        record["body"] = arg[len("--body="):]
with open(os.environ["GH_LOG"], "a", encoding="utf-8") as log:
    log.write(json.dumps(record) + "\\n")
if os.environ.get("GH_FAIL") and " ".join(args).startswith(os.environ["GH_FAIL"]):
    sys.exit("gh: failed")
opened = os.environ["GH_LOG"] + ".opened"  # a pull request this run created is listed from then on
if args[:2] == ["pr", "create"]:
    open(opened, "w").close()
elif args[:2] == ["pr", "view"] and "reviews" in args:
    # The open pull request's reviews (GH_REVIEWS: their states), counted as the step's --jq counts them:
    # every submitted one, never one still pending (test_the_review_filters_with_jq checks that filter).
    print(sum(state != "PENDING" for state in json.loads(os.environ.get("GH_REVIEWS", "[]"))))
elif args[:2] == ["pr", "view"]:
    print(os.environ.get("GH_URL", ""))
elif args[:2] == ["pr", "list"]:
    print(os.environ.get("GH_OPEN_PR") or ("1" if os.path.exists(opened) else ""))
elif args[:1] == ["api"]:
    print(os.environ.get("GH_API_PRIVATE", "true"))
"""

# `invoke import-issue ISSUE --comment-file F --pr-body F --pr-title F --thanks F`, as tasks.py
# documents its outcomes; INVOKE_MODE chooses one.
STUB_INVOKE = """#!{python}
import json, os, sys
from pathlib import Path
args = sys.argv[1:]
Path(os.environ["INVOKE_LOG"]).write_text(json.dumps({{"args": args, "HUB_PRIVATE_DIR": os.environ.get("HUB_PRIVATE_DIR")}}))
files = dict(zip(args[2::2], args[3::2]))
mode = os.environ["INVOKE_MODE"]
if mode == "ready":
    Path(files["--pr-body"]).write_text("This pull request adds a new member's profile.", encoding="utf-8")
    Path(files["--pr-title"]).write_text("Join: Tile Hill Lunch Club\\n", encoding="utf-8")
    Path(files["--thanks"]).write_text("Thank you! Your profile is ready.\\n\\nYou can follow it here:\\n", encoding="utf-8")
elif mode == "answers":
    Path(files["--comment-file"]).write_text("Please change: Website.\\n", encoding="utf-8")
    sys.exit("1 answer(s) to change; nothing was written.")
elif mode == "hub":
    print("members/x.yaml:3: name: is required", file=sys.stderr)
    sys.exit(2)
elif mode == "crash":
    raise RuntimeError("a bug in the hub")  # Python exits 1, and no reply was written
elif mode == "killed":
    os.kill(os.getpid(), 9)
elif mode == "silent":
    pass  # exit 0 without the texts the workflow needs
"""


def stub(folder: Path, name: str, text: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text.format(python=sys.executable), encoding="utf-8")
    (folder / name).chmod(0o755)


def run_step(step: dict, tmp_path: Path, cwd: Path, given: dict[str, str], **extra: str):
    """Run a step's script as the runner does: its job's and its own `env:` (each `${{ }}` value must be
    in `given`, so a new one is noticed), RUNNER_TEMP, GITHUB_OUTPUT and GITHUB_WORKSPACE, and the
    stubs first on PATH. Returns (the finished process, the step's outputs, the calls made to gh)."""
    stubs, temp = tmp_path / "stubs", tmp_path / "runner-temp"
    stub(stubs, "gh", STUB_GH)
    temp.mkdir(exist_ok=True)
    output, log = tmp_path / "github-output", tmp_path / "gh-log"
    output.write_text("", encoding="utf-8")
    log.write_text("", encoding="utf-8")
    Path(f"{log}.opened").unlink(missing_ok=True)
    env = {"PATH": f"{stubs}{os.pathsep}{os.environ['PATH']}", "HOME": str(tmp_path),
           "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1", "RUNNER_TEMP": str(temp),
           "GITHUB_OUTPUT": str(output), "GITHUB_WORKSPACE": str(tmp_path / "workspace"), "GH_LOG": str(log)}
    for key, value in {**form_job().get("env", {}), **step.get("env", {})}.items():
        env[key] = given[key] if "${{" in str(value) else str(value)
    env.update(extra)
    script = tmp_path / "step.sh"
    script.write_text(step["run"], encoding="utf-8")
    cwd.mkdir(parents=True, exist_ok=True)
    result = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)], cwd=cwd, env=env,
                            capture_output=True, text=True, timeout=60)
    outputs = dict(line.split("=", 1) for line in output.read_text(encoding="utf-8").splitlines() if line)
    calls = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    return result, outputs, calls


JOB_ENV = {"GH_REPO": "our-coalition/hub", "NUMBER": "7", "PRIVATE_REPOSITORY": "", "KIND": "member",
           "BASE": "main"}


def run_import(tmp_path: Path, mode: str, private: str = ""):
    hub = tmp_path / "workspace" / "hub"
    stub(hub / ".venv" / "bin", "invoke", STUB_INVOKE)
    result, outputs, _ = run_step(form_step("Check the answers and write the file"), tmp_path, hub,
                                  {**JOB_ENV, "PRIVATE_REPOSITORY": private}, INVOKE_MODE=mode,
                                  INVOKE_LOG=str(tmp_path / "invoke-log"))
    return result, outputs, json.loads((tmp_path / "invoke-log").read_text(encoding="utf-8"))


def run_reply(tmp_path: Path, job_status: str, outcome: str = "", pr_url: str = "", coordinators: str = "",
              reviewed: str = "", reviewed_url: str = "", **extra: str):
    given = {**JOB_ENV, "GH_TOKEN": "github-token", "JOB_STATUS": job_status, "OUTCOME": outcome,
             "PR_URL": pr_url, "COORDINATORS": coordinators, "RUN_URL": RUN_URL, "REVIEWED": reviewed,
             "REVIEWED_URL": reviewed_url}
    return run_step(form_step("Reply on the issue"), tmp_path, tmp_path / "workspace", given, **extra)


def git(cwd: Path, *args: str) -> str:
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    return subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args], cwd=cwd, env=env,
                          check=True, capture_output=True, text=True).stdout


def checkout_with_remote(tmp_path: Path, name: str, files: dict[str, str]) -> tuple[Path, Path]:
    """A checkout of `main` in workspace/<name> whose origin is a bare repository, as actions/checkout leaves it
    (with persist-credentials: false, origin is a plain URL)."""
    remote, work = tmp_path / f"{name}.git", tmp_path / "workspace" / name
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(remote))
    work.mkdir(parents=True)
    git(work, "init", "-q", "-b", "main")
    for path, text in files.items():
        (work / path).parent.mkdir(parents=True, exist_ok=True)
        (work / path).write_text(text, encoding="utf-8")
    git(work, "add", "-A")
    git(work, "commit", "-q", "-m", "start")
    git(work, "remote", "add", "origin", str(remote))
    git(work, "push", "-q", "origin", "main")
    return work, remote


def test_the_form_workflow_is_triggered_as_before_one_run_an_issue():
    workflow = yaml.safe_load(FORM_WORKFLOW.read_text(encoding="utf-8"))
    assert workflow[True] == {"issues": {"types": ["opened", "edited", "labeled"]}}
    assert workflow["concurrency"] == {"group": "form-${{ github.event.issue.number }}", "cancel-in-progress": True}
    condition = form_job()["if"]
    assert "github.event.issue.state == 'open'" in condition
    assert all(f"contains(github.event.issue.labels.*.name, '{label}')" in condition for label in ("profile", "event"))


def test_checkouts_keep_no_token():
    """A token written into .git/config would sit there while untrusted text is imported and built."""
    checkouts = [(workflow_file.name, step) for workflow_file in WORKFLOWS
                 for _, _, step in steps(yaml.safe_load(workflow_file.read_text(encoding="utf-8")))
                 if step.get("uses", "").startswith("actions/checkout@")]
    assert len(checkouts) >= 5
    for name, step in checkouts:
        assert step.get("with", {}).get("persist-credentials") is False, f"{name}: {step}"


def test_the_hub_and_the_private_store_are_checked_out_side_by_side():
    job = form_job()
    checkouts = [step for step in job["steps"] if step.get("uses", "").startswith("actions/checkout@")]
    assert [step["with"]["path"] for step in checkouts] == ["hub", "private"]
    private = checkouts[1]
    assert private["if"] == PRIVATE_IF
    assert private["with"]["repository"] == "${{ vars.HUB_PRIVATE_REPOSITORY }}"
    assert private["with"]["token"] == "${{ secrets.HUB_PRIVATE_TOKEN }}"
    for step in job["steps"]:  # every command of the hub runs in its folder
        if ".venv/bin/" in step.get("run", ""):
            assert step.get("working-directory") == "hub", step["name"]


def test_the_private_token_reaches_only_the_private_store_steps():
    job = form_job()
    assert "secrets." not in yaml.safe_dump({key: value for key, value in job.items() if key != "steps"})
    using = [step.get("name") for step in job["steps"] if "HUB_PRIVATE_TOKEN" in text_of(step)]
    assert using == ["Check the private store's settings", "Check out the private store",
                     "Go on from this form's earlier change to the private store",
                     "Propose the contact details kept in the private store"]
    for step in job["steps"]:
        if step.get("name") in using or step.get("working-directory") == "private":
            assert PRIVATE_IF in step["if"], step.get("name")
    assert all("secrets." not in text_of(step) or step.get("name") in using for step in job["steps"])


def test_no_token_is_given_to_the_steps_that_read_the_issue():
    """The issue's text is read, imported and built with no token at hand; only the steps that push or
    reply get one, in their own `env:`."""
    for name in ("Install", "Read the issue", "Check the answers and write the file",
                 "Check that the hub still builds with it"):
        step = form_step(name)
        assert "TOKEN" not in text_of(step) and "github.token" not in text_of(step), name
    for step in form_job()["steps"]:
        if "gh " in step.get("run", ""):
            assert "GH_TOKEN" in step.get("env", {}), step["name"]


def test_the_build_never_reads_the_private_store():
    """`invoke validate` quotes what is wrong in a file, and the workflow's log is public: the build step
    is pointed at a folder that does not exist, never at the private checkout."""
    assert form_step("Check that the hub still builds with it")["env"] == {
        "HUB_PRIVATE_DIR": "${{ runner.temp }}/no-private-store"}


def test_every_step_fails_before_the_job_times_out():
    """A job that runs out of time is cancelled, and a cancelled run replies nothing (a newer run for
    the issue replies instead); a step past its own deadline fails, and the member is told."""
    job = form_job()
    assert all("timeout-minutes" in step for step in job["steps"]), "each step needs its own deadline"
    assert sum(step["timeout-minutes"] for step in job["steps"]) < job["timeout-minutes"]


@pytest.mark.parametrize(("mode", "outcome"), [("ready", "ready"), ("answers", "answers"), ("hub", None),
                                               ("crash", None), ("killed", None), ("silent", None)])
def test_the_import_step_tells_each_outcome_apart(tmp_path, mode, outcome):
    result, outputs, invoked = run_import(tmp_path, mode)
    assert outputs.get("outcome") == outcome, result.stderr
    assert (result.returncode == 0) == (outcome is not None), result.stdout + result.stderr
    temp = tmp_path / "runner-temp"
    assert invoked["args"] == ["import-issue", f"{temp}/issue.md", "--kind", "member",
                               "--comment-file", f"{temp}/comment.md", "--pr-body", f"{temp}/pr.md", "--pr-title", f"{temp}/pr-title.txt",
                               "--thanks", f"{temp}/thanks.md"]
    if outcome is None:
        assert "the hub itself has a problem" in result.stdout


def test_the_import_uses_the_private_store_only_when_it_is_checked_out(tmp_path):
    _, _, invoked = run_import(tmp_path / "with", "ready", private="our-coalition/hub-private")
    assert invoked["HUB_PRIVATE_DIR"] == str(tmp_path / "with" / "workspace" / "private")  # beside hub/
    _, _, invoked = run_import(tmp_path / "without", "ready")
    store = Path(invoked["HUB_PRIVATE_DIR"])
    assert not store.exists() and not store.is_relative_to(tmp_path / "without" / "workspace")


def test_the_reply_runs_after_any_failure_and_last():
    job = form_job()
    reply = job["steps"][-1]
    assert reply["name"] == "Reply on the issue" and reply["if"] == "${{ !cancelled() }}"
    names = [step.get("name") for step in job["steps"]]
    # Between the import and the reply, every step runs only for answers that are ready, and the pull
    # request is opened last: its link exists only when everything before it worked.
    after = job["steps"][names.index("Check the answers and write the file") + 1:-1]
    assert after and all(step["if"].startswith("steps.answers.outputs.outcome == 'ready'") for step in after)
    assert after[-1]["id"] == "pr" and reply["env"]["PR_URL"] == "${{ steps.pr.outputs.url }}"


def comments(calls):
    return [call for call in calls if call["args"][:2] == ["issue", "comment"]]


@pytest.mark.parametrize(("mode", "later_failure"), [
    ("ready", False), ("ready", True), ("answers", False), ("hub", False), ("crash", False), ("killed", False),
    ("silent", False)])
def test_every_outcome_ends_in_one_reply(tmp_path, mode, later_failure):
    """Import, then (for answers that are ready) the build and the pull request, which may fail, then the
    reply step as the runner would call it: exactly one comment, and the one that fits."""
    result, outputs, _ = run_import(tmp_path, mode)
    (tmp_path / "gh-log").unlink()
    failed = result.returncode != 0 or later_failure
    opened = outputs.get("outcome") == "ready" and not later_failure
    reply, _, calls = run_reply(tmp_path, "failure" if failed else "success", outputs.get("outcome", ""),
                                PR_URL if opened else "")
    assert reply.returncode == 0, reply.stderr
    [comment] = comments(calls)
    assert comment["args"][2:4] == ["7", "--body-file"]
    labelled = [call["args"] for call in calls if call["args"][:2] == ["issue", "edit"]]
    if mode == "answers":
        assert comment["body"] == "Please change: Website.\n" and not labelled
    elif opened:
        assert comment["body"].splitlines()[-2:] == ["You can follow it here:", PR_URL] and not labelled
    else:
        assert comment["body"].startswith(HUB_PROBLEM + "\n")
        assert labelled == [["issue", "edit", "7", "--add-label", "needs a coordinator"]]


def test_the_coordinators_are_told_even_when_the_label_exists(tmp_path):
    reply, _, calls = run_reply(tmp_path, "failure", coordinators="@our-coalition/coordinators",
                                GH_FAIL="label create")
    assert reply.returncode == 0, reply.stderr
    assert calls[0]["args"][:3] == ["label", "create", "needs a coordinator"]
    [comment] = comments(calls)
    assert "@our-coalition/coordinators: the hub could not check this form" in comment["body"]
    assert "::error::" in reply.stdout  # and the run is marked as failed, for the coordinators


def test_the_pull_request_takes_its_title_and_body_from_import_issue(tmp_path):
    hub, remote = checkout_with_remote(tmp_path, "hub", {"members/old.yaml": "name: Old\n"})
    (hub / "members" / "tile-hill.yaml").write_text("name: Tile Hill\n", encoding="utf-8")
    (hub / "events").mkdir()
    (hub / "events" / ".sequence.json").write_text("{}\n", encoding="utf-8")
    (hub / "stray.txt").write_text("not part of the change\n", encoding="utf-8")
    temp = tmp_path / "runner-temp"
    temp.mkdir()
    title = 'Join: Tile "Hill" $(touch pwned) `touch pwned`; rm -rf x'  # the member's words: data, not code
    (temp / "pr-title.txt").write_text(title + "\n", encoding="utf-8")
    (temp / "pr.md").write_text("This pull request adds a new member's profile.", encoding="utf-8")
    given = {**JOB_ENV, "GH_TOKEN": "github-token", "BASE": "main", "PRIVATE_URL": PRIVATE_PR_URL}
    result, outputs, calls = run_step(form_step("Open or update the pull request"), tmp_path, hub, given,
                                      GH_URL=PR_URL)
    assert result.returncode == 0, result.stderr
    assert outputs == {"url": PR_URL}
    assert not list(tmp_path.rglob("pwned"))
    assert git(remote, "log", "-1", "--format=%B", "form/issue-7") == f"{title}\n\nFrom the form in #7.\n\n"
    committed = git(remote, "ls-tree", "-r", "--name-only", "form/issue-7").split()
    assert committed == ["events/.sequence.json", "members/old.yaml", "members/tile-hill.yaml"]
    assert ["auth", "setup-git"] in [call["args"] for call in calls]
    [create] = [call for call in calls if call["args"][:2] == ["pr", "create"]]
    assert create["args"][2:] == ["--head", "form/issue-7", "--base", "main", f"--title={title}", "--body-file",
                                  str(temp / "pr-body.md")]
    assert create["body"] == ("This pull request adds a new member's profile.\n\nThe private store has a change of "
                              f"its own to merge for this member (contact details not to be published): "
                              f"{PRIVATE_PR_URL}\n\nCloses #7\n")
    assert {call["GH_TOKEN"] for call in calls} == {"github-token"}


def test_an_open_pull_request_is_updated_with_the_new_title(tmp_path):
    hub, _ = checkout_with_remote(tmp_path, "hub", {"members/old.yaml": "name: Old\n"})
    (hub / "members" / "old.yaml").write_text("name: Old, renamed\n", encoding="utf-8")
    temp = tmp_path / "runner-temp"
    temp.mkdir()
    (temp / "pr-title.txt").write_text("Update members/old.yaml: Old, renamed\n", encoding="utf-8")
    (temp / "pr.md").write_text("A change.\n", encoding="utf-8")
    given = {**JOB_ENV, "GH_TOKEN": "github-token", "BASE": "main", "PRIVATE_URL": ""}
    result, _, calls = run_step(form_step("Open or update the pull request"), tmp_path, hub, given,
                                GH_URL=PR_URL, GH_OPEN_PR="9")
    assert result.returncode == 0, result.stderr
    [edit] = [call for call in calls if call["args"][:2] == ["pr", "edit"]]
    assert edit["args"][2:4] == ["form/issue-7", "--title=Update members/old.yaml: Old, renamed"]
    assert edit["body"] == "A change.\n\nCloses #7\n"  # no private store: no line about it
    assert not [call for call in calls if call["args"][:2] == ["pr", "create"]]


# A member may edit the issue after the pull request was opened. Until someone reviews it, each edit
# goes on top of its branch as a new commit (never a force-push), so whoever reviews sees every change;
# once it has a review, the branch is left as it was reviewed and the member is told how to ask instead.

REVIEW_STEP = "Find whether the form's pull request was already reviewed"


def step_runs(step: dict, outputs: dict[str, dict[str, str]], private: str = "") -> bool:
    """Whether the runner would run `step`, given the outputs of the steps before it: its `if:` (only
    comparisons of step outputs and the private store's variable, joined by &&) evaluated."""
    condition = step["if"]
    clauses = [clause.strip() for clause in condition.split("&&")]
    values = {f"steps.{name}.outputs.{key}": value for name, out in outputs.items() for key, value in out.items()}
    for clause in clauses:
        left, operator, right = re.fullmatch(r"([\w.]+) (==|!=) '([^']*)'", clause).groups()
        value = private if left == "vars.HUB_PRIVATE_REPOSITORY" else values.get(left, "")
        if (value == right) != (operator == "=="):
            return False
    return True


def form_run(tmp_path: Path, remote: Path, profile: str, title: str = "Join: Tile Hill Lunch Club") -> Path:
    """A new run of the form workflow: a fresh, shallow checkout of main, as actions/checkout makes, with
    the member's (edited) answers written into it, and import-issue's texts."""
    hub = tmp_path / "workspace" / "hub"
    if hub.exists():
        shutil.rmtree(hub)
    git(tmp_path / "workspace", "clone", "-q", "--depth=1", f"file://{remote}", "hub")
    (hub / "members" / "tile-hill.yaml").write_text(profile, encoding="utf-8")
    temp = tmp_path / "runner-temp"
    temp.mkdir(exist_ok=True)
    (temp / "pr-title.txt").write_text(title + "\n", encoding="utf-8")
    (temp / "pr.md").write_text("This pull request adds a new member's profile.", encoding="utf-8")
    return hub


def propose(tmp_path: Path, hub: Path, **gh: str):
    """The review check, then the hub's pull request step if the runner would run it, as in the
    workflow. Returns (the review step's outputs, the pull request step's result or None, its gh calls)."""
    given = {**JOB_ENV, "GH_TOKEN": "github-token", "PRIVATE_URL": ""}
    checked, review, review_calls = run_step(form_step(REVIEW_STEP), tmp_path, tmp_path / "workspace", given,
                                             GH_URL=PR_URL, **gh)
    assert checked.returncode == 0, checked.stderr
    outputs = {"answers": {"outcome": "ready"}, "review": review}
    # Nor is the private store's change proposed after a review (were the store set up).
    assert step_runs(form_step("Propose the contact details kept in the private store"), outputs,
                     private="our-coalition/hub-private") == (review["reviewed"] == "false")
    pr_step = form_step("Open or update the pull request")
    if not step_runs(pr_step, outputs):
        return review, None, review_calls
    result, _, calls = run_step(pr_step, tmp_path, hub, given, GH_URL=PR_URL, **gh)
    assert result.returncode == 0, result.stderr
    return review, result, review_calls + calls


def hub_with_an_open_pull_request(tmp_path: Path) -> tuple[Path, str]:
    """A hub whose remote refuses any push that is not a fast-forward (a force-push would fail), after a
    first run opened the form's pull request. Returns the remote and the branch's commit."""
    hub, remote = checkout_with_remote(tmp_path, "hub", {"members/old.yaml": "name: Old\n"})
    git(remote, "config", "receive.denyNonFastForwards", "true")
    form_run(tmp_path, remote, "name: Tile Hill\n")
    review, opened, calls = propose(tmp_path, hub)
    assert review == {"reviewed": "false"} and opened is not None
    assert [call["args"][:2] for call in calls if call["args"][0] == "pr"][-2:] == [["pr", "create"], ["pr", "view"]]
    return remote, git(remote, "rev-parse", "form/issue-7").strip()


def test_the_pull_request_is_never_force_pushed():
    script = form_step("Open or update the pull request")["run"]
    pushes = re.findall(r"git push[^\n]*", script)
    assert pushes and not any(re.search(r"--force|\s-f\b|\s\+", push) for push in pushes), pushes
    # The review is looked at first, and nothing is proposed in either repository after one.
    names = [step.get("name") for step in form_job()["steps"]]
    assert names.index(REVIEW_STEP) < names.index("Propose the contact details kept in the private store") < \
        names.index("Open or update the pull request")
    for name in ("Propose the contact details kept in the private store", "Open or update the pull request"):
        assert "steps.review.outputs.reviewed == 'false'" in form_step(name)["if"], name


@pytest.mark.parametrize("state", ["APPROVED", "CHANGES_REQUESTED", "COMMENTED", "DISMISSED"])
def test_an_edit_after_a_review_leaves_the_pull_request_as_it_was_reviewed(tmp_path, state):
    remote, reviewed = hub_with_an_open_pull_request(tmp_path)
    hub = form_run(tmp_path, remote, "name: Tile Hill, changed after the review\n", "Update: Tile Hill")
    review, result, calls = propose(tmp_path, hub, GH_OPEN_PR="9", GH_REVIEWS=json.dumps([state]))
    assert review == {"reviewed": "true", "url": PR_URL} and result is None
    assert git(remote, "rev-parse", "form/issue-7").strip() == reviewed  # the branch is as it was reviewed
    assert [call["args"][:2] for call in calls] == [["pr", "list"], ["pr", "view"], ["pr", "view"]]
    # The member hears why nothing changed, and what to do instead.
    replied, _, reply_calls = run_reply(tmp_path, "success", "ready", reviewed=review["reviewed"],
                                        reviewed_url=review["url"])
    assert replied.returncode == 0, replied.stderr
    [comment] = comments(reply_calls)
    assert comment["body"] == (
        "Thank you. Your form has already been reviewed, so this change was not added to its pull request: "
        f"{PR_URL}\n\nTo change something now, please write a comment on the pull request, or ask a coordinator.\n")
    assert not [call for call in reply_calls if call["args"][:2] == ["issue", "edit"]]  # nothing went wrong


def test_an_edit_before_any_review_goes_on_top_as_a_new_commit(tmp_path):
    remote, first = hub_with_an_open_pull_request(tmp_path)
    hub = form_run(tmp_path, remote, "name: Tile Hill, edited\n", "Update: Tile Hill")
    # A review still being written (pending) is not a review yet.
    review, result, calls = propose(tmp_path, hub, GH_OPEN_PR="9", GH_REVIEWS=json.dumps(["PENDING"]))
    assert review == {"reviewed": "false"} and result is not None
    tip = git(remote, "rev-parse", "form/issue-7").strip()
    assert git(remote, "rev-parse", f"{tip}^@").split() == [first]  # one more commit, on top of the first
    assert git(remote, "show", f"{tip}:members/tile-hill.yaml") == "name: Tile Hill, edited\n"
    assert git(remote, "diff", "--name-only", f"{first}", tip).split() == ["members/tile-hill.yaml"]
    message = git(remote, "log", "-1", "--format=%B", tip)
    assert message == "Update: Tile Hill\n\nFrom the form in #7, as its member edited it.\n\n"
    [edit] = [call for call in calls if call["args"][:2] == ["pr", "edit"]]
    assert edit["args"][2:4] == ["form/issue-7", "--title=Update: Tile Hill"]
    assert not [call for call in calls if call["args"][:2] == ["pr", "create"]]


def test_an_edit_after_main_moved_on_shows_only_the_forms_change(tmp_path):
    remote, first = hub_with_an_open_pull_request(tmp_path)
    # Another member's pull request is merged meanwhile.
    other = tmp_path / "other"
    git(tmp_path, "clone", "-q", str(remote), str(other))
    (other / "members" / "other.yaml").write_text("name: Other\n", encoding="utf-8")
    git(other, "add", "-A")
    git(other, "commit", "-q", "-m", "Join: Other")
    git(other, "push", "-q", "origin", "main")
    main = git(remote, "rev-parse", "main").strip()
    hub = form_run(tmp_path, remote, "name: Tile Hill, edited\n")
    _, result, _ = propose(tmp_path, hub, GH_OPEN_PR="9")
    assert result is not None
    tip = git(remote, "rev-parse", "form/issue-7").strip()
    assert git(remote, "rev-parse", f"{tip}^@").split() == [first, main]
    assert git(remote, "diff", "--name-only", f"main...{tip}").split() == ["members/tile-hill.yaml"]


def test_an_edit_that_changes_no_file_adds_no_commit(tmp_path):
    remote, first = hub_with_an_open_pull_request(tmp_path)
    hub = form_run(tmp_path, remote, "name: Tile Hill\n", "Join: Tile Hill, retitled")
    _, result, calls = propose(tmp_path, hub, GH_OPEN_PR="9")
    assert result is not None and git(remote, "rev-parse", "form/issue-7").strip() == first
    assert [call["args"][:4] for call in calls if call["args"][:2] == ["pr", "edit"]] == [
        ["pr", "edit", "form/issue-7", "--title=Join: Tile Hill, retitled"]]


def test_a_forks_pull_request_with_the_forms_branch_name_is_not_the_forms():
    """Anyone can open a pull request from a fork's branch named form/issue-7: only this repository's own
    counts, for the review check and for updating it."""
    for name in (REVIEW_STEP, "Open or update the pull request"):
        listed = re.findall(r"gh pr list [^\n]*\n?[^\n]*", form_step(name)["run"])
        assert listed and all("select(.isCrossRepository | not)" in command for command in listed), name


def test_the_review_filters_with_jq():
    """The step's --jq filters, run by jq on what gh gives them: the stub of gh above does the same.
    .ci/run installs Debian's jq; elsewhere without it the test is skipped, never in CI."""
    if not shutil.which("jq"):
        if os.environ.get("CI"):
            pytest.fail("jq is not installed (CI is set: .ci/run installs it)", pytrace=False)
        pytest.skip("jq is not installed (apt-get install jq)")
    filters = re.findall(r"--jq '([^']*)'", form_step(REVIEW_STEP)["run"])
    listed, counted = filters[0], filters[1]

    def jq(expression: str, data) -> str:
        return subprocess.run(["jq", "-r", expression], input=json.dumps(data), capture_output=True, text=True,
                              check=True).stdout.strip()

    assert jq(listed, [{"isCrossRepository": True}]) == ""
    assert jq(listed, [{"isCrossRepository": True}, {"isCrossRepository": False}]) == "open"
    assert jq(listed, []) == ""
    reviews = [{"state": state} for state in ("PENDING", "COMMENTED", "APPROVED")]
    assert jq(counted, {"reviews": reviews}) == "2"
    assert jq(counted, {"reviews": reviews[:1]}) == "0"
    assert jq(counted, {"reviews": []}) == "0"


PRIVATE_GIVEN = {**JOB_ENV, "PRIVATE_REPOSITORY": "our-coalition/hub-private", "GH_TOKEN": "private-token",
                 "GH_REPO": "our-coalition/hub-private", "HUB": "our-coalition/hub"}
CONTACT = {"name": "Pat Quietly", "email": "pat.quietly@example.org", "phone": "07700 900461"}


def test_the_private_store_change_is_proposed_without_showing_a_contact(tmp_path):
    store, remote = checkout_with_remote(tmp_path, "private", {"README.md": "# The hub's private store\n"})
    (store / "contacts").mkdir()
    (store / "contacts" / "tile-hill.yaml").write_text("".join(f"{k}: {v}\n" for k, v in CONTACT.items()),
                                                       encoding="utf-8")
    step = form_step("Propose the contact details kept in the private store")
    result, outputs, calls = run_step(step, tmp_path, store, PRIVATE_GIVEN, GH_URL=PRIVATE_PR_URL)
    assert result.returncode == 0, result.stderr
    assert outputs == {"url": PRIVATE_PR_URL}
    assert git(remote, "ls-tree", "-r", "--name-only", "form/issue-7").split() == ["README.md",
                                                                                    "contacts/tile-hill.yaml"]
    message = git(remote, "log", "-1", "--format=%B", "form/issue-7")
    [create] = [call for call in calls if call["args"][:2] == ["pr", "create"]]
    assert create["args"][2:6] == ["--head", "form/issue-7", "--base", "main"]
    assert "--title=Contact details from the form in our-coalition/hub#7" in create["args"]
    assert {call["GH_REPO"] for call in calls} == {"our-coalition/hub-private"}
    assert {call["GH_TOKEN"] for call in calls} == {"private-token"}
    # The log is public: no contact value in it, nor in the commit or the pull request.
    shown = result.stdout + result.stderr + message + json.dumps(calls)
    for value in CONTACT.values():
        assert value not in shown
    # Nor any command in the step that could print a file: the check above runs one case only.
    for command in (r"\bset -x", r"(?<![\w-])(cat|head|tail|less|more|grep|sed|awk)\s", r"\bgit (diff|show|log)\b"):
        assert not re.search(command, step["run"]), command


def test_an_unchanged_private_store_proposes_nothing(tmp_path):
    store, remote = checkout_with_remote(tmp_path, "private", {"contacts/tile-hill.yaml": "email: a@example.org\n"})
    step = form_step("Propose the contact details kept in the private store")
    result, outputs, calls = run_step(step, tmp_path, store, PRIVATE_GIVEN)
    assert result.returncode == 0, result.stderr
    assert outputs == {} and [call["args"][:2] for call in calls] == [["pr", "list"]]
    assert "form/issue-7" not in git(remote, "branch")
    # An earlier run's pull request (the member has since edited the issue) is still named.
    result, outputs, calls = run_step(step, tmp_path, store, PRIVATE_GIVEN, GH_OPEN_PR="3", GH_URL=PRIVATE_PR_URL)
    assert result.returncode == 0, result.stderr
    assert outputs == {"url": PRIVATE_PR_URL} and [call["args"][:2] for call in calls] == [["pr", "list"],
                                                                                          ["pr", "view"]]
    assert "form/issue-7" not in git(remote, "branch")


@pytest.mark.parametrize(("given", "extra", "ok"), [
    ({}, {}, True),
    ({"GH_TOKEN": ""}, {}, False),  # the variable without the secret
    ({"PRIVATE_REPOSITORY": "our-coalition/hub"}, {}, False),  # the hub's own, public repository
    ({"PRIVATE_REPOSITORY": "not a repository"}, {}, False),
    ({}, {"GH_API_PRIVATE": "false"}, False),  # a public repository
])
def test_the_private_store_must_be_another_private_repository(tmp_path, given, extra, ok):
    step = form_step("Check the private store's settings")
    result, _, _ = run_step(step, tmp_path, tmp_path / "workspace",
                            {**JOB_ENV, "PRIVATE_REPOSITORY": "our-coalition/hub-private", "GH_TOKEN": "private-token",
                             **given}, **extra)
    assert (result.returncode == 0) == ok, result.stdout + result.stderr


def test_a_form_with_private_details_goes_through_the_workflow_steps(tmp_path):
    """The real import-issue, run by the workflow's own steps: with the private store checked out beside
    the hub, the details the member did not want published reach only the store's pull request, and the
    member's reply links the hub's pull request; without it, the member is asked to email them."""
    from issue_forms import issue_body
    from test_import_issue import JOIN, PLACES, PRIVATE, VOCABULARY
    from test_publish import fork

    from conftest import NOW
    from hub.contribute import forms

    hub = fork(tmp_path / "workspace")
    stub(hub / ".venv" / "bin", "invoke", '#!/bin/sh\nexec "{python}" -m invoke "$@"\n')
    store, remote = checkout_with_remote(tmp_path, "private", {"README.md": "# The hub's private store\n"})
    temp = tmp_path / "runner-temp"
    temp.mkdir()
    answers = {**JOIN, **PRIVATE, "Publish contact details?": forms.CONSENT_STOP}
    (temp / "issue.md").write_text(issue_body("member", answers, VOCABULARY, PLACES), encoding="utf-8")
    step = form_step("Check the answers and write the file")
    private = {**JOB_ENV, "PRIVATE_REPOSITORY": "our-coalition/hub-private"}
    imported, outputs, _ = run_step(step, tmp_path, hub, private, HUB_EVENTS_NOW=NOW)
    assert outputs == {"outcome": "ready"}, imported.stderr
    assert (store / "contacts" / "wyken-warm-space.yaml").is_file()
    proposed, private_outputs, calls = run_step(form_step("Propose the contact details kept in the private store"),
                                                tmp_path, store, PRIVATE_GIVEN, GH_URL=PRIVATE_PR_URL)
    assert private_outputs == {"url": PRIVATE_PR_URL}, proposed.stderr
    assert "contacts/wyken-warm-space.yaml" in git(remote, "ls-tree", "-r", "--name-only", "form/issue-7")
    replied, _, reply_calls = run_reply(tmp_path, "success", "ready", PR_URL)
    [comment] = comments(reply_calls)
    assert comment["body"].startswith("Thank you! Your profile is ready") and comment["body"].endswith(PR_URL + "\n")
    public = [imported.stdout, imported.stderr, proposed.stdout, proposed.stderr, json.dumps(calls), replied.stdout,
              comment["body"], (temp / "pr.md").read_text(encoding="utf-8"),
              (temp / "pr-title.txt").read_text(encoding="utf-8"),
              (hub / "members" / "wyken-warm-space.yaml").read_text(encoding="utf-8")]
    for secret in PRIVATE.values():
        assert not any(secret in text for text in public), secret

    # Without the private store (the variable is not set), the same answers need changing.
    (hub / "members" / "wyken-warm-space.yaml").unlink()
    imported, outputs, _ = run_step(step, tmp_path, hub, JOB_ENV, HUB_EVENTS_NOW=NOW)
    assert outputs == {"outcome": "answers"}, imported.stderr
    _, _, reply_calls = run_reply(tmp_path, "success", "answers")
    [comment] = comments(reply_calls)
    assert "you gave contact details but chose not to publish them" in comment["body"]
    assert not (hub / "members" / "wyken-warm-space.yaml").exists()


def test_a_later_edit_goes_on_from_the_earlier_private_change_and_never_pushes_over_it(tmp_path):
    """A run kept a new private email on form/issue-7; the member then deleted it from the issue, as the
    reply advised, and the next run started from the store's main branch and force-pushed: the email was
    gone from the store's pull request, and nobody was told."""
    store, remote = checkout_with_remote(tmp_path, "private", {"README.md": "# The hub's private store\n"})
    propose = form_step("Propose the contact details kept in the private store")
    (store / "contacts").mkdir()
    (store / "contacts" / "tile-hill.yaml").write_text("email: new.private@example.org\n", encoding="utf-8")
    first, _, _ = run_step(propose, tmp_path, store, PRIVATE_GIVEN, GH_URL=PRIVATE_PR_URL)
    assert first.returncode == 0, first.stderr
    # The next run: a fresh checkout of main, which goes on from the form's branch.
    shutil.rmtree(store)
    git(tmp_path / "workspace", "clone", "-q", str(remote), "private")
    went_on, outputs, _ = run_step(form_step("Go on from this form's earlier change to the private store"), tmp_path,
                                   store, PRIVATE_GIVEN)
    assert went_on.returncode == 0, went_on.stderr
    assert outputs == {"base": "main"} and git(store, "branch", "--show-current").strip() == "form/issue-7"
    assert (store / "contacts" / "tile-hill.yaml").read_text(encoding="utf-8") == "email: new.private@example.org\n"
    (store / "contacts" / "tile-hill.yaml").write_text("email: new.private@example.org\nname: Pat\n", encoding="utf-8")
    second, _, calls = run_step(propose, tmp_path, store, PRIVATE_GIVEN, GH_OPEN_PR="3", GH_URL=PRIVATE_PR_URL)
    assert second.returncode == 0, second.stderr
    history = git(remote, "log", "--format=%s", "form/issue-7").splitlines()
    assert len(history) == 3  # start, then each run's change on top: nothing pushed over
    assert "new.private@example.org" in git(remote, "show", "form/issue-7:contacts/tile-hill.yaml")
    assert not [call for call in calls if call["args"][:2] == ["pr", "create"]]  # the open one is kept


def test_which_form_it_is_comes_from_the_issues_label_not_its_text():
    """A profile whose answer held the line '### Event title' was read as an event, and the reply quoted the
    contact details that followed it."""
    step = form_step("Check the answers and write the file")
    assert step["env"]["KIND"] == "${{ contains(github.event.issue.labels.*.name, 'event') && 'event' || 'member' }}"
    assert '--kind "$KIND"' in step["run"]
