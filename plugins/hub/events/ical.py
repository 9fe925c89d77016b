"""Events -> RFC 5545 iCalendar text, with the icalendar library. Pure: no Pelican, no clock.

What calendar apps rely on, and how it is met:
- UID `<file slug>@<HUB_EVENTS_UID_DOMAIN>`: the same on every build, whatever is edited.
- SEQUENCE and DTSTAMP (UTC) from the lock (`sequence`): they grow exactly when the event changes.
  No METHOD property: in a published feed DTSTAMP is then the time of the last revision.
- Times keep their time zone (DTSTART;TZID=...) and every TZID used has a VTIMEZONE, generated
  from the tz database with the RFC's local onset times; regular rules become a yearly RRULE, so
  they hold for as long as the series runs.
- Series: RRULE (UNTIL in UTC, as the RFC requires with a TZID start), EXDATE for dates that are off
  *and* for cancelled dates (so they vanish from subscribers' calendars on the next refresh), a
  RECURRENCE-ID override for a date that moves or differs.
- A cancelled event keeps its UID with STATUS:CANCELLED (and "Cancelled: " in SUMMARY, for apps that
  ignore STATUS), so subscribers' copies are updated, not left behind.
- Text is escaped and lines folded at 75 octets without splitting a UTF-8 character (icalendar).
"""
from __future__ import annotations

import calendar as _stdcal
import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from ..core.settings import HubSettings
from .model import FEATURE_LABELS, Event
from .recurrence import WEEKDAYS, ics_rule
from .sequence import Stamp
from .words import long_date

if TYPE_CHECKING:
    # Imported where calendars are made, not with the plugin: a build that keeps every calendar file
    # (a one-member edit) does not pay for loading it (0.04 s).
    import icalendar

PRODID = "-//Coalition Hub//Events 1.0//EN"


@dataclass(frozen=True)
class PublicSite:
    """Of the settings, what an event's VEVENTs show: the public site's address."""

    public_url: str

    def public(self, path: str) -> str:
        return f"{self.public_url}/{path}"
REFRESH = dt.timedelta(hours=6)  # REFRESH-INTERVAL and X-PUBLISHED-TTL (PT6H) ask apps to re-read


# --- VTIMEZONE -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Transition:
    utc: dt.datetime            # the instant of the change (naive UTC)
    offset_from: dt.timedelta
    offset_to: dt.timedelta
    name: str
    daylight: bool

    @property
    def onset(self) -> dt.datetime:
        """Local time of the change, in the offset before it (RFC 5545 3.6.5)."""
        return self.utc + self.offset_from


def _state(zone: ZoneInfo, utc: dt.datetime):
    local = utc.replace(tzinfo=dt.UTC).astimezone(zone)
    return local.utcoffset(), local.dst(), local.tzname()


def transitions(zone: ZoneInfo, first_year: int, last_year: int) -> list[Transition]:
    """Every change of offset, DST flag or name between the two years, found day by day, then to
    the second by bisection."""
    found = []
    day = dt.datetime(first_year, 1, 1)
    end = dt.datetime(last_year + 1, 1, 1)
    state = _state(zone, day)
    while day < end:
        nxt = day + dt.timedelta(days=1)
        new = _state(zone, nxt)
        if new != state:
            low, high = day, nxt
            while high - low > dt.timedelta(seconds=1):
                middle = low + (high - low) / 2
                if _state(zone, middle) == state:
                    low = middle
                else:
                    high = middle
            high = high.replace(microsecond=0)
            offset, dst, name = _state(zone, high)
            # "Daylight" when the clocks go forward; zones with negative DST (Europe/Dublin) report
            # their summer time as standard, which would confuse clients matching on the name.
            daylight = offset > state[0] if offset != state[0] else bool(dst and dst > dt.timedelta(0))
            found.append(Transition(high, state[0], offset, name or "", daylight))
            state = _state(zone, high)
        day = nxt
    return found


def _weekday_rule(onsets: list[dt.datetime]) -> str | None:
    """'BYMONTH=3;BYDAY=-1SU' when every onset is the same nth (or last) weekday of the same month
    at the same time, in consecutive years; else None."""
    first = onsets[0]
    if any(o.month != first.month or o.time() != first.time() or o.weekday() != first.weekday()
           for o in onsets):
        return None
    if [o.year for o in onsets] != list(range(first.year, first.year + len(onsets))):
        return None
    day = WEEKDAYS[first.weekday()]
    nths = {(o.day - 1) // 7 + 1 for o in onsets}
    if len(nths) == 1 and next(iter(nths)) < 5:
        return f"BYMONTH={first.month};BYDAY={next(iter(nths))}{day}"
    if all(o.day + 7 > _stdcal.monthrange(o.year, o.month)[1] for o in onsets):
        return f"BYMONTH={first.month};BYDAY=-1{day}"
    return None


@lru_cache(maxsize=64)
def vtimezone(tzid: str, first_year: int, last_year: int) -> icalendar.Timezone:
    import icalendar

    zone = ZoneInfo(tzid)
    component = icalendar.Timezone()
    component.add("tzid", tzid)
    found = transitions(zone, first_year, last_year)
    if not found:
        moment = dt.datetime(first_year, 1, 1)
        offset, dst, name = _state(zone, moment)
        sub = icalendar.TimezoneDaylight() if dst else icalendar.TimezoneStandard()
        sub.add("dtstart", dt.datetime(1970, 1, 1))
        sub.add("tzoffsetfrom", offset)
        sub.add("tzoffsetto", offset)
        if name:
            sub.add("tzname", name)
        component.add_component(sub)
        return component
    groups: dict[tuple, list[Transition]] = {}
    for item in found:
        groups.setdefault((item.daylight, item.offset_from, item.offset_to, item.name), []).append(item)
    last_seen = found[-1].utc.year
    for (daylight, offset_from, offset_to, name), items in sorted(groups.items(),
                                                                  key=lambda kv: kv[1][0].utc):
        sub = icalendar.TimezoneDaylight() if daylight else icalendar.TimezoneStandard()
        onsets = [item.onset for item in items]
        sub.add("dtstart", onsets[0])
        sub.add("tzoffsetfrom", offset_from)
        sub.add("tzoffsetto", offset_to)
        if name:
            sub.add("tzname", name)
        rule = _weekday_rule(onsets) if len(onsets) > 1 else None
        if rule:
            text = "FREQ=YEARLY;" + rule
            if items[-1].utc.year < last_seen or last_seen < last_year:
                text += ";UNTIL=" + items[-1].utc.strftime("%Y%m%dT%H%M%SZ")
            sub.add("rrule", icalendar.vRecur.from_ical(text))
        elif len(onsets) > 1:
            for onset in onsets[1:]:
                sub.add("rdate", onset)
        component.add_component(sub)
    return component


@lru_cache(maxsize=64)
def vtimezone_text(tzid: str, first_year: int, last_year: int) -> str:
    """Serialised once per build, however many feeds carry it."""
    return vtimezone(tzid, first_year, last_year).to_ical().decode("utf-8")


# --- VEVENT --------------------------------------------------------------------------------------

def _placed(value, zone: ZoneInfo):
    """Naive local -> aware (icalendar writes TZID=zone); dates stay dates (VALUE=DATE)."""
    return value.replace(tzinfo=zone, fold=0) if isinstance(value, dt.datetime) else value


def _location_text(location, online) -> str | None:
    if location is not None and location.text:
        return location.text
    return online


def _description(event: Event, settings: HubSettings, organiser_name: str | None) -> str:
    parts = []
    if event.summary:
        parts.append(event.summary)
    if event.description:
        parts.append(event.description.strip())
    facts = []
    if organiser_name:
        facts.append(f"Organised by {organiser_name}.")
    if event.cost:
        facts.append(f"Cost: {event.cost}")
    if event.booking:
        facts.append(f"Booking: {event.booking}")
    if event.online:
        facts.append(f"Join online: {event.online}")
    if event.accessibility:
        labels = [FEATURE_LABELS.get(f, f) for f in event.accessibility.features]
        text = "; ".join(labels)
        if event.accessibility.details:
            text = f"{text}. {event.accessibility.details}" if text else event.accessibility.details
        facts.append(f"Access: {text}")
    if event.repeat:
        cancelled = [c for c in event.repeat.changes if c.status == "cancelled"]
        if cancelled:
            facts.append("Cancelled dates: " + "; ".join(
                long_date(c.date) + (f" ({c.note})" if c.note else "") for c in cancelled))
    if facts:
        parts.append("\n".join(facts))
    parts.append(f"Details: {settings.public(event.url)}")
    return "\n\n".join(parts)


def _common(component: icalendar.Event, event: Event, stamp: Stamp) -> None:
    component.add("uid", event.uid)
    component.add("dtstamp", stamp.modified.astimezone(dt.UTC))
    component.add("last-modified", stamp.modified.astimezone(dt.UTC))
    component.add("sequence", stamp.sequence)


def _summary(title: str, status: str) -> str:
    return f"Cancelled: {title}" if status == "cancelled" else title


def vevents(event: Event, stamp: Stamp, settings: PublicSite | HubSettings,
            organiser_name: str | None = None, category_labels: Mapping[str, str] | None = None
            ) -> list[icalendar.Event]:
    """The master VEVENT, then one override per moved or different date."""
    import icalendar

    zone = event.zone
    master = icalendar.Event()
    _common(master, event, stamp)
    master.add("dtstart", _placed(event.start, zone))
    master.add("dtend", _placed(event.end, zone))
    master.add("summary", _summary(event.title, event.status))
    master.add("description", _description(event, settings, organiser_name))
    location = _location_text(event.location, event.online)
    if location:
        master.add("location", location)
    if event.location is not None and event.location.geo:
        master.add("geo", event.location.geo)
    master.add("url", settings.public(event.url))
    master.add("status", event.status.upper())
    master.add("class", "PUBLIC")
    master.add("transp", "TRANSPARENT" if event.all_day else "OPAQUE")
    if event.categories:
        labels = category_labels or {}
        master.add("categories", [labels.get(key, key) for key in event.categories])
    overrides = []
    if event.repeat:
        repeat = event.repeat
        master.add("rrule", icalendar.vRecur.from_ical(ics_rule(repeat.rule, zone, event.all_day)))
        gone = sorted({*repeat.except_dates, *(c.date for c in repeat.changes if c.status == "cancelled")})
        for day in gone:
            original = day if event.all_day else dt.datetime.combine(day, event.start.time())
            master.add("exdate", _placed(original, zone))
        for change in repeat.changes:
            if change.status == "cancelled":
                continue
            original = change.date if event.all_day else dt.datetime.combine(change.date, event.start.time())
            start = change.start if change.start is not None else original
            end = change.end if change.end is not None else start + event.duration
            status = event.status if event.status == "cancelled" else (change.status or event.status)
            override = icalendar.Event()
            _common(override, event, stamp)
            override.add("recurrence-id", _placed(original, zone))
            override.add("dtstart", _placed(start, zone))
            override.add("dtend", _placed(end, zone))
            override.add("summary", _summary(change.title or event.title, status))
            description = _description(event, settings, organiser_name)
            if change.note:
                description = f"{change.note}\n\n{description}"
            override.add("description", description)
            where = _location_text(change.location or event.location, change.online or event.online)
            if where:
                override.add("location", where)
            geo_source = change.location or event.location
            if geo_source is not None and geo_source.geo:
                override.add("geo", geo_source.geo)
            override.add("url", settings.public(event.url))
            override.add("status", status.upper())
            override.add("class", "PUBLIC")
            override.add("transp", "TRANSPARENT" if event.all_day else "OPAQUE")
            overrides.append(override)
    return [master, *overrides]


# --- whole calendars -----------------------------------------------------------------------------

@dataclass(frozen=True)
class Block:
    """One event's VEVENTs, serialised once and reused by every feed that carries the event."""

    uid: str
    timezone: str | None
    text: str


def block(event: Event, stamp: Stamp, settings: PublicSite | HubSettings, organiser_name: str | None = None,
          category_labels: Mapping[str, str] | None = None) -> Block:
    text = "".join(c.to_ical().decode("utf-8")
                   for c in vevents(event, stamp, settings, organiser_name, category_labels))
    return Block(event.uid, None if event.all_day else event.timezone, text)  # dates have no TZID


def year_range(events: Iterable[Event], settings: HubSettings) -> tuple[int, int]:
    """Years the VTIMEZONEs spell out transition by transition (a yearly RRULE carries on after)."""
    years = [settings.now.year, settings.window_end.year]
    for event in events:
        years.append(event.start.year)
        if event.repeat:
            years.extend(c.date.year for c in event.repeat.changes)
    return min(years) - 1, max(years) + 1


def assemble(name: str, blocks: Iterable[Block], years: tuple[int, int], description: str | None = None,
             url: str | None = None) -> str:
    """A VCALENDAR with one VTIMEZONE per TZID used, then the events, as CRLF text."""
    import icalendar

    blocks = list(blocks)
    head = icalendar.Calendar()
    head.add("prodid", PRODID)
    head.add("version", "2.0")
    head.add("calscale", "GREGORIAN")
    head.add("name", name)
    head.add("x-wr-calname", name)
    if description:
        head.add("description", description)
        head.add("x-wr-caldesc", description)
    if url:
        head.add("url", url)
    head.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    head.add("x-published-ttl", "PT6H")
    text = head.to_ical().decode("utf-8")
    assert text.endswith("END:VCALENDAR\r\n")
    zones = sorted({b.timezone for b in blocks if b.timezone})
    body = "".join(vtimezone_text(tz, *years) for tz in zones)
    body += "".join(b.text for b in blocks)
    return text[: -len("END:VCALENDAR\r\n")] + body + "END:VCALENDAR\r\n"
