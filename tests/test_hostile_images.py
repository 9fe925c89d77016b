"""SVG files are programs: only plain drawings are published (tests/hostile/images/)."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from conftest import ROOT, hub_settings, load_hub
from hub.core.images import image_problems

CASES = sorted((Path(__file__).parent / "hostile" / "images").glob("*.svg"))


def expected(case: Path) -> list[str]:
    return re.findall(r"<!-- expect: (.*?) -->", case.read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_an_svg_is_published_only_when_it_is_a_plain_drawing(case, hub_tree):
    (hub_tree / "content" / "images").mkdir(parents=True)
    shutil.copy(case, hub_tree / "content" / "images" / case.name)
    assert [str(p) for p in image_problems(hub_settings(hub_tree))] == expected(case)


def test_validate_reports_every_hostile_svg_at_once(hub_tree):
    shutil.copytree(Path(__file__).parent / "hostile" / "images", hub_tree / "content" / "images")
    _, problems = load_hub(hub_tree)
    assert [str(p) for p in problems] == sorted(line for case in CASES for line in expected(case))


def test_the_example_hubs_own_svgs_are_plain_drawings():
    assert image_problems(hub_settings(ROOT)) == []


def test_a_build_with_a_scripted_svg_publishes_nothing(tmp_path):
    from conftest import run_pelican

    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    shutil.copy(Path(__file__).parent / "hostile" / "images" / "onload.svg", content / "images" / "onload.svg")
    root = tmp_path / "hub"
    for name in ("members", "events"):
        shutil.copytree(ROOT / name, root / name)
    shutil.copy(ROOT / "categories.yaml", root / "categories.yaml")
    shutil.move(content, root / "content")
    result = run_pelican(root, tmp_path / "out")
    assert result.returncode == 1, result.stdout + result.stderr
    assert expected(Path(__file__).parent / "hostile" / "images" / "onload.svg")[0] in result.stderr
    assert "Traceback" not in result.stderr and not (tmp_path / "out" / "images" / "onload.svg").exists()
