"""Recurring events: expanded on the wall clock, placed in their zone, right through the clock changes."""
import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from events_support import agenda, load, tree

from hub.events.catalogue import occurrences
from hub.events.recurrence import RuleError, describe, ics_rule, parse_rule

LONDON = ZoneInfo("Europe/London")
UTC = dt.UTC

SERIES = """title: Get-together
start: 2026-12-17 18:30
end: "20:00"
organiser: ball-hill-organisers
online: https://meet.example.org/x
repeat:
  rule: FREQ=MONTHLY;BYDAY=3TH
  except: [2027-08-19]
  changes:
    - date: 2027-01-21
      status: cancelled
      note: Hall closed for repairs
    - date: 2027-02-18
      start: 2027-02-25 18:30
      end: "20:00"
    - date: 2027-06-17
      title: Summer special
      status: tentative
"""


def series(tmp_path, text=SERIES):
    return load(tree(tmp_path, {"get-together": text}))[1][0]


def utc(occ):
    return occ.start.astimezone(UTC).strftime("%Y-%m-%d %H:%M")


def test_monthly_series_keeps_its_local_time_across_the_march_and_october_changes(tmp_path):
    event = series(tmp_path)
    occs = occurrences(event, dt.datetime(2026, 12, 1, tzinfo=UTC), dt.datetime(2027, 12, 31, tzinfo=UTC))
    assert [o.start.strftime("%H:%M") for o in occs] == ["18:30"] * len(occs)
    by_day = {o.local_date.isoformat(): utc(o) for o in occs}
    assert by_day["2027-03-18"] == "2027-03-18 18:30"  # GMT, before the change on 28 March
    assert by_day["2027-04-15"] == "2027-04-15 17:30"  # BST
    assert by_day["2027-10-21"] == "2027-10-21 17:30"  # BST, before the change on 31 October
    assert by_day["2027-11-18"] == "2027-11-18 18:30"  # GMT again


def test_weekly_series_on_the_days_of_both_clock_changes(tmp_path):
    text = SERIES.replace("2026-12-17 18:30", "2027-03-21 10:00").replace(
        "repeat:\n  rule: FREQ=MONTHLY;BYDAY=3TH", "repeat:\n  rule: FREQ=WEEKLY;BYDAY=SU\n  except: []\n") \
        .split("  except: [2027-08-19]")[0]
    event = series(tmp_path, text)
    occs = occurrences(event, dt.datetime(2027, 3, 20, tzinfo=UTC), dt.datetime(2027, 11, 8, tzinfo=UTC))
    by_day = {o.local_date.isoformat(): utc(o) for o in occs}
    assert by_day["2027-03-21"] == "2027-03-21 10:00"
    assert by_day["2027-03-28"] == "2027-03-28 09:00"  # the Sunday the clocks go forward
    assert by_day["2027-10-31"] == "2027-10-31 10:00"  # the Sunday they go back
    assert by_day["2027-10-24"] == "2027-10-24 09:00"


def test_except_dates_are_left_out_and_cancelled_dates_stay_marked(tmp_path):
    event = series(tmp_path)
    occs = {o.local_date.isoformat(): o for o in occurrences(event, dt.datetime(2026, 12, 1, tzinfo=UTC),
                                                               dt.datetime(2027, 12, 31, tzinfo=UTC))}
    assert "2027-08-19" not in occs
    assert occs["2027-01-21"].status == "cancelled" and occs["2027-01-21"].note == "Hall closed for repairs"
    assert occs["2027-07-15"].status == "confirmed"


def test_a_moved_date_keeps_its_original_as_recurrence_id(tmp_path):
    event = series(tmp_path)
    occs = occurrences(event, dt.datetime(2027, 2, 1, tzinfo=UTC), dt.datetime(2027, 3, 1, tzinfo=UTC))
    assert len(occs) == 1
    moved = occs[0]
    assert moved.start == dt.datetime(2027, 2, 25, 18, 30, tzinfo=LONDON)
    assert moved.original == dt.datetime(2027, 2, 18, 18, 30, tzinfo=LONDON)
    assert moved.moved and moved.original_text == "Thursday 18 February 2027"


def test_a_date_moved_into_the_window_from_outside_it_is_listed(tmp_path):
    event = series(tmp_path)
    occs = occurrences(event, dt.datetime(2027, 2, 20, tzinfo=UTC), dt.datetime(2027, 3, 1, tzinfo=UTC))
    assert [o.local_date for o in occs] == [dt.date(2027, 2, 25)]


def test_a_changed_title_and_status_apply_to_that_date_only(tmp_path):
    event = series(tmp_path)
    occs = {o.local_date.isoformat(): o for o in occurrences(event, dt.datetime(2027, 5, 1, tzinfo=UTC),
                                                               dt.datetime(2027, 8, 1, tzinfo=UTC))}
    assert (occs["2027-06-17"].title, occs["2027-06-17"].status) == ("Summer special", "tentative")
    assert (occs["2027-07-15"].title, occs["2027-07-15"].status) == ("Get-together", "confirmed")


def test_a_cancelled_series_cancels_every_date(tmp_path):
    event = series(tmp_path, SERIES.replace("organiser:", "status: cancelled\norganiser:"))
    occs = occurrences(event, dt.datetime(2026, 12, 1, tzinfo=UTC), dt.datetime(2027, 12, 31, tzinfo=UTC))
    assert {o.status for o in occs} == {"cancelled"}


def test_all_day_series_stays_on_its_dates_through_the_change(tmp_path):
    text = """title: Market day
start: 2027-03-27
organiser: ball-hill-organisers
location: {name: Ball Hill}
repeat: FREQ=WEEKLY;COUNT=3
"""
    event = series(tmp_path, text)
    occs = occurrences(event)
    assert [(o.start, o.end) for o in occs] == [(dt.date(2027, 3, 27), dt.date(2027, 3, 28)),
                                              (dt.date(2027, 4, 3), dt.date(2027, 4, 4)),
                                              (dt.date(2027, 4, 10), dt.date(2027, 4, 11))]


def test_upcoming_are_those_not_yet_over_and_the_window_is_12_months(tmp_path):
    root = tree(tmp_path, {"get-together": SERIES})
    cat = agenda(root, now="2027-01-21T19:00:00Z").catalogue
    first = cat.upcoming[0]
    assert first.local_date == dt.date(2027, 1, 21)  # 18:30-20:00 GMT: still going on at 19:00
    assert cat.upcoming[-1].local_date == dt.date(2028, 1, 20)  # the window ends 2028-01-21 19:00
    assert cat.past[0].local_date == dt.date(2026, 12, 17)
    shorter = agenda(root, now="2027-01-21T19:00:00Z", HUB_EVENTS_WINDOW_MONTHS=3).catalogue
    assert shorter.upcoming[-1].local_date == dt.date(2027, 4, 15)


def test_until_is_the_whole_local_day_and_is_written_in_utc():
    rule = parse_rule("FREQ=WEEKLY;BYDAY=TU;UNTIL=20270629")
    assert ics_rule(rule, LONDON, all_day=False) == "FREQ=WEEKLY;BYDAY=TU;UNTIL=20270629T225959Z"  # BST
    assert ics_rule(rule, LONDON, all_day=True) == "FREQ=WEEKLY;BYDAY=TU;UNTIL=20270629"
    winter = parse_rule("FREQ=WEEKLY;UNTIL=20270105;BYDAY=TU")
    assert ics_rule(winter, LONDON, all_day=False) == "FREQ=WEEKLY;BYDAY=TU;UNTIL=20270105T235959Z"


def test_until_date_includes_its_last_day(tmp_path):
    text = SERIES.split("  except")[0].replace("BYDAY=3TH", "BYDAY=3TH;UNTIL=20270318")
    assert [o.local_date for o in occurrences(series(tmp_path, text))][-1] == dt.date(2027, 3, 18)


@pytest.mark.parametrize("text, message", [
    ("FREQ=MONTHLY;INTERVAL=0", "INTERVAL=0 must be a whole number of 1 or more"),
    ("FREQ=YEARLY;BYMONTH=13", "BYMONTH value '13' must be a month number, 1 to 12"),
    ("FREQ=WEEKLY;WKST=XX", "WKST=XX is not a weekday; use one of: MO, TU, WE, TH, FR, SA, SU"),
    ("FREQ=WEEKLY;BYDAYS=MO", "'BYDAYS' is not a rule part (did you mean \"BYDAY\"?); the parts are: FREQ, INTERVAL, "
                              "COUNT, UNTIL, BYDAY, BYMONTHDAY, BYMONTH, BYSETPOS, BYWEEKNO, BYYEARDAY, WKST"),
    ("BYDAY=MO", "has no FREQ; start it with FREQ=DAILY, FREQ=WEEKLY, FREQ=MONTHLY or FREQ=YEARLY"),
    ("FREQ=HOURLY", "FREQ=HOURLY is not supported: an event repeats at most daily"),
    ("FREQ=WEEKLY;UNTIL=2027-06-30", "UNTIL=2027-06-30 is not a date; write it as YYYYMMDD, e.g. UNTIL=20270630"),
    ("FREQ=WEEKLY;UNTIL=20270230", "UNTIL=20270230 is not a real date; write it as YYYYMMDD, e.g. UNTIL=20270630"),
    ("FREQ=WEEKLY;COUNT=5000", "COUNT=5000 is too many; the limit is 1000"),
    ("FREQ=WEEKLY; BYDAY=TU", "'FREQ=WEEKLY; BYDAY=TU' has spaces in it; join the parts with ';' and no spaces, "
                             "e.g. FREQ=WEEKLY;BYDAY=TU"),
    ("FREQ=MONTHLY;FREQ=WEEKLY", "FREQ is written twice; keep one"),
    ("FREQ=WEEKLY;BYMONTHDAY=1", "BYMONTHDAY does not work with FREQ=WEEKLY; use BYDAY, or FREQ=MONTHLY"),
    ("", "is empty; write a rule such as FREQ=MONTHLY;BYDAY=3TH"),
])
def test_rule_mistakes_are_explained(text, message):
    with pytest.raises(RuleError) as error:
        parse_rule(text)
    assert str(error.value) == message


def test_rules_are_case_insensitive_and_may_start_with_rrule():
    assert parse_rule("RRULE:freq=monthly;byday=3th").text == "FREQ=MONTHLY;BYDAY=3TH"


@pytest.mark.parametrize("text, start, words", [
    ("FREQ=MONTHLY;BYDAY=3TH", dt.datetime(2026, 12, 17, 18, 30), "Every month on the third Thursday"),
    ("FREQ=MONTHLY;BYDAY=-1MO", dt.datetime(2026, 10, 26, 18), "Every month on the last Monday"),
    ("FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH", dt.datetime(2026, 12, 1, 10), "Every 2 weeks on Tuesday and Thursday"),
    ("FREQ=WEEKLY;BYDAY=TU;COUNT=5", dt.datetime(2027, 1, 12, 18, 30), "Every week on Tuesday, 5 times in all"),
    ("FREQ=MONTHLY;BYDAY=2SA;UNTIL=20271031", dt.datetime(2027, 4, 10, 11), "Every month on the second Saturday, "
                                                                            "until 31 October 2027"),
    ("FREQ=WEEKLY", dt.datetime(2027, 1, 6, 10), "Every week on Wednesday"),
    ("FREQ=YEARLY", dt.date(2027, 6, 19), "Every year on 19 June"),
    ("FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1", dt.datetime(2027, 1, 29, 10),
     "Repeats (FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1)"),
])
def test_series_are_described_in_words(text, start, words):
    assert describe(parse_rule(text), start, LONDON) == words
