"""Members' own calendars: each `events_feed` is fetched into a cache kept in the repository
(`data/feed-cache/<member>.ics`), then read back as hub events attributed to that member.

Fetching (`invoke fetch`) is the only step that touches the network, through `core.fetch`, shared
with members' news: a deadline per feed, a size limit, http(s) only, conditional requests, and a
copy replaces the cached one only if it parses as a calendar, so the last good copy is always what
the build uses. A feed that cannot be fetched or read is reported naming the
member and never fails anything. The build reads the cache only (offline), so it is deterministic
and never waits on a member's server.

A UID belongs to one source: an events/ file's UID is the hub's, and a UID in two members' feeds
belongs to the member whose feed the cache holds first (`first` in index.json); the other copy is
left out with a note naming both, so no member can take over another's events. Pure: no Pelican.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from ..core.fetch import TIMEOUT, FeedKind, FetchResult, fetch_all, read_cached_copies, read_index
from ..core.fields import is_blank, timezone_names, without_direction_controls
from ..core.model import Vocabulary
from ..core.schema import Member
from ..core.settings import HubSettings
from .kinds import YEARS
from .model import Change, Event, Location, Repeat
from .recurrence import RuleError, local_dates, parse_rule

MAX_EVENTS_PER_FEED = 2000
MAX_SERIES_YEARS = 10  # a series expands from its start: one from 1900 would cost a build minutes


if TYPE_CHECKING:
    import icalendar  # imported where a feed is read (events.ical says why)


def parse_calendar(data: bytes | str) -> icalendar.Calendar:
    """A VCALENDAR, or ValueError with a readable reason."""
    import icalendar

    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ValueError("it is not UTF-8 text") from None
    if "BEGIN:VCALENDAR" not in data[:2000].upper():
        raise ValueError("it is not an iCalendar file (no BEGIN:VCALENDAR at the top)")
    try:
        calendar = icalendar.Calendar.from_ical(data)
    except Exception as error:
        reason = (str(error).strip().splitlines() or [error.__class__.__name__])[0].rstrip(":")[:120]
        raise ValueError(f"it cannot be read as iCalendar ({reason})") from None
    if not isinstance(calendar, icalendar.Calendar) or calendar.name != "VCALENDAR":
        raise ValueError("it is not an iCalendar file (no VCALENDAR)")
    return calendar


# --- fetching (core.fetch: the deadline, size cap, conditional requests and cache of every feed) ----

def _count_events(data: bytes) -> int:
    """Distinct events (UIDs) in a calendar, not counting moved or cancelled dates; ValueError if broken."""
    calendar = parse_calendar(data)
    return len({str(c.get("UID")) for c in calendar.walk("VEVENT") if "RECURRENCE-ID" not in c})


CALENDARS = FeedKind(what="events feed", unit="event", suffix=".ics", folder="", accept="text/calendar, */*;q=0.5",
                     count=_count_events, url_of=lambda member: member.events_feed)


def fetch_feeds(members: Iterable[Member], cache: Path, timeout: float = TIMEOUT, offline: bool = False,
                now: dt.datetime | None = None, workers: int = 8) -> list[FetchResult]:
    """Fetch every member's events_feed into `cache`; never raises for a member's mistake."""
    return fetch_all(members, CALENDARS, cache, timeout, offline, now, workers)


# --- cached feeds -> events ----------------------------------------------------------------------

def _text(component, name: str, limit: int) -> str | None:
    """A text property, without the controls that could make it display as something else; None
    when it shows nothing (a title of zero-width spaces gets the default title instead)."""
    value = component.get(name)
    if value is None:
        return None
    text = without_direction_controls(str(value)).replace("\r\n", "\n").strip()
    return text[:limit] if text and not is_blank(text) else None


def _tzid(prop) -> str | None:
    try:
        return prop.params.get("TZID")
    except AttributeError:
        return None


def _local(prop, zone_name: str, default_zone: str) -> dt.date | dt.datetime:
    """A DTSTART/DTEND/RECURRENCE-ID/EXDATE value as a naive local value in `zone_name`."""
    value = prop.dt if hasattr(prop, "dt") else prop
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            return value.replace(microsecond=0)
        return value.astimezone(ZoneInfo(zone_name)).replace(tzinfo=None, microsecond=0)
    return value


def _zone_of(component, calendar, default_zone: str) -> str:
    start = component.get("DTSTART")
    value = start.dt
    if not isinstance(value, dt.datetime):
        return default_zone
    tzid = _tzid(start)
    if tzid and tzid in timezone_names():
        return tzid
    from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

    if tzid and WINDOWS_TO_OLSON.get(tzid) in timezone_names():  # Outlook: "GMT Standard Time"
        return WINDOWS_TO_OLSON[tzid]
    if value.tzinfo is None:  # floating: the calendar's X-WR-TIMEZONE, else the hub's
        guess = str(calendar.get("X-WR-TIMEZONE", "")).strip()
        return guess if guess in timezone_names() else default_zone
    key = getattr(value.tzinfo, "key", None) or getattr(value.tzinfo, "zone", None)
    if key in timezone_names() and key not in ("UTC", "Etc/UTC"):
        return key
    if "RRULE" in component and (value.tzinfo is dt.UTC or key in ("UTC", "Etc/UTC")):
        return "UTC"  # a series written in UTC repeats in UTC: keep it faithful
    return default_zone  # a one-off in UTC, or an unknown zone: shown in the hub's time


def _dates(component, name: str, zone: str, default_zone: str) -> list:
    values = component.get(name)
    if values is None:
        return []
    if not isinstance(values, list):
        values = [values]
    out = []
    for prop in values:
        for item in getattr(prop, "dts", [prop]):
            out.append(_local(item, zone, default_zone))
    return out


def _online_and_location(component) -> tuple[Location | None, str | None]:
    location = _text(component, "LOCATION", 200)
    online = None
    for name in ("CONFERENCE", "X-GOOGLE-CONFERENCE"):
        value = _text(component, name, 500)
        if value and value.lower().startswith(("https://", "http://")):
            online = value.split()[0]
    if location and location.lower().startswith(("https://", "http://")) and " " not in location:
        return None, online or location
    geo = None
    if component.get("GEO") is not None:
        try:
            geo = (float(component["GEO"].latitude), float(component["GEO"].longitude))
        except (AttributeError, TypeError, ValueError):
            geo = None
    if location or geo:
        return Location(name=location, geo=geo), online
    return None, online


def _categories(component, vocabulary: Vocabulary | None) -> tuple[str, ...]:
    if vocabulary is None or component.get("CATEGORIES") is None:
        return ()
    props = component.get("CATEGORIES")
    props = props if isinstance(props, list) else [props]
    names: dict[str, str] = {}
    for category in vocabulary:
        for name in (category.key, category.label, *category.synonyms):
            names.setdefault(name.lower(), category.key)
    keys = []
    for prop in props:
        for word in getattr(prop, "cats", [str(prop)]):
            key = names.get(str(word).strip().lower())
            if key and key not in keys:
                keys.append(key)
    return tuple(keys[:10])


def _url(component) -> str | None:
    url = _text(component, "URL", 500)
    return url if url and url.lower().startswith(("https://", "http://")) and " " not in url else None


STATUSES = {"CONFIRMED": "confirmed", "TENTATIVE": "tentative", "CANCELLED": "cancelled"}


def _status(component) -> str:
    return STATUSES.get(str(component.get("STATUS", "CONFIRMED")).upper(), "confirmed")


def imported_slug(member_slug: str, uid: str) -> str:
    return f"{member_slug}-{hashlib.sha1(uid.encode('utf-8')).hexdigest()[:8]}"


def _end(component, start, zone: str, default_zone: str):
    if component.get("DTEND") is not None:
        end = _local(component["DTEND"], zone, default_zone)
        if isinstance(start, dt.datetime) and not isinstance(end, dt.datetime):
            end = dt.datetime.combine(end, dt.time())
        if not isinstance(start, dt.datetime) and isinstance(end, dt.datetime):
            end = end.date()
    elif component.get("DURATION") is not None:
        end = start + component["DURATION"].dt
    else:
        end = start + dt.timedelta(days=1) if not isinstance(start, dt.datetime) else start
    if end < start:
        raise ValueError("it ends before it starts")
    return end


def events_from_calendar(calendar: icalendar.Calendar, member: Member, settings: HubSettings,
                         vocabulary: Vocabulary | None = None, source: str = "") -> tuple[list[Event], list[str]]:
    """A member's calendar as hub events (de-duplicated by UID), and notes on what was skipped."""
    notes: list[str] = []
    masters: dict[str, icalendar.Event] = {}
    overrides: dict[str, list] = {}
    who = f"{member.name} ({member.slug})"
    for component in calendar.walk("VEVENT"):
        uid = _text(component, "UID", 255)
        if not uid or component.get("DTSTART") is None:
            notes.append(f"{who}: skipped an event without {'UID' if not uid else 'DTSTART'} "
                         f"('{_text(component, 'SUMMARY', 60) or 'untitled'}')")
            continue
        if component.get("RECURRENCE-ID") is not None:
            overrides.setdefault(uid, []).append(component)
            continue
        previous = masters.get(uid)
        if previous is not None and int(component.get("SEQUENCE", 0)) < int(previous.get("SEQUENCE", 0)):
            continue
        masters[uid] = component
    events: list[Event] = []
    for uid, component in masters.items():
        if len(events) >= MAX_EVENTS_PER_FEED:
            notes.append(f"{who}: only the first {MAX_EVENTS_PER_FEED} events are imported")
            break
        try:
            event = _event(uid, component, overrides.get(uid, []), calendar, member, settings, vocabulary,
                           source, notes)
        except Exception as error:
            notes.append(f"{who}: skipped event '{_text(component, 'SUMMARY', 60) or uid}': {error}")
            continue
        if event is not None:
            events.append(event)
    return events, notes


def _event(uid, component, override_components, calendar, member, settings, vocabulary, source, notes):
    default_zone = settings.timezone
    zone = _zone_of(component, calendar, default_zone)
    start = _local(component["DTSTART"], zone, default_zone)
    end = _end(component, start, zone, default_zone)
    location, online = _online_and_location(component)
    title = _text(component, "SUMMARY", 120) or f"Event by {member.name}"
    who = f"{member.name} ({member.slug})"
    if start.year not in YEARS or end.year not in YEARS:
        notes.append(f"{who}: '{title}' (UID {uid}) is dated {start.isoformat()[:10]}, outside the years the hub "
                     f"shows ({YEARS.start} to {YEARS.stop - 1}); it is left out")
        return None
    repeat = None
    if component.get("RRULE") is not None:
        rrule = component["RRULE"]
        rrule = rrule[0] if isinstance(rrule, list) else rrule
        try:
            rule = parse_rule(rrule.to_ical().decode())
        except RuleError as error:
            notes.append(f"{member.name} ({member.slug}): '{title}' repeats in a way the hub cannot show "
                         f"({error}); only its first date is listed")
            rule = None
        if rule is not None and "COUNT" not in rule.mapping and \
                (settings.now.year - (start.year if start else settings.now.year)) > MAX_SERIES_YEARS:
            notes.append(f"{member.name} ({member.slug}): '{title}' repeats from {start.year}, more than "
                         f"{MAX_SERIES_YEARS} years ago; it is left out (ask for a series that starts later)")
            return None
        if rule is not None and not local_dates(rule, start, ZoneInfo(zone), limit=1):
            notes.append(f"{who}: '{title}' (UID {uid}) repeats by {rule.text}, which gives no date in the ten "
                         "years after its start; it is left out")
            return None
        if rule is not None:
            excepts = tuple(sorted({(d.date() if isinstance(d, dt.datetime) else d)
                                    for d in _dates(component, "EXDATE", zone, default_zone) if d.year in YEARS}))
            changes = {}
            for override in override_components:
                original = _local(override["RECURRENCE-ID"], zone, default_zone)
                day = original.date() if isinstance(original, dt.datetime) else original
                if day in excepts:
                    continue
                status = _status(override)
                new_start = _local(override["DTSTART"], zone, default_zone) if override.get("DTSTART") else None
                if new_start is not None and isinstance(new_start, dt.datetime) != isinstance(start, dt.datetime):
                    continue
                if day.year not in YEARS or (new_start is not None and new_start.year not in YEARS):
                    continue
                new_end = _end(override, new_start, zone, default_zone) if new_start is not None else None
                if new_start is not None and new_start == original and new_end == original + (end - start):
                    new_start = new_end = None
                over_location, over_online = _online_and_location(override)
                over_title = _text(override, "SUMMARY", 120) if status != "cancelled" else None
                changes[day] = Change(date=day, status=status if status != "confirmed" else None,
                                      start=new_start, end=new_end,
                                      title=over_title if over_title != title else None,
                                      location=over_location if over_location and (
                                          location is None or over_location.text != location.text) else None,
                                      online=over_online if over_online != online else None)
            repeat = Repeat(rule=rule, except_dates=excepts,
                            changes=tuple(sorted(changes.values(), key=lambda c: c.date)))
    if repeat is None:
        last = end if not isinstance(end, dt.datetime) else end.date()
        if last < settings.archive_start.date():
            return None  # long past: not worth a page
    return Event(
        slug=imported_slug(member.slug, uid), uid=uid, title=title, start=start, end=end, timezone=zone,
        organiser=member.slug, source=source, status=_status(component),
        summary=None, description=_text(component, "DESCRIPTION", 10_000), description_is_markdown=False,
        location=location, online=online, categories=_categories(component, vocabulary),
        external_url=_url(component), repeat=repeat, origin="feed")


def read_cached_feeds(members: Iterable[Member], settings: HubSettings, vocabulary: Vocabulary | None = None
                      ) -> tuple[dict[str, list[Event]], list[str]]:
    """Events from the cached copy of each member's feed, by member slug, and notes (never raises)."""
    result: dict[str, list[Event]] = {}
    notes: list[str] = []
    for member, calendar, path in read_cached_copies(members, settings.feed_cache, lambda m: m.events_feed, ".ics",
                                                     parse_calendar, notes, left_out="its events are left out"):
        events, event_notes = events_from_calendar(calendar, member, settings, vocabulary,
                                                   source=f"{settings.feed_cache_dir}/{path.name}")
        notes.extend(event_notes)
        result[member.slug] = events
    return result, notes


def first_cached(cache: Path) -> dict[str, str]:
    """When each member's feed was first saved in the cache (UTC text, sortable), by member slug."""
    index = read_index(cache)
    return {slug: str(entry.get("first") or entry.get("updated") or "")
            for slug, entry in index.items() if isinstance(entry, dict)}


def merge(local: Iterable[Event], imported: dict[str, list[Event]],
          first: dict[str, str] | None = None) -> tuple[list[Event], list[str]]:
    """Hub events plus imported ones, one per UID, each kept from its owner: the hub's own file,
    else the member whose feed was cached first (`first`, from `first_cached`; then by slug). A feed
    never replaces an event it does not own: the other copy is left out with a note naming both."""
    events = list(local)
    owners = {event.uid: event.source for event in events}
    slugs = {event.slug for event in events}
    notes = []
    first = first or {}
    # A member with no date in the index (a copy put there by hand) comes after every fetched one.
    for member_slug in sorted(imported, key=lambda slug: (first.get(slug) or "~", slug)):
        for event in imported[member_slug]:
            if event.uid in owners:
                notes.append(f"the feed of {member_slug} has '{event.title}' with the UID {event.uid}, which belongs "
                             f"to {owners[event.uid]}; it is left out")
                continue
            if event.slug in slugs:
                continue
            owners[event.uid] = f"the feed of {member_slug} (cached first)"
            slugs.add(event.slug)
            events.append(event)
    events.sort(key=lambda e: e.slug)
    return events, notes
