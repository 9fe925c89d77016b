"""Every store a build keeps is in the ledger (core/ledger.py); a damaged one is found and made again,
never used; `invoke clean` removes them all."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from test_incremental import FAST, differences

from conftest import NOW, ROOT, copy_of_the_example, run_pelican
from hub.core import ledger


def stores_of(cache: Path) -> dict[str, list[Path]]:
    """The files of each store of the ledger kept under `cache`."""
    found = {}
    for store in ledger.STORES:
        if store.base != "HUB_CACHE_PATH":
            continue
        path = store.path(cache)
        found[store.name] = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else \
            ([path] if path.is_file() else [])
    return found


def test_every_file_the_cache_holds_belongs_to_a_store_of_the_ledger(tmp_path):
    root = copy_of_the_example(tmp_path / "hub")
    assert run_pelican(root, tmp_path / "out", extra=FAST).returncode == 0
    cache = root / ".cache/hub"
    declared = {path for paths in stores_of(cache).values() for path in paths}
    assert {path for path in cache.rglob("*") if path.is_file()} == declared
    assert all(stores_of(cache)[name] for name in ("documents", "checks", "matching", "templates", "posts",
                                                   "member-records", "calendar-blocks"))


def test_a_truncated_or_altered_store_is_made_again_and_the_build_is_the_clean_one(tmp_path):
    """Each file of each store cut in half, or one byte of it changed: the next build reads none of
    them (a truncated Pelican cache used to stop the build with an EOFError) and is the clean build."""
    root = copy_of_the_example(tmp_path / "hub")
    output = tmp_path / "out"
    assert run_pelican(root, output, extra=FAST).returncode == 0
    (root / "members/tile-hill-lunch-club.yaml").write_text(
        (root / "members/tile-hill-lunch-club.yaml").read_text(encoding="utf-8").replace(
            "two-course lunch", "warm two-course lunch"), encoding="utf-8")
    damaged = 0
    for number, path in enumerate(p for paths in stores_of(root / ".cache/hub").values() for p in paths):
        data = path.read_bytes()
        if number % 2:
            path.write_bytes(data[: len(data) // 2])
        else:
            middle = len(data) // 2
            path.write_bytes(data[:middle] + bytes([data[middle] ^ 0x55]) + data[middle + 1:])
        damaged += 1
    assert damaged > 10
    result = run_pelican(root, output, extra=FAST)
    assert result.returncode == 0, result.stderr[-3000:]
    clean = tmp_path / "clean"
    assert run_pelican(root, clean, extra={**FAST, "HUB_CACHE_PATH": ".cache/clean"}).returncode == 0
    assert differences(output, clean) == []
    assert "warm two-course lunch" in (output / "members/tile-hill-lunch-club/index.html").read_text(encoding="utf-8")


def test_a_sealed_store_is_read_only_whole(tmp_path):
    path = tmp_path / "store"
    ledger.seal(path, b"what was kept")
    assert ledger.unseal(path) == b"what was kept"
    data = path.read_bytes()
    path.write_bytes(data[:-1] + b"X")
    assert ledger.unseal(path) is None
    path.write_bytes(data[:-3])
    assert ledger.unseal(path) is None
    path.write_bytes(b"what was kept")  # not written by seal
    assert ledger.unseal(path) is None


def test_invoke_clean_removes_every_store_and_the_kept_builds(tmp_path):
    root = copy_of_the_example(tmp_path / "hub")
    for name in ("tasks.py", "pelicanconf.py"):
        shutil.copy(ROOT / name, root / name)
    shutil.copytree(ROOT / "theme", root / "theme")
    (root / "plugins").symlink_to(ROOT / "plugins")
    env = {"HUB_EVENTS_NOW": NOW, "PATH": str(Path(sys.executable).parent) + ":/usr/bin:/bin"}
    built = subprocess.run([sys.executable, "-m", "invoke", "build"], cwd=root, env=env, capture_output=True, text=True)
    assert built.returncode == 0, built.stderr[-3000:]
    assert any(stores_of(root / ".cache/hub").values()) and (root / "output").is_symlink()
    cleaned = subprocess.run([sys.executable, "-m", "invoke", "clean"], cwd=root, env=env, capture_output=True,
                             text=True)
    assert cleaned.returncode == 0, cleaned.stderr[-3000:]
    assert not any(stores_of(root / ".cache/hub").values())
    assert not (root / "output").exists() and not (root / ".builds").exists()
    assert "removed .cache/hub/checks.pickle" in cleaned.stdout
