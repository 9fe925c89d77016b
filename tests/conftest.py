"""Shared fixtures: the example hub built once per test session, and tiny hubs built from tmp trees."""
from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from hub.core.settings import HubSettings, load_settings
from hub.tree import load_tree

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
CONTENT = FIXTURES / "content"  # content/ for small test hubs that have none (see its README)


# The tests' members serve their feeds on 127.0.0.1, which `invoke fetch` refuses for a real hub (a
# member's feed address is untrusted): allowed here, in this process and the commands it starts.
# tests/test_fetch_addresses.py takes it away again to check the refusal.
os.environ["HUB_FETCH_LOCAL"] = "1"

# The example hub's "today": builds in tests pin it, so upcoming/past events and "this week" do not
# change with the day the suite runs.
NOW = "2026-11-21T12:00:00Z"


def pytest_xdist_auto_num_workers(config) -> int:
    """`-n auto` (pyproject.toml): one process more than the machine has cores. Tests spend part of
    their time waiting for chromium, servers and builds; on 2 cores the suite took 401 s with 2
    processes, 336 s with 3 and 369 s with 4."""
    return (os.cpu_count() or 1) + 1


def free_port() -> int:
    """A port on 127.0.0.1 that nothing listens on (the tests' servers start on it)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def hub_settings(root: Path, **settings) -> HubSettings:
    """The checked settings of a hub tree in `root` (HUB_* keys as in pelicanconf.py)."""
    return load_settings({"HUB_ROOT": str(root), **settings}, root)


def load_hub(root: Path, **settings):
    """(hub, problems) of the tree in `root`, read and checked as the build does."""
    return load_tree(hub_settings(root, **settings))


# What builds, tests and tools make beside the repository's files: never copied (other test processes
# are writing some of them while a test copies the repository).
NOT_COPIED = (".git", "output", "output.*", ".builds", ".preview", ".build.lock", ".cache", ".hypothesis",
              ".pytest_cache", "__pycache__", "node_modules", ".venv", "*.egg-info", "pdf")


def copy_of_repository(target: Path, *also: str) -> Path:
    """The repository's own files (its hub, settings, theme, plugin and tasks) in `target`, without
    `NOT_COPIED` and the names `also`."""
    shutil.copytree(ROOT, target, ignore=shutil.ignore_patterns(*NOT_COPIED, *also))
    return target


def copy_of_the_example(root: Path) -> Path:
    """The example hub's files (members, events, introductions, content, data, the vocabularies) in `root`."""
    for name in ("members", "events", "introductions", "content", "data"):
        shutil.copytree(ROOT / name, root / name)
    for name in ("categories.yaml", "places.yaml"):
        shutil.copy(ROOT / name, root / name)
    return root


def run_pelican(root: Path, output: Path, settings: str = "pelicanconf.py", content: Path | None = None,
                now: str = NOW, extra: dict | None = None):
    """Build the hub whose members/, categories.yaml (and content/) live in `root`, with the
    project's settings, theme and plugin, as `invoke build` would, on the day `now`. A hub without
    a content/ of its own gets the small one in tests/fixtures/content (the repository's links to
    its own members and events). Returns the CompletedProcess."""
    content = content or (root / "content" if (root / "content").is_dir() else CONTENT)
    extra = {"HUB_ROOT": str(root), "PATH": str(content), **(extra or {})}
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if worker and root.resolve() == ROOT:  # each test process keeps its own stores of the repository's hub
        extra.setdefault("HUB_CACHE_PATH", f".cache/hub/tests-{worker}")  # inside the cache: never an input
    args = [sys.executable, "-m", "pelican", str(content), "-s", str(ROOT / settings), "-o", str(output),
            "--fatal", "warnings"]
    # One -e with every pair: Pelican keeps only the last -e flag.
    args += ["-e", *(f"{key}={json.dumps(value)}" for key, value in extra.items())]
    env = {**os.environ, "HUB_EVENTS_NOW": now}
    return subprocess.run(args, cwd=ROOT, capture_output=True, text=True, env=env)


@contextlib.contextmanager
def made_once(tmp_path_factory, worker_id: str, name: str):
    """A folder `name` that the whole run shares (the suite runs on every core, pytest-xdist): yields
    (folder, made); the block fills the folder when `made` is False. One process fills it while the
    others wait, so a build the session fixtures need is made once, not once per process."""
    base = tmp_path_factory.getbasetemp()
    shared = base.parent if worker_id != "master" else base
    folder, done = shared / name, shared / f"{name}.done"
    with open(shared / f"{name}.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        made = done.is_file()
        if not made:
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
        yield folder, made
        done.touch()


@pytest.fixture(scope="session")
def site(tmp_path_factory, worker_id) -> Path:
    """The example hub, built from the repository's own files on the pinned day."""
    with made_once(tmp_path_factory, worker_id, "site") as (output, made):
        if not made:
            result = run_pelican(ROOT, output)
            assert result.returncode == 0, result.stdout + result.stderr
            assert "WARNING" not in result.stdout + result.stderr, result.stdout + result.stderr
    return output


LARGE_HUB = 2000  # members of the synthetic hub the page-size and browser checks build
LOUD_MEMBER, DAILY_EVENT = "everything-everywhere", "daily-coffee-morning"  # the heaviest a member and an event can be
WORDS = "Our hall's kitchen, garden & meeting room are free for groups on weekday mornings; ask us. "
DAILY_EVENT_YAML = f"""title: Daily coffee morning, with a long title as some groups write them for everyone nearby
start: 2025-11-22 10:00
duration: 1 hour
organiser: {LOUD_MEMBER}
location:
  name: The community hall on the corner of the high street, by the library
  address: 1 High Street, Coventry
repeat: FREQ=DAILY
"""


def loud_member() -> str:
    """A profile at the schema's limits: 50 offers and 50 needs, each with 2,000 characters of details
    and 50 areas, a 10,000-character description and 30 themes."""
    details = (WORDS * 30)[:1990]
    areas = "[" + ", ".join(f"Neighbourhood number {n:02d} of the county" for n in range(50)) + "]"

    def items(kind: str, category: str) -> str:
        return "".join(f"  - category: {category}\n    title: \"{kind} {n}: {('a long title ' * 9)[:100]}\"\n"
                       f"    details: \"{details}\"\n    areas: {areas}\n" for n in range(50))

    themes = ", ".join(f"theme number {n} about a thing we care for"[:40] for n in range(30))
    return (f"name: Everything Everywhere Community Trust\nsummary: \"{('We do a great deal. ' * 10)[:199]}\"\n"
            f"description: \"{(WORDS * 120)[:9990]}\"\nareas: {areas}\nthemes: [{themes}]\n"
            f"offers:\n{items('Offer', 'venues')}needs:\n{items('Need', 'volunteers')}")


@pytest.fixture(scope="session")
def large_site(tmp_path_factory, worker_id) -> tuple[Path, Path]:
    """(tree, output): a synthetic hub of LARGE_HUB members (bench/build_bench.py: 5 offers and 5 needs
    each over 50 places, 2 events a member, a learning post for every 5), with a member at the schema's
    limits and a daily series a year old, built once per session on the pinned day, without the search
    index."""
    sys.path.insert(0, str(ROOT / "bench"))
    from build_bench import write_hub

    with made_once(tmp_path_factory, worker_id, "large") as (work, made):
        tree, output = work / "hub", work / "out"
        if not made:
            write_hub(LARGE_HUB, tree)
            (tree / "members" / f"{LOUD_MEMBER}.yaml").write_text(loud_member(), encoding="utf-8")
            (tree / "events" / f"{DAILY_EVENT}.yaml").write_text(DAILY_EVENT_YAML, encoding="utf-8")
            result = run_pelican(tree, output, extra={"HUB_SEARCH_INDEX": False})
            assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return tree, output


@pytest.fixture(scope="session")
def events_site(site) -> Path:
    """The example hub, as the events tests call it (the same single build)."""
    return site


@pytest.fixture
def hub_tree(tmp_path) -> Path:
    """A copy of the example categories.yaml and places.yaml, and empty members/ and events/ folders."""
    shutil.copy(ROOT / "categories.yaml", tmp_path / "categories.yaml")
    shutil.copy(ROOT / "places.yaml", tmp_path / "places.yaml")
    (tmp_path / "members").mkdir()
    (tmp_path / "events").mkdir()
    return tmp_path
