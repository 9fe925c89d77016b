"""docs/ stays true to the code: field tables generated from the schema, examples that validate."""
import re
import shutil

from conftest import ROOT, copy_of_repository, load_hub
from hub.core.docs import stale_docs


def test_field_tables_match_the_schema():
    assert stale_docs(ROOT) == [], "run `invoke docs` and commit the result"


def test_complete_example_in_members_doc_validates(hub_tree):
    text = (ROOT / "docs/members.md").read_text()
    example = re.search(r"## A complete example\n\n```yaml\n(.*?)```", text, re.S).group(1)
    (hub_tree / "members" / "ball-hill-organisers.yaml").write_text(example)
    shutil.copytree(ROOT / "content" / "images", hub_tree / "content" / "images")
    hub, problems = load_hub(hub_tree)
    assert problems == []
    assert hub.members[0].contact.email == "priya@ballhill.example.org"


def test_member_template_validates(hub_tree):
    shutil.copy(ROOT / "docs/member-template.yaml", hub_tree / "members" / "example.yaml")
    hub, problems = load_hub(hub_tree)
    assert problems == [] and hub.members[0].contact.email == "sam@example.org"  # public: true


def test_every_documented_category_key_exists():
    hub, _ = load_hub(ROOT)
    text = (ROOT / "docs/categories.md").read_text()
    keys = re.findall(r"`([a-z-]+)`", text.split("```")[0])
    assert len(keys) >= 18 and all(key in hub.vocabulary for key in keys)


def test_json_schema_for_editors_and_forms_follows_the_declaration():
    import json

    from hub.core import schema
    document = json.loads((ROOT / "docs/member.schema.json").read_text())
    assert list(document["properties"]) == [f.name for f in schema.MEMBER.fields]
    assert document["required"] == ["name", "summary", "areas"]
    assert document["additionalProperties"] is False
    item = document["properties"]["offers"]["items"]
    assert item["required"] == ["category", "title"]
    assert document["properties"]["summary"]["maxLength"] == 200


def test_new_member_and_new_event_tasks_write_files_that_validate(tmp_path):
    import subprocess
    import sys
    tree = tmp_path / "hub"
    copy_of_repository(tree)
    run = lambda *args: subprocess.run([sys.executable, "-m", "invoke", *args], cwd=tree,
                                       capture_output=True, text=True)
    made = run("new-member", "--slug", "foleshill-knitters", "--name", "Foleshill Knitters")
    assert made.returncode == 0, made.stderr
    made = run("new-event", "--slug", "knit-and-natter", "--organiser", "foleshill-knitters",
               "--title", "Knit and natter")
    assert made.returncode == 0, made.stderr
    assert "title: Knit and natter" in (tree / "events/knit-and-natter.yaml").read_text()
    checked = run("validate")
    assert checked.returncode == 0, checked.stderr
    refused = run("new-event", "--slug", "x", "--organiser", "nobody")
    assert refused.returncode == 1 and "there is no member 'nobody'" in refused.stderr


def test_the_threat_model_names_tests_that_exist_and_every_hostile_folder():
    """docs/security.md says how each door is tested: every test file it names exists, and every folder of
    attacks in tests/hostile/ is named by it."""
    import re

    text = (ROOT / "docs/security.md").read_text(encoding="utf-8")
    named = set(re.findall(r"`((?:browser/)?test_\w+\.py)`", text))
    assert len(named) >= 20
    assert [name for name in sorted(named) if not (ROOT / "tests" / name).is_file()] == []
    folders = {path.name for path in (ROOT / "tests" / "hostile").iterdir() if path.is_dir()}
    assert [folder for folder in sorted(folders) if f"tests/hostile/{folder}`" not in text] == []
