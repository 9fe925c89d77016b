"""Helpers shared by the browser tests and the `invoke screenshots` / `invoke lighthouse` tasks:
serve a built site on 127.0.0.1, start Debian's chromium through Playwright (never a downloaded
browser), and pick one built page of every kind to check."""
from __future__ import annotations

import contextlib
import functools
import os
import re
import shutil
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
# WCAG 2.0, 2.1 and 2.2, levels A and AA.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
MISSING_PATH = "no-such-page/anywhere/"  # served with the site's 404 page


def chromium_path() -> str | None:
    """Debian's chromium (or HUB_CHROMIUM). Playwright's own browser downloads are never used."""
    candidate = os.environ.get("HUB_CHROMIUM") or "/usr/bin/chromium"
    if Path(candidate).is_file():
        return candidate
    return shutil.which("chromium")


def launch(playwright):
    executable = chromium_path()
    if not executable:
        raise FileNotFoundError("chromium not found: install Debian's chromium (apt-get install chromium)")
    return playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)


class StaticSiteHandler(SimpleHTTPRequestHandler):
    """Static files like a real host: directory index.html, and the site's 404.html when missing."""

    def log_message(self, format, *args):
        pass

    def list_directory(self, path):
        """A folder without index.html is not a page: hosts answer 404, and a listing would show
        files no page links to."""
        self.send_error(404, "File not found")
        return None

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


StaticSiteHandler.extensions_map = {**SimpleHTTPRequestHandler.extensions_map, ".pagefind": "application/octet-stream",
                           ".pf_meta": "application/octet-stream", ".pf_index": "application/octet-stream",
                           ".pf_fragment": "application/octet-stream", ".pf_filter": "application/octet-stream",
                           ".js": "text/javascript", ".svg": "image/svg+xml", ".json": "application/json"}


@contextlib.contextmanager
def serve(site: Path, port: int = 0):
    """Serve `site` on http://127.0.0.1:PORT/ (a free port by default) in a background thread."""
    server = ThreadingHTTPServer(("127.0.0.1", port), functools.partial(StaticSiteHandler, directory=str(site)))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def _url_path(relative: Path) -> str:
    text = relative.as_posix()
    return text[: -len("index.html")] if text.endswith("index.html") else text


# The parts of long lists (core.pages), as a large enough hub has them: {label: path pattern}.
LONG_LIST_PARTS = {
    "letter page": r"members/letters/[^/]+/index\.html", "letter page 2": r"members/letters/[^/]+/page/2/index\.html",
    "member matches": r"members/[^/]+/matches/index\.html", "member offers": r"members/[^/]+/offers/index\.html",
    "category offers": r"categories/[^/]+/offers/index\.html",
    "matching category": r"matching/categories/[^/]+/index\.html", "gaps category": r"matching/gaps/[^/]+/index\.html",
    "mutual pairs": r"matching/mutual/index\.html", "event dates": r"events/[^/]+/dates/index\.html",
    "list page 2": r"events/page/2/index\.html",
}


def page_shapes(site: Path) -> dict[str, str]:
    """One built page of every kind, as {label: URL path}: the named page types when they exist,
    plus one page per (top folder, depth, entity-or-list) shape so pages added later (events,
    matching, …) are checked without editing this list. The 404 page is served at a missing URL."""
    pages = sorted(p.relative_to(site) for p in site.rglob("*.html") if p.parts[len(site.parts)] != "pagefind")
    named = {
        "home": "index.html", "directory": "members/index.html", "categories": "categories/index.html",
        "areas": "areas/index.html", "search": "search/index.html", "event list": "events/index.html",
        "learning list": "learning/index.html", "report list": "reports/index.html", "news": "news/index.html",
        "join": "join/index.html",
    }
    found: dict[str, str] = {}
    for label, path in named.items():
        if (site / path).is_file():
            found[label] = _url_path(Path(path))
    entity = {}
    for relative in pages:
        entity[relative] = "data-pagefind-body" in (site / relative).read_text(encoding="utf-8", errors="replace")
    firsts = {"member": "members", "category": "categories", "area": "areas", "post": "learning",
              "report": "reports", "event": "events"}
    for label, folder in firsts.items():
        for relative in pages:
            if relative.parts[0] == folder and len(relative.parts) == 3 and \
                    (entity[relative] or label in {"category", "area"}):
                found[label] = _url_path(relative)
                break
    for label, pattern in LONG_LIST_PARTS.items():
        for relative in pages:
            if re.fullmatch(pattern, relative.as_posix()):
                found[label] = _url_path(relative)
                break
    for relative in pages:  # a series' index page (learning/series/<name>/)
        if relative.parts[:2] == ("learning", "series") and len(relative.parts) == 4:
            found.setdefault("series", _url_path(relative))
    for relative in pages:  # matching pages: wherever the matching engineer put them
        if re.search(r"match", relative.as_posix()):
            found.setdefault("matching", _url_path(relative))
            if relative.name == "index.html" and len(relative.parts) == 2:
                found["matching"] = _url_path(relative)
    seen = set(found.values())
    shapes: dict[tuple, Path] = {}
    for relative in pages:
        if relative.name == "404.html":
            continue
        key = (relative.parts[0] if len(relative.parts) > 1 else "", len(relative.parts), entity[relative])
        shapes.setdefault(key, relative)
    for _key, relative in sorted(shapes.items()):
        path = _url_path(relative)
        if path not in seen:
            found[f"other: {path}"] = path
            seen.add(path)
    if (site / "404.html").is_file():
        found["404"] = MISSING_PATH
    return found
