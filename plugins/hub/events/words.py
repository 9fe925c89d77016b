"""Dates and times in words, as the pages and calendars show them: 'Thursday 17 December 2026,
6:30pm to 8pm (GMT)'. Pure."""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from .recurrence import MONTH_NAMES


def long_date(day: dt.date) -> str:
    return f"{day.strftime('%A')} {day.day} {MONTH_NAMES[day.month - 1]} {day.year}"


def clock(moment: dt.datetime | dt.time) -> str:
    if moment.hour == 0 and moment.minute == 0:
        return "midnight"
    if moment.hour == 12 and moment.minute == 0:
        return "12 noon"
    hour = moment.hour % 12 or 12
    minutes = f":{moment.minute:02d}" if moment.minute else ""
    return f"{hour}{minutes}{'am' if moment.hour < 12 else 'pm'}"


def zone_label(zone: ZoneInfo, moment: dt.datetime) -> str:
    """'GMT', 'BST'; a zone whose abbreviation is only an offset ('+04') shows its city too."""
    abbreviation = moment.tzname() or ""
    city = str(zone.key).split("/")[-1].replace("_", " ")
    if not abbreviation or abbreviation[0] in "+-":
        return f"{city} time"
    return abbreviation


def when_text(start, end, zone: ZoneInfo) -> str:
    """'Thursday 17 December 2026, 6:30pm to 8pm (GMT)' and friends; `end` is exclusive."""
    if not isinstance(start, dt.datetime):
        last = end - dt.timedelta(days=1)
        if last <= start:
            return f"{long_date(start)} (all day)"
        return f"{long_date(start)} to {long_date(last)} (all day)"
    label = zone_label(zone, start)
    end_label = zone_label(zone, end)
    if start.date() == end.date() or (end - start <= dt.timedelta(hours=24) and end.time() == dt.time()
                                      and end.date() == start.date() + dt.timedelta(days=1)):
        text = f"{long_date(start.date())}, {clock(start)} to {clock(end)}"
    else:
        text = f"{long_date(start.date())}, {clock(start)} to {long_date(end.date())}, {clock(end)}"
    return f"{text} ({label})" if label == end_label else f"{text} ({label} to {end_label})"
