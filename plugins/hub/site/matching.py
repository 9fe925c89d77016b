"""Who could help whom: computes the hub's matches once (member pages show them too), and writes
/matching/, /matching/gaps/, matches.json and each member's Atom feed of matches."""
from __future__ import annotations

from pathlib import Path

from ..core import opendata
from ..core.fingerprint import files_digest
from ..core.memo import remember
from ..core.processes import forked_map
from ..matching import feed, matcher
from .base import HubGenerator

# The code that matches: a change to it makes kept matches stale.
MATCHING_VERSION = files_digest(Path(matcher.__file__).resolve().parent)


def matching_inputs(hub):
    """Everything matching reads: members' names, places, offers and needs, the introductions, the
    vocabulary and the places file (not summaries or descriptions: editing those keeps the matches)."""
    return (MATCHING_VERSION, [(m.slug, m.name, m.areas, m.localities, m.offers, m.needs) for m in hub.members],
            hub.introductions, hub.vocabulary, hub.places)


class MatchingGenerator(HubGenerator):
    def prepare(self):
        result = remember(self.hub_settings.cache_path, "matching", matching_inputs(self.hub),
                          lambda: matcher.match_hub(self.hub))
        self.matching = result
        self.context.update({
            "hub_matching": result,
            "hub_matching_categories": matcher.by_category(self.hub, result),
            "hub_matching_mutual": matcher.mutual_pairs(result),
            "hub_matching_feed": feed.feed_path,
        })

    def generate_output(self, writer):
        self.write_page(writer, "matching/index.html", "hub_matching", page_name="matching")
        self.write_page(writer, "matching/gaps/index.html", "hub_matching_gaps", page_name="matching-gaps")
        self.write_text(self.hub_settings.matches_json, opendata.dumps(matcher.matches_document(self.matching)))
        for path, text in self.member_feeds().items():
            self.write_text(path, text)

    def member_feeds(self) -> dict[str, str]:
        """Each member's Atom feed of matches, kept between builds while the matches, the members'
        names and dates and the settings are the same."""
        hub, settings = self.hub, self.hub_settings
        inputs = (matching_inputs(hub), [(m.slug, m.name, m.joined, m.updated) for m in hub.members], settings)
        def feeds():
            texts = forked_map(lambda member: feed.member_feed(hub, self.matching, member, settings), hub.members,
                               settings.workers)
            return {feed.feed_path(member): text for member, text in zip(hub.members, texts)}

        return remember(settings.cache_path, "match-feeds", inputs, feeds)
