"""End to end: the example hub built as `invoke build` builds it, checked as a visitor would."""
import json
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import yaml

from conftest import ROOT, copy_of_repository, free_port, load_hub

HUB, PROBLEMS = load_hub(ROOT)


class Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts, self.h1 = [], []
        self._in_h1 = False

    def handle_starttag(self, tag, attrs):
        self._in_h1 = self._in_h1 or tag == "h1"

    def handle_endtag(self, tag):
        if tag == "h1":
            self._in_h1 = False

    def handle_data(self, data):
        self.parts.append(data)
        if self._in_h1:
            self.h1.append(data)


def page(site: Path, path: str) -> Text:
    parser = Text()
    parser.feed((site / path).read_text(encoding="utf-8"))
    parser.text = re.sub(r"\s+", " ", "".join(parser.parts))
    parser.heading = "".join(parser.h1).strip()
    return parser


def test_example_hub_has_a_real_coalition():
    assert PROBLEMS == []
    assert len(HUB.members) >= 24
    offered = {item.category for m in HUB.members for item in m.offers}
    needed = {item.category for m in HUB.members for item in m.needs}
    assert len(offered & needed) >= 10, "offers and needs should complement each other"


def test_every_member_has_a_page_with_its_profile(site):
    for member in HUB.members:
        view = page(site, f"members/{member.slug}/index.html")
        assert view.heading == member.name
        assert member.summary in view.text
        for item in member.offers + member.needs:
            assert item.title in view.text
        for area in member.areas:
            assert area.name in view.text


def test_member_page_shows_website_and_public_contact(site):
    member = HUB.by_slug["ball-hill-organisers"]
    html = (site / "members/ball-hill-organisers/index.html").read_text()
    assert f'href="{member.website}"' in html
    assert 'href="mailto:priya@ballhill.example.org"' in html
    assert 'id="offer-1"' in html and 'id="need-1"' in html


def test_directory_lists_every_member_with_summary_areas_and_categories(site):
    view = page(site, "members/index.html")
    html = (site / "members/index.html").read_text()
    for member in HUB.members:
        assert member.name in view.text and member.summary in view.text
        assert f'href="../members/{member.slug}/"' in html
        for key in member.offer_categories:
            assert f'href="../categories/{key}/"' in html
    letters = re.findall(r'<h2 id="letter-(\w+)">', html)
    assert letters == sorted(letters) and len(letters) >= 5


def test_category_pages_list_who_offers_and_who_needs(site):
    for category in HUB.vocabulary:
        view = page(site, f"categories/{category.key}/index.html")
        assert view.heading == category.label
        for member in HUB.members:
            for item in member.offers + member.needs:
                if item.category == category.key:
                    assert item.title in view.text and member.name in view.text
    view = page(site, "categories/index.html")
    assert all(c.label in view.text for c in HUB.vocabulary)


def test_area_pages_group_members_by_place(site):
    view = page(site, "areas/coventry/index.html")
    coventry = [m for m in HUB.members if any(a.slug == "coventry" for a in m.areas)]
    assert len(coventry) >= 10
    assert all(m.name in view.text for m in coventry)
    assert (site / "areas/online/index.html").exists() or (site / "areas/uk-wide/index.html").exists()


def test_pages_work_without_javascript_and_without_external_requests(site):
    for path in site.rglob("*.html"):
        html = path.read_text()
        for url in re.findall(r'(?:src|href)="([^"]+)"', html):
            if url.startswith(("http://", "https://")):
                # Outbound links are fine; loading anything from elsewhere is not.
                assert not re.search(rf'(?:src|rel="stylesheet"[^>]*href)="{re.escape(url)}"', html), (path, url)
        assert "<link rel=\"stylesheet\" href=\"http" not in html


def test_home_page_explains_the_hub(site):
    view = page(site, "index.html")
    assert "support they can give" in view.text
    assert f"{len(HUB.members)} member organisations" in view.text


def test_members_json_matches_the_profiles(site):
    data = json.loads((site / "members.json").read_text())
    assert [m["slug"] for m in data["members"]] == [m.slug for m in HUB.members]
    record = next(m for m in data["members"] if m["slug"] == "ball-hill-organisers")
    raw = yaml.safe_load((ROOT / "members/ball-hill-organisers.yaml").read_text())
    assert record["name"] == raw["name"] and record["summary"] == raw["summary"]
    assert record["url"] == "/members/ball-hill-organisers/"
    assert record["areas"] == raw["areas"]
    assert [o["title"] for o in record["offers"]] == [o["title"] for o in raw["offers"]]
    assert [n["category"] for n in record["needs"]] == [n["category"] for n in raw["needs"]]
    assert record["contact"]["email"] == raw["contact"]["email"]
    assert {"slug", "url", "name", "summary", "areas", "themes", "offers", "needs"} <= set(record)


def test_two_builds_of_the_same_tree_are_byte_identical(site, tmp_path):
    """Regression: the files under pagefind/filter/ (Pagefind 1.5.2 writes filter values in hash-map
    order), sitemap.xml (build time as <lastmod>) and the order of two posts of the same day (the
    order Pelican happened to read them) differed between two builds of one tree."""
    from conftest import run_pelican
    again = tmp_path / "again"
    assert run_pelican(ROOT, again).returncode == 0
    files = sorted(p.relative_to(site) for p in site.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(again) for p in again.rglob("*") if p.is_file())
    assert [name for name in files if (site / name).read_bytes() != (again / name).read_bytes()] == []


def test_sitemap_gives_a_date_only_to_pages_with_one_of_their_own(site):
    sitemap = (site / "sitemap.xml").read_text()
    entries = re.findall(r"<url>\n<loc>([^<]*)</loc>\n(?:<lastmod>([^<]*)</lastmod>\n)?", sitemap)
    dated = {location: lastmod for location, lastmod in entries if lastmod}
    posts = [*(ROOT / "content" / "learning").rglob("*.md"), *(ROOT / "content" / "reports").rglob("*.md")]
    assert len(entries) > 100 and "/members/" in dict(entries) and "/events/" in dict(entries)
    assert len(dated) == len(posts) and all(url.startswith(("/learning/", "/reports/")) for url in dated)
    dates = {re.search(r"^Date: (\S+)", post.read_text(), re.M).group(1) for post in posts}
    assert {lastmod[:10] for lastmod in dated.values()} == dates


def test_invoke_build_keeps_the_last_good_site_when_a_profile_breaks(tmp_path):
    tree = tmp_path / "hub"
    copy_of_repository(tree)
    run = lambda: subprocess.run([sys.executable, "-m", "invoke", "build"], cwd=tree,
                                 capture_output=True, text=True)
    first = run()
    assert first.returncode == 0, first.stderr
    assert "WARNING" not in first.stdout + first.stderr
    good = (tree / "output/members.json").read_bytes()
    assert_serve_answers_like_a_web_host(tree)
    (tree / "members/ball-hill-organisers.yaml").write_text("name: Broken\nareas: Coventry\nwebsite: nope\n")
    second = run()
    assert second.returncode == 1
    assert "members/ball-hill-organisers.yaml:1: summary: is required" in second.stderr
    assert "members/ball-hill-organisers.yaml:3: website: 'nope' must start with http:// or https://" in second.stderr
    assert "Traceback" not in second.stderr
    assert (tree / "output/members.json").read_bytes() == good


def assert_serve_answers_like_a_web_host(tree: Path) -> None:
    """`invoke serve`: pages with 200, a missing address with the hub's 404 page (status 404)."""
    import time
    import urllib.error
    import urllib.request

    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "invoke", "serve", "--port", str(port)], cwd=tree,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"{base}/members/", timeout=2) as response:
                    assert response.status == 200 and b"<h1>Members</h1>" in response.read()
                break
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.1)
        else:
            raise AssertionError("invoke serve did not answer")
        for missing in ("no-such-page/", "images/logos/"):  # a folder without index.html is not a page
            try:
                urllib.request.urlopen(f"{base}/{missing}", timeout=2)
                raise AssertionError(f"/{missing} was served with status 200")
            except urllib.error.HTTPError as error:
                assert error.code == 404 and b"<h1" in error.read()
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_serve_answers_a_folder_without_index_with_the_404_page_not_a_listing(site):
    """Regression: the dev server listed folders (images/logos/, pagefind/fragment/, ...)."""
    import urllib.error
    import urllib.request

    from tools.sitecheck import serve

    not_found = (site / "404.html").read_bytes()
    with serve(site) as base:
        for folder in ("images/logos/", "pagefind/", "pagefind/fragment/", "theme/"):
            assert (site / folder).is_dir() and not (site / folder / "index.html").exists()
            try:
                urllib.request.urlopen(base + folder, timeout=5)
                raise AssertionError(f"/{folder} was answered with status 200")
            except urllib.error.HTTPError as error:
                assert error.code == 404 and error.read() == not_found, folder
