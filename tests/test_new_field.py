"""A new member field is two files: its declaration in core/schema.py and a line of the member's page.

In a copy of the repository, `languages_spoken` is declared (name, kind, help, form question, plain
hint, spreadsheet heading) and shown in theme/templates/hub_member.html, and nothing else is edited.
Then `invoke docs`, `invoke import` and `invoke build` run there as people run them, and the field
is in the docs' table and the JSON Schema, the issue form, the CMS configuration, the profile the
spreadsheet row made and the member's page. (Adding `languages_spoken` once took six hand edits
and `invoke docs` stopped with a KeyError: issue 22.)"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import yaml

from conftest import NOW, copy_of_repository

DECLARATION = '''    Field("languages_spoken", ListOf(Text(max_length=40, doc_name="language"), max_items=10, unique=True),
          default=(), help="Languages people can use with the member, e.g. `[Punjabi, Polish]`.",
          label="Languages you speak",
          hint="The languages people can use with you, besides English, e.g. Punjabi, Polish.",
          aliases=("languages",)),
'''
SHOWN = '    {% if member.languages_spoken %}<div><dt>Languages</dt><dd>{{ member.languages_spoken|join(", ") }}</dd></div>{% endif %}\n'
THEMES = '    Field("themes", '
THEMES_SHOWN = '    {% if member.themes %}'


def copy_of_the_repository(target: Path) -> Path:
    copy_of_repository(target, "decap")
    return target


def add_the_field(root: Path) -> None:
    """The two edits, and only them."""
    schema = root / "plugins/hub/core/schema.py"
    text = schema.read_text(encoding="utf-8")
    assert text.count(THEMES) == 1
    schema.write_text(text.replace(THEMES, DECLARATION + THEMES), encoding="utf-8")
    template = root / "theme/templates/hub_member.html"
    text = template.read_text(encoding="utf-8")
    assert text.count(THEMES_SHOWN) == 1
    template.write_text(text.replace(THEMES_SHOWN, SHOWN + THEMES_SHOWN, 1), encoding="utf-8")


def invoke(root: Path, *arguments: str) -> subprocess.CompletedProcess:
    # The copy's plugin, not the checkout's (which the virtual environment names).
    env = {**os.environ, "PYTHONPATH": str(root / "plugins"), "HUB_EVENTS_NOW": NOW}
    return subprocess.run([sys.executable, "-m", "invoke", *arguments], cwd=root, env=env, capture_output=True,
                          text=True)


def test_a_field_declared_in_the_schema_and_shown_in_the_template_reaches_everything(tmp_path):
    root = copy_of_the_repository(tmp_path / "hub")
    add_the_field(root)

    docs = invoke(root, "docs")
    assert docs.returncode == 0, docs.stderr[-3000:]
    assert "| `languages_spoken` |" in (root / "docs/members.md").read_text(encoding="utf-8")
    member_schema = json.loads((root / "docs/member.schema.json").read_text(encoding="utf-8"))
    assert member_schema["properties"]["languages_spoken"]["type"] == "array"
    form = yaml.safe_load((root / ".github/ISSUE_TEMPLATE/join-or-update-our-profile.yml").read_text(encoding="utf-8"))
    asked = [item for item in form["body"] if item.get("id") == "languages-spoken"]
    assert [item["attributes"]["label"] for item in asked] == ["Languages you speak"]
    cms = yaml.safe_load((root / "admin/config.yml").read_text(encoding="utf-8"))
    members = next(collection for collection in cms["collections"] if collection["name"] == "members")
    assert "languages_spoken" in [field["name"] for field in members["fields"]]

    sheet = tmp_path / "members.csv"
    sheet.write_text("Organisation name,About,Where we work,Support we can give,Languages\n"
                     'Hillfields Chai Club,"A weekly chai and chat for neighbours.",Coventry,'
                     '"food: Chai and samosas on Thursdays","Punjabi, Urdu"\n', encoding="utf-8")
    imported = invoke(root, "import", str(sheet))
    assert imported.returncode == 0, imported.stdout[-2000:] + imported.stderr[-3000:]
    profile = yaml.safe_load((root / "members/hillfields-chai-club.yaml").read_text(encoding="utf-8"))
    assert profile["languages_spoken"] == ["Punjabi", "Urdu"]

    built = invoke(root, "build")
    assert built.returncode == 0, built.stdout[-2000:] + built.stderr[-3000:]
    page = (root / "output/members/hillfields-chai-club/index.html").read_text(encoding="utf-8")
    assert "<dt>Languages</dt><dd>Punjabi, Urdu</dd>" in page
    record = next(member for member in json.loads((root / "output/members.json").read_text(encoding="utf-8"))["members"]
                  if member["slug"] == "hillfields-chai-club")
    assert record["languages_spoken"] == ["Punjabi", "Urdu"]
