"""Search with Pagefind: what each page tells the index, the search page's filters, and the index build.

Pure helpers (no Pelican import). Templates put an entity's facets in <head> as
`<meta name="hub-search" data-pagefind-filter="area[content]" content="Coventry">`; Pagefind reads
filters and metadata from the whole page but indexes only the text inside `data-pagefind-body`,
which only entity pages (members, events, learning posts, reports) carry. `build_index` runs the
Pagefind binary from the `pagefind[bin]` wheel over the finished site, as the build's last step.
"""
from __future__ import annotations

import datetime as dt
import logging
import subprocess
from dataclasses import dataclass
from pathlib import Path

from .model import Member

logger = logging.getLogger(__name__)

# The `type` filter's values, in the order the search page offers them.
MEMBER, EVENT, LEARNING, REPORT = "Member", "Event", "Learning", "Report"
TYPES = (MEMBER, EVENT, LEARNING, REPORT)
# How the search page names each type in its "Show" filter.
TYPE_LABELS = {MEMBER: "Members", EVENT: "Events", LEARNING: "Learning posts", REPORT: "Reports"}
# Pelican article categories (by slug) -> search type.
ARTICLE_TYPES = {"learning": LEARNING, "reports": REPORT}

# Filter keys, as used in data-pagefind-filter and by theme/static/js/search.js.
TYPE, OFFER, NEED, AREA, MONTH = "type", "offer", "need", "area", "month"


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


def _event_start(event) -> dt.date | None:
    for name in ("start", "starts", "date", "dtstart"):
        value = getattr(event, name, None)
        if isinstance(value, (dt.date, dt.datetime)):
            return value.date() if isinstance(value, dt.datetime) else value
    return None


def _areas(entity) -> list[str]:
    names = []
    for area in getattr(entity, "areas", None) or ():
        name = getattr(area, "name", area)
        if isinstance(name, str) and name not in names:
            names.append(name)
    area = getattr(entity, "area", None)
    name = getattr(area, "name", area)
    if isinstance(name, str) and name and name not in names:
        names.append(name)
    return names


def member_facets(member: Member, labels: dict[str, str]) -> list[Facet]:
    facets = [Facet("meta", "title", member.name), Facet("filter", TYPE, MEMBER)]
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


def event_facets(event, labels: dict[str, str]) -> list[Facet]:
    """Events: title, type, month, area(s) and, when the event names one, its category."""
    facets = [Facet("meta", "title", str(getattr(event, "title", "") or getattr(event, "name", ""))),
              Facet("filter", TYPE, EVENT)]
    start = _event_start(event)
    if start:
        facets.append(Facet("filter", MONTH, month_label(start)))
    facets += [Facet("filter", AREA, name) for name in _areas(event)]
    for key in _categories(event):
        facets.append(Facet("filter", OFFER, labels.get(key, key)))
    return facets


def _categories(event) -> list[str]:
    keys = getattr(event, "categories", None) or ()
    single = getattr(event, "category", None)
    if isinstance(single, str) and single:
        keys = (*keys, single)
    return [key for key in dict.fromkeys(keys) if isinstance(key, str)]


def _plain(text) -> str:
    from markupsafe import Markup

    return Markup(str(text)).striptags()


def facets(entity, labels: dict[str, str] | None = None, kind: str | None = None) -> list[Facet]:
    """The facets of whatever entity a page shows: a Member, an event or a Pelican article.
    `kind` ("member", "event", "article") names it when the object's class does not."""
    labels = labels or {}
    if entity is None:
        return []
    if kind == "member" or isinstance(entity, Member):
        return member_facets(entity, labels)
    if kind == "event" or (kind is None and _event_start(entity) and not hasattr(entity, "category")):
        return event_facets(entity, labels)
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


def filter_options(hub, events=(), articles=()) -> FilterOptions:
    """Only values that some page carries: an empty filter would find nothing."""
    offers = {item.category for member in hub.members for item in member.offers}
    needs = {item.category for member in hub.members for item in member.needs}
    event_categories = {key for event in events for key in _categories(event)}
    areas: dict[str, str] = {}
    for entity in (*hub.members, *events):
        for name in _areas(entity):
            areas.setdefault(name.casefold(), name)
    months = {month_label(start) for event in events if (start := _event_start(event))}
    kinds = {MEMBER} if hub.members else set()
    kinds |= {EVENT} if events else set()
    kinds |= {ARTICLE_TYPES[a.category.slug] for a in articles if a.category.slug in ARTICLE_TYPES}
    everywhere = {"online", "uk-wide"}
    return FilterOptions(
        types=tuple(t for t in TYPES if t in kinds),
        offers=tuple(c.label for c in hub.vocabulary if c.key in offers | event_categories),
        needs=tuple(c.label for c in hub.vocabulary if c.key in needs),
        areas=tuple(sorted(areas.values(), key=lambda n: (n.casefold() not in everywhere, n.casefold()))),
        months=tuple(sorted(months, key=month_sort_key)),
    )


def pagefind_command(site: Path) -> list[str]:
    from pagefind_bin import get_executable

    return [str(get_executable()), "--site", str(site), "--quiet"]


class SearchIndexError(RuntimeError):
    pass


def build_index(site: Path) -> Path:
    """Index the built site into SITE/pagefind/. Pagefind's warnings are logged as warnings (so a
    build run with --fatal warnings stops on them); a failure raises SearchIndexError."""
    result = subprocess.run(pagefind_command(site), capture_output=True, text=True)
    output = (result.stdout + result.stderr).strip()
    if result.returncode != 0:
        raise SearchIndexError(f"Pagefind failed ({result.returncode}): {output}")
    if output:
        logger.warning("Pagefind: %s", output)
    bundle = site / "pagefind"
    if not (bundle / "pagefind.js").is_file():
        raise SearchIndexError(f"Pagefind wrote no search bundle into {bundle}")
    return bundle
