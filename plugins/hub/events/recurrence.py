"""RFC 5545 recurrence rules: checked strictly for events/ files, expanded in local wall-clock time.

Expansion follows RFC 5545: the rule runs on the event's local date and time, then each occurrence
is placed in its time zone, so a 18:30 session stays at 18:30 on both sides of a clock change. A
time that does not exist (inside the spring gap) takes the offset before the gap, and a time that
happens twice (the autumn overlap) the first one, as the RFC says.

Every expansion is bounded: a series that goes MAX_SCAN calendar steps (months, or the rule's own
periods for monthly and yearly rules) without a date ends there, so a rule whose dates never exist
(FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30) costs milliseconds, not the seconds dateutil spends searching
up to the year 9999. Pure: no Pelican.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from dateutil import rrule as _rrule

from ..core.fields import Kind, suggest
from .kinds import YEARS

FREQUENCIES = ("DAILY", "WEEKLY", "MONTHLY", "YEARLY")
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
WEEKDAY_NAMES = dict(zip(WEEKDAYS, ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
                                    "Sunday")))
MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
               "October", "November", "December")
PARTS = ("FREQ", "INTERVAL", "COUNT", "UNTIL", "BYDAY", "BYMONTHDAY", "BYMONTH", "BYSETPOS", "BYWEEKNO",
         "BYYEARDAY", "WKST")
_BYDAY = re.compile(r"^([+-]?[0-9]{1,2})?(MO|TU|WE|TH|FR|SA|SU)$")
_UNTIL = re.compile(r"^([0-9]{8})(T([0-9]{6})(Z)?)?$")
_INT_LIST_RANGES = {"BYMONTHDAY": (1, 31), "BYMONTH": (1, 12), "BYSETPOS": (1, 366), "BYWEEKNO": (1, 53),
                    "BYYEARDAY": (1, 366)}
MAX_COUNT = 1000
MAX_INTERVAL = 1000
# Calendar steps without a date after which a series has ended: months for daily and weekly rules,
# the rule's own periods for monthly and yearly ones. At least ten years: a rule whose first date is
# further away than that is refused anyway ("gives no date").
MAX_SCAN = 120


class RuleError(ValueError):
    """A rule that cannot be used; the message says what to change."""


@dataclass(frozen=True)
class Rule:
    """A checked RRULE. `parts` keeps the user's order, upper-cased; UNTIL is kept as written
    (a date, a local date-time or a UTC date-time) and normalised per event by `for_ics`."""

    parts: tuple[tuple[str, str], ...]

    @property
    def mapping(self) -> dict[str, str]:
        return dict(self.parts)

    @property
    def text(self) -> str:
        return ";".join(f"{key}={value}" for key, value in self.parts)

    @property
    def freq(self) -> str:
        return self.mapping["FREQ"]

    def until(self) -> str | None:
        return self.mapping.get("UNTIL")

    def without_until(self) -> str:
        return ";".join(f"{k}={v}" for k, v in self.parts if k != "UNTIL")


def parse_rule(text: str) -> Rule:
    """Check an RRULE value strictly; raises RuleError with a message that says how to fix it."""
    text = text.strip()
    if text.upper().startswith("RRULE:"):
        text = text[6:]
    if not text:
        raise RuleError("is empty; write a rule such as FREQ=MONTHLY;BYDAY=3TH")
    if re.search(r"\s", text):
        raise RuleError(f"'{text}' has spaces in it; join the parts with ';' and no spaces, "
                        "e.g. FREQ=WEEKLY;BYDAY=TU")
    parts: list[tuple[str, str]] = []
    seen = set()
    for chunk in text.strip(";").split(";"):
        if "=" not in chunk:
            raise RuleError(f"'{chunk}' is not a NAME=VALUE part; separate parts with ';', "
                            "e.g. FREQ=WEEKLY;BYDAY=TU")
        key, value = (s.strip().upper() for s in chunk.split("=", 1))
        if key in ("BYHOUR", "BYMINUTE", "BYSECOND"):
            raise RuleError(f"{key} is not supported: an event happens at most once a day; the time "
                            "comes from 'start'. Write one event per time of day")
        if key not in PARTS:
            raise RuleError(f"'{key}' is not a rule part{suggest(key, PARTS)}; the parts are: "
                            + ", ".join(PARTS))
        if key in seen:
            raise RuleError(f"{key} is written twice; keep one")
        if not value:
            raise RuleError(f"{key} has no value")
        seen.add(key)
        parts.append((key, value))
    rule = dict(parts)
    if "FREQ" not in rule:
        raise RuleError("has no FREQ; start it with FREQ=DAILY, FREQ=WEEKLY, FREQ=MONTHLY or FREQ=YEARLY")
    freq = rule["FREQ"]
    if freq in ("SECONDLY", "MINUTELY", "HOURLY"):
        raise RuleError(f"FREQ={freq} is not supported: an event repeats at most daily")
    if freq not in FREQUENCIES:
        raise RuleError(f"FREQ={freq} is not a frequency{suggest(freq, FREQUENCIES)}; use one of: "
                        + ", ".join(FREQUENCIES))
    if "COUNT" in rule and "UNTIL" in rule:
        raise RuleError("has both COUNT and UNTIL; keep one (COUNT=6 for six dates, or UNTIL=20270630)")
    for key, limit in (("INTERVAL", MAX_INTERVAL), ("COUNT", MAX_COUNT)):
        if key in rule:
            digits = rule[key].lstrip("0")
            if not re.fullmatch(r"[0-9]+", rule[key]) or not digits:
                raise RuleError(f"{key}={rule[key]} must be a whole number of 1 or more")
            if len(digits) > len(str(limit)) or int(digits) > limit:  # int() of 5000 digits raises
                raise RuleError(f"{key}={rule[key]} is too many; the limit is {limit}" if key == "COUNT" else
                                f"INTERVAL={rule[key]} is too large; the limit is {limit}")
    if "UNTIL" in rule and not _UNTIL.match(rule["UNTIL"]):
        raise RuleError(f"UNTIL={rule['UNTIL']} is not a date; write it as YYYYMMDD, e.g. UNTIL=20270630")
    if "UNTIL" in rule:
        _until_value(rule["UNTIL"])  # a real date
    if "WKST" in rule and rule["WKST"] not in WEEKDAYS:
        raise RuleError(f"WKST={rule['WKST']} is not a weekday; use one of: " + ", ".join(WEEKDAYS))
    if "BYDAY" in rule:
        for day in rule["BYDAY"].split(","):
            match = _BYDAY.match(day)
            if not match:
                raise RuleError(f"BYDAY value '{day}' is not a weekday; use MO, TU, WE, TH, FR, SA or SU, "
                                "with a number in front for 'the nth' (3TH = third Thursday, -1FR = last Friday)")
            if match[1]:
                number = int(match[1])
                if number == 0 or abs(number) > 53:
                    raise RuleError(f"BYDAY value '{day}' has no such position; use 1 to 5 or -1 for the last")
                if freq not in ("MONTHLY", "YEARLY"):
                    raise RuleError(f"BYDAY value '{day}' has a position, which only works with "
                                    "FREQ=MONTHLY or FREQ=YEARLY")
    for key, (low, high) in _INT_LIST_RANGES.items():
        if key not in rule:
            continue
        for item in rule[key].split(","):
            if not re.fullmatch(r"[+-]?\d{1,3}", item) or not low <= abs(int(item)) <= high:
                raise RuleError(f"{key} value '{item}' must be a number from {low} to {high} (or -{high} to -1)"
                                if key != "BYMONTH" else f"BYMONTH value '{item}' must be a month number, 1 to 12")
            if key == "BYMONTH" and int(item) < 0:
                raise RuleError(f"BYMONTH value '{item}' must be a month number, 1 to 12")
    if "BYSETPOS" in rule and not any(k in rule for k in ("BYDAY", "BYMONTHDAY", "BYMONTH", "BYYEARDAY",
                                                           "BYWEEKNO")):
        raise RuleError("BYSETPOS needs another BY... part to pick from, e.g. BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1")
    if "BYWEEKNO" in rule and freq != "YEARLY":
        raise RuleError("BYWEEKNO only works with FREQ=YEARLY")
    if "BYYEARDAY" in rule and freq in ("DAILY", "WEEKLY", "MONTHLY"):
        raise RuleError("BYYEARDAY only works with FREQ=YEARLY")
    if "BYMONTHDAY" in rule and freq == "WEEKLY":
        raise RuleError("BYMONTHDAY does not work with FREQ=WEEKLY; use BYDAY, or FREQ=MONTHLY")
    return Rule(tuple(parts))


def _until_value(text: str) -> dt.date | dt.datetime:
    match = _UNTIL.match(text)
    try:
        day = dt.datetime.strptime(match[1], "%Y%m%d")
        value = dt.datetime.strptime(match[1] + match[3], "%Y%m%d%H%M%S") if match[2] else None
    except ValueError:
        raise RuleError(f"UNTIL={text} is not a real date; write it as YYYYMMDD, e.g. UNTIL=20270630") from None
    if day.year not in YEARS:
        raise RuleError(f"UNTIL={text} is outside the years the hub can show; use a year from {YEARS.start} to "
                        f"{YEARS.stop - 1}")
    if value is None:
        return day.date()
    return value.replace(tzinfo=dt.UTC) if match[4] else value


def local_until(rule: Rule, zone: ZoneInfo, all_day: bool) -> dt.date | dt.datetime | None:
    """UNTIL as a naive local value comparable with the event's start: a date for all-day events,
    else the last local second it allows (a date means 'up to the end of that day')."""
    text = rule.until()
    if text is None:
        return None
    value = _until_value(text)
    if all_day:
        if isinstance(value, dt.datetime):
            if value.tzinfo is not None:
                value = value.astimezone(zone)
            return value.date()
        return value
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            return value.astimezone(zone).replace(tzinfo=None)
        return value
    return dt.datetime.combine(value, dt.time(23, 59, 59))


def ics_until(rule: Rule, zone: ZoneInfo, all_day: bool) -> str | None:
    """UNTIL as RFC 5545 wants it: a DATE for all-day events, else a UTC date-time."""
    value = local_until(rule, zone, all_day)
    if value is None:
        return None
    if all_day:
        return value.strftime("%Y%m%d")
    return value.replace(tzinfo=zone).astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def ics_rule(rule: Rule, zone: ZoneInfo, all_day: bool) -> str:
    until = ics_until(rule, zone, all_day)
    parts = [(k, v) for k, v in rule.parts if k != "UNTIL"]
    if until:
        parts.append(("UNTIL", until))
    # FREQ first: some clients (and RFC 5545's examples) expect it there.
    parts.sort(key=lambda kv: kv[0] != "FREQ")
    return ";".join(f"{k}={v}" for k, v in parts)


def _as_datetime(value: dt.date | dt.datetime) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value
    return dt.datetime.combine(value, dt.time())


class _ScanBudgetSpent(Exception):
    pass


class _BoundedRule(_rrule.rrule):
    """dateutil's rrule, ending the series after MAX_SCAN calendar steps without a date.

    dateutil searches period by period up to the year 9999 for the next date and has no limit of its
    own (dateutil issue #1393). Its iterator re-reads `_byeaster` (the BYEASTER part, which the hub
    never uses) each time it steps into a new month, or a new period for monthly and yearly rules:
    counting those reads bounds the search deterministically while dateutil still does all of the
    expansion. A test in test_hostile_inputs pins this hook, so a dateutil change cannot silently undo it."""

    def __init__(self, *args, **kwargs):
        self.steps_without_date = 0
        super().__init__(*args, **kwargs)

    @property
    def _byeaster(self):
        self.steps_without_date += 1
        if self.steps_without_date > MAX_SCAN:
            raise _ScanBudgetSpent
        return None

    @_byeaster.setter
    def _byeaster(self, value):
        if value is not None:
            raise ValueError("BYEASTER is not supported")

    def _iter(self):
        self.steps_without_date = 0
        try:
            for value in super()._iter():
                self.steps_without_date = 0
                yield value
        except _ScanBudgetSpent:
            return


_FREQUENCY_CODES = {"DAILY": _rrule.DAILY, "WEEKLY": _rrule.WEEKLY, "MONTHLY": _rrule.MONTHLY,
                    "YEARLY": _rrule.YEARLY}
_NUMBER_LISTS = {"BYMONTHDAY": "bymonthday", "BYMONTH": "bymonth", "BYSETPOS": "bysetpos", "BYWEEKNO": "byweekno",
                 "BYYEARDAY": "byyearday"}


def _weekday(text: str) -> _rrule.weekday:
    match = _BYDAY.match(text)
    day = _rrule.weekdays[WEEKDAYS.index(match[2])]
    return day(int(match[1])) if match[1] else day


def rule_set(rule: Rule, start: dt.date | dt.datetime, zone: ZoneInfo) -> _rrule.rrule:
    """A dateutil rule producing naive local datetimes (midnight for all-day events), bounded."""
    parts = rule.mapping
    options = {"freq": _FREQUENCY_CODES[parts["FREQ"]], "interval": int(parts.get("INTERVAL", "1")),
               "dtstart": _as_datetime(start), "cache": False}
    if "COUNT" in parts:
        options["count"] = int(parts["COUNT"])
    until = local_until(rule, zone, not isinstance(start, dt.datetime))
    if until is not None:
        options["until"] = _as_datetime(until)
    for key, name in _NUMBER_LISTS.items():
        if key in parts:
            options[name] = [int(item) for item in parts[key].split(",")]
    if "BYDAY" in parts:
        options["byweekday"] = [_weekday(day) for day in parts["BYDAY"].split(",")]
    if "WKST" in parts:
        options["wkst"] = WEEKDAYS.index(parts["WKST"])
    return _BoundedRule(**options)


def local_dates(rule: Rule, start, zone: ZoneInfo, after: dt.datetime | None = None,
                before: dt.datetime | None = None, limit: int | None = None):
    """Naive local starts of the series between `after` and `before` (inclusive; naive local). A
    series with no date for MAX_SCAN calendar steps ends there."""
    compiled = rule_set(rule, start, zone)
    out = []
    for value in compiled:
        if before is not None and value > before:
            break
        if after is not None and value < after:
            continue
        out.append(value)
        if limit is not None and len(out) >= limit:
            break
    return out


def place(local: dt.datetime, zone: ZoneInfo) -> dt.datetime:
    """Naive local wall time -> aware datetime (fold=0: RFC 5545's rule for gaps and overlaps)."""
    return local.replace(tzinfo=zone, fold=0)


def nonexistent(local: dt.datetime, zone: ZoneInfo) -> bool:
    """True when the wall-clock time is skipped by a clock change (e.g. 01:30 on the last Sunday
    of March in London)."""
    aware = local.replace(tzinfo=zone)
    return aware.astimezone(dt.UTC).astimezone(zone).replace(tzinfo=None) != local


_ORDINALS = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth", -1: "last", -2: "second to last"}


def _day_phrase(days: str) -> str:
    names = []
    for day in days.split(","):
        match = _BYDAY.match(day)
        number = int(match[1]) if match[1] else None
        name = WEEKDAY_NAMES[match[2]]
        names.append(f"the {_ORDINALS.get(number, f'{number}th')} {name}" if number else name)
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def describe(rule: Rule, start, zone: ZoneInfo) -> str:
    """'Every month on the third Thursday', 'Every 2 weeks on Tuesday, until 30 June 2027' ..."""
    parts = rule.mapping
    interval = int(parts.get("INTERVAL", "1"))
    unit = {"DAILY": "day", "WEEKLY": "week", "MONTHLY": "month", "YEARLY": "year"}[rule.freq]
    text = f"Every {unit}" if interval == 1 else f"Every {interval} {unit}s"
    simple = set(parts) <= {"FREQ", "INTERVAL", "COUNT", "UNTIL", "BYDAY", "BYMONTHDAY", "WKST"}
    if not simple:
        text = f"Repeats ({rule.text})"
    elif "BYDAY" in parts:
        text += f" on {_day_phrase(parts['BYDAY'])}"
    elif "BYMONTHDAY" in parts:
        days = [int(d) for d in parts["BYMONTHDAY"].split(",")]
        text += " on day " + ", ".join("last" if d == -1 else str(d) for d in days)
    elif rule.freq == "WEEKLY":
        text += f" on {start.strftime('%A')}"
    elif rule.freq == "MONTHLY":
        text += f" on day {start.day}"
    elif rule.freq == "YEARLY":
        text += f" on {start.day} {MONTH_NAMES[start.month - 1]}"
    if "COUNT" in parts:
        count = int(parts["COUNT"])
        text += f", {count} time{'s' if count != 1 else ''} in all"
    until = local_until(rule, zone, not isinstance(start, dt.datetime))
    if until is not None:
        day = until if not isinstance(until, dt.datetime) else until.date()
        text += f", until {day.day} {MONTH_NAMES[day.month - 1]} {day.year}"
    return text


@dataclass(frozen=True)
class RRule(Kind):
    """An RFC 5545 recurrence rule such as `FREQ=MONTHLY;BYDAY=3TH`."""

    doc = "RFC 5545 RRULE, e.g. `FREQ=MONTHLY;BYDAY=3TH`"

    def check(self, value, path, checker):
        if not isinstance(value, str):
            return checker.problem(path, "expected a rule such as FREQ=MONTHLY;BYDAY=3TH, found "
                                   f"{'a number' if isinstance(value, (int, float)) else type(value).__name__}")
        try:
            return parse_rule(value)
        except RuleError as error:
            return checker.problem(path, str(error))

    def json_schema(self) -> dict:
        return {"type": "string", "pattern": "^(RRULE:)?FREQ=|;FREQ="}
