"""Keeping profiles fresh (`invoke stale`): profiles nobody has confirmed for a while, and offers and
needs past their `until` day. An out-of-date offer is a disappointment waiting to happen.

The report reads the valid tree (`tree.load_tree`, which already set expired items aside) and
each profile's lines, so every entry points at the line to change, like a validation problem.
"""
from __future__ import annotations

import datetime as dt

from dateutil.relativedelta import relativedelta

from .model import Hub
from .settings import HubSettings
from .yamlio import Problem, field_name, read_file


def _day(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def stale_report(hub: Hub, settings: HubSettings, months: int = 12) -> list[Problem]:
    """Each profile last confirmed more than `months` months before the build's day (or never), and
    each offer or need whose `until` day has passed, as `path:line: field: message`."""
    today = settings.today
    cutoff = today - relativedelta(months=months)
    confirm = (f"ask the member to check the whole profile, then set 'reviewed: {today.isoformat()}' "
               "(the day they confirmed it)")
    problems: list[Problem] = []
    for member in sorted(hub.members, key=lambda m: m.source):
        doc, _ = read_file(settings.root / member.source, member.source)
        confirmed = member.last_confirmed
        if confirmed is None:
            problems.append(Problem(member.source, doc.line_of(("name",)), "reviewed",
                                    f"never confirmed (no 'reviewed' or 'updated' date); {confirm}"))
        elif confirmed < cutoff:
            which = "reviewed" if confirmed == member.reviewed else "updated"
            problems.append(Problem(member.source, doc.line_of((which,)), which,
                                    f"last confirmed on {_day(confirmed)}, more than {months} month(s) ago; {confirm}"))
        for item in member.expired:
            path = (f"{item.kind}s", item.index, "until")
            problems.append(Problem(member.source, doc.line_of(path), field_name(path),
                                    f"'{item.title}' ended on {_day(item.until)} and is no longer shown; remove "
                                    "it, or give a later 'until' day if it still applies"))
    return problems


def stale_summary(problems: list[Problem], months: int) -> str:
    profiles = len({p.source for p in problems if not p.field.endswith(".until")})
    items = sum(1 for p in problems if p.field.endswith(".until"))
    if not problems:
        return f"Every profile was confirmed in the last {months} months, and no offer or need is past its date."
    return (f"{profiles} profile(s) to confirm (none in the last {months} months) and {items} offer(s) or need(s) "
            "past their 'until' day.")
