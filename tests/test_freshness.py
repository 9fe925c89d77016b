"""Keeping profiles fresh: `reviewed` and `until`, `invoke stale`, and offers and needs past their
day leaving every page, match and export while staying in the file."""
from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys

from test_generators import run_steps

from conftest import NOW, ROOT, hub_settings, load_hub
from hub.core.freshness import stale_report, stale_summary

# NOW is 2026-11-21: the hall's last day has passed, the minibus's last day is today.
LUNCH_CLUB = """\
name: Tile Hill Lunch Club
summary: A hot lunch every Friday.
areas: [Coventry]
updated: 2025-06-01
reviewed: 2025-11-22
offers:
  - category: venues
    title: Our hall on Tuesday mornings
    until: 2026-11-20
  - category: food
    title: Friday lunch for older neighbours
needs:
  - category: transport
    title: A minibus for the Christmas outing
    until: 2026-11-21
  - category: volunteers
    title: Christmas card writers
    until: 2026-11-01
"""
WALKERS = """\
name: Leeds Walking Buddies
summary: Walks in pairs, for company.
areas: [Leeds]
offers:
  - category: transport
    title: Lifts to the hall in our minibus
"""
RECENT = """\
name: Ball Hill Organisers
summary: Residents acting on what matters locally.
areas: [Coventry]
reviewed: 2026-10-02
needs:
  - category: venues
    title: A hall on Tuesday mornings
"""


def fresh_tree(hub_tree):
    for slug, text in (("tile-hill-lunch-club", LUNCH_CLUB), ("leeds-walking-buddies", WALKERS),
                       ("ball-hill-organisers", RECENT)):
        (hub_tree / "members" / f"{slug}.yaml").write_text(text, encoding="utf-8")
    return hub_tree


def test_offers_and_needs_past_their_day_are_set_aside_on_loading(hub_tree):
    hub, problems = load_hub(fresh_tree(hub_tree), HUB_EVENTS_NOW=NOW)
    assert problems == []
    club = hub.by_slug["tile-hill-lunch-club"]
    assert [item.title for item in club.offers] == ["Friday lunch for older neighbours"]
    assert [item.title for item in club.needs] == ["A minibus for the Christmas outing"]  # its last day: today
    assert [(item.kind, item.title) for item in club.expired] == [
        ("offer", "Our hall on Tuesday mornings"), ("need", "Christmas card writers")]
    assert [item.anchor for item in club.offers] == ["offer-2"]  # anchors keep their place in the file
    assert club.last_confirmed.isoformat() == "2025-11-22"  # the later of reviewed and updated


def test_stale_lists_unconfirmed_profiles_and_past_items_on_their_lines(hub_tree):
    settings = hub_settings(fresh_tree(hub_tree), HUB_EVENTS_NOW=NOW)
    hub, _ = load_hub(hub_tree, HUB_EVENTS_NOW=NOW)
    problems = stale_report(hub, settings, months=12)
    assert [str(p) for p in problems] == [
        "members/leeds-walking-buddies.yaml:1: reviewed: never confirmed (no 'reviewed' or 'updated' date); ask "
        "the member to check the whole profile, then set 'reviewed: 2026-11-21' (the day they confirmed it)",
        "members/tile-hill-lunch-club.yaml:9: offers[0].until: 'Our hall on Tuesday mornings' ended on 20 November "
        "2026 and is no longer shown; remove it, or give a later 'until' day if it still applies",
        "members/tile-hill-lunch-club.yaml:18: needs[1].until: 'Christmas card writers' ended on 1 November 2026 "
        "and is no longer shown; remove it, or give a later 'until' day if it still applies",
    ]
    assert stale_summary(problems, 12) == ("1 profile(s) to confirm (none in the last 12 months) and 2 offer(s) "
                                           "or need(s) past their 'until' day.")
    older = [str(p) for p in stale_report(hub, settings, months=1) if p.source.endswith("tile-hill-lunch-club.yaml")]
    assert older[0] == ("members/tile-hill-lunch-club.yaml:5: reviewed: last confirmed on 22 November 2025, more "
                        "than 1 month(s) ago; ask the member to check the whole profile, then set 'reviewed: "
                        "2026-11-21' (the day they confirmed it)")


def test_invoke_stale_and_validate_report_past_items_and_exit_0(hub_tree):
    tree = fresh_tree(hub_tree)
    shutil.copy(ROOT / "tasks.py", tree / "tasks.py")
    (tree / "plugins").symlink_to(ROOT / "plugins")
    env = {"PATH": "/usr/bin:/bin", "HUB_EVENTS_NOW": NOW}
    run = lambda *args: subprocess.run([sys.executable, "-m", "invoke", *args], cwd=tree, capture_output=True,
                                       text=True, env=env)
    stale = run("stale", "--months", "12")
    assert stale.returncode == 0, stale.stderr
    assert stale.stdout.splitlines()[-1] == ("1 profile(s) to confirm (none in the last 12 months) and 2 offer(s) "
                                             "or need(s) past their 'until' day.")
    assert stale.stdout.splitlines()[:3] == [
        "Leeds Walking Buddies",
        "  members/leeds-walking-buddies.yaml:1: reviewed: never confirmed (no 'reviewed' or 'updated' date); ask the "
        "member to check the whole profile, then set 'reviewed: 2026-11-21' (the day they confirmed it)",
        "  Who to contact: no contact on record: ask the members who know them, or remove the profile if the group "
        "has closed"]
    validate = run("validate")
    assert validate.returncode == 0, validate.stderr
    assert validate.stdout.splitlines() == [
        "OK: 3 members, 26 categories, 0 events.",
        "Note: 2 offer(s) or need(s) are past their 'until' date and are no longer shown; `invoke stale` lists them."]


def all_matches(output) -> str:
    """matches.json (an index) and the file of each category it lists, as one text."""
    index = (output / "matches.json").read_text(encoding="utf-8")
    return index + "".join((output / entry["url"].lstrip("/")).read_text(encoding="utf-8")
                           for entry in json.loads(index)["categories"])


def test_past_items_leave_the_pages_matching_and_open_data(hub_tree, tmp_path, monkeypatch):
    pages, context = run_steps(fresh_tree(hub_tree), tmp_path / "out", monkeypatch)
    everything = "".join(pages.values())
    matches = all_matches(tmp_path / "out")
    for gone in ("Our hall on Tuesday mornings", "Christmas card writers"):
        assert gone not in everything and gone not in matches
    # members.json keeps them apart, in `ended`, so the profile's editor (/join/) does not drop them.
    club = next(member for member in json.loads((tmp_path / "out" / "members.json").read_text(encoding="utf-8"))
                ["members"] if member["slug"] == "tile-hill-lunch-club")
    assert [item["title"] for item in (*club["offers"], *club["needs"])] == [
        "Friday lunch for older neighbours", "A minibus for the Christmas outing"]
    assert [(item["title"], item["until"]) for item in club["ended"]] == [
        ("Our hall on Tuesday mornings", "2026-11-20"), ("Christmas card writers", "2026-11-01")]
    assert "A minibus for the Christmas outing" in pages["members/tile-hill-lunch-club/index.html"]
    # Without its `until`, the hall meets Ball Hill's need: it was the date that kept it out.
    (hub_tree / "members" / "tile-hill-lunch-club.yaml").write_text(LUNCH_CLUB.replace("    until: 2026-11-20\n", ""))
    run_steps(hub_tree, tmp_path / "again", monkeypatch)
    assert "Our hall on Tuesday mornings" in all_matches(tmp_path / "again")
    assert pages["categories/volunteers/index.html"].count("Christmas card writers") == 0


def test_member_pages_show_when_the_profile_was_last_confirmed(hub_tree, tmp_path, monkeypatch):
    pages, _ = run_steps(fresh_tree(hub_tree), tmp_path / "out", monkeypatch)
    club = pages["members/tile-hill-lunch-club/index.html"]
    assert '<dt>Last confirmed</dt><dd><time datetime="2025-11-22">22 November 2025</time></dd>' in club
    assert 'until <time datetime="2026-11-21">21 November 2026</time>' in club
    assert "Last confirmed" not in pages["members/leeds-walking-buddies/index.html"]


def test_stale_says_who_to_ask_from_the_private_store_with_a_reminder_ready_to_send(hub_tree):
    tree = fresh_tree(hub_tree)
    shutil.copy(ROOT / "tasks.py", tree / "tasks.py")
    (tree / "plugins").symlink_to(ROOT / "plugins")
    store = tree.parent / f"{tree.name}-private" / "contacts"
    store.mkdir(parents=True)
    (store / "leeds-walking-buddies.yaml").write_text("name: Sam Reid\nemail: sam@walk.example.org\n", encoding="utf-8")
    env = {"PATH": "/usr/bin:/bin", "HUB_EVENTS_NOW": NOW}
    stale = subprocess.run([sys.executable, "-m", "invoke", "stale"], cwd=tree, capture_output=True, text=True, env=env)
    assert stale.returncode == 0, stale.stderr
    walkers = stale.stdout.split("\n\nTile Hill Lunch Club\n")[0]
    assert walkers == """\
Leeds Walking Buddies
  members/leeds-walking-buddies.yaml:1: reviewed: never confirmed (no 'reviewed' or 'updated' date); ask the member \
to check the whole profile, then set 'reviewed: 2026-11-21' (the day they confirmed it)
  Who to contact: Sam Reid, sam@walk.example.org (private store)
  Reminder to send:
    Subject: Is your profile on Coalition Hub still right?

    Hello Sam Reid,

    Leeds Walking Buddies has a profile on Coalition Hub: https://hub.coalition.example.org/members/leeds-walking-buddies/
    Nobody has confirmed it since it was added.

    Could you check that it is still right? If it is, just reply to say so. If something has changed, reply with \
what to change, or change it yourself here: https://hub.coalition.example.org/join/?member=leeds-walking-buddies

    Thank you,
    The coordinators of Coalition Hub
    hello@coalition.example.org"""
    merge = subprocess.run([sys.executable, "-m", "invoke", "stale", "--format", "csv"], cwd=tree, capture_output=True,
                           text=True, env=env)
    rows = list(csv.DictReader(io.StringIO(merge.stdout)))
    assert [(row["Member"], row["Email"], row["Contact from"]) for row in rows] == [
        ("Leeds Walking Buddies", "sam@walk.example.org", "private store"), ("Tile Hill Lunch Club", "", "none")]
    # The lunch club was confirmed this year: its reminder is only about what ended.
    assert "Nobody has confirmed" not in rows[1]["Message"] and "last confirmed" not in rows[1]["Message"]
    assert "- Our hall on Tuesday mornings (until 20 November 2026)" in rows[1]["Message"]
