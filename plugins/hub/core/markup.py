"""Untrusted HTML made safe to mark as such: nh3 keeps only an allow-list of tags, attributes and
URL schemes. Members' Markdown (profiles, events) and the posts and reports in content/ (which
members send by pull request too) share the one list; posts may also have section headings,
images and figures."""
from __future__ import annotations

import functools

import markdown
import nh3
from markupsafe import Markup

from .fields import UNSHOWABLE, elsewhere

ALLOWED_TAGS = {"p", "br", "strong", "em", "b", "i", "a", "ul", "ol", "li", "blockquote", "code", "pre",
                "h3", "h4", "h5", "h6", "hr", "table", "thead", "tbody", "tr", "th", "td", "abbr", "del"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"scope"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}

# A post's page has only its title as h1, so its sections start at h2. Images load only from the
# site itself (a relative src); another site's, data: and javascript: addresses are dropped.
POST_TAGS = ALLOWED_TAGS | {"h2", "img", "figure", "figcaption", "caption", "sup", "sub", "dl", "dt", "dd"}
POST_ATTRIBUTES = {**ALLOWED_ATTRIBUTES, "img": {"src", "alt", "title", "width", "height"},
                   "th": {"scope", "colspan", "rowspan"}, "td": {"colspan", "rowspan"}}

_renderer = markdown.Markdown(extensions=["tables", "sane_lists"], output_format="html")


# What validation refuses in text (core.fields.unshowable) can still be written as a character
# reference in Markdown or HTML (`&#x1b;`, `&#0;`): nh3 turns it into the character, which no Atom feed
# can carry (the build ended with UnserializableContentError) and no page should. It is removed.



def sanitise(html: str, tags: set[str] = ALLOWED_TAGS, attributes: dict[str, set[str]] = ALLOWED_ATTRIBUTES,
             link_rel: str | None = "nofollow noopener ugc", attribute_filter=None) -> str:
    """`html` with everything outside the allow-list removed: scripts, styles and their text, event
    handlers, iframes, SVG, comments, links or images to any address but http(s), mailto or a
    relative one, and characters no page or feed can carry."""
    cleaned = nh3.clean(html, tags=tags, attributes=attributes, url_schemes=ALLOWED_URL_SCHEMES,
                        link_rel=link_rel, strip_comments=True, attribute_filter=attribute_filter)
    return UNSHOWABLE.sub("", cleaned)


def _own_pictures_only(element: str, attribute: str, value: str) -> str | None:
    """A picture loads only from the site itself: one from another website would tell it who reads
    the page (validation says so first, naming the line: publishing.load)."""
    if element == "img" and attribute == "src" and elsewhere(value):
        return None
    return value


def sanitise_post(html: str) -> str:
    """A post's or report's rendered HTML, kept to the post allow-list. Its links are the
    coalition's own (reviewed before they are merged), so they are not marked nofollow."""
    return sanitise(html, POST_TAGS, POST_ATTRIBUTES, link_rel=None, attribute_filter=_own_pictures_only)


def render_markdown(text: str | None) -> Markup:
    """Member Markdown as sanitised HTML. Headings h1/h2 are dropped (the page owns them). A text
    shown on several pages (a member's description on its page and in listings) is rendered once."""
    if not text:
        return Markup("")
    return _rendered(text)


@functools.lru_cache(maxsize=65_536)
def _rendered(text: str) -> Markup:
    _renderer.reset()
    return Markup(sanitise(_renderer.convert(text)))
