"""introductions/*.yaml: checked like profiles (every mistake at once, with its line and a fix),
and counted for the quarterly report (`introduction_counts`)."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from conftest import ROOT, copy_of_repository, load_hub
from hub.matching.introductions import IntroductionCounts, introduction_counts

NOW = "2026-11-21T12:00:00Z"

CHURCH = """name: Church
summary: A church.
areas: [Coventry]
offers:
  - category: venues
    title: Community room free on Tuesday evenings
"""
CHOIR = """name: Choir
summary: A choir.
areas: [Coventry]
needs:
  - category: venues
    title: A community room for rehearsals on Tuesday evenings
offers:
  - category: arts
    title: Singers for your event
"""
SHED = """name: Shed
summary: A shed.
areas: [Coventry]
needs:
  - category: arts
    title: Singers for our open day
"""


def tree(hub_tree: Path, introductions: dict[str, str]) -> Path:
    for slug, text in (("church", CHURCH), ("choir", CHOIR), ("shed", SHED)):
        (hub_tree / "members" / f"{slug}.yaml").write_text(text, encoding="utf-8")
    (hub_tree / "introductions").mkdir()
    for name, text in introductions.items():
        (hub_tree / "introductions" / f"{name}.yaml").write_text(text, encoding="utf-8")
    return hub_tree


def introduction(need_member="choir", need="A community room for rehearsals on Tuesday evenings",
                 offer_member="church", offer="Community room free on Tuesday evenings", date="2026-10-01",
                 outcome="connected", extra="") -> str:
    return (f"need:\n  member: {need_member}\n  title: {need}\noffer:\n  member: {offer_member}\n  title: {offer}\n"
            f"date: {date}\noutcome: {outcome}\n{extra}")


def problems_of(root: Path) -> list[str]:
    _, problems = load_hub(root, HUB_EVENTS_NOW=NOW)
    return [str(p) for p in problems]


def test_the_example_hubs_introductions_are_valid():
    hub, problems = load_hub(ROOT, HUB_EVENTS_NOW=NOW)
    assert problems == []
    assert len(hub.introductions) >= 3
    assert {i.outcome for i in hub.introductions} == {"connected", "not a fit", "no reply"}


def test_an_introduction_names_a_need_and_an_offer_by_member_and_title(hub_tree):
    hub, problems = load_hub(tree(hub_tree, {"choir-church": introduction()}), HUB_EVENTS_NOW=NOW)
    assert problems == []
    (made,) = hub.introductions
    assert (made.need, made.offer) == (hub.by_slug["choir"].needs[0], hub.by_slug["church"].offers[0])
    assert (made.date, made.outcome, made.source) == (dt.date(2026, 10, 1), "connected",
                                                      "introductions/choir-church.yaml")


def test_titles_are_matched_whatever_their_case(hub_tree):
    hub, problems = load_hub(tree(hub_tree, {"x": introduction(need="a community room for rehearsals on tuesday "
                                                                    "evenings")}), HUB_EVENTS_NOW=NOW)
    assert problems == [] and hub.introductions[0].need == hub.by_slug["choir"].needs[0]


def test_every_mistake_of_a_file_is_reported_at_once_with_a_suggestion(hub_tree):
    text = introduction(need="A community room for rehearsal on Tuesday evenings", offer_member="chruch",
                        outcome="conected")
    assert problems_of(tree(hub_tree, {"typos": text})) == [
        "introductions/typos.yaml:3: need.title: 'A community room for rehearsal on Tuesday evenings' is not one "
        "of Choir's needs (did you mean \"A community room for rehearsals on Tuesday evenings\"?); copy the title "
        "from members/choir.yaml",
        "introductions/typos.yaml:5: offer.member: 'chruch' is not a member (did you mean \"church\"?); use the "
        "file name of a profile in members/ without '.yaml'",
        "introductions/typos.yaml:8: outcome: 'conected' is not allowed (did you mean \"connected\"?); use one of: "
        "connected, not a fit, no reply",
    ]


def test_a_member_without_needs_or_offers_and_an_unknown_field(hub_tree):
    text = introduction(need_member="church", need="Anything", offer_member="shed", offer="Tools",
                        extra="by: Sam\n")
    assert problems_of(tree(hub_tree, {"wrong-way": text})) == [
        "introductions/wrong-way.yaml:3: need.title: Church (church) lists no needs; check the member, or add the "
        "need to members/church.yaml",
        "introductions/wrong-way.yaml:6: offer.title: Shed (shed) lists no offers; check the member, or add the "
        "offer to members/shed.yaml",
        "introductions/wrong-way.yaml:9: by: unknown field; the allowed fields are: need, offer, date, outcome, notes",
    ]


def test_a_title_that_is_nothing_like_lists_the_members_items(hub_tree):
    text = introduction(offer_member="choir", offer="Bell ringing", need_member="shed",
                        need="Singers for our open day")
    assert problems_of(tree(hub_tree, {"x": text})) == [
        "introductions/x.yaml:6: offer.title: 'Bell ringing' is not one of Choir's offers; its offers are: "
        "\"Singers for your event\"; copy the title from members/choir.yaml"]


def test_dates_must_be_real_and_past(hub_tree):
    root = tree(hub_tree, {"impossible": introduction(date="2026-02-30"), "future": introduction(date="2027-01-05")})
    assert problems_of(root) == [
        "introductions/future.yaml:7: date: 2027-01-05 is in the future; write the day the introduction was made",
        "introductions/impossible.yaml:7: date: '2026-02-30' is not a real date; write it as YYYY-MM-DD",
    ]


def test_one_file_per_pair_and_between_two_members(hub_tree):
    root = tree(hub_tree, {"first": introduction(), "second": introduction(outcome="no reply"),
                           "self": introduction(need_member="choir", offer_member="choir",
                                                offer="Singers for your event")})
    assert problems_of(root) == [
        "introductions/second.yaml:1: need: this need and offer were already introduced in "
        "introductions/first.yaml; keep one file per pair and update its outcome",
        "introductions/self.yaml:5: offer.member: is the member with the need; an introduction is between two "
        "members",
    ]


def test_an_invalid_introduction_stops_the_build_like_any_mistake(hub_tree, tmp_path):
    from conftest import run_pelican

    root = tree(hub_tree, {"typo": introduction(outcome="done")})
    result = run_pelican(root, tmp_path / "out")
    assert result.returncode == 1
    assert ("introductions/typo.yaml:8: outcome: 'done' is not allowed; use one of: connected, not a fit, no reply"
            in result.stdout + result.stderr)
    assert not (tmp_path / "out" / "index.html").exists()


def test_introduction_counts_for_the_quarterly_report(hub_tree):
    root = tree(hub_tree, {
        "a": introduction(date="2026-07-02"),
        "b": introduction(need_member="shed", need="Singers for our open day", offer_member="choir",
                          offer="Singers for your event", date="2026-08-20", outcome="not a fit"),
    })
    hub, problems = load_hub(root, HUB_EVENTS_NOW=NOW)
    assert problems == []
    assert introduction_counts(hub) == IntroductionCounts(made=2, connected=1, not_a_fit=1, no_reply=0,
                                                          members_introduced=3, members_connected=2, members=3,
                                                          share_connected=2 / 3)
    july = introduction_counts(hub, dt.date(2026, 7, 1), dt.date(2026, 7, 31))
    assert (july.made, july.connected, july.members_connected) == (1, 1, 2)
    assert introduction_counts(hub, dt.date(2026, 9, 1), dt.date(2026, 9, 30)).made == 0


def test_invoke_new_introduction_writes_a_file_that_validates_and_refuses_a_typo(tmp_path):
    import subprocess
    import sys

    tree = tmp_path / "hub"
    copy_of_repository(tree)
    run = lambda *args: subprocess.run([sys.executable, "-m", "invoke", *args], cwd=tree,
                                       capture_output=True, text=True)
    need = ("--need-member", "storytelling-table", "--need",
            "Lunch clubs and day centres that would like to host a six-week block")
    made = run("new-introduction", *need, "--offer-member", "good-neighbours-befriending", "--offer",
               "A volunteer to go along with older people trying a new group for the first time",
               "--outcome", "connected", "--date", "20/11/2026")  # a date as written in the UK
    assert made.returncode == 0, made.stdout + made.stderr
    written = tree / "introductions" / "2026-11-20-storytelling-table-good-neighbours-befriending.yaml"
    assert "outcome: connected" in written.read_text(encoding="utf-8")
    assert run("validate").returncode == 0
    refused = run("new-introduction", *need, "--offer-member", "good-neighbours-befriending", "--offer",
                  "A volunter to go along", "--date", "2026-11-19")
    assert refused.returncode == 1
    assert ("introductions/2026-11-19-storytelling-table-good-neighbours-befriending.yaml:6: offer.title: "
            "'A volunter to go along' is not one of") in refused.stderr
    assert not (tree / "introductions" / "2026-11-19-storytelling-table-good-neighbours-befriending.yaml").exists()
