"""The seven keys as a series in the built example hub: an index page in order, "Part 3 of 7",
previous and next, each key's post listing the members and events that practise it, and member and
event pages linking back; links written {member}slug and {event}slug become those pages' addresses."""
from __future__ import annotations

import re

from conftest import ROOT, load_hub

HUB, _ = load_hub(ROOT)
KEYS = [key.key for key in HUB.publishing.series_by_slug["seven-keys"].keys]
HUB_EVENTS = {e.slug: (e.title.casefold(), e.slug) for e in HUB.events}  # how a key's post orders events


def page(site, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


def main(html: str) -> str:
    return html[html.index("<main"):html.index("</main>")]


def test_the_series_index_lists_its_parts_in_order(site):
    html = main(page(site, "learning/series/seven-keys"))
    assert "<h1>The seven keys to unlocking connection</h1>" in html
    assert 'Start with the introduction: <a href="../../../learning/seven-keys-to-unlocking-connection/">' in html
    parts = re.findall(r'<li value="(\d)">\s*<h3><a href="\.\./\.\./\.\./learning/([a-z-]+)/">', html)
    assert parts == [(str(n), f"seven-keys-{key}") for n, key in enumerate(KEYS, start=1)]


def test_a_part_says_where_it_stands_and_links_the_parts_either_side(site):
    html = main(page(site, "learning/seven-keys-small-things"))
    assert '<p class="series-place"><strong>Part 3 of 7</strong> in the series <a href="../../learning/series/' \
           'seven-keys/">The seven keys to unlocking connection</a></p>' in html
    assert '<a href="../../learning/seven-keys-activity/" rel="prev"><span class="series-direction">Previous</span> ' \
           'Key 2: Consider your activity</a>' in html
    assert '<a href="../../learning/seven-keys-together-organisations/" rel="next">' in html
    first, last = main(page(site, "learning/seven-keys-to-unlocking-connection")), main(page(site, "learning/seven-keys-barriers"))
    assert "<strong>Introduction to a series of 7</strong>" in first and 'rel="prev"' not in first
    assert "<strong>Part 7 of 7</strong>" in last and 'rel="next"' not in last


def test_each_keys_post_lists_who_practises_it(site):
    for key in KEYS:
        html = main(page(site, f"learning/seven-keys-{key}"))
        members = [m for m in HUB.members if key in m.keys]
        events = [e for e in HUB.events if key in e.keys]
        listed = re.findall(r'<li><a href="\.\./\.\./members/([a-z0-9-]+)/">', html)
        assert listed == [m.slug for m in members], key
        assert re.findall(r'<li><a href="\.\./\.\./events/([a-z0-9-]+)/">', html) == \
            sorted((e.slug for e in events), key=lambda slug: HUB_EVENTS[slug]), key
    space = main(page(site, "learning/seven-keys-space"))
    assert "<h2 id=\"practice\">Who practises “Consider your space”</h2>" in space
    assert "Earlsdon Men&#39;s Shed open day</a>: next on Saturday 5 December 2026, 10am to 3pm (GMT) (cancelled)" \
        in space



def test_members_and_events_link_the_keys_they_practise(site):
    member = main(page(site, "members/tile-hill-lunch-club"))
    section = member[member.index('<section aria-labelledby="member-keys">'):]
    assert re.findall(r'<li><a href="\.\./\.\./learning/seven-keys-([a-z-]+)/">', section)[:3] == \
        ["space", "small-things", "time"]
    event = main(page(site, "events/digital-drop-in"))
    assert '<a href="../../learning/seven-keys-barriers/">Identify barriers to participation and how to overcome ' \
           'them</a>' in event


def test_the_learning_page_lists_the_series(site):
    html = main(page(site, "learning"))
    assert '<a href="../learning/series/seven-keys/">The seven keys to unlocking connection</a>: 7 parts.' in html


def test_member_and_event_links_in_a_post_become_their_pages(site):
    html = main(page(site, "reports/quarterly-report-2026-q4"))
    assert '<a href="../../members/cardiff-cuppa-club/" data-print-href="https://hub.coalition.example.org/members/' \
           'cardiff-cuppa-club/">Cardiff Cuppa Club</a>' in html
    assert '<a href="../../events/digital-drop-in/" data-print-href=' in html
    assert "{member}" not in html and "{event}" not in html


def test_members_json_carries_the_keys(site):
    import json

    members = json.loads((site / "members.json").read_text(encoding="utf-8"))["members"]
    assert {m["slug"]: m["keys"] for m in members}["earlsdon-mens-shed"] == ["activity", "space"]
