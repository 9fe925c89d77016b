"""Members' news (feedparser): fetched by `invoke fetch` with the calendars' deadline, size cap and
cache plus conditional requests; read back offline; only a title, date, http(s) link and a short
plain-text summary of each item reach the site. Broken, hostile, huge or slow feeds are warnings
naming the member and keep the last good copy (tests/hostile/news/). Servers here are on 127.0.0.1
only and stop by themselves."""
from __future__ import annotations

import datetime as dt
import http.server
import json
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from events_support import tree
from test_hostile import Trickler, notes

from conftest import CONTENT, NOW, ROOT, run_pelican
from hub.core import fetch as core_fetch
from hub.core.model import Area
from hub.core.schema import Member
from hub.publishing import news

NEWS = Path(__file__).resolve().parent / "fixtures" / "news"
HOSTILE = sorted((Path(__file__).resolve().parent / "hostile" / "news").glob("*.http"))
SAVED = dt.datetime(2026, 11, 21, 6, 0, tzinfo=dt.UTC)
PINNED = dt.datetime(2026, 11, 21, 12, 0, tzinfo=dt.UTC)


class NewsServer(http.server.BaseHTTPRequestHandler):
    """Serves the fixture feeds; /etag.rss and /dated.rss answer conditional requests with 304."""

    requests: list[tuple[str, dict]] = []

    def do_GET(self):
        NewsServer.requests.append((self.path, dict(self.headers)))
        if self.path == "/huge.rss":
            body = b"<?xml version='1.0'?><rss version='2.0'><channel>" + b" " * (6 * 1024 * 1024)
        else:
            name = {"/good.rss": "good.rss", "/good.atom": "good.atom", "/etag.rss": "good.rss",
                    "/dated.rss": "good.rss", "/hostile.rss": "hostile-items.rss"}.get(self.path)
            if name is None:
                self.send_error(404, "Not Found")
                return
            body = (NEWS / name).read_bytes()
        if self.path == "/etag.rss" and self.headers.get("If-None-Match") == '"v1"':
            self.send_response(304)
            self.send_header("ETag", '"v1"')
            self.end_headers()
            return
        if self.path == "/dated.rss" and self.headers.get("If-Modified-Since") == "Tue, 17 Nov 2026 09:30:00 GMT":
            self.send_response(304)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml")
        if self.path == "/etag.rss":
            self.send_header("ETag", '"v1"')
        if self.path == "/dated.rss":
            self.send_header("Last-Modified", "Tue, 17 Nov 2026 09:30:00 GMT")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def serve(handler):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server


@pytest.fixture(scope="module")
def server():
    httpd = serve(NewsServer)
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def trickler():
    import socketserver

    httpd = socketserver.ThreadingTCPServer(("127.0.0.1", 0), HostileNews)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


class HostileNews(Trickler):
    """tests/test_hostile.py's trickling server, answering with the responses in tests/hostile/news/."""

    folder = Path(__file__).resolve().parent / "hostile" / "news"


def member(slug: str, url: str, name: str | None = None) -> Member:
    return Member(slug=slug, name=name or slug.replace("-", " ").title(), summary="x", areas=(Area("Coventry"),),
                  source=f"members/{slug}.yaml", news_feed=url)


def test_a_members_news_is_cached_and_said_in_its_own_words(server, tmp_path):
    (result,) = news.fetch_news([member("ball-hill-organisers", f"{server}/good.rss")], tmp_path, now=SAVED)
    assert str(result) == f"Ball Hill Organisers (ball-hill-organisers): updated, 3 item(s) from {server}/good.rss"
    assert (tmp_path / "news" / "ball-hill-organisers.xml").read_bytes() == (NEWS / "good.rss").read_bytes()
    entry = json.loads((tmp_path / "news" / "index.json").read_text())["ball-hill-organisers"]
    assert (entry["url"], entry["updated"]) == (f"{server}/good.rss", "2026-11-21T06:00:00Z")


@pytest.mark.parametrize("path, header, value", [("/etag.rss", "If-None-Match", '"v1"'),
                                                 ("/dated.rss", "If-Modified-Since", "Tue, 17 Nov 2026 09:30:00 GMT")])
def test_a_second_fetch_is_conditional_and_a_304_keeps_the_copy(server, tmp_path, path, header, value):
    url = f"{server}{path}"
    news.fetch_news([member("pantry", url)], tmp_path, now=SAVED)
    index = (tmp_path / "news" / "index.json").read_text()
    NewsServer.requests.clear()
    (again,) = news.fetch_news([member("pantry", url)], tmp_path, now=SAVED + dt.timedelta(days=1))
    assert NewsServer.requests[0][1][header] == value
    assert str(again) == "Pantry (pantry): unchanged, 3 item(s)"
    assert (tmp_path / "news" / "pantry.xml").read_bytes() == (NEWS / "good.rss").read_bytes()
    assert (tmp_path / "news" / "index.json").read_text() == index


def test_no_validator_is_sent_for_a_new_address(server, tmp_path):
    news.fetch_news([member("pantry", f"{server}/etag.rss")], tmp_path, now=SAVED)
    NewsServer.requests.clear()
    news.fetch_news([member("pantry", f"{server}/good.rss")], tmp_path, now=SAVED)
    assert "If-None-Match" not in NewsServer.requests[0][1]


def test_a_huge_feed_is_refused_and_the_last_good_copy_kept(server, tmp_path):
    news.fetch_news([member("pantry", f"{server}/good.rss")], tmp_path, now=SAVED)
    (result,) = news.fetch_news([member("pantry", f"{server}/huge.rss")], tmp_path, now=SAVED + dt.timedelta(days=1))
    assert str(result) == (f"warning: Pantry (pantry): news feed {server}/huge.rss could not be fetched: is larger "
                           "than 5 MB; the last good copy (saved 2026-11-21) is used")
    assert (tmp_path / "news" / "pantry.xml").read_bytes() == (NEWS / "good.rss").read_bytes()


def test_every_hostile_news_fixture_says_what_must_happen():
    assert len(HOSTILE) >= 4 and all(notes(feed, "expect") and notes(feed, "send") for feed in HOSTILE)


@pytest.mark.parametrize("feed", HOSTILE, ids=[f.stem for f in HOSTILE])
def test_a_hostile_news_server_is_a_warning_naming_the_member_and_keeps_the_last_good_copy(server, trickler,
                                                                                            tmp_path, feed):
    news.fetch_news([member("tricky-group", f"{server}/good.rss")], tmp_path, now=SAVED)
    url = f"{trickler}/{feed.name}"
    (result,) = news.fetch_news([member("tricky-group", url)], tmp_path, timeout=2, now=SAVED + dt.timedelta(days=1))
    (reason,) = notes(feed, "expect")
    assert str(result) == (f"warning: Tricky Group (tricky-group): news feed {url} {reason}; the last good copy "
                           "(saved 2026-11-21) is used")
    assert (tmp_path / "news" / "tricky-group.xml").read_bytes() == (NEWS / "good.rss").read_bytes()


def test_only_plain_text_and_http_links_reach_the_site_and_future_items_are_left_out():
    parsed = news.parse_feed((NEWS / "hostile-items.rss").read_bytes())
    items, item_notes = news.items_from_feed(parsed, member("tricky", "https://tricky.example.org/feed"), PINNED)
    assert item_notes == ["Tricky (tricky): 1 news item(s) dated in the future are left out"]
    assert [item.title for item in items] == ["txt.exe Free bold offer", "Untitled", "A very long summary"]
    tricked = items[0]
    assert tricked.link is None  # javascript: is not a link
    assert tricked.summary == "Click here Read & share."
    cut = items[2].summary
    assert len(cut) <= news.SUMMARY_LENGTH and cut.endswith("…")
    assert set(cut[:-1].split()) == {"Word", "after", "word"}  # cut between words


def news_tree(tmp_path: Path) -> Path:
    root = tree(tmp_path)
    with (root / "members" / "ball-hill-organisers.yaml").open("a", encoding="utf-8") as profile:
        profile.write("news_feed: https://ballhill.example.org/feed.xml\n")
    (root / "members" / "tricky-group.yaml").write_text(
        "name: Tricky Group\nsummary: A group whose website sends odd news.\nareas: [Coventry]\n"
        "news_feed: https://tricky.example.org/feed\n", encoding="utf-8")
    cache = root / "data" / "feed-cache" / "news"
    cache.mkdir(parents=True)
    shutil.copy(NEWS / "good.rss", cache / "ball-hill-organisers.xml")
    shutil.copy(NEWS / "hostile-items.rss", cache / "tricky-group.xml")
    return root


def test_the_build_shows_news_offline_from_the_cache_and_none_of_the_members_html(tmp_path):
    root = news_tree(tmp_path)
    result = run_pelican(root, tmp_path / "out")
    assert result.returncode == 0 and "WARNING" not in result.stdout + result.stderr, result.stderr
    page = (tmp_path / "out" / "news" / "index.html").read_text(encoding="utf-8")
    assert '<a href="https://ballhill.example.org/news/air-quality-sensors" rel="nofollow noopener ugc">Air quality ' \
           'sensors go up on Walsgrave Road</a>' in page
    for hostile in ("<script", "onclick", "onerror", "javascript:", "<iframe", "evil.example", "\u202e", "2100"):
        assert hostile not in page, hostile
    member_page = (tmp_path / "out" / "members" / "ball-hill-organisers" / "index.html").read_text(encoding="utf-8")
    section = member_page[member_page.index('<section aria-labelledby="member-news">'):]
    assert section.count("<li id=\"news-") == 3 and "Air quality sensors go up" in section
    feed = (tmp_path / "out" / "feeds" / "news.atom.xml").read_text(encoding="utf-8")
    assert "<title>Air quality sensors go up on Walsgrave Road</title>" in feed and "javascript:" not in feed


def test_a_broken_cached_copy_leaves_that_news_out_and_the_build_goes_on(tmp_path):
    root = news_tree(tmp_path)
    (root / "data" / "feed-cache" / "news" / "tricky-group.xml").write_bytes(b"<html>not a feed</html>")
    result = run_pelican(root, tmp_path / "out")
    assert result.returncode == 0 and "Traceback" not in result.stderr
    by_member, read_notes = news.read_cached_news(
        [member("tricky-group", "https://tricky.example.org/feed", "Tricky Group")],
        root / "data" / "feed-cache", PINNED)
    assert by_member == {} and read_notes == ["Tricky Group (tricky-group): the cached copy news/tricky-group.xml is "
                                              "broken (it is not an RSS or Atom feed); its news is left out"]


def test_the_example_hub_has_news_from_three_members(site):
    page = (site / "news" / "index.html").read_text(encoding="utf-8")
    for name in ("Ball Hill Community Organisers", "Together Against Loneliness Network", "Hillfields Community Pantry"):
        assert f">{name}</a> · <time" in page
    assert page.count("<li>") >= 7


def runnable_tree(tmp_path, news_feed: str, events_feed: str):
    """A copy of the example hub that `invoke` can build, whose Ball Hill Organisers read their news
    and events from the test server (no address outside 127.0.0.1)."""
    root = tree(tmp_path)
    profile = root / "members" / "ball-hill-organisers.yaml"
    profile.write_text(profile.read_text(encoding="utf-8").replace("https://ballhill.example.org/events.ics",
                                                                   events_feed)
                       + f"news_feed: {news_feed}\n", encoding="utf-8")
    for name in ("tasks.py", "pelicanconf.py"):
        shutil.copy(ROOT / name, root / name)
    shutil.copytree(ROOT / "theme", root / "theme")
    shutil.copytree(CONTENT, root / "content")
    (root / "plugins").symlink_to(ROOT / "plugins")
    return root


def test_invoke_fetch_fetches_news_too_and_offline_uses_the_cache(tmp_path, server):
    root = runnable_tree(tmp_path, f"{server}/good.rss", f"{server}/none.ics")
    env = {"PATH": "/usr/bin:/bin", "HUB_EVENTS_NOW": NOW, "HUB_FETCH_LOCAL": "1"}
    result = subprocess.run([sys.executable, "-m", "invoke", "fetch", "--timeout", "2"], cwd=root,
                            capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr
    assert (f"Ball Hill Community Organisers (ball-hill-organisers): updated, 3 item(s) from {server}/good.rss"
            in result.stdout.splitlines())
    assert result.stderr.startswith("warning: Ball Hill Community Organisers (ball-hill-organisers): events feed ")
    assert (root / "data" / "feed-cache" / "news" / "ball-hill-organisers.xml").is_file()
    offline = subprocess.run([sys.executable, "-m", "invoke", "fetch"], cwd=root, capture_output=True, text=True,
                             env={**env, "HUB_OFFLINE": "1"})
    assert offline.returncode == 0 and offline.stderr == ""
    assert "Ball Hill Community Organisers (ball-hill-organisers): offline, using the cached copy" in offline.stdout


def test_the_fetch_code_is_shared_with_calendars():
    from hub.events import feeds

    assert feeds.CALENDARS.count.__module__ == feeds.__name__ and news.NEWS.url_of(
        member("x", "https://x.example.org/feed")) == "https://x.example.org/feed"
    assert feeds.fetch_all is core_fetch.fetch_all is news.fetch_all
    assert os.path.basename(core_fetch.__file__) == "fetch.py"


def test_invoke_build_fetch_brings_the_news_online_then_builds_from_the_cache(tmp_path, server):
    root = runnable_tree(tmp_path, f"{server}/good.atom", f"{server}/none.ics")
    env = {"PATH": "/usr/bin:/bin", "HUB_EVENTS_NOW": NOW, "HUB_FETCH_LOCAL": "1"}
    online = subprocess.run([sys.executable, "-m", "invoke", "build", "--fetch"], cwd=root, capture_output=True,
                            text=True, env=env)
    assert online.returncode == 0, online.stdout + online.stderr
    page = (root / "output" / "news" / "index.html").read_text(encoding="utf-8")
    assert "Youth loneliness learning group: what we heard this term</a>" in page
    offline = subprocess.run([sys.executable, "-m", "invoke", "build"], cwd=root, capture_output=True, text=True,
                             env={**env, "HUB_OFFLINE": "1"})
    assert offline.returncode == 0, offline.stdout + offline.stderr
    assert (root / "output" / "news" / "index.html").read_text(encoding="utf-8") == page


def test_each_entry_of_the_combined_news_feeds_has_an_id_of_its_own(tmp_path):
    """A member's feed borrowing Ball Hill's ids (tests/hostile/news-items/borrowed-ids.rss): in a feed
    reader "Donate here" would have replaced Ball Hill's item. Each entry's id is the hub's own; a member's
    item repeating one of its own ids is left out, and the build says so."""
    import xml.etree.ElementTree as ElementTree

    import feedparser

    root = news_tree(tmp_path)
    (root / "members" / "copycat-group.yaml").write_text(
        "name: Copycat Group\nsummary: A group whose feed borrows ids.\nareas: [Coventry]\n"
        "news_feed: https://copycat.example.org/feed\n", encoding="utf-8")
    shutil.copy(Path(__file__).parent / "hostile" / "news-items" / "borrowed-ids.rss",
                root / "data" / "feed-cache" / "news" / "copycat-group.xml")
    result = run_pelican(root, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    _, read_notes = news.read_cached_news([member("copycat-group", "https://copycat.example.org/feed", "Copycat Group")],
                                          root / "data" / "feed-cache", PINNED)
    assert read_notes == ["Copycat Group (copycat-group): 1 news item(s) repeat the id of an earlier one and are "
                          "left out"]
    for name in ("news.atom.xml", "news.rss.xml"):
        parsed = feedparser.parse((tmp_path / "out" / "feeds" / name).read_bytes())
        titles = [entry.title for entry in parsed.entries]
        assert "Donate here today" in titles and "Air quality sensors go up on Walsgrave Road" in titles
        assert "Our second item with one id" in titles and "Our third item with the same id" not in titles
        ids = [entry.id for entry in parsed.entries]
        assert len(ids) == len(set(ids)) == len(titles), name
    atom = ElementTree.parse(tmp_path / "out" / "feeds" / "news.atom.xml").getroot()
    assert not any("ballhill.example.org" in (entry.findtext("{http://www.w3.org/2005/Atom}id") or "")
                   for entry in atom.iter("{http://www.w3.org/2005/Atom}entry"))
