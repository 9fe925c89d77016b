"""The parts of long lists (core.pages) in chromium, on the 2,000-member synthetic hub
(conftest.large_site): a letter of the A to Z, page 2 of What's on, a category's offers, matching by
category, gaps, mutual pairs, a member's matches, offers and needs, a series' dates, and the member
and the event as heavy as they can be. The example hub has few of them, so the checks every kind of
page gets there (WCAG 2.2 AA, the 100 KB budget, a 320 px phone) are made here too; and the page
navigation works without JavaScript."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from conftest import DAILY_EVENT, LOUD_MEMBER
from tools import sitecheck

from .test_accessibility import axe_violations
from .test_budget import BUDGET, COUNTED, load
from .test_phone_layout import BROKEN_WORDS, SMALL, SMALL_CONTROLS, open_everything


@pytest.fixture(scope="module")
def long_lists(large_site):
    """(base URL, {label: path}) of the large hub: one page of each part of a long list."""
    output = large_site[1]
    shapes = {label: path for label, path in sitecheck.page_shapes(output).items() if label in sitecheck.LONG_LIST_PARTS}
    shapes.update({"member at the limits": f"members/{LOUD_MEMBER}/", "daily series": f"events/{DAILY_EVENT}/"})
    with sitecheck.serve(output) as url:
        yield url, shapes


def test_every_part_of_a_long_list_is_built(long_lists):
    _, shapes = long_lists
    missing = [label for label in sitecheck.LONG_LIST_PARTS if label not in shapes]
    assert not missing, f"no built page for {missing}; found {sorted(shapes)}"


@pytest.mark.parametrize("width", [1280, 375])
def test_no_wcag_violation_on_any_part_of_a_long_list(page, long_lists, axe_source, width):
    base_url, shapes = long_lists
    page.set_viewport_size({"width": width, "height": 900})
    problems = {}
    for label, path in shapes.items():
        page.goto(base_url + path)
        found = axe_violations(page, axe_source)
        if found:
            problems[f"{label} (/{path})"] = found
    assert not problems, "\n".join(f"{where}:\n  " + "\n  ".join(v) for where, v in problems.items())


def test_every_part_of_a_long_list_is_within_budget(browser, long_lists):
    base_url, shapes = long_lists
    heavy = {}
    for label, path in shapes.items():
        context = browser.new_context()
        total = sum(size for _, kind, size in load(context.new_page(), base_url + path) if kind in COUNTED)
        context.close()
        if total > BUDGET:
            heavy[f"{label} (/{path})"] = total
    assert not heavy, f"pages over {BUDGET} bytes of HTML, CSS and script: {heavy}"


def test_long_lists_fit_a_320px_phone_with_whole_words_and_big_enough_targets(browser, long_lists, axe_source):
    base_url, shapes = long_lists
    context = browser.new_context(viewport=SMALL)
    phone = context.new_page()
    problems = {}
    for label, path in shapes.items():
        phone.goto(base_url + path)
        open_everything(phone)
        found = [f"word broken: {word}" for word in phone.evaluate(BROKEN_WORDS)]
        found += [f"small control: {control}" for control in phone.evaluate(SMALL_CONTROLS)]
        phone.add_script_tag(content=axe_source)
        result = phone.evaluate("axe.run(document, {runOnly: {type: 'rule', values: ['target-size']}})")
        found += [f"small target: {' '.join(node['target'])}" for v in result["violations"] for node in v["nodes"]]
        if phone.evaluate("document.documentElement.scrollWidth") > SMALL["width"]:
            found.append("scrolls sideways")
        if found:
            problems[f"{label} (/{path})"] = found
    context.close()
    assert not problems, problems


def test_page_navigation_and_the_jump_list_work_without_javascript(browser, long_lists):
    base_url, _ = long_lists
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(base_url + "events/")
        first = page.title()
        assert first.startswith("What's on, page 1 of ")
        pages = page.get_by_role("navigation", name="Pages")
        expect(pages.locator('[aria-current="page"]')).to_have_text("Page 1")
        pages.get_by_role("link", name="Next page").click()
        expect(page).to_have_title(first.replace("page 1 of", "page 2 of"))
        expect(page.get_by_role("navigation", name="Pages").locator('[aria-current="page"]')).to_have_text("Page 2")
        page.get_by_role("navigation", name="Pages").get_by_role("link", name="Previous page").click()
        assert page.url == base_url + "events/"
        jump = page.get_by_role("navigation", name="Jump to").get_by_role("link").last
        month = jump.inner_text()
        jump.click()
        anchor = page.url.split("#", 1)[1]
        expect(page.locator(f"#{anchor}")).to_have_text(month)
        page.goto(base_url + "members/")
        letters = page.get_by_role("navigation", name="Members by letter")
        letters.get_by_role("link", name=re.compile(r"^2000 members under M$")).click()
        expect(page.locator("h1")).to_have_text("Members: M")
        expect(page.get_by_role("navigation", name="Members by letter").locator('[aria-current="page"]')).to_have_text(
            re.compile(r"M$"))
    finally:
        context.close()
