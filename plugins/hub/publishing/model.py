"""Posts, series and figures once checked: frozen, built only by `load`. Pure: no Pelican."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property

from .periods import Period


@dataclass(frozen=True)
class SeriesKey:
    key: str
    label: str


@dataclass(frozen=True)
class Series:
    slug: str
    title: str
    summary: str
    keys: tuple[SeriesKey, ...] = ()
    source: str = ""

    @property
    def url(self) -> str:
        return f"learning/series/{self.slug}/"


@dataclass(frozen=True)
class Figure:
    """One number of a report, as declared in its figures file."""

    name: str
    kind: str
    label: str
    source: str
    value: float | None = None
    before: float | None = None
    after: float | None = None
    before_label: str = "Before"
    after_label: str = "After"
    benchmark: float | None = None
    benchmark_label: str | None = None
    value_label: str = "Our members"
    measure: str = "percentage"
    unit: str | None = None
    chart: str = "waffle"
    note: str | None = None

    @property
    def scale(self) -> str:
        """What the numbers are: `percentage`, `count` or `money`."""
        return self.kind if self.kind in ("percentage", "count", "money") else self.measure

    @property
    def anchor(self) -> str:
        return f"figure-{self.name}"


@dataclass(frozen=True)
class Post:
    """A learning post or report, as its header declares it."""

    source: str          # e.g. content/learning/seven-keys/3-small-things.md
    category: str        # Learning or Reports
    title: str
    date: dt.date | dt.datetime
    summary: str
    slug: str | None = None
    series: str | None = None
    order: int | None = None
    key: str | None = None
    period: Period | None = None
    authors: str | None = None
    figures: tuple[Figure, ...] = ()   # declared in its figures file, in the file's order
    figures_source: str | None = None
    placed: tuple[str, ...] = ()       # figure names placed in the text, in order
    hub_numbers: bool = False          # the text asks for the hub's own numbers


@dataclass(frozen=True)
class Publishing:
    """Every checked post and series. A post is found by its source (`content/...`)."""

    series: tuple[Series, ...] = ()
    posts: tuple[Post, ...] = ()

    @cached_property
    def by_source(self) -> dict[str, Post]:
        return {post.source: post for post in self.posts}

    @cached_property
    def series_by_slug(self) -> dict[str, Series]:
        return {series.slug: series for series in self.series}

    @cached_property
    def keys(self) -> dict[str, SeriesKey]:
        """Every key any series declares."""
        return {key.key: key for series in self.series for key in series.keys}

    @cached_property
    def key_posts(self) -> dict[str, Post]:
        return {post.key: post for post in self.posts if post.key}

    def parts(self, series: str) -> tuple[Post, ...]:
        """The posts of a series in order, its introduction (order 0) first when it has one."""
        return tuple(sorted((p for p in self.posts if p.series == series), key=lambda p: p.order))

    def reports(self) -> tuple[Post, ...]:
        return tuple(sorted((p for p in self.posts if p.period is not None), key=lambda p: p.period))

    def report_for(self, period: Period) -> Post | None:
        return next((p for p in self.posts if p.period == period), None)


def practice_keys(series: tuple[Series, ...]) -> dict[str, str]:
    """key -> label of every key the series declare (what members' and events' `keys` may name)."""
    return {key.key: key.label for one in series for key in one.keys}
