"""Members' own calendars: fetched with timeouts into the committed cache, read back, de-duplicated by UID
and merged, attributed to the member. A broken or unreachable feed is a warning naming the member, the last
good copy is used, and the build never fails or waits because of one. Servers here are on 127.0.0.1 only."""
import dataclasses
import datetime as dt
import http.server
import json
import shutil
import socket
import subprocess
import sys
import threading
import time

import pytest
from events_support import FIXTURES, NOW, agenda, build, tree

from conftest import CONTENT, ROOT, hub_settings
from hub.core.loader import load_vocabulary
from hub.core.model import Area
from hub.core.schema import Member
from hub.events.catalogue import occurrences
from hub.events.feeds import events_from_calendar, fetch_feeds, first_cached, merge, parse_calendar, read_cached_feeds

FEEDS = FIXTURES / "feeds"
VOCABULARY = load_vocabulary(ROOT / "categories.yaml")[0]


class Handler(http.server.BaseHTTPRequestHandler):
    requests = []

    def do_GET(self):
        Handler.requests.append(self.path)
        if self.path == "/slow.ics":
            time.sleep(3)
        if self.path == "/redirect.ics":
            self.send_response(302)
            self.send_header("Location", "file:///etc/passwd")
            self.end_headers()
            return
        name = {"/good.ics": "good.ics", "/odd.ics": "odd.ics", "/broken.ics": "broken.html",
                "/truncated.ics": "truncated.ics", "/slow.ics": "good.ics"}.get(self.path)
        if name is None:
            self.send_error(404, "Not Found")
            return
        body = (FEEDS / name).read_bytes()
        self.send_response(200)
        self.send_header("Content-Type", "text/calendar")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def closed_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/events.ics"  # nothing listens there any more


def member(slug, url, name=None):
    return Member(slug=slug, name=name or slug.replace("-", " ").title(), summary="x", areas=(Area("Coventry"),),
                  source=f"members/{slug}.yaml", events_feed=url)


FETCHED = dt.datetime(2026, 11, 21, 6, 0, tzinfo=dt.UTC)


def test_a_good_feed_is_cached_and_an_unchanged_one_is_not_rewritten(server, tmp_path):
    cache = tmp_path / "cache"
    (result,) = fetch_feeds([member("ball-hill-organisers", f"{server}/good.ics")], cache, now=FETCHED)
    assert (result.status, result.events) == ("updated", 4)
    assert (cache / "ball-hill-organisers.ics").read_bytes() == (FEEDS / "good.ics").read_bytes()
    assert str(result) == f"Ball Hill Organisers (ball-hill-organisers): updated, 4 event(s) from {server}/good.ics"
    index = (cache / "index.json").read_text()
    (again,) = fetch_feeds([member("ball-hill-organisers", f"{server}/good.ics")], cache,
                           now=FETCHED + dt.timedelta(days=1))
    assert again.status == "unchanged" and (cache / "index.json").read_text() == index
    assert '"updated": "2026-11-21T06:00:00Z"' in index


def test_the_first_fetch_date_is_kept_when_a_feed_changes_as_it_decides_uid_owners(server, tmp_path):
    cache = tmp_path / "cache"
    fetch_feeds([member("ball-hill-organisers", f"{server}/good.ics")], cache, now=FETCHED)
    fetch_feeds([member("ball-hill-organisers", f"{server}/odd.ics")], cache, now=FETCHED + dt.timedelta(days=3))
    entry = json.loads((cache / "index.json").read_text())["ball-hill-organisers"]
    assert (entry["first"], entry["updated"]) == ("2026-11-21T06:00:00Z", "2026-11-24T06:00:00Z")
    assert first_cached(cache) == {"ball-hill-organisers": "2026-11-21T06:00:00Z"}


def test_a_cache_entry_from_before_first_was_recorded_counts_from_its_last_update(tmp_path):
    (tmp_path / "index.json").write_text('{"ball-hill-organisers": {"updated": "2026-11-20T06:00:00Z"}}')
    assert first_cached(tmp_path) == {"ball-hill-organisers": "2026-11-20T06:00:00Z"}


@pytest.mark.parametrize("path, status, reason", [
    ("/broken.ics", "malformed", "is broken: it is not an iCalendar file (no BEGIN:VCALENDAR at the top)"),
    ("/truncated.ics", "malformed", "is broken: it cannot be read as iCalendar (Found no components where exactly "
                                    "one is required: BEGIN:VCALENDAR)"),
    ("/missing.ics", "unreachable", "could not be fetched: the server answered 404 Not Found"),
    ("/redirect.ics", "unreachable", "could not be fetched: redirected to 'file:///etc/passwd', which is not an "
                                     "http(s) address"),
])
def test_a_broken_feed_is_a_warning_naming_the_member_and_the_last_good_copy_is_kept(server, tmp_path, path,
                                                                                      status, reason):
    cache = tmp_path / "cache"
    fetch_feeds([member("gosford-neighbourhood-hub", f"{server}/good.ics", "Gosford Neighbourhood Hub")], cache,
                now=FETCHED)
    (result,) = fetch_feeds([member("gosford-neighbourhood-hub", f"{server}{path}", "Gosford Neighbourhood Hub")],
                            cache, now=FETCHED + dt.timedelta(days=1))
    assert result.status == status and result.failed
    assert str(result) == (f"warning: Gosford Neighbourhood Hub (gosford-neighbourhood-hub): events feed {server}{path} "
                           f"{reason}; the last good copy (saved 2026-11-21) is used")
    assert (cache / "gosford-neighbourhood-hub.ics").read_bytes() == (FEEDS / "good.ics").read_bytes()


def test_an_unreachable_feed_without_a_cached_copy_says_so(closed_port, tmp_path):
    (result,) = fetch_feeds([member("ball-hill-organisers", closed_port)], tmp_path / "cache", now=FETCHED)
    assert result.status == "unreachable"
    assert str(result).startswith(f"warning: Ball Hill Organisers (ball-hill-organisers): events feed {closed_port} "
                                  "could not be fetched: cannot connect (")
    assert str(result).endswith("; there is no earlier copy, so none of its events are shown")
    assert not (tmp_path / "cache" / "ball-hill-organisers.ics").exists()


def test_a_slow_server_is_given_up_on_at_the_timeout(server, tmp_path):
    started = time.monotonic()
    (result,) = fetch_feeds([member("slow-group", f"{server}/slow.ics")], tmp_path / "cache", timeout=0.5)
    assert time.monotonic() - started < 2.5
    assert result.status == "unreachable" and "took longer than 0.5 seconds" in str(result)


def test_feeds_are_fetched_in_parallel(server, tmp_path):
    members = [member(f"slow-{n}", f"{server}/slow.ics") for n in range(4)]
    started = time.monotonic()
    results = fetch_feeds(members, tmp_path / "cache", timeout=1)
    assert time.monotonic() - started < 2.5 and {r.status for r in results} == {"unreachable"}


def test_offline_mode_touches_no_network(server, tmp_path):
    Handler.requests.clear()
    (result,) = fetch_feeds([member("ball-hill-organisers", f"{server}/good.ics")], tmp_path, offline=True)
    assert result.status == "offline" and Handler.requests == []
    assert str(result) == "Ball Hill Organisers (ball-hill-organisers): offline, no cached copy yet"


SETTINGS = hub_settings(ROOT, HUB_EVENTS_NOW=NOW)


def imported(name="good.ics", slug="ball-hill-organisers"):
    calendar = parse_calendar((FEEDS / name).read_bytes())
    return events_from_calendar(calendar, member(slug, "https://x.example.org/e.ics", "Ball Hill"), SETTINGS,
                                VOCABULARY, source=f"data/feed-cache/{slug}.ics")


def test_imported_events_are_attributed_to_the_member_and_keep_their_uid():
    events, notes = imported()
    by_uid = {e.uid: e for e in events}
    meeting = by_uid["team-meeting@ballhill.example.org"]
    assert meeting.organiser == "ball-hill-organisers" and meeting.origin == "feed"
    assert meeting.slug.startswith("ball-hill-organisers-")
    assert meeting.title == "Open team meeting"  # the copy with the highest SEQUENCE
    assert meeting.categories == ("partnerships",)  # matched by label; unknown names dropped
    assert meeting.location.geo == (52.4113, -1.4855)
    assert meeting.description_is_markdown is False  # shown as text, never as HTML
    assert "long-ago@ballhill.example.org" not in by_uid  # before the archive window
    assert notes == []


def test_imported_series_keeps_cancelled_and_moved_dates():
    meeting = {e.uid: e for e in imported()[0]}["team-meeting@ballhill.example.org"]
    occs = {o.anchor: o for o in occurrences(meeting, SETTINGS.now, SETTINGS.window_end)}
    assert occs["on-2027-01-06"].status == "cancelled"
    assert occs["on-2027-02-03"].start == dt.datetime(2027, 2, 10, 19, 0, tzinfo=meeting.zone)
    assert occs["on-2027-04-07"].start.utcoffset() == dt.timedelta(hours=1)


def test_only_http_links_are_taken_and_a_bare_link_as_location_is_the_online_link():
    councillors = {e.uid: e for e in imported()[0]}["councillors@ballhill.example.org"]
    assert councillors.online == "https://meet.example.org/ballhill/councillors" and councillors.location is None
    assert councillors.external_url is None  # javascript: is dropped
    assert councillors.start == dt.datetime(2027, 1, 28, 18, 0) and councillors.timezone == "Europe/London"


def test_odd_feeds_are_read_as_far_as_they_safely_can():
    events, notes = imported("odd.ics")
    by_uid = {e.uid: e for e in events}
    assert by_uid["outlook-warm-space"].timezone == "Europe/London"  # Outlook's "GMT Standard Time"
    assert by_uid["outlook-warm-space"].repeat.except_dates == (dt.date(2026, 12, 24), dt.date(2026, 12, 28))
    assert by_uid["floating-coffee"].timezone == "America/New_York"  # X-WR-TIMEZONE
    assert by_uid["utc-series"].timezone == "UTC"  # a UTC series repeats in UTC
    assert by_uid["twice-a-day"].repeat is None
    assert notes == [
        "Ball Hill (ball-hill-organisers): skipped an event without UID ('No UID')",
        "Ball Hill (ball-hill-organisers): 'Twice a day' repeats in a way the hub cannot show (BYHOUR is not "
        "supported: an event happens at most once a day; the time comes from 'start'. Write one event per time of "
        "day); only its first date is listed",
        "Ball Hill (ball-hill-organisers): skipped event 'Ends before it starts': it ends before it starts",
    ]


def test_duplicates_are_kept_once_hub_first_then_first_member(tmp_path):
    root = tree(tmp_path, {"get-together": (FIXTURES / "valid" / "same-day-end-time.yaml").read_text()})
    hub_event = agenda(root).local[0]
    ours = imported()[0]
    theirs = imported("good.ics", "together-against-loneliness-network")[0]
    events, notes = merge([dataclasses.replace(hub_event, uid="get-together@hub.coalition.example.org")],
                          {"together-against-loneliness-network": theirs, "ball-hill-organisers": ours})
    uids = [e.uid for e in events]
    assert len(uids) == len(set(uids)) == 3
    assert {e.uid: e.organiser for e in events}["team-meeting@ballhill.example.org"] == "ball-hill-organisers"
    assert {e.uid: e.origin for e in events}["get-together@hub.coalition.example.org"] == "hub"
    assert notes[0] == ("the feed of ball-hill-organisers has 'Copied from the hub' with the UID "
                        "get-together@hub.coalition.example.org, which belongs to events/get-together.yaml; "
                        "it is left out")


def cached_tree(tmp_path, feed: bytes):
    root = tree(tmp_path)
    (root / "data" / "feed-cache").mkdir(parents=True)
    (root / "data" / "feed-cache" / "ball-hill-organisers.ics").write_bytes(feed)
    return root


def test_the_build_merges_the_cached_feed_into_pages_and_feeds(tmp_path):
    root = cached_tree(tmp_path, (FEEDS / "good.ics").read_bytes())
    result = build(root, tmp_path / "out")
    assert result.returncode == 0 and "WARNING" not in result.stdout + result.stderr, result.stderr
    member_page = (tmp_path / "out" / "members" / "ball-hill-organisers" / "index.html").read_text()
    assert "Open team meeting" in member_page and "Meeting with ward councillors" in member_page
    feed = (tmp_path / "out" / "events" / "organisers" / "ball-hill-organisers.ics").read_bytes()
    assert b"UID:team-meeting@ballhill.example.org\r\n" in feed
    page = next((tmp_path / "out" / "events").glob("ball-hill-organisers-*/index.html"))
    assert "own calendar" in page.read_text()


@pytest.mark.parametrize("feed", [(FEEDS / "broken.html").read_bytes(), (FEEDS / "truncated.ics").read_bytes(),
                                  b"\xff\xfe not text"], ids=["html", "truncated", "binary"])
def test_a_broken_cached_feed_never_fails_the_build(tmp_path, feed):
    root = cached_tree(tmp_path, feed)
    shutil.copy(FIXTURES / "valid" / "same-day-end-time.yaml", root / "events" / "meeting.yaml")
    result = build(root, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stdout + result.stderr and "Traceback" not in result.stderr
    assert (tmp_path / "out" / "events" / "meeting" / "index.html").is_file()
    hub_events, notes = read_cached_feeds(
        [member("ball-hill-organisers", "https://ballhill.example.org/events.ics", "Ball Hill")],
        hub_settings(root, HUB_EVENTS_NOW=NOW))
    assert hub_events == {} and notes[0].startswith("Ball Hill (ball-hill-organisers): the cached copy "
                                                    "ball-hill-organisers.ics is broken (")


def test_invoke_fetch_warns_naming_the_member_and_still_succeeds(tmp_path, server, closed_port):
    root = tree(tmp_path)
    (root / "members" / "ball-hill-organisers.yaml").write_text(
        (FIXTURES / "members" / "ball-hill-organisers.yaml").read_text().replace(
            "https://ballhill.example.org/events.ics", closed_port))
    (root / "members" / "together-against-loneliness-network.yaml").write_text(
        (FIXTURES / "members" / "together-against-loneliness-network.yaml").read_text()
        + f"events_feed: {server}/good.ics\n")
    for name in ("tasks.py", "pelicanconf.py"):
        shutil.copy(ROOT / name, root / name)
    (root / "plugins").symlink_to(ROOT / "plugins")
    for name in ("theme",):  # copies: a linked folder the build publishes from is refused
        shutil.copytree(ROOT / name, root / name)
    shutil.copytree(CONTENT, root / "content")  # the example content links to the example members
    result = subprocess.run([sys.executable, "-m", "invoke", "fetch", "--timeout", "2"], cwd=root,
                            capture_output=True, text=True, env={"PATH": "/usr/bin:/bin", "HUB_FETCH_LOCAL": "1"})
    assert result.returncode == 0, result.stderr
    assert result.stderr.startswith("warning: Ball Hill Community Organisers (ball-hill-organisers): events feed "
                                    f"{closed_port} could not be fetched: cannot connect")
    assert ("Together Against Loneliness Network (together-against-loneliness-network): updated, 4 event(s)"
            in result.stdout)
    assert (root / "data" / "feed-cache" / "together-against-loneliness-network.ics").is_file()
    offline = subprocess.run([sys.executable, "-m", "invoke", "fetch"], cwd=root, capture_output=True, text=True,
                             env={"PATH": "/usr/bin:/bin", "HUB_FETCH_LOCAL": "1", "HUB_OFFLINE": "1"})
    assert offline.returncode == 0 and "no feed is fetched" in offline.stdout and offline.stderr == ""


def test_a_series_starting_decades_ago_is_left_out_with_a_note():
    text = (FEEDS / "good.ics").read_bytes().decode().replace("DTSTART;TZID=Europe/London:20261202T190000\r\n"
                                                    "DTEND;TZID=Europe/London:20261202T203000",
                                                    "DTSTART;TZID=Europe/London:19001205T190000\r\n"
                                                    "DTEND;TZID=Europe/London:19001205T203000")
    calendar = parse_calendar(text)
    events, notes = events_from_calendar(calendar, member("ball-hill-organisers", "https://x.example.org", "Ball Hill"),
                                         SETTINGS, VOCABULARY)
    assert "team-meeting@ballhill.example.org" not in {e.uid for e in events}
    assert notes == ["Ball Hill (ball-hill-organisers): 'Open team meeting' repeats from 1900, more than 10 years "
                     "ago; it is left out (ask for a series that starts later)"]
