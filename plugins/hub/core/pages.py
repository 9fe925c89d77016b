"""Long lists split into pages of bounded weight, so no page outgrows a phone's budget (100 KB of
HTML, CSS and script: tests/browser/test_budget.py) whatever the size of the hub. Pure.

A list is cut by the estimated bytes of its entries (`weight`), not only by their number: a member
card naming fifty areas weighs ten times one naming one, and a page of the heaviest entries must
fit too. The first page is the list's own address, the others `<base>page/<n>/` ("page" is never
a member, event or area slug under a paginated address: see events.load's reserved slugs). A list
that fits on one page is one page, with no page navigation.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

# Estimated bytes of entries on one page. The page around them (header, navigation, footer: 6 to
# 12 KB) and the stylesheets (about 19 KB) leave this much for the list within the 100 KB budget,
# with room for estimates that run short.
BUDGET = 50_000
# Entries on one page at most, however light: a page people scan, not a wall.
MOST = 100
# Page numbers shown either side of the current one in the navigation; the rest are elided.
AROUND = 2


@dataclass(frozen=True)
class Page:
    """One page of a list: its entries and where it sits among the others."""

    number: int          # from 1
    total: int           # pages in the list
    base: str            # the first page's address, e.g. "members/a/"
    items: tuple
    start: int           # how many entries come before this page
    count: int           # entries on every page together

    @property
    def url(self) -> str:
        return self.url_of(self.number)

    @property
    def file(self) -> str:
        return f"{self.url}index.html"

    def url_of(self, number: int) -> str:
        return self.base if number == 1 else f"{self.base}page/{number}/"

    @property
    def previous(self) -> str | None:
        return self.url_of(self.number - 1) if self.number > 1 else None

    @property
    def next(self) -> str | None:
        return self.url_of(self.number + 1) if self.number < self.total else None

    @property
    def first_shown(self) -> int:
        return self.start + 1

    @property
    def last_shown(self) -> int:
        return self.start + len(self.items)

    @property
    def numbers(self) -> tuple[int | None, ...]:
        """The page numbers the navigation lists: the first, the last, those around this one; None
        where numbers are left out ("1 2 3 … 9 10 11 … 40")."""
        keep = {1, self.total, *range(self.number - AROUND, self.number + AROUND + 1)}
        shown: list[int | None] = []
        for number in range(1, self.total + 1):
            if number in keep:
                shown.append(number)
            elif shown and shown[-1] is not None:
                shown.append(None)
        return tuple(shown)

    @property
    def of(self) -> str:
        """', page 2 of 7' for titles and headings; nothing when the list is one page."""
        return f", page {self.number} of {self.total}" if self.total > 1 else ""

    @property
    def runs(self) -> tuple[tuple[Any, tuple], ...]:
        """The page's entries, when each is (group, value), as consecutive groups: [(group, values)],
        in order (a group cut by the page break continues on the next page)."""
        found: list[tuple[Any, list]] = []
        for group, value in self.items:
            if not found or found[-1][0] != group:
                found.append((group, []))
            found[-1][1].append(value)
        return tuple((group, tuple(values)) for group, values in found)


def of_pelican(articles_page) -> Page:
    """Pelican's page of a paginated article list (PAGINATED_TEMPLATES in pelicanconf.py, whose
    patterns give the same addresses) as a Page, for the same navigation."""
    paginator = articles_page.paginator
    first = paginator.page(1)
    return Page(articles_page.number, paginator.num_pages, first.url, tuple(articles_page.object_list),
                articles_page.start_index() - 1, paginator.count)


def paginate(items: Iterable, base: str, weight: Callable[[Any], int] | None = None, budget: int = BUDGET,
             most: int = MOST) -> list[Page]:
    """`items` in pages of at most `most` entries whose `weight` (estimated bytes; 1 each when not
    given) adds up to at most `budget`; an entry heavier than the budget alone is a page of its own.
    Always at least one page, perhaps empty."""
    chunks: list[list] = [[]]
    used = 0
    for item in items:
        heavy = weight(item) if weight else 0
        if chunks[-1] and (used + heavy > budget or len(chunks[-1]) >= most):
            chunks.append([])
            used = 0
        chunks[-1].append(item)
        used += heavy
    pages, start = [], 0
    count = sum(len(chunk) for chunk in chunks)
    for number, chunk in enumerate(chunks, 1):
        pages.append(Page(number, len(chunks), base, tuple(chunk), start, count))
        start += len(chunk)
    return pages


def fits(items: Iterable, weight: Callable[[Any], int] | None = None, budget: int = BUDGET, most: int = MOST) -> bool:
    """Whether `items` make one page of `paginate` (same arguments): weighed only until they do not,
    so asking about a list of thousands costs a page's worth of work, not the list's."""
    used = 0
    for count, item in enumerate(items, 1):
        used += weight(item) if weight else 0
        if count > 1 and (used > budget or count > most):
            return False
    return True


def starts(pages: Sequence[Page], group: Callable[[Any], Any] = lambda item: item[0]) -> dict:
    """Each group of a paginated list of (group, value) entries: the page it starts on."""
    found: dict = {}
    for page in pages:
        for item in page.items:
            found.setdefault(group(item), page)
    return found


def locate(pages: Sequence[Page], key: Callable[[Any], Any]) -> dict:
    """The page each entry is on, by `key(entry)` (the first page when an entry is listed twice)."""
    found: dict = {}
    for page in pages:
        for item in page.items:
            found.setdefault(key(item), page)
    return found


# --- how heavy an entry is -----------------------------------------------------------------------
# Rough, and on the heavy side: the markup a template writes around an entry (a constant, measured
# on built pages) plus the text it carries, escaped (an apostrophe becomes five bytes), and a link
# (about 60 bytes with its relative address) for each place or category it names.

LINK = 60


def text(*parts) -> int:
    """Bytes of text (UTF-8: a curly quote is three), with room for escaping."""
    return sum(len(part.encode()) for part in parts if part) * 11 // 10


def areas(named) -> int:
    """A list of linked place names."""
    return sum(LINK + text(area.name) for area in named)
