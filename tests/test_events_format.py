"""The event file format: every rule, with the exact message a contributor sees (path:line: field: message).

Each file in fixtures/events/cases/ holds one kind of mistake and, in `# expect:` lines at its end,
exactly what validation prints for it; fixtures/events/valid/ holds the ways of writing that must work.
"""
import datetime as dt
import shutil
import subprocess
import sys
from zoneinfo import ZoneInfo

import pytest
from events_support import FIXTURES, load, tree

from conftest import ROOT, hub_settings

CASES = sorted((FIXTURES / "cases").glob("*.yaml"))
VALID = sorted((FIXTURES / "valid").glob("*.yaml"))


def expected(path):
    return [line.removeprefix("# expect: ") for line in path.read_text().splitlines() if line.startswith("# expect: ")]


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_each_mistake_gives_its_exact_message(case, tmp_path):
    root = tree(tmp_path)
    shutil.copy(case, root / "events" / case.name)
    _, events, problems = load(root)
    assert [str(p) for p in problems] == expected(case)
    assert events == ()  # an event with any mistake is not published


def test_every_case_expects_at_least_one_message():
    assert len(CASES) >= 30
    assert all(expected(case) for case in CASES)


@pytest.mark.parametrize("case", VALID, ids=[v.stem for v in VALID])
def test_valid_ways_of_writing_are_accepted(case, tmp_path):
    root = tree(tmp_path)
    shutil.copy(case, root / "events" / case.name)
    _, events, problems = load(root)
    assert problems == [] and len(events) == 1


def _one(tmp_path, name):
    root = tree(tmp_path)
    shutil.copy(FIXTURES / "valid" / f"{name}.yaml", root / "events" / f"{name}.yaml")
    return load(root)[1][0]


def test_end_time_alone_is_the_same_day_quoted_or_not(tmp_path):
    quoted = _one(tmp_path / "a", "same-day-end-time")
    unquoted = _one(tmp_path / "b", "unquoted-end-time")
    assert quoted.end == unquoted.end == dt.datetime(2026, 12, 17, 20, 0)


def test_duration_sets_the_end(tmp_path):
    assert _one(tmp_path, "duration-words").end == dt.datetime(2026, 12, 17, 20, 0)


def test_all_day_end_is_the_last_day_included(tmp_path):
    event = _one(tmp_path, "all-day-weekend")
    assert event.all_day and event.start == dt.date(2027, 6, 19)
    assert event.end == dt.date(2027, 6, 21)  # exclusive, as DTEND;VALUE=DATE wants
    assert event.last_day == dt.date(2027, 6, 20)


def test_all_day_without_end_lasts_one_day(tmp_path):
    event = _one(tmp_path, "all-day-single")
    assert event.end - event.start == dt.timedelta(days=1)


def test_timezone_defaults_to_the_hub_and_can_be_named(tmp_path):
    assert _one(tmp_path / "a", "same-day-end-time").timezone == "Europe/London"
    assert _one(tmp_path / "b", "other-timezone").timezone == "America/New_York"


def test_repeat_may_be_written_as_the_rule_alone(tmp_path):
    event = _one(tmp_path, "repeat-shorthand")
    assert event.repeat.rule.text == "FREQ=MONTHLY;BYDAY=1SA;UNTIL=20270630"
    assert event.location.geo == (52.4113, -1.4855)


def test_uid_comes_from_the_file_name_and_the_hub_domain(tmp_path):
    event = _one(tmp_path, "same-day-end-time")
    assert event.uid == "same-day-end-time@hub.coalition.example.org"


def test_file_names_must_be_slugs_and_not_the_hubs_own_pages(tmp_path):
    root = tree(tmp_path)
    valid = (FIXTURES / "valid" / "same-day-end-time.yaml").read_text()
    (root / "events" / "Evening Meeting.yaml").write_text(valid)
    (root / "events" / "past.yaml").write_text(valid)
    (root / "events" / "notes.md").write_text("# notes")
    (root / "events" / "README.md").write_text("Not an event")
    (root / "events" / ".sequence.json").write_text("{}")
    _, events, problems = load(root)
    assert [str(p) for p in problems] == [
        "events/Evening Meeting.yaml:1: (file name): 'Evening Meeting.yaml' is not a valid slug; the file name "
        "must be lowercase letters, digits and single hyphens, e.g. 'evening-meeting.yaml'",
        "events/notes.md:1: (file name): 'notes.md' is not a .yaml file; write each event as YAML in a file named "
        "like 'notes.yaml' (see docs/events.md)",
        "events/past.yaml:1: (file name): 'past' is used by the hub's own pages (events/past/); choose another "
        "file name, e.g. 'past-event.yaml'",
    ]
    assert events == ()


def test_all_mistakes_of_all_files_are_reported_in_one_run(tmp_path):
    root = tree(tmp_path)
    for case in CASES[:10]:
        shutil.copy(case, root / "events" / case.name)
    _, _, problems = load(root)
    assert [str(p) for p in problems] == [line for case in CASES[:10] for line in expected(case)]


def _validate(root):
    return subprocess.run([sys.executable, "-m", "hub.core.validate", str(root)], capture_output=True, text=True,
                          env={"PYTHONPATH": str(ROOT / "plugins"), "PATH": "/usr/bin:/bin"})


def test_validate_reports_member_and_event_problems_together_and_exits_1(tmp_path):
    root = tree(tmp_path)
    (root / "members" / "broken.yaml").write_text("name: Broken\nareas: [Coventry]\n")
    shutil.copy(FIXTURES / "cases" / "unknown-organiser.yaml", root / "events" / "unknown-organiser.yaml")
    result = _validate(root)
    assert result.returncode == 1
    assert result.stderr == (
        "events/unknown-organiser.yaml:4: organiser: 'ball-hill-organiser' is not a member (did you mean "
        "\"ball-hill-organisers\"?); use the file name of a profile in members/ without '.yaml'\n"
        "members/broken.yaml:1: summary: is required: One plain-text sentence about what the member does\n"
        "2 problem(s) found.\n")
    assert "Traceback" not in result.stdout + result.stderr


def test_an_organiser_whose_profile_has_mistakes_still_counts_as_a_member(tmp_path):
    """The organiser check is against the files in members/, so a broken profile gives one message
    (about the profile), not a second, misleading one about the event."""
    root = tree(tmp_path)
    (root / "members" / "ball-hill-organisers.yaml").write_text("name: Ball Hill\nareas: [Coventry]\n")
    shutil.copy(FIXTURES / "valid" / "same-day-end-time.yaml", root / "events" / "meeting.yaml")
    _, _, problems = load(root)
    assert [p.source for p in problems] == ["members/ball-hill-organisers.yaml"]


def test_validate_counts_the_events(tmp_path):
    root = tree(tmp_path)
    for case in VALID:
        shutil.copy(case, root / "events" / case.name)
    result = _validate(root)
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"OK: 3 members, {len(load(root)[0].vocabulary)} categories, {len(VALID)} events.\n"


def test_a_time_in_the_autumn_overlap_is_accepted_as_the_first_one(tmp_path):
    root = tree(tmp_path, {"night": (FIXTURES / "valid" / "same-day-end-time.yaml").read_text()
                           .replace("2026-12-17 18:30", "2027-10-31 01:30").replace('"20:00"', '"01:45"')})
    event = load(root)[1][0]
    from hub.events.catalogue import occurrences
    occ = occurrences(event)[0]
    assert occ.start.utcoffset() == dt.timedelta(hours=1)  # 01:30 BST, the first of the two
    assert occ.start.tzinfo == ZoneInfo("Europe/London")


def test_a_wrong_now_setting_is_reported_not_a_traceback(tmp_path):
    from hub.core.settings import SettingsError

    root = tree(tmp_path)
    with pytest.raises(SettingsError) as raised:
        hub_settings(root, HUB_EVENTS_NOW="yesterday")
    assert [str(p) for p in raised.value.problems] == [
        "(settings):1: HUB_EVENTS_NOW: 'yesterday' is not a date or an ISO date-time; write e.g. 2026-11-21 or "
        "2026-11-21T12:00:00Z"]
