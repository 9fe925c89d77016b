"""How the pages Pagefind indexes are cut into bundles (search/index.py)."""
from __future__ import annotations

from hub.search.index import bundle_folder, shard


def test_pages_are_grouped_in_order_within_the_budget():
    pages = [("members/a/index.html", 40), ("members/b/index.html", 40), ("members/c/index.html", 40),
             ("events/d/index.html", 10)]
    assert shard(pages, 100) == [["members/a/index.html", "members/b/index.html"],
                                 ["members/c/index.html", "events/d/index.html"]]


def test_a_page_bigger_than_the_budget_is_a_group_of_its_own():
    assert shard([("a", 500), ("b", 10)], 100) == [["a"], ["b"]]


def test_a_site_without_pages_still_has_its_one_bundle():
    assert shard([], 100) == [[]]
    assert bundle_folder(0) == "pagefind" and bundle_folder(2) == "pagefind-shards/2"


def test_every_page_marked_for_search_is_in_a_bundle(site):
    """Pagefind is given the exact pages to index (search/index.py looks in ENTITY_FOLDERS): a page
    that marks its content for search anywhere else would silently drop out of the index."""
    from hub.search.index import BODY, indexed_pages

    marked = sorted(path.relative_to(site).as_posix() for path in site.rglob("*.html")
                    if BODY in path.read_bytes())
    assert marked == sorted(path for path, _ in indexed_pages(site))
    assert any(path.startswith("members/") for path in marked) and any(path.startswith("events/") for path in marked)
