"""How the pages Pagefind indexes are cut into bundles (search/index.py)."""
from __future__ import annotations

import shutil
from pathlib import Path

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


def _pages_only(site: Path, target: Path) -> Path:
    shutil.copytree(site, target, ignore=shutil.ignore_patterns("pagefind", "pagefind-shards"))
    return target


def _bundle_files(site: Path) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes()
            for folder in ("pagefind", "pagefind-shards") for path in (site / folder).rglob("*") if path.is_file()}


def _entries(site: Path) -> dict[str, tuple[int, int]]:
    """Each bundle's pagefind-entry.json, by its inode and modification time (the same file, or one
    made again: a file made again may get the inode the old one freed, never its time)."""
    return {path.parent.relative_to(site).as_posix(): (path.stat().st_ino, path.stat().st_mtime_ns)
            for folder in ("pagefind", "pagefind-shards") for path in (site / folder).rglob("pagefind-entry.json")}


def test_only_the_bundles_an_edit_reaches_are_made_again(site, tmp_path):
    """A bundle whose pages are byte for byte those it was made from is kept, in place or from the
    previous build's folder (as `invoke build` makes a new one), and Pagefind runs only for the
    others; the index is still the one made from nothing."""
    from hub.search.index import build_index, indexed_pages

    budget = 300_000  # bytes of pages per bundle: the example hub makes several
    built = _pages_only(site, tmp_path / "built")
    build_index(built, budget)
    first = _entries(built)
    assert len(first) >= 3

    build_index(built, budget)  # nothing changed: every bundle is the same file
    assert _entries(built) == first

    last = shard(indexed_pages(built), budget)[-1][0]
    page = built / last
    page.write_text(page.read_text(encoding="utf-8").replace("</h1>", " (updated)</h1>", 1), encoding="utf-8")
    build_index(built, budget)
    again = _entries(built)
    changed = {bundle for bundle in first if again[bundle] != first[bundle]}
    assert changed == {shard_folder(built, last, budget)}

    fresh = _pages_only(built, tmp_path / "fresh")
    build_index(fresh, budget)
    assert _bundle_files(fresh) == _bundle_files(built)

    following = _pages_only(built, tmp_path / "following")  # a new build folder, nothing changed
    build_index(following, budget, previous=built)
    assert _entries(following) == again  # the previous build's files, linked
    assert _bundle_files(following) == _bundle_files(built)


def shard_folder(site: Path, path: str, budget: int) -> str:
    from hub.search.index import indexed_pages

    number = next(n for n, group in enumerate(shard(indexed_pages(site), budget)) if path in group)
    return bundle_folder(number)


def test_pagefind_runs_one_per_core_two_at_most_so_a_smaller_bundle_always_takes_less_memory():
    from hub.search.index import runs_at_once

    assert [runs_at_once(workers) for workers in (1, 2, 8)] == [1, 2, 2]
