"""A report's figures become SVG charts made by the plugin, each with a table of its numbers and a
sentence saying the same; what the chart draws, the table and the sentence all agree with the
figures file. Invalid figures are in tests/fixtures/broken-posts (140%, a missing label...)."""
from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import ROOT
from hub.publishing import charts
from hub.publishing.load import load_figures
from hub.publishing.model import Figure

REPORT = ROOT / "content" / "reports" / "quarterly-report-2022-q2.figures.yaml"
EXAMPLE = load_figures(REPORT, "report")[0].figures


class Elements(HTMLParser):
    """Every start tag with its attributes, and the text inside each element kind (for checks)."""

    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.stack: list[str] = []
        self.text: dict[str, list[str]] = {}

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag not in ("rect", "path", "circle", "line"):  # void in SVG, written self-closing
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        if tag in self.stack:
            while self.stack.pop() != tag:
                pass

    def handle_data(self, data):
        for tag in set(self.stack):
            self.text.setdefault(tag, []).append(data)

    def all(self, tag: str, **attrs) -> list[dict]:
        return [a for t, a in self.tags if t == tag and all(a.get(k) == v for k, v in attrs.items())]


def parse(html: str) -> Elements:
    parser = Elements()
    parser.feed(str(html))
    return parser


def table_cells(html: str) -> list[tuple[str, str]]:
    rows = re.findall(r"<tr><th scope=\"row\">(.*?)</th><td>(.*?)</td>", str(html))
    return [(re.sub("&#39;", "'", name), value) for name, value in rows]


def by_name(name: str) -> Figure:
    return next(f for f in EXAMPLE if f.name == name)


def test_the_example_report_declares_its_figures():
    assert [(f.name, f.kind, f.value) for f in EXAMPLE] == [
        ("grants", "count", 10), ("grants-total", "money", 10000), ("get-togethers", "count", 3),
        ("county-groups", "count", 58), ("county-fund", "money", 47000), ("uniquely-placed", "percentage", 74),
        ("collaborated", "percentage", 37)]


def test_a_waffle_fills_as_many_squares_as_the_percentage_and_says_it():
    figure = by_name("uniquely-placed")
    html = charts.figure_html(figure)
    page = parse(html)
    assert len(page.all("rect", **{"class": "filled"})) == 74 and len(page.all("rect", **{"class": "empty"})) == 26
    assert table_cells(html) == [(figure.label, "74%")]
    assert charts.sentence(figure) == ("74%: Members who say the coalition is uniquely placed to connect organisations "
                                       "working on social connection.")
    assert "Source: Member survey, spring 2022 (percentages of members who answered)" in html


def test_a_donut_fills_its_share_of_the_ring():
    figure = by_name("collaborated")
    html = charts.figure_html(figure)
    (share,) = parse(html).all("path", **{"class": "share"})
    assert share["pathlength"] == "100" and share["stroke-dasharray"] == "37 100"
    assert table_cells(html) == [(figure.label, "37%")]


def test_a_count_is_one_square_each_and_money_is_written_out():
    grants = charts.figure_html(by_name("grants"))
    assert len(parse(grants).all("rect", **{"class": "filled"})) == 10
    assert table_cells(grants)[0][1] == "10 grants"
    money = charts.figure_html(by_name("grants-total"))
    assert "<svg" not in money and table_cells(money)[0][1] == "£10,000"
    assert charts.sentence(by_name("county-fund")).startswith("£47,000: ")


@pytest.mark.parametrize("figure, widths, cells, sentence", [
    (Figure(name="belonging", kind="comparison", label="People who feel they belong", value=88, benchmark=65,
            value_label="Our members", benchmark_label="National average", source="Survey"),
     [0.88, 0.65], [("Our members", "88%"), ("National average", "65%")],
     "People who feel they belong: 88% (Our members) against 65% (National average), 23 points higher."),
    (Figure(name="listed", kind="before-after", label="Groups listed in the directory", before=12, after=30,
            before_label="April", after_label="June", measure="count", source="Directory"),
     [12 / 30, 1.0], [("April", "12"), ("June", "30")],
     "Groups listed in the directory: 12 (April), then 30 (June), up 18."),
    (Figure(name="spend", kind="before-after", label="Spent on room hire", before=2500, after=1800,
            measure="money", source="Accounts"),
     [1.0, 1800 / 2500], [("Before", "£2,500"), ("After", "£1,800")],
     "Spent on room hire: £2,500 (Before), then £1,800 (After), down £700."),
])
def test_bars_are_drawn_to_scale_and_match_the_table(figure, widths, cells, sentence):
    html = charts.figure_html(figure)
    bars = [float(bar["width"]) for bar in parse(html).all("rect", **{"class": "bar-value"})]
    track = charts.WIDTH - 110
    assert [round(width / track, 3) for width in bars] == [round(w, 3) for w in widths]
    assert table_cells(html) == cells
    assert charts.sentence(figure) == sentence
    assert "url(#figure-" in html  # the second bar is hatched, not told apart by colour


def test_every_chart_is_an_image_named_by_its_title_and_description():
    for figure in EXAMPLE:
        html = str(charts.figure_html(figure))
        page = parse(html)
        for svg in page.all("svg"):
            assert svg["role"] == "img"
            title, desc = svg["aria-labelledby"].split()
            assert page.all("title", id=title) and page.all("desc", id=desc)
        # Shapes and text take the page's text colour: black in print, the system's in high contrast.
        colours = set(re.findall(r'(?:fill|stroke)="([^"]+)"', html))
        assert colours <= {"currentColor", "none"} | {f"url(#{figure.anchor}-hatch)"}, colours


def test_the_built_report_shows_each_figure_as_declared(site):
    page = (site / "reports" / "quarterly-report-2022-q2" / "index.html").read_text(encoding="utf-8")
    assert "[figure:" not in page and "[hub numbers" not in page
    for figure in EXAMPLE:
        block = re.search(rf'<figure class="hub-figure[^"]*" id="{figure.anchor}">(.*?)</figure>', page, re.S)
        assert block, figure.name
        assert block.group(0) == str(charts.figure_html(figure))
        assert table_cells(block.group(0))[0][1] == charts._shown(figure, figure.value)
    assert page.index('id="figure-grants"') < page.index('id="figure-uniquely-placed"') \
        < page.index('id="figure-collaborated"')  # where the text places them


def test_a_learning_post_can_have_figures_too(site):
    page = (site / "learning" / "lessons-from-listening-in-ball-hill" / "index.html").read_text(encoding="utf-8")
    assert 'id="figure-belonging"' in page and "88% (Connecting for Good members) against 65% (National" in page


def test_the_print_and_high_contrast_styles_keep_charts_whole_and_in_the_text_colour():
    css = (ROOT / "theme" / "static" / "css" / "publishing.css").read_text(encoding="utf-8")
    assert re.search(r"\.hub-figure \{[^}]*break-inside: avoid", css)
    assert re.search(r"@media \(forced-colors: active\) \{\s*\.hub-chart \{ color: CanvasText; \}", css)
    assert Path(ROOT / "theme" / "static" / "css" / "print.css").read_text(encoding="utf-8").count("hub-figure") >= 1
