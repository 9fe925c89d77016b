"""Each member's Atom feed of matches: valid Atom, and stable from build to build, so a feed reader
shows an entry as new only when the pair is."""
from __future__ import annotations

import feedparser

from conftest import hub_settings, load_hub
from hub.matching.feed import UNDATED, member_feed
from hub.matching.matcher import match_hub

CHURCH = """name: Church
summary: A church.
areas: [Coventry]
updated: 2026-09-01
offers:
  - category: venues
    title: Community room free on Tuesday evenings
"""
CHOIR = """name: Choir
summary: A choir.
areas: [Coventry]
joined: 2026-10-10
needs:
{needs}"""
NEEDS = ["  - category: equipment\n    title: A piano to borrow\n",
         "  - category: venues\n    title: A community room for rehearsals on Tuesday evenings\n"]


def write(tree, needs):
    (tree / "members" / "church.yaml").write_text(CHURCH, encoding="utf-8")
    (tree / "members" / "choir.yaml").write_text(CHOIR.format(needs="".join(needs)), encoding="utf-8")


def feed_of(tree, slug: str, now: str) -> bytes:
    hub, problems = load_hub(tree, HUB_EVENTS_NOW=now)
    assert problems == []
    return member_feed(hub, match_hub(hub), hub.by_slug[slug], hub_settings(tree, HUB_EVENTS_NOW=now)).encode()


def test_the_feed_is_valid_atom_with_one_entry_per_suggestion(hub_tree):
    write(hub_tree, NEEDS)
    parsed = feedparser.parse(feed_of(hub_tree, "choir", "2026-11-21"))
    assert not parsed.bozo
    (entry,) = parsed.entries
    assert entry.title.endswith("“Community room free on Tuesday evenings” (Church) for your need “A community "
                                "room for rehearsals on Tuesday evenings”")
    assert entry.id == ("tag:hub.coalition.example.org,2026:match/choir/a-community-room-for-rehearsals-on-tuesday-"
                        "evenings/church/community-room-free-on-tuesday-evenings")
    assert entry.updated == "2026-10-10T00:00:00+00:00"  # the later of the two members' dates
    assert entry.link == "https://hub.coalition.example.org/members/church/#offer-1"


def test_the_feed_does_not_change_with_the_day_of_the_build_nor_when_needs_are_reordered(hub_tree):
    write(hub_tree, NEEDS)
    first = feed_of(hub_tree, "church", "2026-11-21")
    assert feed_of(hub_tree, "church", "2027-02-01") == first
    write(hub_tree, list(reversed(NEEDS)))
    reordered = feedparser.parse(feed_of(hub_tree, "church", "2026-11-21"))
    assert [e.id for e in reordered.entries] == [e.id for e in feedparser.parse(first).entries]


def test_an_empty_feed_is_dated_by_its_member_not_by_the_build(hub_tree):
    write(hub_tree, NEEDS[:1])
    parsed = feedparser.parse(feed_of(hub_tree, "church", "2026-11-21"))
    assert not parsed.bozo and parsed.entries == []
    assert parsed.feed.updated == "2026-09-01T00:00:00+00:00"
    assert UNDATED.year == 2000
