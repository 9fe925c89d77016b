"""A big hub's search index comes in several bundles, each built by its own run of Pagefind in
bounded memory (search/index.py); the search page merges them, so a query finds pages from every
bundle. Here the example hub is indexed in bundles of at most 300 KB of pages, which makes several."""
from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect

from conftest import ROOT, run_pelican
from tools import sitecheck


@pytest.fixture(scope="module")
def sharded(tmp_path_factory):
    output = tmp_path_factory.mktemp("sharded")
    result = run_pelican(ROOT, output, extra={"HUB_SEARCH_SHARD_KB": 300})
    assert result.returncode == 0, result.stderr
    with sitecheck.serve(output) as url:
        yield output, url


def test_the_index_is_in_several_bundles_listed_for_the_search_page(sharded):
    output, _ = sharded
    others = json.loads((output / "pagefind" / "hub-shards.json").read_text(encoding="utf-8"))
    assert len(others) >= 2
    for path in others:
        assert (output / "pagefind" / path / "pagefind-entry.json").is_file()


def test_a_query_finds_members_and_events_from_different_bundles(sharded, page):
    _, url = sharded
    page.goto(url + "search/")
    page.fill("#search-q", "Ball Hill")
    page.press("#search-q", "Enter")
    expect(page.locator("#search-status")).to_contain_text("result")
    metas = page.locator("#search-results > li .meta").all_inner_texts()
    kinds = {meta.split()[0] for meta in metas}
    assert {"Member", "Event"} <= kinds, metas
    # Members come first (the first bundles) and events last: a result from a merged bundle opens.
    page.locator("#search-results a", has_text="Love Ball Hill litter pick").first.click()
    expect(page.locator("h1")).to_have_text("Love Ball Hill litter pick")


def test_the_example_hub_has_one_bundle(site):
    assert json.loads((site / "pagefind" / "hub-shards.json").read_text(encoding="utf-8")) == []
