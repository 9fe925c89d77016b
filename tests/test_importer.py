"""`invoke import`: the spreadsheet coordinators keep today becomes valid profiles, or clear errors."""

import yaml

from conftest import FIXTURES, load_hub
from hub.contribute.importer import import_csv
from hub.core.loader import load_vocabulary


def test_contact_list_becomes_valid_profiles(hub_tree):
    vocabulary, _ = load_vocabulary(hub_tree / "categories.yaml")
    written, problems = import_csv(FIXTURES / "import/contact-list.csv", hub_tree / "members", vocabulary)
    assert problems == []
    assert sorted(p.name for p in written) == ["foleshill-knit-and-natter.yaml", "leeds-walking-buddies.yaml"]
    profile = yaml.safe_load((hub_tree / "members/foleshill-knit-and-natter.yaml").read_text())
    assert profile["offers"] == [{"category": "events", "title": "Knit and natter on Wednesday afternoons"},
                                 {"category": "training", "title": "Beginners' knitting lessons"}]
    assert profile["contact"] == {"name": "June Okafor", "email": "june@knit.example.org",
                                  "phone": "024 7600 1234", "public": True}
    hub, problems = load_hub(hub_tree)
    assert problems == [] and len(hub.members) == 2
    walkers = hub.by_slug["leeds-walking-buddies"]
    assert walkers.contact is None and [a.name for a in walkers.areas] == ["Leeds", "Online"]


def test_bad_rows_are_reported_by_row_and_nothing_is_written(hub_tree):
    vocabulary, _ = load_vocabulary(hub_tree / "categories.yaml")
    written, problems = import_csv(FIXTURES / "import/bad-contact-list.csv", hub_tree / "members", vocabulary,
                                   source="list.csv")
    assert written == [] and list((hub_tree / "members").iterdir()) == []
    assert [str(p) for p in problems] == [
        "list.csv:1: Favourite colour: unknown column; rename it to one of: about, area, areas, contact email, "
        "contact name, contact phone, description, email, name, needs, offers, organisation, organisation name, "
        "phone, public, publish contact, slug, summary, support we are looking for, support we can give, "
        "support we can offer, themes, website, where we work",
        "list.csv:2: summary: is required: One plain-text sentence about what the member does",
        "list.csv:2: offers[0].category: 'halls' is not a category (did you mean \"venues\"?); "
        "the categories are listed in categories.yaml",
        "list.csv:2: contact.email: 'not-an-email' is not an email address; write it like 'name@example.org'",
        "list.csv:3: name: a name is needed to make the file name",
    ]


def test_existing_profiles_are_not_overwritten(hub_tree):
    vocabulary, _ = load_vocabulary(hub_tree / "categories.yaml")
    (hub_tree / "members/leeds-walking-buddies.yaml").write_text("name: Mine\n")
    written, problems = import_csv(FIXTURES / "import/contact-list.csv", hub_tree / "members", vocabulary,
                                   source="list.csv")
    assert written == []
    assert [str(p) for p in problems] == ["list.csv:3: name: members/leeds-walking-buddies.yaml already exists; "
                                          "edit that file, or re-run with --overwrite"]
