"""The files `invoke new-post` and `invoke new-report` write: valid as they are, with a line for every
field a coordinator is likely to need and a note on where the rest is described."""
from __future__ import annotations

import datetime as dt

from ..core.slugs import slugify
from .periods import Period


def post_slug(title: str) -> str:
    return slugify(title)[:80].strip("-") or "new-post"


def new_post_text(title: str, today: dt.date, series: str | None = None, order: int | None = None) -> str:
    lines = [f"Title: {title}", f"Date: {today.isoformat()}", "Category: Learning",
             "Summary: One or two plain sentences on what this post is about, for listings, feeds and search.",
             f"Slug: {post_slug(title)}", "Authors: Coalition coordinators"]
    if series:
        lines += [f"Series: {series}", f"Series_order: {order if order is not None else 1}"]
    return "\n".join(lines) + """

<!-- Write the post below in Markdown; this note is not published. Link to a member with
     [their name]({member}their-file-name), to an event with [its title]({event}its-file-name).
     docs/publishing.md describes every header line, series, figures and links. -->

Start with what happened, then what you learned, then what others could try.

## What we learned

## Try this

- One thing another group could do next week.
"""


def report_slug(period: Period) -> str:
    return f"quarterly-report-{str(period).lower()}"


def new_report_text(period: Period, today: dt.date) -> str:
    return f"""Title: Quarterly report: {period.label}
Date: {today.isoformat()}
Category: Reports
Summary: What the coalition and its members did from {period.label}, in words and in numbers.
Slug: {report_slug(period)}
Period: {period}
Authors: Coalition coordinators

<!-- Write the report below in Markdown; this note is not published.
     - The line [hub numbers] shows the hub's own numbers for {period} (members, offers and needs,
       events, matches); `invoke report-stats {period}` prints them.
     - Numbers the hub cannot know (a survey's 74%) go in {report_slug(period)}.figures.yaml beside
       this file, each placed with a line [figure: its-name]. See docs/publishing.md. -->

A few sentences on the quarter: what went well, what was hard, and what comes next.

## The quarter in numbers

[hub numbers]

## What members told us

## What comes next
"""
