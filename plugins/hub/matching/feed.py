"""An Atom feed of new matches for each member (`members/<slug>/matches.atom`), so a member can
follow suggestions in a feed reader instead of checking its page.

Entries are the member's suggestions both ways: offers that could meet its needs, and needs its
offers could meet, the newest MAX_ENTRIES of them (a member of a big hub has hundreds; a feed reader
wants what is new). Built with feedgenerator (a Pelican dependency), never by string pasting.

A feed reader shows an entry as new when its id is new, and as changed when its `updated` date
moves, so both must stay put from build to build:

* the id is a tag: URI made from the pair itself (the two members' slugs and the two titles),
  not from list positions, so it survives members reordering their offers and needs;
* `updated` is the latest of the dates that can make the pair new or different: the two members'
  `updated` (or `joined`) dates and the date of an introduction of the pair. A pair appears
  when one of the two profiles is written or checked, which is when those dates change. A pair
  whose members give no date at all is dated UNDATED, so it never looks new again.
"""
from __future__ import annotations

import datetime as dt
from html import escape

import feedgenerator

from ..core.model import Hub
from ..core.schema import Member
from ..core.settings import HubSettings
from ..core.slugs import slugify
from .matcher import Match, Matching

MAX_ENTRIES = 30  # the newest pairs; a feed reader needs what is new, not every suggestion ever made
UNDATED = dt.date(2000, 1, 1)  # for pairs whose members give no date (see the module's docstring)
TAG_DATE = "2026"  # the year in the feeds' tag: URIs (RFC 4151); never change it, or every entry is new again
FEED_NAME = "matches.atom"


class _StableAtomFeed(feedgenerator.Atom1Feed):
    """Atom whose feed-level `updated` is the latest entry's date, or `fallback` when there is no
    entry (feedgenerator would use the time of the build, which changes every build)."""

    def __init__(self, *args, fallback: dt.datetime, **kwargs):
        super().__init__(*args, **kwargs)
        self.fallback = fallback

    def latest_post_date(self):
        dates = [item["updateddate"] for item in self.items if item.get("updateddate")]
        return max(dates) if dates else self.fallback


def _day(date: dt.date) -> dt.datetime:
    return dt.datetime.combine(date, dt.time(), tzinfo=dt.UTC)


def member_date(member: Member) -> dt.date | None:
    return member.updated or member.joined


def pair_date(hub: Hub, match: Match) -> dt.date:
    dates = [member_date(hub.by_slug[match.need.member_slug]), member_date(hub.by_slug[match.offer.member_slug])]
    if match.introduction is not None:
        dates.append(match.introduction.date)
    dates = [d for d in dates if d is not None]
    return max(dates) if dates else UNDATED


def entry_id(settings: HubSettings, match: Match) -> str:
    """A tag: URI naming the pair: stable across builds and reorderings."""
    return (f"tag:{settings.uid_domain},{TAG_DATE}:match/{match.need.member_slug}/{slugify(match.need.title)}/"
            f"{match.offer.member_slug}/{slugify(match.offer.title)}")


def feed_path(member: Member) -> str:
    return f"{member.url}{FEED_NAME}"


def _content(hub: Hub, match: Match) -> str:
    reasons = "".join(f"<li>{escape(reason)}</li>" for reason in match.reasons)
    introduced = ""
    if match.introduction is not None:
        introduced = (f"<p>Introduced on {match.introduction.date.strftime('%-d %B %Y')}: "
                      f"{escape(match.introduction.outcome_label)}.</p>")
    return (f"<p><strong>{escape(match.tier_label)}</strong>. “{escape(match.offer.title)}” from "
            f"{escape(hub.by_slug[match.offer.member_slug].name)} for “{escape(match.need.title)}” "
            f"({escape(hub.by_slug[match.need.member_slug].name)}).</p>{introduced}<ul>{reasons}</ul>")


def member_feed(hub: Hub, matching: Matching, member: Member, settings: HubSettings) -> str:
    """The Atom document of `member`'s matches, newest first."""
    fallback = _day(member_date(member) or UNDATED)
    feed = _StableAtomFeed(
        title=f"Matches for {member.name} — {settings.site_name}",
        link=settings.public(member.url),
        description=f"Offers from other members that could meet {member.name}'s needs, and needs its offers "
                    f"could meet.",
        language="en",
        feed_url=settings.public(feed_path(member)),
        feed_guid=f"tag:{settings.uid_domain},{TAG_DATE}:matches/{member.slug}",
        fallback=fallback)
    entries = []
    found = matching.for_member(member)
    for match in found.could_help_you:
        who = hub.by_slug[match.offer.member_slug]
        entries.append((match, f"{match.tier_label}: “{match.offer.title}” ({who.name}) for your need "
                               f"“{match.need.title}”", settings.public(f"{who.url}#{match.offer.anchor}")))
    for match in found.you_could_help:
        who = hub.by_slug[match.need.member_slug]
        entries.append((match, f"{match.tier_label}: your offer “{match.offer.title}” for {who.name}'s need "
                               f"“{match.need.title}”", settings.public(f"{who.url}#{match.need.anchor}")))
    entries.sort(key=lambda e: (pair_date(hub, e[0]), entry_id(settings, e[0])), reverse=True)
    for match, title, link in entries[:MAX_ENTRIES]:
        feed.add_item(title=title, link=link, description=_content(hub, match), unique_id=entry_id(settings, match),
                      updateddate=_day(pair_date(hub, match)))
    return feed.writeString("utf-8")
