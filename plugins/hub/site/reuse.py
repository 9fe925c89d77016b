"""Incremental builds: a page whose inputs are the same as in the last build is not rendered again.

Every page written through Pelican's writer gets a key: a fingerprint of its template, its address
and what it follows from. By default that is everything the build reads (every file of the tree,
the theme, the plugin's code, the settings and the clock), so a page without more precise knowledge
is rendered again whenever anything changed. A hub generator that knows what a page shows passes it
as `depends` (see `HubGenerator.write_page`): the page is then keyed by that, by its values (unless
`only` says `depends` is all it follows from) and by the small things every page may show (the
theme, the code, the settings, the vocabulary, the places, the posts and the day), so editing one
member re-renders its page and the lists it is in, not the thousand other member pages.

Files that are not pages (calendars, JSON, feeds) are keyed by their text: one written the same as
in the previous build is reused the same way.

The keys of a build are kept in the cache folder, by output folder. When a page's key is the one it
had in the previous build, the previous file is reused: linked into a new build folder (`invoke
build` makes one per build) or left alone when Pelican writes into the same folder, so its
modification time does not change and Pagefind and the server see only what changed. Pelican's
`content_written` signal is still sent for it (the sitemap lists it). `tests/test_incremental.py`
checks that builds made this way are byte for byte the builds made from nothing.
"""
from __future__ import annotations

import bisect
import collections
import contextlib
import hashlib
import json
import logging
import os
from pathlib import Path

from pelican import signals
from pelican.contents import Content
from pelican.urlwrappers import URLWrapper
from pelican.writers import Writer

from ..core.files import link_previous, write_bytes
from ..core.fingerprint import Unfingerprintable, digest, files_digest, register
from ..core.memo import PLUGIN
from ..core.processes import forked_map
from ..core.settings import HubSettings
from .parallel import Job, local_context, render_all

logger = logging.getLogger(__name__)

# A post or page is what its file says (its text and header); a category or tag is its name.
register(Content, lambda content: (type(content).__name__, content.source_path, content._content,
                                   {name: value for name, value in content.metadata.items()}))
register(URLWrapper, lambda wrapper: (type(wrapper).__name__, wrapper.name, wrapper.slug))

KEY = "hub_reuse_depends"  # the write_file keyword a hub generator passes what a page depends on
ONLY = "hub_reuse_only"  # ... and that this is all it depends on: its values follow from it
DEFER = "hub_defer"  # ... and asks that its page be rendered with the others, on every core


# Settings no page shows: code, where files go, and how the build runs.
_NOT_SHOWN = frozenset({"PLUGINS", "JINJA_FILTERS", "JINJA_GLOBALS", "JINJA_TESTS", "READERS",
                        "OUTPUT_PATH", "CACHE_PATH", "HUB_PREVIOUS_OUTPUT", "HUB_OUTPUT_AFTER", "HUB_WRITE_EVENTS_LOCK",
                        "HUB_SEARCH_INDEX",
                        "HUB_CACHE_PATH", "WRITE_SELECTED"})


def _settings_digest(settings: dict) -> str:
    """Pelican's settings as a page can show them (what is plain data; the rest is code or paths)."""
    plain = {}
    for name, value in settings.items():
        if name.isupper() and name not in _NOT_SHOWN:
            with contextlib.suppress(Unfingerprintable, RecursionError):
                plain[name] = digest(value)
    return digest(plain)


class Scopes:
    """What a page may show besides its own values: `static` (theme, code, settings, vocabulary,
    places, posts, the day) for pages that declare what they depend on, `everything` (all of the
    tree and the clock) for the rest."""

    def __init__(self, settings: dict, hub_settings: HubSettings):
        root = hub_settings.root
        theme = Path(settings.get("THEME") or root / "theme")
        day = hub_settings.today.isoformat()
        self.static = digest("static", day, _settings_digest(settings),
                             files_digest(theme, PLUGIN, hub_settings.categories_path, hub_settings.places_path,
                                          hub_settings.content_path))
        # Everything a page can follow from, the clock included: a page that declares nothing is
        # made from these alone, so its key need not look at its values (they follow from them).
        self.everything = digest("everything", self.static, hub_settings.now,
                                 files_digest(hub_settings.members_path, hub_settings.events_path,
                                              hub_settings.introductions_path, hub_settings.feed_cache,
                                              hub_settings.lock_path))


def _manifest_path(cache: Path, output: Path) -> Path:
    name = hashlib.sha256(str(output.resolve()).encode("utf-8", "surrogateescape")).hexdigest()[:24]
    return cache / "pages" / f"{name}.json"


def _read_manifest(path: Path) -> dict[str, str]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def post_depends(template, kwargs: dict, context: dict):
    """What a post's page (Pelican's article template) shows besides the static scope, which
    already holds every post: its own text and header, and what partials/post_end.html adds (its
    series neighbours, who practises its key, those events' next dates). Without this, every post
    would be rendered again whenever any member or event changed. None for any other page."""
    article = kwargs.get("article")
    if getattr(template, "name", None) != "article.html" or not isinstance(article, Content):
        return None
    post_page = (context.get("hub_post_pages") or {}).get(article.source_path)
    practice = getattr(post_page, "practice", None)
    agenda = context.get("hub_agenda")
    upcoming = {}
    if practice is not None and agenda is not None:
        upcoming = {event.slug: agenda.catalogue.upcoming_by_event.get(event.slug, [])[:1]
                    for event in practice.events}
    return ("post", article, post_page, upcoming)


_ACTIVE: list = []


def active_writer():
    """The writer of the build under way (Pelican makes it after every generator's context)."""
    return _ACTIVE[-1] if _ACTIVE else None


class ReusingWriter(Writer):
    """Pelican's writer, reusing the previous file of every page whose key has not changed."""

    def __init__(self, output_path, settings=None):
        super().__init__(output_path, settings=settings)
        from .base import checked_settings

        self.hub_settings = checked_settings(settings)
        self.output = Path(output_path)
        hub = self.hub_settings
        self.previous = Path(hub.previous_output) if hub.previous_output else self.output
        self.output_after = Path(hub.output_after) if hub.output_after else self.output
        # Resolved once: per page it cost more than the rest of reusing it.
        self.in_place = self.previous.resolve() == self.output.resolve()
        self.cache = self.hub_settings.cache_path
        self.scopes = Scopes(settings, self.hub_settings)
        self.old_keys = _read_manifest(_manifest_path(self.cache, self.previous))
        self.new_keys: dict[str, str] = {}
        self.seen: dict = {}
        self.reused = self.rendered = 0
        self.pending: list[Job] = []
        self._previous_names: list[str] | None = None
        self.workers = self.hub_settings.workers or os.cpu_count() or 1
        signals.finalized.connect(self._save, weak=False)
        _ACTIVE.append(self)

    def _key(self, name: str, template, kwargs: dict, relative_urls: bool, seen: dict,
             context: dict | None = None) -> str | None:
        depends = kwargs.pop(KEY, None)
        if depends is None and context is not None:
            depends = post_depends(template, kwargs, context)
        only = kwargs.pop(ONLY, False) or depends is None
        scope = self.scopes.everything if depends is None else self.scopes.static
        try:
            return digest(scope, getattr(template, "name", str(template)), name, relative_urls,
                          None if only else kwargs, depends, seen=seen)
        except (Unfingerprintable, RecursionError):
            return None

    def _put(self, name: str, data: bytes) -> tuple[str, bool]:
        """The file `name` holding `data`: the previous build's file when it held the same (reused,
        modification time and all), else written. Its key, and whether it was reused."""
        key = hashlib.sha256(data).hexdigest()
        if self.old_keys.get(name) == key and self._reuse_file(name):
            return key, True
        write_bytes(self.output / name, data)
        return key, False

    def write_text(self, name: str, text: str) -> None:
        """A file that is not a page, written exactly as given (CRLF line ends and all), unless the
        previous build wrote the same text (its file is then reused, modification time and all)."""
        self.new_keys[name], reused = self._put(name, text.encode("utf-8"))
        self.reused += reused

    def write_texts(self, items, name_of, text_of) -> dict[str, str]:
        """`write_text` for many files, made and written by worker processes: only the names and
        keys come back ({name: key}), so the texts never gather here (a 10,000-member hub's feeds
        of matches are 280 MB)."""
        def make(item):
            name = name_of(item)
            return (name, *self._put(name, text_of(item).encode("utf-8")))

        keys = {}
        for name, key, reused in forked_map(make, items, self.workers):
            self.new_keys[name] = keys[name] = key
            self.reused += reused
        return keys

    def reuse_texts(self, keys: dict[str, str]) -> list[str]:
        """Reuse the previous build's file of each name whose text had this key (as returned by
        `write_texts`); the names it could not reuse."""
        missing = []
        for name, key in keys.items():
            if self.old_keys.get(name) == key and self._reuse_file(name):
                self._kept(name, key)
            else:
                missing.append(name)
        return missing

    def reuse_pages(self, pages, context: dict, relative_urls: bool) -> bool:
        """Reuse the previous build's file of every page of `pages` ((name, template, depends)), each
        keyed as `write_file` keys it with `depends` and `only` (so its values need not be made), or
        of none of them: False, with nothing done, when any of them must be made."""
        seen = context.get("hub_fingerprints", self.seen)
        keys = []
        for name, template, depends in pages:
            key = self._key(name, template, {KEY: depends, ONLY: True}, relative_urls, seen, context)
            if key is None or self.old_keys.get(name) != key or not self._has_previous(name):
                return False
            keys.append(key)
        for (name, _, _), key in zip(pages, keys):
            self._reuse(name, context, {}, relative_urls)
            self._kept(name, key)
        return True

    def previous_pages(self, folder: str) -> list[str]:
        """The names the previous build wrote under `folder` (e.g. 'members/x/matches/')."""
        if self._previous_names is None:
            self._previous_names = sorted(self.old_keys)
        start = bisect.bisect_left(self._previous_names, folder)
        end = bisect.bisect_left(self._previous_names, folder + "\U0010ffff")
        return self._previous_names[start:end]

    def write_file(self, name, template, context, relative_urls=False, paginated=None, template_name=None,
                   override_output=False, url=None, **kwargs):
        defer = kwargs.pop(DEFER, False)
        if not name:
            return super().write_file(name, template, context, relative_urls, paginated, template_name,
                                      override_output, url, **kwargs)
        if paginated is None:  # as Pelican's writer decides it: a list of posts in PAGINATED_TEMPLATES
            paginated = {key: value for key, value in kwargs.items() if key in ("articles", "dates")}
        if template_name not in self.settings.get("PAGINATED_TEMPLATES", {}):
            paginated = {}
        # A list written in pages (learning/, learning/page/2/ ...) is always rendered: reusing its first
        # page by its key would skip the others, which a build into a new folder then lost.
        key = None if paginated else self._key(name, template, kwargs, relative_urls,
                                               context.get("hub_fingerprints", self.seen), context)
        if key is not None and self.old_keys.get(name) == key and self._reuse(name, context, kwargs,
                                                                              relative_urls):
            self._kept(name, key)
            return None
        self.rendered += 1
        if key is not None:
            self.new_keys[name] = key
        if defer and not paginated:
            self.pending.append(Job(name, template, context, relative_urls, kwargs))
            return None
        return super().write_file(name, template, context, relative_urls, paginated, template_name,
                                  override_output, url, **kwargs)

    def flush(self) -> None:
        """Render every deferred page, on every core, then tell Pelican's signals about them (the
        sitemap lists them) as its writer does."""
        jobs, self.pending = self.pending, []
        for job, path in zip(jobs, render_all(jobs, self.output, self.workers, self.previous)):
            context = local_context(job)
            if context["localsiteurl"]:  # as Pelican's writer leaves it, for posts' links
                job.context["localsiteurl"] = context["localsiteurl"]
            signals.content_written.send(path, context=context)

    def _has_previous(self, name: str) -> bool:
        # A string path: a Path per page cost as much as the check.
        return os.path.isfile(os.path.join(self.previous, name))

    def _reuse_file(self, name: str) -> bool:
        """Put the previous build's file in place (or keep it); False when there is none."""
        if not self._has_previous(name):
            return False
        if not self.in_place:
            link_previous(self.previous / name, self.output / name)
        return True

    def _kept(self, name: str, key: str) -> None:
        """`name` is the previous build's file again, under `key`."""
        self.new_keys[name] = key
        self.reused += 1

    def _reuse(self, name: str, context: dict, kwargs: dict, relative_urls: bool) -> bool:
        """Reuse a page's previous file and tell the signals about it; False when there is none."""
        if not self._reuse_file(name):
            return False
        new = self.output / name
        own = {**kwargs, "output_file": name}
        if relative_urls:
            from pelican.utils import get_relative_path, path_to_url

            own["SITEURL"] = own["localsiteurl"] = path_to_url(get_relative_path(name))
        # The page's context as the render would see it, without copying the build's whole context
        # for each of thousands of pages (a third of the cost of reusing one).
        signals.content_written.send(str(new), context=collections.ChainMap(own, context))
        return True

    def _save(self, pelican) -> None:
        signals.finalized.disconnect(self._save)
        if self in _ACTIVE:
            _ACTIVE.remove(self)
        if self.pending:  # a deferred page no step flushed (cannot happen with site.STEPS' last step)
            self.flush()
        # Kept for the folder the next build will read: this one, or where `invoke build` moves it.
        path = _manifest_path(self.cache, self.output_after)
        with contextlib.suppress(OSError):
            path.parent.mkdir(parents=True, exist_ok=True)
            temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
            temporary.write_text(json.dumps(self.new_keys, sort_keys=True), encoding="utf-8")
            os.replace(temporary, path)
        logger.info("pages: %d rendered, %d reused from the previous build", self.rendered, self.reused)


def get_writer(pelican):
    return ReusingWriter
