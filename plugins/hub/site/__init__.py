"""The site layer: the only code that imports Pelican. It loads the tree once per build, lets each
feature's generator compute what its pages need, writes the pages through Pelican's writer, and
finishes with the search index.

The steps run in the order of `STEPS`: Pelican calls every generator's `generate_context` (here,
`prepare`) in that order before any `generate_output`, so the events' agenda exists when the
search filters are computed and every page can show matches and events.
"""
from __future__ import annotations

import contextlib
import functools
import hashlib
import shutil
from pathlib import Path

from jinja2 import FileSystemBytecodeCache, StrictUndefined, Undefined
from pelican import __version__ as pelican_version
from pelican import signals
from pelican.generators import Generator
from pelican.settings import DEFAULT_CONFIG

from ..core.bounds import oversized
from ..core.directory import letter_slug
from ..core.fingerprint import Unfingerprintable, digest
from ..core.images import image_problems
from ..core.ledger import location, seal, unseal
from ..core.links import link_problems
from ..core.markup import render_markdown
from ..core.memo import plugin_version
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
        pelican.settings["CACHE_PATH"] = str(posts_store(pelican.settings, settings.cache_path))
    unseal_pelican_cache(Path(pelican.settings["CACHE_PATH"]))
    problems = [*link_problems(settings), *image_problems(settings)]
    if problems:
        raise fail(problems)


# Settings that change with every build and that reading a post does not use.
_PER_BUILD = frozenset({"OUTPUT_PATH", "CACHE_PATH", "HUB_PREVIOUS_OUTPUT", "HUB_EVENTS_NOW", "HUB_WRITE_EVENTS_LOCK"})


def posts_store(pelican_settings: dict, cache: Path) -> Path:
    """The folder of Pelican's reading of the posts (the ledger's `posts`), named by everything that
    reading may follow from: the settings (those that are data: code is in the versions), Pelican's
    and the plugin's code. Other settings read into another folder; the old ones are removed."""
    plain = {}
    for name, value in pelican_settings.items():
        if name.isupper() and name not in _PER_BUILD:
            with contextlib.suppress(Unfingerprintable, RecursionError):
                plain[name] = digest(value)
    folder = location(cache, "posts")
    chosen = folder / digest(plain, plugin_version(), pelican_version)[:24]
    if folder.is_dir():
        for other in folder.iterdir():
            if other != chosen:
                shutil.rmtree(other, ignore_errors=True) if other.is_dir() else other.unlink(missing_ok=True)
    return chosen


_SEAL = ".sha256"


def unseal_pelican_cache(folder: Path) -> None:
    """Pelican writes its cache in place and reads it back whole or stops (a truncated file is an
    EOFError, an altered one a fatal warning): each file is read only when it is as the last build
    that finished left it (`seal_pelican_cache`), and removed otherwise, so Pelican reads the posts again."""
    if not folder.is_dir():
        return
    for path in folder.iterdir():
        if path.name.endswith(_SEAL) or path.is_dir():
            continue
        seal = path.with_name(path.name + _SEAL)
        try:
            whole = seal.read_text(encoding="ascii") == hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError:
            whole = False
        if not whole:
            path.unlink(missing_ok=True)
            seal.unlink(missing_ok=True)


def seal_pelican_cache(pelican) -> None:
    folder = Path(pelican.settings["CACHE_PATH"])
    if not folder.is_dir():
        return
    for path in folder.iterdir():
        if not path.name.endswith(_SEAL) and path.is_file():
            path.with_name(path.name + _SEAL).write_text(hashlib.sha256(path.read_bytes()).hexdigest(),
                                                         encoding="ascii")


class SealedBytecodeCache(FileSystemBytecodeCache):
    """Jinja's compiled templates, each kept with its checksum (core/ledger.py): a truncated or
    altered file is compiled again, never run."""

    def load_bytecode(self, bucket) -> None:
        payload = unseal(Path(self._get_cache_filename(bucket)))
        if payload is not None:
            bucket.bytecode_from_string(payload)

    def dump_bytecode(self, bucket) -> None:
        seal(Path(self._get_cache_filename(bucket)), bucket.bytecode_to_string())


@functools.cache
def _bytecode_cache(folder: Path) -> FileSystemBytecodeCache:
    folder.mkdir(parents=True, exist_ok=True)
    return SealedBytecodeCache(str(folder))


class OutputUndefined(Undefined):
    """A name no one defined may be tested (`{% if x %}`, `x == "y"`), but never printed or used:
    that would publish an empty link or text instead of failing the build."""

    __str__ = __iter__ = __len__ = __html__ = StrictUndefined.__str__


def prepare_templates(generator) -> None:
    # Pelican makes one Jinja environment per generator and per run: each compiles every template it
    # uses. Compiled templates are kept in the cache folder (keyed by the template's source), and a
    # template is not checked for changes on every include (a new run makes new environments).
    generator.env.auto_reload = False
    cache = checked_settings(generator.settings).cache_path
    generator.env.bytecode_cache = _bytecode_cache(location(cache, "templates"))
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
        previous = settings.previous_output
        search.build_index(output, settings.search_shard_kb * 1000, Path(previous) if previous else None,
                           settings.workers or None)
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
    signals.finalized.connect(seal_pelican_cache)
    signals.get_writer.connect(get_writer)
