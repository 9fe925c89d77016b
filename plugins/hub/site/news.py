"""News from members: /news/, the latest items on each member's page, and the combined feeds. Read from
the committed cache only (`invoke fetch` fills it), so the build never goes online and never waits;
what was skipped is told at INFO level, as for calendars. All the work is in `publishing.news`."""
from __future__ import annotations

import logging

from markupsafe import escape

from ..publishing import news, syndication
from .base import HubGenerator

logger = logging.getLogger(__name__)
LATEST = 40          # items on /news/ and in its feeds
ON_MEMBER_PAGE = 3


class NewsGenerator(HubGenerator):
    def prepare(self):
        by_member, notes = news.read_cached_news(self.hub.members, self.hub_settings.feed_cache, self.hub_settings.now)
        for note in notes:
            logger.info("news: %s", note)
        self.latest = news.latest(by_member, LATEST)
        self.build.news = {slug: items[:ON_MEMBER_PAGE] for slug, items in by_member.items()}
        self.build.news_latest = self.latest

    def generate_output(self, writer):
        self.write_page(writer, "news/index.html", "hub_news", page_name="news")
        settings = self.hub_settings
        members = self.hub.by_slug
        entries = []
        for item in self.latest:
            if item.published is None:  # a feed entry needs a date; undated items are on the page only
                continue
            page = settings.public(f"{members[item.member].url}#{item.anchor}") if item.member in members else \
                settings.public(f"news/#{item.anchor}")
            link = item.link or page
            # The hub's own id, never the member's: a member's feed could borrow another's ids, and a feed
            # reader shows one entry per id. The page's address ends in the item's anchor, which is made
            # from the member and the item's own id (unique within a member: news.items_from_feed).
            uid = syndication.tag_uri(page, item.published)
            entries.append(syndication.Entry(title=item.title, link=link, uid=uid, published=item.published,
                                             author=item.member_name, summary_html=str(escape(item.summary))))
        feed = syndication.Feed("news", f"{settings.site_name}: news from members", settings.public("news/"),
                                "The latest news from the websites of the coalition's members.",
                                settings.site_name, tuple(entries))
        for kind in ("atom", "rss"):
            self.write_text(feed.path(kind), syndication.write(feed, kind, settings.public))
