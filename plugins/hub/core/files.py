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


_MADE: set[str] = set()  # folders this process made or found: a build puts thousands of files in a few


def _folder_for(path: Path) -> None:
    folder = str(path.parent)
    if folder not in _MADE:
        os.makedirs(folder, exist_ok=True)
        if len(_MADE) > 100_000:
            _MADE.clear()
        _MADE.add(folder)


def _in_folder(path: Path, put) -> None:
    """`put()`, which puts a file at `path`, once its folder is there (made again if it went since)."""
    _folder_for(path)
    try:
        put()
    except FileNotFoundError:
        _MADE.discard(str(path.parent))
        _folder_for(path)
        put()


def link_previous(old: Path, new: Path) -> None:
    """The previous build's file `old` in place at `new` (the same file, modification time and all;
    a copy across file systems)."""
    if old == new:
        return

    def put():
        with contextlib.suppress(FileNotFoundError):
            new.unlink()
        try:
            os.link(old, new)
        except FileNotFoundError:
            raise
        except OSError:
            shutil.copy2(old, new)

    _in_folder(new, put)


def write_bytes(path: Path, data: bytes) -> None:
    def put():
        with contextlib.suppress(FileNotFoundError):
            path.unlink()  # never write through a link into the previous build
        path.write_bytes(data)

    _in_folder(path, put)


def link_tree(old: Path, new: Path) -> None:
    """Every file of the previous build's folder `old` at `new`, as `link_previous` puts one."""
    shutil.copytree(old, new, copy_function=lambda source, target: link_previous(Path(source), Path(target)))


def keep_or_write(old: Path, path: Path, data: bytes) -> bool:
    """`data` at `path`: the previous build's file `old` when it holds the same bytes (linked, or left
    alone when it is `path` itself), else written. Whether it was kept."""
    if same_file(old, data):
        link_previous(old, path)
        return True
    write_bytes(path, data)
    return False
