"""The hub's own numbers for a quarter: what its files (and git) say about members, profiles, offers
and needs, events and matches from 1 July to 30 September. `invoke report-stats 2026-Q3` prints
them; a report shows them where it says `[hub numbers]` (or `[hub numbers: members, events]`).

Each section comes from a provider: a function of a `Context`, registered by name with `@provider`.
A new kind of number (introductions made, say) is one more provider; nothing else changes. A
provider says where its numbers come from, and when the data cannot say for that quarter, why not:
the report leaves the section out and `report-stats` prints the reason.

Where the numbers come from (docs/publishing.md says the same):
- members at the start and end, joined: each profile's `joined` date, else the day git added its
  file; members who left: the day git removed a file;
- profiles updated: `updated` (and `reviewed`) dates, and changes git recorded to the files;
- offers and needs, matches and unmet needs: the profiles as they were at the end of the quarter:
  today's files for the quarter under way, git's copy for an earlier one;
- events held: the dates of events/ and of members' calendars, which never need git.
Pure: no Pelican.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from markupsafe import Markup, escape

from ..core.loader import member_from_document
from ..core.model import Hub
from ..core.settings import HubSettings
from ..core.yamlio import parse_text
from . import charts
from .history import History, read_history
from .model import Figure
from .periods import Period


@dataclass(frozen=True)
class Table:
    caption: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Section:
    name: str                          # as written in [hub numbers: name]
    title: str
    rows: tuple[tuple[str, str], ...] = ()   # (what, number)
    tables: tuple[Table, ...] = ()
    figures: tuple[Figure, ...] = ()
    source: str = ""
    notes: tuple[str, ...] = ()        # for readers of the report
    caveats: tuple[str, ...] = ()      # for coordinators (report-stats): what is missing and how to fix it
    unknown: str | None = None         # why the data cannot say, for this quarter


@dataclass
class Context:
    """What providers read: the hub now, the quarter, today and (when asked for) git's history."""

    hub: Hub
    settings: HubSettings
    period: Period
    history_reader: Callable[[], History] | None = None
    current_matching: object | None = None   # the build's matching of `hub`, when already computed
    _hubs: dict = field(default_factory=dict)
    _matchings: dict = field(default_factory=dict)

    def matching(self, hub: Hub):
        """The suggested matches of `hub` (today's or one from history), computed once."""
        if hub is self.hub and self.current_matching is not None:
            return self.current_matching
        if id(hub) not in self._matchings:
            self._matchings[id(hub)] = matching_of(hub)
        return self._matchings[id(hub)]

    @cached_property
    def today(self) -> dt.date:
        return self.settings.today

    @property
    def ongoing(self) -> bool:
        return self.period.start <= self.today <= self.period.end

    @property
    def started(self) -> bool:
        return self.period.start <= self.today

    @property
    def last_day(self) -> dt.date:
        """The quarter's last day, or today while it is under way."""
        return min(self.period.end, self.today)

    @cached_property
    def history(self) -> History:
        reader = self.history_reader or (lambda: read_history(self.settings.root, self.settings.members_dir,
                                                              self.settings.zone))
        return reader()

    def day_text(self, day: dt.date) -> str:
        return f"{day.day} {day.strftime('%B %Y')}"

    @property
    def end_text(self) -> str:
        return f"{self.day_text(self.today)}, so far" if self.ongoing else self.day_text(self.period.end)

    def hub_at(self, day: dt.date) -> tuple[Hub | None, str]:
        """The members as they were at the end of `day`: today's files when `day` is today or later,
        else git's copy. (None, why) when the history does not reach back to it."""
        if day >= self.today:
            return self.hub, ""
        if day not in self._hubs:
            self._hubs[day] = self._hub_from_history(day)
        return self._hubs[day]

    def _hub_from_history(self, day: dt.date) -> tuple[Hub | None, str]:
        history = self.history
        files = history.snapshot(day) if history.available else None
        if files is None:
            why = history.reason if not history.available or history.shallow else \
                f"the hub's history starts on {self.day_text(history.start)}"
            return None, f"the profiles as they were on {self.day_text(day)} are not known: {why}"
        members = []
        for name, raw in sorted(files.items()):
            doc, problems = parse_text(raw.decode("utf-8", "replace"), f"{self.settings.members_dir}/{name}")
            if problems:
                continue
            member, _ = member_from_document(doc, name.rsplit(".", 1)[0], self.hub.vocabulary)
            if member is not None:  # a profile that was invalid then (or under today's categories) is left out
                members.append(member)
        members.sort(key=lambda m: m.sort_key)
        return Hub(vocabulary=self.hub.vocabulary, members=tuple(members), events=self.hub.events), ""


Provider = Callable[[Context], Section | None]
PROVIDERS: dict[str, tuple[str, Provider]] = {}


def provider(name: str, title: str):
    """Register a section of the hub's numbers under `name` (what `[hub numbers: name]` says)."""
    def register(function: Provider) -> Provider:
        PROVIDERS[name] = (title, function)
        return function
    return register


def matching_of(hub: Hub):
    """The hub's suggested matches: the one place the numbers call the matcher."""
    from ..matching.matcher import match_hub

    return match_hub(hub)


def _names(members) -> str:
    return ", ".join(m.name for m in members)


def _count(number: int, one: str, many: str | None = None) -> str:
    return f"{number} {one if number == 1 else (many or one + 's')}"


# --- the providers --------------------------------------------------------------------------------

@provider("members", "Members")
def members_section(context: Context) -> Section:
    history = context.history
    files = history.files() if history.available else {}
    joined_on = {m.slug: m.joined or (files.get(m.slug).added if m.slug in files else None)
                 for m in context.hub.members}
    removed = {slug: entry for slug, entry in files.items() if entry.removed and slug not in joined_on}
    start, end = context.period.start, context.last_day

    def members_on(day: dt.date) -> int:
        present = sum(1 for joined in joined_on.values() if joined is not None and joined <= day)
        gone = sum(1 for entry in removed.values() if entry.added is not None and entry.added <= day < entry.removed)
        return present + gone

    before = members_on(start - dt.timedelta(days=1))
    after = members_on(end)
    joined = [m.name for m in context.hub.members
              if joined_on[m.slug] is not None and start <= joined_on[m.slug] <= end]
    joined += [f"{slug} (profile since removed)" for slug, entry in sorted(removed.items())
               if entry.added is not None and start <= entry.added <= end]
    rows = [(f"Members at the start ({context.day_text(start)})", str(before)),
            (f"Members at the end ({context.end_text})", str(after)),
            ("Joined during the quarter", str(len(joined)))]
    if history.covers(start):
        left = [slug for slug, entry in removed.items() if start <= entry.removed <= end]
        rows.append(("Left during the quarter", str(len(left))))
    notes, caveats = [], []
    if joined:
        notes.append(f"Joined: {', '.join(joined)}.")
    unknown = [m for m in context.hub.members if joined_on[m.slug] is None]
    if unknown:
        caveats.append(f"{_count(len(unknown), 'profile')} with no `joined` date and no history "
                       f"({_names(unknown)}) {'is' if len(unknown) == 1 else 'are'} not counted: add `joined:`.")
    if not history.covers(start):
        caveats.append("Members who left are not known: " + (history.reason or
                       f"the hub's history starts on {context.day_text(history.start)}") + ".")
    chart = Figure(name="numbers-members", kind="before-after", label="Member organisations", measure="count",
                   before=before, after=after, before_label=f"Start, {context.day_text(start)}",
                   after_label=f"End, {context.end_text}", source="the hub's profiles")
    return Section("members", "Members", tuple(rows), figures=(chart,),
                   source="Each profile's `joined` date (else the day its file was added to git); members "
                          "who left: the day git removed their file.", notes=tuple(notes), caveats=tuple(caveats))


@provider("profiles", "Profiles kept up to date")
def profiles_section(context: Context) -> Section:
    history = context.history
    files = history.files() if history.available else {}
    start, end = context.period.start, context.last_day
    updated = []
    for member in context.hub.members:
        days = [day for day in (member.updated, getattr(member, "reviewed", None)) if day is not None]
        days += files[member.slug].changed if member.slug in files else []
        if any(start <= day <= end for day in days):
            updated.append(member)
    complete = history.covers(start)
    rows = (("Profiles updated or checked during the quarter" if complete else
             "Profiles updated or checked during the quarter (at least)", str(len(updated))),)
    caveats = () if complete else (("Only the latest `updated` date of each profile is known: " + (
        history.reason or f"the hub's history starts on {context.day_text(history.start)}") + "."),)
    if not complete and not updated:
        return Section("profiles", "Profiles kept up to date", unknown="changes to profiles before the hub's history "
                       "are not known: " + (history.reason or f"it starts on {context.day_text(history.start)}"))
    return Section("profiles", "Profiles kept up to date", rows, caveats=caveats,
                   source="`updated` and `reviewed` dates in the profiles, and changes git recorded to their files.")


@provider("offers-and-needs", "Offers and needs by category")
def offers_and_needs_section(context: Context) -> Section:
    end_hub, why = context.hub_at(context.last_day)
    if end_hub is None:
        return Section("offers-and-needs", "Offers and needs by category", unknown=why)
    previous_hub, previous_why = context.hub_at(context.period.previous.end)

    def counts(hub: Hub) -> tuple[Counter, Counter]:
        return (Counter(item.category for m in hub.members for item in m.offers),
                Counter(item.category for m in hub.members for item in m.needs))

    offers, needs = counts(end_hub)
    before = counts(previous_hub) if previous_hub is not None else None
    columns = ("Category", "Offers", "Needs") + (("Change in offers", "Change in needs") if before else ())
    rows = []
    for category in context.hub.vocabulary:
        seen = (offers[category.key], needs[category.key]) + ((before[0][category.key], before[1][category.key])
                                                               if before else ())
        if not any(seen):
            continue
        row = (category.label, str(offers[category.key]), str(needs[category.key]))
        if before:
            row += (_change(offers[category.key] - before[0][category.key]),
                    _change(needs[category.key] - before[1][category.key]))
        rows.append(row)
    total = ("All categories", str(sum(offers.values())), str(sum(needs.values())))
    if before:
        total += (_change(sum(offers.values()) - sum(before[0].values())),
                  _change(sum(needs.values()) - sum(before[1].values())))
    caveats = () if before else (f"Change since the quarter before ({context.period.previous}) is not known: "
                                 f"{previous_why}.",)
    return Section("offers-and-needs", "Offers and needs by category",
                   rows=(("Offers of support", str(sum(offers.values()))),
                         ("Needs for support", str(sum(needs.values())))),
                   tables=(Table(f"Offers and needs by category at the end of the quarter ({context.end_text})",
                                 columns, (*rows, total)),),
                   source="The profiles at the end of the quarter" + (", and at the end of the quarter before."
                                                                      if before else "."),
                   caveats=caveats)


def _change(number: int) -> str:
    return f"+{number}" if number > 0 else ("no change" if number == 0 else f"−{-number}")


@provider("events", "Events held")
def events_section(context: Context) -> Section:
    from ..events.agenda import build_agenda
    from ..events.catalogue import occurrences

    zone = context.settings.zone
    start = dt.datetime.combine(context.period.start, dt.time(), tzinfo=zone)
    end = min(dt.datetime.combine(context.period.end + dt.timedelta(days=1), dt.time(), tzinfo=zone),
              context.settings.now)
    agenda = build_agenda(context.hub, context.settings)
    held = [occ for event in agenda.events for occ in occurrences(event, start, end)
            if not occ.cancelled and start <= occ.instant < end]
    names = {m.slug: m.name for m in context.hub.members}
    labels = {c.key: c.label for c in context.hub.vocabulary}
    by_category = Counter(key for occ in held for key in occ.event.categories)
    by_organiser = Counter(occ.event.organiser for occ in held)
    tables = []
    if by_category:
        tables.append(Table("Events held by category (an event can have several)", ("Category", "Dates"),
                            tuple((labels[key], str(count)) for key, count in
                                  sorted(by_category.items(), key=lambda item: (-item[1], labels[item[0]])))))
    if by_organiser:
        tables.append(Table("Events held by organiser", ("Organiser", "Dates"),
                            tuple((names.get(slug, slug), str(count)) for slug, count in
                                  sorted(by_organiser.items(), key=lambda item: (-item[1], names.get(item[0], ""))))))
    rows = (("Event dates held" + (" so far" if context.ongoing else ""), str(len(held))),
            ("Different events", str(len({occ.event.slug for occ in held}))))
    return Section("events", "Events held", rows, tuple(tables),
                   source="The dates of the events in events/ and in members' own calendars; cancelled dates "
                          "are not counted.")


@provider("matches", "Matching")
def matches_section(context: Context) -> Section:
    from ..matching.matcher import mutual_pairs

    hub, why = context.hub_at(context.last_day)
    if hub is None:
        return Section("matches", "Matching", unknown=why)
    matching = context.matching(hub)
    met = len(matching.needs) - len(matching.unmet)
    rows = (("Suggested matches between a need and an offer", str(len(matching.matches))),
            ("Needs with at least one suggestion nearby", f"{met} of {len(matching.needs)}"),
            ("Pairs of members who could help each other (mutual)", str(len(mutual_pairs(matching)))))
    return Section("matches", "Matching", rows,
                   source=f"The hub's matching of the profiles at the end of the quarter ({context.end_text}).")


@provider("unmet-needs", "Biggest unmet needs")
def unmet_needs_section(context: Context) -> Section:
    hub, why = context.hub_at(context.last_day)
    if hub is None:
        return Section("unmet-needs", "Biggest unmet needs", unknown=why)
    matching = context.matching(hub)
    gaps = [gap for gap in matching.gaps if gap.unmet][:5]
    table = Table("Categories with the most needs no offer nearby meets", ("Category", "Needs", "Not met"),
                  tuple((gap.label, str(gap.needs), str(gap.unmet)) for gap in gaps))
    return Section("unmet-needs", "Biggest unmet needs",
                   rows=(("Needs with no suggestion nearby", str(len(matching.unmet))),),
                   tables=(table,) if gaps else (),
                   source="The hub's matching of the profiles at the end of the quarter; the categories to "
                          "recruit for are on /matching/gaps/.")


# --- all of them ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Numbers:
    period: Period
    sections: tuple[Section, ...]
    ongoing: bool
    today: dt.date


def period_numbers(hub: Hub, settings: HubSettings, period: Period, names: tuple[str, ...] | None = None,
                   history_reader: Callable[[], History] | None = None, matching=None) -> Numbers:
    """The sections named (all by default), in the order they are registered. `matching` is the
    hub's matching if the caller has it already (the build does)."""
    context = Context(hub, settings, period, history_reader, matching)
    wanted = names or tuple(PROVIDERS)
    sections = []
    for name in PROVIDERS:
        if name in wanted:
            title, function = PROVIDERS[name]
            if not context.started:  # nothing has happened yet: no provider is asked
                sections.append(Section(name, title, unknown=f"{period} ({period.label}) has not started yet"))
                continue
            section = function(context)
            if section is not None:
                sections.append(section)
    return Numbers(period, tuple(sections), context.ongoing, context.today)


def text(numbers: Numbers) -> str:
    """The numbers as `invoke report-stats` prints them."""
    lines = [f"The hub's numbers for {numbers.period} ({numbers.period.label}"
             + (f", so far: to {numbers.today.isoformat()}" if numbers.ongoing else "") + ")", ""]
    for section in numbers.sections:
        lines.append(section.title)
        lines.append("-" * len(section.title))
        if section.unknown:
            lines += [f"  Not known: {section.unknown}.", ""]
            continue
        width = max((len(what) for what, _ in section.rows), default=0)
        lines += [f"  {what.ljust(width)}  {number}" for what, number in section.rows]
        for table in section.tables:
            widths = [max(len(row[i]) for row in (table.columns, *table.rows)) for i in range(len(table.columns))]
            lines += ["", f"  {table.caption}:"]
            for row in (table.columns, *table.rows):
                lines.append("    " + "  ".join(cell.ljust(widths[i]) if i == 0 else cell.rjust(widths[i])
                                                for i, cell in enumerate(row)).rstrip())
        lines += [f"  {note}" for note in (*section.notes, *section.caveats)]
        lines += [f"  Source: {section.source}", ""]
    return "\n".join(lines).rstrip() + "\n"


def html(numbers: Numbers, names: tuple[str, ...] | None = None) -> Markup:
    """The numbers as a report shows them: a section per provider, with its table and source. A
    section the data cannot give is left out (named once at the end) unless it was asked for by name."""
    parts = ['<div class="hub-numbers">']
    left_out = []
    for section in numbers.sections:
        if section.unknown and not names:
            left_out.append(section.title.lower())
            continue
        parts.append(f'<section class="hub-numbers-section" aria-labelledby="numbers-{section.name}">'
                     f'<h3 id="numbers-{section.name}">{escape(section.title)}</h3>')
        if section.unknown:
            parts.append(f"<p>Not known: {escape(section.unknown)}.</p></section>")
            continue
        for figure in section.figures:
            parts.append(charts.chart(figure) or "")
        if section.rows:
            parts.append('<table class="numbers-table"><caption class="visually-hidden">'
                         f'{escape(section.title)}</caption><tbody>')
            parts += [f'<tr><th scope="row">{escape(what)}</th><td>{escape(number)}</td></tr>'
                      for what, number in section.rows]
            parts.append("</tbody></table>")
        for table in section.tables:
            head = "".join(f'<th scope="col">{escape(column)}</th>' for column in table.columns)
            body = "".join("<tr>" + f'<th scope="row">{escape(row[0])}</th>'
                           + "".join(f"<td>{escape(cell)}</td>" for cell in row[1:]) + "</tr>" for row in table.rows)
            # A wide table scrolls on its own on a narrow screen; the page never does (WCAG 1.4.10).
            parts.append(f'<div class="table-scroll" role="region" aria-label="{escape(table.caption)}" tabindex="0">'
                         f'<table class="numbers-table"><caption>{escape(table.caption)}</caption>'
                         f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>")
        parts += [f'<p class="numbers-note">{_code(note)}</p>' for note in section.notes]
        parts.append(f'<p class="figure-source">Source: {_code(section.source)}</p></section>')
    if left_out:
        parts.append(f'<p class="numbers-note">Not shown, because the hub\'s records cannot say for '
                     f"{numbers.period.label}: {escape(', '.join(left_out))}.</p>")
    parts.append("</div>")
    return Markup("".join(parts))


def _code(text: str) -> Markup:
    """Plain text with `field` names shown as code."""
    pieces = str(escape(text)).split("`")
    return Markup("".join(f"<code>{piece}</code>" if index % 2 else piece for index, piece in enumerate(pieces)))
