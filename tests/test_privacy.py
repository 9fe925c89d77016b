"""Private means private: a contact detail without `public: true` is in no file of the public repository,
so in no page, feed or index either. Such details live in the coordinators' private store, outside
the repository (contribute.private): `invoke move-private` moves them there, `invoke validate` checks
the store, `invoke contacts` and `invoke stale` read it, and the build never opens it."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import FIXTURES, NOW, ROOT, hub_settings, load_hub, run_pelican
from hub.core.settings import SettingsError

# The example's contacts that are not published, as `invoke move-private` moved them out of members/.
EXAMPLE_STORE = FIXTURES / "example-private"


def store_values(store: Path = EXAMPLE_STORE) -> list[str]:
    found = []
    for path in sorted((store / "contacts").glob("*.yaml")):
        found += [str(value) for value in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).values()]
    return found


def every_text(folder: Path):
    for path in folder.rglob("*"):
        if path.is_file() and ".git" not in path.parts:
            yield path, path.read_bytes().decode("utf-8", errors="replace")


def invoke(tree: Path, *args: str, **env) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "invoke", *args], cwd=tree, capture_output=True, text=True,
                          env={"PATH": "/usr/bin:/bin", "HUB_EVENTS_NOW": NOW, **env})


def tree_with_tasks(hub_tree: Path) -> Path:
    shutil.copy(ROOT / "tasks.py", hub_tree / "tasks.py")
    (hub_tree / "plugins").symlink_to(ROOT / "plugins")
    return hub_tree


def test_the_example_hub_keeps_only_published_contacts_in_its_profiles():
    for path in sorted((ROOT / "members").glob("*.yaml")):
        contact = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("contact")
        assert contact is None or contact.get("public") is True, path.name
    assert len(store_values()) >= 20  # what the example keeps privately: names, emails and phone numbers


def test_the_examples_private_contacts_appear_nowhere_in_the_site_or_the_repository(site):
    secrets = store_values()
    for folder in (site, ROOT / "members", ROOT / "events", ROOT / "content", ROOT / "data", ROOT / "docs"):
        for path, text in every_text(folder):
            for secret in secrets:
                assert secret not in text, f"{secret!r} is in {path}"


def test_a_published_contact_is_published(site):
    assert "priya@ballhill.example.org" in (site / "members/ball-hill-organisers/index.html").read_text()


QUIET = """\
# Our group: we like a quiet life.
name: Quiet Group
summary: We keep ourselves to ourselves.
areas: [Leeds]
contact:
  name: Very Private Person
  email: very.private@quiet.example.org
  phone: "0113 496 0000"
  public: {public}   # agreed on the phone
themes: [quiet]
"""
SECRETS = ("Very Private Person", "very.private@quiet.example.org", "0113 496 0000")


def test_move_private_moves_unpublished_details_out_of_the_profile_and_keeps_the_rest_of_it(hub_tree):
    tree = tree_with_tasks(hub_tree)
    profile = tree / "members/quiet-group.yaml"
    profile.write_text(QUIET.format(public="false"), encoding="utf-8")
    refused = invoke(tree, "validate")
    assert refused.returncode == 1
    assert "members/quiet-group.yaml:9: contact.public: these contact details are not to be published" in refused.stderr
    checked = invoke(tree, "move-private", "--check")
    assert checked.returncode == 0 and "would move the contact of members/quiet-group.yaml" in checked.stdout
    assert "Very Private Person" in profile.read_text(encoding="utf-8")  # --check writes nothing
    moved = invoke(tree, "move-private")
    assert moved.returncode == 0, moved.stderr
    assert profile.read_text(encoding="utf-8") == ("# Our group: we like a quiet life.\nname: Quiet Group\nsummary: We "
                                                   "keep ourselves to ourselves.\nareas: [Leeds]\nthemes: [quiet]\n")
    store = tree.parent / f"{tree.name}-private"
    assert yaml.safe_load((store / "contacts/quiet-group.yaml").read_text(encoding="utf-8")) == {
        "name": SECRETS[0], "email": SECRETS[1], "phone": SECRETS[2]}
    assert invoke(tree, "validate").returncode == 0
    output = tree / "out"
    assert run_pelican(tree, output).returncode == 0
    assert not [path for path, text in every_text(output) if any(secret in text for secret in SECRETS)]
    assert "very.private" in invoke(tree, "contacts").stdout  # the coordinators still have it


def test_publishing_puts_the_contact_on_the_site(hub_tree):
    (hub_tree / "members/quiet-group.yaml").write_text(QUIET.format(public="true"), encoding="utf-8")
    output = hub_tree / "out"
    assert run_pelican(hub_tree, output).returncode == 0
    assert "very.private@quiet.example.org" in (output / "members/quiet-group/index.html").read_text()


def test_the_private_store_must_be_outside_the_repository(hub_tree):
    with pytest.raises(SettingsError) as error:
        hub_settings(hub_tree, HUB_PRIVATE_DIR="private")
    assert "is inside the hub's folder, so what it holds could be committed to the public repository" in str(error.value)
    assert hub_settings(hub_tree, HUB_PRIVATE_DIR="../elsewhere").private_path == (hub_tree.parent / "elsewhere")
    assert hub_settings(hub_tree).private_path == hub_tree.parent / f"{hub_tree.name}-private"


def test_validate_checks_the_store_when_there_is_one_and_the_build_never_reads_it(hub_tree):
    tree = tree_with_tasks(hub_tree)
    (tree / "members/quiet-group.yaml").write_text(QUIET.format(public="true"), encoding="utf-8")
    store = tree.parent / f"{tree.name}-private" / "contacts"
    store.mkdir(parents=True)
    (store / "quiet-group.yaml").write_text("name: Jo\nemail: jo at quiet\n", encoding="utf-8")
    (store / "gone-group.yaml").write_text("name: Sam\n", encoding="utf-8")
    result = invoke(tree, "validate")
    assert result.returncode == 1
    folder = f"../{tree.name}-private/contacts"
    assert result.stderr.splitlines()[:2] == [
        f"{folder}/gone-group.yaml:1: (file): there is no profile members/gone-group.yaml: rename this file as the "
        "member's profile, or delete it if the member has left",
        f"{folder}/quiet-group.yaml:2: email: 'jo at quiet' is not an email address; write it like "
        "'name@example.org'"]
    assert run_pelican(tree, tree / "out").returncode == 0  # nothing of the store is read, right or wrong
    _, problems = load_hub(tree)
    assert problems == []


def test_contacts_gives_the_coordinators_a_sheet_from_the_store_then_what_is_published(hub_tree):
    tree = tree_with_tasks(hub_tree)
    (tree / "members/quiet-group.yaml").write_text(QUIET.format(public="true"), encoding="utf-8")
    (tree / "members/loud-group.yaml").write_text("name: Loud Group\nsummary: We sing.\nareas: [Leeds]\n"
                                                  "website: https://loud.example.org\n", encoding="utf-8")
    store = tree.parent / f"{tree.name}-private" / "contacts"
    store.mkdir(parents=True)
    (store / "loud-group.yaml").write_text("name: '=HYPERLINK(\"https://evil.example\")'\nphone: '+44 113 496 0001'\n",
                                           encoding="utf-8")
    text = invoke(tree, "contacts")
    assert text.returncode == 0, text.stderr
    assert text.stdout.splitlines()[:2] == [
        "Loud Group (members/loud-group.yaml): =HYPERLINK(\"https://evil.example\"), +44 113 496 0001 (private store); "
        "last confirmed never",
        "Quiet Group (members/quiet-group.yaml): Very Private Person, very.private@quiet.example.org, 0113 496 0000 "
        "(published); last confirmed never"]
    sheet = invoke(tree, "contacts", "--format", "csv").stdout.splitlines()
    assert sheet[0] == "Member,Profile,Page,Contact name,Email,Phone,Contact from,Last confirmed,Website"
    # A cell that a spreadsheet would run as a formula is written as text.
    assert sheet[1].startswith("Loud Group,members/loud-group.yaml,https://hub.coalition.example.org/members/loud-group/,"
                               "\"'=HYPERLINK(\"\"https://evil.example\"\")\",,'+44 113 496 0001,private store,,")


def test_no_contributor_path_leaves_a_private_value_in_the_public_tree(tmp_path):
    """The spreadsheet import, a join by the issue form, an update that stops publishing and `invoke
    move-private`, one after the other on a fork with a private store: afterwards no file of the
    repository (what could be committed) and no text the bot would post holds a private value, and the
    store holds every one of them."""
    from issue_forms import issue_body
    from test_publish import fork

    from hub.contribute import forms
    from hub.core.loader import load_places, load_vocabulary

    tree = fork(tmp_path)
    store = tmp_path / "hub-private"
    store.mkdir()
    vocabulary, _ = load_vocabulary(ROOT / "categories.yaml")
    places, _ = load_places(ROOT / "places.yaml")
    secrets = {"Row Private", "row.private@knit.example.org", "Form Private", "form.private@wyken.example.org",
               "024 7600 5555", "Very Private Person", "very.private@quiet.example.org"}
    (tmp_path / "list.csv").write_text(
        "Organisation name,About,Where we work,Contact name,Contact email,Publish contact\n"
        "Knit Together,We knit.,Coventry,Row Private,row.private@knit.example.org,No\n", encoding="utf-8")
    (tree / "members/quiet-group.yaml").write_text(QUIET.format(public="false"), encoding="utf-8")
    join = {"Organisation name": "Wyken Warm Space", "About your organisation (one sentence)": "A warm room.",
            "Where do you work?": "Coventry", "Contact name": "Form Private",
            "Contact email": "form.private@wyken.example.org", "Contact phone": "024 7600 5555",
            "Publish contact details?": forms.CONSENT_STOP}
    stop = {forms.UPDATE_LABEL: "https://hub.example.org/members/ball-hill-organisers/",
            "Publish contact details?": forms.CONSENT_STOP}
    texts = []
    assert invoke(tree, "move-private").returncode == 0  # the quiet group's, written before the store
    assert invoke(tree, "import", "--csv", str(tmp_path / "list.csv")).returncode == 0
    for number, answers in enumerate((join, stop)):
        issue = tmp_path / f"issue-{number}.md"
        issue.write_text(issue_body("member", answers, vocabulary, places), encoding="utf-8")
        outputs = [tmp_path / f"{name}-{number}" for name in ("comment", "pr", "title", "thanks")]
        result = invoke(tree, "import-issue", str(issue), "--comment-file", str(outputs[0]), "--pr-body",
                        str(outputs[1]), "--pr-title", str(outputs[2]), "--thanks", str(outputs[3]))
        assert result.returncode == 0, result.stderr
        texts += [path.read_text(encoding="utf-8") for path in outputs if path.exists()]
    public = [text for path, text in every_text(tree)
              if not {".cache", ".builds", "output", "tests"} & set(path.relative_to(tree).parts)]  # tests: this file
    for secret in secrets:
        assert not any(secret in text for text in [*public, *texts]), secret
    kept = "".join(path.read_text(encoding="utf-8") for path in (store / "contacts").glob("*.yaml"))
    assert all(secret in kept for secret in secrets)
    # Ball Hill stopped publishing what it published until now: off its profile, kept for the coordinators.
    assert "priya@ballhill.example.org" not in (tree / "members/ball-hill-organisers.yaml").read_text()
    assert "priya@ballhill.example.org" in (store / "contacts/ball-hill-organisers.yaml").read_text()
    assert invoke(tree, "validate").returncode == 0


def test_a_store_that_is_not_a_folder_or_holds_links_is_a_clear_problem_not_a_traceback(hub_tree):
    tree = tree_with_tasks(hub_tree)
    (tree / "members/quiet-group.yaml").write_text(QUIET.format(public="true"), encoding="utf-8")
    a_file = tree.parent / f"{tree.name}-a-file"
    a_file.write_text("not a folder\n", encoding="utf-8")
    named_a_file = invoke(tree, "validate", HUB_PRIVATE_DIR=str(a_file))
    assert named_a_file.returncode == 1 and "Traceback" not in named_a_file.stderr
    assert "HUB_PRIVATE_DIR names a file, not a folder" in named_a_file.stderr
    store = tree.parent / f"{tree.name}-private" / "contacts"
    store.mkdir(parents=True)
    (store / "quiet-group.yaml").symlink_to(tree / "members/quiet-group.yaml")
    linked = invoke(tree, "validate")
    assert linked.returncode == 1 and "quiet-group.yaml:1: (file): is not a plain file (a link, or a folder)" in linked.stderr


def test_a_default_store_that_leads_into_the_hub_is_refused(hub_tree):
    (hub_tree / "inside").mkdir()
    (hub_tree.parent / f"{hub_tree.name}-private").symlink_to(hub_tree / "inside")
    with pytest.raises(SettingsError) as error:
        hub_settings(hub_tree)
    assert "is inside the hub's folder" in str(error.value)


def test_move_private_moves_a_profile_written_yml_too(hub_tree):
    tree = tree_with_tasks(hub_tree)
    (tree / "members/quiet-group.yml").write_text(QUIET.format(public="false"), encoding="utf-8")
    moved = invoke(tree, "move-private")
    assert moved.returncode == 0 and "moved the contact of members/quiet-group.yml" in moved.stdout
    assert invoke(tree, "validate").returncode == 0
