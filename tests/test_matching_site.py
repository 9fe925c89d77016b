"""End to end: the example hub's matching page, gaps page, member page sections and matches.json,
read from the built site as a visitor (or a program) would."""
from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

from conftest import ROOT, load_hub
from hub.matching.matcher import match_hub, matches_document
from hub.core.opendata import dumps

HUB, PROBLEMS = load_hub(ROOT)
MATCHING = match_hub(HUB)


class Page(HTMLParser):
    """Text of the page and of every section (by the id of its heading), headings, links, tables."""

    def __init__(self):
        super().__init__()
        self.text_parts: list[str] = []
        self.sections: dict[str, list[str]] = {}
        self.open: list[str | None] = []
        self.attrs: dict[str, dict] = {}  # section id -> its attributes
        self.headings: list[tuple[str, str]] = []
        self._heading: list[str] | None = None
        self.current = None
        self.scopes: list[str] = []
        self.captions: list[str] = []
        self._caption: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "section":
            key = attrs.get("aria-labelledby")
            self.open.append(key)
            if key:
                self.sections.setdefault(key, [])
                self.attrs[key] = attrs
        if tag in ("h1", "h2", "h3", "h4"):
            self._heading = [tag]
        if tag == "a" and attrs.get("aria-current") == "page":
            self.current = attrs.get("href")
        if tag == "th":
            self.scopes.append(attrs.get("scope"))
        if tag == "caption":
            self._caption = []

    def handle_endtag(self, tag):
        if tag == "section" and self.open:
            self.open.pop()
        if tag in ("h1", "h2", "h3", "h4") and self._heading:
            self.headings.append((self._heading[0], re.sub(r"\s+", " ", "".join(self._heading[1:])).strip()))
            self._heading = None
        if tag == "caption" and self._caption is not None:
            self.captions.append("".join(self._caption).strip())
            self._caption = None

    def handle_data(self, data):
        self.text_parts.append(data)
        for key in self.open:
            if key:
                self.sections[key].append(data)
        if self._heading is not None:
            self._heading.append(data)
        if self._caption is not None:
            self._caption.append(data)

    def section(self, key: str) -> str:
        assert key in self.sections, f"no section labelled {key}"
        return re.sub(r"\s+", " ", "".join(self.sections[key]))

    @property
    def text(self) -> str:
        return re.sub(r"\s+", " ", "".join(self.text_parts))


def read(site: Path, path: str) -> Page:
    page = Page()
    page.feed((site / path).read_text(encoding="utf-8"))
    return page


def test_example_hub_has_matches_to_show():
    assert PROBLEMS == []
    assert len(MATCHING.matches) >= 20
    assert len(MATCHING.unmet) >= 1
    assert len({m.need.member_slug for m in MATCHING.matches}) >= 10


def test_matching_page_lists_each_need_with_its_offers_and_reasons_by_category(site):
    page = read(site, "matching/index.html")
    assert ("h1", "Matching: who could help whom") in page.headings
    assert page.current and page.current.endswith("/matching/")  # the menu shows where you are
    assert f"{len(MATCHING.needs) - len(MATCHING.unmet)} of {len(MATCHING.needs)} needs" in page.text
    listing = page.section("by-category")
    labels = {c.key: c.label for c in HUB.vocabulary}
    for match in MATCHING.matches:
        in_category = page.section(f"cat-{match.need.category}")
        assert match.need.title in in_category
        assert match.offer.title in in_category
        for reason in match.reasons:
            assert reason in listing, reason
    categories = [heading for level, heading in page.headings if level == "h3"]
    assert categories == [labels[c.key] for c in HUB.vocabulary
                          if any(n.category == c.key for n in MATCHING.needs)]


def test_needs_with_a_mutual_match_come_first_in_their_category(site):
    page = read(site, "matching/index.html")
    for key in {m.need.category for m in MATCHING.matches}:
        text = page.section(f"cat-{key}")
        needs = [n for n in MATCHING.needs if n.category == key and MATCHING.for_need(n)]
        mutual = [n for n in needs if any(m.mutual for m in MATCHING.for_need(n))]
        others = [n for n in needs if n not in mutual]
        if mutual and others:
            assert max(text.index(n.title) for n in mutual) < min(text.index(n.title) for n in others)
    if MATCHING.mutual:
        assert "Members who could help each other" in page.text


def test_gaps_page_shows_unmet_needs_and_the_categories_to_recruit_for(site):
    page = read(site, "matching/gaps/index.html")
    assert ("h1", "Gaps: needs no offer meets yet") in page.headings
    assert page.captions == ["Categories by needs without a suggestion, then by how far needs outnumber offers"]
    assert page.scopes.count("col") == 4 and page.scopes.count("row") == len(MATCHING.gaps)
    table = page.section("most-needed")
    first = MATCHING.gaps[0]
    assert table.index(first.label) < table.index(MATCHING.gaps[-1].label)
    unmet = page.section("unmet")
    for need in MATCHING.unmet:
        assert need.title in page.section(f"gap-{need.category}")
        assert HUB.by_slug[need.member_slug].name in unmet
    met = [m.need for m in MATCHING.matches if not m.outside_area]
    for need in met:
        assert need.title not in unmet


def test_every_member_page_says_who_could_help_it_and_whom_it_could_help(site):
    for member in HUB.members:
        page = read(site, f"members/{member.slug}/index.html")
        helped = page.section("could-help-you")
        helping = page.section("you-could-help")
        assert "data-pagefind-ignore" in page.attrs["could-help-you"]  # not in search results
        mine = MATCHING.for_member(member)
        for match in mine.could_help_you:
            assert match.offer.title in helped and HUB.by_slug[match.offer.member_slug].name in helped
            assert match.reasons[0] in helped
        for match in mine.you_could_help:
            assert match.need.title in helping and HUB.by_slug[match.need.member_slug].name in helping
        for need in member.needs:
            if not MATCHING.for_need(need):
                assert "No suggestion yet." in helped
        if member.offers and not mine.you_could_help:
            assert "No member's need matches" in helping


def test_the_clubhouse_lent_on_weekday_mornings_is_suggested_for_a_weekly_group(site):
    """The issue's own example, in the example hub: an equipment offer that is a room."""
    need = next(n for n in HUB.by_slug["storytelling-table"].needs if n.category == "venues")
    clubhouse = next(o for o in HUB.by_slug["radford-rovers-community-fc"].offers if "Clubhouse" in o.title)
    (match,) = [m for m in MATCHING.for_need(need) if m.offer == clubhouse]
    assert match.reasons[0].startswith("Listed under Equipment and kit, but the offer is")
    assert "Timing fits: both mention weekday mornings." in match.reasons
    page = read(site, "members/storytelling-table/index.html")
    assert clubhouse.title in page.section("could-help-you")
    page = read(site, "members/radford-rovers-community-fc/index.html")
    assert need.title in page.section("you-could-help")


def test_matches_json_lists_every_suggestion_best_first_without_contact_details(site):
    raw = (site / "matches.json").read_text(encoding="utf-8")
    assert raw == dumps(matches_document(MATCHING))  # byte for byte what the matcher computed
    document = json.loads(raw)
    assert isinstance(document, list) and len(document) == len(MATCHING.matches)
    previous = None
    for record in document:
        assert list(record) == ["need", "offer", "score", "reasons", "mutual"]
        assert set(record["need"]) == set(record["offer"]) == {"member", "title"}
        assert record["need"]["member"] != record["offer"]["member"]
        assert 0 <= record["score"] <= 1 and isinstance(record["mutual"], bool) and record["reasons"]
        key = (record["need"]["member"], record["need"]["title"])
        if previous and previous[0] == key:
            assert record["score"] <= previous[1], "best first per need"
        previous = (key, record["score"])
    for member in HUB.members:
        assert member.contact is None or not any(
            value and value in raw for value in (member.contact.email, member.contact.phone))
    assert not re.search(r"[\w.+-]+@[\w-]+\.[\w.]+", raw), "no email address in matches.json"
    pages = read(site, "matching/index.html")
    assert "Open data: matches.json" in pages.text
