"""The schema builds the model: a field declared in schema.MEMBER reaches the frozen Member and
members.json without another edit (docs/develop.md, 'add a member field')."""
from __future__ import annotations

import dataclasses
import json
import shutil

from conftest import ROOT, load_hub
from hub.core import schema
from hub.core.opendata import members_document

EVERY_FIELD = """\
name: Every Field Trust
type: charity
summary: A member that fills in every field the schema declares.
description: Longer *Markdown* text.
website: https://every.example.org
areas: [Coventry, Online]
localities: [Tile Hill]
themes: [air quality]
joined: 2024-03-01
updated: 2026-10-01
reviewed: 2026-11-01
logo: images/logos/ball-hill.svg
offers:
  - category: venues
    title: A hall on Tuesdays
    details: Free for members.
    areas: [Coventry]
    until: 2099-12-31
needs:
  - category: transport
    title: A minibus for outings
contact:
  name: Sam
  email: sam@every.example.org
  phone: "024 7600 0000"
  public: true
keys: [space]
news_feed: https://every.example.org/news.xml
events_feed: https://every.example.org/events.ics
"""


def load_every_field(hub_tree):
    (hub_tree / "members" / "every-field.yaml").write_text(EVERY_FIELD, encoding="utf-8")
    shutil.copytree(ROOT / "content" / "images", hub_tree / "content" / "images")
    shutil.copytree(ROOT / "content" / "series", hub_tree / "content" / "series")  # declares the keys
    hub, problems = load_hub(hub_tree)
    assert problems == []
    return hub


def test_the_example_names_the_fields_declared_when_it_was_written():
    """The example fills every field the schema had when it was written (a field added since is
    checked from its declaration alone by tests/test_new_field.py: adding one is two files)."""
    import yaml

    document = yaml.safe_load(EVERY_FIELD)
    assert set(document) <= {spec.name for spec in schema.MEMBER.fields} and len(document) >= 18
    for record_field, record in (("offers", schema.ITEM), ("contact", schema.CONTACT)):
        value = document[record_field][0] if record_field == "offers" else document[record_field]
        assert set(value) == {spec.name for spec in record.fields}


def test_every_schema_field_is_an_attribute_of_the_model(hub_tree):
    member = load_every_field(hub_tree).members[0]
    model_fields = {f.name for f in dataclasses.fields(member)}
    assert {spec.name for spec in schema.MEMBER.fields} <= model_fields
    assert {spec.name for spec in schema.ITEM.fields} <= {f.name for f in dataclasses.fields(member.offers[0])}
    assert member.joined.isoformat() == "2024-03-01" and member.areas[0].name == "Coventry"
    assert member.offers[0].areas_given and not member.needs[0].areas_given
    assert [a.name for a in member.needs[0].areas] == ["Coventry", "Online"]  # the member's areas


def test_every_schema_field_reaches_members_json(hub_tree):
    hub = load_every_field(hub_tree)
    record = members_document(hub, "https://hub.example.org")["members"][0]
    assert set(record) == {"slug", "url"} | {spec.name for spec in schema.MEMBER.fields}
    assert record["logo"] == "https://hub.example.org/images/logos/ball-hill.svg"
    assert record["offers"][0] == {"category": "venues", "title": "A hall on Tuesdays", "details": "Free for members.",
                                   "areas": ["Coventry"], "until": "2099-12-31",
                                   "anchor": "offer-1"}
    assert record["contact"] == {"name": "Sam", "email": "sam@every.example.org", "phone": "024 7600 0000"}
    json.dumps(record)  # every value is plain JSON


def test_a_contact_not_to_be_published_is_refused_in_a_profile_which_anyone_can_read(hub_tree):
    (hub_tree / "members" / "quiet.yaml").write_text(
        "name: Quiet\nsummary: s\nareas: [Leeds]\ncontact:\n  email: quiet@example.org\n", encoding="utf-8")
    hub, problems = load_hub(hub_tree)
    assert [str(p) for p in problems] == [
        "members/quiet.yaml:4: contact: these contact details are not to be published, but anyone can read this "
        "file in the repository; move them to the coordinators' private store with `invoke move-private` "
        "(docs/private.md), or write 'public: true' if the member agreed to publish them"]
    assert hub.members == ()


def test_a_contact_with_nothing_to_publish_never_reaches_the_model(hub_tree):
    (hub_tree / "members" / "quiet.yaml").write_text(
        "name: Quiet\nsummary: s\nareas: [Leeds]\ncontact:\n  public: false\n", encoding="utf-8")
    hub, problems = load_hub(hub_tree)
    assert problems == [] and hub.members[0].contact is None
    assert "contact" not in members_document(hub, "")["members"][0]


def test_members_json_written_member_by_member_is_the_whole_document(tmp_path):
    """The build writes members.json from each member's text, kept between builds (core/memo.kept):
    the same bytes as the document written at once, whether the texts were kept or made."""
    from hub.core.memo import kept
    from hub.core.opendata import dumps, members_json

    hub, _ = load_hub(ROOT)
    whole = dumps(members_document(hub, "https://hub.example.org"))
    assert json.loads(whole)["members"] and members_json(hub, "https://hub.example.org") == whole
    for _ in range(2):  # made and kept, then taken from the store
        with kept(tmp_path / "records.pickle") as store:
            assert members_json(hub, "https://hub.example.org", store) == whole
    assert len(store.known) == len(hub.members)
    with kept(tmp_path / "records.pickle") as store:
        assert members_json(hub, "https://elsewhere.example.org", store) != whole  # the address is in the key
