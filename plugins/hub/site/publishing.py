"""Learning posts and reports in the site: Pelican reads and renders them; this adds what the hub
knows about them. Links to members and events (`{member}slug`, `{event}slug`) become their pages'
addresses; series get an index page and each part its place ("Part 3 of 7", previous and next); a
key's post lists who practises it; figures and the hub's own numbers replace their markers.

All the work is done by `publishing` (pure); this maps Pelican's articles to the checked posts by
their source file and writes the pages.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

from markupsafe import Markup
from pelican.contents import Article

from ..core.pages import BUDGET, fits, paginate
from ..core.settings import hub_root
from ..core.yamlio import source_name
from ..publishing import charts, stats, syndication
from ..publishing import series as series_views
from ..publishing.history import read_history
from ..publishing.markers import FIGURE_HTML, HUB_LINKS, HUB_NUMBERS_HTML, section_names
from . import weights
from .base import HubGenerator
from .state import build_state

FEED_ENTRIES = 40  # the newest posts in each feed: a reader needs what is new, and a feed is bounded
PRACTICE_FEW = 10  # members, and events, a key's post names when all of them have pages of their own

# Where a member's and an event's page live (core.model.MemberBehaviour.url, events.model.Event.url).
HUB_LINK_PATHS = {"member": "members/{}/", "event": "events/{}/"}


def source_of(article, settings: dict) -> str:
    """The name the checks gave the article's file (content/learning/...)."""
    return source_name(Path(article.source_path), hub_root(settings))


def _hub_link_replacer(article, pelican_replacer):
    """Pelican's intra-site link replacer for one article, knowing {member} and {event} too (the
    checks have made sure each names a page that exists). Internal links also carry the page's
    public address, which the print stylesheet writes out after the link."""

    def replace(siteurl: str, match) -> str:
        what, value = match.group("what"), match.group("value")
        if what in HUB_LINKS:
            slug, _, rest = value.partition("#")
            path = HUB_LINK_PATHS[what].format(slug.strip("/")) + (f"#{rest}" if rest else "")
            if article.settings["RELATIVE_URLS"]:
                origin = os.path.join(siteurl, path)
            else:
                origin = urljoin(siteurl if siteurl.endswith("/") else siteurl + "/", path)
            quote = match.group("quote")
            html = f"{match.group('markup')}{quote}{origin}{quote}"
        else:
            html = pelican_replacer(siteurl, match)
            path = None
            if what == "filename":
                linked = _linked_article(article, value)
                path = linked.url if linked is not None else None
        settings = build_state(article._context).settings
        if path is not None and settings is not None and match.group("markup").lstrip().lower().startswith("<a"):
            html += f' data-print-href="{settings.public(path)}"'
        return html

    return replace


def _linked_article(article, value: str):
    path = value.split("#", 1)[0].split("?", 1)[0]
    if path.startswith("/"):
        path = path[1:]
    else:
        path = article.get_relative_source_path(os.path.join(article.relative_dir, path))
    return article._context.get("generated_content", {}).get(path)


def hub_links(content) -> None:
    """Pelican's content_object_init: give each post the replacer that knows the hub's links."""
    if isinstance(content, Article):
        content._link_replacer = _hub_link_replacer(content, content._link_replacer)


@dataclass(frozen=True)
class FeedLink:
    title: str
    type: str
    path: str


def feed_links(section: str | None = None) -> list[FeedLink]:
    """The feeds a page offers: learning and reports on every page, and its section's own feed."""
    links = []
    for name in ("all", section) if section in syndication.FEEDS and section != "all" else ("all",):
        atom, rss, title = syndication.FEEDS[name]
        links += [FeedLink(f"{title} (Atom)", "application/atom+xml", atom),
                  FeedLink(f"{title} (RSS)", "application/rss+xml", rss)]
    return links


@dataclass(frozen=True)
class PostPage:
    """What a post's page shows besides its text: its place in a series, and who practises its key."""

    position: series_views.Position | None
    introduction: Article | None = None
    previous: Article | None = None
    next: Article | None = None
    practice: series_views.Practice | None = None
    # Every member and event that practises the key, when they are more than the post's page can
    # name: pages of their own at <post>/practice/ (the post names the first PRACTICE_FEW of each).
    practice_pages: tuple | None = None


@dataclass(frozen=True)
class SeriesPage:
    series: object
    introduction: Article | None
    parts: tuple  # (part number, Article)


class PublishingGenerator(HubGenerator):
    _history = None  # git's history of members/, read once per build when a report asks for numbers

    def prepare(self):
        publishing = self.hub.publishing
        articles = list(self.context.get("articles") or ())
        self.by_source = {source_of(article, self.settings): article for article in articles}
        pages = {}
        self.practice_pages = []
        for source, article in self.by_source.items():
            position = series_views.position(publishing, source)
            post = publishing.by_source.get(source)
            if post is not None and (post.placed or post.hub_numbers):
                # Before any page or feed reads the text (Pelican keeps what it read first).
                article._content = self.complete(article._content, post)
            practice = series_views.practice(self.hub, post.key) if post is not None and post.key else None
            practice_pages = None
            if practice is not None:
                entries = [("members", m) for m in practice.members] + [("events", e) for e in practice.events]
                if not fits(entries, weights.practice_entry, BUDGET // 2):
                    practice_pages = tuple(paginate(entries, f"{article.url}practice/", weights.practice_entry))
                    self.practice_pages.append((article, practice, practice_pages))
            pages[article.source_path] = PostPage(
                position=position,
                introduction=self.article_of(position.introduction) if position else None,
                previous=self.article_of(position.previous) if position else None,
                next=self.article_of(position.next) if position else None,
                practice=practice, practice_pages=practice_pages)
        self.series_pages = tuple(
            SeriesPage(series=series, introduction=self.by_source.get(parts[0].source) if parts and parts[0].order == 0
                       else None,
                       parts=tuple((post.order, self.by_source[post.source]) for post in parts
                                   if post.order > 0 and post.source in self.by_source))
            for series in publishing.series for parts in [publishing.parts(series.slug)])
        key_pages = {key: self.by_source.get(post.source) for key, post in publishing.key_posts.items()}
        build = self.build
        build.feed_links = feed_links
        build.post_pages = pages
        build.series_pages = self.series_pages
        build.key_pages = key_pages
        build.practices = lambda keys: series_views.practices(self.hub, keys)

    def article_of(self, post) -> Article | None:
        """Pelican's article for a checked post."""
        return self.by_source.get(post.source) if post is not None else None

    def complete(self, html: str, post) -> str:
        """The post's HTML with its figure markers replaced by the figures (drawn by publishing.charts),
        and its [hub numbers] marker by the hub's numbers for the report's quarter."""
        figures = {figure.name: figure for figure in post.figures}
        html = FIGURE_HTML.sub(lambda match: charts.figure_html(figures[match.group("name")]), html)
        if post.hub_numbers:
            html = HUB_NUMBERS_HTML.sub(lambda match: self.numbers_html(post, section_names(match.group("sections"))),
                                        html)
        return html

    def numbers_html(self, post, names: tuple[str, ...]) -> str:
        """The hub's numbers for the report's quarter; the matches of the quarter under way are the
        ones the matching pages show (computed once per build)."""
        if self._history is None:
            self._history = read_history(self.hub_settings.root, self.hub_settings.members_dir, self.hub_settings.zone)
        numbers = stats.period_numbers(self.hub, self.hub_settings, post.period, names or None,
                                       history_reader=lambda: self._history,
                                       matching=self.build.matching)
        return stats.html(numbers, names or None)

    def generate_output(self, writer):
        for page in self.series_pages:
            self.write_page(writer, f"{page.series.url}index.html", "hub_series", series_page=page)
        for article, practice, pages in self.practice_pages:
            for page in pages:
                self.write_page(writer, page.file, "hub_practice", post=article, practice=practice, pagination=page)
        self.write_feeds()

    def write_feeds(self) -> None:
        """Atom and RSS for learning, reports and both, with absolute addresses (publishing.syndication)."""
        self.write_texts(self.feeds(), lambda feed_kind: feed_kind[0].path(feed_kind[1]),
                         lambda feed_kind: syndication.write(*feed_kind, self.hub_settings.public))

    def feeds(self) -> list[tuple[syndication.Feed, str]]:
        """Each feed of posts, once per format: (feed, "atom" or "rss")."""
        settings = self.hub_settings
        entries = {"learning": [], "reports": []}
        for article in self.context.get("articles") or ():
            link = settings.public(article.url)
            authors = ", ".join(str(author) for author in getattr(article, "authors", ()) or ())
            entry = syndication.Entry(
                title=Markup(article.title).striptags(), link=link, uid=syndication.tag_uri(link, article.date),
                published=article.date, updated=getattr(article, "modified", None),
                author=authors or f"{settings.site_name} coordinators", summary_html=article.summary,
                content_html=article.get_content(settings.public_url), categories=(article.category.name,))
            entries.setdefault(article.category.slug, []).append(entry)
        sections = {"all": ([*entries["learning"], *entries["reports"]], "learning and reports",
                            "New learning posts and quarterly reports from the coalition.", ""),
                    "learning": (entries["learning"], "learning", "What members have learned about bringing people "
                                 "together.", "learning/"),
                    "reports": (entries["reports"], "reports", "The coalition's quarterly reports.", "reports/")}
        found = []
        for name, (chosen, what, subtitle, page) in sections.items():
            chosen = sorted(chosen, key=lambda entry: (entry.published, entry.link), reverse=True)[:FEED_ENTRIES]
            feed = syndication.Feed(name, f"{settings.site_name}: {what}", settings.public(page), subtitle,
                                    settings.site_name, tuple(chosen))
            found += [(feed, kind) for kind in ("atom", "rss")]
        return found
