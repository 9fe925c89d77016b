"""The ledger: every store a build keeps between builds, declared once. Pure: no Pelican.

Each store says where it lives, what it holds, what its key covers, what makes it stale, how big it
can grow and how a damaged copy is found. The code that keeps a store asks `location` where it is;
`invoke clean` removes every one (`clean`); docs/develop.md's table is made from `STORES`
(`table`, by `invoke docs`). A store is only ever a shortcut: builds made with it are the builds
made from nothing (tests/test_incremental.py), and one that cannot be read whole is made again.

Files kept with a checksum (`seal`, `unseal`) are written whole or not at all (a temporary file,
then a rename), and read only when their SHA-256 matches: a truncated or altered store is found,
ignored and made again, never used.
"""
from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

MAGIC = b"hub-store 1\n"


@dataclass(frozen=True)
class Store:
    name: str
    where: str       # a path under HUB_CACHE_PATH (a folder ends with /), or under `base`
    holds: str
    key: str         # what its key covers: the store is used only when all of it is the same
    stale_when: str  # what makes it stale
    bound: str       # how big it can grow
    damaged: str     # how a truncated or altered copy is found
    base: str = "HUB_CACHE_PATH"  # or "the repository", or "each build"

    def path(self, cache: Path) -> Path:
        assert self.base == "HUB_CACHE_PATH", self.name
        return cache / self.where


STORES = (
    Store("documents", "documents.pickle", "the parse of every YAML file (values with their lines)",
          "the file's bytes and name, the parser's code", "a file's bytes, yamlio.py, yamlhints.py",
          "the files of the tree: only what a build read is written back", "checksum"),
    Store("checks", "checks.pickle", "the checked model of every valid profile, event and introduction",
          "the file's bytes and name, the vocabulary, the places, the settings it reads, the files it "
          "names (looked for again), the plugin's code", "any of those", "the files of the tree", "checksum"),
    Store("matching", "memo/matching.pickle", "the matches, by category, mutual pairs and their pages",
          "site/matching.matching_view: members' names, places, offers and needs, the introductions, "
          "the vocabulary, the places; the plugin's code (matching is given nothing else)",
          "any of those (not a summary or a description)", "one result", "checksum"),
    Store("member-records", "kept/member-records.pickle", "each member's members.json record",
          "the member, the site's address, the plugin's code", "any of those", "the members of the tree",
          "checksum"),
    Store("event-hashes", "kept/event-hashes.pickle", "the hash of each event the SEQUENCE lock compares",
          "the event, the plugin's code", "any of those", "the events of the tree", "checksum"),
    Store("calendar-blocks", "kept/calendar-blocks.pickle", "each event's VEVENTs, serialised",
          "what ical.block is given: the event, its SEQUENCE stamp, the site's address, its organiser's "
          "name, the categories' labels; the plugin's code", "any of those", "the events of the tree", "checksum"),
    Store("search-words", "kept/search-words.pickle", "the spelling words of each page's text for search",
          "the text, the plugin's code", "any of those", "the pages of the tree", "checksum"),
    Store("templates", "jinja/", "compiled templates (Jinja's bytecode cache)",
          "the template's name and source, Jinja's and Python's versions", "a template's source",
          "a file per template", "checksum"),
    Store("posts", "pelican/", "Pelican's reading of each post and page of content/",
          "the file's SHA-256 (CHECK_MODIFIED_METHOD) in a folder named by the settings and the code "
          "that read it", "a file's bytes; any setting or code (another folder; the old one is removed)",
          "the posts of content/, one folder", "checksum (site.seal_pelican_cache)"),
    Store("last build", "last-build/", "what the build output/ links to was made from (`invoke build`, "
          "`invoke publish`): one digest of its inputs (core/inputs.py)", "every file of the hub's folder, git's "
          "commit, the libraries, the environment, the command, the clock's step",
          "any of those: the next build runs", "one record", "checksum"),
    Store("previous build", ".builds/", "the previous build, whose file each new build keeps when "
          "it comes out the same (output/ and .preview/ link to theirs)", "the file's bytes, compared whole",
          "nothing: a file is kept only when its bytes are the new ones", "two builds of each",
          "compared byte for byte", base="the repository"),
    Store("search bundles", "pagefind/, pagefind-shards/", "Pagefind's index of each group of pages, in the build",
          "the bytes of every page of the group, Pagefind's version, search/index.py",
          "any page of the group", "one bundle per HUB_SEARCH_SHARD_KB of pages", "its key file, whole",
          base="each build"),
)

BY_NAME = {store.name: store for store in STORES}


def location(cache: Path | None, name: str) -> Path | None:
    """Where the store `name` lives under the cache folder `cache` (None: nothing is kept)."""
    return None if cache is None else BY_NAME[name].path(cache)


def seal(path: Path, payload: bytes) -> None:
    """Keep `payload` at `path` with its checksum, whole or not at all."""
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_bytes(MAGIC + hashlib.sha256(payload).digest() + payload)
        os.replace(temporary, path)
    except OSError:
        with contextlib.suppress(OSError):
            temporary.unlink()


def unseal(path: Path) -> bytes | None:
    """What `seal` kept at `path`, or None when there is none or it is not whole (truncated, altered,
    or written by something else): the caller makes it again."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    head = len(MAGIC) + 32
    if not data.startswith(MAGIC) or len(data) < head:
        return None
    payload = data[head:]
    return payload if hashlib.sha256(payload).digest() == data[len(MAGIC):head] else None


def clean(cache: Path, root: Path) -> list[Path]:
    """Remove every store of the cache folder and every kept build: the next build starts from
    nothing. The paths removed."""
    removed = []
    for store in STORES:
        path = store.path(cache) if store.base == "HUB_CACHE_PATH" else None
        if path is not None and path.exists():
            shutil.rmtree(path) if path.is_dir() else path.unlink()
            removed.append(path)
    for leftover in (cache / "memo", cache / "kept", cache / "pages"):  # emptied folders, an older layout
        if leftover.is_dir():
            shutil.rmtree(leftover)
    for kept in (root / ".builds", root / "output", root / ".preview"):
        if kept.is_symlink():
            kept.unlink()
            removed.append(kept)
        elif kept.is_dir():
            shutil.rmtree(kept)
            removed.append(kept)
    return removed


def table() -> str:
    """docs/develop.md's table of the stores (made by `invoke docs`)."""
    lines = ["| store | where | holds | key covers | stale when | bound | damaged copy |",
             "| --- | --- | --- | --- | --- | --- | --- |"]
    for store in STORES:
        where = ", ".join(f"`{part}`" for part in store.where.split(", "))
        lines.append(f"| {store.name} | {where} in {store.base} | {store.holds} | {store.key} | {store.stale_when} | "
                     f"{store.bound} | {store.damaged} |")
    return "\n".join(lines) + "\n"
