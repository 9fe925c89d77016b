"""Events as the hub holds them once checked: frozen `Event`s and their dated `Occurrence`s.

Times are kept as written: a naive local date-time plus the event's time zone (or a date for an
all-day event). They become aware datetimes only when an occurrence is placed, so recurrence runs
on the wall clock and survives the clock changes (see `recurrence`). Pure: no Pelican.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from .recurrence import MONTH_NAMES, Rule, describe
from .words import clock, long_date, when_text

FEATURE_LABELS = {
    "step-free": "Step-free access", "accessible-toilet": "Accessible toilet", "hearing-loop": "Hearing loop",
    "bsl": "British Sign Language interpreter", "captions": "Live captions", "quiet-space": "Quiet space",
    "seating": "Seating available throughout", "large-print": "Large-print materials",
    "parking": "Accessible parking", "assistance-dogs-welcome": "Assistance dogs welcome",
}


@dataclass(frozen=True)
class Location:
    name: str | None = None
    address: str | None = None
    postcode: str | None = None
    geo: tuple[float, float] | None = None

    @property
    def text(self) -> str:
        return ", ".join(part for part in (self.name, self.address, self.postcode) if part)


@dataclass(frozen=True)
class Accessibility:
    features: tuple[str, ...] = ()
    details: str | None = None

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(FEATURE_LABELS.get(f, f) for f in self.features)


@dataclass(frozen=True)
class Change:
    """One date of a series that is cancelled, moved or different. `date` is the date it would
    normally fall on; `start`/`end` are naive local (dates for all-day series), `end` exclusive."""

    date: dt.date
    status: str | None = None
    start: dt.date | dt.datetime | None = None
    end: dt.date | dt.datetime | None = None
    title: str | None = None
    location: Location | None = None
    online: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Repeat:
    rule: Rule
    except_dates: tuple[dt.date, ...] = ()
    changes: tuple[Change, ...] = ()

class _HasStatus:
    """Shared by events and their dates: both carry a `status` of confirmed/tentative/cancelled."""

    status: str

    @property
    def cancelled(self) -> bool:
        return self.status == "cancelled"

@dataclass(frozen=True)
class Event(_HasStatus):
    slug: str
    uid: str
    title: str
    start: dt.date | dt.datetime   # naive local; a date for all-day events
    end: dt.date | dt.datetime     # exclusive (the day after the last day, for all-day events)
    timezone: str
    organiser: str
    source: str
    status: str = "confirmed"
    summary: str | None = None
    description: str | None = None
    description_is_markdown: bool = True  # False for imported feeds: plain text
    location: Location | None = None
    online: str | None = None
    localities: tuple[str, ...] = ()      # neighbourhoods from places.yaml, e.g. ("Foleshill",)
    categories: tuple[str, ...] = ()
    booking: str | None = None
    cost: str | None = None
    accessibility: Accessibility | None = None
    repeat: Repeat | None = None
    origin: str = "hub"                   # "hub" (events/) or "feed" (a member's events_feed)
    external_url: str | None = None       # the URL an imported event gave
    keys: tuple[str, ...] = ()            # keys to connection it practises (a series declares them)

    @property
    def all_day(self) -> bool:
        return not isinstance(self.start, dt.datetime)

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def duration(self) -> dt.timedelta:
        return self.end - self.start

    @property
    def url(self) -> str:
        return f"events/{self.slug}/"

    @property
    def ics(self) -> str:
        return f"events/{self.slug}.ics"

    @property
    def rule_text(self) -> str | None:
        return describe(self.repeat.rule, self.start, self.zone) if self.repeat else None

    @property
    def clock_text(self) -> str:
        """'6:30pm to 8pm, UK time' for the series as planned; 'all day' for all-day events."""
        if self.all_day:
            return "all day"
        days = (self.end.date() - self.start.date()).days
        end = clock(self.end) + (f" {days} day{'s' if days > 1 else ''} later" if days else "")
        return f"{clock(self.start)} to {end}, {self.timezone.split('/')[-1].replace('_', ' ')} time"

    @property
    def last_day(self) -> dt.date:
        """The last day it happens on (for all-day events, `end` minus one day)."""
        if self.all_day:
            return self.end - dt.timedelta(days=1)
        return self.end.date()


@dataclass(frozen=True)
class Occurrence(_HasStatus):
    """One date of an event: aware start/end (dates for all-day events, end exclusive)."""

    event: Event
    start: dt.date | dt.datetime
    end: dt.date | dt.datetime
    status: str
    original: dt.date | dt.datetime | None = None   # RECURRENCE-ID: the start it would have had
    title: str = ""
    location: Location | None = None
    online: str | None = None
    note: str | None = None
    changed: bool = False

    @property
    def all_day(self) -> bool:
        return not isinstance(self.start, dt.datetime)

    @property
    def instant(self) -> dt.datetime:
        return _instant(self.start, self.event.zone)

    @property
    def end_instant(self) -> dt.datetime:
        return _instant(self.end, self.event.zone)

    @property
    def local_date(self) -> dt.date:
        return self.start if self.all_day else self.start.date()

    @property
    def anchor(self) -> str:
        day = self.original if self.original is not None else self.start
        day = day if not isinstance(day, dt.datetime) else day.date()
        return f"on-{day.isoformat()}"

    @property
    def iso_start(self) -> str:
        return self.start.isoformat()

    @property
    def when(self) -> str:
        return when_text(self.start, self.end, self.event.zone)

    @property
    def time_text(self) -> str:
        """'10am to 3pm (GMT)': the times alone, for a list already headed by the day."""
        if self.all_day:
            return "All day"
        return when_text(self.start, self.end, self.event.zone).split(", ", 1)[1] \
            if self.start.date() == self.end.date() else self.when

    def when_in(self, timezone: str) -> str | None:
        """The same times in another zone (e.g. the hub's), or None when it is the same zone."""
        if self.all_day or timezone == self.event.timezone:
            return None
        zone = ZoneInfo(timezone)
        return when_text(self.start.astimezone(zone), self.end.astimezone(zone), zone)

    @property
    def moved(self) -> bool:
        return self.original is not None and self.start != self.original

    @property
    def original_text(self) -> str | None:
        """'Thursday 8 April 2027': the date a moved occurrence would have had."""
        if self.original is None:
            return None
        day = self.original if not isinstance(self.original, dt.datetime) else self.original.date()
        return long_date(day)

    @property
    def day_number(self) -> int:
        return self.local_date.day

    @property
    def weekday_short(self) -> str:
        return self.local_date.strftime("%a")

    @property
    def month_short(self) -> str:
        return MONTH_NAMES[self.local_date.month - 1][:3]

    @property
    def month_label(self) -> str:
        return f"{MONTH_NAMES[self.local_date.month - 1]} {self.local_date.year}"


def _instant(value, zone: ZoneInfo) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC)
    return dt.datetime.combine(value, dt.time(), tzinfo=zone).astimezone(dt.UTC)
