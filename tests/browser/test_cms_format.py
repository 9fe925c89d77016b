"""The `pelican` format of admin/index.html, run in chromium: Decap CMS reads and writes every post and
report of the example hub exactly as Pelican reads them, so editing a post in the CMS changes only
what was edited (a title with ': ' keeps no quotes, extra metadata such as Series stays)."""
from __future__ import annotations

import re

from conftest import ROOT

POSTS = sorted([*(ROOT / "content/learning").rglob("*.md"), *(ROOT / "content/reports").rglob("*.md")])


def pelican_format(page):
    """The format's functions, registered with a stand-in for Decap's CMS object."""
    script = re.search(r"<script>\n(.*?)</script>", (ROOT / "admin/index.html").read_text(encoding="utf-8"), re.S)[1]
    page.set_content("<!doctype html><title>format</title>")
    page.evaluate("window.CMS = {registerCustomFormat: (name, extension, format) => { window.format = format; }}")
    page.add_script_tag(content=script)


def test_every_post_reads_and_writes_back_unchanged(page):
    pelican_format(page)
    assert len(POSTS) >= 10
    for post in POSTS:
        text = post.read_text(encoding="utf-8")
        assert page.evaluate("text => format.toFile(format.fromFile(text))", text) == text, post.name


def test_an_edited_title_is_written_as_pelican_reads_it(page):
    pelican_format(page)
    data = page.evaluate("text => format.fromFile(text)", (ROOT / "content/learning/seven-keys/1-space.md").read_text())
    assert data["title"] == "Key 1: Consider your space" and data["series_order"] == "1"
    written = page.evaluate("""data => format.toFile({...data, title: "Key 1: Choose your space",
                                                      tags: ["space", "rooms"]})""", data)
    assert written.splitlines()[:9] == [
        "Title: Key 1: Choose your space", "Date: 2022-07-18", "Category: Learning",
        f"Summary: {data['summary']}", "Slug: seven-keys-space", "Tags: space, rooms", "Series: seven-keys",
        "Series_order: 1", "Key: space"]
