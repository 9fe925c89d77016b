"""Pelican glue for matching: computes the hub's matches once, puts them in the context (member
pages show them), and writes the matching page, the gaps page and matches.json."""
from __future__ import annotations

from pathlib import Path

from pelican.generators import Generator

from . import matching, opendata

MATCHES_JSON = "matches.json"


class MatchingGenerator(Generator):
    """The matching page (/matching/), the gaps page (/matching/gaps/) and matches.json."""

    def generate_context(self):
        # Runs after HubGenerator.generate_context, which validated the hub; every page's
        # output comes later, so member pages can show their matches.
        hub = self.context["hub"]
        result = matching.match_hub(hub)
        self.hub = hub
        self.matching = result
        self.context.update({
            "hub_matching": result,
            "hub_matching_categories": matching.by_category(hub, result),
            "hub_matching_mutual": matching.mutual_pairs(result),
            "hub_matching_strength": matching.strength,
            "hub_matching_json": self.settings.get("HUB_MATCHES_JSON", MATCHES_JSON),
        })

    def _write(self, writer, name, template, **kwargs):
        writer.write_file(name, self.get_template(template), self.context,
                          relative_urls=self.settings["RELATIVE_URLS"], url=name.removesuffix("index.html"),
                          **kwargs)

    def generate_output(self, writer):
        self._write(writer, "matching/index.html", "hub_matching", page_name="matching")
        self._write(writer, "matching/gaps/index.html", "hub_matching_gaps", page_name="matching-gaps")
        target = Path(self.output_path) / self.settings.get("HUB_MATCHES_JSON", MATCHES_JSON)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(opendata.dumps(matching.matches_document(self.matching)), encoding="utf-8")


def get_matching_generators(pelican):
    return MatchingGenerator
