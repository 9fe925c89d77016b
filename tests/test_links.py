"""Every internal link, stylesheet, script, image and form target in the built site resolves, and
every #anchor exists on the page it points to; the sitemap lists only pages that exist."""
from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//)", re.IGNORECASE)  # http:, mailto:, tel:, webcal:, //host
LINKING = {("a", "href"), ("link", "href"), ("script", "src"), ("img", "src"), ("source", "src"),
           ("form", "action"), ("iframe", "src"), ("area", "href"), ("video", "src"), ("audio", "src")}


class Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("name"):
            self.ids.add(attrs["name"])
        for element, attribute in LINKING:
            if tag == element and attrs.get(attribute) is not None:
                self.links.append((tag, attrs[attribute]))
        if attrs.get("srcset"):
            for candidate in attrs["srcset"].split(","):
                if candidate.strip():
                    self.links.append((tag, candidate.split()[0]))


def parse(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def url_of(site: Path, path: Path) -> str:
    relative = path.relative_to(site).as_posix()
    return "/" + (relative[: -len("index.html")] if relative.endswith("index.html") else relative)


def target_file(site: Path, url_path: str) -> Path | None:
    candidate = site / unquote(url_path).lstrip("/")
    if url_path.endswith("/") or candidate.is_dir():
        candidate = candidate / "index.html"
    return candidate if candidate.is_file() else None


def broken_links(site: Path) -> list[str]:
    pages = {path: parse(path) for path in site.rglob("*.html") if "pagefind" not in path.relative_to(site).parts}
    by_file = {path.resolve(): page for path, page in pages.items()}
    problems = []
    for path, page in sorted(pages.items()):
        # 404.html is served at any address, so its links are root-relative; all others resolve from their own URL.
        base = url_of(site, path)
        for tag, link in page.links:
            if EXTERNAL.match(link) or link.startswith("data:"):
                continue
            where = f"{path.relative_to(site)}: <{tag}> {link!r}"
            parts = urlsplit(urljoin(base, link))
            if not link or link.startswith("#") and not parts.path:
                target = path
            else:
                target = target_file(site, parts.path)
            if target is None:
                problems.append(f"{where} -> {parts.path} does not exist")
                continue
            if parts.fragment:
                anchors = by_file.get(target.resolve())
                if anchors is None and target.suffix == ".html":
                    anchors = parse(target)
                if anchors is not None and unquote(parts.fragment) not in anchors.ids:
                    problems.append(f"{where} -> no id {parts.fragment!r} in {target.relative_to(site)}")
    return problems


def test_every_internal_link_and_anchor_resolves(site):
    problems = broken_links(site)
    assert not problems, f"{len(problems)} broken link(s):\n" + "\n".join(problems[:60])


def test_the_link_checker_catches_a_broken_page_and_anchor(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "index.html").write_text('<a href="a/">ok</a><a href="a/#here">ok</a><a href="#top" id="top">ok</a>'
                                         '<a href="b/">missing</a><a href="a/#nowhere">bad anchor</a>'
                                         '<a href="https://example.org/x">external</a><a href="mailto:x@y">mail</a>')
    (tmp_path / "a" / "index.html").write_text('<h2 id="here">Here</h2><img src="../logo.png" alt="">')
    problems = broken_links(tmp_path)
    assert len(problems) == 3, problems
    assert any("'b/'" in p for p in problems) and any("nowhere" in p for p in problems)
    assert any("logo.png" in p for p in problems)


def test_sitemap_lists_existing_pages_only_and_no_404(site):
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    locations = re.findall(r"<loc>([^<]+)</loc>", sitemap)
    assert len(locations) >= 50
    missing = [loc for loc in locations if target_file(site, urlsplit(loc).path) is None]
    assert not missing, missing
    assert not [loc for loc in locations if "404" in loc]
    assert "/search/" in {urlsplit(loc).path for loc in locations}
