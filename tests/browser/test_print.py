"""A member page and the events list print cleanly: no navigation, search or footer chrome, black
text, web addresses spelled out after links, nothing cut off at A4 width, a short PDF."""
from __future__ import annotations

import re

import pytest

A4_WIDTH = 794  # CSS pixels at 96 dpi
CHROME = [".skip-link", ".site-header nav", ".site-search", ".breadcrumbs", ".site-footer", ".search-form"]


def printed(page, base_url, path):
    page.set_viewport_size({"width": A4_WIDTH, "height": 1123})
    page.goto(base_url + path)
    page.emulate_media(media="print")
    return page


def hidden_chrome(page) -> list[str]:
    return page.evaluate("""selectors => selectors.flatMap(s => [...document.querySelectorAll(s)]
        .filter(e => getComputedStyle(e).display !== 'none').map(() => s))""", CHROME)


def pdf_pages(page) -> int:
    pdf = page.pdf(format="A4", margin={"top": "15mm", "bottom": "15mm", "left": "15mm", "right": "15mm"})
    assert pdf.startswith(b"%PDF")
    return len(re.findall(rb"/Type\s*/Page(?!s)", pdf))


@pytest.mark.parametrize("path, max_pages", [("members/ball-hill-organisers/", 4), ("members/whitley-community-minibus/", 3)])
def test_a_member_page_prints_cleanly(page, base_url, path, max_pages):
    printed(page, base_url, path)
    assert hidden_chrome(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= A4_WIDTH
    assert page.evaluate("getComputedStyle(document.body).color") == "rgb(0, 0, 0)"
    assert page.evaluate("getComputedStyle(document.querySelector('.site-name')).color") == "rgb(0, 0, 0)"
    website = page.locator(".member .facts a[href^='http']").first
    after = website.evaluate("a => getComputedStyle(a, '::after').content")
    assert website.get_attribute("href") in after, after
    assert 1 <= pdf_pages(page) <= max_pages


def test_the_events_list_prints_cleanly(page, base_url, shapes):
    if "event list" not in shapes:
        return  # no events list built (yet): the member pages above are still checked
    printed(page, base_url, shapes["event list"])
    assert hidden_chrome(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= A4_WIDTH
    assert page.evaluate("getComputedStyle(document.body).color") == "rgb(0, 0, 0)"
    assert 1 <= pdf_pages(page) <= 30
