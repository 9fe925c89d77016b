"""Files unchanged since the last run are not parsed again: the parse is kept in the cache folder,
keyed by the file's bytes, its name and the parser's code (core/yamlio.parsed_documents)."""
from __future__ import annotations

import shutil

from conftest import ROOT, load_hub
from hub.core import yamlio


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
    for stored in (hub_tree / ".cache" / "hub").glob("documents-*.pickle"):
        stored.write_bytes(b"not a pickle")
    hub, problems = load_hub(hub_tree)
    assert hub.members == expected.members and problems == expected_problems == []
