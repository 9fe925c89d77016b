"""Every kind of page on a 320 px phone: no table header or heading breaks a word in two, every tap
target is at least 24 px (WCAG 2.2 target size), and nothing scrolls sideways even with every folded
section (filters, coordinators' matches) opened."""
from __future__ import annotations

import pytest

SMALL = {"width": 320, "height": 640}

# For each <th>, <h1>-<h3> and <dt>: the words whose letters sit on more than one line.
BROKEN_WORDS = """() => {
  const broken = [];
  for (const element of document.querySelectorAll("th, h1, h2, h3, dt")) {
    if (!element.getClientRects().length) continue;
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const match of node.textContent.matchAll(/[^\\s\\u00ad-]+/g)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const tops = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
        if (tops.size > 1) broken.push(`${element.tagName.toLowerCase()}: ${match[0]}`);
      }
    }
  }
  return broken;
}"""

# Controls that stand on their own (buttons, fields, the summaries that fold sections): at least 24 px
# each way, whatever their spacing.
SMALL_CONTROLS = """() => [...document.querySelectorAll("button, input:not([type=hidden]), select, summary")]
  .filter((e) => e.getClientRects().length)
  .map((e) => [e, e.getBoundingClientRect()])
  .filter(([, r]) => r.height < 24 || r.width < 24)
  .map(([e, r]) => `${e.outerHTML.slice(0, 80)} is ${Math.round(r.width)}x${Math.round(r.height)}`)"""


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=SMALL)
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


def open_everything(page):
    page.evaluate("document.querySelectorAll('details').forEach((d) => { d.open = true; })")


def test_no_table_header_or_heading_breaks_a_word_at_320px(phone, base_url, shapes):
    found = {}
    for label, path in shapes.items():
        phone.goto(base_url + path)
        open_everything(phone)
        broken = phone.evaluate(BROKEN_WORDS)
        if broken:
            found[f"{label} (/{path})"] = broken
    assert not found, f"words broken across lines at 320px: {found}"


def test_the_categories_table_keeps_its_headers_whole(phone, base_url):
    """The issue: 'Offers' and 'Needs' wrapped mid-word on /categories/ at 320 px."""
    phone.goto(base_url + "categories/")
    assert phone.evaluate(BROKEN_WORDS) == []
    heights = phone.eval_on_selector_all("thead th", "cells => cells.map((c) => c.getBoundingClientRect().height)")
    assert max(heights) - min(heights) < 1  # one line each
    fits = phone.evaluate("(() => { const box = document.querySelector('.table-scroll'); "
                          "return box.scrollWidth <= box.clientWidth; })()")
    assert fits, "the categories table fits a 320px screen without scrolling"


def test_tap_targets_are_at_least_24px_at_320px(phone, base_url, shapes, axe_source):
    found = {}
    for label, path in shapes.items():
        phone.goto(base_url + path)
        open_everything(phone)
        small = phone.evaluate(SMALL_CONTROLS)
        phone.add_script_tag(content=axe_source)
        result = phone.evaluate("axe.run(document, {runOnly: {type: 'rule', values: ['target-size']}})")
        small += [" ".join(node["target"]) + ": " + node["failureSummary"].splitlines()[-1].strip()
                  for violation in result["violations"] for node in violation["nodes"]]
        checked = sum(len(rule["nodes"]) for rule in result["passes"])
        assert checked, f"axe checked no tap target on {path}"
        if small:
            found[f"{label} (/{path})"] = small
    assert not found, f"tap targets under 24px at 320px: {found}"


def test_nothing_scrolls_sideways_at_320px_with_every_section_open(phone, base_url, shapes):
    wide = {}
    for label, path in [*shapes.items(), ("search results", "search/?q=lunch")]:
        phone.goto(base_url + path)
        if "?q=" in path:
            phone.wait_for_selector("#search-results li")
        open_everything(phone)
        width = phone.evaluate("document.documentElement.scrollWidth")
        if width > SMALL["width"]:
            wide[f"{label} (/{path})"] = width
    assert not wide, f"pages wider than a 320px screen: {wide}"


def test_contact_details_are_one_tap_from_the_top_of_a_member_page(phone, base_url):
    phone.goto(base_url + "members/whitley-community-minibus/")
    contact = phone.get_by_role("link", name="Contact", exact=True)
    contact.scroll_into_view_if_needed()
    assert phone.evaluate("window.scrollY") == 0  # the button is on the first screen
    contact.click()
    phone_number = phone.locator('#contact ~ ul a[href^="tel:"]')
    assert phone_number.is_visible() and phone_number.evaluate(
        "a => { const r = a.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; }")
    details = phone.locator("#for-coordinators")
    assert details.evaluate("d => d.open") is False  # folded on a phone
