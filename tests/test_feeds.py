"""Atom and RSS for learning, reports and members' news in every build, local ones too: every feed
parses with feedparser without a problem (no bozo), has what RFC 4287 and RSS 2.0 require (ids,
dates, authors, absolute links) and is offered on the pages, in <head> and visibly."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from email.utils import parsedate_to_datetime

import feedparser
import pytest

from conftest import ROOT, run_pelican
from hub.publishing.syndication import FEEDS

ATOM = "{http://www.w3.org/2005/Atom}"
PUBLIC = "https://hub.coalition.example.org/"  # HUB_PUBLIC_URL's default: a local build's feeds name it
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})$")
PATHS = [path for atom, rss, _ in FEEDS.values() for path in (atom, rss)]


def absolute(url: str | None, base: str = PUBLIC) -> bool:
    return bool(url) and url.startswith(base)


@pytest.mark.parametrize("path", PATHS)
def test_every_feed_is_read_by_feedparser_without_a_problem(site, path):
    parsed = feedparser.parse((site / path).read_bytes())
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert parsed.version == ("atom10" if path.endswith(".atom.xml") else "rss20")
    assert parsed.entries, f"{path} has entries"
    for entry in parsed.entries:
        assert entry.title and entry.link and entry.get("summary") and entry.get("author"), entry
        assert entry.get("published_parsed") or entry.get("updated_parsed")


@pytest.mark.parametrize("name", list(FEEDS))
def test_atom_feeds_have_what_rfc_4287_requires(site, name):
    atom_path = FEEDS[name][0]
    root = ET.parse(site / atom_path).getroot()
    assert root.tag == f"{ATOM}feed"
    assert root.findtext(f"{ATOM}id") == PUBLIC + atom_path
    assert root.findtext(f"{ATOM}title")
    assert RFC3339.match(root.findtext(f"{ATOM}updated"))
    assert root.find(f"{ATOM}author/{ATOM}name").text
    links = {link.get("rel"): link.get("href") for link in root.findall(f"{ATOM}link")}
    assert links["self"] == PUBLIC + atom_path and absolute(links["alternate"])
    ids = []
    for entry in root.findall(f"{ATOM}entry"):
        ids.append(entry.findtext(f"{ATOM}id"))
        assert re.match(r"^(tag:[a-z0-9.-]+,\d{4}-\d{2}-\d{2}:|https?://|urn:)", ids[-1]), ids[-1]
        assert entry.findtext(f"{ATOM}title")
        assert RFC3339.match(entry.findtext(f"{ATOM}updated"))
        assert entry.find(f"{ATOM}author/{ATOM}name").text
        (alternate,) = [link for link in entry.findall(f"{ATOM}link") if link.get("rel") == "alternate"]
        assert alternate.get("href").startswith(("https://", "http://"))
        assert entry.find(f"{ATOM}summary").get("type") == "html"
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("name", list(FEEDS))
def test_rss_feeds_have_what_rss_2_requires(site, name):
    rss_path = FEEDS[name][1]
    channel = ET.parse(site / rss_path).getroot().find("channel")
    assert channel.findtext("title") and absolute(channel.findtext("link")) and channel.findtext("description")
    (self_link,) = channel.findall("{http://www.w3.org/2005/Atom}link")
    assert self_link.get("rel") == "self" and self_link.get("href") == PUBLIC + rss_path
    for item in channel.findall("item"):
        assert item.findtext("title") and item.findtext("link").startswith(("https://", "http://"))
        assert item.findtext("description")
        parsedate_to_datetime(item.findtext("pubDate"))  # RFC 822
        guid = item.find("guid")
        assert guid.text and (guid.get("isPermaLink") == "false" or guid.text == item.findtext("link"))


def test_each_feed_holds_its_own_section(site):
    def links(path):
        return [entry.link for entry in feedparser.parse((site / path).read_bytes()).entries]

    learning, reports = links("feeds/learning.atom.xml"), links("feeds/reports.atom.xml")
    assert learning and all("/learning/" in link for link in learning)
    assert PUBLIC + "reports/quarterly-report-2022-q2/" in reports and all("/reports/" in link for link in reports)
    assert sorted(links("feeds/all.atom.xml")) == sorted(learning + reports)
    news = feedparser.parse((site / "feeds/news.atom.xml").read_bytes()).entries
    assert news[0].link == "https://ballhill.example.org/news/air-quality-sensors"
    assert news[0].author == "Ball Hill Community Organisers"


def test_a_post_entry_has_its_author_summary_and_text_with_absolute_links(site):
    entries = feedparser.parse((site / "feeds/reports.atom.xml").read_bytes()).entries
    report = next(e for e in entries if e.link.endswith("/quarterly-report-2026-q4/"))
    assert report.author == "Coalition coordinators"
    assert report.summary.startswith("<p>Halfway through the quarter")
    assert f'href="{PUBLIC}members/cardiff-cuppa-club/"' in report.content[0].value


@pytest.mark.parametrize("page, own", [("learning/index.html", "learning"), ("reports/index.html", "reports"),
                                       ("news/index.html", "news"), ("index.html", None),
                                       ("learning/seven-keys-space/index.html", "learning")])
def test_pages_offer_their_feeds_in_the_head_and_visibly(site, page, own):
    html = (site / page).read_text(encoding="utf-8")
    head = html[:html.index("</head>")]
    alternates = re.findall(r'<link rel="alternate" type="application/(atom|rss)\+xml" title="[^"]+" '
                            r'href="(?:\./|(?:\.\./)*)(feeds/[a-z]+\.(?:atom|rss)\.xml)">', head)
    expected = {("atom", FEEDS["all"][0]), ("rss", FEEDS["all"][1])}
    if own:
        expected |= {("atom", FEEDS[own][0]), ("rss", FEEDS[own][1])}
    assert set(alternates) == expected
    if own and page.count("/") == 1:  # the section's own list page links its feeds where people see them
        body = html[html.index("<main"):]
        assert re.search(rf'<p class="feed-links">Follow [^<]+ in a feed reader: <a href="(\.\./)?'
                         rf'{re.escape(FEEDS[own][0])}" type="application/atom\+xml">', body)


def test_the_published_site_names_its_own_address_in_its_feeds(tmp_path):
    result = run_pelican(ROOT, tmp_path / "out", settings="publishconf.py")
    assert result.returncode == 0, result.stderr
    root = ET.parse(tmp_path / "out" / "feeds" / "learning.atom.xml").getroot()
    assert root.findtext(f"{ATOM}id") == "https://hub.coalition.example.org/feeds/learning.atom.xml"
    html = (tmp_path / "out" / "learning" / "index.html").read_text(encoding="utf-8")
    assert 'href="https://hub.coalition.example.org/feeds/learning.atom.xml"' in html
