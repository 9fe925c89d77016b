"""End to end: the example hub's matching page, gaps page, member page sections and matches.json,
read from the built site as a visitor (or a program) would."""
from __future__ import annotations

import json
import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

from conftest import ROOT, load_hub
from hub.core.opendata import dumps
from hub.matching.feed import MAX_ENTRIES
from hub.matching.matcher import Matcher, match_hub, matches_document

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


def read_pages(site: Path, folder: str) -> Page:
    """Every page of a list in pages (core.pages: folder/, folder/page/2/, ...) read as one, in order."""
    files = [site / folder / "index.html"]
    files += sorted((site / folder / "page").glob("*/index.html"), key=lambda path: int(path.parent.name))
    page = Page()
    for path in files:
        page.feed(path.read_text(encoding="utf-8"))
    return page


def category_matching(site: Path, key: str) -> str:
    """What the category's matching pages say (the example hub's suggestions are more than fit on
    /matching/, so each category has its page)."""
    return read_pages(site, f"matching/categories/{key}").text


def test_example_hub_has_matches_to_show():
    assert PROBLEMS == []
    assert len(MATCHING.matches) >= 20
    assert len(MATCHING.good) >= 5
    assert any(not any(m.good for m in MATCHING.for_need(need)) for need in MATCHING.needs)
    assert len({m.need.member_slug for m in MATCHING.matches}) >= 10


def test_matching_page_lists_each_need_with_its_offers_and_reasons_by_category(site):
    page = read(site, "matching/index.html")
    assert ("h1", "Matching: who could help whom") in page.headings
    assert page.current and page.current.endswith("/matching/")  # the menu shows where you are
    assert f"{len(MATCHING.needs) - len(MATCHING.unmet)} of {len(MATCHING.needs)} needs" in page.text
    for match in MATCHING.matches:
        in_category = category_matching(site, match.need.category)
        assert match.need.title in in_category
        if match.good:  # explained here; the reasons of the others are on the member pages
            assert match.offer.title in in_category
            for reason in match.reasons:
                assert reason in in_category, reason
        elif not any(m.good for m in MATCHING.for_need(match.need)):
            assert match.offer.title in in_category
    # /matching/ lists the categories with needs, in the vocabulary's order, each row its own.
    labels = [c.label for c in HUB.vocabulary if any(n.category == c.key for n in MATCHING.needs)]
    table = page.section("by-category")
    assert [table.index(label) for label in labels] == sorted(table.index(label) for label in labels)
    assert page.scopes.count("row") == len(labels)


def test_tiers_are_words_and_scores_are_never_shown(site):
    page = read(site, "matching/index.html")
    keys = sorted({n.category for n in MATCHING.needs})
    listing = " ".join(category_matching(site, key) for key in keys)
    explained = listing.count("Good match: the offer and the need say the same thing in the same place.")
    assert explained == listing.count("Worth a look: the closest offers we found") == len(keys)  # on each page
    assert len(re.findall(r"Good match(?!es)", listing)) - explained == len(MATCHING.good)
    needs = [n for n in MATCHING.needs if MATCHING.for_need(n)]
    assert listing.count("Worth a look:") - explained == sum(not any(m.good for m in MATCHING.for_need(n))
                                                             for n in needs)
    assert "score" not in (page.text + listing).lower()
    for match in MATCHING.matches:
        assert f"{match.score:.2f}" not in listing
    assert "Good match: the offer and the need say the same thing in the same place." in page.text
    assert "Worth a look: the closest offers we found, with less in common." in page.text
    member = read(site, "members/storytelling-table/index.html")
    assert "score" not in member.section("could-help-you").lower()
    assert "Good match" in member.section("could-help-you")


def test_introductions_show_on_the_pair_and_a_pair_that_was_not_a_fit_is_gone(site):
    connected = next(i for i in HUB.introductions if i.outcome == "connected")
    not_a_fit = next(i for i in HUB.introductions if i.outcome == "not a fit")
    date = connected.date.strftime("%-d %B %Y").lstrip("0")
    shown = f"Introduced on {date}: connected"
    assert shown in category_matching(site, connected.need.category)
    for slug in (connected.need.member_slug, connected.offer.member_slug):
        member = read(site, f"members/{slug}/index.html")
        assert shown in member.section("introductions")
        assert connected.need.title in member.section("introductions")
    assert not_a_fit.offer not in [m.offer for m in MATCHING.for_need(not_a_fit.need)]
    member = read(site, f"members/{not_a_fit.need.member_slug}/index.html")
    assert not_a_fit.offer.title not in member.section("could-help-you")
    assert "not a fit" in member.section("introductions")


def test_needs_with_a_mutual_match_come_first_in_their_category(site):
    page = read(site, "matching/index.html")
    for key in {m.need.category for m in MATCHING.matches}:
        text = category_matching(site, key)
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
    assert page.captions == ["Categories by needs without a suggestion, then without a good match, then by how far "
                             "needs outnumber offers"]
    assert page.scopes.count("col") == 5 and page.scopes.count("row") == len(MATCHING.gaps)
    table = page.section("most-needed")
    first = MATCHING.gaps[0]
    assert table.index(first.label) < table.index(MATCHING.gaps[-1].label)
    unmet = page.section("unmet")
    for need in MATCHING.unmet:
        assert need.title in page.section(f"gap-{need.category}")
        assert HUB.by_slug[need.member_slug].name in unmet
    if not MATCHING.unmet:
        assert "Every need has at least one suggestion." in unmet
    for match in MATCHING.matches:
        assert match.need.title not in unmet
    weak = page.section("no-good-match")
    for need in MATCHING.needs:
        found = MATCHING.for_need(need)
        assert (need.title in weak) == bool(found and not any(m.good for m in found)), need.title


def test_every_member_page_says_who_could_help_it_and_whom_it_could_help(site):
    """The best few each way on the member's page (each need's and offer's best first), every one of
    them on its matches page when there are more."""
    from hub.site.members import TOP, member_matches

    paged = 0
    for member in HUB.members:
        page = read(site, f"members/{member.slug}/index.html")
        helped = page.section("could-help-you")
        helping = page.section("you-could-help")
        assert "data-pagefind-ignore" in page.attrs["could-help-you"]  # not in search results
        mine = MATCHING.for_member(member)
        chosen = member_matches(MATCHING, member)  # at most TOP each way, and at most MATCHES_BUDGET of them
        helped_chosen = sum(len(shown.matches) for shown in chosen.could_help_you)
        helping_chosen = sum(len(shown.matches) for shown in chosen.you_could_help)
        assert helped_chosen <= TOP and helping_chosen <= TOP
        shown_here = [m for m in mine.could_help_you if m.reasons[0] in helped and m.offer.title in helped]
        assert len(shown_here) == helped_chosen
        assert helping.count("Good match") + helping.count("Worth a look") == helping_chosen
        needs = [need for need in member.needs if MATCHING.for_need(need)]
        offers = [offer for offer in member.offers if MATCHING.for_offer(offer)]
        for need in member.needs:
            found = MATCHING.for_need(need)
            if not found:
                assert "No suggestion yet for" in helped and f"“{need.title}”" in helped
            elif len(needs) <= helped_chosen:
                assert found[0].offer.title in helped  # every need shows its best first
        for offer in offers:
            if len(offers) <= helping_chosen:
                assert MATCHING.for_offer(offer)[0].need.title in helping
        if member.offers and not mine.you_could_help:
            assert "No member's need matches" in helping
        total = len(mine.could_help_you) + len(mine.you_could_help)
        if len(mine.could_help_you) > TOP or len(mine.you_could_help) > TOP:
            paged += 1
            assert f"All {total} suggestions for {member.name}, both ways" in helping
            every = read_pages(site, f"members/{member.slug}/matches")
            for match in mine.could_help_you:
                assert match.offer.title in every.section("could-help-you") and match.reasons[0] in every.text
            for match in mine.you_could_help:
                assert match.need.title in every.section("you-could-help")
                assert HUB.by_slug[match.need.member_slug].name in every.section("you-could-help")
        else:
            for match in mine.could_help_you:
                assert match.offer.title in helped and HUB.by_slug[match.offer.member_slug].name in helped
            for match in mine.you_could_help:
                assert match.need.title in helping and HUB.by_slug[match.need.member_slug].name in helping
            assert not (site / "members" / member.slug / "matches").exists()
    assert paged  # the example hub has members with more suggestions than their page shows


def test_a_weekly_group_wanting_a_room_on_weekday_mornings_is_offered_rooms_free_then(site):
    """The issue's own example, in the example hub: the best suggestions are rooms free on weekday
    mornings, said in plain words; the clubhouse lent on weekday mornings is among the candidates,
    explained as a room though it is listed under equipment."""
    need = next(n for n in HUB.by_slug["storytelling-table"].needs if n.category == "venues")
    found = MATCHING.for_need(need)
    assert found and found[0].good and found[0].offer.category == "venues"
    assert any(reason.startswith("Timing fits: both mention") and "mornings" in reason for reason in found[0].reasons)
    page = read(site, "members/storytelling-table/index.html")
    for match in found:
        assert match.offer.title in page.section("could-help-you")
    matcher = Matcher(HUB)
    reading = next(n for n in matcher.needs if n.item == need)
    clubhouse = next(r for r in matcher.ranking(reading)
                     if "Clubhouse" in matcher.offers[r.number].item.title)
    reasons = matcher.explain(reading, clubhouse)[1]
    assert reasons[0].startswith("Listed under Equipment and kit, but the offer is “clubhouse”")
    assert "Timing fits: both mention weekday mornings." in reasons


def test_every_member_page_offers_an_atom_feed_of_its_matches(site):
    import feedparser

    for member in HUB.members:
        html = (site / f"members/{member.slug}/index.html").read_text(encoding="utf-8")
        (link,) = re.findall(r'<link rel="alternate" type="application/atom\+xml" title="Matches for[^>]*>', html)
        assert unescape(link) == (f'<link rel="alternate" type="application/atom+xml" title="Matches for '
                                  f'{member.name}" href="../../members/{member.slug}/matches.atom">')
        assert "Follow new matches for" in read(site, f"members/{member.slug}/index.html").section("you-could-help")
        parsed = feedparser.parse((site / f"members/{member.slug}/matches.atom").read_bytes())
        assert not parsed.bozo, (member.slug, parsed.bozo_exception)
        mine = MATCHING.for_member(member)
        assert len(parsed.entries) == min(MAX_ENTRIES, len(mine.could_help_you) + len(mine.you_could_help))
        ids = [entry.id for entry in parsed.entries]
        assert len(set(ids)) == len(ids) and all(i.startswith("tag:") for i in ids)
    parsed = feedparser.parse((site / "members/storytelling-table/matches.atom").read_bytes())
    assert parsed.feed.title == "Matches for The Storytelling Table — Coalition Hub"
    first = parsed.entries[0]
    assert first.title.startswith(("Good match: ", "Worth a look: "))
    assert first.link.startswith("https://") and first.updated


def test_matches_json_lists_every_suggestion_best_first_without_contact_details(site):
    """matches.json is an index; each category's suggestions are in matches/<category>.json."""
    index = json.loads((site / "matches.json").read_text(encoding="utf-8"))
    keys = [c.key for c in HUB.vocabulary if any(m.need.category == c.key for m in MATCHING.matches)]
    assert index["version"] == 2 and index["matches"] == len(MATCHING.matches)
    assert [entry["key"] for entry in index["categories"]] == keys
    raw = ""
    for entry in index["categories"]:
        assert entry["url"] == f"/matches/{entry['key']}.json"
        assert entry["label"] == HUB.vocabulary[entry["key"]].label
        text = (site / entry["url"].lstrip("/")).read_text(encoding="utf-8")
        assert text == dumps(matches_document(MATCHING, entry["key"]))  # byte for byte what the matcher computed
        document = json.loads(text)
        assert isinstance(document, list) and len(document) == entry["matches"]
        previous = None
        for record in document:
            assert list(record)[:6] == ["need", "offer", "tier", "score", "reasons", "mutual"]
            assert record["tier"] in ("Good match", "Worth a look")
            assert set(record["need"]) == set(record["offer"]) == {"member", "title"}
            assert record["need"]["member"] != record["offer"]["member"]
            assert 0 <= record["score"] <= 1 and isinstance(record["mutual"], bool) and record["reasons"]
            need = HUB.by_slug[record["need"]["member"]]
            assert [n.category for n in need.needs if n.title == record["need"]["title"]] == [entry["key"]]
            key = (record["need"]["member"], record["need"]["title"])
            if previous and previous[0] == key:
                assert record["score"] <= previous[1], "best first per need"
            previous = (key, record["score"])
        raw += text
    assert sorted(json.dumps(r, sort_keys=True) for r in matches_document(MATCHING)) == sorted(
        json.dumps(r, sort_keys=True) for entry in index["categories"]
        for r in json.loads((site / entry["url"].lstrip("/")).read_text(encoding="utf-8")))
    for member in HUB.members:
        assert member.contact is None or not any(
            value and value in raw for value in (member.contact.email, member.contact.phone))
    assert not re.search(r"[\w.+-]+@[\w-]+\.[\w.]+", raw), "no email address in the matches files"
    pages = read(site, "matching/index.html")
    assert "Open data: matches.json" in pages.text
