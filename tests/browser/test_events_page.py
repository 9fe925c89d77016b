"""What's on in chromium, as read on a phone on a given day (the site is built on 2026-11-21): the
subscribe line and the week's first day on the first screen, "Today" and "Tomorrow" named by the
reader's clock, dates that ended since the build hidden, and filters that work without JavaScript."""
from __future__ import annotations

from playwright.sync_api import expect

PHONE = {"width": 390, "height": 844}


def read_on(browser, base_url, moment: str | None, path: str = "events/", **options):
    context = browser.new_context(viewport=PHONE, **options)
    page = context.new_page()
    if moment:
        page.clock.set_fixed_time(moment)
    page.goto(base_url + path)
    return context, page


def day_headings(page) -> list[str]:
    return [h.strip() for h in page.locator(".event-day:not([hidden]) h3").all_inner_texts()]


def test_the_first_screen_of_a_phone_offers_subscribing_filters_and_this_week(browser, base_url):
    context, page = read_on(browser, base_url, "2026-11-21T12:00:00Z")
    try:
        expect(page.locator(".subscribe-short a", has_text="Google Calendar")).to_be_in_viewport()
        expect(page.locator(".event-filters > summary")).to_be_in_viewport()
        expect(page.locator("#this-week")).to_be_in_viewport()
        assert day_headings(page)[0] == "Monday 23 November 2026"  # Saturday the 21st: nothing is today
    finally:
        context.close()


def test_today_and_tomorrow_are_named_on_the_day_the_page_is_read(browser, base_url):
    context, page = read_on(browser, base_url, "2026-11-23T12:00:00Z")  # Monday, noon: the warm space is on
    try:
        assert day_headings(page)[:2] == ["Today, Monday 23 November 2026", "Wednesday 25 November 2026"]
    finally:
        context.close()
    context, page = read_on(browser, base_url, "2026-11-24T12:00:00Z")  # a day later, before the next build
    try:
        assert day_headings(page)[:2] == ["Tomorrow, Wednesday 25 November 2026", "Thursday 26 November 2026"]
        warm_space = page.locator(".regular-item", has_text="Warm space")
        dates = [d.strip() for d in warm_space.locator(".next-dates li:not([hidden])").all_inner_texts()]
        assert dates[0] == "Thu 26 Nov"  # Monday's date has ended
    finally:
        context.close()


def test_a_page_read_after_its_week_says_so_instead_of_listing_past_dates(browser, base_url):
    context, page = read_on(browser, base_url, "2026-12-01T12:00:00Z")
    try:
        assert day_headings(page) == []
        ended = page.locator(".event-item[data-end][hidden]")
        displays = ended.evaluate_all("items => items.map((item) => getComputedStyle(item).display)")
        assert len(displays) >= 3 and set(displays) == {"none"}  # hidden on their own, whatever their group
        expect(page.locator(".week-over")).to_be_visible()
        expect(page.locator(".week-over")).to_have_text(
            "Nothing more this week: see the regular events and what comes later below.")
    finally:
        context.close()


def test_filters_are_links_that_work_without_javascript(browser, base_url):
    context, page = read_on(browser, base_url, None, java_script_enabled=False)
    try:
        page.locator(".event-filters > summary").click()
        page.locator(".event-filters a", has_text="Hearing loop").click()
        expect(page.locator("h1")).to_have_text("Events with access: Hearing loop")
        titles = page.locator(".event-item h4, .regular-item h3").all_inner_texts()
        assert titles and not [t for t in titles if "Warm space" in t]
        page.locator(".event-filters a", has_text="Online").first.click()
        expect(page.locator("h1")).to_have_text("Online events")
    finally:
        context.close()
