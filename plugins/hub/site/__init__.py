"""The site layer: the only code that imports Pelican. It loads the tree once per build, lets each
feature's generator compute what its pages need, writes the pages through Pelican's writer, and
finishes with the search index.

The steps run in the order of `STEPS`: Pelican calls every generator's `generate_context` (here,
`prepare`) in that order before any `generate_output`, so the events' agenda exists when the
search filters are computed and every page can show matches and events.
"""
from __future__ import annotations

import functools
from pathlib import Path

from jinja2 import FileSystemBytecodeCache, StrictUndefined, Undefined
from pelican import signals
from pelican.generators import Generator
from pelican.settings import DEFAULT_CONFIG

from ..core.bounds import oversized
from ..core.directory import letter_slug
from ..core.images import image_problems
from ..core.links import link_problems
from ..core.markup import render_markdown
from ..core.pages import of_pelican
from ..core.slugs import slugify
from ..core.yamlio import source_name
from ..events.listing import listing as events_listing
from ..events.listing import month_anchor
from ..search import index as search
from ..search import words as search_words
from . import seo
from .base import checked_settings, fail, hub_of, settle
from .content import check_content
from .contribute import ContributeGenerator
from .directory import DirectoryGenerator
from .events import EventsGenerator
from .involve import InvolvementGenerator
from .matching import MatchingGenerator
from .news import NewsGenerator
from .public import PublicPagesGenerator
from .publishing import PublishingGenerator, hub_links
from .reuse import get_writer


# Publishing after events and matching (a key's post lists events; a report shows matches), before
# the public pages: it completes the posts' text before anything reads it.
class FlushPages(Generator):
    """The last step: the hub's pages, queued by every step before, are rendered together on every
    core (site/parallel.py) before Pelican's `finalized` (the sitemap, then the search index); then
    every file written is measured against its bound (core.bounds), naming the file it came from."""

    def generate_context(self):
        settle()  # every step has made what its pages show: it lives to the end of the build

    def generate_output(self, writer):
        if hasattr(writer, "flush"):
            writer.flush()
        hub, settings = hub_of(self.context, self.settings)
        root = Path(settings.root)
        sources = {}
        for content in (*(self.context.get("articles") or ()), *(self.context.get("pages") or ())):
            folder = Path(content.save_as).parent.as_posix()
            sources[f"{folder}/"] = source_name(Path(content.source_path), root)
        for item in (*hub.members, *hub.events):
            sources[item.url] = item.source
        for event in hub.events:
            sources[event.ics] = event.source
        problems = oversized(Path(self.output_path), settings, sources)
        if problems:
            raise fail(problems, "nothing was published")


STEPS = (DirectoryGenerator, EventsGenerator, MatchingGenerator, PublishingGenerator, NewsGenerator,
         InvolvementGenerator, PublicPagesGenerator, ContributeGenerator, FlushPages)


def check_settings(pelican) -> None:
    """At start-up, before anything is read: every HUB_* setting checked, each mistake reported, and
    no link to a file outside the repository in the folders Pelican reads and copies (it follows
    links, so it would publish /etc/passwd linked as an image), and no SVG that carries a script.
    load_tree reports the same problems."""
    settings = checked_settings(pelican.settings)
    if pelican.settings.get("CACHE_PATH") == DEFAULT_CONFIG["CACHE_PATH"]:  # not chosen: the hub's own
        pelican.settings["CACHE_PATH"] = str(settings.cache_path / "pelican")
    problems = [*link_problems(settings), *image_problems(settings)]
    if problems:
        raise fail(problems)


@functools.cache
def _bytecode_cache(folder: Path) -> FileSystemBytecodeCache:
    folder.mkdir(parents=True, exist_ok=True)
    return FileSystemBytecodeCache(str(folder))


class OutputUndefined(Undefined):
    """A name no one defined may be tested (`{% if x %}`, `x == "y"`), but never printed or used:
    that would publish an empty link or text instead of failing the build."""

    __str__ = __iter__ = __len__ = __html__ = StrictUndefined.__str__


def prepare_templates(generator) -> None:
    # Pelican makes one Jinja environment per generator and per run: each compiles every template it
    # uses. Compiled templates are kept in the cache folder (keyed by the template's source), and a
    # template is not checked for changes on every include (a new run makes new environments).
    generator.env.auto_reload = False
    generator.env.bytecode_cache = _bytecode_cache(checked_settings(generator.settings).cache_path / "jinja")
    generator.env.undefined = OutputUndefined
    generator.env.filters["markdown"] = render_markdown
    generator.env.filters["search_facets"] = search.facets
    generator.env.filters["search_lines"] = search_words.lines
    generator.env.filters["events_listing"] = events_listing
    generator.env.filters["letter_slug"] = letter_slug
    generator.env.filters["month_anchor"] = month_anchor
    generator.env.filters["slugify"] = slugify
    generator.env.filters["as_pages"] = of_pelican


def get_generators(pelican):
    return STEPS


def finalise_site(pelican) -> None:
    """The build's last step, over the finished site: the Pagefind index, robots.txt, and the sitemap
    (pelican-sitemap is listed before the hub in PLUGINS, so it has written sitemap.xml by now)."""
    output = Path(pelican.output_path)
    settings = checked_settings(pelican.settings)
    if settings.search_index:
        # A bundle whose pages are unchanged since the previous build (`invoke build` names its
        # folder; else this one) is reused: Pagefind runs only where a change reached.
        previous = pelican.settings.get("HUB_PREVIOUS_OUTPUT")
        search.build_index(output, settings.search_shard_kb * 1000, Path(previous) if previous else None)
    seo.fix_robots(output, pelican.settings.get("SITEURL"))
    if "pelican.plugins.sitemap" in pelican.settings.get("PLUGINS", ()):
        from pelican.plugins.sitemap.sitemap import format_date, generator

        seo.drop_build_time_lastmod(output, format_date(generator.now))


def register():
    signals.initialized.connect(check_settings)
    signals.generator_init.connect(prepare_templates)
    signals.content_object_init.connect(check_content)
    signals.content_object_init.connect(hub_links)
    signals.get_generators.connect(get_generators)
    signals.finalized.connect(finalise_site)
    signals.get_writer.connect(get_writer)
