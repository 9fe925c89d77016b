"""The hub's own Atom and RSS feeds: learning, reports, both together, and members' news.

Written in every build (local too), with feedgenerator (which Pelican uses), but by the hub rather
than by Pelican's feed settings: a local build has no address of its own (SITEURL is empty), and
Pelican would then give feeds relative links and ids that no feed reader can use. Every address
here is absolute: the public site's (`HubSettings.public`, from SITEURL when it is absolute, else
HUB_PUBLIC_URL), as the calendar subscriptions are. Entries carry an author and a summary, ids are
stable tag: URIs, and a feed with no entries yet has a fixed date, so two builds are identical.
Pure: no Pelican.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from feedgenerator import Atom1Feed, Rss201rev2Feed, get_tag_uri

EMPTY_FEED_DATE = dt.datetime(2020, 4, 1, tzinfo=dt.UTC)  # the coalition's start: an empty feed's date

# Feeds by name: their paths on the site and what they hold.
FEEDS = {
    "all": ("feeds/all.atom.xml", "feeds/all.rss.xml", "Learning and reports"),
    "learning": ("feeds/learning.atom.xml", "feeds/learning.rss.xml", "Learning"),
    "reports": ("feeds/reports.atom.xml", "feeds/reports.rss.xml", "Reports"),
    "news": ("feeds/news.atom.xml", "feeds/news.rss.xml", "News from members"),
}


@dataclass(frozen=True)
class Entry:
    title: str
    link: str                    # absolute
    uid: str                     # absolute IRI (tag:, https:)
    published: dt.datetime       # aware
    author: str
    summary_html: str            # HTML (escape plain text before)
    updated: dt.datetime | None = None
    content_html: str | None = None
    categories: tuple[str, ...] = ()


@dataclass(frozen=True)
class Feed:
    name: str
    title: str
    link: str                    # the page it follows (absolute)
    subtitle: str
    author: str
    entries: tuple[Entry, ...]

    def path(self, kind: str) -> str:
        atom, rss, _ = FEEDS[self.name]
        return atom if kind == "atom" else rss


def tag_uri(link: str, day: dt.date | dt.datetime) -> str:
    """A stable entry id from its address and date: tag:hub.example.org,2022-07-15:/learning/x/."""
    return get_tag_uri(link, day)


class _Fixed:
    """feedgenerator dates an empty feed with the time of the build: use a fixed date instead."""

    empty_date = EMPTY_FEED_DATE

    def latest_post_date(self):
        return super().latest_post_date() if self.items else self.empty_date


class _Atom(_Fixed, Atom1Feed):
    pass


class _Rss(_Fixed, Rss201rev2Feed):
    pass


def write(feed: Feed, kind: str, public) -> str:
    """The feed as Atom (`kind` "atom") or RSS 2.0 text. `public(path)` is a path's absolute address."""
    cls = _Atom if kind == "atom" else _Rss
    self_url = public(feed.path(kind))
    document = cls(title=feed.title, link=feed.link, description=feed.subtitle, subtitle=feed.subtitle,
                   language="en", author_name=feed.author, feed_url=self_url, feed_guid=public(feed.path("atom")))
    for entry in feed.entries:
        document.add_item(title=entry.title, link=entry.link, description=entry.summary_html,
                          content=entry.content_html if kind == "atom" else None, unique_id=entry.uid,
                          unique_id_is_permalink=entry.uid == entry.link, author_name=entry.author,
                          pubdate=entry.published, updateddate=entry.updated, categories=entry.categories)
    return document.writeString("utf-8")
