"""The one load path: the hub's files -> every problem, or the complete frozen `Hub`.

`invoke validate`, the build (`site`), `invoke fetch` / `events-lock` and the tests all call
`load_tree`, so a tree is read and checked the same way everywhere, once per run.
"""
from __future__ import annotations

from .core.images import image_problems
from .core.links import link_problems
from .core.loader import load_members, load_places, load_vocabulary
from .core.model import Hub
from .core.settings import HubSettings
from .core.yamlio import Problem
from .events.load import load_events


def load_tree(settings: HubSettings) -> tuple[Hub, list[Problem]]:
    """The vocabulary, members/ and events/ checked together: organisers must be member files,
    categories must be in the vocabulary, and no folder the build reads may hold a link to a file
    outside the repository, nor an SVG that is more than a drawing. Returns the hub (what is valid of
    it) and all problems."""
    vocabulary, problems = load_vocabulary(settings.categories_path, settings.root)
    places, place_problems = load_places(settings.places_path, settings.root)
    members, member_slugs, member_problems = load_members(settings, vocabulary, places)
    events, event_problems = load_events(settings, vocabulary, member_slugs, places)
    hub = Hub(vocabulary=vocabulary, members=members, events=events, places=places)
    # A link in members/ or events/ is found both by the walk and by the listing of the collection.
    every = dict.fromkeys([*problems, *place_problems, *member_problems, *event_problems, *link_problems(settings),
                           *image_problems(settings)])
    return hub, sorted(every, key=lambda p: (p.source, p.line, p.field))
