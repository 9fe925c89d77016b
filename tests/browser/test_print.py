"""A member page and the events list print cleanly: no navigation, search or footer chrome, black
text, web addresses spelled out after links, nothing cut off at A4 width, a short PDF."""
from __future__ import annotations

import math
import re

import pytest

# A4 with 15 mm margins, in CSS pixels (96 dpi): the area the page is laid out in when printed.
A4_WIDTH, A4_HEIGHT = 680, 1009
MARGINS = {"top": "15mm", "bottom": "15mm", "left": "15mm", "right": "15mm"}
CHROME = [".skip-link", ".site-header nav", ".site-search", ".breadcrumbs", ".site-footer", ".search-form"]


def printed(page, base_url, path):
    page.set_viewport_size({"width": A4_WIDTH, "height": A4_HEIGHT})
    page.goto(base_url + path)
    page.emulate_media(media="print")
    return page


def hidden_chrome(page) -> list[str]:
    return page.evaluate("""selectors => selectors.flatMap(s => [...document.querySelectorAll(s)]
        .filter(e => getComputedStyle(e).display !== 'none').map(() => s))""", CHROME)


def pdf_pages(page) -> tuple[int, int]:
    """(pages in the A4 PDF, pages the content needs): no blank or runaway pages."""
    pdf = page.pdf(format="A4", margin=MARGINS)
    assert pdf.startswith(b"%PDF")
    needed = math.ceil(page.evaluate("document.documentElement.scrollHeight") / A4_HEIGHT)
    return len(re.findall(rb"/Type\s*/Page(?!s)", pdf)), needed


@pytest.mark.parametrize("path", ["members/ball-hill-organisers/", "members/whitley-community-minibus/"])
def test_a_member_page_prints_cleanly(page, base_url, path):
    printed(page, base_url, path)
    assert hidden_chrome(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= A4_WIDTH
    assert page.evaluate("getComputedStyle(document.body).color") == "rgb(0, 0, 0)"
    assert page.evaluate("getComputedStyle(document.querySelector('.site-name')).color") == "rgb(0, 0, 0)"
    website = page.locator(".member .facts a[href^='http']").first
    after = website.evaluate("a => getComputedStyle(a, '::after').content")
    assert website.get_attribute("href") in after, after
    pages, needed = pdf_pages(page)
    assert 1 <= pages <= needed + 1, (pages, needed)


def test_the_events_list_prints_cleanly(page, base_url, shapes):
    assert "event list" in shapes, "the example hub has events"
    printed(page, base_url, shapes["event list"])
    assert hidden_chrome(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= A4_WIDTH
    assert page.evaluate("getComputedStyle(document.body).color") == "rgb(0, 0, 0)"
    pages, needed = pdf_pages(page)
    assert 1 <= pages <= needed + 1, (pages, needed)
