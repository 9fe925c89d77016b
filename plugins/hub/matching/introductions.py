"""Introductions coordinators made (`introductions/*.yaml`), checked like profiles, and what
they count for.

One file per introduction, named as coordinators like (e.g. `2027-03-03-pantry-van.yaml`):

    need:
      member: north-ormesby-pantry
      title: Van and driver Friday mornings
    offer:
      member: tees-furniture-reuse
      title: Our van with a driver, weekday mornings, for a donation
    date: 2027-03-03
    outcome: connected        # connected, not a fit, or no reply

The need and the offer are named by their member's slug and their title as written in the
profile, so an introduction still points at the right item when a member reorders its list.
Matching shows "Introduced on ..." on the pair, stops suggesting a `not a fit` pair, and the
quarterly report counts introductions and connections (`introduction_counts`).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..core.fields import INVALID, Checker, Choice, Date, Field, MemberRef, Record, Text, suggest
from ..core.loader import Collection, collection_files
from ..core.model import Hub
from ..core.schema import Item, Member
from ..core.settings import HubSettings
from ..core.yamlio import Problem, read_file

CONNECTED, NOT_A_FIT, NO_REPLY = "connected", "not a fit", "no reply"
OUTCOMES = (CONNECTED, NOT_A_FIT, NO_REPLY)

INTRODUCTIONS = Collection("introduction", "2027-03-03-pantry-van", "docs/matching.md")


def _item_ref(kind: str) -> Record:
    return Record(what=kind, fields=(
        Field("member", MemberRef(), required=True, help=f"The slug of the member with the {kind}."),
        Field("title", Text(max_length=120), required=True,
              help=f"The {kind}'s title, exactly as in that member's profile."),
    ))


INTRODUCTION = Record(what="introduction", fields=(
    Field("need", _item_ref("need"), required=True, help="The need: its member and its title."),
    Field("offer", _item_ref("offer"), required=True, help="The offer: its member and its title."),
    Field("date", Date(), required=True, help="When the coordinator made the introduction, YYYY-MM-DD."),
    Field("outcome", Choice(options=OUTCOMES), required=True,
          help="`connected` (they are working together), `not a fit` (never suggest the pair again) or "
               "`no reply`."),
    Field("notes", Text(max_length=1_000), help="For coordinators; never published."),
))


@dataclass(frozen=True)
class Introduction:
    """A need and an offer a coordinator introduced, and what came of it."""

    slug: str
    source: str
    need: Item
    offer: Item
    date: dt.date
    outcome: str

    @property
    def pair(self) -> tuple:
        return pair_key(self.need, self.offer)

    @property
    def outcome_label(self) -> str:
        return {CONNECTED: "connected", NOT_A_FIT: "not a fit", NO_REPLY: "no reply yet"}[self.outcome]


def pair_key(need: Item, offer: Item) -> tuple:
    return (need.member_slug, need.index, offer.member_slug, offer.index)


def _find(members: dict[str, Member], value: dict, kind: str, path: tuple, checker: Checker):
    member = members.get(value["member"])
    if member is None:  # the profile has mistakes of its own, reported with it
        return INVALID
    items = member.needs if kind == "need" else member.offers
    titles = {item.title: item for item in items}
    title = value["title"].strip()
    if title in titles:
        return titles[title]
    folded = {t.casefold(): item for t, item in titles.items()}
    if title.casefold() in folded:
        return folded[title.casefold()]
    if not titles:
        return checker.problem(path + ("title",), f"{member.name} ({member.slug}) lists no {kind}s; check "
                               f"the member, or add the {kind} to members/{member.slug}.yaml")
    hint = suggest(title, titles) or f"; its {kind}s are: " + "; ".join(f'"{t}"' for t in titles)
    return checker.problem(path + ("title",), f"'{title}' is not one of {member.name}'s {kind}s{hint}; copy "
                           f"the title from members/{member.slug}.yaml")


def _item_refs(data, checked, member_slugs) -> dict:
    """{"need": {member, title} or None, "offer": ...}: the checked values, or the raw ones when
    they are well formed but another field of the file is not."""
    refs = {}
    for kind in ("need", "offer"):
        if checked is not INVALID:
            refs[kind] = checked[kind]
            continue
        raw = data.get(kind) if isinstance(data, dict) else None
        well_formed = (isinstance(raw, dict) and set(raw) == {"member", "title"} and isinstance(raw["title"], str)
                       and raw["member"] in member_slugs and raw["title"].strip())
        refs[kind] = raw if well_formed else None
    return refs


def load_introductions(settings: HubSettings, members: tuple[Member, ...], member_slugs: frozenset[str]
                       ) -> tuple[tuple[Introduction, ...], list[Problem]]:
    """Every file in introductions/, checked against the members: the valid introductions (by
    date, then file) and all problems."""
    files, problems = collection_files(settings.introductions_path, settings.root, INTRODUCTIONS)
    by_slug = {member.slug: member for member in members}
    today = settings.today
    found: list[Introduction] = []
    seen: dict[tuple, str] = {}
    for entry in files:
        doc, file_problems = read_file(entry.path, entry.source)
        if file_problems:
            problems.extend(file_problems)
            continue
        checker = Checker(doc, {"member_slugs": member_slugs})
        checked = INTRODUCTION.check(doc.data, (), checker)
        # The need and the offer are looked up even when another field has a mistake, so every
        # mistake of the file is reported at once.
        ends = {kind: _find(by_slug, value, kind, (kind,), checker) if value is not None else INVALID
                for kind, value in _item_refs(doc.data, checked, member_slugs).items()}
        need, offer = ends["need"], ends["offer"]
        if checked is not INVALID:
            if checked["date"] > today:
                checker.problem(("date",), f"{checked['date'].isoformat()} is in the future; write the day the "
                                "introduction was made")
            elif need is not INVALID and offer is not INVALID:
                if need.member_slug == offer.member_slug:
                    checker.problem(("offer", "member"), "is the member with the need; an introduction is "
                                    "between two members")
                else:
                    key = pair_key(need, offer)
                    if key in seen:
                        checker.problem(("need",), f"this need and offer were already introduced in {seen[key]}; "
                                        "keep one file per pair and update its outcome")
                    elif entry.valid_name:
                        seen[key] = entry.source
                        found.append(Introduction(entry.slug, entry.source, need, offer, checked["date"],
                                                  checked["outcome"]))
        problems.extend(checker.problems)
    found.sort(key=lambda i: (i.date, i.slug))
    return tuple(found), problems


@dataclass(frozen=True)
class IntroductionCounts:
    """What the quarterly report says about introductions between `start` and `end` (inclusive)."""

    made: int  # introductions made
    connected: int  # of which the two members are now working together
    not_a_fit: int
    no_reply: int
    members_introduced: int  # distinct members in at least one introduction
    members_connected: int  # distinct members in at least one connected introduction
    members: int  # members in the hub
    share_connected: float  # members_connected / members: "x% collaborated with another member"


def introduction_counts(hub: Hub, start: dt.date | None = None, end: dt.date | None = None) -> IntroductionCounts:
    """Counts of the introductions dated from `start` to `end` (both inclusive; None: no bound)."""
    chosen = [i for i in hub.introductions
              if (start is None or i.date >= start) and (end is None or i.date <= end)]
    introduced = {slug for i in chosen for slug in (i.need.member_slug, i.offer.member_slug)}
    connected = {slug for i in chosen if i.outcome == CONNECTED for slug in (i.need.member_slug, i.offer.member_slug)}
    members = len(hub.members)
    return IntroductionCounts(
        made=len(chosen),
        connected=sum(i.outcome == CONNECTED for i in chosen),
        not_a_fit=sum(i.outcome == NOT_A_FIT for i in chosen),
        no_reply=sum(i.outcome == NO_REPLY for i in chosen),
        members_introduced=len(introduced),
        members_connected=len(connected),
        members=members,
        share_connected=len(connected) / members if members else 0.0,
    )
