"""What a build reads (core/inputs.py) and the build's clock (core/settings.clock): `invoke build` does
nothing only when none of it changed."""
from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from hub.core.inputs import build_inputs, file_digests
from hub.core.settings import SettingsError, clock, load_settings

NOW = dt.datetime(2026, 12, 8, 9, 0, tzinfo=dt.UTC)


def hub(tmp_path: Path) -> Path:
    root = tmp_path / "hub"
    for name, text in {"members/food-bank.yaml": "name: Food bank\n", "theme/templates/base.html": "<html>\n",
                       "pelicanconf.py": "SITENAME = 'Hub'\n", "node_modules/x/index.js": "1\n",
                       ".git/HEAD": "ref: refs/heads/main\n", "plugins/__pycache__/a.pyc": "x",
                       ".cache/hub/documents.pickle": "x", "output/index.html": "<p>built</p>\n"}.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    return root


def digest(root: Path) -> str:
    return build_inputs(root, NOW, ["pelicanconf.py"], frozenset({root / "output", root / ".cache" / "hub"}))


def test_every_file_of_the_hub_counts_but_the_folders_no_build_reads(tmp_path):
    root = hub(tmp_path)
    assert sorted(file_digests(root, frozenset({root / "output", root / ".cache" / "hub"}))) == [
        "members/food-bank.yaml", "pelicanconf.py", "theme/templates/base.html"]
    before = digest(root)
    (root / "node_modules" / "x" / "index.js").write_text("2\n")
    (root / ".cache" / "hub" / "documents.pickle").write_text("y")
    (root / "output" / "index.html").write_text("<p>another build</p>\n")
    assert digest(root) == before
    (root / "members" / "food-bank.yaml").write_text("name: Food bank \n")  # one byte
    assert digest(root) != before


def test_a_new_file_anywhere_a_linked_folder_and_the_environment_count(tmp_path):
    root = hub(tmp_path)
    before = digest(root)
    (root / "categories.yaml").write_text("food: Food\n")  # an input no list had named
    assert digest(root) != before
    outside = tmp_path / "shared-theme"
    (outside / "static").mkdir(parents=True)
    (outside / "static" / "site.css").write_text("body {}\n")
    (root / "shared").symlink_to(outside)
    linked = digest(root)
    (outside / "static" / "site.css").write_text("body { color: black }\n")
    assert digest(root) != linked
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HUB_EVENTS_WINDOW_MONTHS", "6")
        changed = digest(root)
    assert digest(root) != changed
    (root / "cache-of-feeds" / "a-member").mkdir(parents=True)  # a folder anywhere named like a cache counts
    (root / "cache-of-feeds" / "a-member" / "events.ics").write_text("BEGIN:VCALENDAR\n")
    (root / "theme" / ".cache").mkdir()
    (root / "theme" / ".cache" / "x.css").write_text("a {}\n")
    assert digest(root) != changed


def test_the_clock_and_the_command_count(tmp_path):
    root = hub(tmp_path)
    assert build_inputs(root, NOW, ["pelicanconf.py"]) != build_inputs(root, NOW + dt.timedelta(minutes=15),
                                                                        ["pelicanconf.py"])
    assert build_inputs(root, NOW, ["pelicanconf.py"]) != build_inputs(root, NOW, ["publishconf.py"])


def test_the_build_s_clock_moves_in_steps_counted_from_midnight_in_the_hub_s_zone(monkeypatch):
    london, new_york = ZoneInfo("Europe/London"), ZoneInfo("America/New_York")
    assert clock(15, london, dt.datetime(2026, 12, 8, 9, 14, 59, 999, tzinfo=dt.UTC)) == NOW
    assert clock(15, london, dt.datetime(2026, 12, 8, 9, 15, tzinfo=dt.UTC)) == NOW + dt.timedelta(minutes=15)
    assert clock(1, london, dt.datetime(2026, 12, 8, 9, 0, 42, tzinfo=dt.UTC)) == NOW
    # A day's step starts at midnight where the hub is, not in UTC: "today" stays the hub's day.
    assert clock(1440, new_york, NOW) == dt.datetime(2026, 12, 8, 5, 0, tzinfo=dt.UTC)
    monkeypatch.delenv("HUB_EVENTS_NOW", raising=False)
    settings = load_settings({"HUB_CLOCK_MINUTES": 60}, root=Path("."))
    assert settings.now.minute == settings.now.second == 0 and settings.now <= dt.datetime.now(dt.UTC)
    with pytest.raises(SettingsError) as refused:
        load_settings({"HUB_CLOCK_MINUTES": 7}, root=Path("."))
    assert [str(problem) for problem in refused.value.problems] == [
        "(settings):1: HUB_CLOCK_MINUTES: 7 does not divide a day (1,440 minutes) evenly; use e.g. 5, 10, 15, 30 "
        "or 60"]


def test_a_commit_counts_for_a_hub_in_a_sub_folder_of_its_repository(tmp_path):
    repository = tmp_path / "repository"
    root = hub(repository)  # repository/hub: git's own folder is above the hub's
    (root / ".git" / "HEAD").unlink()
    (root / ".git").rmdir()
    git = lambda *args: subprocess.run(["git", "-C", str(repository), "-c", "user.name=Hub", "-c",
                                        "user.email=hub@example.org", *args], check=True, capture_output=True)
    git("init", "-q")
    git("add", "-A")
    git("commit", "-q", "-m", "The hub")
    before = digest(root)
    git("commit", "-q", "--allow-empty", "-m", "Nothing but a commit: reports read the history")
    assert digest(root) != before
