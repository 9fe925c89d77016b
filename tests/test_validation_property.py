"""What validation accepts, the build builds; and validation never ends in a traceback.

Hypothesis writes event and member files as a person (or an attacker) might: every field a valid value but at
most one odd one (years 1 and 9999, an unquoted 25:00, huge intervals, rules whose dates never exist, invisible
characters, look-alike host names), or something that is not a profile at all. Each is validated as
`invoke validate` does; a tree with no problems then goes through the build's pure steps (events with their
.ics files and events.json, Markdown, members.json, matching), which must not raise. Derandomized, so every
run checks the same examples.
"""
import shutil
import tempfile
from pathlib import Path

from events_support import FIXTURES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import NOW, ROOT, hub_settings
from hub.core import markup, opendata
from hub.events.agenda import build_agenda, files
from hub.events.catalogue import occurrences
from hub.matching import matcher
from hub.tree import load_tree

EXAMPLES = settings(max_examples=150, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow])


def date(years, months=st.integers(1, 12), days=st.integers(1, 28)):
    return st.builds(lambda y, m, d: f"{y:04d}-{m:02d}-{d:02d}", years, months, days)


def clock(hours=st.integers(0, 22), minutes=st.integers(0, 59)):
    return st.builds(lambda h, m: f"{h:02d}:{m:02d}", hours, minutes)


ODD_TEXT = st.one_of(
    st.sampled_from(["\u200b\u200b", "\u202eevil", "a\u2066b", "\u3164", "", "''", "null", "~", "yes", "1:30",
                     "25:00", "[1, 2]", "{a: 1}", "-", "'unterminated", '"\\uD800"', "é" * 130, "x\ty", "#", "&a",
                     "*a", "!!python/name:os.system", "2026-02-30", "0x1F", "a: [" * 40]),
    st.text(min_size=1, max_size=40).map(lambda s: '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'))
TEXT = st.sampled_from(["Coffee morning", "Café \u00e9t\u00e9", "مقهى", "Knit & natter", "'#1: quoted'",
                        "Ball Hill\u200dgroup", "\u05e9\u05dc\u05d5\u05dd \u200fworld"])
VALID_YEAR = st.one_of(st.integers(2025, 2028), st.sampled_from([1900, 2200]))
ODD_YEAR = st.sampled_from([1, 1899, 2201, 9999])
ODD_DATE = st.one_of(date(ODD_YEAR), date(VALID_YEAR, st.integers(0, 13), st.integers(0, 32)), ODD_TEXT)
ODD_CLOCK = clock(st.integers(0, 30), st.integers(0, 61))
ODD_DATE_TIME = st.one_of(ODD_DATE, ODD_CLOCK, st.builds(lambda d, t: f"{d} {t}", ODD_DATE, ODD_CLOCK),
                          st.builds(lambda t: f'"{t}"', ODD_CLOCK))
NUMBER = st.one_of(st.integers(-60, 400).map(str),
                   st.sampled_from(["0", "1000", "1001", "99999999999", "²", "1" * 5000, "+3", "07", "1,2", ""]))
UNTIL = st.one_of(st.builds(lambda d: d.replace("-", ""), date(st.integers(2029, 2200))),
                  st.builds(lambda d: d.replace("-", "") + "T235959Z", date(st.integers(2029, 2200))))
ODD_UNTIL = st.builds(lambda d, t: d.replace("-", "") + t, ODD_DATE, st.sampled_from(["", "T235959Z", "T2400"]))
RULE_PART = st.one_of(
    st.builds(lambda v: f"INTERVAL={v}", NUMBER), st.builds(lambda v: f"COUNT={v}", NUMBER),
    st.builds(lambda v: f"UNTIL={v}", ODD_UNTIL),
    st.builds(lambda n, d: f"BYDAY={n}{d}", st.sampled_from(["", "1", "3", "-1", "5", "6", "0", "+2", "54"]),
              st.sampled_from(["MO", "TU", "SU", "XX"])),
    st.builds(lambda v: f"BYMONTHDAY={v}", NUMBER), st.builds(lambda v: f"BYMONTH={v}", NUMBER),
    st.builds(lambda v: f"BYSETPOS={v}", NUMBER), st.builds(lambda v: f"BYWEEKNO={v}", NUMBER),
    st.builds(lambda v: f"BYYEARDAY={v}", NUMBER), st.sampled_from(["WKST=SU", "BYHOUR=9", "BYEASTER=1"]))
# Every day, or every week/month/year on the start's day: the start is the first date, whatever it is.
RULE = st.builds(lambda freq, interval, bound: ";".join(filter(None, [f"FREQ={freq}", interval, bound])),
                 st.sampled_from(["DAILY", "WEEKLY", "MONTHLY", "YEARLY"]),
                 st.one_of(st.just(""), st.builds(lambda v: f"INTERVAL={v}", st.integers(1, 1000))),
                 st.one_of(st.just(""), st.builds(lambda v: f"COUNT={v}", st.integers(1, 1000)),
                           st.builds(lambda v: f"UNTIL={v}", UNTIL)))
ODD_RULE = st.one_of(
    st.builds(lambda freq, parts: ";".join([f"FREQ={freq}", *parts]),
              st.sampled_from(["DAILY", "WEEKLY", "MONTHLY", "YEARLY", "HOURLY"]), st.lists(RULE_PART, max_size=4)),
    st.sampled_from(["FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30", "FREQ=MONTHLY;BYDAY=MO;BYSETPOS=6",
                     "FREQ=YEARLY;BYWEEKNO=53;BYMONTH=6", "FREQ=DAILY;INTERVAL=7;BYDAY=TU"]),
    st.builds(lambda rule, days: f"\n  rule: {rule}\n  except: [{', '.join(days)}]", RULE,
              st.lists(st.one_of(date(VALID_YEAR), ODD_DATE), max_size=3)),
    st.builds(lambda rule, day, start: f"\n  rule: {rule}\n  changes:\n    - date: {day}\n      start: {start}\n"
              "      status: cancelled", RULE, st.one_of(date(VALID_YEAR), ODD_DATE), ODD_DATE_TIME))
URL = st.sampled_from(["https://meet.example.org/x", "http://example.org", "https://раypal.example.org/",
                       "https://例え.テスト/", "https://münchen.example/", "https://ex.org/a?b=c#d"])
ODD_URL = st.one_of(st.sampled_from(["javascript:alert(1)", "https://xn--/", "https://[::1]/", "ftp://x.example.org",
                                     "https://a\u202eb.example.org/", "https://user@host:99999/", "https://☃.net/",
                                     "https://аpple.com:8080/", "https://a..b/"]), ODD_TEXT)
LOCATION = st.builds(lambda name: f"{{name: {name}}}", TEXT)
ODD_LOCATION = st.one_of(st.builds(lambda name: f"{{name: {name}}}", ODD_TEXT),
                         st.sampled_from(["{geo: [91, 0]}", "{geo: [.nan, .inf]}", "{name: Hall, geo: '52.4, -1.5'}",
                                          "{name: Hall, geo: [1e400, 0]}", "{address: x, postcode: [1]}"]))
# Each field: (valid values, odd values).
EVENT_FIELDS = {
    "title": (TEXT, ODD_TEXT),
    "start": (st.builds(lambda d, t: f"{d} {t}", date(VALID_YEAR), clock()), ODD_DATE_TIME),
    "end": (st.just('"23:59"'), ODD_DATE_TIME),
    "duration": (st.sampled_from(["90 minutes", "2 hours", "1h30", "PT45M", "30", "1:30"]),
                 st.one_of(st.builds(lambda n, unit: f"{n} {unit}", st.integers(0, 10 ** 22),
                                     st.sampled_from(["minutes", "hours", "days", "h"])),
                           st.sampled_from([".inf", "-.inf", ".nan", "1e400", "P999999999W", "-5 minutes", "0"]))),
    "timezone": (st.sampled_from(["Europe/London", "Pacific/Kiritimati", "Pacific/Pago_Pago", "America/New_York"]),
                 st.sampled_from(["europe/london", "Mars/Olympus", "UTC+1"])),
    "status": (st.sampled_from(["confirmed", "cancelled", "tentative"]), st.just("maybe")),
    "summary": (TEXT, ODD_TEXT), "description": (TEXT, ODD_TEXT), "cost": (TEXT, ODD_TEXT),
    "location": (LOCATION, ODD_LOCATION),
    "online": (URL, ODD_URL), "booking": (URL, ODD_URL),
    "organiser": (st.just("ball-hill-organisers"), st.sampled_from(["nobody", "Ball-Hill-Organisers"])),
    "categories": (st.sampled_from(["[venues]", "[training, events]"]), st.sampled_from(["[x, x]", "[nope]", "{}"])),
    "accessibility": (st.just("{features: [step-free, bsl]}"), st.sampled_from(["{features: [flying]}", "[]"])),
    "repeat": (RULE, ODD_RULE),
}
ITEM = st.builds(lambda cat, title: f"\n  - category: {cat}\n    title: {title}",
                 st.sampled_from(["venues", "training"]), TEXT)
ODD_ITEM = st.one_of(st.builds(lambda title: f"\n  - category: venues\n    title: {title}", ODD_TEXT),
                     st.sampled_from(["\n  - category: nope\n    title: x", "[]", "x"]))
MEMBER_FIELDS = {
    "name": (TEXT, ODD_TEXT), "summary": (TEXT, ODD_TEXT), "description": (TEXT, ODD_TEXT),
    "type": (st.just("charity"), st.just("cult")), "website": (URL, ODD_URL),
    "areas": (st.sampled_from(["[Coventry]", "[Online, UK-wide]", "Leeds"]), st.sampled_from(["[]", "[x, x]"])),
    "themes": (st.just("[air quality]"), ODD_TEXT), "joined": (date(VALID_YEAR), ODD_DATE),
    "updated": (date(VALID_YEAR), ODD_DATE),
    "logo": (st.just("https://example.org/l.png"), st.sampled_from(["http://example.org/l.png", "../secret.png"])),
    "offers": (ITEM, ODD_ITEM), "needs": (ITEM, ODD_ITEM),
    "contact": (st.sampled_from(["{email: a@example.org, public: true}", "{phone: '024 7600 0000', public: true}",
                                 "{public: false}"]),
                st.sampled_from(["{phone: 0123456, public: yes}", "{name: Jo, email: not-an-email}"])),
    "news_feed": (URL, ODD_URL), "events_feed": (URL, ODD_URL),
}
NOT_A_PROFILE = st.sampled_from(["- a list\n", "just text\n", "", "---\n---\n", "a: [" * 40, "\ufeff\x00", "{"])


def document(fields: dict, required: tuple[str, ...], one_of: tuple[str, ...] = (), often: str = ""):
    """YAML text: the `required` fields (and one of `one_of`; `often` every other time) and a few others, at
    most one of them odd; or a file that is not a profile at all."""
    @st.composite
    def text(draw) -> str:
        extra = draw(st.lists(st.sampled_from(sorted(fields)), unique=True, max_size=4))
        if often and draw(st.booleans()):
            extra.insert(0, often)
        names = list(dict.fromkeys([*required, *([draw(st.sampled_from(one_of))] if one_of else []), *extra]))
        odd = draw(st.one_of(st.none(), st.sampled_from(names)))
        return "".join(f"{name}: {draw(fields[name][name == odd])}\n" for name in names)

    return st.one_of(text(), text(), text(), NOT_A_PROFILE)


def check_and_build(event_text: str | None = None, member_text: str | None = None) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        shutil.copy(ROOT / "categories.yaml", root / "categories.yaml")
        shutil.copytree(FIXTURES / "members", root / "members")
        (root / "events").mkdir()
        if event_text is not None:
            (root / "events" / "generated.yaml").write_text(event_text, encoding="utf-8")
        if member_text is not None:
            (root / "members" / "generated.yaml").write_text(member_text, encoding="utf-8")
        settings = hub_settings(root, HUB_EVENTS_NOW=NOW)
        hub, problems = load_tree(settings)  # must never raise
        assert all(str(problem).startswith(("events/generated.yaml:", "members/generated.yaml:"))
                   for problem in problems)
        if problems:
            return
        agenda = build_agenda(hub, settings, lock={})
        files(agenda)
        for event in agenda.events:
            if event.repeat is None:
                occurrences(event)
            markup.render_markdown(event.description)
        for member in hub.members:
            markup.render_markdown(member.description)
        opendata.dumps(opendata.members_document(hub, "https://hub.example.org"))
        opendata.dumps(matcher.matches_document(matcher.match_hub(hub)))


@EXAMPLES
@given(document(EVENT_FIELDS, ("title", "start", "organiser", "online"), one_of=("duration", "end"), often="repeat"))
def test_every_event_file_validation_accepts_builds(text):
    check_and_build(event_text=text)


@EXAMPLES
@given(document(MEMBER_FIELDS, ("name", "summary", "areas")))
def test_every_profile_validation_accepts_builds(text):
    check_and_build(member_text=text)
