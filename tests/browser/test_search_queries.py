"""What people type, judged in chromium against the built example hub: success@5 (a page that answers
the query among the first five results) over tests/fixtures/search-queries.yaml, for its dev part and
its held-out part (never tuned against), for the search page as people use it and, as the baseline,
for plain Pagefind: the same site without the pages' hidden search words, each query given to
Pagefind's own API as typed (no dropped words, corrections, fewer-words retry or offers first).
The README's Search section reports the four figures."""
from __future__ import annotations

import re
import shutil
import subprocess

import pytest
import yaml

from conftest import FIXTURES
from hub.search.index import pagefind_command
from tools import sitecheck

TARGET = 0.9  # issue 13: the member that can help in the first five at least 90% of the time
QUERIES = yaml.safe_load((FIXTURES / "search-queries.yaml").read_text(encoding="utf-8"))
HIDDEN_WORDS = re.compile(r"<div hidden data-hub-search-words>.*?</div>", re.S)


def answered(urls: list[str], expect: list[str]) -> bool:
    wanted = {"/" + path.strip("/") + "/" for path in expect}
    return any(url in wanted for url in urls[:5])


@pytest.fixture(scope="module")
def plain_site(site, tmp_path_factory):
    """The built site without the hidden search words, indexed again by Pagefind as it comes."""
    copy = tmp_path_factory.mktemp("plain-site") / "site"
    shutil.copytree(site, copy, ignore=shutil.ignore_patterns("pagefind"))
    stripped = 0
    for path in copy.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        plain, count = HIDDEN_WORDS.subn("", html)
        if count:
            path.write_text(plain, encoding="utf-8")
            stripped += count
    assert stripped, "no page carries hidden search words: the baseline would be the same site"
    result = subprocess.run(pagefind_command(copy), capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    return copy


def search_page_top(page, base_url, query: str) -> list[str]:
    page.fill("#search-q", query)
    page.press("#search-q", "Enter")
    page.wait_for_function("q => document.getElementById('search-status').dataset.done === q", arg=query)
    return page.eval_on_selector_all("#search-results > li h3 a", "links => links.map(a => new URL(a.href).pathname)")


PLAIN_PAGEFIND = """async query => {
    const pagefind = await import(new URL("/pagefind/pagefind.js", document.baseURI).href);
    const search = await pagefind.search(query);
    const top = await Promise.all(search.results.slice(0, 5).map(result => result.data()));
    return top.map(data => data.url);
}"""


def success(tops: dict[str, list[str]], part: str) -> tuple[float, list[str]]:
    queries = QUERIES[part]
    misses = [q["query"] for q in queries if not answered(tops[q["query"]], q["expect"])]
    return 1 - len(misses) / len(queries), misses


def test_the_query_set_is_large_and_names_real_pages(site):
    assert len(QUERIES["dev"]) + len(QUERIES["held-out"]) >= 60
    assert len(QUERIES["held-out"]) >= 20
    for part in QUERIES.values():
        for query in part:
            assert query["who"] in {"public", "member"}, query
            for path in query["expect"]:
                assert (site / path / "index.html").is_file(), f"{query['query']!r} expects {path}, not built"


def test_people_find_what_they_ask_for_in_the_first_five(browser, base_url, plain_site):
    every = [q["query"] for part in QUERIES.values() for q in part]
    context = browser.new_context(viewport={"width": 390, "height": 844})  # as on a phone
    page = context.new_page()
    page.set_default_timeout(15000)
    page.goto(base_url + "search/")
    ours = {query: search_page_top(page, base_url, query) for query in every}
    with sitecheck.serve(plain_site) as plain_url:
        page.goto(plain_url + "search/")
        plain = {query: page.evaluate(PLAIN_PAGEFIND, query) for query in every}
    context.close()
    figures = {}
    for part in QUERIES:
        figures[part] = (success(ours, part), success(plain, part))
    print("\nsuccess@5   search page   plain Pagefind")
    for part, ((mine, _), (base, _)) in figures.items():
        print(f"{part:<10}  {mine:>10.1%}   {base:>13.1%}   ({len(QUERIES[part])} queries)")
    for part, ((mine, misses), (base, _)) in figures.items():
        assert mine >= TARGET, f"{part}: success@5 {mine:.1%} < {TARGET:.0%}; missed: {misses}"
        assert mine > base, f"{part}: the search page ({mine:.1%}) does no better than plain Pagefind ({base:.1%})"
