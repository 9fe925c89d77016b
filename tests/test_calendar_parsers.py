"""Every .ics the example hub publishes, read back by parsers that share no code with the hub's:
vobject (syntax), recurring_ical_events (expansion, Python) and ical.js under node (expansion with
the files' own VTIMEZONEs only). Their occurrences must be the ones the hub shows."""
import datetime as dt
import json
import os
import shutil
import subprocess
from pathlib import Path

import icalendar
import pytest
import recurring_ical_events
import vobject

from conftest import ROOT

WINDOW = ("2026-11-21T12:00:00Z", "2027-11-21T12:00:00Z")
NODE = shutil.which("node")
ICAL_JS = ROOT / "node_modules" / "ical.js"


def ics_files(site: Path) -> list[Path]:
    return sorted(site.rglob("*.ics"))


def hub_occurrences(site: Path, uids=None) -> list[tuple]:
    """What the hub shows (events.json), minus cancelled dates: those are gone from calendars."""
    document = json.loads((site / "events.json").read_text())
    return sorted((o["uid"], _utc(o["start"]), _utc(o["end"])) for o in document["occurrences"]
                  if o["status"] != "cancelled" and (uids is None or o["uid"] in uids))


def _utc(text: str) -> str:
    if "T" not in text:
        return text  # an all-day date
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(dt.UTC).strftime(
        "%Y-%m-%dT%H:%M:%SZ")


def _value(value) -> str:
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return value.isoformat()


def _window_bounds():
    start, end = (dt.datetime.fromisoformat(w.replace("Z", "+00:00")) for w in WINDOW)
    return start, end


def python_occurrences(path: Path) -> list[tuple]:
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    start, end = _window_bounds()
    found = []
    for component in recurring_ical_events.of(calendar).between(start, end):
        if str(component.get("STATUS", "")).upper() == "CANCELLED":
            continue
        found.append((str(component["UID"]), _value(component["DTSTART"].dt), _value(component["DTEND"].dt)))
    return sorted(found)


def uids_in(path: Path) -> set[str]:
    return {str(c["UID"]) for c in icalendar.Calendar.from_ical(path.read_bytes()).walk("VEVENT")}


def test_the_example_hub_publishes_the_feeds(events_site):
    names = {p.relative_to(events_site).as_posix() for p in ics_files(events_site)}
    assert "events.ics" in names and "events/informal-get-together.ics" in names
    assert "events/categories/training.ics" in names and "events/organisers/ball-hill-organisers.ics" in names
    assert len(names) >= 19 + 26 + 34 + 1


def test_every_ics_is_valid_icalendar_for_vobject(events_site):
    for path in ics_files(events_site):
        components = list(vobject.readComponents(path.read_text(encoding="utf-8")))
        assert len(components) == 1 and components[0].name == "VCALENDAR", path
        for event in getattr(components[0], "vevent_list", []):
            assert event.uid.value and event.dtstamp.value.utcoffset() == dt.timedelta(0), path


def test_recurring_ical_events_expands_every_feed_to_what_the_hub_shows(events_site):
    for path in ics_files(events_site):
        assert python_occurrences(path) == hub_occurrences(events_site, uids_in(path)), path


@pytest.fixture(scope="module")
def ical_js(events_site):
    """Occurrences by file, as ical.js reads them: every .ics of the site in one node run."""
    if NODE is None or not ICAL_JS.is_dir():
        message = "node and `npm ci` (ical.js) are needed for the second parser"
        if os.environ.get("CI") == "true":
            pytest.fail(message)  # CI installs both (.ci/run): never pass there without the check
        pytest.skip(message)
    paths = ics_files(events_site)
    result = subprocess.run([NODE, str(ROOT / "tests" / "js" / "ical_occurrences.mjs"), *WINDOW,
                             *map(str, paths)], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    by_file = json.loads(result.stdout)
    return lambda path: by_file[str(path)]


def test_ical_js_reads_every_feed_to_what_the_hub_shows(events_site, ical_js):
    for path in ics_files(events_site):
        occurrences = sorted((o["uid"], o["start"], o["end"]) for o in ical_js(path)
                             if (o["status"] or "").upper() != "CANCELLED")
        assert occurrences == hub_occurrences(events_site, uids_in(path)), path


def test_ical_js_sees_the_monthly_get_together_at_1230_local_through_both_clock_changes(events_site, ical_js):
    occurrences = ical_js(events_site / "events" / "informal-get-together.ics")
    starts = {o["recurrence_id"][:10]: o["start"] for o in occurrences}
    assert starts["2027-03-11"] == "2027-03-11T12:30:00Z"  # GMT
    assert starts["2027-05-13"] == "2027-05-13T11:30:00Z"  # BST
    assert starts["2027-10-14"] == "2027-10-14T11:30:00Z"  # BST
    assert starts["2027-11-11"] == "2027-11-11T12:30:00Z"  # GMT again
    assert starts["2027-04-08"] == "2027-04-15T11:30:00Z"  # moved a week, same local time
    assert "2027-02-11" not in starts  # the cancelled date has gone from the calendar
    assert "2027-08-12" not in starts  # summer break
    assert {o["tzid"] for o in occurrences} == {"Europe/London"}


def test_ical_js_places_the_new_york_session_in_new_york_time(events_site, ical_js):
    (occurrence,) = ical_js(events_site / "events" / "transatlantic-neighbourhood-networks.ics")
    assert occurrence["start"] == "2027-01-20T17:00:00Z" and occurrence["tzid"] == "America/New_York"


def test_the_cancelled_event_is_marked_cancelled_for_both_parsers(events_site, ical_js):
    path = events_site / "events" / "mens-shed-open-day.ics"
    (component,) = icalendar.Calendar.from_ical(path.read_bytes()).walk("VEVENT")
    assert str(component["STATUS"]) == "CANCELLED"
    whole = ical_js(events_site / "events.ics")
    assert [o["status"] for o in whole if o["uid"] == "mens-shed-open-day@hub.coalition.example.org"] == ["CANCELLED"]
