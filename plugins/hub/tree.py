"""The one load path: the hub's files -> every problem, or the complete frozen `Hub`.

`invoke validate`, the build (`site`), `invoke fetch` / `events-lock` and the tests all call
`load_tree`, so a tree is read and checked the same way everywhere, once per run.
"""
from __future__ import annotations

from .core.images import image_problems
from .core.links import link_problems
from .core.loader import load_members, load_vocabulary
from .core.model import Hub
from .core.settings import HubSettings
from .core.yamlio import Problem
from .events.load import load_events
from .matching.introductions import load_introductions


def load_tree(settings: HubSettings) -> tuple[Hub, list[Problem]]:
    """The vocabulary, members/, events/ and introductions/ checked together: organisers must be
    member files, categories must be in the vocabulary, introductions must name members' needs and
    offers, and no folder the build reads may hold a link to a file outside the repository, nor an
    SVG that is more than a drawing. Returns the hub (what is valid of it) and all problems."""
    vocabulary, problems = load_vocabulary(settings.categories_path, settings.root)
    members, member_slugs, member_problems = load_members(settings, vocabulary)
    events, event_problems = load_events(settings, vocabulary, member_slugs)
    introductions, introduction_problems = load_introductions(settings, members, member_slugs)
    hub = Hub(vocabulary=vocabulary, members=members, events=events, introductions=introductions)
    # A link in members/ or events/ is found both by the walk and by the listing of the collection.
    every = dict.fromkeys([*problems, *member_problems, *event_problems, *introduction_problems,
                           *link_problems(settings), *image_problems(settings)])
    return hub, sorted(every, key=lambda p: (p.source, p.line, p.field))
