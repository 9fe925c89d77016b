"""Every setting the hub reads, declared once: its kind, default and meaning.

`pelicanconf.py` (and `publishconf.py`) may set any of them. They are checked when Pelican starts
(and by `invoke validate`), each mistake reported like a mistake in a profile, and become one frozen
`HubSettings` that the rest of the code reads; nothing else looks up a `HUB_*` key. The table in
docs/settings.md is generated from `SETTINGS` (`invoke docs`; a test checks it is current).
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta

from .fields import Bool, Checker, Email, Kind, Text, TimeZoneName, Url, _describe
from .yamlio import Document, Problem

PLACEHOLDER_DOMAIN = "hub.coalition.example.org"


@dataclass(frozen=True)
class Integer(Kind):
    minimum: int = 0
    maximum: int = 1_000_000

    @property
    def doc(self) -> str:
        return f"whole number, {self.minimum} to {self.maximum}"

    def check(self, value, path, checker):
        if isinstance(value, bool) or not isinstance(value, int):
            return checker.problem(path, f"expected a whole number, found {_describe(value)}")
        if not self.minimum <= value <= self.maximum:
            return checker.problem(path, f"{value} is out of range; use {self.minimum} to {self.maximum}")
        return value


@dataclass(frozen=True)
class RelativePath(Kind):
    """A path inside the hub's folder (or the site), written with '/': never absolute, never '..'."""

    doc = "path relative to the hub's folder"

    def check(self, value, path, checker):
        if not isinstance(value, str) or not value.strip():
            return checker.problem(path, f"expected a relative path, found {_describe(value)}")
        text = value.strip()
        if text.startswith("/") or ".." in text.split("/") or "\\" in text:
            return checker.problem(path, f"'{text}' must be a path inside the hub's folder, written with '/', "
                                   "e.g. 'data/feed-cache'")
        return text


@dataclass(frozen=True)
class Domain(Kind):
    doc = "domain name, e.g. `hub.our-coalition.org.uk`"

    def check(self, value, path, checker):
        if not isinstance(value, str) or not re.fullmatch(r"(?=.{3,253}$)([a-z0-9](-*[a-z0-9])*\.)+[a-z]{2,63}",
                                                        value.strip().lower()):
            return checker.problem(path, f"'{value}' is not a domain name; write one like 'hub.our-coalition.org.uk'")
        return value.strip().lower()


@dataclass(frozen=True)
class Moment(Kind):
    """A pinned 'now' for events: a date or an ISO date-time (naive means the hub's time zone)."""

    doc = "date `YYYY-MM-DD` or ISO date-time"

    def check(self, value, path, checker):
        try:
            return parse_now(value, ZoneInfo(checker.context.get("timezone", "UTC")))
        except ValueError as error:
            return checker.problem(path, str(error))


@dataclass(frozen=True)
class DayStep(Integer):
    """Minutes that divide a day evenly (the build clock's step)."""

    minimum: int = 1
    maximum: int = 1440

    @property
    def doc(self) -> str:
        return "minutes that divide a day: 1, 5, 10, 15, 30, 60..."

    def check(self, value, path, checker):
        checked = super().check(value, path, checker)
        if isinstance(checked, int) and not isinstance(checked, bool) and 1440 % checked:
            return checker.problem(path, f"{checked} does not divide a day (1,440 minutes) evenly; use e.g. 5, 10, "
                                         "15, 30 or 60")
        return checked


@dataclass(frozen=True)
class Setting:
    name: str
    kind: Kind
    default: Any
    help: str
    attribute: str  # the HubSettings field it fills


# The hub's settings. Pelican's own SITENAME, SITEURL and TIMEZONE are read too (`PELICAN_SETTINGS`).
SETTINGS: tuple[Setting, ...] = (
    Setting("HUB_ROOT", Text(doc_name="folder"), None,
            "Folder holding members/, events/ and categories.yaml; by default the working directory.", "root"),
    Setting("HUB_MEMBERS_PATH", RelativePath(), "members", "Folder of member profiles.", "members_dir"),
    Setting("HUB_CATEGORIES_FILE", RelativePath(), "categories.yaml", "The categories vocabulary.",
            "categories_file"),
    Setting("HUB_PLACES_FILE", RelativePath(), "places.yaml",
            "Neighbourhoods of each area with their postcode districts (optional).", "places_file"),
    Setting("HUB_EVENTS_PATH", RelativePath(), "events", "Folder of event files.", "events_dir"),
    Setting("HUB_INTRODUCTIONS_PATH", RelativePath(), "introductions",
            "Folder of the introductions coordinators made (docs/matching.md).", "introductions_dir"),
    Setting("HUB_EVENTS_TIMEZONE", TimeZoneName(), None,
            "Time zone of events that do not name one; by default `TIMEZONE`, else Europe/London.", "timezone"),
    Setting("HUB_EVENTS_NOW", Moment(), None,
            "Pin 'now' for events (tests, previews); by default `$HUB_EVENTS_NOW`, else the real time (in steps "
            "of `HUB_CLOCK_MINUTES`).", "now"),
    Setting("HUB_CLOCK_MINUTES", DayStep(), 15,
            "The build's clock moves in steps of this many minutes: every build within one step sees the same "
            "time (its start, counted from midnight in the hub's time zone), so it makes the same pages, and "
            "`invoke build` with nothing changed since the last build of the step does nothing. An event that "
            "has ended shows as upcoming until the step is over. It divides a day: 1, 5, 10, 15, 30, 60...",
            "clock_minutes"),
    Setting("HUB_EVENTS_WINDOW_MONTHS", Integer(1, 60), 12, "Months of upcoming dates listed and exported.",
            "window_months"),
    Setting("HUB_EVENTS_ARCHIVE_MONTHS", Integer(0, 120), 24, "Months of past dates kept in the archive.",
            "archive_months"),
    Setting("HUB_EVENTS_UID_DOMAIN", Domain(), PLACEHOLDER_DOMAIN,
            "Domain in every event's calendar UID. Set it once to a domain the coalition owns and never "
            "change it: calendar apps treat a new UID as a new event.", "uid_domain"),
    Setting("HUB_PUBLIC_URL", Url(), f"https://{PLACEHOLDER_DOMAIN}",
            "The public site's address, for calendar subscriptions when `SITEURL` is relative.", "public_url"),
    Setting("HUB_FEED_CACHE", RelativePath(), "data/feed-cache",
            "Where `invoke fetch` keeps members' feeds (commit it).", "feed_cache_dir"),
    Setting("HUB_EVENTS_LOCK", RelativePath(), "events/.sequence.json",
            "The SEQUENCE lock of published events (commit it).", "lock_file"),
    Setting("HUB_MEMBERS_JSON", RelativePath(), "members.json", "Open data: every member.", "members_json"),
    Setting("HUB_EVENTS_JSON", RelativePath(), "events.json", "Open data: every upcoming date.", "events_json"),
    Setting("HUB_MATCHES_JSON", RelativePath(), "matches.json",
            "Open data: the index of the suggested matches, one file per category beside it (`matches/`).",
            "matches_json"),
    Setting("HUB_EVENTS_FEED", RelativePath(), "events.ics", "The whole hub's calendar feed.", "events_feed"),
    Setting("HUB_CACHE_PATH", RelativePath(), ".cache/hub",
            "Where builds keep what they can reuse (parsed files, compiled templates, matches); safe to delete.",
            "cache_dir"),
    Setting("HUB_WRITE_EVENTS_LOCK", Bool(), False,
            "Set by `invoke build`: record changed events in the SEQUENCE lock as the build runs.",
            "write_events_lock"),
    Setting("HUB_PREVIOUS_OUTPUT", Text(doc_name="folder"), None,
            "Set by `invoke build`: the previous build's folder, whose file is kept for every file that comes out "
            "the same.",
            "previous_output"),
    Setting("HUB_SEARCH_SHARD_KB", Integer(100, 10_000_000), 25_000,
            "Kilobytes of pages one run of Pagefind indexes at most (it needs about twelve times that in "
            "memory); a bigger hub gets more search bundles, which the search page merges. Two runs go at once "
            "on two cores or more; an edit indexes again only the bundles it reached.", "search_shard_kb"),
    Setting("HUB_WORKERS", Integer(0, 64), 0,
            "Processes that check files, render pages and make calendars and feeds at once (and runs of "
            "Pagefind, two at most); 0 means one per core.", "workers"),
    Setting("HUB_SEARCH_INDEX", Bool(), True,
            "Build the Pagefind search index at the end of the build; tests that do not search turn it off.",
            "search_index"),
    Setting("HUB_PAGE_KB", Integer(100, 100_000), 100,
            "The largest HTML page a build may write, in kilobytes: a phone on a slow connection loads every "
            "page. Long lists are split into pages of up to 100 KB, so it can be raised but not lowered. A "
            "post or report too long for it is refused by `invoke validate`; any page over it stops the build "
            "with a problem naming the file the page came from.", "page_kb"),
    Setting("HUB_FILE_KB", Integer(10, 10_000_000), 50_000,
            "The largest file other than a page or a picture (a feed, calendar or JSON file) a build may "
            "write, in kilobytes; over it, the build stops naming the file. At 2,000 members the largest, "
            "members.json, is about 4,600 KB.", "file_kb"),
    Setting("HUB_PRIVATE_DIR", Text(doc_name="folder"), None,
            "The coordinators' private store: contact details members did not agree to publish, one file a "
            "member in its `contacts/` (docs/private.md). A folder outside the hub's repository, absolute or "
            "relative to the hub's folder; by default `../<hub's folder>-private`, beside it. "
            "`$HUB_PRIVATE_DIR` overrides it. The build never reads it.", "private_dir"),
    Setting("COORDINATORS_EMAIL", Email(), "hello@coalition.example.org",
            "Where people write to the coordinators (shown on pages).", "coordinators_email"),
    Setting("REPOSITORY_URL", Url(), "https://git.example.org/coalition/hub",
            "The hub's repository, for 'update this profile' links.", "repository_url"),
    Setting("SITE_TAGLINE", Text(max_length=200), "", "One line under the hub's name on the home page.", "tagline"),
)
PELICAN_SETTINGS: tuple[Setting, ...] = (
    Setting("SITENAME", Text(max_length=80), "Coalition Hub", "The hub's name (Pelican).", "site_name"),
    Setting("SITEURL", Text(doc_name="URL or empty"), "", "The site's address (Pelican); empty for local builds.",
            "site_url"),
    Setting("TIMEZONE", TimeZoneName(), "Europe/London", "The site's time zone (Pelican).", "site_timezone"),
)



def parse_now(value, zone: ZoneInfo) -> dt.datetime:
    """A pinned `HUB_EVENTS_NOW`: a date (its midnight in the hub's zone) or an ISO date-time (naive
    means the hub's zone). Always returned in UTC. Unpinned, the build's time is `clock`'s."""
    if isinstance(value, str):
        text = value.strip().replace("Z", "+00:00")
        try:
            value = dt.datetime.fromisoformat(text) if ("T" in text or " " in text) else dt.date.fromisoformat(text)
        except ValueError:
            raise ValueError(f"{value!r} is not a date or an ISO date-time; write e.g. 2026-11-21 or "
                             "2026-11-21T12:00:00Z") from None
    if not isinstance(value, (dt.date, dt.datetime)):
        raise ValueError(f"{value!r} is not a date or an ISO date-time")
    if not isinstance(value, dt.datetime):
        value = dt.datetime.combine(value, dt.time())
    if value.tzinfo is None:
        value = value.replace(tzinfo=zone)
    return value.astimezone(dt.UTC)


def clock(step_minutes: int, zone: ZoneInfo, now: dt.datetime | None = None) -> dt.datetime:
    """The real time (or `now`), back to the start of its step of `step_minutes` counted from midnight
    in the hub's time zone (a step of 15 starts on the hour and every quarter past; one of 1440 at
    midnight there), in UTC. Never after `now`."""
    now = now or dt.datetime.now(dt.UTC)
    local = now.astimezone(zone).replace(tzinfo=None)
    minutes = local.hour * 60 + local.minute
    start = local.replace(hour=0, minute=0, second=0, microsecond=0) + dt.timedelta(
        minutes=minutes - minutes % step_minutes)
    snapped = start.replace(tzinfo=zone).astimezone(dt.UTC)
    return snapped if snapped <= now else snapped - dt.timedelta(minutes=step_minutes)  # an hour put back


def github_repository(url: str) -> str | None:
    """'OWNER/REPO' when `url` is a GitHub repository's address (REPOSITORY_URL), else None: only then
    can the hub link to a profile's file and offer "propose this on GitHub"."""
    match = re.fullmatch(r"https://github\.com/([A-Za-z0-9_.-]+)/([A-Za-z0-9_.-]+?)(?:\.git)?/?", url.strip())
    return f"{match[1]}/{match[2]}" if match else None



def private_path(root: Path, private_dir: str | None) -> Path:
    """Where the private store of the hub in `root` is: `private_dir` (relative to `root`), else
    `../<root's name>-private`."""
    root = root.resolve()
    if private_dir:
        return (root / Path(private_dir).expanduser()).resolve()
    return root.parent / f"{root.name}-private"


class SettingsBehaviour:
    """What `HubSettings` can tell besides its declared fields. Its fields are the `attribute` of
    every `Setting` (with its default), made from the declarations below, plus `content_dir`."""

    root: Path
    timezone: str
    now: dt.datetime

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def today(self) -> dt.date:
        """The build's day in the hub's time zone (`now`'s date there)."""
        return self.now.astimezone(self.zone).date()

    @property
    def github_repository(self) -> str | None:
        return github_repository(self.repository_url)

    @property
    def members_path(self) -> Path:
        return self.root / self.members_dir

    @property
    def categories_path(self) -> Path:
        return self.root / self.categories_file

    @property
    def places_path(self) -> Path:
        return self.root / self.places_file

    @property
    def events_path(self) -> Path:
        return self.root / self.events_dir

    @property
    def introductions_path(self) -> Path:
        return self.root / self.introductions_dir

    @property
    def content_path(self) -> Path:
        return self.root / self.content_dir

    @property
    def feed_cache(self) -> Path:
        return self.root / self.feed_cache_dir

    @property
    def private_path(self) -> Path:
        """The private store's folder (core.private): HUB_PRIVATE_DIR, else beside the hub's folder."""
        return private_path(self.root, self.private_dir)

    @property
    def cache_path(self) -> Path:
        return self.root / self.cache_dir

    @property
    def lock_path(self) -> Path:
        return self.root / self.lock_file

    @property
    def window_end(self) -> dt.datetime:
        return self.now + relativedelta(months=self.window_months)

    @property
    def archive_start(self) -> dt.datetime:
        return self.now - relativedelta(months=self.archive_months)

    def public(self, path: str) -> str:
        """Absolute https URL of a path on the public site (for URL properties and subscriptions)."""
        return f"{self.public_url}/{path}"

    def link(self, path: str) -> str:
        """URL as the JSON exports write it: absolute when SITEURL is, else root-relative."""
        return f"{self.site_url}/{path}" if self.site_url else f"/{path}"


# Given a value by load_settings whatever the settings say (HUB_ROOT, the time zone, the clock).
_REQUIRED = {"root": Path, "timezone": str, "now": dt.datetime}
# The checked settings of one build, one field per declaration above: a setting is declared once.
HubSettings = dataclasses.make_dataclass(
    "HubSettings",
    [*_REQUIRED.items(),
     *((spec.attribute, Any, dataclasses.field(default=spec.default))
       for spec in (*SETTINGS, *PELICAN_SETTINGS) if spec.attribute not in _REQUIRED),
     ("content_dir", str, dataclasses.field(default="content"))],  # Pelican's PATH, relative to the root
    bases=(SettingsBehaviour,), frozen=True)
HubSettings.__module__ = __name__  # where pickle finds it
HubSettings.__doc__ = "The checked settings of one build. Paths are relative to `root` unless a property says so."


class SettingsError(ValueError):
    """Settings with mistakes; `problems` says each, like a mistake in a file."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(map(str, problems)))


def _line_of(name: str, root: Path) -> tuple[str, int]:
    """Where a setting is written (pelicanconf.py or publishconf.py), for the message."""
    for file_name in ("publishconf.py", "pelicanconf.py"):
        try:
            text = (root / file_name).read_text(encoding="utf-8")
        except OSError:
            continue
        match = re.search(rf"^{name}\s*=", text, re.M)
        if match:
            return file_name, text[: match.start()].count("\n") + 1
    return "(settings)", 1


def hub_root(settings: Mapping) -> Path:
    """The hub's folder of Pelican's settings: HUB_ROOT, else the working directory. (A quick answer
    for code that needs only this, per post: checking every setting costs close to a millisecond.)"""
    return Path(settings.get("HUB_ROOT") or os.getcwd())


def load_settings(settings: Mapping | None = None, root: Path | str | None = None) -> HubSettings:
    """The checked `HubSettings` from Pelican's settings (or any mapping); SettingsError if wrong."""
    settings = dict(settings or {})
    root = Path(root) if root else hub_root(settings)
    values: dict[str, Any] = {}
    problems: list[Problem] = []
    raw_values = {spec.name: settings.get(spec.name) for spec in (*SETTINGS, *PELICAN_SETTINGS)}
    if raw_values["HUB_EVENTS_NOW"] in (None, ""):
        raw_values["HUB_EVENTS_NOW"] = os.environ.get("HUB_EVENTS_NOW") or None
    raw_values["HUB_PRIVATE_DIR"] = os.environ.get("HUB_PRIVATE_DIR") or raw_values["HUB_PRIVATE_DIR"]
    # 'now' is read in the hub's time zone, so it is checked last.
    for spec in sorted((*SETTINGS, *PELICAN_SETTINGS), key=lambda s: s.name == "HUB_EVENTS_NOW"):
        raw = raw_values[spec.name]
        if raw in (None, ""):
            if spec.default is not None:
                values[spec.attribute] = spec.default
            continue
        source, line = _line_of(spec.name, root)
        zone = values.get("timezone") or values.get("site_timezone") or "Europe/London"
        checker = Checker(Document(source, lines={(): line}), {"timezone": zone})
        checked = spec.kind.check(raw, (spec.name,), checker)
        problems.extend(checker.problems)
        if not checker.problems:
            values[spec.attribute] = checked
    store = private_path(root, values.get("private_dir"))
    if store.resolve().is_relative_to(root.resolve()):  # a link beside the hub that leads into it, too
        source, line = _line_of("HUB_PRIVATE_DIR", root)
        problems.append(Problem(source, line, "HUB_PRIVATE_DIR", f"'{store}' is inside the hub's folder, so what "
                                "it holds could be committed to the public repository; choose a folder outside it, "
                                "e.g. '../hub-private' (docs/private.md)"))
    if problems:
        raise SettingsError(problems)
    values.pop("root", None)
    values["timezone"] = values.get("timezone") or values["site_timezone"]
    values.setdefault("now", clock(values["clock_minutes"], ZoneInfo(values["timezone"])))
    values["site_url"] = str(values["site_url"]).rstrip("/")
    if values["site_url"].startswith(("http://", "https://")):
        values["public_url"] = values["site_url"]
    values["public_url"] = values["public_url"].rstrip("/")
    content = settings.get("PATH")
    if content:
        try:
            values["content_dir"] = Path(content).resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            values["content_dir"] = str(content)
    return HubSettings(root=root, **values)


EXAMPLE_EMAIL = "hello@coalition.example.org"
EXAMPLE_REPOSITORY = "https://git.example.org/coalition/hub"


def publish_problems(settings: HubSettings) -> list[Problem]:
    """Why the public site must not be built with these settings: the example address or the example
    calendar UID domain (docs/setup.md). A UID domain published once must never change, so the
    example one must never reach a calendar."""
    problems = []
    try:
        address = urlsplit(settings.site_url.strip())
        scheme, host = address.scheme.lower(), (address.hostname or "").rstrip(".")
    except ValueError:  # brackets that are not an IPv6 address
        scheme, host = "", ""
    if scheme not in ("https", "http") or not host or host == PLACEHOLDER_DOMAIN:
        source, line = _line_of("SITEURL", settings.root)
        if not settings.site_url:
            shown = "it is empty"
        elif host == PLACEHOLDER_DOMAIN:
            shown = f"'{settings.site_url}' is the example address"
        else:
            shown = f"'{settings.site_url}' is not a web address (http:// or https://)"
        problems.append(Problem(source, line, "SITEURL", f"{shown}; set the environment variable HUB_SITEURL (or "
                                "SITEURL in publishconf.py) to the public site's address, e.g. "
                                "https://hub.our-coalition.org.uk (the GitHub Pages workflow sets it for you; "
                                "see docs/setup.md)"))
    if settings.uid_domain == PLACEHOLDER_DOMAIN:
        source, line = _line_of("HUB_EVENTS_UID_DOMAIN", settings.root)
        problems.append(Problem(source, line, "HUB_EVENTS_UID_DOMAIN", f"'{PLACEHOLDER_DOMAIN}' is the example "
                                "domain; set HUB_EVENTS_UID_DOMAIN in pelicanconf.py to a domain your coalition owns, "
                                "e.g. hub.our-coalition.org.uk, before the first public build, and never change it "
                                "afterwards: every event's calendar UID ends with it, and calendar apps that "
                                "subscribed to the hub know an event by its UID, so a new domain would show every "
                                "event twice (docs/settings.md)"))
    return problems


def publish_warnings(settings: HubSettings) -> list[str]:
    """Settings still at their example values that a public site should change (not fatal)."""
    warnings = []
    if settings.coordinators_email == EXAMPLE_EMAIL:
        warnings.append(f"COORDINATORS_EMAIL is still the example '{EXAMPLE_EMAIL}': people who write to it reach "
                        "no one; set it in pelicanconf.py")
    if settings.repository_url == EXAMPLE_REPOSITORY:
        warnings.append(f"REPOSITORY_URL is still the example '{EXAMPLE_REPOSITORY}': 'update this profile' links "
                        "lead nowhere; set it in pelicanconf.py to the hub's repository")
    return warnings


def settings_table() -> str:
    """The Markdown table of every setting, for docs/settings.md."""
    rows = ["| setting | type | default | meaning |", "| --- | --- | --- | --- |"]
    for spec in (*SETTINGS, *PELICAN_SETTINGS):
        default = "—" if spec.default in (None, "") else f"`{spec.default}`"
        rows.append(f"| `{spec.name}` | {spec.kind.doc} | {default} | {spec.help} |")
    return "\n".join(rows) + "\n"
