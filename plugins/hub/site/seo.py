"""The site's public face for machines: canonical URLs, robots.txt and sitemap.xml. Pure helpers."""
from __future__ import annotations

import re
from pathlib import Path

_SITEMAP_LINE = re.compile(r"^\s*sitemap\s*:\s*(?P<url>\S*)\s*$", re.IGNORECASE | re.MULTILINE)


def is_absolute(siteurl: str | None) -> bool:
    return bool(siteurl) and siteurl.startswith(("https://", "http://"))


def robots_txt(text: str, siteurl: str | None) -> str:
    """robots.txt with its Sitemap line made absolute (robots.txt allows only absolute sitemap URLs).
    A local build has no absolute address, so there the line is dropped rather than left invalid."""

    def fix(match: re.Match) -> str:
        url = match.group("url")
        if is_absolute(url):
            return match.group(0)
        if is_absolute(siteurl):
            return f"Sitemap: {siteurl.rstrip('/')}/{url.lstrip('/')}"
        return ""

    fixed = _SITEMAP_LINE.sub(fix, text)
    return re.sub(r"\n{3,}", "\n\n", fixed).rstrip("\n") + "\n"


def fix_robots(output: Path, siteurl: str | None) -> None:
    path = output / "robots.txt"
    if path.is_file():
        text = robots_txt(path.read_text(encoding="utf-8"), siteurl)
        path.unlink()  # never write through a link (STATIC_CREATE_LINKS) into content/
        path.write_text(text, encoding="utf-8")


def drop_build_time_lastmod(output: Path, build_time: str) -> None:
    """sitemap.xml without the <lastmod> that pelican-sitemap gives every page with no date of its
    own (the hub's generated pages, undated pages): it is `build_time`, when the site was built,
    not when the page changed, so it told search engines nothing true and made two builds of the
    same tree differ. <lastmod> is optional; posts keep their own date."""
    path = output / "sitemap.xml"
    if path.is_file():
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace(f"<lastmod>{build_time}</lastmod>\n", ""), encoding="utf-8")
