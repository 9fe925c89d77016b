"""Only pictures and PDFs are published from content/images/ (tests/hostile/uploads/, whose refusals are
tests/hostile/uploads.expect), and SVG files are programs: only plain drawings are published
(tests/hostile/images/)."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from conftest import ROOT, hub_settings, load_hub
from hub.core.images import image_problems

HOSTILE = Path(__file__).parent / "hostile"
CASES = sorted((HOSTILE / "images").glob("*.svg"))
UPLOADS = HOSTILE / "uploads"


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


def test_only_pictures_and_pdfs_that_are_what_their_names_say_are_published(hub_tree):
    """A web page uploaded as a picture (poster.html, photo.png.htm, a page renamed .png) would run its
    script at the hub's own address; real pictures and PDFs, whatever the case of their names, are kept."""
    shutil.copytree(UPLOADS, hub_tree / "content" / "images" / "uploads")
    (hub_tree / "content" / "images" / "uploads" / ".gitkeep").write_text("")  # Pelican skips dot files
    _, problems = load_hub(hub_tree)
    expected_lines = (HOSTILE / "uploads.expect").read_text(encoding="utf-8").splitlines()
    assert [str(p) for p in problems] == expected_lines
    refused = {line.split(":", 1)[0].rsplit("/", 1)[1] for line in expected_lines}
    assert refused == {"poster.html", "poster.xhtml", "photo.png.htm", "renamed-page.png", "no-extension"}


def test_a_build_with_a_web_page_among_the_uploads_publishes_nothing(tmp_path):
    from conftest import run_pelican

    root = tmp_path / "hub"
    for name in ("members", "events", "content"):
        shutil.copytree(ROOT / name, root / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("categories.yaml", "places.yaml"):
        shutil.copy(ROOT / name, root / name)
    (root / "content" / "images" / "uploads").mkdir()
    for name in ("poster.html", "one-pixel.PNG"):
        shutil.copy(UPLOADS / name, root / "content" / "images" / "uploads" / name)
    result = run_pelican(root, tmp_path / "out")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "content/images/uploads/poster.html:1: (file): is a '.html' file" in result.stderr
    assert "Traceback" not in result.stderr and not (tmp_path / "out" / "images" / "uploads").exists()
