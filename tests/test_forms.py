"""The issue forms and the Decap CMS configuration are generated from the schema and categories.yaml,
so they cannot drift from what validation accepts: the committed files are current, every field is
asked or said why not, every question reads back as its field, and the CMS's fields are the schema's."""
from __future__ import annotations

import re

import yaml
from pelican.settings import read_settings

from conftest import ROOT, load_hub
from hub.contribute import cms, forms
from hub.contribute.generated import stale_files
from hub.contribute.importer import resolve
from hub.core import schema
from hub.core.fields import ListOf, PlaceRef, Record, VocabularyRef
from hub.core.loader import load_places, load_vocabulary
from hub.core.settings import load_settings
from hub.events import schema as event_schema

VOCABULARY, _ = load_vocabulary(ROOT / "categories.yaml")
PLACES, _ = load_places(ROOT / "places.yaml")
LABELS = [category.label for category in VOCABULARY]


def project_settings():
    return load_settings(read_settings(str(ROOT / "pelicanconf.py")), ROOT)


def committed(relative: str) -> dict:
    return yaml.safe_load((ROOT / relative).read_text(encoding="utf-8"))


def leaves(record: Record, prefix: str = "") -> set[str]:
    """Every field a person writes, nested records flattened: 'contact.email', 'offers[].title'."""
    names = set()
    for spec in record.fields:
        kind = spec.kind
        if isinstance(kind, Record):
            names |= leaves(kind, f"{prefix}{spec.name}.")
        elif isinstance(kind, ListOf) and isinstance(kind.item, Record):
            names |= leaves(kind.item, f"{prefix}{spec.name}[].")
        else:
            names.add(f"{prefix}{spec.name}")
    return names


def test_generated_forms_and_cms_configuration_are_current():
    assert stale_files(project_settings()) == [], "run `invoke docs` and commit the result"


def test_every_member_field_is_asked_or_the_form_says_why_not():
    """If this fails, a field was added to the schema: ask it in forms.py or say in NOT_ASKED why not."""
    asked = forms.asked_member_fields() - {"offers", "needs"}  # "More offers": several, one a line
    assert leaves(schema.MEMBER) == asked | set(forms.NOT_ASKED)
    assert not asked & set(forms.NOT_ASKED)


def test_every_event_field_is_asked_or_the_form_says_why_not():
    not_asked = tuple(forms.EVENT_NOT_ASKED)
    unexplained = {name for name in leaves(event_schema.EVENT)
                   if not any(name == n or name.startswith((f"{n}.", f"{n}[")) for n in not_asked)}
    asked = forms.asked_event_fields()
    assert unexplained == (asked - {"repeat"}) | {"repeat.rule"}  # "Repeats" gives the rule from a choice


def test_every_question_reads_back_as_the_field_it_asks_for():
    for question in forms.member_questions(VOCABULARY):
        assert resolve(question.label) == question.target, question.label


def test_categories_are_a_drop_down_of_categories_yaml():
    profile = committed(forms.FORMS["member"]["file"])
    drop_downs = [e for e in profile["body"] if e.get("id", "").endswith("-category")]
    assert len(drop_downs) == 2 * forms.ITEMS_ASKED
    assert all(e["type"] == "dropdown" and e["attributes"]["options"] == LABELS for e in drop_downs)
    event = committed(forms.FORMS["event"]["file"])
    (kinds,) = [e for e in event["body"] if e.get("id") == "categories"]
    assert kinds["attributes"]["options"] == LABELS and kinds["attributes"]["multiple"] is True


def test_the_issue_forms_are_well_formed_github_forms():
    for kind, form in forms.FORMS.items():
        document = committed(form["file"])
        assert document["labels"] == [form["label"]]
        elements = [e for e in document["body"] if e["type"] != "markdown"]
        ids = [e["id"] for e in elements]
        labels = [e["attributes"]["label"] for e in elements]
        assert len(set(ids)) == len(ids) and len(set(labels)) == len(labels)
        assert all(re.fullmatch(r"[A-Za-z0-9_-]+", i) for i in ids)
        assert all(e["type"] in {"input", "textarea", "dropdown", "checkboxes"} for e in elements)
        record = schema.MEMBER if kind == "member" else event_schema.EVENT
        required = {spec.name for spec in record.fields if spec.required}
        assert {e["id"] for e in elements if e.get("validations", {}).get("required")} == required


def decap_fields(fields: list[dict]) -> dict:
    return {f["name"]: f for f in fields}


def agree(record: Record, fields: list[dict]) -> None:
    by_name = decap_fields(fields)
    assert list(by_name) == [spec.name for spec in record.fields]
    for spec in record.fields:
        field = by_name[spec.name]
        if record is schema.CONTACT and spec.name == "public":  # below: always true
            continue
        assert field["required"] is spec.required, spec.name
        assert field["hint"] == (cms.CONTACT_HINT if spec.kind is schema.CONTACT else spec.plain_help), spec.name
        kind = spec.kind
        if isinstance(kind, ListOf) and isinstance(kind.item, PlaceRef):  # a choice of places.yaml's
            assert field["options"] == list(dict.fromkeys(place.name for place in PLACES)), spec.name
        elif isinstance(kind, Record):
            agree(kind, field["fields"])
        elif isinstance(kind, ListOf) and isinstance(kind.item, Record):
            agree(kind.item, field["fields"])
        elif isinstance(kind, VocabularyRef):
            assert [o["value"] for o in field["options"]] == [c.key for c in VOCABULARY]
        elif hasattr(kind, "options"):
            assert field["options"] == list(kind.options)


def test_the_cms_edits_the_fields_the_validator_checks():
    config = committed("admin/config.yml")
    collections = {c["name"]: c for c in config["collections"]}
    assert list(collections) == ["members", "events", "learning", "reports"]
    assert collections["members"]["folder"] == "members" and collections["members"]["format"] == "yaml"
    agree(schema.MEMBER, collections["members"]["fields"])
    agree(event_schema.EVENT, collections["events"]["fields"])
    assert collections["learning"]["folder"] == "content/learning"
    assert collections["reports"]["folder"] == "content/reports"
    assert {c["format"] for c in (collections["learning"], collections["reports"])} == {"pelican"}


def test_the_cms_backend_is_the_github_repository_with_open_authoring():
    config = cms.cms_config(VOCABULARY, "https://github.com/our-coalition/hub")
    assert config["backend"] == {"name": "github", "repo": "our-coalition/hub", "branch": "main",
                                 "open_authoring": True}
    assert config["publish_mode"] == "editorial_workflow"  # open authoring needs it
    text = cms.cms_config_text(VOCABULARY, "https://git.example.org/coalition/hub")
    assert "REPOSITORY_URL is not a GitHub address" in text and "repo: OWNER/REPOSITORY" in text


def test_the_cms_page_loads_decap_from_its_own_folder_and_is_not_published(site):
    page = (ROOT / "admin/index.html").read_text(encoding="utf-8")
    assert re.findall(r'<script src="([^"]+)"', page) == ["decap/decap-cms.js"]
    assert not (site / "admin").exists()


def test_the_cms_writes_only_a_contact_to_publish_and_stopping_is_emptying_it(hub_tree):
    """A profile's file is public in the repository: the editor's contact is always the published one
    (its consent is true and hidden), and a member who stops publishing empties its fields, as Decap then
    writes them."""
    members = decap_fields(committed("admin/config.yml")["collections"][0]["fields"])
    contact = decap_fields(members["contact"]["fields"])
    assert contact["public"] == {"name": "public", "label": "Published", "widget": "hidden", "default": True}
    assert "A contact that is not to be published does not go here" in members["contact"]["hint"]
    base = "name: Quiet Group\nsummary: We knit.\nareas: [Leeds]\n"
    saved = {"published": "contact:\n  name: Jo\n  email: jo@quiet.example.org\n  phone: ''\n  public: true\n",
             "stopped": "contact:\n  name: ''\n  email: ''\n  phone: ''\n  public: true\n"}
    for state, contact_text in saved.items():
        (hub_tree / "members/quiet-group.yaml").write_text(base + contact_text, encoding="utf-8")
        hub, problems = load_hub(hub_tree)
        assert problems == [], state
        member = hub.by_slug["quiet-group"]
        shown = member.contact.email if member.contact else None
        assert shown == ("jo@quiet.example.org" if state == "published" else None), state


DEVELOPER_WORDS = ("`", ".yaml", "yaml", "invoke", "in quotes", "slug", "markdown", "yyyy", "rrule", "docs/")


def test_every_question_reads_for_a_volunteer_not_a_developer():
    """Labels and help as the issue forms, the CMS and /join/ show them: no file names, formats or code."""
    for kind in forms.FORMS:
        for question in forms.questions_of(kind, VOCABULARY, PLACES):
            for words in (question.label, question.description, question.placeholder):
                assert not [word for word in DEVELOPER_WORDS if word in words.lower()], (question.label, words)
