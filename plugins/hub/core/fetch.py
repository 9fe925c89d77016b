"""Fetching members' own feeds (calendars, news) into a cache kept in the repository: one code path
for every kind, so each has the same limits and the same guarantees.

- Only http(s); at most 5 redirects, never to another scheme.
- One wall-clock deadline per feed for everything (name look-up, connecting, every redirect, the
  headers, the body), however slowly a server sends them; a size cap on the body.
- Conditional requests: the ETag and Last-Modified a server gave are kept in the cache's index and
  sent back (If-None-Match, If-Modified-Since); a 304 keeps the cached copy.
- A copy replaces the cached one only if it parses (the kind's `parse`), so the last good copy is
  always what the build reads. A feed that cannot be fetched or read is a warning naming the
  member; nothing here raises for a member's mistake.

The build never calls this: it reads the cache only (offline), so it is deterministic and never
waits on a member's server. `invoke fetch` does. Pure: no Pelican.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import http.client
import ipaddress
import json
import os
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

TIMEOUT = 10.0
MAX_BYTES = 5 * 1024 * 1024
USER_AGENT = "coalition-hub-feed-fetcher/1.0 (+https://hub.coalition.example.org/)"
INDEX = "index.json"


def _switched_on(name: str) -> bool:
    """Whether the environment variable `name` says yes (1, true, yes or on)."""
    return os.environ.get(name, "").strip().lower() in ("1", "true", "yes", "on")


def offline_requested() -> bool:
    """`HUB_OFFLINE=1` (or true/yes): use the cached copies only, touch no network."""
    return _switched_on("HUB_OFFLINE")


def local_allowed() -> bool:
    """`HUB_FETCH_LOCAL=1`: fetch from this computer and private networks too (the tests' servers on
    127.0.0.1). Never set for a real hub: a member's feed address is untrusted."""
    return _switched_on("HUB_FETCH_LOCAL")


class FetchError(Exception):
    pass


def _public_address(host: str, port: int) -> tuple[str, int]:
    """The first address of `host` that is on the public internet, or FetchError: a member's feed at
    127.0.0.1, a private network (10.x, 192.168.x) or 169.254.169.254 (a cloud machine's own
    settings, with its keys) would make `invoke fetch` read what only this computer can reach. The
    address is checked after the name is looked up, for every connection (each redirect too), and
    the connection goes to the address checked, so a name cannot change its answer in between."""
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError as error:
        raise FetchError(f"cannot connect ({error.strerror or error})") from None
    refused = None
    for *_, address in found:
        ip = ipaddress.ip_address(address[0].split("%", 1)[0])
        if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
            ip = ip.ipv4_mapped
        if ip.is_global and not ip.is_multicast:
            return address[0], port
        refused = ip
    raise FetchError(f"its address is {refused}, on this computer or a private network, not a public website; "
                     "the hub fetches only from public websites")


class _SafeRedirects(urllib.request.HTTPRedirectHandler):
    max_redirections = 5

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if not newurl.lower().startswith(("http://", "https://")):
            raise FetchError(f"redirected to '{newurl}', which is not an http(s) address")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


class _Deadline:
    """One wall-clock limit for a whole download: name look-up, connecting, every redirect, the
    headers and the body. A socket timeout limits each read only, so a server sending a byte a
    second (in the body, or in the headers, which http.client reads line by line) would never
    trip it; at the deadline every socket of the download is shut down instead, which ends any
    read it is waiting in."""

    def __init__(self, seconds: float):
        self.end = time.monotonic() + seconds
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self.expired = False

    def remaining(self) -> float:
        return max(0.001, self.end - time.monotonic())

    def watch(self, sock: socket.socket) -> socket.socket:
        with self._lock:
            self._sockets.append(sock)
            if self.expired:
                self._shut(sock)
        return sock

    def expire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self._sockets:
                self._shut(sock)

    @staticmethod
    def _shut(sock: socket.socket) -> None:
        with contextlib.suppress(OSError):  # already closed
            sock.shutdown(socket.SHUT_RDWR)


def _watched(connection_class, deadline: _Deadline):
    """`connection_class` (HTTP or HTTPS) whose sockets connect within what is left of the deadline
    and are handed to it (the plain socket, under TLS too, so the handshake is covered)."""

    class Watched(connection_class):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)

            def connect(address, timeout, source=None):
                if not local_allowed():
                    address = _public_address(*address)
                return deadline.watch(socket.create_connection(address, deadline.remaining(), source))

            self._create_connection = connect

    return Watched


class _DeadlineHTTP(urllib.request.HTTPHandler):
    def __init__(self, deadline: _Deadline):
        super().__init__()
        self.deadline = deadline

    def http_open(self, req):
        return self.do_open(_watched(http.client.HTTPConnection, self.deadline), req)


class _DeadlineHTTPS(urllib.request.HTTPSHandler):
    def __init__(self, deadline: _Deadline):
        super().__init__()
        self.deadline = deadline

    def https_open(self, req):
        return self.do_open(_watched(http.client.HTTPSConnection, self.deadline), req, context=self._context)


@dataclass(frozen=True)
class Response:
    body: bytes | None                # None: the server said the copy we have is current (304)
    etag: str | None = None
    last_modified: str | None = None


def download(url: str, timeout: float = TIMEOUT, max_bytes: int = MAX_BYTES, accept: str = "*/*",
             etag: str | None = None, last_modified: str | None = None) -> Response:
    """The body at `url` (or None for 304 Not Modified when `etag`/`last_modified` are given), or
    FetchError saying why not. `timeout` is one deadline for the whole download: the download runs
    in a worker thread, and at the deadline its sockets are shut down and it is given up on (a name
    look-up cannot be interrupted: that thread ends on its own)."""
    if not url.lower().startswith(("http://", "https://")):
        raise FetchError("only http:// and https:// addresses are fetched")
    deadline = _Deadline(timeout)
    outcome: dict = {}
    headers = {"User-Agent": USER_AGENT, "Accept": accept}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified

    def work() -> None:
        try:
            outcome["response"] = _download(url, headers, timeout, max_bytes, deadline)
        except Exception as error:
            outcome["error"] = error

    worker = threading.Thread(target=work, name=f"download {url}", daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        deadline.expire()
        worker.join(1.0)  # a read ends as soon as its socket is shut down
        raise FetchError(f"took longer than {timeout:g} seconds")
    if "error" in outcome:
        raise outcome["error"]
    return outcome["response"]


def _download(url: str, headers: dict, timeout: float, max_bytes: int, deadline: _Deadline) -> Response:
    opener = urllib.request.build_opener(_SafeRedirects(), _DeadlineHTTP(deadline), _DeadlineHTTPS(deadline))
    request = urllib.request.Request(url, headers=headers)
    too_slow = FetchError(f"took longer than {timeout:g} seconds")
    try:
        with opener.open(request, timeout=timeout) as response:
            chunks, size = [], 0
            while True:
                chunk = response.read(64 * 1024)
                if not chunk:
                    break
                size += len(chunk)
                if size > max_bytes:
                    raise FetchError(f"is larger than {max_bytes // (1024 * 1024)} MB")
                chunks.append(chunk)
            return Response(b"".join(chunks), response.headers.get("ETag"), response.headers.get("Last-Modified"))
    except FetchError:
        raise
    except urllib.error.HTTPError as error:
        if error.code == 304:
            return Response(None, error.headers.get("ETag") if error.headers else None,
                            error.headers.get("Last-Modified") if error.headers else None)
        location = error.headers.get("Location") if error.headers else None
        if 300 <= error.code < 400 and location:
            # urllib gives up on a redirect it will not follow: an address that is not http(s),
            # or one more redirect than it allows (a loop comes back to an address it has seen).
            if urllib.parse.urljoin(error.url or url, location).lower().startswith(("http://", "https://")):
                raise FetchError(f"it redirects too many times (in a loop, or more than "
                                 f"{_SafeRedirects.max_redirections} times)") from None
            raise FetchError(f"redirected to '{location}', which is not an http(s) address") from None
        raise FetchError(f"the server answered {error.code} {error.reason}") from None
    except urllib.error.URLError as error:
        reason = error.reason
        if isinstance(reason, (TimeoutError, OSError)) and "timed out" in str(reason):
            raise too_slow from None
        raise FetchError(f"cannot connect ({reason})") from None
    except TimeoutError:
        raise too_slow from None
    except (OSError, ValueError, http.client.HTTPException) as error:
        raise FetchError(f"cannot download it ({error})") from None


# --- the cache -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class FeedKind:
    """One kind of member feed: what it is called in messages, where its copies go, how to read it."""

    what: str                          # "events feed", "news feed"
    unit: str                          # "event", "item"
    suffix: str                        # ".ics", ".xml"
    folder: str                        # inside the cache ("" for its top)
    accept: str                        # the HTTP Accept header
    count: Callable[[bytes], int]      # entries in a copy; ValueError(reason) when it is broken
    url_of: Callable[[object], str | None]  # the member's address for it


def read_index(folder: Path) -> dict:
    try:
        index = json.loads((folder / INDEX).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return index if isinstance(index, dict) else {}


def read_cached_copies(members: Iterable, folder: Path, feed_of, suffix: str, parse, notes: list[str],
                       copy: str = "copy", shown: str = "", left_out: str = "its items are left out"
                       ) -> Iterator[tuple]:
    """(member, parse of its cached copy, the copy's path) for each member with a feed
    (`feed_of(member)`), by slug, from `folder` (what `fetch_all` wrote). A member without a copy
    yet, or whose copy cannot be parsed (`parse` raises ValueError), is skipped with a note; a copy
    of an earlier address is used, with a note. `copy`, `shown` (the folder as messages name it)
    and `left_out` word the notes."""
    index = read_index(folder)
    for member in sorted(members, key=lambda m: m.slug):
        url = feed_of(member)
        if not url:
            continue
        who = f"{member.name} ({member.slug})"
        path = folder / f"{member.slug}{suffix}"
        if not path.is_file():
            notes.append(f"{who}: no cached copy of {url} yet; run `invoke fetch`")
            continue
        entry = index.get(member.slug)
        if isinstance(entry, dict) and entry.get("url") not in (None, url):
            notes.append(f"{who}: the cached {copy} is of an earlier address; run `invoke fetch` to read {url}")
        try:
            parsed = parse(path.read_bytes())
        except (OSError, ValueError) as error:
            notes.append(f"{who}: the cached copy {shown}{path.name} is broken ({error}); {left_out}")
            continue
        yield member, parsed, path


def write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    tmp.replace(path)


@dataclass(frozen=True)
class FetchResult:
    member: str
    name: str
    url: str
    status: str      # updated, unchanged, unreachable, malformed, offline
    message: str = ""
    count: int = 0
    what: str = "events feed"
    unit: str = "event"

    @property
    def failed(self) -> bool:
        return self.status in ("unreachable", "malformed")

    @property
    def events(self) -> int:
        return self.count

    def __str__(self) -> str:
        who = f"{self.name} ({self.member})"
        if self.status == "updated":
            return f"{who}: updated, {self.count} {self.unit}(s) from {self.url}"
        if self.status == "unchanged":
            return f"{who}: unchanged, {self.count} {self.unit}(s)"
        if self.status == "offline":
            return f"{who}: offline, {self.message}"
        return f"warning: {who}: {self.what} {self.url} {self.message}"


def _last_good(path: Path, entry: dict, unit: str) -> str:
    if not path.is_file():
        return f"there is no earlier copy, so none of its {unit}s are shown"
    updated = entry.get("updated")
    return f"the last good copy ({'saved ' + updated[:10] if updated else 'in the cache'}) is used"


def fetch_member(member, kind: FeedKind, folder: Path, index: dict, timeout: float,
                 now: dt.datetime) -> tuple[FetchResult, dict | None]:
    """One member's feed of `kind` into `folder`: (what happened, the new index entry or None)."""
    url = kind.url_of(member)
    path = folder / f"{member.slug}{kind.suffix}"
    old = index.get(member.slug, {}) if isinstance(index.get(member.slug), dict) else {}
    result = lambda status, message="", count=0: FetchResult(member.slug, member.name, url, status, message, count,
                                                             kind.what, kind.unit)
    same_address = path.is_file() and old.get("url") == url
    try:
        response = download(url, timeout, MAX_BYTES, kind.accept, old.get("etag") if same_address else None,
                            old.get("last_modified") if same_address else None)
    except FetchError as error:
        return result("unreachable", f"could not be fetched: {error}; {_last_good(path, old, kind.unit)}"), None
    if response.body is None:  # 304: the copy we have is the current one
        try:
            count = kind.count(path.read_bytes())
        except (OSError, ValueError):
            count = 0
        return result("unchanged", count=count), None
    try:
        count = kind.count(response.body)
    except ValueError as error:
        return result("malformed", f"is broken: {error}; {_last_good(path, old, kind.unit)}"), None
    validators = {key: value for key, value in (("etag", response.etag), ("last_modified", response.last_modified))
                  if value}
    if same_address and path.read_bytes() == response.body:
        kept = {key: old[key] for key in ("etag", "last_modified") if key in old}
        if kept == validators:
            return result("unchanged", count=count), None
        return result("unchanged", count=count), {**{k: v for k, v in old.items()
                                                     if k not in ("etag", "last_modified")}, **validators}
    write_atomic(path, response.body)
    stamp = now.strftime("%Y-%m-%dT%H:%M:%SZ")
    # `first` never moves: for calendars it decides whose event a UID is when two members' feeds have it.
    entry = {"url": url, "sha256": hashlib.sha256(response.body).hexdigest(), "updated": stamp,
             "first": old.get("first") or old.get("updated") or stamp, **validators}
    return result("updated", count=count), entry


def fetch_all(members: Iterable, kind: FeedKind, folder: Path, timeout: float = TIMEOUT, offline: bool = False,
              now: dt.datetime | None = None, workers: int = 8) -> list[FetchResult]:
    """Fetch every member's feed of `kind` into `folder`, in parallel; never raises for a member's mistake."""
    members = [m for m in members if kind.url_of(m)]
    now = now or dt.datetime.now(dt.UTC)
    index = read_index(folder)
    if offline:
        return [FetchResult(m.slug, m.name, kind.url_of(m), "offline",
                            "using the cached copy" if (folder / f"{m.slug}{kind.suffix}").is_file()
                            else "no cached copy yet", what=kind.what, unit=kind.unit) for m in members]
    with ThreadPoolExecutor(max_workers=max(1, min(workers, len(members) or 1))) as pool:
        outcomes = list(pool.map(lambda m: fetch_member(m, kind, folder, index, timeout, now), members))
    changed = False
    for result, entry in outcomes:
        if entry is not None:
            index[result.member] = entry
            changed = True
    if changed:
        write_atomic(folder / INDEX, (json.dumps(dict(sorted(index.items())), indent=1) + "\n").encode())
    return [result for result, _ in outcomes]
