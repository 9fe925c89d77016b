"""Incremental builds are the builds made from nothing: after an edit, a build that reuses the pages,
matches and calendar files of the previous one (site/reuse.py, core/memo.py) writes exactly the
files a build from an empty cache writes. Each scenario edits something different, so a page that
forgot to declare what it shows would keep its old text and fail here."""
from __future__ import annotations

import collections
import filecmp
import shutil
from pathlib import Path

import pytest

from conftest import ROOT, copy_of_the_example, hub_settings, run_pelican
from hub.site.reuse import Scopes

FAST = {"HUB_SEARCH_INDEX": False}


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def differences(left: Path, right: Path) -> list[str]:
    """Files that differ or exist on one side only (the search index is left out of these builds)."""
    found = []
    comparison = filecmp.dircmp(left, right)
    stack = [(comparison, "")]
    while stack:
        current, prefix = stack.pop()
        found += [f"{prefix}{name} (only in the incremental build)" for name in current.left_only]
        found += [f"{prefix}{name} (only in the clean build)" for name in current.right_only]
        found += [f"{prefix}{name}" for name in current.common_files
                  if not filecmp.cmp(Path(current.left) / name, Path(current.right) / name, shallow=False)]
        stack += [(sub, f"{prefix}{name}/") for name, sub in current.subdirs.items()]
    return sorted(found)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The example hub's tree, built once with its cache (in place, as livereload and the bench do)."""
    root = copy_of_the_example(tmp_path_factory.mktemp("hub"))
    output = root.parent / "out"
    result = run_pelican(root, output, extra=FAST)
    assert result.returncode == 0, result.stderr
    return root, output


SCENARIOS = {
    "a member's summary and an event's time": [
        ("members/tile-hill-lunch-club.yaml", "summary: A two-course lunch", "summary: A hot two-course lunch"),
        ("events/informal-get-together.yaml", "start: ", "start:  "),  # same value, other bytes
    ],
    "a member's name and an offer's title, which matching shows on other pages": [
        ("members/earlsdon-mens-shed.yaml", "name: Earlsdon Men's Shed", "name: Earlsdon Men's Shed and Workshop"),
        ("members/whitley-community-minibus.yaml", "title: ", "title: Accessible "),
    ],
    "an organiser's areas, which its events' pages tell the search index": [
        ("members/ball-hill-organisers.yaml", "areas: [Coventry]", "areas: [Coventry, Warwickshire]"),
    ],
    "an event's title, an introduction's outcome, which member pages show": [
        ("events/informal-get-together.yaml", "title: Informal get-together", "title: Monthly informal get-together"),
        ("introductions/2026-09-15-job-club-laptops.yaml", "outcome: connected", "outcome: no reply"),
    ],
    "a member's summary and an event's time, which the posts on the key they practise show": [
        ("members/access-together-coventry.yaml", "summary: A disability-led group", "summary: A disabled people's group"),
        ("events/access-together-monthly-meeting.yaml", "start: 2026-10-26 18:00", "start: 2026-10-26 18:30"),
    ],
    "a category's label and a post's text": [
        ("categories.yaml", "label: Venues and space", "label: Venues, rooms and space"),
        ("content/learning/what-makes-a-good-informal-get-together.md", "Once a month", "Every month"),
    ],
}


@pytest.mark.parametrize("scenario", list(SCENARIOS))
def test_an_incremental_build_after_an_edit_is_the_clean_build(built, scenario, tmp_path):
    root, output = built
    for relative, old, new in SCENARIOS[scenario]:
        edit(root / relative, old, new)
    incremental = run_pelican(root, output, extra=FAST)
    assert incremental.returncode == 0, incremental.stderr
    clean_output = tmp_path / "clean"
    clean = run_pelican(root, clean_output, extra={**FAST, "HUB_CACHE_PATH": f".cache/clean-{tmp_path.name}"})
    assert clean.returncode == 0, clean.stderr
    assert differences(output, clean_output) == []


def test_a_build_into_a_new_folder_links_the_unchanged_pages_of_the_previous_one(built, tmp_path):
    root, output = built
    new = tmp_path / "next"
    result = run_pelican(root, new, extra={**FAST, "HUB_PREVIOUS_OUTPUT": str(output)})
    assert result.returncode == 0, result.stderr
    assert differences(new, output) == []
    page = Path("members/tile-hill-lunch-club/index.html")
    assert (new / page).stat().st_ino == (output / page).stat().st_ino  # the same file, not a copy


def test_a_page_rendered_again_the_same_keeps_the_previous_file(built, tmp_path):
    """/areas/ follows from the whole tree (it declares nothing), so a member's new summary renders it
    again; it comes out the same, so the new build links the previous file: a sync to a CDN, the
    server and Pagefind see only pages that really changed."""
    root, output = built
    edit(root / "members/tile-hill-lunch-club.yaml", "two-course lunch", "warm two-course lunch")
    new = tmp_path / "next"
    result = run_pelican(root, new, extra={**FAST, "HUB_PREVIOUS_OUTPUT": str(output)})
    assert result.returncode == 0, result.stderr
    areas, member = Path("areas/index.html"), Path("members/tile-hill-lunch-club/index.html")
    assert (new / areas).stat().st_ino == (output / areas).stat().st_ino
    assert (new / member).stat().st_ino != (output / member).stat().st_ino
    assert "warm two-course lunch" in (new / member).read_text(encoding="utf-8")


def test_a_build_into_an_empty_folder_with_the_cache_kept_is_whole(built, tmp_path):
    """The cache remembers what the last build made (the feeds of matches by their keys only); a
    build into a folder without those files makes them again rather than trusting the cache."""
    root, output = built
    assert run_pelican(root, output, extra=FAST).returncode == 0  # up to date with the edits above
    elsewhere = tmp_path / "elsewhere"
    result = run_pelican(root, elsewhere, extra=FAST)
    assert result.returncode == 0, result.stderr
    assert differences(elsewhere, output) == []
    assert (elsewhere / "members/tile-hill-lunch-club/matches.atom").is_file()


def test_an_edit_to_a_hub_with_paged_lists_is_the_clean_build(large_site, tmp_path):
    """In a hub whose lists are split into pages (members by letter, a category's offers and needs,
    matching by category, an area's members, a way to get involved, What's on), each page declares
    what it shows. After one member's new summary, another's new name (its letter changes) and an
    event's new title, the build that reuses the previous pages is still the clean build, and the
    list pages whose text did not change are the previous build's files (a new name re-sorts the
    lists its member is in, and matching shows names: a fifth of them change)."""
    tree, output = large_site
    root = tmp_path / "hub"
    shutil.copytree(tree, root)  # its cache too: the keys of `output`'s pages
    edit(root / "members/member-00010.yaml", "summary: A synthetic member.", "summary: An edited member.")
    edit(root / "members/member-01000.yaml", "name: Member 1000", "name: Zebra Crossing Trust")
    edit(root / "events/member-00020-event-0.yaml", "title: Member 20 get-together", "title: Member 20 picnic")
    incremental = tmp_path / "incremental"
    result = run_pelican(root, incremental, extra={**FAST, "HUB_PREVIOUS_OUTPUT": str(output)})
    assert result.returncode == 0, result.stderr[-3000:]
    clean = tmp_path / "clean"
    result = run_pelican(root, clean, extra={**FAST, "HUB_CACHE_PATH": ".cache/clean"})
    assert result.returncode == 0, result.stderr[-3000:]
    assert differences(incremental, clean) == []
    paged = [page for folder in ("members/letters", "categories", "matching/categories", "areas", "get-involved",
                                 "events/categories")
             for page in (incremental / folder).rglob("*.html")]
    assert any("/page/" in page.as_posix() for page in paged)
    previous = {page: output / page.relative_to(incremental) for page in paged}
    kept = [page for page in paged if previous[page].exists() and page.stat().st_ino == previous[page].stat().st_ino]
    changed = collections.Counter(page.relative_to(incremental).parts[0] for page in paged if page not in kept)
    assert len(kept) > 0.75 * len(paged), f"{len(kept)} of {len(paged)} list pages kept; new: {changed}"


def test_places_moved_by_a_setting_are_in_every_page_s_key(tmp_path):
    """Regression: the keys fingerprinted places.yaml at the top of the tree whatever HUB_PLACES_FILE
    named, so an edit to the places file in use left pages stale (an event's search words name its
    area's districts; /areas/ is keyed by the whole tree)."""
    root = copy_of_the_example(tmp_path / "hub")
    (root / "places.yaml").rename(root / "data" / "places.yaml")
    pelican = {"HUB_ROOT": str(root), "HUB_PLACES_FILE": "data/places.yaml", "THEME": str(ROOT / "theme")}
    settings = hub_settings(root, HUB_PLACES_FILE="data/places.yaml")
    before = Scopes(pelican, settings).static
    text = (root / "data" / "places.yaml").read_text(encoding="utf-8")
    (root / "data" / "places.yaml").write_text(text + "\n# a neighbourhood added below\n", encoding="utf-8")
    assert Scopes(pelican, settings).static != before


def test_the_template_options_are_in_every_page_s_key(tmp_path):
    """Regression: JINJA_ENVIRONMENT was counted among the settings no page shows, yet trim_blocks,
    lstrip_blocks and autoescape change every page's text."""
    settings = hub_settings(ROOT)
    pelican = {"THEME": str(ROOT / "theme"), "JINJA_ENVIRONMENT": {"trim_blocks": True, "lstrip_blocks": True}}
    before = Scopes(pelican, settings).static
    pelican["JINJA_ENVIRONMENT"] = {"trim_blocks": False, "lstrip_blocks": True}
    assert Scopes(pelican, settings).static != before


def test_a_build_a_minute_later_keeps_the_calendars_and_the_feeds_of_matches(tmp_path):
    """Regression: the calendar files and the members' feeds of matches were kept under the whole
    settings, the build's clock among them, so with the real clock (livereload, `invoke build`) every
    build made them all again (1.1 s of a one-member edit at 1,000 members). What they show of the
    clock, which dates are coming, is in their key; the minute is not."""
    root = copy_of_the_example(tmp_path / "hub")
    output = tmp_path / "out"
    assert run_pelican(root, output, extra=FAST).returncode == 0
    kept = {name: (root / ".cache/hub/memo" / f"{name}.pickle").stat().st_mtime_ns
            for name in ("calendar-files", "match-feeds")}
    later = run_pelican(root, output, now="2026-11-21T12:01:00Z", extra=FAST)
    assert later.returncode == 0, later.stderr
    assert {name: (root / ".cache/hub/memo" / f"{name}.pickle").stat().st_mtime_ns for name in kept} == kept
    clean_output = tmp_path / "clean"
    clean = run_pelican(root, clean_output, now="2026-11-21T12:01:00Z",
                        extra={**FAST, "HUB_CACHE_PATH": ".cache/clean"})
    assert clean.returncode == 0, clean.stderr
    assert differences(output, clean_output) == []
