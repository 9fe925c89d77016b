"""Members' news: each `news_feed` (RSS or Atom) is fetched by `invoke fetch` into the cache kept in the
repository (`data/feed-cache/news/<member>.xml`), with the calendars' deadline, size cap, conditional
requests and last-good-copy rule (core.fetch), then read back with feedparser at build time.

What a member's server sends is untrusted: only a title, a date, an http(s) link and a short plain-
text summary of each item reach the site. All HTML is stripped (never shown as HTML), invisible and
reordering characters removed, links checked like a profile's website, and items dated in the future
(a feed pinning itself to the top) left out. A broken cached copy leaves that member's news out with
a note. The build reads the cache only. Pure: no Pelican.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import html
import re
import xml.sax
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import nh3

from ..core.fetch import TIMEOUT, FeedKind, FetchResult, fetch_all, read_cached_copies
from ..core.fields import Checker, Url, is_blank, without_direction_controls
from ..core.yamlio import Document

NEWS_FOLDER = "news"
MAX_ITEMS_PER_FEED = 20     # the newest of each feed
SUMMARY_LENGTH = 280
TITLE_LENGTH = 200
FUTURE_MARGIN = dt.timedelta(days=2)  # a server's clock may be a little ahead; more is not news


def parse_feed(data: bytes):
    """feedparser's reading of an RSS or Atom document (always bytes: given text, feedparser would
    take it for an address and fetch it); ValueError saying why it is not a feed."""
    import feedparser  # loaded when a member's news is read, not with the plugin (0.01 s of every build)

    parsed = feedparser.parse(data, sanitize_html=True, resolve_relative_uris=False)
    if not parsed.get("version"):
        raise ValueError("it is not an RSS or Atom feed")
    problem = parsed.get("bozo_exception")
    if parsed.get("bozo") and isinstance(problem, xml.sax.SAXException):
        reason = str(problem).strip().splitlines()[0][:120] if str(problem).strip() else "invalid XML"
        raise ValueError(f"it cannot be read as a feed ({reason})")
    return parsed


def _count_items(data: bytes) -> int:
    return len(parse_feed(data).entries)


NEWS = FeedKind(what="news feed", unit="item", suffix=".xml", folder=NEWS_FOLDER,
                accept="application/atom+xml, application/rss+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5",
                count=_count_items, url_of=lambda member: member.news_feed)


def news_cache(feed_cache: Path) -> Path:
    return feed_cache / NEWS_FOLDER


def fetch_news(members: Iterable, feed_cache: Path, timeout: float = TIMEOUT, offline: bool = False,
               now: dt.datetime | None = None) -> list[FetchResult]:
    """Fetch every member's news_feed into the cache; never raises for a member's mistake."""
    return fetch_all(members, NEWS, news_cache(feed_cache), timeout, offline, now)


@dataclass(frozen=True)
class NewsItem:
    member: str                 # the member's slug
    member_name: str
    title: str
    link: str | None            # http(s) only
    published: dt.datetime | None  # aware, UTC
    summary: str                # plain text, at most SUMMARY_LENGTH characters
    uid: str                    # stable: the item's own id, else one made from it

    @property
    def anchor(self) -> str:
        return "news-" + hashlib.sha1(f"{self.member} {self.uid}".encode()).hexdigest()[:10]


_BLOCK_TAG = re.compile(r"</?(p|div|br|li|ul|ol|h[1-6]|tr|td|th|table|blockquote|section|article|header|footer|"
                        r"figure|figcaption|img|iframe|hr|pre)\b", re.IGNORECASE)


def plain_text(value: str | None, limit: int) -> str:
    """Text without any HTML (tags dropped, script and style contents with them), entities decoded,
    invisible reordering characters removed, spaces collapsed, cut at a word near `limit`."""
    if not value:
        return ""
    spaced = _BLOCK_TAG.sub(r" \g<0>", str(value))  # "<p>a</p><p>b</p>" reads "a b", not "ab"
    text = html.unescape(nh3.clean(spaced, tags=set(), clean_content_tags={"script", "style"}))
    text = re.sub(r"\s+", " ", without_direction_controls(text)).strip()
    if is_blank(text):
        return ""
    if len(text) > limit:
        text = text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,.;:") + "…"
    return text


def _link(value) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return None
    checker = Checker(Document("news"))
    checked = Url().check(value.strip(), ("link",), checker)
    return None if checker.problems else checked


def _date(entry) -> dt.datetime | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        parsed = entry.get(key)
        if parsed:
            try:
                return dt.datetime(*parsed[:6], tzinfo=dt.UTC)
            except (TypeError, ValueError):
                continue
    return None


def items_from_feed(parsed, member, now: dt.datetime) -> tuple[list[NewsItem], list[str]]:
    """A member's news as hub items, newest first, and notes on what was left out."""
    who = f"{member.name} ({member.slug})"
    items, notes, future, repeated = [], [], 0, 0
    seen: set[str] = set()
    for entry in parsed.entries:
        published = _date(entry)
        if published is not None and published > now + FUTURE_MARGIN:
            future += 1
            continue
        title = plain_text(entry.get("title"), TITLE_LENGTH) or "Untitled"
        summary = plain_text(entry.get("summary") or entry.get("description"), SUMMARY_LENGTH)
        if summary == title:
            summary = ""
        link = _link(entry.get("link"))
        raw_id = (str(entry.get("id") or entry.get("link") or "") or f"{title} {published}")[:500]
        if raw_id in seen:  # an item is known by its id: a second item with one is a copy, or a mistake
            repeated += 1
            continue
        seen.add(raw_id)
        items.append(NewsItem(member.slug, member.name, title, link, published, summary, raw_id))
    if future:
        notes.append(f"{who}: {future} news item(s) dated in the future are left out")
    if repeated:
        notes.append(f"{who}: {repeated} news item(s) repeat the id of an earlier one and are left out")
    items.sort(key=lambda item: (item.published is None, -(item.published.timestamp() if item.published else 0),
                                 item.title))
    return items[:MAX_ITEMS_PER_FEED], notes


def read_cached_news(members: Iterable, feed_cache: Path, now: dt.datetime) -> tuple[dict[str, list[NewsItem]],
                                                                                   list[str]]:
    """Each member's news from the cached copy of its feed, by member slug, and notes (never raises)."""
    news: dict[str, list[NewsItem]] = {}
    notes: list[str] = []
    for member, parsed, _ in read_cached_copies(members, news_cache(feed_cache), lambda m: m.news_feed, NEWS.suffix,
                                                parse_feed, notes, copy="news", shown=f"{NEWS_FOLDER}/",
                                                left_out="its news is left out"):
        items, item_notes = items_from_feed(parsed, member, now)
        notes.extend(item_notes)
        news[member.slug] = items
    return news, notes


def latest(news: dict[str, list[NewsItem]], limit: int = 40) -> list[NewsItem]:
    """The newest items of every member together, newest first (undated ones last)."""
    every = [item for items in news.values() for item in items]
    every.sort(key=lambda item: (item.published is None, -(item.published.timestamp() if item.published else 0),
                                 item.member, item.title))
    return every[:limit]
