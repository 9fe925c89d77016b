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
    Field("name", Text(max_length=120), help="The venue, e.g. `St Margaret's Church Hall`.",
          label="Venue", hint="The venue, e.g. St Margaret's Church Hall."),
    Field("address", Text(max_length=200),
          help="Street address on one line, as written on an envelope (no map is shown).",
          label="Address", hint="The street address, on one line."),
    Field("postcode", Text(max_length=12, doc_name="postcode"), help="e.g. `CV2 4AA`.", label="Postcode",
          hint="e.g. CV2 4AA."),
    Field("geo", GeoPoint(), help="Latitude and longitude; calendar apps use it to place the pin."),
))

ACCESSIBILITY = Record(what="accessibility", fields=(
    Field("features", ListOf(Choice(options=ACCESSIBILITY_FEATURES), max_items=20, unique=True), default=(),
          help="What the venue or session offers, from the list in docs/events.md.", label="Access",
          hint="What the venue or session offers."),
    Field("details", Text(max_length=1_000, single_line=False),
          help="Anything else people should know: the entrance, the lift, breaks, who to ask.",
          label="Access details"),
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
    Field("title", Text(max_length=120), required=True, help="The event's name.", label="Event title",
          hint="The event's name, as people will see it."),
    Field("start", LocalDateTime(), required=True,
          help="Local start, `2026-12-17 18:30`; a date alone (`2027-05-01`) makes an all-day event.",
          hint="The day and time it starts, e.g. 14/01/2027 10:30. A day alone makes an all-day event."),
    Field("end", LocalDateTime(time_only=True),
          help="Local end: `2026-12-17 20:00`, or `\"20:00\"` for the same day; for all-day events the "
               "last day. Give `end` or `duration`.",
          hint="When it ends, e.g. 14/01/2027 12:00, or just 12:00 on the same day."),
    Field("duration", Duration(), help="Instead of `end`: `90 minutes`, `1h30`, `2 days`."),
    Field("timezone", TimeZoneName(),
          help="Time zone of `start` and `end`; defaults to the hub's (Europe/London)."),
    Field("status", Choice(options=EVENT_STATUSES), default="confirmed",
          help="`cancelled` events stay listed, clearly marked, and calendars mark them cancelled."),
    Field("summary", Text(max_length=200), help="One plain-text sentence for listings.",
          hint="One sentence for listings."),
    Field("description", Markdown(max_length=10_000), help="Everything else; Markdown.",
          hint="Everything else people should know."),
    Field("location", LOCATION, help="Where it happens in person."),
    Field("localities", LOCALITIES, default=(),
          help="The neighbourhood it happens in, e.g. `[Foleshill]`, as listed in `places.yaml`.",
          label="Neighbourhood", hint="The neighbourhood it happens in, if the hub lists it."),
    Field("online", Url(), help="The link to join online; an event can be in person, online or both.",
          label="Online link", hint="The link to join online, if it is online (it can be online and in person)."),
    Field("organiser", MemberRef(), required=True,
          help="The organising member's slug: its file name in `members/` without `.yaml`.",
          hint="Your organisation's name as it is on the hub, or the address of its page there. Not on the hub "
               "yet? Fill in \"Join or update our profile\" first."),
    Field("categories", ListOf(VocabularyRef(), max_items=10, unique=True), default=(),
          help="Category keys from `categories.yaml`, e.g. `training`.", label="Kinds of event",
          hint="The kinds of support or activity it is about."),
    Field("booking", Url(), help="Where to book or register.", label="Booking link",
          hint="Where to book or register, if people need to."),
    Field("cost", Text(max_length=100), help="e.g. `Free`, `£3, free for under 16s`.",
          hint="e.g. Free, or £3, free for under 16s."),
    Field("accessibility", ACCESSIBILITY, help="Access information."),
    Field("repeat", REPEAT, help="For a series: the rule, dates off, and changes to single dates.",
          label="Repeats", hint="For a series: how often it happens, from the first date above."),
    Field("keys", ListOf(DeclaredKey(), max_items=20, unique=True), default=(),
          help="Keys to connection the event practises, e.g. `[space, activity]` (docs/publishing.md)."),
))
