"""axe-core in Debian's chromium: no WCAG 2.2 A/AA violation on any kind of page, at desktop and
phone widths, and nothing scrolls sideways on a 320px screen (WCAG 1.4.10 reflow)."""
from __future__ import annotations

import pytest

from tools.sitecheck import AXE_TAGS

REQUIRED = ["home", "directory", "member", "categories", "category", "areas", "area", "search",
            "post", "report", "series", "news", "join", "404"]


def axe_violations(page, axe_source) -> list[str]:
    page.add_script_tag(content=axe_source)
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        AXE_TAGS)
    return [f"{v['id']} ({v['impact']}): {v['help']} at " + ", ".join(" ".join(n["target"]) for n in v["nodes"][:5])
            for v in result["violations"]]


def test_every_required_page_type_is_built(shapes):
    missing = [label for label in REQUIRED if label not in shapes]
    assert not missing, f"no built page for {missing}; found {sorted(shapes)}"


@pytest.mark.parametrize("width", [1280, 375])
def test_no_wcag_violation_on_any_page_type(page, base_url, shapes, axe_source, width):
    page.set_viewport_size({"width": width, "height": 900})
    problems = {}
    for label, path in shapes.items():
        page.goto(base_url + path)
        found = axe_violations(page, axe_source)
        if found:
            problems[f"{label} (/{path})"] = found
    assert not problems, "\n".join(f"{page}:\n  " + "\n  ".join(v) for page, v in problems.items())


def test_search_results_have_no_wcag_violation(page, base_url, axe_source):
    page.goto(base_url + "search/?q=lunch&type=Member")
    page.wait_for_selector("#search-results li")
    assert axe_violations(page, axe_source) == []


def test_pages_reflow_on_a_320px_screen(page, base_url, shapes):
    page.set_viewport_size({"width": 320, "height": 640})
    wide = {}
    for label, path in shapes.items():
        page.goto(base_url + path)
        scroll = page.evaluate("document.documentElement.scrollWidth")
        if scroll > 320:
            wide[f"{label} (/{path})"] = scroll
    assert not wide, f"pages wider than a 320px screen: {wide}"


def test_the_404_page_is_served_with_status_404(page, base_url):
    response = page.goto(base_url + "no-such-page/")
    assert response.status == 404
    assert page.locator("h1").inner_text() == "Page not found"
    page.locator("a", has_text="All members, A to Z").click()
    assert page.locator("h1").inner_text() == "Members"
