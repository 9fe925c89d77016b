"""Untrusted member text never becomes script: known XSS vectors through every text field."""
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import load_hub, run_pelican
from hub.core.markup import render_markdown

VECTORS = [
    "<script>alert('xss-1')</script>",
    "<img src=x onerror=alert('xss-2')>",
    "<svg/onload=alert('xss-3')>",
    "\"><script>alert('xss-4')</script>",
    "<iframe src=\"javascript:alert('xss-5')\"></iframe>",
    "[click](javascript:alert('xss-6'))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "<a href=\"jAvAsCrIpT:alert('xss-8')\">x</a>",
    "<div style=\"background:url(javascript:alert('xss-9'))\">styled</div>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert('xss-10')>",
    "<a href=\"&#106;avascript:alert('xss-11')\">entity</a>",
    "<object data=\"javascript:alert('xss-12')\"></object><embed src=x>",
    "<form action=\"javascript:alert('xss-13')\"><button>go</button></form>",
    "{{ 7*191 }}{% raw %}",
    "<details open ontoggle=alert('xss-15')>",
    "![img](javascript:alert('xss-16'))",
    "<base href=\"https://evil.example/\"><meta http-equiv=refresh content=\"0;url=javascript:alert(17)\">",
]


class Dangerous(HTMLParser):
    """Collects what a browser would execute or load from untrusted input."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = []
        self.in_script = False

    def handle_starttag(self, tag, attrs):
        if tag in {"iframe", "object", "embed", "base"}:
            self.found.append(f"<{tag}>")
        if tag == "meta" and any(name == "http-equiv" for name, _ in attrs):
            self.found.append("<meta http-equiv>")
        if tag in {"form", "math", "svg"} and any("xss" in (v or "") for _, v in attrs):
            self.found.append(f"<{tag}> {attrs}")
        self.in_script = tag == "script"
        for name, value in attrs:
            value = (value or "").strip().lower()
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}>")
            if name in {"href", "src", "action", "data", "formaction"} and value.startswith(("javascript:", "data:")):
                self.found.append(f"<{tag} {name}={value[:30]}>")
            if name == "style" and "javascript" in value:
                self.found.append(f"<{tag} style>")

    def handle_data(self, data):
        if self.in_script and "xss" in data:
            self.found.append("script with injected code")

    def handle_endtag(self, tag):
        self.in_script = False


def dangerous(html: str) -> list[str]:
    parser = Dangerous()
    parser.feed(html)
    return parser.found


@pytest.mark.parametrize("vector", VECTORS)
def test_markdown_sanitiser_removes_vector(vector):
    html = str(render_markdown(f"Hello {vector} world"))
    assert dangerous(html) == []
    assert "<script" not in html and "<iframe" not in html and "<style" not in html


def test_sanitiser_keeps_ordinary_formatting():
    html = str(render_markdown("**Bold** and [a link](https://example.org) and\n\n- a list"))
    assert "<strong>Bold</strong>" in html
    assert '<a href="https://example.org" rel="nofollow noopener ugc">a link</a>' in html
    assert "<li>a list</li>" in html


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    from conftest import ROOT
    (root / "categories.yaml").write_text((ROOT / "categories.yaml").read_text())
    (root / "members").mkdir()
    for number, vector in enumerate(VECTORS):
        q = _quote(vector)
        (root / "members" / f"hostile-{number}.yaml").write_text(f"""\
name: {_quote('Name ' + vector[:100])}
summary: {_quote(vector[:190])}
description: {q}
areas: [{q[:58] + "'" if len(q) > 59 else q}]
themes: [{_quote(vector[:38])}]
offers:
  - category: venues
    title: {_quote(vector[:110])}
    details: {q}
needs:
  - category: volunteers
    title: {_quote(vector[:110])}
    details: {q}
contact:
  name: {_quote(vector[:90])}
  public: true
""")
    output = root / "output"
    result = run_pelican(root, output)
    assert result.returncode == 0, result.stderr
    return output


def test_no_vector_survives_in_any_built_file(hostile_site: Path):
    pages = list(hostile_site.rglob("*.html")) + list(hostile_site.rglob("*.xml"))
    assert len(pages) > len(VECTORS)
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert dangerous(text) == [], page
        assert "1337" not in text, f"{page}: a template expression in member text was evaluated"


def test_vectors_are_shown_as_text_on_the_member_page(hostile_site: Path):
    html = (hostile_site / "members" / "hostile-0" / "index.html").read_text()
    assert "Name &lt;script&gt;alert(&#39;xss-1&#39;)&lt;/script&gt;" in html


def test_unsafe_website_schemes_are_refused(hub_tree):
    (hub_tree / "members" / "a.yaml").write_text(
        "name: A\nsummary: s\nareas: [Leeds]\nwebsite: javascript:alert(1)\nnews_feed: 'data:x'\n")
    _, problems = load_hub(hub_tree)
    assert [p.field for p in problems] == ["website", "news_feed"]
