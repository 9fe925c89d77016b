"""The example hub's events as a visitor sees them (built on the pinned day, 2026-11-21), and what no
visitor must ever see: script from an event file, or a half-built site after a mistake."""
import datetime as dt
import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

from events_support import FIXTURES, NOW, build, tree

from conftest import ROOT, hub_settings, load_hub, run_pelican
from hub.events.agenda import build_agenda, files
from hub.events.feeds import imported_slug


class Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts = []

    def handle_starttag(self, tag, attrs):
        if tag in ("p", "li", "h1", "h2", "h3", "dt", "dd", "br", "div"):
            self.parts.append("\n")

    def handle_data(self, data):
        self.parts.append(data)


def text(site: Path, path: str) -> str:
    parser = Text()
    parser.feed((site / path).read_text(encoding="utf-8"))
    return re.sub(r"[ \t]+", " ", re.sub(r"\s*\n\s*", "\n", "".join(parser.parts)))


def html(site: Path, path: str) -> str:
    return (site / path).read_text(encoding="utf-8")


def test_the_example_hub_has_realistic_events():
    hub, problems = load_hub(ROOT)
    events = hub.events
    assert problems == [] and len(events) >= 15
    assert all(e.organiser in hub.by_slug for e in events)
    monthly = [e for e in events if e.repeat and e.repeat.rule.freq == "MONTHLY"
               and any(c.status == "cancelled" for c in e.repeat.changes)]
    assert monthly, "a monthly series with one cancelled date"
    assert any(e.online and not e.location for e in events), "an online event"
    assert any(e.all_day for e in events), "an all-day event"
    assert any(e.timezone != "Europe/London" for e in events), "an event in another time zone"
    assert any(e.end < dt.datetime(2026, 11, 21) for e in events if not e.all_day), "a past event for the archive"


def test_upcoming_page_is_the_week_by_day_then_each_series_once_then_later_by_month(events_site):
    page = text(events_site, "events/index.html")
    assert "\nWhat's on\n" in page
    week, rest = page.split("\nThis week\n", 1)[1].split("\nRegular events\n", 1)
    regular, later = rest.split("\nLater\n", 1)
    assert re.findall(r"(?:^|\n)(\w+day \d+ November 2026)\n", week) == [
        "Monday 23 November 2026", "Wednesday 25 November 2026", "Thursday 26 November 2026"]
    assert "Warm space\n10am to 3pm (GMT)\n" in week  # under its day: the time alone
    # Each series once, in words, with its next dates; not a row per date (the issue: 33 rows).
    assert regular.count("Warm space") == 1 and "Every Monday and Thursday, 10am to 3pm" in regular
    assert "Every Wednesday, 10am to 12 noon" in regular
    assert "The last Monday of every month, 6pm to 7:30pm" in regular
    assert "Every Tuesday (5 sessions), 6:30pm to 8:30pm" in regular
    assert "Thu 11 Feb (cancelled)" in regular  # the informal get-together's cancelled date
    assert page.count("Warm space") <= 3
    months = re.findall(r"(?:^|\n)((?:January|February|March|April|May|June|July|August|September|October|"
                        r"November|December) 20\d\d)\n", later)
    assert months == ["December 2026", "January 2027", "February 2027", "March 2027", "April 2027", "June 2027"]
    assert "Earlsdon Men's Shed open day Cancelled\nSaturday 5 December 2026, 10am to 3pm (GMT)" in later
    assert "Autumn listening walk" not in page  # past: in the archive


def test_every_date_of_events_json_is_on_the_upcoming_page_or_with_its_series(events_site):
    document = json.loads(html(events_site, "events.json"))
    source = html(events_site, "events/index.html")
    dated = re.findall(r'<li class="event-item[^"]*"[^>]*>.*?<a href="\.\./([^"]+)"', source)
    urls = [o["url"].lstrip("/") for o in document["occurrences"]]
    assert dated == [url for url in urls if url in dated]  # in the same order
    series = set(re.findall(r'<li class="regular-item[^"]*"><h3><a href="\.\./(events/[^/"]+/)"', source))
    missing = [url for url in urls if url not in dated and url.split("#")[0] not in series]
    assert not missing
    assert len(source.encode()) < 40_000  # scannable: a year of a weekly series is one entry


def test_the_subscribe_line_comes_before_the_listing(events_site):
    source = html(events_site, "events/index.html")
    assert source.index('class="subscribe-short"') < source.index('id="this-week"')
    assert source.index('class="event-filters"') < source.index('id="this-week"')


def test_filters_are_pages_of_their_own_and_link_each_other(events_site):
    source = html(events_site, "events/index.html")
    for path in ("events/free/", "events/online/", "events/in-person/", "events/areas/coventry/",
                 "events/access/step-free/", "events/access/hearing-loop/", "events/access/bsl/",
                 "events/categories/food/"):
        assert f'href="../{path}"' in source, path
        assert (events_site / path / "index.html").is_file(), path
    bsl = text(events_site, "events/access/bsl/index.html")
    assert "\nEvents with access: British Sign Language interpreter\n" in bsl
    assert "Access Together monthly meeting" in bsl and "What we found: air quality research findings evening" in bsl
    assert "Warm space" not in bsl  # the warm space says nothing about BSL
    online = text(events_site, "events/online/index.html")
    assert "\nOnline events\n" in online and "Digital drop-in" not in online
    free = text(events_site, "events/free/index.html")
    assert "Team of Life practitioner training" not in free  # £60, free only for members
    assert "Coventry volunteering fair" in free
    bristol = text(events_site, "events/areas/bristol/index.html")
    assert "Public Living Room in Castle Park" in bristol and "Warm space" not in bristol
    assert 'aria-current="page">Free</a>' in html(events_site, "events/free/index.html")


def test_subscribe_links_offer_webcal_next_to_https(events_site):
    page = html(events_site, "events/index.html")
    assert 'href="webcal://hub.coalition.example.org/events.ics"' in page
    assert 'href="https://hub.coalition.example.org/events.ics"' in page
    assert 'cid=webcal%3A//hub.coalition.example.org/events.ics' in page  # Google Calendar
    training = html(events_site, "events/categories/training/index.html")
    assert 'href="webcal://hub.coalition.example.org/events/categories/training.ics"' in training


def test_event_page_writes_out_the_date_in_the_events_time_zone(events_site):
    page = text(events_site, "events/transatlantic-neighbourhood-networks/index.html")
    assert "\nWednesday 20 January 2027, 12 noon to 1:30pm (EST)\n" in page
    assert "That is Wednesday 20 January 2027, 5pm to 6:30pm (GMT) in London." in page
    summer = text(events_site, "events/storytelling-evening/index.html")
    assert "Thursday 22 April 2027, 7pm to 9pm (BST)" in summer and "To be confirmed." in summer


def test_all_day_event_page(events_site):
    page = text(events_site, "events/month-of-community-open-doors/index.html")
    assert "\nSaturday 19 June 2027 to Sunday 20 June 2027 (all day)\n" in page


def test_series_page_lists_its_dates_with_cancelled_and_moved_ones(events_site):
    page = text(events_site, "events/informal-get-together/index.html")
    assert "Every month on the second Thursday, 12:30pm to 1:30pm, London time." in page
    assert ("Thursday 11 February 2027, 12:30pm to 1:30pm (GMT) Cancelled Our facilitators are at the national "
            "loneliness conference that day; see you in March.") in page
    assert "Thursday 15 April 2027, 12:30pm to 1:30pm (BST) Moved from Thursday 8 April 2027" in page
    assert "Thursday 10 June 2027, 12:30pm to 1:30pm (BST) — Informal get-together, Great Get Together special" in page
    assert "12 August 2027" not in page  # a date off is not listed at all
    assert "\nPast dates\n" in page and "Thursday 12 November 2026" in page


def test_event_page_has_a_plain_address_an_ics_download_and_a_search_body(events_site):
    source = html(events_site, "events/collaboration-station/index.html")
    assert re.search(r'<article class="event-page[^"]*" data-pagefind-body>', source)
    assert 'href="../../events/collaboration-station.ics" download>Add to calendar (.ics)</a>' in source
    assert (events_site / "events" / "collaboration-station.ics").is_file()
    page = text(events_site, "events/collaboration-station/index.html")
    assert "\nWhere\nCoventry Central Library, community room\nSmithford Way, Coventry\nCV1 1FY\n" in page
    assert "<iframe" not in source and "map" not in source.lower().replace("sitemap", "")
    assert "Step-free access" in page and "Hearing loop" in page


def test_cancelled_event_stays_visible_and_clearly_marked(events_site):
    source = html(events_site, "events/mens-shed-open-day/index.html")
    assert "<title>Cancelled: Earlsdon Men&#39;s Shed open day" in source
    assert "Cancelled.</strong> This event will not take place." in source


def test_past_events_are_in_the_archive_newest_first(events_site):
    page = text(events_site, "events/past/index.html")
    assert page.index("Informal get-together for organisations tackling loneliness") < page.index(
        "Autumn listening walk around Ball Hill") < page.index("report launch")
    assert "Saturday 17 October 2026, 10:30am to 12:30pm (BST)" in page
    assert "Collaboration Station" not in page


def test_member_page_lists_its_events_including_its_own_calendars(events_site):
    page = text(events_site, "members/ball-hill-organisers/index.html")
    section = page.split("\nUpcoming events\n", 1)[1]
    assert "Workshop 1: What community organising is" in section
    assert "Love Ball Hill litter pick" in section
    assert "Ball Hill open team meeting" in section  # from the member's own events_feed
    assert "webcal://hub.coalition.example.org/events/organisers/ball-hill-organisers.ics" in html(
        events_site, "members/ball-hill-organisers/index.html")


def test_category_pages_show_their_events(events_site):
    training = text(events_site, "events/categories/training/index.html")
    assert "Workshop 1: What community organising is" in training and "Team of Life practitioner training" in training
    assert "Upcoming events" in text(events_site, "categories/training/index.html")
    assert "No upcoming events in this category" in text(events_site, "events/categories/housing/index.html")
    assert "What's on next" in text(events_site, "index.html")


def test_events_json_is_open_data_for_the_window(events_site):
    document = json.loads(html(events_site, "events.json"))
    assert document["window"] == {"from": "2026-11-21T12:00:00+00:00", "until": "2027-11-21T12:00:00+00:00"}
    occurrences = document["occurrences"]
    assert len(occurrences) >= 100
    members = {p.stem for p in (ROOT / "members").glob("*.yaml")}
    for item in occurrences:
        assert set(item) >= {"uid", "start", "end", "organiser", "url", "status", "recurrence_id", "all_day"}
        assert item["organiser"] in members and item["status"] in ("confirmed", "tentative", "cancelled")
        page = item["url"].split("#")[0].lstrip("/")
        assert (events_site / page / "index.html").is_file()
        if item["all_day"]:
            dt.date.fromisoformat(item["start"])
        else:
            start = dt.datetime.fromisoformat(item["start"])
            assert start.utcoffset() is not None  # ISO 8601 with offset
            assert dt.datetime(2026, 11, 21, 12, tzinfo=dt.UTC) < dt.datetime.fromisoformat(item["end"])
            assert start < dt.datetime(2027, 11, 21, 12, tzinfo=dt.UTC)
    by_key = {(o["slug"], o["start"]): o for o in occurrences}
    assert by_key[("informal-get-together", "2027-02-11T12:30:00+00:00")]["status"] == "cancelled"
    assert by_key[("informal-get-together", "2027-04-15T12:30:00+01:00")]["recurrence_id"] == "2027-04-08T12:30:00+01:00"
    assert by_key[("month-of-community-open-doors", "2027-06-19")]["end"] == "2027-06-21"
    imported = [o for o in occurrences if o["source"] == "member-feed"]
    assert {o["organiser"] for o in imported} == {"ball-hill-organisers", "gosford-neighbourhood-hub",
                                                  "together-against-loneliness-network"}


def test_the_build_is_the_same_every_time_for_the_same_day(events_site, tmp_path):
    again = tmp_path / "again"
    assert build(ROOT, again).returncode == 0
    for name in ("events.json", "events.ics", "events/informal-get-together.ics",
                 "events/informal-get-together/index.html", "events/index.html"):
        assert (again / name).read_bytes() == (events_site / name).read_bytes(), name


HOSTILE = """title: "<script>alert('title')</script> Party"
summary: "<img src=x onerror=alert('summary')>"
start: 2026-12-17 18:30
end: "20:00"
organiser: ball-hill-organisers
cost: "<b>free</b>"
location:
  name: "<iframe src=//evil.example>"
  address: "1 Road\\" onmouseover=\\"alert(1)"
accessibility:
  details: "<svg onload=alert('access')>"
description: |
  Hello <script>alert('description')</script>
  [click](javascript:alert('link')) <img src=x onerror=alert('img')>
repeat:
  rule: FREQ=MONTHLY;BYDAY=3TH;COUNT=3
  changes:
    - date: 2027-01-21
      status: cancelled
      note: "<script>alert('note')</script>"
"""


def test_nothing_from_an_event_file_can_run_as_script(tmp_path):
    root = tree(tmp_path, {"party": HOSTILE})
    result = build(root, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    for page in ("events/party/index.html", "events/index.html", "members/ball-hill-organisers/index.html"):
        source = (tmp_path / "out" / page).read_text()
        assert "<script>alert" not in source and "<img src=x" not in source and "<iframe src" not in source
        assert "<svg onload" not in source and "javascript:alert" not in source, page
        assert 'onmouseover="alert' not in source
    page = (tmp_path / "out" / "events" / "party" / "index.html").read_text()
    assert "&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt; Party" in page
    assert "&lt;script&gt;alert(&#39;note&#39;)&lt;/script&gt;" in page
    ics = (tmp_path / "out" / "events" / "party.ics").read_bytes().decode()
    assert "SUMMARY:<script>alert('title')</script> Party\r\n" in ics  # plain text there, escaped by apps


def test_an_imported_description_is_shown_as_text(tmp_path):
    root = tree(tmp_path)
    (root / "data" / "feed-cache").mkdir(parents=True)
    shutil.copy(FIXTURES / "feeds" / "good.ics", root / "data" / "feed-cache" / "ball-hill-organisers.ics")
    assert build(root, tmp_path / "out").returncode == 0
    slug = imported_slug("ball-hill-organisers", "team-meeting@ballhill.example.org")
    source = (tmp_path / "out" / "events" / slug / "index.html").read_text()
    assert "<h1>Open team meeting</h1>" in source
    assert "Newcomers welcome &lt;b&gt;really&lt;/b&gt;." in source and "<b>really" not in source


def test_an_invalid_tree_builds_nothing_and_reports_members_and_events_together(tmp_path):
    root = tree(tmp_path)
    (root / "members" / "broken.yaml").write_text("name: Broken\nareas: [Coventry]\n")
    shutil.copy(FIXTURES / "cases" / "end-before-start.yaml", root / "events" / "end-before-start.yaml")
    shutil.copy(FIXTURES / "valid" / "same-day-end-time.yaml", root / "events" / "fine.yaml")
    output = tmp_path / "out"
    result = run_pelican(root, output)
    assert result.returncode == 1
    assert result.stderr.splitlines()[-3:] == [
        "events/end-before-start.yaml:3: end: 2026-12-17 18:00 is not after 'start' (2026-12-17 18:30); for an "
        "event that ends after midnight write the full date and time",
        "members/broken.yaml:1: summary: is required: One plain-text sentence about what the member does",
        "2 problem(s) found; nothing was built."]
    assert "Traceback" not in result.stdout + result.stderr
    assert not list(output.rglob("*.html")) and not list(output.rglob("*.ics")) and not (output / "events.json").exists()


def test_thousands_of_events_are_expanded_and_serialised(tmp_path):
    """Correctness at scale; how long it takes is measured by `invoke bench`, not here."""
    count = 2000
    events = {f"event-{n}": f"""title: Event {n}
start: 2027-{1 + n % 10:02d}-{1 + n % 28:02d} 18:30
end: "20:00"
organiser: ball-hill-organisers
categories: [training]
location:
  name: Hall {n}
""" for n in range(count)}
    events.update({f"series-{n}": SERIES_TEXT.format(n=n) for n in range(count // 10)})
    root = tree(tmp_path, events)
    hub, problems = load_hub(root)
    agenda = build_agenda(hub, hub_settings(root, HUB_EVENTS_NOW=NOW))
    output = files(agenda)
    assert problems == [] and len(agenda.events) == count + count // 10
    assert len(agenda.catalogue.upcoming) == count + 12 * (count // 10)
    assert output["events.ics"].count("BEGIN:VEVENT") == count + count // 10


SERIES_TEXT = """title: Series {n}
start: 2026-12-10 12:30
end: "13:30"
organiser: together-against-loneliness-network
online: https://meet.example.org/{n}
repeat: FREQ=MONTHLY;BYDAY=2TH
"""
