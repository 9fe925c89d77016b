"""places.yaml and `localities`: neighbourhoods people use, checked like every file a person writes,
listed on area pages and found by search (docs/places.md)."""
from __future__ import annotations

import textwrap

from conftest import ROOT, load_hub
from hub.core import directory
from hub.core.loader import load_places

MEMBER = """\
name: Tile Hill Friday Lunch Club
summary: A two-course lunch on Fridays.
areas: [{areas}]
localities: [{localities}]
"""


def write(root, name: str, text: str):
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")


def messages(problems) -> list[str]:
    return [str(problem) for problem in problems]


def test_the_example_places_are_valid_and_keep_their_order():
    places, problems = load_places(ROOT / "places.yaml", ROOT)
    assert problems == []
    coventry = places.in_area("Coventry")
    assert [place.name for place in coventry][:3] == ["Ball Hill", "Canley", "Cheylesmore"]
    assert places.named("tile hill").districts == ("CV4",)
    assert places.named("City centre", ["Bristol"]).districts == ("BS1",)


def test_every_mistake_in_places_yaml_is_a_message_with_its_line(tmp_path):
    write(tmp_path, "places.yaml", """\
        Coventry:
          Tile Hill: [CV4]
          Foleshill: [CV6 5BG]
          Ball Hill: [cv2, Ball]
        Bristol: []
        """)
    places, problems = load_places(tmp_path / "places.yaml", tmp_path)
    assert messages(problems) == [
        "places.yaml:3: Coventry.Foleshill[0]: 'CV6 5BG' is a full postcode; write its district, the part "
        "before the space: 'CV6'",
        "places.yaml:4: Coventry.Ball Hill[1]: 'Ball' is not a postcode district; write the first half of a "
        "postcode, e.g. 'CV2' or 'B5'",
        "places.yaml:5: Bristol: expected this area's neighbourhoods under it, one per line, each with its "
        "postcode districts, e.g. 'Tile Hill: [CV4]'",
    ]


def test_a_neighbourhood_listed_twice_is_named(tmp_path):
    write(tmp_path, "places.yaml", "Coventry:\n  Tile Hill: [CV4]\n  Tile Hill: [CV4]\n")
    _, problems = load_places(tmp_path / "places.yaml", tmp_path)
    assert messages(problems) == ["places.yaml:3: Coventry.Tile Hill: 'Tile Hill' is written twice (first on line 2); "
                                  "keep one and delete the other"]


def test_without_places_yaml_a_hub_has_no_neighbourhoods(tmp_path):
    places, problems = load_places(tmp_path / "places.yaml", tmp_path)
    assert (len(places), problems) == (0, [])


def test_a_misspelt_neighbourhood_gets_a_suggestion(hub_tree):
    write(hub_tree, "members/tile-hill-lunch-club.yaml", MEMBER.format(areas="Coventry", localities="Tilehill"))
    _, problems = load_hub(hub_tree)
    assert messages(problems) == [
        "members/tile-hill-lunch-club.yaml:4: localities[0]: 'Tilehill' is not a neighbourhood listed in "
        "places.yaml (did you mean \"Tile Hill\"?); the coordinators list each area's neighbourhoods there: ask "
        "them to add it, or fix the spelling"]


def test_a_neighbourhood_outside_the_members_areas_is_a_problem(hub_tree):
    write(hub_tree, "members/tile-hill-lunch-club.yaml", MEMBER.format(areas="Bristol", localities="Tile Hill"))
    _, problems = load_hub(hub_tree)
    assert messages(problems) == [
        "members/tile-hill-lunch-club.yaml:4: localities[0]: 'Tile Hill' is a neighbourhood of Coventry in "
        "places.yaml, but this profile's areas are Bristol; add Coventry to 'areas', or remove 'Tile Hill'"]


def test_localities_are_kept_in_the_spelling_of_places_yaml(hub_tree):
    write(hub_tree, "members/tile-hill-lunch-club.yaml",
          MEMBER.format(areas="Coventry", localities="tile hill, CANLEY"))
    hub, problems = load_hub(hub_tree)
    assert problems == []
    assert hub.members[0].localities == ("Tile Hill", "Canley")


def test_an_event_names_a_listed_neighbourhood(hub_tree):
    write(hub_tree, "members/tile-hill-lunch-club.yaml", MEMBER.format(areas="Coventry", localities="Tile Hill"))
    write(hub_tree, "events/christmas-lunch.yaml", """\
        title: Christmas lunch
        start: 2026-12-18 12:00
        end: "14:30"
        organiser: tile-hill-lunch-club
        location: {name: Tile Hill Community Centre, postcode: CV4 9PL}
        localities: [Tile Hil]
        """)
    _, problems = load_hub(hub_tree)
    assert messages(problems) == [
        "events/christmas-lunch.yaml:6: localities[0]: 'Tile Hil' is not a neighbourhood listed in places.yaml "
        "(did you mean \"Tile Hill\"?); the coordinators list each area's neighbourhoods there: ask them to add "
        "it, or fix the spelling"]


def test_area_pages_list_their_neighbourhoods_with_who_works_there():
    hub, _ = load_hub(ROOT)
    coventry = next(listing for listing in directory.by_area(hub) if listing.area.name == "Coventry")
    neighbourhoods = {place.name: [m.slug for m in members] for place, members in coventry.neighbourhoods}
    assert neighbourhoods["Tile Hill"] == ["tile-hill-lunch-club"]
    assert "st-margarets-church-ball-hill" in neighbourhoods["Ball Hill"]
    assert neighbourhoods["Wyken"] == []  # listed in places.yaml; the page shows it only with an event
