"""Hostile inputs: each file in tests/hostile/ is an attack that once crashed, stalled or misled the hub, kept
as a real fixture with exactly what the hub must say about it.

- members/, events/, categories/, places/: one file per attack; its `# expect:` lines are exactly what `invoke validate`
  prints for it (`# shown:` lines: a value the hub keeps differently from how it was written).
- feeds/<case>/: member profiles, a committed feed cache (and events/ files) and expect.txt: the notes the build
  logs (`note:`), the events it publishes (`event: UID organiser [title]`), text no published file may contain
  (`absent:`).
- csv/<case>.csv with <case>.expect: what `invoke import` prints (an .expect without its .csv: a missing file).
"""
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from events_support import load, tree

from conftest import NOW, ROOT, hub_settings, load_hub
from hub.contribute.importer import build_row, import_csv
from hub.core.loader import load_vocabulary
from hub.core.yamlio import MAX_FILE_BYTES, parse_text
from hub.events.agenda import build_agenda, files
from hub.events.recurrence import MAX_SCAN, parse_rule, rule_set

HOSTILE = Path(__file__).resolve().parent / "hostile"
MEMBERS = sorted((HOSTILE / "members").glob("*.yaml"))
EVENTS = sorted((HOSTILE / "events").glob("*.yaml"))
CATEGORIES = sorted((HOSTILE / "categories").glob("*.yaml"))
PLACES = sorted((HOSTILE / "places").glob("*.yaml"))
FEEDS = sorted(path for path in (HOSTILE / "feeds").iterdir() if path.is_dir())
CSVS = sorted((HOSTILE / "csv").glob("*.expect"))


def marked(path: Path, mark: str) -> list[str]:
    return [line.removeprefix(mark) for line in path.read_text(encoding="utf-8").splitlines()
            if line.startswith(mark)]


@pytest.mark.parametrize("case", MEMBERS, ids=[c.stem for c in MEMBERS])
def test_each_hostile_profile_gives_its_exact_message(case, hub_tree):
    shutil.copy(case, hub_tree / "members" / case.name)
    hub, problems = load_hub(hub_tree)
    assert [str(p) for p in problems] == marked(case, "# expect: ")
    for shown in marked(case, "# shown: "):
        name, value = shown.split(": ", 1)
        assert getattr(hub.by_slug[case.stem], name) == value


@pytest.mark.parametrize("case", EVENTS, ids=[c.stem for c in EVENTS])
def test_each_hostile_event_gives_its_exact_message(case, tmp_path):
    root = tree(tmp_path)
    shutil.copy(case, root / "events" / case.name)
    _, events, problems = load(root)
    assert [str(p) for p in problems] == marked(case, "# expect: ")
    assert events == ()


@pytest.mark.parametrize("case", CATEGORIES, ids=[c.stem for c in CATEGORIES])
def test_each_hostile_categories_file_gives_its_exact_message(case, hub_tree):
    shutil.copy(case, hub_tree / "categories.yaml")
    _, problems = load_hub(hub_tree)
    assert [str(p) for p in problems] == marked(case, "# expect: ")


@pytest.mark.parametrize("case", PLACES, ids=[c.stem for c in PLACES])
def test_each_hostile_places_file_gives_its_exact_message(case, hub_tree):
    shutil.copy(case, hub_tree / "places.yaml")
    _, problems = load_hub(hub_tree)
    assert [str(p) for p in problems] == marked(case, "# expect: ")


def test_invoke_validate_reports_every_hostile_file_at_once_without_a_traceback(tmp_path):
    root = tree(tmp_path)
    for case in MEMBERS:
        shutil.copy(case, root / "members" / case.name)
    for case in EVENTS:
        shutil.copy(case, root / "events" / case.name)
    result = subprocess.run([sys.executable, "-m", "hub.core.validate", str(root)], capture_output=True, text=True,
                            cwd=ROOT)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    expected = sorted((line for case in MEMBERS + EVENTS for line in marked(case, "# expect: ")),
                      key=lambda line: (line.split(":")[0], int(line.split(":")[1]), line.split(": ")[1]))
    assert result.stderr.splitlines() == [*expected, f"{len(expected)} problem(s) found."]


def test_every_hostile_file_expects_something():
    assert all(marked(case, "# expect: ") or marked(case, "# shown: ") for case in MEMBERS + EVENTS + CATEGORIES)
    assert all(marked(case / "expect.txt", "event: ") for case in FEEDS)
    assert len(MEMBERS) >= 8 and len(EVENTS) >= 14 and len(FEEDS) >= 4 and len(CSVS) >= 7


def test_a_file_nested_as_deep_as_its_size_allows_is_refused_not_a_crash():
    # Generated rather than kept as a 500 KB fixture: the deepest file the size limit lets through. libyaml's
    # composer overflowed the C stack on it (the process died), and its scanner took minutes.
    depth = MAX_FILE_BYTES // 2 - 10
    _, problems = parse_text("a: " + "[" * depth + "]" * depth + "\n", "members/deep.yaml")
    assert [str(p) for p in problems] == [
        "members/deep.yaml:1: a" + "[0]" * 19 + ": is nested more than 20 levels deep (no field needs more than 6); "
        "check the indentation and that every '[' and '{' is closed where it should be"]


def test_a_rule_whose_dates_never_exist_gives_up_after_the_scan_budget():
    # Pins the hook that bounds dateutil: without it the same call searches day by day up to the year 9999.
    import datetime as dt
    from zoneinfo import ZoneInfo

    compiled = rule_set(parse_rule("FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30"), dt.datetime(2026, 12, 17, 18, 30),
                        ZoneInfo("Europe/London"))
    assert list(compiled) == []
    assert compiled.steps_without_date == MAX_SCAN + 1


def test_the_scan_budget_only_counts_steps_since_the_last_date():
    # A leap-day series goes four years (48 monthly steps) between dates, 8 across 2100: all of them are kept.
    import datetime as dt
    from zoneinfo import ZoneInfo

    compiled = rule_set(parse_rule("FREQ=DAILY;BYMONTH=2;BYMONTHDAY=29;UNTIL=21091231"), dt.datetime(2028, 2, 29, 10),
                        ZoneInfo("Europe/London"))
    assert [d.year for d in compiled] == [*range(2028, 2100, 4), 2104, 2108]


@pytest.mark.parametrize("case", FEEDS, ids=[c.name for c in FEEDS])
def test_each_hostile_feed_is_left_out_with_a_note_and_the_build_goes_on(case, tmp_path):
    root = tmp_path / "hub"
    shutil.copytree(case, root, ignore=shutil.ignore_patterns("expect.txt"))
    shutil.copy(ROOT / "categories.yaml", root / "categories.yaml")
    (root / "events").mkdir(exist_ok=True)
    hub, problems = load_hub(root)
    assert problems == []
    agenda = build_agenda(hub, hub_settings(root, HUB_EVENTS_NOW=NOW), lock={})
    published = "".join(files(agenda).values())
    expect = case / "expect.txt"
    assert agenda.notes == marked(expect, "note: ")
    with_titles = any(len(line.split(" ", 2)) == 3 for line in marked(expect, "event: "))
    assert [" ".join([e.uid, e.organiser] + ([e.title] if with_titles else [])) for e in
            sorted(agenda.events, key=lambda e: e.uid)] == marked(expect, "event: ")
    for text in marked(expect, "absent: "):
        assert text not in published


@pytest.mark.parametrize("case", CSVS, ids=[c.stem for c in CSVS])
def test_each_hostile_csv_gives_its_exact_message_and_writes_nothing(case, hub_tree):
    vocabulary, _ = load_vocabulary(hub_tree / "categories.yaml")
    csv_file = case.with_suffix(".csv")
    written, problems = import_csv(csv_file, hub_tree / "members", vocabulary, source=csv_file.name,
                                   settings=hub_settings(hub_tree))
    lines = case.read_text(encoding="utf-8").splitlines()
    assert [str(p) for p in problems] == [line for line in lines if not line.startswith("#")]
    assert written == [] and list((hub_tree / "members").iterdir()) == []


def test_contact_is_public_only_when_every_consent_cell_says_so():
    def public(*answers):
        row = build_row([(target, target, value) for target, value in (
            ("name", "Knit Club"), ("contact.email", "june@knit.example.org"),
            *(("contact.public", answer) for answer in answers))])
        assert "contact" not in row.profile and row.contact == {"email": "june@knit.example.org"}
        return row.consent

    assert public("yes") is True and public("Yes", "y") is True
    assert public("No", "yes") is False and public("yes", "") is False and public("maybe") is False
    assert public() is None and public("") is None  # no answer: a new profile publishes nothing


def test_a_csv_with_more_rows_than_the_import_takes_is_refused_at_once(hub_tree, tmp_path):
    """100,000 rows took two minutes before; now the list is refused, naming the first row too many."""
    from hub.contribute.importer import MAX_ROWS

    vocabulary, _ = load_vocabulary(hub_tree / "categories.yaml")
    csv_file = tmp_path / "everyone.csv"
    rows = "".join(f"Group number {number},A group.,Coventry\r\n" for number in range(MAX_ROWS + 1))
    csv_file.write_text("Organisation name,About,Where we work\r\n" + rows, encoding="utf-8")
    written, problems = import_csv(csv_file, hub_tree / "members", vocabulary, source=csv_file.name,
                                   settings=hub_settings(hub_tree))
    assert [str(p) for p in problems] == [
        f"everyone.csv:{MAX_ROWS + 2}: (file): the CSV has more than 5,000 rows after its heading; import it in "
        "parts of at most 5,000 rows, each with the heading row"]
    assert written == [] and list((hub_tree / "members").iterdir()) == []
