"""Performance budget, measured in chromium: every kind of page loads in at most 100 KB of
HTML+CSS+JS, only from this site (no third-party request at all), with no render-blocking script;
Pagefind's index arrives only once someone searches; images carry their size and load lazily."""
from __future__ import annotations

import re
from html.parser import HTMLParser

from playwright.sync_api import expect

BUDGET = 100 * 1024  # bytes of HTML+CSS+JS transferred before the user searches
COUNTED = {"document", "stylesheet", "script"}


def load(page, url: str) -> list:
    """Load a page; return every request it made as (url, resource type, bytes transferred)."""
    requests = []
    page.on("requestfinished", lambda request: requests.append(request))
    page.goto(url, wait_until="networkidle")
    out = []
    for request in requests:
        sizes = request.sizes()
        out.append((request.url, request.resource_type, sizes["responseBodySize"] + sizes["responseHeadersSize"]))
    return out


def test_every_page_type_is_within_budget_and_only_talks_to_this_site(browser, base_url, shapes):
    weights, foreign, heavy = {}, {}, {}
    for label, path in shapes.items():
        context = browser.new_context()  # a cold cache for every page: count what a first visit costs
        requests = load(context.new_page(), base_url + path)
        context.close()
        total = sum(size for url, kind, size in requests if kind in COUNTED)
        weights[label] = total
        outside = [url for url, _, _ in requests if not url.startswith(base_url) and not url.startswith("data:")]
        if outside:
            foreign[label] = outside
        if total > BUDGET:
            heavy[label] = total
    print("\nHTML+CSS+JS per page (bytes):", weights)
    assert not foreign, f"requests to other sites: {foreign}"
    assert not heavy, f"pages over {BUDGET} bytes: {heavy}"


def test_search_page_fetches_the_index_only_when_searching(page, base_url):
    before = load(page, base_url + "search/")
    assert not [url for url, _, _ in before if "/pagefind/" in url]
    assert sum(size for _, kind, size in before if kind in COUNTED) <= BUDGET
    after = []
    page.on("requestfinished", lambda request: after.append(request.url))
    page.fill("#search-q", "volunteers")
    expect(page.locator("#search-status")).to_contain_text("result")
    assert [url for url in after if "/pagefind/" in url]
    assert all(url.startswith(base_url) for url in after), after


class Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.images, self.blocking = [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "img":
            self.images.append(attrs)
        if tag == "script" and attrs.get("src") and not ({"defer", "async"} & attrs.keys() or attrs.get("type") == "module"):
            self.blocking.append(attrs["src"])
        if tag == "link" and attrs.get("rel") == "stylesheet" and re.match(r"^(https?:)?//", attrs.get("href", "")):
            self.blocking.append(attrs["href"])


def test_images_are_sized_and_lazy_and_no_script_blocks_rendering(site):
    problems = []
    for path in sorted(site.rglob("*.html")):
        if "pagefind" in path.relative_to(site).parts:
            continue
        tags = Tags()
        tags.feed(path.read_text(encoding="utf-8"))
        for image in tags.images:
            if not (image.get("width") and image.get("height") and image.get("loading") == "lazy"):
                problems.append(f"{path.relative_to(site)}: <img src={image.get('src')!r}> needs width, height, loading=lazy")
        problems += [f"{path.relative_to(site)}: render-blocking {src}" for src in tags.blocking]
    assert not problems, "\n".join(problems[:40])


def test_nothing_moves_while_pages_load_on_a_phone(browser, base_url, shapes):
    """Cumulative layout shift under 0.1 (Core Web Vitals 'good') at phone width, e.g. no filter
    panel folding or message disappearing after the first paint."""
    context = browser.new_context(viewport={"width": 375, "height": 740})
    page = context.new_page()
    shifts = {}
    for label, path in shapes.items():
        page.goto(base_url + path)  # "load": deferred and module scripts have run by then
        score = page.evaluate("""() => new Promise(resolve => {
            let total = 0;
            new PerformanceObserver(list => { for (const e of list.getEntries()) if (!e.hadRecentInput) total += e.value; })
              .observe({type: "layout-shift", buffered: true});
            setTimeout(() => resolve(total), 100);
        })""")
        if score >= 0.1:
            shifts[label] = round(score, 3)
    context.close()
    assert not shifts, f"layout shift while loading: {shifts}"
