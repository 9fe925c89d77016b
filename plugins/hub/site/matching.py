"""Who could help whom: computes the hub's matches once (member pages show them too), and writes
/matching/, /matching/gaps/, matches.json and each member's Atom feed of matches."""
from __future__ import annotations

from ..core import opendata
from ..matching import feed, matcher
from .base import HubGenerator


class MatchingGenerator(HubGenerator):
    def prepare(self):
        result = matcher.match_hub(self.hub)
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
        for member in self.hub.members:
            self.write_text(feed.feed_path(member),
                            feed.member_feed(self.hub, self.matching, member, self.hub_settings))
