"""Putting a build's files in place without touching the previous build's: a file that is the same
is the previous one (linked, modification time and all), and a new one never writes through a link
into the previous build's folder. Pure: no Pelican."""
from __future__ import annotations

import contextlib
import os
import shutil
from pathlib import Path


def same_file(path: Path, data: bytes) -> bool:
    """Whether the file at `path` holds exactly `data`."""
    try:
        if path.stat().st_size != len(data):
            return False
        return path.read_bytes() == data
    except OSError:
        return False


def link_previous(old: Path, new: Path) -> None:
    """The previous build's file `old` in place at `new` (the same file, modification time and all;
    a copy across file systems)."""
    if old == new:
        return
    new.parent.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(FileNotFoundError):
        new.unlink()
    try:
        os.link(old, new)
    except OSError:
        shutil.copy2(old, new)


def write_bytes(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(FileNotFoundError):
        path.unlink()  # never write through a link into the previous build
    path.write_bytes(data)


def link_tree(old: Path, new: Path) -> None:
    """Every file of the previous build's folder `old` at `new`, as `link_previous` puts one."""
    shutil.copytree(old, new, copy_function=lambda source, target: link_previous(Path(source), Path(target)))
