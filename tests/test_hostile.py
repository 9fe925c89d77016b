"""Hostile inputs, one fixture file per attack in tests/hostile/ (its README says the format): posts
are sanitised, or refused with the exact message; links to anything outside the repository are
refused before anything is read or copied; a member's server cannot hold `invoke fetch` past its
deadline. Servers here are on 127.0.0.1 only and stop by themselves."""
from __future__ import annotations

import datetime as dt
import re
import shutil
import socketserver
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from events_support import FIXTURES as EVENT_FIXTURES
from events_support import tree

from conftest import CONTENT, ROOT, load_hub, run_pelican
from hub.core.model import Area
from hub.core.schema import Member
from hub.events.feeds import fetch_feeds

HOSTILE = Path(__file__).resolve().parent / "hostile"
POSTS = sorted((HOSTILE / "posts").iterdir())
LINKS = sorted((HOSTILE / "links").glob("*.link"))
FEEDS = sorted((HOSTILE / "feeds").glob("*.http"))


def notes(path: Path, key: str) -> list[str]:
    """The `<!-- key: ... -->` (or reStructuredText `.. key: ...`) lines of a post, or the `key: ...` /
    `# key: ...` lines of a link or feed."""
    text = path.read_text(encoding="utf-8")
    if path.suffix in (".md", ".html"):
        return re.findall(rf"^<!-- {key}: (.*) -->$", text, re.M)
    if path.suffix == ".rst":
        return re.findall(rf"^\.\. {key}: (.*)$", text, re.M)
    return re.findall(rf"^(?:# )?{key}: (.*)$", text, re.M)


REFUSED_POSTS = [post for post in POSTS if notes(post, "expect")]
SANITISED_POSTS = [post for post in POSTS if not notes(post, "expect")]


def post_tree(tmp_path: Path, posts: list[Path]) -> Path:
    root = tree(tmp_path)
    (root / "content" / "learning").mkdir(parents=True)
    for post in posts:
        shutil.copy(post, root / "content" / "learning" / post.name)
    return root


def test_every_hostile_fixture_says_what_must_happen():
    assert len(POSTS) >= 6 and len(LINKS) >= 8 and len(FEEDS) >= 3
    assert all(notes(post, "expect") or notes(post, "absent") or notes(post, "present") for post in POSTS)
    assert all(notes(link, "link") for link in LINKS)
    assert all(notes(feed, "expect") and notes(feed, "send") for feed in FEEDS)


# --- posts ---------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def sanitised_site(tmp_path_factory) -> Path:
    """Every post that must be built, built together once."""
    tmp = tmp_path_factory.mktemp("posts")
    output = tmp / "out"
    result = run_pelican(post_tree(tmp, SANITISED_POSTS), output)
    assert result.returncode == 0 and "WARNING" not in result.stdout + result.stderr, result.stderr
    return output


def built_post(site: Path, post: Path) -> str:
    title = re.search(r"^Title: (.*)$", post.read_text(encoding="utf-8"), re.M).group(1)
    for page in site.glob("learning/*/index.html"):
        html = page.read_text(encoding="utf-8")
        if f"<h1>{title}</h1>" in html:
            return html
    raise AssertionError(f"no page was built for {post.name}")


@pytest.mark.parametrize("post", SANITISED_POSTS, ids=[p.stem for p in SANITISED_POSTS])
def test_a_hostile_post_is_published_without_its_scripts(sanitised_site, post):
    page = built_post(sanitised_site, post)
    body = page[page.index('<article class="post"'):page.index("</article>")]
    listing = (sanitised_site / "learning" / "index.html").read_text(encoding="utf-8")
    for text in notes(post, "absent"):
        assert text not in page and text not in listing, text
    for text in notes(post, "present"):
        assert text in body, text


def test_hostile_tags_and_posts_pelican_would_read_raw_are_each_a_message_and_nothing_is_built(tmp_path):
    result = run_pelican(post_tree(tmp_path, REFUSED_POSTS), tmp_path / "out")
    expected = [message for post in REFUSED_POSTS for message in notes(post, "expect")]
    assert result.returncode == 1
    assert result.stderr.splitlines() == [*expected, f"{len(expected)} problem(s) found; nothing was built."]
    assert not (tmp_path / "out" / "index.html").exists()


# --- links ---------------------------------------------------------------------------------------

def link_tree(tmp_path: Path, links: list[Path]) -> Path:
    """A hub with a content/ and a folder outside it, and each link of `links` made in it."""
    root = tree(tmp_path)
    shutil.copytree(CONTENT, root / "content")
    outside = tmp_path / "outside"
    outside.mkdir()
    shutil.copy(EVENT_FIXTURES / "members" / "ball-hill-organisers.yaml", outside / "member.yaml")
    shutil.copy(EVENT_FIXTURES / "feeds" / "good.ics", outside / "feed.ics")
    for link in links:
        (spec,) = notes(link, "link")
        path, target = (part.strip() for part in spec.split("->"))
        at = root / path
        at.parent.mkdir(parents=True, exist_ok=True)
        at.unlink(missing_ok=True)  # the tree's own copy (places.yaml) gives way to the link
        at.symlink_to(target.replace("{root}", str(root)).replace("{outside}", str(outside)))
    return root


REFUSED_LINKS = [link for link in LINKS if notes(link, "expect")]


@pytest.mark.parametrize("link", REFUSED_LINKS, ids=[p.stem for p in REFUSED_LINKS])
def test_a_link_out_of_the_repository_or_to_no_file_is_refused(tmp_path, link):
    _, problems = load_hub(link_tree(tmp_path, [link]))
    assert [str(p) for p in problems] == notes(link, "expect")


def test_a_build_with_hostile_links_reads_and_copies_nothing_and_names_every_link(tmp_path):
    root = link_tree(tmp_path, LINKS)
    expected = sorted(message for link in LINKS for message in notes(link, "expect"))
    result = run_pelican(root, tmp_path / "out")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [*expected, f"{len(expected)} problem(s) found; nothing was built."]
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())
    validate = subprocess.run([sys.executable, "-m", "hub.core.validate", str(root)], capture_output=True, text=True)
    assert validate.returncode == 1
    assert validate.stderr.splitlines() == [*expected, f"{len(expected)} problem(s) found."]


def test_a_link_to_a_file_inside_the_repository_is_published_as_that_file(tmp_path):
    fine = [link for link in LINKS if not notes(link, "expect")]
    root = link_tree(tmp_path, fine)
    result = run_pelican(root, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out" / "images" / "logo-again.svg").read_bytes() == \
        (ROOT / "content" / "images" / "logos" / "ball-hill.svg").read_bytes()


# --- feeds ---------------------------------------------------------------------------------------

GIVE_UP_AFTER = 20  # seconds: a trickling answer stops by itself even if the hub never hangs up
DEADLINE = 2


def response(feed: Path) -> tuple[bytes, str]:
    lines = feed.read_text(encoding="utf-8").splitlines(keepends=True)
    body = "".join(line for line in lines if not line.startswith("#"))
    return body.replace("\n", "\r\n").encode(), notes(feed, "send")[0]


class Trickler(socketserver.BaseRequestHandler):
    """Answers GET /<fixture name> with that fixture (from `folder`) as its `# send:` line says, and /good.ics."""

    folder = HOSTILE / "feeds"

    def handle(self):
        self.request.settimeout(5)
        request = b""
        while b"\r\n\r\n" not in request and len(request) < 65536:
            chunk = self.request.recv(4096)
            if not chunk:
                return
            request += chunk
        name = request.split(b" ")[1].decode().lstrip("/")
        if name == "good.ics":
            body = (EVENT_FIXTURES / "feeds" / "good.ics").read_bytes()
            ok = b"HTTP/1.1 200 OK\r\nContent-Type: text/calendar\r\nConnection: close\r\n\r\n"
            data, send = ok + body, "at once"
        else:
            data, send = response(self.folder / name)
        head, _, body = data.partition(b"\r\n\r\n")
        at_once = {"at once": data, "body one byte a second": head + b"\r\n\r\n"}.get(send, b"")
        trickled = {"body one byte a second": body, "everything one byte a second": data}.get(send, b"")
        started = time.monotonic()
        try:
            self.request.sendall(at_once)
            for byte in trickled:
                if time.monotonic() - started > GIVE_UP_AFTER:
                    break
                self.request.sendall(bytes([byte]))
                time.sleep(1)
        except OSError:  # the hub hung up
            pass


@pytest.fixture(scope="module")
def feed_server():
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Trickler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def member(slug: str, url: str) -> Member:
    return Member(slug=slug, name=slug.replace("-", " ").title(), summary="x", areas=(Area("Coventry"),),
                  source=f"members/{slug}.yaml", events_feed=url)


SAVED = dt.datetime(2026, 11, 21, 6, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize("feed", FEEDS, ids=[f.stem for f in FEEDS])
def test_a_hostile_feed_server_is_given_up_on_naming_the_member_and_the_last_good_copy_is_kept(
        feed_server, tmp_path, feed):
    cache = tmp_path / "cache"
    (good,) = fetch_feeds([member("slow-group", f"{feed_server}/good.ics")], cache, now=SAVED)
    assert good.status == "updated"
    url = f"{feed_server}/{feed.name}"
    started = time.monotonic()
    (result,) = fetch_feeds([member("slow-group", url)], cache, timeout=DEADLINE, now=SAVED + dt.timedelta(days=1))
    # This test measures time because the deadline is what it checks: a server trickling bytes
    # would otherwise hold the fetch for GIVE_UP_AFTER seconds (or for ever). Generous margin.
    assert time.monotonic() - started < DEADLINE + 3
    (reason,) = notes(feed, "expect")
    assert str(result) == (f"warning: Slow Group (slow-group): events feed {url} could not be fetched: {reason}; "
                           "the last good copy (saved 2026-11-21) is used")
    assert (cache / "slow-group.ics").read_bytes() == (EVENT_FIXTURES / "feeds" / "good.ics").read_bytes()


def test_invoke_fetch_ends_at_the_deadline_whatever_the_servers_do(feed_server, tmp_path):
    root = tree(tmp_path)
    for name in ("tasks.py", "pelicanconf.py"):
        shutil.copy(ROOT / name, root / name)
    for name in ("theme",):
        shutil.copytree(ROOT / name, root / name)
    shutil.copytree(CONTENT, root / "content")  # the example content links to the example members
    (root / "plugins").symlink_to(ROOT / "plugins")  # code, not a folder the build publishes from
    slugs = [feed.stem for feed in FEEDS]
    fetch_feeds([member(slug, f"{feed_server}/good.ics") for slug in slugs], root / "data" / "feed-cache", now=SAVED)
    profile = (EVENT_FIXTURES / "members" / "ball-hill-organisers.yaml").read_text(encoding="utf-8")
    for feed in FEEDS:
        (root / "members" / f"{feed.stem}.yaml").write_text(
            profile.replace("Ball Hill Community Organisers", feed.stem.replace("-", " ").title())
            .replace("https://ballhill.example.org/events.ics", f"{feed_server}/{feed.name}"), encoding="utf-8")
    started = time.monotonic()
    result = subprocess.run([sys.executable, "-m", "invoke", "fetch", "--timeout", str(DEADLINE)], cwd=root,
                            capture_output=True, text=True, env={"PATH": "/usr/bin:/bin", "HUB_FETCH_LOCAL": "1"})
    # Measured for the same reason as above; the margin also covers starting Python and invoke.
    assert time.monotonic() - started < DEADLINE + 8
    assert result.returncode == 0, result.stderr
    for feed in FEEDS:
        (reason,) = notes(feed, "expect")
        name = feed.stem.replace("-", " ").title()
        assert (f"warning: {name} ({feed.stem}): events feed {feed_server}/{feed.name} could not be fetched: "
                f"{reason}; the last good copy (saved 2026-11-21) is used") in result.stderr.splitlines()
        assert (root / "data" / "feed-cache" / f"{feed.stem}.ics").read_bytes() == \
            (EVENT_FIXTURES / "feeds" / "good.ics").read_bytes()
