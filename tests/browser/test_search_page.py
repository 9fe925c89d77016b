"""The search page in a real browser: typed queries find members (and events once they exist),
filters narrow the results, Pagefind loads only when someone searches, keyboard-only use works,
and without JavaScript the header's search box still leads somewhere useful."""
from __future__ import annotations

import re

from playwright.sync_api import expect

from tools.sitecheck import AXE_TAGS  # noqa: F401 - same tool belt as the accessibility checks

SITENAME = "Coalition Hub"


def search(page, base_url, query: str, params: str = ""):
    page.goto(base_url + "search/" + params)
    page.fill("#search-q", query)
    page.press("#search-q", "Enter")
    expect(page.locator("#search-status")).to_contain_text("result")
    return page.locator("#search-results > li")


def result_titles(page) -> list[str]:
    return [t.strip() for t in page.locator("#search-results h3").all_inner_texts()]


def test_a_typed_query_finds_the_member_with_its_own_title_type_and_excerpt(page, base_url):
    results = search(page, base_url, "minibus")
    expect(results.first).to_be_visible()
    assert result_titles(page)[0] == "Whitley & District Community Minibus"
    first = results.first
    assert first.locator(".meta").inner_text().startswith("Member")
    assert first.locator("mark").first.inner_text().lower().startswith("minibus")
    first.locator("a").click()
    expect(page.locator("h1")).to_have_text("Whitley & District Community Minibus")


def test_no_result_is_titled_with_the_site_name(page, base_url):
    search(page, base_url, "coalition")
    titles = result_titles(page)
    assert len(titles) >= 5
    assert not [t for t in titles if SITENAME in t], titles


def test_a_typed_query_finds_an_event(page, base_url, shapes, site):
    assert "event" in shapes, "the example hub has events"
    html = (site / shapes["event"] / "index.html").read_text(encoding="utf-8")
    title = re.search(r'<meta name="hub-search" content="([^"]+)" data-pagefind-meta="title\[content\]">', html)
    assert title, "event pages must give Pagefind their own title"
    import html as html_lib

    name = html_lib.unescape(title.group(1))
    search(page, base_url, name)
    assert name in result_titles(page)[:5]
    index = result_titles(page).index(name)
    assert page.locator("#search-results > li").nth(index).locator(".meta").inner_text().startswith("Event")


def test_type_and_category_filters_narrow_the_results(page, base_url):
    search(page, base_url, "community")
    everything = page.locator("#search-results > li .meta").all_inner_texts()
    page.check("input[name=type][value=Learning]")
    expect(page.locator("#search-status")).to_contain_text("filtered by Learning")
    kinds = page.locator("#search-results > li .meta").all_inner_texts()
    assert kinds and all(k.startswith("Learning") for k in kinds) and len(kinds) < len(everything)
    page.uncheck("input[name=type][value=Learning]")
    page.select_option("#filter-offer", "Transport")
    expect(page.locator("#search-status")).to_contain_text("filtered by Transport")
    assert "Whitley & District Community Minibus" in result_titles(page)
    assert "type" not in page.url and "offer=Transport" in page.url  # shareable address


def test_filters_alone_list_matching_members(page, base_url):
    page.goto(base_url + "search/?need=Venues+and+space&area=Coventry")
    expect(page.locator("#search-status")).to_contain_text("filtered by Venues and space, Coventry")
    assert "Ball Hill Community Organisers" in result_titles(page)
    assert page.locator("#filter-need").input_value() == "Venues and space"


def test_pagefind_loads_only_when_someone_searches(page, base_url):
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(base_url + "search/")
    page.wait_for_load_state("networkidle")
    assert not [url for url in requests if "/pagefind/" in url]
    page.fill("#search-q", "lunch")
    expect(page.locator("#search-status")).to_contain_text("result")
    assert [url for url in requests if url.endswith("/pagefind/pagefind.js")]


def test_keyboard_only_reaches_skip_link_search_box_and_filters(page, base_url):
    page.goto(base_url)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    for _ in range(20):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "site-search":
            break
    else:
        raise AssertionError("Tab never reached the header search box")
    page.keyboard.type("lunch club")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/search/\?q=lunch"))
    expect(page.locator("#search-status")).to_contain_text("result")
    assert page.locator("#search-q").input_value() == "lunch club"

    reached = []
    for _ in range(25):
        page.keyboard.press("Tab")
        reached.append(page.evaluate("(e => e.name || e.id)(document.activeElement)"))
        if page.evaluate("document.activeElement.value") == "Member":
            page.keyboard.press("Space")  # tick "Members" with the keyboard
    assert {"q", "type", "offer", "need", "area"} <= set(reached), reached
    expect(page.locator("#search-status")).to_contain_text("filtered by Member.")
    assert all(m.startswith("Member") for m in page.locator("#search-results > li .meta").all_inner_texts())


def test_without_javascript_the_header_search_leads_to_browse_links(browser, base_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(base_url + "members/")
        page.fill("#site-search", "lunch")
        page.press("#site-search", "Enter")
        page.wait_for_url(re.compile(r"/search/\?q=lunch"))
        expect(page.locator("#search-nojs")).to_be_visible()
        expect(page.locator(".search-browse a", has_text="Support by category")).to_be_visible()
        page.locator(".search-browse a", has_text="Support by category").click()
        expect(page.locator("h1")).to_have_text("Support by category")
    finally:
        context.close()


def test_home_journey_links_open_filtered_event_searches(page, base_url):
    page.goto(base_url)
    links = page.locator(".journey a", has_text="Online events")
    expect(links.first).to_be_visible()  # the example hub has online events: the journey is offered
    links.first.click()
    expect(page.locator("#search-status")).to_contain_text("filtered by Event, Online")
    metas = page.locator("#search-results > li .meta").all_inner_texts()
    assert metas and all(m.startswith("Event") and "Online" in m for m in metas), metas
    assert page.locator("input[name=type][value=Event]").is_checked()
    assert page.locator("#filter-area").input_value() == "Online"


def test_on_a_phone_the_filters_fold_away_unless_one_is_set(page, base_url):
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(base_url + "search/?q=walk")
    expect(page.locator("#search-results > li").first).to_be_in_viewport()
    assert page.locator("#search-filters").evaluate("d => d.open") is False
    page.locator("#search-filters > summary").focus()
    page.keyboard.press("Enter")  # the keyboard opens them
    expect(page.locator("#filter-area")).to_be_visible()
    page.goto(base_url + "search/?area=Coventry")
    assert page.locator("#search-filters").evaluate("d => d.open") is True


def done(page, query: str):
    """Wait until the results on the page are those of `query` (search.js marks the status line)."""
    page.wait_for_function("q => document.getElementById('search-status').dataset.done === q", arg=query)


def test_everyday_words_find_the_member_that_offers_it_before_those_that_need_it(page, base_url):
    """The issue: 'lifts to hospital' found nothing; a member offers a minibus with drivers."""
    page.goto(base_url + "search/?q=lifts+to+hospital")
    done(page, "lifts to hospital")
    titles = result_titles(page)
    assert titles[0] == "Whitley & District Community Minibus", titles
    # Members that need lifts (Roots in Nature, the Tile Hill lunch club) come after the one offering them.
    assert titles.index("Roots in Nature") > 0 and titles.index("Tile Hill Friday Lunch Club") > 0
    # The excerpt is the member's own summary, not the list of words it was found by.
    first = page.locator("#search-results > li").first.locator("p").last.inner_text()
    assert first == "Two accessible minibuses with trained volunteer drivers, taking older and disabled people to " \
                    "groups, shops and days out."


def test_when_all_the_words_find_too_little_fewer_words_are_searched_and_it_says_so(page, base_url):
    page.goto(base_url + "search/?q=minibus+allotment")
    done(page, "minibus allotment")
    expect(page.locator("#search-status")).to_have_text(
        re.compile(r"^1 result has all of “minibus allotment”; after them, results for “minibus” or “allotment”\. "
                   r"\d+ results\.$"))
    titles = result_titles(page)
    assert titles[0] == "Roots in Nature" and "Whitley & District Community Minibus" in titles[:3]


def test_no_page_with_all_the_words_says_which_words_it_shows(page, base_url):
    page.goto(base_url + "search/?q=woodwork+glasgow")
    done(page, "woodwork glasgow")
    expect(page.locator("#search-status")).to_have_text(re.compile(
        r"^No results for all of “woodwork glasgow”; showing results for “woodwork” or “glasgow”\. \d+ results\.$"))
    assert {"Earlsdon Men's Shed", "Govan Blether Café"} <= set(result_titles(page))


def test_a_misspelt_word_is_corrected_and_the_status_says_what_was_typed(page, base_url):
    page.goto(base_url + "search/?q=befreinding+for+my+dad")
    done(page, "befreinding for my dad")
    expect(page.locator("#search-status")).to_have_text(re.compile(
        r"^Showing results for “befriending” \(you typed “befreinding”\)\. \d+ results for “befriending for my dad”\.$"))
    assert result_titles(page)[:2] == ["Good Neighbours Befriending Coventry", "Kindness Calls"]
    assert page.locator("#search-q").input_value() == "befreinding for my dad"  # what was typed stays


def test_a_postcode_district_finds_members_and_events_in_it(page, base_url):
    page.goto(base_url + "search/?q=CV4")
    done(page, "CV4")
    titles = result_titles(page)
    assert "Tile Hill Friday Lunch Club" in titles[:5]  # Tile Hill and Canley are in CV4 (places.yaml)
    assert "Tile Hill Friday Lunch Club Christmas lunch" in titles  # the event's own postcode, CV4 9PL
