"""Kinds of value used only by events (events/*.yaml): local date-times, time zones, durations,
map points. Each checks one value and explains what is wrong, like the kinds in `core.fields`."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ..core.fields import DAY_PATTERN, YEARS, Kind, _describe, day_of, year_problem

# Years an event may be in (core.fields.YEARS): every date the hub computes from them (time zone
# changes, a series' dates, the feeds' VTIMEZONEs) stays far inside what Python's datetime can hold.

# A day as `2026-12-17` or, day first, `17/12/2026`, then a time or not.
_DATE_TIME = re.compile(rf"^{DAY_PATTERN}(?:[ T]+(?P<hour>\d{{1,2}}):(?P<minute>\d{{2}})(?::(?P<second>\d{{2}}))?)?$")
_TIME = re.compile(r"^(\d{1,2})[:.](\d{2})$")


def _time_from_sexagesimal(value: int) -> dt.time | None:
    """YAML 1.1 reads an unquoted `20:00` as the number 1200 (20 * 60): undo that."""
    hours, minutes = divmod(value, 60)
    return dt.time(hours, minutes) if value >= 0 and hours < 24 else None


@dataclass(frozen=True)
class LocalDateTime(Kind):
    """A local date and time (`2026-12-17 18:30`), or a date alone for an all-day event. With
    `time_only`, a time alone (`"20:00"`) is accepted too and returned as a `datetime.time`."""

    time_only: bool = False

    @property
    def doc(self) -> str:
        return ("date and time `YYYY-MM-DD HH:MM`, a date `YYYY-MM-DD`"
                + (", or a time `HH:MM`" if self.time_only else ""))

    def check(self, value, path, checker):
        example = ("write it as YYYY-MM-DD HH:MM or DD/MM/YYYY HH:MM (24-hour clock), e.g. 2026-12-17 18:30, or a "
                   "date alone")
        if isinstance(value, dt.date):
            if isinstance(value, dt.datetime) and value.tzinfo is not None:
                return checker.problem(path, f"'{value.isoformat()}' has a UTC offset; write the local time "
                                       f"('{value.strftime('%Y-%m-%d %H:%M')}') and set 'timezone' instead")
            problem = year_problem(value, YEARS)
            if problem:
                return checker.problem(path, problem)
            return value.replace(microsecond=0) if isinstance(value, dt.datetime) else value
        if isinstance(value, int) and not isinstance(value, bool):
            time = _time_from_sexagesimal(value)
            if self.time_only and time is not None:
                return time
            if time is not None:
                return checker.problem(path, "has a time but no date; " + example)
            if self.time_only and ":" in str(value):  # an unquoted 25:00 that YAML read as the number 1500
                return checker.problem(path, f"'{value}' is not a time of day; use the 24-hour clock, e.g. 20:00")
            return checker.problem(path, f"'{value}' is not a date and time; " + example)
        if not isinstance(value, str):
            return checker.problem(path, f"expected a date and time, found {_describe(value)}; " + example)
        text = value.strip()
        if self.time_only and (match := _TIME.match(text)):
            hour, minute = int(match[1]), int(match[2])
            if hour < 24 and minute < 60:
                return dt.time(hour, minute)
            return checker.problem(path, f"'{text}' is not a time of day; use the 24-hour clock, e.g. 20:00")
        if _TIME.match(text):
            return checker.problem(path, f"'{text}' has a time but no date; " + example)
        match = _DATE_TIME.match(text)
        if not match:
            return checker.problem(path, f"'{text}' is not a date and time; " + example)
        year, month, day = day_of(match)
        hour, minute, second = (int(match[part]) if match[part] else None for part in ("hour", "minute", "second"))
        try:
            value = dt.date(year, month, day) if hour is None else dt.datetime(year, month, day, hour, minute,
                                                                               second or 0)
        except ValueError as error:
            return checker.problem(path, f"'{text}' is not a real date and time ({error}); " + example)
        problem = year_problem(value, YEARS)
        return value if problem is None else checker.problem(path, problem)

    def json_schema(self) -> dict:
        return {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}([ T]\d{1,2}:\d{2}(:\d{2})?)?$"
                + (r"|^\d{1,2}:\d{2}$" if self.time_only else "")}



_DURATION_PART = re.compile(r"(\d+(?:\.\d+)?)\s*(days?|d|hours?|hrs?|h|minutes?|mins?|m)\b", re.I)
_ISO_DURATION = re.compile(r"^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?)?$")


@dataclass(frozen=True)
class Duration(Kind):
    """How long something lasts: `90 minutes`, `1h30`, `2 hours`, `3 days`, `PT1H30M`; a plain number
    (or an unquoted `1:30`) counts minutes."""

    max_days: int = 62
    doc = "duration, e.g. `90 minutes`, `1h30`, `2 days`"

    def check(self, value, path, checker):
        hint = "write it like '90 minutes', '1h30', '2 hours' or '3 days'"
        if isinstance(value, bool) or value is None:
            return checker.problem(path, f"expected a duration, found {_describe(value)}; {hint}")
        try:
            delta = self._delta(value)
        except OverflowError:  # more days than a timedelta holds, or .inf
            delta = dt.timedelta.max
        except ValueError:  # .nan
            delta = None
        if delta is None:
            return checker.problem(path, f"'{value}' is not a duration; {hint}")
        if delta <= dt.timedelta(0):
            return checker.problem(path, f"'{value}' is not a positive duration; {hint}")
        if delta > dt.timedelta(days=self.max_days):
            return checker.problem(path, f"'{value}' is longer than {self.max_days} days; for a long-running "
                                   "activity, add one event per session or use 'repeat'")
        return delta

    @staticmethod
    def _delta(value) -> dt.timedelta | None:
        delta = None
        if isinstance(value, (int, float)):
            delta = dt.timedelta(minutes=value)
        elif isinstance(value, str):
            text = value.strip()
            iso = _ISO_DURATION.match(text.upper())
            if iso and text.upper() not in ("P", "PT"):
                weeks, days, hours, minutes = (int(g or 0) for g in iso.groups())
                delta = dt.timedelta(weeks=weeks, days=days, hours=hours, minutes=minutes)
            else:
                parts = _DURATION_PART.findall(text)
                rest = _DURATION_PART.sub("", text).replace("and", "").strip(" ,")
                if parts and not rest:
                    delta = dt.timedelta()
                    for amount, unit in parts:
                        unit = unit.lower()
                        key = "days" if unit.startswith("d") else "hours" if unit.startswith("h") else "minutes"
                        delta += dt.timedelta(**{key: float(amount)})
                elif re.fullmatch(r"(\d+)h(\d{1,2})", text.lower()):
                    hours, minutes = re.fullmatch(r"(\d+)h(\d{1,2})", text.lower()).groups()
                    delta = dt.timedelta(hours=int(hours), minutes=int(minutes))
        return delta

    def json_schema(self) -> dict:
        return {"type": ["string", "number"]}


@dataclass(frozen=True)
class GeoPoint(Kind):
    """Latitude and longitude in decimal degrees: `[52.4118, -1.4882]` or `"52.4118, -1.4882"`."""

    doc = "latitude and longitude, e.g. `[52.4118, -1.4882]`"

    def check(self, value, path, checker):
        hint = "write it as [latitude, longitude] in decimal degrees, e.g. [52.4118, -1.4882]"
        if isinstance(value, str):
            value = [part.strip() for part in value.split(",")]
        if not isinstance(value, list) or len(value) != 2:
            return checker.problem(path, f"expected two numbers, found {_describe(value)}; {hint}")
        try:
            lat, lon = (float(part) for part in value)
        except (TypeError, ValueError):
            return checker.problem(path, f"'{value[0]}, {value[1]}' are not numbers; {hint}")
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            return checker.problem(path, f"{lat}, {lon} is not on Earth: latitude must be between -90 and 90 "
                                   f"and longitude between -180 and 180; {hint}")
        return (round(lat, 6), round(lon, 6))

    def json_schema(self) -> dict:
        return {"type": "array", "items": {"type": "number"}, "minItems": 2, "maxItems": 2}
