"""A report's figures drawn at build time: an SVG chart, the numbers in a table and a sentence that
says the same, in one <figure>. No JavaScript and no chart service.

The charts are drawn to be read without colour: the value is solid, a benchmark or an earlier value
is hatched, the rest of a scale is an outline, and every number is written on the chart too. Shapes
and text use `currentColor`, so they follow the page's text colour: black in print, the system's
colours in Windows high contrast (forced colours). Each SVG is `role="img"` named by its <title> and
<desc>; the table carries the numbers for anyone who cannot see the chart. Pure: Markup in, no Pelican.
"""
from __future__ import annotations

from markupsafe import Markup, escape

from .model import Figure

WIDTH = 480         # the drawing's own units (viewBox); it scales to the column's width
BAR_HEIGHT = 28
UNIT = 16           # a square of a waffle or of a count
GAP = 4
MAX_UNITS = 60      # counts up to this are drawn one square each; larger ones are written as a number


def number_text(value: float, scale: str) -> str:
    """74 -> '74%', 10000 -> '£10,000', 12.5 (a percentage) -> '12.5%'."""
    whole = float(value).is_integer()
    if scale == "money":
        return f"£{value:,.0f}" if whole else f"£{value:,.2f}"
    text = f"{value:,.0f}" if whole else f"{value:,.1f}"
    return f"{text}%" if scale == "percentage" else text


def _counted(figure: Figure, value: float) -> str:
    """'10 grants' for a count with a unit."""
    text = number_text(value, "count")
    return f"{text} {figure.unit}" if figure.unit else text


def _shown(figure: Figure, value: float) -> str:
    return _counted(figure, value) if figure.scale == "count" else number_text(value, figure.scale)


def sentence(figure: Figure) -> str:
    """The figure in words: its text equivalent."""
    label = figure.label.rstrip(".")
    if figure.kind == "before-after":
        change = figure.after - figure.before
        direction = "up" if change > 0 else "down" if change < 0 else "unchanged"
        amount = "" if change == 0 else (f" {abs(change):g} points" if figure.scale == "percentage"
                                         else f" {_shown(figure, abs(change))}")
        return (f"{label}: {_shown(figure, figure.before)} ({figure.before_label}), then "
                f"{_shown(figure, figure.after)} ({figure.after_label}), {direction}{amount}.")
    if figure.kind == "comparison":
        difference = figure.value - figure.benchmark
        if difference == 0:
            relation = "the same"
        else:
            size = f"{abs(difference):g} points" if figure.scale == "percentage" else _shown(figure, abs(difference))
            relation = f"{size} {'higher' if difference > 0 else 'lower'}"
        return (f"{label}: {_shown(figure, figure.value)} ({figure.value_label}) against "
                f"{_shown(figure, figure.benchmark)} ({figure.benchmark_label}), {relation}.")
    return f"{_shown(figure, figure.value)}: {label}."


def _table(figure: Figure) -> str:
    rows: list[tuple[str, str]]
    if figure.kind == "before-after":
        rows = [(figure.before_label, _shown(figure, figure.before)),
                (figure.after_label, _shown(figure, figure.after))]
    elif figure.kind == "comparison":
        rows = [(figure.value_label, _shown(figure, figure.value)),
                (figure.benchmark_label, _shown(figure, figure.benchmark))]
    else:
        rows = [(figure.label, _shown(figure, figure.value))]
    body = "".join(f'<tr><th scope="row">{escape(name)}</th><td>{escape(value)}</td></tr>' for name, value in rows)
    heading = ""
    if figure.kind not in ("percentage", "count", "money"):
        heading = (f'<thead><tr><th scope="col">{escape(figure.label)}</th>'
                   f'<th scope="col">{escape(_unit_heading(figure))}</th></tr></thead>')
    return (f'<table class="figure-data"><caption>The numbers</caption>{heading}<tbody>{body}</tbody></table>')


def _unit_heading(figure: Figure) -> str:
    return {"percentage": "Per cent", "money": "Amount", "count": figure.unit.capitalize() if figure.unit else "Number"
            }[figure.scale]


def _svg(figure: Figure, height: int, description: str, shapes: str, defs: str = "") -> str:
    ident = figure.anchor
    title = sentence(figure)
    return (f'<svg class="hub-chart" role="img" aria-labelledby="{ident}-title {ident}-desc" '
            f'viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" xmlns="http://www.w3.org/2000/svg">'
            f'<title id="{ident}-title">{escape(title)}</title><desc id="{ident}-desc">{escape(description)}</desc>'
            f'{f"<defs>{defs}</defs>" if defs else ""}{shapes}</svg>')


def _hatch(figure: Figure) -> tuple[str, str]:
    """A hatch pattern (diagonal lines in the text colour) and the fill that uses it."""
    ident = f"{figure.anchor}-hatch"
    return (f'<pattern id="{ident}" patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(45)">'
            f'<line x1="0" y1="0" x2="0" y2="6" stroke="currentColor" stroke-width="2.5"/></pattern>',
            f"url(#{ident})")


def _text(x: float, y: float, words: str, anchor: str = "start", bold: bool = False) -> str:
    weight = ' font-weight="700"' if bold else ""
    return (f'<text x="{x:g}" y="{y:g}" text-anchor="{anchor}" fill="currentColor" font-size="15"{weight}>'
            f"{escape(words)}</text>")


def waffle(figure: Figure) -> str:
    """100 squares, ten by ten, the value's share filled (rounded to a whole square)."""
    filled = round(figure.value)
    squares = []
    for index in range(100):
        row, column = divmod(index, 10)
        x, y = column * (UNIT + GAP), row * (UNIT + GAP)
        if index < filled:
            squares.append(f'<rect class="filled" x="{x}" y="{y}" width="{UNIT}" height="{UNIT}" fill="currentColor"/>')
        else:
            squares.append(f'<rect class="empty" x="{x + 0.5}" y="{y + 0.5}" width="{UNIT - 1}" height="{UNIT - 1}" '
                           'fill="none" stroke="currentColor" stroke-width="1"/>')
    side = 10 * (UNIT + GAP) - GAP
    legend = (_text(side + 24, 40, number_text(figure.value, "percentage"), bold=True)
              + _text(side + 24, 64, f"{filled} of 100 squares filled"))
    share = number_text(figure.value, "percentage")
    return _svg(figure, side, f"A grid of 100 squares, {filled} of them filled: {share}.", "".join(squares) + legend)


def donut(figure: Figure) -> str:
    """A ring drawn as an outline, the value's share of it filled solid from the top, clockwise."""
    radius, centre, thickness = 70, 90, 26
    half = f"a {radius} {radius} 0 1 1 0"
    ring = f"M {centre} {centre - radius} {half} {2 * radius} {half} {-2 * radius}"
    shapes = (f'<circle class="scale" cx="{centre}" cy="{centre}" r="{radius + thickness / 2}" fill="none" '
              'stroke="currentColor" stroke-width="1"/>'
              f'<circle class="scale" cx="{centre}" cy="{centre}" r="{radius - thickness / 2}" fill="none" '
              'stroke="currentColor" stroke-width="1"/>'
              f'<path class="share" d="{ring}" fill="none" stroke="currentColor" stroke-width="{thickness}" '
              f'pathLength="100" stroke-dasharray="{figure.value:g} 100"/>'
              f'<text x="{centre}" y="{centre + 9}" text-anchor="middle" fill="currentColor" font-size="26" '
              f'font-weight="700">{escape(number_text(figure.value, "percentage"))}</text>')
    return _svg(figure, 2 * centre, f"A ring with {number_text(figure.value, 'percentage')} of it filled, starting "
                "at the top and going clockwise.", shapes)


def _bars(figure: Figure, bars: list[tuple[str, float, str]], maximum: float) -> tuple[int, str]:
    """Horizontal bars, each with its name above and its number after it, on one scale."""
    track = WIDTH - 110
    rows, y = [], 0
    for name, value, fill in bars:
        width = 0 if maximum == 0 else track * value / maximum
        if name:
            rows.append(_text(0, y + 15, name))
        rows.append(f'<rect class="bar-scale" x="0.5" y="{y + 22.5}" width="{track - 1}" height="{BAR_HEIGHT - 1}" '
                    'fill="none" stroke="currentColor" stroke-width="1"/>' if figure.scale == "percentage" else "")
        rows.append(f'<rect class="bar-value" x="0" y="{y + 22}" width="{width:.2f}" height="{BAR_HEIGHT}" '
                    f'fill="{fill}" stroke="currentColor" stroke-width="1.5"/>')
        rows.append(_text(track + 10, y + 22 + BAR_HEIGHT - 8, _shown(figure, value), bold=True))
        y += BAR_HEIGHT + 36
    return y - 8, "".join(rows)


def _maximum(figure: Figure, *values: float) -> float:
    return 100 if figure.scale == "percentage" else max(values)


def bar(figure: Figure) -> str:
    height, shapes = _bars(figure, [("", figure.value, "currentColor")], 100)
    return _svg(figure, height, f"A bar filled to {number_text(figure.value, 'percentage')} of its length.", shapes)


def comparison(figure: Figure) -> str:
    pattern, hatched = _hatch(figure)
    maximum = _maximum(figure, figure.value, figure.benchmark)
    height, shapes = _bars(figure, [(figure.value_label, figure.value, "currentColor"),
                                    (figure.benchmark_label, figure.benchmark, hatched)], maximum)
    return _svg(figure, height, f"Two bars: a solid one for {figure.value_label} and a hatched one for "
                f"{figure.benchmark_label}.", shapes, pattern)


def before_after(figure: Figure) -> str:
    pattern, hatched = _hatch(figure)
    maximum = _maximum(figure, figure.before, figure.after)
    height, shapes = _bars(figure, [(figure.before_label, figure.before, hatched),
                                    (figure.after_label, figure.after, "currentColor")], maximum)
    return _svg(figure, height, f"Two bars: a hatched one for {figure.before_label} and a solid one for "
                f"{figure.after_label}.", shapes, pattern)


def units(figure: Figure) -> str:
    """A count drawn as one square per unit, in rows of ten."""
    count = int(figure.value)
    squares = []
    for index in range(count):
        row, column = divmod(index, 10)
        squares.append(f'<rect class="filled" x="{column * (UNIT + GAP)}" y="{row * (UNIT + GAP)}" width="{UNIT}" '
                       f'height="{UNIT}" fill="currentColor"/>')
    rows = max(1, -(-count // 10))
    height = max(rows * (UNIT + GAP) - GAP, UNIT)
    text_x = 10 * (UNIT + GAP) + 20
    return _svg(figure, max(height, 24), f"{count} squares, one for each of the {_counted(figure, count)}.",
                "".join(squares) + _text(text_x, 16, _counted(figure, count), bold=True))


def chart(figure: Figure) -> str | None:
    """The SVG for a figure, or None when a chart would add nothing (an amount of money, a big count)."""
    if figure.kind == "percentage":
        return {"waffle": waffle, "donut": donut, "bar": bar}[figure.chart](figure)
    if figure.kind == "comparison":
        return comparison(figure)
    if figure.kind == "before-after":
        return before_after(figure)
    if figure.kind == "count" and figure.value <= MAX_UNITS:
        return units(figure)
    return None


def figure_html(figure: Figure) -> Markup:
    """The whole figure: chart, the sentence, the numbers' table and the source."""
    drawing = chart(figure)
    note = f'<p class="figure-note">{escape(figure.note)}</p>' if figure.note else ""
    big = "" if drawing else " figure-big"  # no chart: the sentence itself is set large
    return Markup(
        f'<figure class="hub-figure hub-figure-{figure.kind}" id="{figure.anchor}">{drawing or ""}'
        f'<figcaption><p class="figure-sentence{big}">{escape(sentence(figure))}</p>{_table(figure)}'
        f'<p class="figure-source">Source: {escape(figure.source)}</p>{note}</figcaption></figure>')
