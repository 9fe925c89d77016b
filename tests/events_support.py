"""Helpers for the events tests: tiny trees, the pinned 'now', loading and building them."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import NOW, ROOT, hub_settings, load_hub, run_pelican
from hub.events.agenda import build_agenda

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "events"


def tree(tmp_path: Path, events: dict[str, str] | None = None, members: Path = FIXTURES / "members") -> Path:
    """A hub tree: the example categories and places, the fixture members, and `events` {slug: YAML text}."""
    root = tmp_path / "hub"
    (root / "events").mkdir(parents=True)
    shutil.copy(ROOT / "categories.yaml", root / "categories.yaml")
    shutil.copy(ROOT / "places.yaml", root / "places.yaml")
    shutil.copytree(members, root / "members")
    for slug, text in (events or {}).items():
        (root / "events" / f"{slug}.yaml").write_text(text, encoding="utf-8")
    return root


def load(root: Path):
    hub, problems = load_hub(root)
    return hub, hub.events, problems


def agenda(root: Path, now: str = NOW, **settings):
    hub, _, problems = load(root)
    assert problems == [], "\n".join(map(str, problems))
    return build_agenda(hub, hub_settings(root, HUB_EVENTS_NOW=now, **settings))


def build(root: Path, output: Path, now: str = NOW):
    """`run_pelican` on the day `now`."""
    return run_pelican(root, output, now=now)


@pytest.fixture(scope="session")
def events_site(site) -> Path:
    """The example hub built on the pinned day (the shared `site` fixture; one build per session)."""
    return site
