"""Search with Pagefind: what each page tells the index, the search page's filters, and the index build.

Pure helpers (no Pelican import). Templates put an entity's facets in <head> as
`<meta name="hub-search" data-pagefind-filter="area[content]" content="Coventry">`; Pagefind reads
filters and metadata from the whole page but indexes only the text inside `data-pagefind-body`,
which only entity pages (members, events, learning posts, reports) carry. `build_index` runs the
Pagefind binary from the `pagefind[bin]` wheel over the finished site, as the build's last step.
"""
from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import json
import logging
import os
import shutil
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import cbor2
from markupsafe import Markup

from ..core.files import link_tree, write_bytes
from ..core.schema import Member
from ..events.listing import event_areas

logger = logging.getLogger(__name__)

# The `type` filter's values, in the order the search page offers them.
MEMBER, EVENT, LEARNING, REPORT = "Member", "Event", "Learning", "Report"
TYPES = (MEMBER, EVENT, LEARNING, REPORT)
# How the search page names each type in its "Show" filter.
TYPE_LABELS = {MEMBER: "Members", EVENT: "Events", LEARNING: "Learning posts", REPORT: "Reports"}
# Pelican article categories (by slug) -> search type.
ARTICLE_TYPES = {"learning": LEARNING, "reports": REPORT}

# Filter keys, as used in data-pagefind-filter and by theme/static/js/search.js.
TYPE, OFFER, NEED, AREA, MONTH, WEEK = "type", "offer", "need", "area", "month", "week"
THIS_WEEK = "This week"  # the `week` filter's one value: an event with a date in the next 7 days
ONLINE = "Online"  # the area of events that can be joined online (members use the same area name)


@dataclass(frozen=True)
class Facet:
    """One thing a page tells Pagefind: a filter value, or a metadata field such as the title."""

    kind: str  # "filter" or "meta"
    key: str
    value: str


def month_label(day: dt.date) -> str:
    """The event month filter value, e.g. 'March 2026' (sorted chronologically by `month_sort_key`)."""
    return day.strftime("%B %Y")


def month_sort_key(label: str) -> tuple[int, int]:
    parsed = dt.datetime.strptime(label, "%B %Y")
    return parsed.year, parsed.month


def _day(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    return value if isinstance(value, dt.date) else None


def _live(occurrences) -> list:
    return [occ for occ in occurrences or () if not getattr(occ, "cancelled", False)]


def event_months(event, upcoming=()) -> list[str]:
    """The months an event happens in: those of its coming dates (a series spans several), or the
    month it took place in when none is left."""
    days = [_day(getattr(occ, "local_date", None) or occ.start) for occ in _live(upcoming)]
    days = [day for day in days if day] or [day for day in [_day(getattr(event, "start", None))] if day]
    return list(dict.fromkeys(month_label(day) for day in sorted(days)))


def happens_this_week(upcoming, now: dt.datetime | None) -> bool:
    """A date in the seven days from `now` (the build's clock: the site is rebuilt at least daily)."""
    if now is None:
        return False
    soon = now + dt.timedelta(days=7)
    return any(occ.instant < soon for occ in _live(upcoming))


def _areas(entity) -> list[str]:
    return list(dict.fromkeys(area.name for area in getattr(entity, "areas", None) or ()))


def _event_areas(event, organiser=None, places=None) -> list[str]:
    """Where an event happens, in the member areas' words (events.listing.event_areas, the rule the
    What's on filters use too)."""
    return list(event_areas(event, organiser, places))


def member_facets(member: Member, labels: dict[str, str]) -> list[Facet]:
    facets = [Facet("meta", "title", member.name), Facet("meta", "summary", member.summary),
              Facet("filter", TYPE, MEMBER)]
    facets += [Facet("filter", OFFER, labels.get(key, key)) for key in member.offer_categories]
    facets += [Facet("filter", NEED, labels.get(key, key)) for key in member.need_categories]
    facets += [Facet("filter", AREA, name) for name in _areas(member)]
    return facets


def article_facets(article) -> list[Facet]:
    """Learning posts and reports (Pelican articles); other categories are not given a type."""
    kind = ARTICLE_TYPES.get(getattr(article.category, "slug", ""))
    facets = [Facet("meta", "title", _plain(article.title))]
    if kind:
        facets.append(Facet("filter", TYPE, kind))
    return facets


def event_facets(event, labels: dict[str, str], upcoming=(), organiser=None,
                 now: dt.datetime | None = None, places=None) -> list[Facet]:
    """Events: title, type, month(s), this week, area(s) and topics (as the offer category)."""
    facets = [Facet("meta", "title", event.title), Facet("filter", TYPE, EVENT)]
    if getattr(event, "summary", None):
        facets.append(Facet("meta", "summary", event.summary))
    facets += [Facet("filter", MONTH, label) for label in event_months(event, upcoming)]
    if happens_this_week(upcoming, now):
        facets.append(Facet("filter", WEEK, THIS_WEEK))
    facets += [Facet("filter", AREA, name) for name in _event_areas(event, organiser, places)]
    facets += [Facet("filter", OFFER, labels.get(key, key)) for key in _categories(event)]
    return facets


def _categories(event) -> list[str]:
    return list(dict.fromkeys(getattr(event, "categories", None) or ()))


def _plain(text) -> str:
    return Markup(str(text)).striptags()


def facets(entity, labels: dict[str, str] | None = None, kind: str | None = None, **context) -> list[Facet]:
    """The facets of the entity a page shows: kind "member", "event" (with the page's `upcoming`,
    `organiser` and `now`) or "article" (a Pelican article). Used as a Jinja filter."""
    labels = labels or {}
    if entity is None:
        return []
    if kind == "member" or isinstance(entity, Member):
        return member_facets(entity, labels)
    if kind == "event":
        return event_facets(entity, labels, **context)
    if kind == "article" or hasattr(entity, "category"):
        return article_facets(entity)
    return []


@dataclass(frozen=True)
class FilterOptions:
    """The choices the search page offers, computed at build time from the hub (and events)."""

    types: tuple[str, ...]
    offers: tuple[str, ...]
    needs: tuple[str, ...]
    areas: tuple[str, ...]
    months: tuple[str, ...]
    this_week: bool = False
    online_events: bool = False


def filter_options(hub, events=(), articles=(), upcoming_by_event=None, now: dt.datetime | None = None,
                   organisers=None) -> FilterOptions:
    """Only values that some page carries (an empty filter would find nothing), computed with the
    same functions as the pages' own facets."""
    upcoming_by_event = upcoming_by_event or {}
    organisers = organisers or {}
    offers = {item.category for member in hub.members for item in member.offers}
    offers |= {key for event in events for key in _categories(event)}
    needs = {item.category for member in hub.members for item in member.needs}
    areas: dict[str, str] = {}
    names = [name for member in hub.members for name in _areas(member)]
    names += [name for event in events
              for name in _event_areas(event, organisers.get(event.organiser), getattr(hub, "places", None))]
    for name in names:
        areas.setdefault(name.casefold(), name)
    months = {label for event in events for label in event_months(event, upcoming_by_event.get(event.slug, ()))}
    week = any(happens_this_week(upcoming_by_event.get(event.slug, ()), now) for event in events)
    kinds = {MEMBER} if hub.members else set()
    kinds |= {EVENT} if events else set()
    kinds |= {ARTICLE_TYPES[a.category.slug] for a in articles if a.category.slug in ARTICLE_TYPES}
    everywhere = {"online", "uk-wide"}
    return FilterOptions(
        types=tuple(t for t in TYPES if t in kinds),
        offers=tuple(c.label for c in hub.vocabulary if c.key in offers),
        needs=tuple(c.label for c in hub.vocabulary if c.key in needs),
        areas=tuple(sorted(areas.values(), key=lambda n: (n.casefold() not in everywhere, n.casefold()))),
        months=tuple(sorted(months, key=month_sort_key)),
        this_week=week,
        online_events=any(getattr(event, "online", None) for event in events),
    )


def pagefind_command(site: Path) -> list[str]:
    """Pagefind on `site`; its other options come from a pagefind.json in the working folder."""
    from pagefind_bin import get_executable

    return [str(get_executable()), "--site", str(site), "--quiet"]


class SearchIndexError(RuntimeError):
    pass


# Pagefind's compressed chunks: gzip of this signature followed by one CBOR value.
CHUNK_SIGNATURE = b"pagefind_dcd"


def _read_chunk(path: Path):
    data = gzip.decompress(path.read_bytes())
    value = cbor2.loads(data[len(CHUNK_SIGNATURE):]) if data.startswith(CHUNK_SIGNATURE) else None
    if value is None or CHUNK_SIGNATURE + cbor2.dumps(value) != data:
        raise SearchIndexError(f"{path.name} is not in the Pagefind 1.5 format this build knows; "
                               "see stable_filters in plugins/hub/search/index.py")
    return value


def _write_chunk(path: Path, value) -> None:
    path.write_bytes(gzip.compress(CHUNK_SIGNATURE + cbor2.dumps(value), compresslevel=9, mtime=0))


def _pagefind_hash(data: bytes) -> str:
    """Pagefind's full_hash: SHA-1 in hex, each byte without its leading zero (Rust's `{:x?}`)."""
    return "".join(f"{byte:x}" for byte in hashlib.sha1(data).digest())


def stable_filters(bundle: Path) -> None:
    """Write the filter chunks as Pagefind does after version 1.5.2: each filter's values sorted,
    and the filters sorted by name in the index metadata.

    Pagefind 1.5.2 writes them in the order of a Rust hash map, which is random in every run, so
    two builds of the same site had different files under pagefind/filter/ (with names from their
    content), a different pagefind.*.pf_meta and pagefind-entry.json, and every build republished
    them. Pagefind fixed it after 1.5.2 (pull request #1124, not yet released); once it is, this is
    a no-op and can go. Each chunk is re-encoded only if it reads back byte for byte as CBOR."""
    entry_path = bundle / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    for language, about in entry["languages"].items():
        meta_path = bundle / f"pagefind.{about['hash']}.pf_meta"
        meta = _read_chunk(meta_path)  # [version, pages, index chunks, filters, sorts, meta fields]
        chunks = []
        for name, chunk_hash in sorted(meta[3]):
            path = bundle / "filter" / f"{chunk_hash}.pf_filter"
            chunk = _read_chunk(path)  # [filter, [[value, [page, ...]], ...]]
            chunk[1].sort(key=lambda value: value[0])  # code point order, as Rust orders a String
            chunks.append((name, chunk))
            path.unlink()
        filters = []
        for name, chunk in chunks:
            full = f"{language}_{_pagefind_hash(cbor2.dumps(chunk))}"
            length = len(language) + 8  # Pagefind's short name, longer only if two would collide
            while full[:length] in {taken for _, taken in filters} and length < len(full):
                length += 1
            filters.append([name, full[:length]])
            _write_chunk(bundle / "filter" / f"{full[:length]}.pf_filter", chunk)
        meta[3] = filters
        meta_hash = f"{language}_{_pagefind_hash(cbor2.dumps(meta))[:len(language) + 8]}"
        meta_path.unlink()
        _write_chunk(bundle / f"pagefind.{meta_hash}.pf_meta", meta)
        about["hash"] = meta_hash
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


# The folders whose pages can be entities (members, events, posts); listings beside them carry no
# data-pagefind-body and are left out before Pagefind reads them.
ENTITY_FOLDERS = ("members", "events", "learning", "reports")
BODY = b"data-pagefind-body"
SHARDS_FILE = "hub-shards.json"  # in the first bundle: the other bundles, which the search page merges


def indexed_pages(site: Path) -> list[tuple[str, int]]:
    """(path relative to the site, size) of every page Pagefind indexes: an entity's own page, in
    the folders above, whose article carries data-pagefind-body."""
    return [(path, size) for path, size, _ in _indexed(site)]


def _indexed(site: Path) -> list[tuple[str, int, bytes]]:
    """`indexed_pages`, each with a digest of its bytes."""
    found = []
    for folder in ENTITY_FOLDERS:
        for path in sorted((site / folder).glob("*/index.html")):
            data = path.read_bytes()
            if BODY in data:
                found.append((path.relative_to(site).as_posix(), len(data), hashlib.sha256(data).digest()))
    return found


def shard(pages: list[tuple[str, int]], budget: int) -> list[list[str]]:
    """The pages cut into groups of at most `budget` bytes of HTML (a page alone may exceed it), in
    order: Pagefind's memory grows with what one run indexes (about twelve times the HTML it
    reads), so each group is one run with a bounded peak."""
    groups: list[list[str]] = [[]]
    used = 0
    for path, size in pages:
        if groups[-1] and used + size > budget:
            groups.append([])
            used = 0
        groups[-1].append(path)
        used += size
    return groups


def bundle_folder(number: int) -> str:
    """Where the search bundle of group `number` goes: the first is pagefind/, the search page's."""
    return "pagefind" if number == 0 else f"pagefind-shards/{number}"


def _glob(paths: list[str]) -> str:
    """A brace list of the exact files (their names are slugs: nothing to escape). Pagefind reads it
    from a config file, which has no command-line length limit."""
    return "{" + ",".join(paths) + "}"


BUNDLE_KEY = "hub-bundle.txt"  # in each bundle: what it was made from (see _bundle_key)


def _index_version() -> str:
    """Pagefind's version and this module's code: a bundle made by others is not reused."""
    version = subprocess.run([pagefind_command(Path("."))[0], "--version"], capture_output=True, text=True)
    return hashlib.sha256(version.stdout.encode() + Path(__file__).read_bytes()).hexdigest()


def _bundle_key(version: str, folder: str, paths: list[str], digests: dict[str, bytes]) -> str:
    hasher = hashlib.sha256(f"{version}\0{folder}\0".encode())
    for path in paths:
        hasher.update(path.encode() + b"\0" + digests[path])
    return hasher.hexdigest()


AT_ONCE = 2  # runs of Pagefind at the same time at most: memory is two bundles' (HUB_SEARCH_SHARD_KB)


def runs_at_once(workers: int | None) -> int:
    """How many runs of Pagefind go at once: one per core, at most AT_ONCE, so that lowering
    HUB_SEARCH_SHARD_KB always lowers the memory Pagefind takes."""
    return max(1, min(workers or os.cpu_count() or 1, AT_ONCE))


def build_index(site: Path, shard_bytes: int = 25_000_000, previous: Path | None = None,
                workers: int | None = None) -> Path:
    """Index the built site's entity pages into SITE/pagefind/, in groups of at most `shard_bytes`
    of HTML each (a big hub gets more bundles, under SITE/pagefind-shards/, which the search page
    merges: pagefind/hub-shards.json lists them), with the same files for the same site (see
    stable_filters). A bundle whose pages are all the same as when the previous build (in
    `previous`, or in `site` itself) made it, byte for byte, is that build's bundle again: Pagefind
    runs only for the bundles a change reaches. Pagefind's warnings are logged as warnings (so a
    build run with --fatal warnings stops on them); a failure raises SearchIndexError."""
    pages = _indexed(site)
    groups = shard([(path, size) for path, size, _ in pages], shard_bytes)
    digests = {path: digest for path, _, digest in pages}
    version = _index_version()
    source = Path(previous) if previous is not None else site
    in_place = source.resolve() == site.resolve()
    plans = []
    for number, paths in enumerate(groups):
        folder = bundle_folder(number)
        key = _bundle_key(version, folder, paths, digests)
        try:
            reusable = (source / folder / BUNDLE_KEY).read_text(encoding="utf-8") == key
        except OSError:
            reusable = False
        plans.append((number, folder, paths, key, reusable))
    kept = {folder for _, folder, _, _, reusable in plans if reusable}
    if in_place:  # what is not kept goes: a bundle made again starts empty, one no longer needed too
        if "pagefind" not in kept:
            shutil.rmtree(site / "pagefind", ignore_errors=True)
        shards = site / "pagefind-shards"
        for old in (shards.iterdir() if shards.is_dir() else ()):
            if f"pagefind-shards/{old.name}" not in kept:
                shutil.rmtree(old, ignore_errors=True)
    else:
        for folder in ("pagefind", "pagefind-shards"):
            shutil.rmtree(site / folder, ignore_errors=True)
        for folder in sorted(kept):
            link_tree(source / folder, site / folder)
    todo = [(folder, paths, key) for _, folder, paths, key, reusable in plans if not reusable]

    def make(folder: str, paths: list[str], key: str) -> None:
        _run_pagefind(site, folder, paths)
        (site / folder / BUNDLE_KEY).write_text(key, encoding="utf-8")

    # Each run is a process of its own: threads only wait for them. The first failure is raised, and
    # the runs not yet started never start.
    pool = ThreadPoolExecutor(runs_at_once(workers))
    try:
        for done in [pool.submit(make, *plan) for plan in todo]:
            done.result()
    finally:
        pool.shutdown(cancel_futures=True)
    logger.info("search index: %d bundle(s) made, %d kept from the previous build", len(todo), len(kept))
    others = [f"../{bundle_folder(number)}/" for number in range(1, len(groups))]
    write_bytes(site / "pagefind" / SHARDS_FILE, (json.dumps(others) + "\n").encode("utf-8"))
    return site / "pagefind"


def _run_pagefind(site: Path, folder: str, paths: list[str]) -> None:
    """One run of Pagefind over `paths` (all entity pages when empty: a site without any) into
    SITE/folder, its filter files made stable."""
    with tempfile.TemporaryDirectory(prefix="hub-pagefind-") as settings:
        config = {"site": str(site), "output_subdir": folder, "quiet": True}
        if paths:
            config["glob"] = _glob(paths)
        (Path(settings) / "pagefind.json").write_text(json.dumps(config), encoding="utf-8")
        result = subprocess.run(pagefind_command(site), capture_output=True, text=True, cwd=settings)
    output = (result.stdout + result.stderr).strip()
    if result.returncode != 0:
        raise SearchIndexError(f"Pagefind failed ({result.returncode}): {output}")
    if output:
        logger.warning("Pagefind: %s", output)
    bundle = site / folder
    if not (bundle / "pagefind.js").is_file():
        raise SearchIndexError(f"Pagefind wrote no search bundle into {bundle}")
    stable_filters(bundle)
