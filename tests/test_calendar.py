"""The .ics files themselves: what RFC 5545 and calendar apps need, line by line."""
import datetime as dt
import re
from zoneinfo import ZoneInfo

import icalendar
import pytest
from dateutil import rrule
from events_support import agenda, tree
from test_events_recurrence import SERIES

from hub.events.agenda import files
from hub.events.ical import vtimezone

UNICODE_TITLE = "Café & chai: Ελληνικά, 中文, العربية; emoji 🎉 — \"quotes\", back\\slash"
ONE_OFF = f"""title: '{UNICODE_TITLE.replace("'", "''")}'
summary: A long summary with a comma, a semicolon; and a line that goes on well past seventy-five octets 🎉🎉🎉.
start: 2027-01-23 10:00
end: "13:00"
organiser: ball-hill-air-quality
categories: [research, environment]
location:
  name: Ball Hill Primary School, main hall
  address: Brays Lane, Ball Hill, Coventry
  postcode: CV2 4DT
  geo: [52.4113, -1.4855]
booking: https://ballhill-air.example.org/book
description: |
  Line one.

  Line three with **Markdown** and a tab\there.
"""
ALL_DAY = """title: Open doors weekend
start: 2027-06-19
end: 2027-06-20
organiser: ball-hill-organisers
categories: [events]
location: {name: Venues across Coventry}
"""
NEW_YORK = """title: Transatlantic exchange
start: 2027-01-20 12:00
end: "13:30"
timezone: America/New_York
organiser: together-against-loneliness-network
online: https://meet.example.org/transatlantic
"""
CANCELLED = """title: Men's shed open day
start: 2026-12-05 10:00
end: "15:00"
status: cancelled
organiser: ball-hill-organisers
location:
  name: The shed
  address: Earlsdon Avenue North, Coventry
"""


@pytest.fixture(scope="module")
def feeds(tmp_path_factory):
    root = tree(tmp_path_factory.mktemp("cal"), {"get-together": SERIES, "air": ONE_OFF, "open-doors": ALL_DAY,
                                                  "transatlantic": NEW_YORK, "open-day": CANCELLED})
    return files(agenda(root))


def vevents(text, uid=None):
    cal = icalendar.Calendar.from_ical(text)
    return [c for c in cal.walk("VEVENT") if uid is None or str(c["UID"]) == uid]


def test_lines_end_in_crlf_and_are_folded_at_75_octets_without_breaking_characters(feeds):
    for name, text in feeds.items():
        if not name.endswith(".ics"):
            continue
        raw = text.encode("utf-8")
        assert raw.endswith(b"\r\n") and b"\n" not in raw.replace(b"\r\n", b"")
        for line in raw.split(b"\r\n")[:-1]:
            assert len(line) <= 75, (name, line)
            line.decode("utf-8")  # no character cut in two


def test_any_unicode_text_survives_escaping_and_folding(feeds):
    (event,) = vevents(feeds["events/air.ics"])
    assert str(event["SUMMARY"]) == UNICODE_TITLE
    assert "Line one.\n\nLine three with **Markdown** and a tab\there." in str(event["DESCRIPTION"])
    raw = feeds["events/air.ics"]
    assert "LOCATION:Ball Hill Primary School\\, main hall\\, Brays Lane\\, Ball Hill\\, Coventry\\, CV2 4DT" \
        in raw.replace("\r\n ", "")
    assert "SUMMARY:Café & chai: Ελληνικά\\, 中文\\, العربية\\; emoji 🎉 — \"quotes\"\\, back\\\\slash" \
        in raw.replace("\r\n ", "")


def test_uid_dtstamp_sequence_url_geo(feeds):
    (event,) = vevents(feeds["events/air.ics"])
    assert str(event["UID"]) == "air@hub.coalition.example.org"
    assert re.search(r"^DTSTAMP:\d{8}T\d{6}Z\r$", feeds["events/air.ics"], re.M)  # UTC, as RFC 5545 requires
    assert event["DTSTAMP"].dt.utcoffset() == dt.timedelta(0)
    assert event["SEQUENCE"] == 0
    assert str(event["URL"]) == "https://hub.coalition.example.org/events/air/"
    assert "GEO:52.4113;-1.4855\r\n" in feeds["events/air.ics"]
    assert event["DTSTART"].to_ical() == b"20270123T100000" and event["DTSTART"].params["TZID"] == "Europe/London"


def test_every_tzid_has_its_vtimezone(feeds):
    for name, text in feeds.items():
        if not name.endswith(".ics"):
            continue
        used = set(re.findall(r";TZID=([^:;]+)[:;]", text))
        defined = set(re.findall(r"^TZID:(.+)\r$", text, re.M))
        assert used == defined, name
    assert {"Europe/London", "America/New_York"} <= set(re.findall(r"^TZID:(.+)\r$", feeds["events.ics"], re.M))


def test_series_has_rrule_exdate_for_dates_off_and_cancelled_and_overrides_for_changes(feeds):
    text = feeds["events/get-together.ics"].replace("\r\n ", "")
    assert "RRULE:FREQ=MONTHLY;BYDAY=3TH\r\n" in text
    assert "EXDATE;TZID=Europe/London:20270121T183000\r\n" in text  # cancelled: gone from calendars
    assert "EXDATE;TZID=Europe/London:20270819T183000\r\n" in text  # except
    overrides = {c["RECURRENCE-ID"].to_ical().decode(): c for c in vevents(text) if "RECURRENCE-ID" in c}
    assert set(overrides) == {"20270218T183000", "20270617T183000"}
    moved = overrides["20270218T183000"]
    assert moved["DTSTART"].dt == dt.datetime(2027, 2, 25, 18, 30, tzinfo=ZoneInfo("Europe/London"))
    assert str(overrides["20270617T183000"]["SUMMARY"]) == "Summer special"
    assert str(overrides["20270617T183000"]["STATUS"]) == "TENTATIVE"
    assert "Cancelled dates: Thursday 21 January 2027 (Hall closed for repairs)" in str(vevents(text)[0]["DESCRIPTION"])


def test_cancelled_event_keeps_its_uid_with_status_cancelled(feeds):
    (event,) = vevents(feeds["events.ics"], "open-day@hub.coalition.example.org")
    assert str(event["STATUS"]) == "CANCELLED"
    assert str(event["SUMMARY"]) == "Cancelled: Men's shed open day"


def test_all_day_events_are_dates_with_an_exclusive_end(feeds):
    text = feeds["events/open-doors.ics"]
    assert "DTSTART;VALUE=DATE:20270619\r\n" in text and "DTEND;VALUE=DATE:20270621\r\n" in text
    assert "TRANSP:TRANSPARENT\r\n" in text


def test_an_online_only_event_gives_its_link_as_location(feeds):
    (event,) = vevents(feeds["events/transatlantic.ics"])
    assert str(event["LOCATION"]) == "https://meet.example.org/transatlantic"
    assert event["DTSTART"].params["TZID"] == "America/New_York"


def test_feeds_per_category_and_organiser_hold_exactly_their_events(feeds):
    def uids(name):
        return {str(e["UID"]) for e in vevents(feeds[name])}

    assert uids("events/categories/research.ics") == {"air@hub.coalition.example.org"}
    assert uids("events/categories/events.ics") == {"open-doors@hub.coalition.example.org"}
    assert uids("events/categories/housing.ics") == set()
    assert uids("events/organisers/ball-hill-organisers.ics") == {
        "get-together@hub.coalition.example.org", "open-doors@hub.coalition.example.org",
        "open-day@hub.coalition.example.org"}
    assert len(uids("events.ics")) == 5


def test_feeds_name_themselves_and_ask_to_be_refreshed(feeds):
    text = feeds["events/organisers/ball-hill-organisers.ics"]
    assert "X-WR-CALNAME:Coalition Hub: Ball Hill Community Organisers\r\n" in text
    assert "REFRESH-INTERVAL;VALUE=DURATION:PT6H\r\n" in text and "X-PUBLISHED-TTL:PT6H\r\n" in text
    assert "METHOD" not in text  # without METHOD, DTSTAMP means "last revised"


def test_output_is_the_same_on_every_build(tmp_path):
    root = tree(tmp_path, {"get-together": SERIES, "air": ONE_OFF})
    assert files(agenda(root)) == files(agenda(root))


def _offsets_from_vtimezone(component, instants):
    """Read a VTIMEZONE like a client that has no tz database: each observance's onsets (DTSTART,
    RRULE, RDATE, local time in TZOFFSETFROM) become UTC instants; the latest one before an instant wins."""
    changes = []
    for sub in component.subcomponents:
        start = sub["DTSTART"].dt
        before, after = sub["TZOFFSETFROM"].td, sub["TZOFFSETTO"].td
        onsets = [start]
        if "RRULE" in sub:
            onsets = list(rrule.rrulestr(sub["RRULE"].to_ical().decode(), dtstart=start,
                                         ignoretz=True, cache=False).between(start, dt.datetime(2041, 1, 1), inc=True))
        for rdate in sub.get("RDATE", []) if isinstance(sub.get("RDATE"), list) else [sub.get("RDATE")] if "RDATE" in sub else []:
            onsets += [d.dt for d in rdate.dts]
        changes += [(onset - before, after) for onset in onsets]
    changes.sort()
    result = []
    for instant in instants:
        offset = None
        for when, value in changes:
            if when <= instant:
                offset = value
        result.append(offset)
    return result


@pytest.mark.parametrize("zone, until", [
    # Zones with a regular yearly rule get an RRULE, which holds long after the years written out...
    ("Europe/London", 2040), ("Europe/Dublin", 2040), ("America/New_York", 2040), ("Australia/Sydney", 2040),
    ("Australia/Lord_Howe", 2040), ("Asia/Kolkata", 2040), ("America/Sao_Paulo", 2040),
    # ... an irregular one (Ramadan moves the clocks in Morocco) is written out change by change.
    ("Africa/Casablanca", 2029)])
def test_vtimezone_gives_the_tz_database_offsets_at_every_hour_around_each_change(zone, until):
    component = icalendar.Calendar.from_ical(
        "BEGIN:VCALENDAR\r\n" + vtimezone(zone, 2025, 2029).to_ical().decode() + "END:VCALENDAR\r\n").walk("VTIMEZONE")[0]
    info = ZoneInfo(zone)
    instants = [dt.datetime(2026, 1, 1) + dt.timedelta(hours=h) for h in range(0, 24 * 365 * (until - 2026), 7)]
    instants += [dt.datetime(2027, 3, 28, 0, 59), dt.datetime(2027, 3, 28, 1, 0), dt.datetime(2027, 10, 31, 0, 59),
                 dt.datetime(2027, 10, 31, 1, 0)]
    expected = [i.replace(tzinfo=dt.UTC).astimezone(info).utcoffset() for i in instants]
    assert _offsets_from_vtimezone(component, instants) == expected


def test_vtimezone_onsets_are_local_times_before_the_change():
    text = vtimezone("Europe/London", 2026, 2027).to_ical().decode()
    assert "DTSTART:20260329T010000\r\nRRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3\r\n" in text  # 01:00 GMT -> 02:00 BST
    assert "DTSTART:20261025T020000\r\nRRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10\r\n" in text  # 02:00 BST -> 01:00 GMT
