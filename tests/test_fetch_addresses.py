"""`invoke fetch` fetches only from public websites (issue 21): a member's feed at 127.0.0.1, localhost, a
private network or 169.254.169.254 (a cloud machine's own settings, with its keys) is a warning naming the
member, and no connection is made there. The tests' own servers are allowed by HUB_FETCH_LOCAL (conftest.py),
taken away here."""
from __future__ import annotations

import datetime as dt
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from hub.core.model import Area
from hub.core.schema import Member
from hub.events.feeds import fetch_feeds
from hub.publishing.news import fetch_news

NOW = dt.datetime(2026, 11, 21, 12, tzinfo=dt.UTC)


@pytest.fixture
def recorder():
    """A server on 127.0.0.1 that counts the requests it gets."""
    requests = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            requests.append(self.path)
            body = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n"
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"127.0.0.1:{server.server_address[1]}", requests
    server.shutdown()
    server.server_close()


def member(slug: str, feed: str) -> Member:
    return Member(slug=slug, source=f"members/{slug}.yaml", name=slug.title(), summary="A group.",
                  areas=(Area("Coventry"),), events_feed=feed, news_feed=feed)


@pytest.mark.parametrize("address", ["http://{local}/feed.ics", "http://localhost:{port}/feed.ics",
                                     "http://[::1]:{port}/feed.ics", "http://169.254.169.254/latest/meta-data/",
                                     "http://10.0.0.1/feed.ics", "http://192.168.1.1/feed.ics",
                                     "http://0.0.0.0:{port}/feed.ics", "http://[::ffff:127.0.0.1]:{port}/feed.ics"])
def test_a_feed_on_this_computer_or_a_private_network_is_not_fetched(address, recorder, tmp_path, monkeypatch):
    monkeypatch.delenv("HUB_FETCH_LOCAL")
    local, requests = recorder
    url = address.format(local=local, port=local.rsplit(":", 1)[1])
    (calendar,) = fetch_feeds([member("nosy-group", url)], tmp_path / "cache", timeout=2, now=NOW)
    (news,) = fetch_news([member("nosy-group", url)], tmp_path / "cache", timeout=2, now=NOW)
    for result in (calendar, news):
        assert result.failed and "on this computer or a private network, not a public website" in result.message, \
            result.message
        assert result.member == "nosy-group"
    assert requests == []
    assert not list((tmp_path / "cache").rglob("nosy-group.*"))


def test_with_hub_fetch_local_the_tests_servers_are_fetched(recorder, tmp_path):
    local, requests = recorder
    (result,) = fetch_feeds([member("local-group", f"http://{local}/feed.ics")], tmp_path / "cache", timeout=2, now=NOW)
    assert not result.failed and requests == ["/feed.ics"]
