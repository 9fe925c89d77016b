"""What a build reads (core/inputs.py) and the build's clock (core/settings.clock): `invoke build` does
nothing only when none of it changed."""
from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from hub.core.inputs import build_inputs, file_digests
from hub.core.settings import clock, load_settings

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
    return build_inputs(root, NOW, ["pelicanconf.py"], frozenset({root / "output"})).digest


def test_every_file_of_the_hub_counts_but_the_folders_no_build_reads(tmp_path):
    root = hub(tmp_path)
    assert sorted(file_digests(root, frozenset({root / "output"}))) == [
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
    os.environ["HUB_EVENTS_WINDOW_MONTHS"] = "6"
    try:
        changed = digest(root)
    finally:
        del os.environ["HUB_EVENTS_WINDOW_MONTHS"]
    assert digest(root) != changed


def test_the_clock_and_the_command_count(tmp_path):
    root = hub(tmp_path)
    assert build_inputs(root, NOW, ["pelicanconf.py"]).digest != build_inputs(
        root, NOW + dt.timedelta(minutes=15), ["pelicanconf.py"]).digest
    assert build_inputs(root, NOW, ["pelicanconf.py"]).digest != build_inputs(root, NOW, ["publishconf.py"]).digest


def test_the_build_s_clock_moves_in_steps_that_start_on_the_quarter_hour():
    assert clock(15, dt.datetime(2026, 12, 8, 9, 14, 59, 999, tzinfo=dt.UTC)) == NOW
    assert clock(15, dt.datetime(2026, 12, 8, 9, 15, tzinfo=dt.UTC)) == NOW + dt.timedelta(minutes=15)
    assert clock(1, dt.datetime(2026, 12, 8, 9, 0, 42, tzinfo=dt.UTC)) == NOW
    settings = load_settings({"HUB_CLOCK_MINUTES": 60}, root=Path("."))
    assert settings.now.minute == settings.now.second == 0 and settings.now <= dt.datetime.now(dt.UTC)
