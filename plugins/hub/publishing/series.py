"""Where a post stands in its series, and who practises a series' keys. Pure: the site layer turns
posts into Pelican's pages by their source."""
from __future__ import annotations

from dataclasses import dataclass

from ..core.model import Hub
from .model import Post, Publishing, Series, SeriesKey


@dataclass(frozen=True)
class Position:
    """A post of a series: "Part 3 of 7", the parts before and after it, and the introduction."""

    series: Series
    post: Post
    parts: tuple[Post, ...]          # the numbered parts (order 1, 2, 3…)
    introduction: Post | None        # order 0, when the series has one
    previous: Post | None
    next: Post | None

    @property
    def part(self) -> int | None:
        """The post's part number; None for the introduction."""
        return self.post.order or None

    @property
    def label(self) -> str:
        if self.part is None:
            return f"Introduction to a series of {len(self.parts)}"
        return f"Part {self.part} of {len(self.parts)}"


def position(publishing: Publishing, source: str) -> Position | None:
    post = publishing.by_source.get(source)
    if post is None or post.series is None:
        return None
    series = publishing.series_by_slug[post.series]
    ordered = publishing.parts(post.series)  # introduction first, then the parts in order
    index = ordered.index(post)
    introduction = ordered[0] if ordered[0].order == 0 else None
    return Position(series=series, post=post, parts=tuple(p for p in ordered if p.order > 0), introduction=introduction,
                    previous=ordered[index - 1] if index > 0 else None,
                    next=ordered[index + 1] if index + 1 < len(ordered) else None)


@dataclass(frozen=True)
class Practice:
    """A key, its post (if written yet), and the members and events that say they practise it."""

    key: SeriesKey
    series: Series
    post: Post | None
    members: tuple = ()
    events: tuple = ()


def practice(hub: Hub, key: str) -> Practice | None:
    publishing = hub.publishing
    if publishing is None or key not in publishing.keys:
        return None
    series = next(s for s in publishing.series if any(k.key == key for k in s.keys))
    return Practice(key=publishing.keys[key], series=series, post=publishing.key_posts.get(key),
                    members=tuple(m for m in hub.members if key in m.keys),
                    events=tuple(sorted((e for e in hub.events if key in e.keys), key=lambda e: (e.title.casefold(),
                                                                                                  e.slug))))


def practices(hub: Hub, keys) -> tuple[Practice, ...]:
    """The keys a member or an event names, in the order their series declares them."""
    if hub.publishing is None:
        return ()
    declared = list(hub.publishing.keys)
    return tuple(practice(hub, key) for key in sorted(keys, key=declared.index) if key in hub.publishing.keys)
