"""Search and the public face, checked on the built files: the Pagefind bundle is built last over
entity pages only, each page's facets, the search and 404 pages, social meta, robots.txt, and the
published build's canonical URLs."""
from __future__ import annotations

import datetime as dt
import json
import re
from html import unescape
from pathlib import Path

import pytest

from conftest import ROOT, load_hub, run_pelican
from hub.search import index as search
from hub.site import seo

HUB, _ = load_hub(ROOT)
LABELS = {c.key: c.label for c in HUB.vocabulary}


def head_facets(html: str) -> list[tuple[str, str, str]]:
    return [(kind, key, unescape(value)) for value, kind, key in re.findall(
        r'<meta name="hub-search" content="([^"]*)" data-pagefind-(filter|meta)="(\w+)\[content\]">', html)]


def test_member_facets_are_its_name_type_categories_and_areas():
    member = HUB.by_slug["ball-hill-organisers"]
    facets = {(f.kind, f.key, f.value) for f in search.member_facets(member, LABELS)}
    assert ("meta", "title", member.name) in facets
    assert ("filter", "type", "Member") in facets
    assert {("filter", "offer", LABELS[k]) for k in member.offer_categories} <= facets
    assert {("filter", "need", LABELS[k]) for k in member.need_categories} <= facets
    assert {("filter", "area", a.name) for a in member.areas} <= facets


def test_month_labels_sort_chronologically():
    labels = [search.month_label(dt.date(2027, 1, 5)), search.month_label(dt.date(2026, 12, 1)),
              search.month_label(dt.date(2026, 3, 31))]
    assert sorted(labels, key=search.month_sort_key) == ["March 2026", "December 2026", "January 2027"]


def test_filter_options_offer_only_values_some_page_carries():
    options = search.filter_options(HUB)
    offered = {LABELS[i.category] for m in HUB.members for i in m.offers}
    assert set(options.offers) == offered
    assert set(options.needs) == {LABELS[i.category] for m in HUB.members for i in m.needs}
    assert options.types[0] == "Member" and options.months == ()
    everywhere = [a for a in options.areas if a in {"Online", "UK-wide"}]
    assert everywhere and list(options.areas[:len(everywhere)]) == everywhere  # reach everyone: listed first


@pytest.mark.parametrize("siteurl, text, expected", [
    ("", "User-agent: *\nAllow: /\nSitemap: /sitemap.xml\n", "User-agent: *\nAllow: /\n"),
    ("https://hub.example.org", "User-agent: *\nSitemap: /sitemap.xml\n",
     "User-agent: *\nSitemap: https://hub.example.org/sitemap.xml\n"),
    ("https://hub.example.org/", "Sitemap: https://other.example/s.xml\n", "Sitemap: https://other.example/s.xml\n"),
])
def test_robots_sitemap_line_is_absolute_or_absent(siteurl, text, expected):
    assert seo.robots_txt(text, siteurl) == expected


def test_pagefind_bundle_is_built_over_entity_pages_only(site):
    bundle = site / "pagefind"
    assert (bundle / "pagefind.js").is_file() and (bundle / "pagefind-entry.json").is_file()
    entry = json.loads((bundle / "pagefind-entry.json").read_text())
    indexed = sum(language["page_count"] for language in entry["languages"].values())
    entity_pages = [p for p in site.rglob("*.html") if "data-pagefind-body" in p.read_text(encoding="utf-8")]
    articles = len(list((ROOT / "content" / "learning").glob("*.md")) + list((ROOT / "content" / "reports").glob("*.md")))
    assert indexed == len(entity_pages) >= len(HUB.members) + articles
    for listing in ("index.html", "members/index.html", "categories/index.html", "search/index.html", "404.html"):
        assert "data-pagefind-body" not in (site / listing).read_text(encoding="utf-8"), listing


def test_every_indexed_page_gives_its_own_title_and_a_type(site):
    for path in site.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        if "data-pagefind-body" not in html:
            continue
        facets = head_facets(html)
        titles = [value for kind, key, value in facets if key == "title"]
        h1 = unescape(re.sub(r"<[^>]+>", "", re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S).group(1))).strip()
        assert titles == [h1], (path, titles, h1)
        assert [v for k, key, v in facets if key == "type"], path
        assert "Coalition Hub" not in titles[0]


def test_post_and_report_pages_are_typed(site):
    post = next((site / "learning").glob("*/index.html")).read_text(encoding="utf-8")
    report = next((site / "reports").glob("*/index.html")).read_text(encoding="utf-8")
    assert ("filter", "type", "Learning") in head_facets(post)
    assert ("filter", "type", "Report") in head_facets(report)


def test_search_page_has_filters_and_falls_back_without_javascript(site):
    html = (site / "search" / "index.html").read_text(encoding="utf-8")
    assert 'action="../search/"' in html and 'name="q"' in html
    for name in ("type", "offer", "need", "area"):
        assert f'name="{name}"' in html
    assert 'id="search-nojs"' in html and 'href="../categories/"' in html and 'href="../members/"' in html
    assert 'type="module" src="../theme/js/search.js"' in html
    assert "pagefind-ui" not in html and "pagefind.js\"" not in html.split("data-pagefind=")[0]


def test_header_search_box_is_a_plain_get_form_on_every_page(site):
    html = (site / "members" / "ball-hill-organisers" / "index.html").read_text(encoding="utf-8")
    form = re.search(r'<form class="site-search" role="search" action="([^"]+)" method="get">(.*?)</form>', html, re.S)
    assert form and form.group(1) == "../../search/"
    assert 'name="q"' in form.group(2) and '<label class="visually-hidden" for="site-search">' in form.group(2)


def test_404_page_links_work_from_any_depth_and_is_not_canonical(site):
    html = (site / "404.html").read_text(encoding="utf-8")
    assert 'href="/members/"' in html and 'href="/theme/css/hub.css"' in html
    assert 'rel="canonical"' not in html and "<h1>Page not found</h1>" in html


def test_social_meta_in_the_local_build_has_no_canonical(site):
    html = (site / "members" / "ball-hill-organisers" / "index.html").read_text(encoding="utf-8")
    member = HUB.by_slug["ball-hill-organisers"]
    assert f'<meta property="og:title" content="{member.name} — Coalition Hub">' in html
    assert f'<meta property="og:description" content="{member.summary}">' in html
    assert 'rel="canonical"' not in html and "og:url" not in html
    assert (site / "robots.txt").read_text() == "User-agent: *\nAllow: /\n"
    assert 'rel="icon" href="../../theme/favicon.svg"' in html and (site / "theme" / "favicon.svg").is_file()


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> Path:
    output = tmp_path_factory.mktemp("published")
    result = run_pelican(ROOT, output, settings="publishconf.py")
    assert result.returncode == 0, result.stdout + result.stderr
    return output


def test_published_pages_have_canonical_urls_and_an_absolute_sitemap(published):
    base = "https://hub.coalition.example.org"
    member = (published / "members" / "ball-hill-organisers" / "index.html").read_text(encoding="utf-8")
    assert f'<link rel="canonical" href="{base}/members/ball-hill-organisers/">' in member
    assert f'<meta property="og:url" content="{base}/members/ball-hill-organisers/">' in member
    home = (published / "index.html").read_text(encoding="utf-8")
    assert f'<link rel="canonical" href="{base}/">' in home
    assert f"Sitemap: {base}/sitemap.xml" in (published / "robots.txt").read_text()
    assert f"<loc>{base}/members/ball-hill-organisers/</loc>" in (published / "sitemap.xml").read_text()
    assert 'rel="canonical"' not in (published / "404.html").read_text(encoding="utf-8")
    assert (published / "pagefind" / "pagefind.js").is_file()


class _Occ:
    def __init__(self, start: dt.datetime, cancelled=False):
        self.start, self.instant, self.local_date, self.cancelled = start, start, start.date(), cancelled


class _Event:
    def __init__(self, **kw):
        self.title, self.slug, self.organiser = "Warm space", "warm-space", "gosford-neighbourhood-hub"
        self.start = dt.datetime(2026, 9, 1, 10)
        self.location, self.online, self.categories = "Hall", None, ("food",)
        self.localities = ()
        self.__dict__.update(kw)


def test_event_facets_months_of_coming_dates_this_week_areas_and_topics():
    now = dt.datetime(2026, 11, 25, 9, tzinfo=dt.UTC)
    coming = [_Occ(dt.datetime(2026, 11, 30, 10, tzinfo=dt.UTC)),
              _Occ(dt.datetime(2026, 12, 7, 10, tzinfo=dt.UTC), cancelled=True),
              _Occ(dt.datetime(2027, 1, 4, 10, tzinfo=dt.UTC))]
    organiser = HUB.by_slug["gosford-neighbourhood-hub"]
    facets = [(f.key, f.value) for f in search.event_facets(_Event(online="https://meet.example"), LABELS,
                                                              coming, organiser, now)]
    assert facets[:2] == [("title", "Warm space"), ("type", "Event")]
    assert [v for k, v in facets if k == "month"] == ["November 2026", "January 2027"]  # cancelled date left out
    assert ("week", "This week") in facets
    assert [v for k, v in facets if k == "area"] == [a.name for a in organiser.areas] + ["Online"]
    assert ("offer", LABELS["food"]) in facets


def test_event_without_coming_dates_keeps_its_own_month_and_is_not_this_week():
    facets = [(f.key, f.value) for f in search.event_facets(_Event(), LABELS, [], None, None)]
    assert [v for k, v in facets if k == "month"] == ["September 2026"]
    assert "week" not in dict(facets) and "area" not in dict(facets)


def test_home_page_offers_the_three_journeys(site):
    html = (site / "index.html").read_text(encoding="utf-8")
    journeys = re.findall(r'<li class="journey">\s*<h3><a href="([^"]+)">([^<]+)</a></h3>', html)
    events = (site / "events" / "index.html").is_file()
    assert journeys == [("./categories/", "Find support"), *([("./events/", "Find events")] if events else []),
                        ("./get-involved/", "Get involved"), ("./join/", "Join or update your profile")]
    assert 'href="./areas/"' in html
    if events:
        assert 'href="./search/?type=Event&amp;area=Online"' in html
