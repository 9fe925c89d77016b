"""Every page bounded (issue 14): a 2,000-member synthetic hub (bench/build_bench.py's, with 2 events a
member and a learning post for every 5) built as `invoke build` does, and every HTML page under
100 KB, yet every member, offer, need, event, suggestion and gap still on some page; and a member who
says as much as the schema allows stays within the budget too."""
from __future__ import annotations

import re
import shutil
from collections import defaultdict
from pathlib import Path
from urllib.parse import unquote, urljoin

import pytest

from conftest import DAILY_EVENT, LOUD_MEMBER, ROOT, hub_settings, load_hub, run_pelican
from hub.core import directory
from hub.events.agenda import build_agenda
from hub.matching.matcher import by_category, match_hub

LIMIT = 100 * 1024  # bytes of HTML; the browser budget (tests/browser/test_budget.py) adds the stylesheets
HREF = re.compile(r'href="([^"]+)"')
TITLE = re.compile(r"<title>([^<]*)</title>")


def url_of(site: Path, path: Path) -> str:
    return "/" + path.relative_to(site).as_posix().removesuffix("index.html")


class Site:
    """The built site's pages, and the links each one makes (as site paths with their #anchor)."""

    def __init__(self, root: Path):
        self.root = root
        self.pages = sorted(p for p in root.rglob("*.html") if "pagefind" not in p.relative_to(root).parts)

    def under(self, *folders: str) -> list[Path]:
        return [p for p in self.pages if url_of(self.root, p).startswith(folders)]

    def by_member(self) -> dict[str, list[Path]]:
        """Each member's pages (its page, its offers, needs and matches pages), by slug."""
        found = defaultdict(list)
        for page in self.under("/members/"):
            parts = page.relative_to(self.root).parts
            if len(parts) > 2 and parts[1] != "letters":
                found[parts[1]].append(page)
        return found

    def links(self, pages) -> set[str]:
        found = set()
        for page in pages:
            base = url_of(self.root, page)
            found.update(unquote(urljoin(base, link)) for link in HREF.findall(page.read_text(encoding="utf-8")))
        return found


@pytest.fixture(scope="module")
def large(large_site):
    root, output = large_site
    hub, problems = load_hub(root)
    assert problems == []
    return hub, Site(output)


def test_no_page_of_a_2000_member_hub_is_over_100_kb(large):
    _, site = large
    sizes = {url_of(site.root, page): page.stat().st_size for page in site.pages}
    heavy = {url: size for url, size in sizes.items() if size > LIMIT}
    assert len(sizes) > 8000  # the hub is as large as it says: a page per member, event, ...
    assert not heavy, f"{len(heavy)} pages over {LIMIT} bytes, e.g. {sorted(heavy.items(), key=lambda kv: -kv[1])[:10]}"


def test_every_member_offer_and_need_is_listed(large):
    hub, site = large
    members = site.links(site.under("/members/letters/"))
    assert {f"/{member.url}" for member in hub.members} <= members
    assert f"/{directory.letter_url('M')}" in site.links(site.under("/members/"))  # the A to Z links its letters
    listed = site.links(site.under("/categories/"))
    for member in hub.members:
        for item in (*member.offers, *member.needs):
            assert f"/{member.url}#{item.anchor}" in listed, (member.slug, item.anchor)


def test_every_event_is_on_whats_on(large):
    hub, site = large
    listed = {link.split("#")[0] for link in site.links([p for p in site.under("/events/")
                                                         if re.fullmatch(r"/events/(page/\d+/)?", url_of(site.root, p))])}
    agenda = build_agenda(hub, hub_settings(site.root, HUB_EVENTS_NOW="2026-11-21T12:00:00Z"))
    upcoming = {occ.event.slug for occ in agenda.catalogue.upcoming}
    assert len(upcoming) > 3000
    assert {f"/events/{slug}/" for slug in upcoming} <= listed


def test_every_suggestion_and_gap_is_on_the_matching_pages(large):
    hub, site = large
    matching = match_hub(hub)
    categories = site.links(site.under("/matching/categories/"))
    gaps = site.links(site.under("/matching/gaps/"))

    def need_of(item) -> str:
        return f"/{hub.by_slug[item.member_slug].url}#{item.anchor}"

    for group in by_category(hub, matching):
        for entry in group.needs:
            assert need_of(entry.need) in categories
        for need in (*group.unmet, *group.without_good):
            assert need_of(need) in gaps
    assert len(matching.matches) > 10_000
    # Every suggestion, both ways, on the needing member's pages (the best on its page, all on its matches pages).
    by_member = defaultdict(list)
    for match in matching.matches:
        by_member[match.need.member_slug].append(match)
    pages = site.by_member()
    for slug, matches in by_member.items():
        links = site.links(pages[slug])
        for match in matches:
            assert need_of(match.offer) in links, (slug, match.offer.title)


def test_the_pages_of_a_list_say_where_they_are_and_link_each_other(large):
    _, site = large
    first = site.root / "events" / "index.html"
    pages = [first, *sorted((site.root / "events" / "page").glob("*/index.html"), key=lambda p: int(p.parent.name))]
    total = len(pages)
    assert total > 5
    for number, page in enumerate(pages, 1):
        html = page.read_text(encoding="utf-8")
        assert TITLE.search(html).group(1).startswith(f"What's on, page {number} of {total} — ")
        nav = html[html.index('<nav class="pagination" aria-label="Pages">'):]
        nav = nav[:nav.index("</nav>")]
        assert re.search(rf'<a href="[^"]*"[^>]* aria-current="page"><span class="visually-hidden">Page </span>{number}</a>', nav)
        if number > 1:
            assert 'rel="prev"' in nav and '<link rel="prev"' in html
        if number < total:
            assert 'rel="next"' in nav and '<link rel="next"' in html
        assert "…" in nav or total <= 7


def test_a_member_at_the_schemas_limits_and_a_daily_series_stay_within_the_budget(large):
    """50 offers and 50 needs of 2,000 characters with 50 areas each: the first in full, the rest by
    title (each anchor stays on the page) and all of them on its pages of offers and needs; a daily
    series: its next dates on its page, every date on its dates pages, each linked from What's on."""
    hub, site = large
    member = hub.by_slug[LOUD_MEMBER]
    assert len(member.offers) == len(member.needs) == 50
    folder = site.root / "members" / LOUD_MEMBER
    page = (folder / "index.html").read_text(encoding="utf-8")
    assert all(f'id="{item.anchor}"' in page for item in (*member.offers, *member.needs))
    assert "And 49 more, in full on" in page
    for kind, items in (("offers", member.offers), ("needs", member.needs)):
        every = "".join(p.read_text(encoding="utf-8") for p in (folder / kind).rglob("index.html"))
        assert all(re.search(rf'<li id="{item.anchor}">\s*<h3>{re.escape(item.title)}</h3>', every) for item in items)
    event = site.root / "events" / DAILY_EVENT
    agenda = build_agenda(hub, hub_settings(site.root, HUB_EVENTS_NOW="2026-11-21T12:00:00Z"))
    dates = [*agenda.catalogue.upcoming_by_event[DAILY_EVENT], *agenda.catalogue.past_by_event[DAILY_EVENT]]
    assert len(dates) > 700
    every = "".join(p.read_text(encoding="utf-8") for p in (event / "dates").rglob("index.html"))
    assert all(f'<li id="{occ.anchor}"' in every for occ in dates)
    assert f"All {len(dates)} dates</a>, coming and past." in (event / "index.html").read_text(encoding="utf-8")
    linked = site.links([p for p in site.under("/events/") if "/page/" in url_of(site.root, p)
                         or url_of(site.root, p) in ("/events/", "/events/past/")])
    for link in (link for link in linked if link.startswith(f"/events/{DAILY_EVENT}/")):
        target, anchor = link.split("#") if "#" in link else (link, None)
        if anchor:  # every date linked from a listing is on the page the link names
            assert f'id="{anchor}"' in (site.root / target.lstrip("/") / "index.html").read_text(encoding="utf-8")
    sizes = {p: p.stat().st_size for p in (*folder.rglob("index.html"), *event.rglob("index.html"))}
    assert len(sizes) > 10 and max(sizes.values()) <= LIMIT


def test_a_key_practised_by_many_members_names_them_all_on_pages_of_their_own(hub_tree, tmp_path):
    for part in ("series", "learning/seven-keys", "pages", "extra", "images"):
        shutil.copytree(ROOT / "content" / part, hub_tree / "content" / part)
    summary = ("We run a warm, welcoming space for our neighbours every week of the year. " * 3)[:199]
    for n in range(150):
        (hub_tree / "members" / f"group-{n:03d}.yaml").write_text(
            f"name: Group {n:03d}\nsummary: {summary}\nareas: [Coventry]\nkeys: [space]\n", encoding="utf-8")
    output = tmp_path / "out"
    result = run_pelican(hub_tree, output, extra={"HUB_SEARCH_INDEX": False})
    assert result.returncode == 0, result.stderr
    post = output / "learning" / "seven-keys-space"
    text = (post / "index.html").read_text(encoding="utf-8")
    assert text.count('<li><a href="../../members/group-') == 10
    assert "150 members and 0 events, the first few here and" in text
    pages = sorted((post / "practice").rglob("index.html"))
    assert len(pages) > 1 and max(page.stat().st_size for page in pages) <= LIMIT
    every = "".join(page.read_text(encoding="utf-8") for page in pages)
    assert all(f'href="../../../members/group-{n:03d}/"' in every or f'href="../../../../../members/group-{n:03d}/"'
               in every for n in range(150))


def test_the_example_hub_has_no_page_navigation_it_does_not_need(site):
    """Lists that fit are one page: no page 2, no navigation; the suggestions of the example hub are
    many enough for a page per category (about 55 KB on one page), its members and gaps are not."""
    assert not list(site.rglob("page/*/index.html"))
    for path in ("members/index.html", "events/index.html", "matching/gaps/index.html", "learning/index.html"):
        assert 'class="pagination"' not in (site / path).read_text(encoding="utf-8"), path
    assert not (site / "members" / "letters").exists()
    assert (site / "matching" / "categories" / "venues" / "index.html").is_file()


def test_a_member_may_not_be_called_letters(hub_tree):
    (hub_tree / "members" / "letters.yaml").write_text("name: Letters\nsummary: A group.\nareas: [Coventry]\n")
    _, problems = load_hub(hub_tree)
    assert [str(p) for p in problems] == [
        "members/letters.yaml:1: (file name): 'letters' is used by the hub's own pages (members/letters/); choose "
        "another file name, e.g. 'letters-profile.yaml'"]


def test_an_event_may_not_be_called_page(hub_tree):
    (hub_tree / "members" / "group.yaml").write_text("name: Group\nsummary: A group.\nareas: [Coventry]\n")
    (hub_tree / "events" / "page.yaml").write_text("title: Page\nstart: 2026-12-01 10:00\nduration: 1 hour\n"
                                                   "organiser: group\nonline: https://meet.example.org/x\n")
    _, problems = load_hub(hub_tree)
    assert [str(p) for p in problems] == [
        "events/page.yaml:1: (file name): 'page' is used by the hub's own pages (events/page/); choose another "
        "file name, e.g. 'page-event.yaml'"]
