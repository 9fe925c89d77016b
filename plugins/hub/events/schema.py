"""The one declaration of every field of an event file (events/*.yaml; docs/events.md)."""
from __future__ import annotations

from ..core.fields import (
                           Choice,
                           Date,
                           DeclaredKey,
                           Field,
                           ListOf,
                           Markdown,
                           MemberRef,
                           Record,
                           ShorthandRecord,
                           Text,
                           TimeZoneName,
                           Url,
                           VocabularyRef,
)
from ..core.schema import LOCALITIES
from .kinds import YEARS, Duration, GeoPoint, LocalDateTime
from .recurrence import RRule

EVENT_STATUSES = ("confirmed", "tentative", "cancelled")
ACCESSIBILITY_FEATURES = ("step-free", "accessible-toilet", "hearing-loop", "bsl", "captions",
                          "quiet-space", "seating", "large-print", "parking", "assistance-dogs-welcome")

LOCATION = Record(what="location", fields=(
    Field("name", Text(max_length=120), help="The venue, e.g. `St Margaret's Church Hall`."),
    Field("address", Text(max_length=200),
          help="Street address on one line, as written on an envelope (no map is shown)."),
    Field("postcode", Text(max_length=12, doc_name="postcode"), help="e.g. `CV2 4AA`."),
    Field("geo", GeoPoint(), help="Latitude and longitude; calendar apps use it to place the pin."),
))

ACCESSIBILITY = Record(what="accessibility", fields=(
    Field("features", ListOf(Choice(options=ACCESSIBILITY_FEATURES), max_items=20, unique=True), default=(),
          help="What the venue or session offers, from the list in docs/events.md."),
    Field("details", Text(max_length=1_000, single_line=False),
          help="Anything else people should know: the entrance, the lift, breaks, who to ask."),
))

OCCURRENCE_CHANGE = Record(what="change to one date", fields=(
    Field("date", Date(years=YEARS), required=True,
          help="The date this occurrence would normally fall on, e.g. `2027-01-21`."),
    Field("status", Choice(options=EVENT_STATUSES),
          help="`cancelled` cancels this date only; `tentative` marks it as not yet sure."),
    Field("start", LocalDateTime(), help="A new start if this date moves, e.g. `2027-01-28 18:30`."),
    Field("end", LocalDateTime(time_only=True), help="A new end (a time alone means the same day)."),
    Field("title", Text(max_length=120), help="A different title for this date."),
    Field("location", LOCATION, help="A different venue for this date."),
    Field("online", Url(), help="A different online link for this date."),
    Field("note", Text(max_length=300), help="Shown next to this date, e.g. why it is cancelled."),
))

REPEAT = ShorthandRecord(what="repeat rule", shorthand="rule", fields=(
    Field("rule", RRule(), required=True,
          help="When it repeats, as an RFC 5545 RRULE: `FREQ=MONTHLY;BYDAY=3TH` is the third Thursday "
               "of every month. `repeat: FREQ=...` alone is short for `repeat: {rule: FREQ=...}`."),
    Field("except", ListOf(Date(years=YEARS), max_items=500, unique=True), default=(),
          help="Dates on which it does not happen at all (e.g. a summer break); they are not listed."),
    Field("changes", ListOf(OCCURRENCE_CHANGE, max_items=500), default=(),
          help="Dates that are cancelled, moved or different; cancelled dates stay listed, marked."),
))

EVENT = Record(what="event", fields=(
    Field("title", Text(max_length=120), required=True, help="The event's name."),
    Field("start", LocalDateTime(), required=True,
          help="Local start, `2026-12-17 18:30`; a date alone (`2027-05-01`) makes an all-day event."),
    Field("end", LocalDateTime(time_only=True),
          help="Local end: `2026-12-17 20:00`, or `\"20:00\"` for the same day; for all-day events the "
               "last day. Give `end` or `duration`."),
    Field("duration", Duration(), help="Instead of `end`: `90 minutes`, `1h30`, `2 days`."),
    Field("timezone", TimeZoneName(),
          help="Time zone of `start` and `end`; defaults to the hub's (Europe/London)."),
    Field("status", Choice(options=EVENT_STATUSES), default="confirmed",
          help="`cancelled` events stay listed, clearly marked, and calendars mark them cancelled."),
    Field("summary", Text(max_length=200), help="One plain-text sentence for listings."),
    Field("description", Markdown(max_length=10_000), help="Everything else; Markdown."),
    Field("location", LOCATION, help="Where it happens in person."),
    Field("localities", LOCALITIES, default=(),
          help="The neighbourhood it happens in, e.g. `[Foleshill]`, as listed in `places.yaml`."),
    Field("online", Url(), help="The link to join online; an event can be in person, online or both."),
    Field("organiser", MemberRef(), required=True,
          help="The organising member's slug: its file name in `members/` without `.yaml`."),
    Field("categories", ListOf(VocabularyRef(), max_items=10, unique=True), default=(),
          help="Category keys from `categories.yaml`, e.g. `training`."),
    Field("booking", Url(), help="Where to book or register."),
    Field("cost", Text(max_length=100), help="e.g. `Free`, `£3, free for under 16s`."),
    Field("accessibility", ACCESSIBILITY, help="Access information."),
    Field("repeat", REPEAT, help="For a series: the rule, dates off, and changes to single dates."),
    Field("keys", ListOf(DeclaredKey(), max_items=20, unique=True), default=(),
          help="Keys to connection the event practises, e.g. `[space, activity]` (docs/publishing.md)."),
))
