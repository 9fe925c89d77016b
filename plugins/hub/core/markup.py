"""Untrusted Markdown -> HTML that is safe to mark as such: rendered, then allow-listed by nh3."""
from __future__ import annotations

import markdown
import nh3
from markupsafe import Markup

ALLOWED_TAGS = {"p", "br", "strong", "em", "b", "i", "a", "ul", "ol", "li", "blockquote", "code", "pre",
                "h3", "h4", "h5", "h6", "hr", "table", "thead", "tbody", "tr", "th", "td", "abbr", "del"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"scope"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}

_renderer = markdown.Markdown(extensions=["tables", "sane_lists"], output_format="html")


def render_markdown(text: str | None) -> Markup:
    """Member Markdown as sanitised HTML. Headings h1/h2 are dropped (the page owns them)."""
    if not text:
        return Markup("")
    _renderer.reset()
    html = _renderer.convert(text)
    clean = nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                      url_schemes=ALLOWED_URL_SCHEMES, link_rel="nofollow noopener ugc",
                      strip_comments=True)
    return Markup(clean)
