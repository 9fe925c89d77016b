"""Files unchanged since the last run are not parsed again: the parse is kept in the cache folder,
keyed by the file's bytes, its name and the parser's code (core/yamlio.parsed_documents). A profile
or an event found valid is not checked again either while its file and what it is checked against
(the vocabulary, places, the other files it names, the images it shows) are unchanged (core/kept)."""
from __future__ import annotations

import shutil

import pytest

from conftest import ROOT, load_hub
from hub.core import fingerprint, loader, yamlio
from hub.core.fingerprint import digest
from hub.events import load as event_load


def example_members(tree):
    """The example hub's members and events, with what they name (series keys in content/, places.yaml)."""
    shutil.copytree(ROOT / "members", tree / "members", dirs_exist_ok=True)
    shutil.copytree(ROOT / "events", tree / "events", dirs_exist_ok=True)
    shutil.copytree(ROOT / "content", tree / "content", dirs_exist_ok=True)
    shutil.copy(ROOT / "places.yaml", tree / "places.yaml")


def test_a_second_load_reuses_every_parse_and_finds_the_same_hub(hub_tree, monkeypatch):
    example_members(hub_tree)
    first, first_problems = load_hub(hub_tree)
    parsed = []
    original = yamlio.parse_text
    monkeypatch.setattr(yamlio, "parse_text", lambda text, source: parsed.append(source) or original(text, source))
    second, second_problems = load_hub(hub_tree)
    assert parsed == []
    assert second.members == first.members and second_problems == first_problems


def test_an_edited_file_is_parsed_again_and_only_it(hub_tree, monkeypatch):
    example_members(hub_tree)
    load_hub(hub_tree)
    profile = hub_tree / "members" / "tile-hill-lunch-club.yaml"
    profile.write_text(profile.read_text(encoding="utf-8").replace("name: Tile Hill Friday Lunch Club",
                                                                   "name: Tile Hill Lunch Club"), encoding="utf-8")
    parsed = []
    original = yamlio.parse_text
    monkeypatch.setattr(yamlio, "parse_text", lambda text, source: parsed.append(source) or original(text, source))
    hub, _ = load_hub(hub_tree)
    assert parsed == ["members/tile-hill-lunch-club.yaml"]
    assert hub.by_slug["tile-hill-lunch-club"].name == "Tile Hill Lunch Club"


def test_a_damaged_cache_is_ignored(hub_tree):
    example_members(hub_tree)
    expected, expected_problems = load_hub(hub_tree)
    for stored in (hub_tree / ".cache" / "hub").glob("*.pickle"):
        stored.write_bytes(b"not a pickle")
    hub, problems = load_hub(hub_tree)
    assert hub.members == expected.members and problems == expected_problems == []


@pytest.fixture
def checks(monkeypatch):
    """The sources of the profiles and events checked (not taken from the cache) while it is used."""
    checked = []
    for module, name in ((loader, "member_from_document"), (event_load, "event_from_document")):
        original = getattr(module, name)
        monkeypatch.setattr(module, name, lambda doc, *args, original=original, **kwargs:
                            checked.append(doc.source) or original(doc, *args, **kwargs))
    return checked


def test_a_second_load_checks_no_file_again_and_finds_the_same_hub(hub_tree, checks):
    example_members(hub_tree)
    first, first_problems = load_hub(hub_tree)
    assert len(checks) == len(first.members) + len(first.events)
    checks.clear()
    second, second_problems = load_hub(hub_tree)
    assert checks == []
    assert second.members == first.members and second.events == first.events
    assert second_problems == first_problems == []


def test_an_edited_profile_is_checked_again_and_only_it(hub_tree, checks):
    example_members(hub_tree)
    load_hub(hub_tree)
    checks.clear()
    profile = hub_tree / "members" / "tile-hill-lunch-club.yaml"
    profile.write_text(profile.read_text(encoding="utf-8").replace("name: Tile Hill Friday Lunch Club",
                                                                   "name: Tile Hill Lunch Club"), encoding="utf-8")
    hub, problems = load_hub(hub_tree)
    assert checks == ["members/tile-hill-lunch-club.yaml"] and problems == []
    assert hub.by_slug["tile-hill-lunch-club"].name == "Tile Hill Lunch Club"


def test_a_kept_profile_whose_logo_was_removed_is_reported(hub_tree):
    example_members(hub_tree)
    load_hub(hub_tree)
    (hub_tree / "content" / "images" / "logos" / "ball-hill.svg").unlink()
    hub, problems = load_hub(hub_tree)
    assert [str(p) for p in problems] == [
        "members/ball-hill-organisers.yaml:23: logo: 'images/logos/ball-hill.svg' does not exist under "
        "content/; add the image or correct the path"]
    assert "ball-hill-organisers" not in hub.by_slug


def test_an_event_whose_organiser_was_removed_is_checked_again_and_reported(hub_tree, checks):
    example_members(hub_tree)
    load_hub(hub_tree)
    checks.clear()
    (hub_tree / "members" / "access-together-coventry.yaml").unlink()
    hub, problems = load_hub(hub_tree)
    assert "events/access-together-monthly-meeting.yaml" in checks
    assert any(p.source == "events/access-together-monthly-meeting.yaml" and p.field == "organiser"
               for p in problems)


def test_a_new_vocabulary_checks_every_profile_again(hub_tree, checks):
    example_members(hub_tree)
    first, _ = load_hub(hub_tree)
    checks.clear()
    vocabulary = hub_tree / "categories.yaml"
    vocabulary.write_text(vocabulary.read_text(encoding="utf-8") + "    - sign language\n", encoding="utf-8")
    load_hub(hub_tree)
    assert sorted(source for source in checks if source.startswith("members/")) == sorted(
        member.source for member in first.members)


def test_another_time_zone_checks_every_event_again(hub_tree, checks):
    example_members(hub_tree)
    first, _ = load_hub(hub_tree)
    checks.clear()
    hub, _ = load_hub(hub_tree, HUB_EVENTS_TIMEZONE="Europe/Dublin")
    assert sorted(source for source in checks if source.startswith("events/")) == sorted(
        event.source for event in first.events)


def test_a_model_keeps_its_fingerprint_and_its_offers_and_needs_theirs(hub_tree, monkeypatch):
    """Keys need not walk a model again (core.fingerprint.keep_fingerprint): its fingerprint is kept
    with it, and changes when its content does. A profile's offers and needs keep theirs: editing its
    summary leaves what matching reads unchanged."""
    example_members(hub_tree)
    first, _ = load_hub(hub_tree)
    second, _ = load_hub(hub_tree)
    profile = hub_tree / "members" / "tile-hill-lunch-club.yaml"
    text = profile.read_text(encoding="utf-8")
    assert "\nsummary: " in text
    profile.write_text(text.replace("\nsummary: ", "\nsummary: Edited. "), encoding="utf-8")
    third, _ = load_hub(hub_tree)
    before, after = first.by_slug["tile-hill-lunch-club"], third.by_slug["tile-hill-lunch-club"]
    assert digest(first.members) == digest(second.members)
    assert after.summary != before.summary and digest(after) != digest(before)
    assert digest(after.offers, after.needs) == digest(before.offers, before.needs)
    assert digest(third.by_slug["ball-hill-organisers"]) == digest(first.by_slug["ball-hill-organisers"])
    # Kept, not walked: a step for each list and tuple, and one for each member, offer and need.
    walked = []
    original = fingerprint._feed
    monkeypatch.setattr(fingerprint, "_feed", lambda value, *args: walked.append(value) or original(value, *args))
    digest(second.members, [(member.offers, member.needs) for member in second.members])
    items = sum(len(member.offers) + len(member.needs) for member in second.members)
    assert len(walked) == 2 + 4 * len(second.members) + items
