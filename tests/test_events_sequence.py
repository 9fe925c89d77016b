"""SEQUENCE grows exactly when an event changes, from a lock kept in the repository; UIDs never move."""
import dataclasses
import datetime as dt
import json
import shutil
import subprocess
import sys

import icalendar
from events_support import NOW, agenda, build, load, tree
from test_events_recurrence import SERIES

from conftest import CONTENT, ROOT, hub_settings
from hub.events import sequence
from hub.events.agenda import build_agenda, files, write_lock

UID = "get-together@hub.coalition.example.org"
LATER = "2026-11-28T09:00:00Z"


def master(text):
    return next(c for c in icalendar.Calendar.from_ical(text).walk("VEVENT") if "RECURRENCE-ID" not in c)


def lock_entry(root):
    return json.loads((root / "events" / ".sequence.json").read_text())["events"][UID]


def test_new_event_starts_at_0_and_an_unchanged_one_keeps_its_sequence_and_stamp(tmp_path):
    root = tree(tmp_path, {"get-together": SERIES})
    assert write_lock(agenda(root, now=NOW))
    assert lock_entry(root) == {"hash": sequence.fingerprint(load(root)[1][0]), "sequence": 0,
                                "modified": "2026-11-21T12:00:00Z"}
    assert not write_lock(agenda(root, now=LATER))  # nothing changed: the file is not touched
    event = master(files(agenda(root, now=LATER))["events/get-together.ics"])
    assert event["SEQUENCE"] == 0 and event["DTSTAMP"].to_ical() == b"20261121T120000Z"


def test_an_edit_increases_sequence_and_dtstamp_and_keeps_the_uid(tmp_path):
    root = tree(tmp_path, {"get-together": SERIES})
    write_lock(agenda(root, now=NOW))
    path = root / "events" / "get-together.yaml"
    path.write_text(SERIES.replace("title: Get-together", "title: Monthly get-together"))
    changed = agenda(root, now=LATER)
    event = master(files(changed)["events/get-together.ics"])
    assert str(event["UID"]) == UID
    assert event["SEQUENCE"] == 1 and event["DTSTAMP"].to_ical() == b"20261128T090000Z"
    assert event["LAST-MODIFIED"].to_ical() == b"20261128T090000Z"
    write_lock(changed)
    path.write_text(SERIES.replace("title: Get-together", "title: Monthly get-together")
                    .replace("note: Hall closed for repairs", "note: The hall is closed for repairs"))
    write_lock(agenda(root, now="2026-12-01T10:00:00Z"))
    assert lock_entry(root)["sequence"] == 2


def test_a_build_from_a_stale_lock_still_gives_the_next_sequence(tmp_path):
    root = tree(tmp_path, {"get-together": SERIES})
    write_lock(agenda(root, now=NOW))
    (root / "events" / "get-together.yaml").write_text(SERIES.replace('end: "20:00"', 'end: "20:30"'))
    # No events-lock run: the build works it out in memory.
    assert master(files(agenda(root, now=LATER))["events/get-together.ics"])["SEQUENCE"] == 1


def test_cancelling_one_date_is_a_change_to_the_series(tmp_path):
    plain = SERIES.split("  changes:")[0]
    root = tree(tmp_path, {"get-together": plain})
    write_lock(agenda(root, now=NOW))
    (root / "events" / "get-together.yaml").write_text(
        plain + "  changes:\n    - date: 2027-03-18\n      status: cancelled\n")
    text = files(agenda(root, now=LATER))["events/get-together.ics"]
    assert master(text)["SEQUENCE"] == 1
    assert "EXDATE;TZID=Europe/London:20270318T183000\r\n" in text


def test_layout_and_comments_are_not_changes(tmp_path):
    root = tree(tmp_path, {"get-together": SERIES})
    write_lock(agenda(root, now=NOW))
    (root / "events" / "get-together.yaml").write_text("# A comment\n" + SERIES.replace("title: Get-together\n", "")
                                                       + "title: Get-together\n")
    assert not write_lock(agenda(root, now=LATER))


def test_a_deleted_and_restored_event_keeps_counting_up(tmp_path):
    root = tree(tmp_path, {"get-together": SERIES})
    write_lock(agenda(root, now=NOW))
    (root / "events" / "get-together.yaml").unlink()
    write_lock(agenda(root, now=LATER))
    assert lock_entry(root)["sequence"] == 0  # kept, though not published
    (root / "events" / "get-together.yaml").write_text(SERIES.replace("Get-together", "Get-together again"))
    assert master(files(agenda(root, now=LATER))["events/get-together.ics"])["SEQUENCE"] == 1


def test_a_damaged_lock_is_named_with_the_fix(tmp_path):
    root = tree(tmp_path, {"get-together": SERIES})
    (root / "events" / ".sequence.json").write_text("{not json")
    hub, events, _ = load(root)
    try:
        build_agenda(hub, hub_settings(root, HUB_EVENTS_NOW=NOW))
    except ValueError as error:
        assert "not a valid sequence lock" in str(error) and "git checkout -- events/.sequence.json" in str(error)
    else:
        raise AssertionError("a damaged lock must not be read as empty: SEQUENCE would go back to 0")


def test_the_committed_lock_is_current_for_the_example_hub():
    """Fails when events/ (or a cached member feed) changed without `invoke events-lock`: commit the
    lock with the change, or subscribers' calendars may keep the old version."""
    hub, events, problems = load(ROOT)
    assert problems == []
    published = build_agenda(hub, hub_settings(ROOT, HUB_EVENTS_NOW=NOW)).events
    stale = [e.uid for e in published if not sequence.is_current(ROOT / "events" / ".sequence.json", [e])]
    assert stale == [], "run `invoke events-lock` and commit events/.sequence.json"


def test_an_edited_event_updates_in_a_subscribed_calendar_instead_of_duplicating(tmp_path):
    """What a calendar app does on refresh: match by UID, keep the higher SEQUENCE."""
    root = tree(tmp_path, {"get-together": SERIES})
    before = files(agenda(root, now=NOW))["events.ics"]
    write_lock(agenda(root, now=NOW))
    (root / "events" / "get-together.yaml").write_text(SERIES.replace("18:30", "19:00").replace(
        "start: 2027-02-25 19:00", "start: 2027-02-25 19:00"))
    after = files(agenda(root, now=LATER))["events.ics"]
    store = {}
    for text in (before, after):
        for component in icalendar.Calendar.from_ical(text).walk("VEVENT"):
            key = (str(component["UID"]), component.get("RECURRENCE-ID") and component["RECURRENCE-ID"].to_ical())
            if key not in store or component["SEQUENCE"] > store[key]["SEQUENCE"]:
                store[key] = component
    masters = [c for (uid, rid), c in store.items() if rid is None]
    assert len(masters) == 1 and masters[0]["DTSTART"].dt.time() == dt.time(19, 0)


def test_invoke_events_lock_writes_the_lock_and_build_keeps_it_current(tmp_path):
    root = tree(tmp_path, {"get-together": SERIES})
    shutil.copy(ROOT / "tasks.py", root / "tasks.py")
    shutil.copy(ROOT / "pelicanconf.py", root / "pelicanconf.py")
    (root / "plugins").symlink_to(ROOT / "plugins")
    shutil.copytree(ROOT / "theme", root / "theme")  # copies: a linked folder the build publishes from is refused
    shutil.copytree(CONTENT, root / "content")  # the example content links to the example members
    env = {"PATH": "/usr/bin:/bin", "HUB_EVENTS_NOW": NOW}
    result = subprocess.run([sys.executable, "-m", "invoke", "events-lock"], cwd=root, capture_output=True,
                            text=True, env=env)
    assert result.returncode == 0, result.stderr
    assert "updated events/.sequence.json" in result.stdout
    assert lock_entry(root)["sequence"] == 0
    (root / "events" / "get-together.yaml").write_text(SERIES.replace("Get-together", "Get-together!"))
    result = subprocess.run([sys.executable, "-m", "invoke", "build"], cwd=root, capture_output=True, text=True,
                            env={**env, "HUB_EVENTS_NOW": LATER})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stdout + result.stderr
    assert lock_entry(root) == {"hash": lock_entry(root)["hash"], "sequence": 1, "modified": "2026-11-28T09:00:00Z"}
    assert b"SEQUENCE:1\r\n" in (root / "output" / "events" / "get-together.ics").read_bytes()


def test_uids_survive_a_rebuild(tmp_path):
    root = tree(tmp_path, {"get-together": SERIES})
    first = build(root, tmp_path / "one")
    second = build(root, tmp_path / "two")
    assert first.returncode == second.returncode == 0, first.stderr + second.stderr
    one = (tmp_path / "one" / "events.ics").read_bytes()
    assert one == (tmp_path / "two" / "events.ics").read_bytes()
    assert b"UID:get-together@hub.coalition.example.org\r\n" in one


def test_fingerprints_kept_between_builds_are_the_ones_made(tmp_path):
    """The build keeps each event's SEQUENCE fingerprint by the event's own fingerprint (core/memo.kept):
    kept or made, they are the same, and an edited event's is made again."""
    from hub.core.memo import kept

    settings = hub_settings(ROOT, HUB_EVENTS_NOW=NOW)
    hub, _, _ = load(ROOT)
    events = build_agenda(hub, settings).events
    made = {event.uid: sequence.fingerprint(event) for event in events}
    for _ in range(2):
        with kept(tmp_path / "hashes.pickle") as store:
            agenda = build_agenda(hub, settings, kept=store)
            assert {event.uid: agenda.hash_of(event) for event in events} == made
    assert len(store.known) == len(made)
    first = hub.events[0]
    edited = dataclasses.replace(first, title=first.title + " (moved)")
    with kept(tmp_path / "hashes.pickle") as store:
        agenda = build_agenda(dataclasses.replace(hub, events=(edited, *hub.events[1:])), settings, kept=store)
        assert agenda.hash_of(edited) == sequence.fingerprint(edited) != made[first.uid]
