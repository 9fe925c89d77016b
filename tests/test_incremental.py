"""Incremental builds are the builds made from nothing.

A build keeps the previous build's file for every file that comes out the same, and keeps between
builds what is expensive to make (site/reuse.py, core/ledger.py). The property test below makes
random sequences of the edits people make (a profile field, an offer added or removed, a category's
label, a place renamed, a member deleted, an event moved or cancelled, a post added, a template line,
a setting, the clock moving on), and after each one builds the tree three ways: through
`build_site` into a new folder beside the previous build (as `invoke build` does), in place in this
process (as `invoke livereload` does), and from nothing with an empty cache. The first two must be
the third, byte for byte."""
from __future__ import annotations

import datetime as dt
import filecmp
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from conftest import NOW, ROOT, copy_of_the_example, run_pelican
from hub.build import build_site

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


# --- the edits ------------------------------------------------------------------------------------

WORDS = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=3, max_size=10)


def _yaml_edit(path: Path, change) -> None:
    """Load `path`, let `change` alter the data, write it back (its comments are lost; its values kept)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


def _files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.yaml"))


def _categories(tree: Path) -> list[str]:
    return list(yaml.safe_load((tree.root / "categories.yaml").read_text(encoding="utf-8")))


class Tree:
    """A hub's files being edited, and the settings its builds are given."""

    def __init__(self, root: Path):
        self.root = root
        self.extra = {**FAST, "HUB_EVENTS_NOW": NOW, "THEME": str(root / "theme")}
        self.posts = 0


def profile_field(tree: Tree, data) -> str:
    path = data.draw(st.sampled_from(_files(tree.root / "members")))
    field = data.draw(st.sampled_from(["summary", "name"]))
    word = data.draw(WORDS)
    text = path.read_text(encoding="utf-8")
    line = re.search(rf"^{field}: (.*)$", text, re.M)
    path.write_text(text[:line.end()] + f" {word}" + text[line.end():], encoding="utf-8")
    return f"{path.name}: {field} += {word}"


def offer_added(tree: Tree, data) -> str:
    path = data.draw(st.sampled_from(_files(tree.root / "members")))
    category, word = data.draw(st.sampled_from(_categories(tree))), data.draw(WORDS)
    _yaml_edit(path, lambda member: member.setdefault("offers", []).append(
        {"category": category, "title": f"Help with {word}"}))
    return f"{path.name}: offer {category} {word}"


def offer_removed(tree: Tree, data) -> str:
    members = [path for path in _files(tree.root / "members")
               if len(yaml.safe_load(path.read_text(encoding="utf-8")).get("offers") or ()) > 1]
    path = data.draw(st.sampled_from(members))
    _yaml_edit(path, lambda member: member["offers"].pop(0))
    return f"{path.name}: first offer removed"


def category_label(tree: Tree, data) -> str:
    key, word = data.draw(st.sampled_from(_categories(tree))), data.draw(WORDS)
    _yaml_edit(tree.root / "categories.yaml", lambda vocabulary: vocabulary[key].update(
        label=f"{vocabulary[key]['label']} and {word}"))
    return f"category {key} label += {word}"


def place_renamed(tree: Tree, data) -> str:
    """A neighbourhood's new name, in places.yaml and every profile and event that names it."""
    places = yaml.safe_load((tree.root / "places.yaml").read_text(encoding="utf-8"))
    named = [(area, name) for area, names in places.items() for name in names or {}]
    area, old = data.draw(st.sampled_from(named))
    new = f"New {data.draw(WORDS).title()}"
    places[area] = {new if name == old else name: districts for name, districts in places[area].items()}
    (tree.root / "places.yaml").write_text(yaml.safe_dump(places, sort_keys=False), encoding="utf-8")
    for path in [*_files(tree.root / "members"), *_files(tree.root / "events")]:
        text = path.read_text(encoding="utf-8")
        path.write_text(re.sub(rf"(?<![\w-]){re.escape(old)}(?![\w-])", new, text), encoding="utf-8")
    return f"place {old} -> {new}"


def member_deleted(tree: Tree, data) -> str:
    """A member no event, introduction or post names (deleting one that is named is a mistake the
    validator reports)."""
    named = " ".join(path.read_text(encoding="utf-8") for folder in ("events", "introductions", "content")
                     for path in (tree.root / folder).rglob("*") if path.is_file() and path.suffix in (".yaml", ".md"))
    free = [path for path in _files(tree.root / "members") if path.stem not in named]
    path = data.draw(st.sampled_from(free))
    path.unlink()
    return f"{path.name} deleted"


def event_moved(tree: Tree, data) -> str:
    path = data.draw(st.sampled_from([path for path in _files(tree.root / "events")
                                      if "repeat:" not in path.read_text(encoding="utf-8")]))
    days = data.draw(st.integers(-60, 60).filter(bool))
    text = path.read_text(encoding="utf-8")
    start = re.search(r"^start: (\d{4}-\d\d-\d\d)", text, re.M)
    moved = (dt.date.fromisoformat(start[1]) + dt.timedelta(days=days)).isoformat()
    path.write_text(text[:start.start(1)] + moved + text[start.end(1):], encoding="utf-8")
    return f"{path.name} moved {days} days"


def event_cancelled(tree: Tree, data) -> str:
    path = data.draw(st.sampled_from(_files(tree.root / "events")))
    _yaml_edit(path, lambda event: event.update(status="cancelled"))
    return f"{path.name} cancelled"


def post_added(tree: Tree, data) -> str:
    tree.posts += 1
    word = data.draw(WORDS)
    day = dt.date(2026, 1, 1) + dt.timedelta(days=data.draw(st.integers(0, 330)))
    (tree.root / "content" / "learning" / f"added-{tree.posts}.md").write_text(
        f"Title: What we learned about {word}\nDate: {day.isoformat()}\nCategory: Learning\n"
        f"Summary: A short note about {word}.\n\nWe tried {word} with our members and it went well.\n",
        encoding="utf-8")
    return f"post added on {day}: {word}"


def template_line(tree: Tree, data) -> str:
    word = data.draw(WORDS)
    edit(tree.root / "theme" / "templates" / "base.html", "is run by the coalition's members.",
         f"is run by the coalition's members ({word}).")
    return f"base.html footer += {word}"


def setting_changed(tree: Tree, data) -> str:
    word = data.draw(WORDS)
    tree.extra["SITENAME"] = f"Hub of {word}"
    return f"SITENAME = Hub of {word}"


def clock_moved(tree: Tree, data) -> str:
    minutes = data.draw(st.sampled_from([1, 90, 60 * 24, 60 * 24 * 9]))
    now = dt.datetime.fromisoformat(tree.extra["HUB_EVENTS_NOW"].replace("Z", "+00:00"))
    tree.extra["HUB_EVENTS_NOW"] = (now + dt.timedelta(minutes=minutes)).isoformat().replace("+00:00", "Z")
    return f"clock + {minutes} min"


EDITS = (profile_field, offer_added, offer_removed, category_label, place_renamed, member_deleted, event_moved,
         event_cancelled, post_added, template_line, setting_changed, clock_moved)


# --- the builds -----------------------------------------------------------------------------------

def pelican_command(tree: Tree, output: Path, **more) -> list[str]:
    extra = {"HUB_ROOT": str(tree.root), "PATH": str(tree.root / "content"), **tree.extra, **more}
    return [sys.executable, "-m", "pelican", str(tree.root / "content"), "-s", str(ROOT / "pelicanconf.py"),
            "-o", str(output), "--fatal", "warnings", "-e", *(f"{key}={json.dumps(value)}" for key, value in extra.items())]


def through_build_site(tree: Tree) -> Path:
    """A build as `invoke build` makes it: into a new folder, beside the previous build, swapped in."""
    link = tree.root / "output"
    previous = {"HUB_PREVIOUS_OUTPUT": str(link.resolve())} if link.is_dir() else {}
    return build_site(lambda target: pelican_command(tree, target, **previous), link)


def in_place(tree: Tree, output: Path) -> None:
    """A build as `invoke livereload` makes it: in this process, into the same folder every time."""
    from hub.site import live

    assert live.build(ROOT / "pelicanconf.py", output, tree.root / "content",
                      {"HUB_ROOT": str(tree.root), **tree.extra})


def from_nothing(tree: Tree, output: Path) -> subprocess.Popen:
    """A build from nothing (a cache of its own), started: it reads the tree only, so it runs beside
    the other two builds of the step (`finished`)."""
    return subprocess.Popen(pelican_command(tree, output, HUB_CACHE_PATH=f".cache/clean-{output.name}"),
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def finished(build: subprocess.Popen) -> None:
    _, errors = build.communicate()
    assert build.returncode == 0, errors[-3000:]


@pytest.fixture(scope="module")
def example(tmp_path_factory):
    """The example hub with a theme of its own, built once each way, its cache and builds kept: each
    sequence of edits starts from a copy of it."""
    tree = Tree(copy_of_the_example(tmp_path_factory.mktemp("hub") / "hub"))
    shutil.copytree(ROOT / "theme", tree.root / "theme")
    through_build_site(tree)
    in_place(tree, tree.root / ".preview")
    return tree.root


# Each example makes every kind of edit once, in an order and with values drawn at random (the same on
# every run: derandomize), building after each: one sequence of twelve, 36 builds, under two minutes
# while the rest of the suite runs beside it (two sequences took 147 s). A failure is reported as
# found, not shrunk: each try is a dozen builds.
@settings(max_examples=1, deadline=None, database=None, derandomize=True, phases=(Phase.explicit, Phase.generate),
          suppress_health_check=list(HealthCheck))
@given(data=st.data(), edits=st.permutations(EDITS))
def test_incremental_builds_after_random_edits_are_the_clean_build(example, tmp_path_factory, data, edits):
    work = tmp_path_factory.mktemp("edits")
    tree = Tree(work / "hub")
    shutil.copytree(example, tree.root, symlinks=True)
    for step, make in enumerate(edits):
        done = make(tree, data)
        note = f"after {', '.join(e.__name__ for e in edits[:step + 1])} ({done})"
        clean = work / f"clean-{step}"
        reference = from_nothing(tree, clean)
        built = through_build_site(tree)
        in_place(tree, tree.root / ".preview")
        finished(reference)
        assert differences(built, clean) == [], f"invoke build's way, {note}"
        assert differences(tree.root / ".preview", clean) == [], f"livereload's way, {note}"
    shutil.rmtree(work)


def test_a_build_into_a_new_folder_links_the_files_that_came_out_the_same(example, tmp_path):
    """Every file of a build into a new folder beside an identical previous one is the previous
    file (a link, modification time and all), posts, feeds and calendars included; after a summary
    edit, the member's page is new and /areas/ (which does not show summaries) is kept."""
    root = tmp_path / "hub"
    shutil.copytree(example, root, ignore=shutil.ignore_patterns(".cache", ".builds", "output", ".preview"))
    first, second, third = tmp_path / "first", tmp_path / "second", tmp_path / "third"
    assert run_pelican(root, first, extra=FAST).returncode == 0
    result = run_pelican(root, second, extra={**FAST, "HUB_PREVIOUS_OUTPUT": str(first)})
    assert result.returncode == 0, result.stderr
    assert differences(second, first) == []
    for page in ("members/tile-hill-lunch-club/index.html", "learning/what-makes-a-good-informal-get-together/index.html",
                 "events.ics", "feeds/all.atom.xml"):
        if (first / page).exists():
            assert (second / page).stat().st_ino == (first / page).stat().st_ino, page
    edit(root / "members/tile-hill-lunch-club.yaml", "two-course lunch", "warm two-course lunch")
    result = run_pelican(root, third, extra={**FAST, "HUB_PREVIOUS_OUTPUT": str(second)})
    assert result.returncode == 0, result.stderr
    areas, member = Path("areas/index.html"), Path("members/tile-hill-lunch-club/index.html")
    assert (third / areas).stat().st_ino == (second / areas).stat().st_ino
    assert (third / member).stat().st_ino != (second / member).stat().st_ino
    assert "warm two-course lunch" in (third / member).read_text(encoding="utf-8")


def test_a_build_into_an_empty_folder_with_the_cache_kept_is_whole(example, tmp_path):
    """The cache keeps the matches and the checked files, never which files were written: a build into
    a folder without them makes every one."""
    root = tmp_path / "hub"
    shutil.copytree(example, root, ignore=shutil.ignore_patterns(".cache", ".builds", "output", ".preview"))
    output, elsewhere = tmp_path / "out", tmp_path / "elsewhere"
    assert run_pelican(root, output, extra=FAST).returncode == 0
    result = run_pelican(root, elsewhere, extra=FAST)
    assert result.returncode == 0, result.stderr
    assert differences(elsewhere, output) == []
    assert (elsewhere / "members/tile-hill-lunch-club/matches.atom").is_file()


def test_a_summary_edit_keeps_the_kept_matches_and_a_name_edit_makes_them_again(example, tmp_path):
    """Matching is given the members' names, places, offers and needs only (site/matching.matching_view)
    and kept under their fingerprint: a new summary reuses it; a new name, which it shows, does not."""
    root = tmp_path / "hub"
    shutil.copytree(example, root, ignore=shutil.ignore_patterns(".cache", ".builds", "output", ".preview"))
    output = tmp_path / "out"
    kept = root / ".cache/hub/memo/matching.pickle"
    assert run_pelican(root, output, extra=FAST).returncode == 0
    before = kept.stat().st_mtime_ns
    edit(root / "members/tile-hill-lunch-club.yaml", "two-course lunch", "warm two-course lunch")
    assert run_pelican(root, output, extra=FAST).returncode == 0
    assert kept.stat().st_mtime_ns == before
    edit(root / "members/tile-hill-lunch-club.yaml", "name: Tile Hill Friday Lunch Club", "name: Tile Hill Lunch Club")
    assert run_pelican(root, output, extra=FAST).returncode == 0
    assert kept.stat().st_mtime_ns != before


def test_a_member_field_added_to_the_category_lists_is_current_after_every_edit(example, tmp_path):
    """Regression (issue 22): with a member's summary shown in macros.item_list, categories/<key>/ kept
    the old summary through two later edits, as its hand-written key named the member's slug and name
    only. Every page is now rendered: both edits reach it, through invoke build's way and livereload's."""
    tree = Tree(tmp_path / "hub")
    shutil.copytree(example, tree.root, symlinks=True)
    edit(tree.root / "theme/templates/macros.html", "<span class=\"by\">— {{ member.name }}</span>",
         "<span class=\"by\">— {{ member.name }}</span> <span class=\"about\">{{ member.summary }}</span>")
    profile = tree.root / "members/tile-hill-lunch-club.yaml"
    for summary in ("A warm lunch every Friday.", "A hot lunch and a natter every Friday."):
        text = profile.read_text(encoding="utf-8")
        profile.write_text(re.sub(r"^summary: .*$", f"summary: {summary}", text, flags=re.M), encoding="utf-8")
        built = through_build_site(tree)
        in_place(tree, tree.root / ".preview")
        for output in (built, tree.root / ".preview"):
            page = (output / "categories/food/index.html").read_text(encoding="utf-8")
            assert f'<span class="about">{summary}</span>' in page
