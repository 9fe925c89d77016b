"""What coordinators act on: who to contact at each member (`invoke contacts`), and for each profile
nobody has confirmed for a while, a reminder ready to send (`invoke stale`). Pure: the hub, its
settings and the private store's contacts (contribute.private) in, rows and texts out.

Who to contact comes from the private store when it holds the member (the coordinators' own
contact), else from the contact the member publishes; a member with neither is said so, with its
website, so the coordinators know to ask another way.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass

from ..core.freshness import stale_report
from ..core.model import Hub
from ..core.settings import HubSettings
from ..core.yamlio import Problem

PRIVATE, PUBLISHED, NONE = "private store", "published", "none"


def _day(day: dt.date | None) -> str:
    return f"{day.day} {day:%B %Y}" if day else "never"


@dataclass(frozen=True)
class Contact:
    """Who to contact at a member, and where that came from (PRIVATE, PUBLISHED or NONE)."""

    name: str = ""
    email: str = ""
    phone: str = ""
    source: str = NONE

    def text(self) -> str:
        if self.source == NONE:
            return "no contact on record"
        return f"{', '.join(part for part in (self.name, self.email, self.phone) if part)} ({self.source})"


def who_to_contact(member, private: dict[str, dict]) -> Contact:
    if member.slug in private:
        found = private[member.slug]
        return Contact(found.get("name") or "", found.get("email") or "", found.get("phone") or "", PRIVATE)
    if member.contact is not None and (member.contact.name or member.contact.email or member.contact.phone):
        return Contact(member.contact.name or "", member.contact.email or "", member.contact.phone or "", PUBLISHED)
    return Contact()


@dataclass(frozen=True)
class SheetRow:
    """One member on the coordinators' contact sheet."""

    member: str
    profile: str  # the profile's file
    page: str     # its page on the public site
    contact: Contact
    last_confirmed: dt.date | None
    website: str = ""

    @property
    def source(self) -> str:
        return self.contact.source

    def text(self) -> str:
        extra = f"; website {self.website}" if self.contact.source == NONE and self.website else ""
        return (f"{self.member} ({self.profile}): {self.contact.text()}{extra}; last confirmed "
                f"{_day(self.last_confirmed)}")

    def cells(self) -> list[str]:
        return [self.member, self.profile, self.page, self.contact.name, self.contact.email, self.contact.phone,
                self.contact.source, self.last_confirmed.isoformat() if self.last_confirmed else "", self.website]


SHEET_HEADINGS = ["Member", "Profile", "Page", "Contact name", "Email", "Phone", "Contact from", "Last confirmed",
                  "Website"]


def contact_sheet(hub: Hub, settings: HubSettings, private: dict[str, dict]) -> list[SheetRow]:
    return [SheetRow(member.name, member.source, settings.public(member.url), who_to_contact(member, private),
                     member.last_confirmed, member.website or "")
            for member in hub.members]


@dataclass(frozen=True)
class Reminder:
    """A profile to confirm: why (its `invoke stale` lines), who to ask, and the message to send."""

    member: str
    slug: str
    reasons: tuple[Problem, ...]
    contact: Contact
    subject: str
    message: str
    website: str = ""

    def text(self) -> str:
        ask = self.contact.text()
        if self.contact.source == NONE:
            ask += (f": ask through their website ({self.website})" if self.website else
                    ": ask the members who know them, or remove the profile if the group has closed")
        lines = [f"{self.member}", *(f"  {reason}" for reason in self.reasons), f"  Who to contact: {ask}",
                 "  Reminder to send:", f"    Subject: {self.subject}", "    ",
                 *(f"    {line}" if line else "    " for line in self.message.splitlines())]
        return "\n".join(line.rstrip() for line in lines)

    def cells(self) -> list[str]:
        return [self.member, self.slug, "; ".join(str(reason) for reason in self.reasons), self.contact.name,
                self.contact.email, self.contact.phone, self.contact.source, self.subject, self.message]


REMINDER_HEADINGS = ["Member", "Profile", "Why", "Contact name", "Email", "Phone", "Contact from", "Subject",
                     "Message"]


def _message(member, contact: Contact, settings: HubSettings, months: int, unconfirmed: bool) -> str:
    confirmed, expired = member.last_confirmed, member.expired
    lines = [f"Hello {contact.name or 'there'},", "",
             f"{member.name} has a profile on {settings.site_name}: {settings.public(member.url)}"]
    if unconfirmed:
        lines.append(f"It was last confirmed on {_day(confirmed)}, more than {months} month{'s' if months != 1 else ''}"
                     " ago." if confirmed else "Nobody has confirmed it since it was added.")
    lines.append("")
    if expired:
        lines += ["These are no longer shown, because the last day you gave for them has passed:"]
        lines += [f"- {item.title} (until {_day(item.until)})" for item in expired]
        lines += ["If any of them still applies, tell us until when.", ""]
    lines += ["Could you check that it is still right? If it is, just reply to say so. If something has changed, "
              "reply with what to change, or change it yourself here: "
              f"{settings.public('join/')}?member={member.slug}", "",
              "Thank you,", f"The coordinators of {settings.site_name}", settings.coordinators_email]
    return "\n".join(lines) + "\n"


def reminders(hub: Hub, settings: HubSettings, private: dict[str, dict], months: int = 12) -> list[Reminder]:
    """One reminder for each member `invoke stale` lists (a profile to confirm, or an offer or need past
    its day), in the order of the report."""
    by_source = {member.source: member for member in hub.members}
    reasons: dict[str, list[Problem]] = {}
    for problem in stale_report(hub, settings, months):
        reasons.setdefault(problem.source, []).append(problem)
    found = []
    for source, problems in reasons.items():
        member = by_source[source]
        contact = who_to_contact(member, private)
        subject = f"Is your profile on {settings.site_name} still right?"
        unconfirmed = any(not problem.field.endswith(".until") for problem in problems)
        found.append(Reminder(member.name, member.slug, tuple(problems), contact, subject,
                              _message(member, contact, settings, months, unconfirmed), member.website or ""))
    return found


def _cell(text: str) -> str:
    """A cell a spreadsheet shows as text: one that starts like a formula ('=', '+', '-', '@') gets a
    leading apostrophe, so a member's name such as '=HYPERLINK(...)' is never run when the sheet opens."""
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def csv_text(headings: list[str], rows) -> str:
    """Rows (SheetRow or Reminder) as CSV under `headings`, for a spreadsheet or a mail merge."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(headings)
    writer.writerows([_cell(cell) for cell in row.cells()] for row in rows)
    return out.getvalue()
