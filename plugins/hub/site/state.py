"""What one build has made so far, typed: the one value the hub puts in Pelican's context (`build`).

Each step (`site.STEPS`) fills its fields in its `prepare`, before any page is written; templates
read them as `build.<field>` (`build.members`, `build.agenda`, `build.settings`...) and generators as
`self.build.<field>`. A field that is not there is a mistake Python names at once, where a string
key of a shared dictionary would be None without a word.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..core.model import Hub
from ..core.settings import HubSettings

KEY = "build"  # its key in Pelican's context


@dataclass
class BuildState:
    # The tree and the settings (site.base.hub_of), before any step.
    hub: Hub | None = None
    settings: HubSettings | None = None
    # Problems found while Pelican read content/ (site.content), reported with the tree's.
    content_problems: list = field(default_factory=list)
    # The directory (site.directory).
    members: tuple = ()
    categories: tuple = ()
    category_labels: dict[str, str] = field(default_factory=dict)
    areas: tuple = ()
    neighbourhood_names: int = 0
    stats: dict[str, int] = field(default_factory=dict)
    # Events (site.events).
    agenda: Any = None
    events: tuple = ()
    events_upcoming: tuple = ()
    events_by_organiser: dict = field(default_factory=dict)
    events_by_category: dict = field(default_factory=dict)
    events_timezone: str = ""
    events_feed: Callable | None = None
    event_features: dict = field(default_factory=dict)
    events_by_place: dict = field(default_factory=dict)
    occurrence_page: dict = field(default_factory=dict)
    # Matching (site.matching).
    matching: Any = None
    matching_categories: tuple = ()
    matching_mutual: tuple = ()
    matching_feed: Callable | None = None
    matching_category_pages: dict | None = None
    matching_gap_pages: dict | None = None
    matching_mutual_pages: list | None = None
    # Posts, reports and series (site.publishing).
    feed_links: Any = None
    post_pages: dict = field(default_factory=dict)
    series_pages: list = field(default_factory=list)
    key_pages: dict = field(default_factory=dict)
    practices: Callable | None = None
    # Members' news (site.news).
    news: dict = field(default_factory=dict)
    news_latest: list = field(default_factory=list)
    # Ways to get involved (site.involve) and the search page's filters (site.public).
    involvements: tuple = ()
    search_options: Any = None


def build_state(context: dict) -> BuildState:
    """The build state of a Pelican context, made the first time it is asked for."""
    state = context.get(KEY)
    if not isinstance(state, BuildState):
        state = context[KEY] = BuildState()
    return state
