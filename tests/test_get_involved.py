"""Get involved: the public finds members' requests for time, things and rooms in plain words, with
where and how to offer (core/involvement.py, /get-involved/), linked from the home page."""
from __future__ import annotations

import re
from html import unescape

from conftest import ROOT, load_hub
from hub.core.involvement import ANYWHERE, WAYS, involvements

HUB, _ = load_hub(ROOT)
BY_SLUG = {involvement.way.slug: involvement for involvement in involvements(HUB)}


def titles(slug: str) -> set[str]:
    return {item.title for _, item in BY_SLUG[slug].needs}


def test_every_need_for_volunteers_is_a_way_to_volunteer():
    asked = {item.title for member in HUB.members for item in member.needs if item.category == "volunteers"}
    assert len({m.slug for m in HUB.members for i in m.needs if i.category == "volunteers"}) == 13  # the issue
    assert asked <= titles("volunteer")
    # Other categories' needs that ask for people's time count too; those that ask for things do not.
    assert "A Welsh-speaking volunteer to co-host once a month" in titles("volunteer")
    assert "Mentors for young refugees looking for their first job in the UK" in titles("volunteer")
    assert "Tablets so housebound members can video-call their befrienders" not in titles("volunteer")


def test_things_and_rooms_are_ways_too():
    assert {"Two or three laptops for our job club", "A second-hand chest freezer in working order"} <= titles("donate")
    assert "Digital skills help for tenants who want to get online" not in titles("donate")
    assert "A room for our weekly peer group on Tuesday evenings" in titles("space")


def test_requests_are_grouped_by_place_and_those_met_from_anywhere_last():
    volunteer = BY_SLUG["volunteer"]
    places = [place for place, _ in volunteer.by_area]
    assert places[-1] == ANYWHERE and places[:-1] == sorted(places[:-1], key=str.casefold)
    anywhere = dict(volunteer.by_area)[ANYWHERE]
    assert "Volunteer callers who can commit to an hour a week for six months" in {i.title for _, i in anywhere}


def test_a_way_no_need_calls_for_has_no_page(hub_tree):
    (hub_tree / "members" / "a.yaml").write_text(
        "name: A\nsummary: A group.\nareas: [Coventry]\nneeds:\n  - category: venues\n    title: A hall\n")
    hub, problems = load_hub(hub_tree)
    assert problems == [] and [i.way.slug for i in involvements(hub)] == ["space"]


def test_pages_say_what_where_and_how_to_offer(site):
    page = unescape((site / "get-involved" / "volunteer" / "index.html").read_text(encoding="utf-8"))
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))
    # Public contact: the member's own number; private: the coordinators introduce you.
    assert "Volunteer drivers aged 25 or over with a clean licence" in text
    assert "How to offer: call Keith Barnes on 024 7618 0522 or email bookings@whitleyminibus.example.org" in text
    assert ("How to offer: email the coordinators at hello@coalition.example.org , who will introduce you to "
            "Tile Hill Friday Lunch Club") in text
    assert "For Tile Hill Friday Lunch Club (Tile Hill, Canley)" in text
    for way in WAYS:
        assert (site / way.url / "index.html").is_file()


def test_the_home_page_links_each_way(site):
    home = (site / "index.html").read_text(encoding="utf-8")
    for way in WAYS:
        assert f'href="./{way.url}"' in home, way.slug
    assert re.search(r">Volunteer with a member</a> <span class=\"meta\">\(17\)</span>", home)
