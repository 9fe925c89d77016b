"""Helpers for the events tests: tiny trees, the pinned 'now', loading and building them."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from conftest import ROOT, run_pelican
from hub.agenda import build_agenda, check_events
from hub.loader import load_hub

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "events"
NOW = "2026-11-21T12:00:00Z"  # the example hub's "today"


def tree(tmp_path: Path, events: dict[str, str] | None = None, members: Path = FIXTURES / "members") -> Path:
    """A hub tree: the example categories, the fixture members, and `events` {slug: YAML text}."""
    root = tmp_path / "hub"
    (root / "events").mkdir(parents=True)
    shutil.copy(ROOT / "categories.yaml", root / "categories.yaml")
    shutil.copytree(members, root / "members")
    for slug, text in (events or {}).items():
        (root / "events" / f"{slug}.yaml").write_text(text, encoding="utf-8")
    return root


def load(root: Path):
    hub, problems = load_hub(root / "members", root / "categories.yaml", root=root)
    events, event_problems = check_events(root, None, hub.vocabulary, root / "members")
    return hub, events, [*problems, *event_problems]


def agenda(root: Path, now: str = NOW, **settings):
    hub, events, problems = load(root)
    assert problems == [], "\n".join(map(str, problems))
    return build_agenda(hub, events, {"HUB_EVENTS_NOW": now, **settings}, root=root)


def build(root: Path, output: Path, now: str = NOW):
    """`run_pelican` with 'now' pinned (the plugin reads $HUB_EVENTS_NOW when the setting is unset)."""
    old = os.environ.get("HUB_EVENTS_NOW")
    os.environ["HUB_EVENTS_NOW"] = now
    try:
        return run_pelican(root, output)
    finally:
        if old is None:
            os.environ.pop("HUB_EVENTS_NOW", None)
        else:
            os.environ["HUB_EVENTS_NOW"] = old


@pytest.fixture(scope="session")
def events_site(tmp_path_factory) -> Path:
    """The example hub built as `invoke build` would, on the pinned day (2026-11-21 12:00 UTC)."""
    output = tmp_path_factory.mktemp("events-site")
    result = build(ROOT, output)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stdout + result.stderr, result.stdout + result.stderr
    return output
