"""The one load path: the hub's files -> every problem, or the complete frozen `Hub`.

`invoke validate`, the build (`site`), `invoke fetch` / `events-lock` and the tests all call
`load_tree`, so a tree is read and checked the same way everywhere, once per run.
"""
from __future__ import annotations

from .core.images import image_problems
from .core.links import link_problems
from .core.loader import collection_files, load_members, load_places, load_vocabulary
from .core.memo import kept_checks
from .core.model import Hub
from .core.settings import HubSettings
from .core.yamlio import Problem, parsed_documents
from .events.load import EVENTS, load_events
from .matching.introductions import load_introductions
from .publishing.load import load_posts, load_series
from .publishing.model import practice_keys


def load_tree(settings: HubSettings) -> tuple[Hub, list[Problem]]:
    """The hub of `settings.root`, checked (below); a file parsed in an earlier run and unchanged
    since is not parsed again, nor checked again if it was valid and what it is checked against is
    unchanged too (both kept in the cache folder, core.kept)."""
    with parsed_documents(settings.cache_path), kept_checks(settings.cache_path):
        return _load_tree(settings)


def _load_tree(settings: HubSettings) -> tuple[Hub, list[Problem]]:
    """The vocabulary, the series, members/, events/, introductions/ and the posts of content/
    checked together: organisers must be member files, categories must be in the vocabulary, keys
    must be declared by a series, introductions must name members' needs and offers, posts must
    link to members and events that exist, and no folder the build reads may hold a link to a file
    outside the repository, nor an SVG that is more than a drawing. Returns the hub (what is valid
    of it) and all problems."""
    vocabulary, problems = load_vocabulary(settings.categories_path, settings.root)
    series, series_problems = load_series(settings)
    keys = practice_keys(series)
    places, place_problems = load_places(settings.places_path, settings.root)
    members, member_slugs, member_problems = load_members(settings, vocabulary, keys, places)
    events, event_problems = load_events(settings, vocabulary, member_slugs, keys, places)
    introductions, introduction_problems = load_introductions(settings, members, member_slugs)
    # Links may name any event file, as organisers any profile: a mistake in it is reported once, there.
    event_files, _ = collection_files(settings.events_path, settings.root, EVENTS)
    publishing, post_problems = load_posts(settings, series, member_slugs,
                                           (entry.slug for entry in event_files if entry.valid_name))
    hub = Hub(vocabulary=vocabulary, members=members, events=events, introductions=introductions,
              publishing=publishing, places=places)
    # A link in members/ or events/ is found both by the walk and by the listing of the collection.
    every = dict.fromkeys([*problems, *series_problems, *place_problems, *member_problems, *event_problems,
                           *introduction_problems, *post_problems,
                           *link_problems(settings), *image_problems(settings)])
    return hub, sorted(every, key=lambda p: (p.source, p.line, p.field))
