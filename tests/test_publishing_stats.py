"""The hub's own numbers for a quarter, from its files and git's history: members at the start and
end, who joined and left, profiles updated, offers and needs (and their change), events held,
matches and unmet needs. Without git, or in a shallow clone, what cannot be known is said so.
Git repositories here are made in tmp folders with fixed dates."""
from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import NOW, ROOT, copy_of_repository, hub_settings, load_hub
from hub.publishing import stats
from hub.publishing.history import read_history
from hub.publishing.periods import Period

PROFILE = """name: {name}
summary: A group in the tests.
areas: [Coventry]
{extra}offers:
  - category: venues
    title: A hall on {day}s
needs:
  - category: {need}
    title: Help with {need}
"""


def write_member(root: Path, slug: str, name: str, extra: str = "", need: str = "volunteers", day: str = "Monday"):
    (root / "members" / f"{slug}.yaml").write_text(PROFILE.format(name=name, extra=extra, need=need, day=day),
                                                   encoding="utf-8")


def git(root: Path, *args: str, when: str | None = None) -> None:
    env = {"PATH": os.environ["PATH"], "HOME": str(root), "GIT_CONFIG_NOSYSTEM": "1",
           "GIT_AUTHOR_NAME": "Coordinator", "GIT_AUTHOR_EMAIL": "c@example.org",
           "GIT_COMMITTER_NAME": "Coordinator", "GIT_COMMITTER_EMAIL": "c@example.org"}
    if when:
        env |= {"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)


def commit(root: Path, when: str, message: str) -> None:
    git(root, "add", "-A", when=when)
    git(root, "commit", "-q", "-m", message, when=when)


@pytest.fixture
def history_tree(hub_tree):
    """A hub whose members/ has a history: one profile before the history starts, one that joins
    in February, is changed and leaves in May, one added in August without a `joined` date."""
    git(hub_tree, "init", "-q", "-b", "main")
    write_member(hub_tree, "old-friends", "Old Friends", "joined: 2020-01-01\n")
    commit(hub_tree, "2025-12-01T10:00:00+00:00", "The hub's first profiles")
    write_member(hub_tree, "brief-visitors", "Brief Visitors", "joined: 2026-02-05\n")
    commit(hub_tree, "2026-02-05T10:00:00+00:00", "Brief Visitors join")
    write_member(hub_tree, "old-friends", "Old Friends", "joined: 2020-01-01\n", need="funding")
    commit(hub_tree, "2026-02-20T10:00:00+00:00", "Old Friends need funding now")
    (hub_tree / "members" / "brief-visitors.yaml").unlink()
    commit(hub_tree, "2026-05-02T10:00:00+00:00", "Brief Visitors leave")
    write_member(hub_tree, "newcomers", "Newcomers", day="Friday")
    commit(hub_tree, "2026-08-01T10:00:00+00:00", "Newcomers join")
    return hub_tree


def numbers(root: Path, period: str, now: str = NOW, names=None):
    hub, problems = load_hub(root)
    assert problems == []
    return stats.period_numbers(hub, hub_settings(root, HUB_EVENTS_NOW=now), Period.parse(period), names)


def section(result, name: str) -> stats.Section:
    return next(s for s in result.sections if s.name == name)


def test_members_at_the_start_and_end_joined_and_left_come_from_joined_dates_and_git(history_tree):
    members = section(numbers(history_tree, "2026-Q1"), "members")
    assert members.rows == (("Members at the start (1 January 2026)", "1"), ("Members at the end (31 March 2026)", "2"),
                            ("Joined during the quarter", "1"), ("Left during the quarter", "0"))
    assert members.notes == ("Joined: brief-visitors (profile since removed).",)
    # Brief Visitors' file is gone from the tree: only git knows it was a member in March.
    assert section(numbers(history_tree, "2026-Q2"), "members").rows == (
        ("Members at the start (1 April 2026)", "2"), ("Members at the end (30 June 2026)", "1"),
        ("Joined during the quarter", "0"), ("Left during the quarter", "1"))
    q3 = section(numbers(history_tree, "2026-Q3"), "members")
    assert q3.rows[:3] == (("Members at the start (1 July 2026)", "1"), ("Members at the end (30 September 2026)", "2"),
                           ("Joined during the quarter", "1"))
    assert q3.notes == ("Joined: Newcomers.",)  # no `joined`: the day git added its file
    assert (q3.figures[0].before, q3.figures[0].after) == (1, 2)


def test_profiles_updated_count_changes_git_recorded(history_tree):
    assert section(numbers(history_tree, "2026-Q1"), "profiles").rows == (
        ("Profiles updated or checked during the quarter", "1"),)  # Old Friends, changed on 20 February


def test_offers_and_needs_are_those_at_the_end_of_the_quarter_with_the_change(history_tree):
    q1 = section(numbers(history_tree, "2026-Q1"), "offers-and-needs")
    (table,) = q1.tables
    assert table.columns == ("Category", "Offers", "Needs", "Change in offers", "Change in needs")
    assert table.rows == (("Venues and space", "2", "0", "+1", "no change"),
                          ("Volunteers", "0", "1", "no change", "no change"), ("Funding", "0", "1", "no change", "+1"),
                          ("All categories", "2", "2", "+1", "+1"))
    assert q1.rows == (("Offers of support", "2"), ("Needs for support", "2"))


def test_the_profiles_of_a_day_are_read_back_from_git(history_tree):
    history = read_history(history_tree, "members", hub_settings(history_tree).zone)
    assert history.available and history.start == dt.date(2025, 12, 1)
    assert sorted(history.snapshot(dt.date(2026, 3, 31))) == ["brief-visitors.yaml", "old-friends.yaml"]
    assert history.snapshot(dt.date(2025, 11, 30)) is None  # before the history: not known
    files = history.files()
    assert files["old-friends"].added is None  # in the first commit: there before the history began
    assert (files["brief-visitors"].added, files["brief-visitors"].removed) == (dt.date(2026, 2, 5),
                                                                                dt.date(2026, 5, 2))
    assert files["old-friends"].changed == [dt.date(2026, 2, 20)]


def test_without_git_what_needs_history_is_not_known_and_says_why(hub_tree):
    write_member(hub_tree, "old-friends", "Old Friends", "joined: 2020-01-01\n")
    write_member(hub_tree, "undated", "Undated Group")
    result = numbers(hub_tree, "2026-Q1")
    members = section(result, "members")
    assert members.rows == (("Members at the start (1 January 2026)", "1"), ("Members at the end (31 March 2026)", "1"),
                            ("Joined during the quarter", "0"))
    assert members.notes == ()  # for readers; what a coordinator can fix is told by report-stats only
    assert members.caveats == (
        "1 profile with no `joined` date and no history (Undated Group) is not counted: add `joined:`.",
        "Members who left are not known: there is no git history here (git is not installed, or this copy of the "
        "hub is not a git repository).")
    assert "Undated Group" not in str(stats.html(result)) and "Undated Group" in stats.text(result)
    assert section(result, "offers-and-needs").unknown == (
        "the profiles as they were on 31 March 2026 are not known: there is no git history here (git is not "
        "installed, or this copy of the hub is not a git repository)")
    printed = stats.text(result)
    assert "Offers and needs by category\n----------------------------\n  Not known: the profiles as they were on " \
           "31 March 2026 are not known" in printed
    html = str(stats.html(result))
    assert "Not shown, because the hub's records cannot say for January to March 2026: profiles kept up to " \
           "date, offers and needs by category, matching, biggest unmet needs." in html


def test_the_quarter_under_way_uses_todays_profiles_and_says_so_far(hub_tree):
    write_member(hub_tree, "old-friends", "Old Friends", "joined: 2020-01-01\n", need="transport")
    result = numbers(hub_tree, "2026-Q4")
    assert result.ongoing
    assert section(result, "members").rows[1] == ("Members at the end (21 November 2026, so far)", "1")
    assert section(result, "offers-and-needs").tables[0].rows[-1] == ("All categories", "1", "1")
    assert section(result, "matches").rows[0] == ("Suggested matches between a need and an offer", "0")
    assert section(result, "unmet-needs").tables[0].rows == (("Transport", "1", "1"),)


def test_a_shallow_clone_says_where_its_history_starts(history_tree, tmp_path):
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{history_tree}", str(clone)], check=True,
                   capture_output=True)
    shutil.copy(history_tree / "categories.yaml", clone / "categories.yaml")
    (clone / "events").mkdir(exist_ok=True)
    result = numbers(clone, "2026-Q2")
    assert section(result, "offers-and-needs").unknown == (
        "the profiles as they were on 30 June 2026 are not known: this is a shallow clone: its history starts on "
        "2026-08-01 (`git fetch --unshallow` fetches the rest)")


def test_events_held_count_the_dates_of_the_quarter_by_category_and_organiser():
    result = numbers(ROOT, "2026-Q4", names=("events",))
    (events,) = result.sections
    assert events.rows[0] == ("Event dates held so far", "21")
    organisers = dict(events.tables[1].rows)
    assert organisers["Coventry Digital Inclusion Hub"] == "7"  # the weekly drop-in, 7 Oct to 18 Nov
    assert sum(int(n) for n in organisers.values()) == 21


def test_a_new_kind_of_number_is_one_provider(hub_tree, monkeypatch):
    """How issue 12's introductions (or anything else) slot in: register a provider."""
    monkeypatch.setattr(stats, "PROVIDERS", dict(stats.PROVIDERS))

    @stats.provider("introductions", "Introductions")
    def introductions(context):
        return stats.Section("introductions", "Introductions", (("Introductions made", "3"),), source="introductions/")

    write_member(hub_tree, "old-friends", "Old Friends", "joined: 2020-01-01\n")
    result = numbers(hub_tree, "2026-Q4", names=("introductions",))
    assert [s.title for s in result.sections] == ["Introductions"]
    assert "Introductions made  3" in stats.text(result)


def test_invoke_report_stats_prints_the_numbers(tmp_path):
    tree = tmp_path / "hub"
    copy_of_repository(tree)
    run = subprocess.run([sys.executable, "-m", "invoke", "report-stats", "2022-Q2", "--section", "members"],
                         cwd=tree, capture_output=True, text=True, env={**os.environ, "HUB_EVENTS_NOW": NOW})
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("The hub's numbers for 2022-Q2 (April to June 2022)\n\nMembers\n-------\n"
                                 "  Members at the start (1 April 2022)  25\n  Members at the end (30 June 2022)    29\n"
                                 "  Joined during the quarter            4\n")
    wrong = subprocess.run([sys.executable, "-m", "invoke", "report-stats", "2022-Q5"], cwd=tree, capture_output=True,
                           text=True)
    assert wrong.returncode == 1 and "'2022-Q5' is not a quarter" in wrong.stderr


def test_the_report_shows_the_numbers_the_task_prints(site):
    page = (site / "reports" / "quarterly-report-2026-q4" / "index.html").read_text(encoding="utf-8")
    hub, _ = load_hub(ROOT)
    result = stats.period_numbers(hub, hub_settings(ROOT, HUB_EVENTS_NOW=NOW), Period(2026, 4),
                                  ("members", "profiles", "events"))
    for item in result.sections:
        for what, number in item.rows:
            assert f'<tr><th scope="row">{what}</th><td>{number}</td></tr>' in page, what
    assert "Members at the end (21 November 2026, so far)" in page
    assert '<h3 id="numbers-unmet-needs">Biggest unmet needs</h3>' in page


def test_a_quarter_that_has_not_started_has_no_numbers_yet(hub_tree):
    write_member(hub_tree, "old-friends", "Old Friends", "joined: 2020-01-01\n")
    result = numbers(hub_tree, "2027-Q2")
    assert {s.unknown for s in result.sections} == {"2027-Q2 (April to June 2027) has not started yet"}
    assert len(result.sections) == len(stats.PROVIDERS)
