"""docs/screenshots/*.png for the README, taken with Debian's chromium from a built site.
Run through `invoke screenshots` (which builds first)."""
from __future__ import annotations

import sys
from pathlib import Path

from . import sitecheck

SHOTS = [
    # (file, path, query to type or None, viewport)
    ("home.png", "", None, {"width": 1200, "height": 900}),
    ("member.png", "members/ball-hill-organisers/", None, {"width": 1200, "height": 1100}),
    ("search.png", "search/", "lunch club", {"width": 1200, "height": 1100}),
]


def take(site: Path, target: Path) -> list[Path]:
    from playwright.sync_api import sync_playwright

    target.mkdir(parents=True, exist_ok=True)
    written = []
    with sitecheck.serve(site) as base, sync_playwright() as playwright:
        browser = sitecheck.launch(playwright)
        for name, path, query, viewport in SHOTS:
            page = browser.new_page(viewport=viewport)
            page.goto(base + path)
            if query:
                page.fill("#search-q", query)
                page.press("#search-q", "Enter")
                page.wait_for_selector("#search-results li")
                page.wait_for_function("document.querySelectorAll('#search-results li').length >= 3")
            page.screenshot(path=str(target / name))
            written.append(target / name)
            page.close()
        browser.close()
    return written


if __name__ == "__main__":
    for path in take(Path(sys.argv[1]), Path(sys.argv[2])):
        print(f"wrote {path}")
