"""The hub's one entry point: `invoke --list` shows every task."""
from __future__ import annotations

import contextlib
import json
import sys
from pathlib import Path

from invoke import task

ROOT = Path(__file__).resolve().parent
OUTPUT = ROOT / "output"  # a link to the current build in .builds/ (see plugins/hub/build.py)
PREVIEW = ROOT / ".preview"  # invoke livereload's own folder: it never touches output/
PYTHON = sys.executable


def _settings(settings_file: str = "pelicanconf.py", form: str = "text"):
    """The checked hub settings of `settings_file` (as the build reads them)."""
    from pelican.settings import read_settings

    from hub.core.settings import SettingsError, load_settings

    path = ROOT / settings_file
    try:  # a tree without settings files (a fixture, a fresh fork) uses the defaults
        return load_settings(read_settings(str(path)) if path.is_file() else {"HUB_ROOT": str(ROOT)}, ROOT)
    except SettingsError as error:
        _exit_with(error.problems, form)


def _exit_with(problems, form: str = "text") -> None:
    """Print every problem (as `path:line: field: message`, or GitHub annotations) and exit 1."""
    from hub.core.report import render

    for line in render(problems, form):
        print(line, file=sys.stderr)
    raise SystemExit(f"{len(problems)} problem(s) found.")


def _tree(settings_file: str = "pelicanconf.py", form: str = "text"):
    """(hub, settings) of the repository: every file checked; exits listing the problems if any."""
    from hub.tree import load_tree

    settings = _settings(settings_file, form)
    hub, problems = load_tree(settings)
    if problems:
        _exit_with(problems, form)
    return hub, settings


def _pelican(settings: str, output: Path, *extra: str) -> list[str]:
    # --fatal warnings: a plugin that fails to load, a missing template or any warning fails the build.
    # The plugin checks the tree itself and exits 1 with every problem listed (never a traceback).
    return [PYTHON, "-m", "pelican", str(ROOT / "content"), "-s", str(ROOT / settings), "-o", str(output),
            "--fatal", "warnings", *extra]


def _fetch(timeout: float) -> None:
    """Fetch members' events and news feeds into the cache; a failure is a warning naming the member,
    never an error. Each feed has its own deadline (`timeout`), size cap and conditional request."""
    from hub.core.fetch import offline_requested
    from hub.events.feeds import fetch_feeds
    from hub.publishing.news import fetch_news

    hub, settings = _tree()
    offline = offline_requested()
    if offline:
        print("HUB_OFFLINE is set: no feed is fetched; the cached copies are used.")
    results = [*fetch_feeds(hub.members, settings.feed_cache, timeout=timeout, offline=offline),
               *fetch_news(hub.members, settings.feed_cache, timeout=timeout, offline=offline)]
    for result in results:
        print(result, file=sys.stderr if result.failed else sys.stdout)


def _lock_events(settings_file: str = "pelicanconf.py") -> None:
    """Give changed events their next SEQUENCE in events/.sequence.json (commit the file)."""
    from hub.events.agenda import build_agenda, write_lock

    hub, settings = _tree(settings_file)
    agenda = build_agenda(hub, settings)
    if write_lock(agenda):
        print(f"updated {settings.lock_file}: commit it with the events (it keeps SEQUENCE growing)")
    print(agenda.summary())


def _build(settings: str, fetch: bool = False, wait: bool = True, force: bool = False, hub_settings=None) -> Path:
    """Build into a new folder, then make output/ a link to it in one step (plugins/hub/build.py):
    one build at a time, output/ is always a whole site, and a failed or stopped build leaves the
    last good one. The tree is read and checked once, by the plugin inside Pelican; it also records
    changed events in the SEQUENCE lock (HUB_WRITE_EVENTS_LOCK). With nothing changed since the last
    build (core/inputs.py), and unless `force`, nothing is done. `hub_settings`: those of `settings`,
    when the caller has read them already. Returns the build's folder."""
    from hub.build import LOCK, BuildBusy, BuildFailed, BuildInterrupted, build_lock, build_site
    from hub.core.inputs import build_inputs, remember, up_to_date

    try:
        with build_lock(ROOT, wait=wait):
            if fetch:
                _fetch(timeout=10)
            hub_settings = hub_settings or _settings(settings)
            # The clock is read once: Pelican is given the time these inputs were taken at.
            overrides = ["HUB_WRITE_EVENTS_LOCK=true", "HUB_EVENTS_NOW=" + json.dumps(hub_settings.now.isoformat())]
            inputs = build_inputs(ROOT, hub_settings.now, [settings, *overrides],
                                  frozenset({OUTPUT, PREVIEW, ROOT / LOCK, hub_settings.cache_path}))
            if not force and up_to_date(hub_settings.cache_path, OUTPUT, inputs):
                folder = OUTPUT.resolve()
                print(f"Nothing has changed since the last build: output/ ({folder.relative_to(ROOT)}) is "
                      "up to date.")
                return folder
            # The build before this one: every file that comes out the same is linked from it.
            previous = ["HUB_PREVIOUS_OUTPUT=" + json.dumps(str(OUTPUT.resolve()))] if OUTPUT.is_dir() else []
            # One -e: Pelican keeps only the last.
            folder = build_site(lambda target: _pelican(settings, target, "-e", *overrides, *previous), OUTPUT)
            remember(hub_settings.cache_path, OUTPUT, folder, inputs)
    except BuildBusy as error:
        raise SystemExit(str(error)) from None
    except BuildFailed as error:
        raise SystemExit(error.returncode) from None
    except BuildInterrupted as error:
        print(f"{error}; output/ is the last complete build", file=sys.stderr)
        raise SystemExit(128 + error.signum) from None
    print(f"Built {sum(1 for _ in folder.rglob('*.html'))} pages into output/ ({folder.relative_to(ROOT)})")
    return folder


@task(help={"format": "text (path:line: field: message, the default) or github (workflow commands that "
                      "mark each mistake on its line in a pull request)"})
def validate(c, format="text"):
    """Check every member profile, categories.yaml and events/; print each problem as path:line: field: message."""
    from hub.core.report import FORMATS
    from hub.core.validate import ok_report

    if format not in FORMATS:
        raise SystemExit(f"--format {format}: use one of {', '.join(FORMATS)}")
    from hub.contribute.private import store_problems
    from hub.tree import load_tree

    settings = _settings(form=format)
    hub, problems = load_tree(settings)
    # The private store is checked too when it is there (the build never reads it).
    problems += store_problems(settings, _profile_slugs(settings))
    if problems:
        _exit_with(problems, format)
    print(ok_report(hub))


def _tree_with_contacts(form: str):
    """(hub, settings, the private store's contacts) for a report in `form` (text or csv); exits listing
    the problems of the tree or the store."""
    from hub.contribute.private import read_contacts

    if form not in ("text", "csv"):
        raise SystemExit(f"--format {form}: use text or csv")
    hub, settings = _tree()
    private, problems = read_contacts(settings, _profile_slugs(settings))
    if problems:
        _exit_with(problems)
    return hub, settings, private


def _profile_slugs(settings) -> frozenset[str]:
    """The slug of every profile file in members/, valid or not."""
    from hub.core.loader import YAML_SUFFIXES

    folder = settings.members_path
    return frozenset(path.stem for path in folder.iterdir() if path.suffix in YAML_SUFFIXES) if folder.is_dir() \
        else frozenset()


BUILD_HELP = {"fetch": "fetch members' events feeds first (see `invoke fetch`)",
              "no-wait": "if another build is running, stop at once instead of waiting for it",
              "force": "build even when nothing the build reads has changed since the last build"}


@task(help={"months": "a profile is stale when nobody confirmed it for this many months (default 12)",
            "format": "text (the default) or csv: one row a member, with the reminder, for a mail merge"})
def stale(c, months=12, format="text"):
    """List profiles not confirmed for MONTHS months and offers or needs past their 'until' day (hidden
    from the site but still in the files): for each member, the lines to change, who to contact (from
    the private store where there is one) and a reminder ready to send. A report: it exits 0."""
    from hub.contribute.reminders import REMINDER_HEADINGS, csv_text, reminders
    from hub.core.freshness import stale_report, stale_summary

    hub, settings, private = _tree_with_contacts(format)
    found = reminders(hub, settings, private, int(months))
    if format == "csv":
        sys.stdout.write(csv_text(REMINDER_HEADINGS, found))
        return
    for reminder in found:
        print(reminder.text(), end="\n\n")
    print(stale_summary(stale_report(hub, settings, int(months)), int(months)))


@task(help=BUILD_HELP)
def build(c, fetch=False, no_wait=False, force=False):
    """Validate, then build the hub into output/ (nothing is replaced if anything is wrong); with
    nothing changed since the last build, say so and stop (--force builds anyway).

    One build at a time: a second one waits for it, or with --no-wait stops at once."""
    _build("pelicanconf.py", fetch, wait=not no_wait, force=force)


@task(help=BUILD_HELP)
def publish(c, fetch=False, no_wait=False, force=False):
    """Build the public site with absolute URLs and feeds (publishconf.py) into output/. Refuses the
    example site address and the example calendar UID domain (docs/setup.md)."""
    from hub.core.settings import publish_problems, publish_warnings

    settings = _settings("publishconf.py")
    problems = publish_problems(settings)
    if problems:
        for problem in problems:
            print(problem, file=sys.stderr)
        raise SystemExit(f"{len(problems)} setting(s) to change before publishing; nothing was built.")
    for warning in publish_warnings(settings):
        print(f"warning: {warning}", file=sys.stderr)
    _build("publishconf.py", fetch, wait=not no_wait, force=force, hub_settings=settings)


@task(help={"timeout": "seconds to wait for each member's server (default 10)"})
def fetch(c, timeout=10):
    """Fetch each member's events_feed and news_feed into data/feed-cache/ (commit it); unreachable feeds are
    warnings."""
    _fetch(float(timeout))


@task
def events_lock(c):
    """Record changed events in events/.sequence.json so their SEQUENCE grows (also done by build)."""
    _lock_events()


@task(help={"port": "port to serve on (default 8000)", "bind": "address (default 127.0.0.1)"})
def serve(c, port=8000, bind="127.0.0.1"):
    """Serve output/ on http://localhost:PORT/ (run `invoke build` first, or `invoke build serve`).
    A build while it serves is picked up at once: output/ is a link, followed on every request."""
    import functools
    from http.server import ThreadingHTTPServer

    from tools.sitecheck import StaticSiteHandler  # serves 404.html for a missing address, as hosts do

    if not OUTPUT.is_dir():
        raise SystemExit("there is no output/ yet: run `invoke build` first (or `invoke build serve`)")
    server = ThreadingHTTPServer((bind, int(port)), functools.partial(StaticSiteHandler, directory=str(OUTPUT)))
    print(f"Serving the hub at http://{'localhost' if bind == '127.0.0.1' else bind}:{port}/ (Ctrl+C stops)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        server.server_close()


@task(help={"port": "port to serve on (default 8000)"})
def livereload(c, port=8000):
    """Build and serve a preview, and build it again on every change to members/, events/,
    introductions/, content/, theme/, data/, categories.yaml, places.yaml or the settings (a change
    to plugins/ starts it again). It builds into .preview/, never output/, so it can run while
    `invoke build` does; a build renders only the pages a change shows on."""
    from hub.site.live import preview

    with contextlib.suppress(KeyboardInterrupt):  # Ctrl+C ends it
        preview(ROOT / "pelicanconf.py", PREVIEW, ROOT / "content", int(port))


@task(help={"slug": "file name for the new profile, e.g. ball-hill-organisers",
            "name": "the organisation's name"})
def new_member(c, slug, name=""):
    """Create members/SLUG.yaml from the documented template, ready to fill in."""
    from hub.core.slugs import SLUG

    if not SLUG.match(slug):
        raise SystemExit(f"'{slug}' is not a valid slug: use lowercase letters, digits and hyphens")
    target = ROOT / "members" / f"{slug}.yaml"
    if target.exists():
        raise SystemExit(f"{target.relative_to(ROOT)} already exists; edit it instead")
    template = (ROOT / "docs" / "member-template.yaml").read_text(encoding="utf-8")
    target.write_text(template.replace("Example Community Group", name or "Example Community Group"),
                      encoding="utf-8")
    print(f"Created {target.relative_to(ROOT)}; fill it in, then run `invoke validate`.")


@task(help={"slug": "file name for the new event, e.g. spring-litter-pick",
            "organiser": "the organising member's slug (its file name in members/)",
            "title": "the event's title"})
def new_event(c, slug, organiser, title=""):
    """Create events/SLUG.yaml from the documented template, ready to fill in."""
    from hub.core.slugs import SLUG

    if not SLUG.match(slug):
        raise SystemExit(f"'{slug}' is not a valid slug: use lowercase letters, digits and hyphens")
    if not (ROOT / "members" / f"{organiser}.yaml").is_file():
        raise SystemExit(f"there is no member '{organiser}': use the file name of a profile in members/")
    target = ROOT / "events" / f"{slug}.yaml"
    if target.exists():
        raise SystemExit(f"{target.relative_to(ROOT)} already exists; edit it instead")
    template = (ROOT / "docs" / "event-template.yaml").read_text(encoding="utf-8")
    template = template.replace("example-organiser", organiser)
    target.write_text(template.replace("Example Coffee Morning", title or "Example Coffee Morning"),
                      encoding="utf-8")
    print(f"Created {target.relative_to(ROOT)}; fill it in, then run `invoke validate`.")


@task(name="new-introduction",
      help={"need_member": "slug of the member with the need", "need": "the need's title, as in the profile",
            "offer_member": "slug of the member with the offer", "offer": "the offer's title, as in the profile",
            "outcome": "connected, 'not a fit' or 'no reply' (default: no reply)",
            "date": "when the introduction was made, YYYY-MM-DD (default: today)"})
def new_introduction(c, need_member, need, offer_member, offer, outcome="no reply", date=""):
    """Record an introduction in introductions/ (docs/matching.md), checked like every file: the
    need and the offer must exist (with a suggestion for a typo). Update its outcome later by
    editing the file."""
    import datetime as dt

    import yaml

    from hub.core.fields import parse_moment
    from hub.core.slugs import slugify
    from hub.tree import load_tree

    day = date or dt.date.today().isoformat()
    made = parse_moment(day)
    if not isinstance(made, dt.date) or isinstance(made, dt.datetime):
        raise SystemExit(f"'{day}' is not a date; write it as YYYY-MM-DD or DD/MM/YYYY, e.g. 2027-03-31 or 31/03/2027")
    name = slugify(f"{made.isoformat()}-{need_member}-{offer_member}")
    target = ROOT / "introductions" / f"{name}.yaml"
    if target.exists():
        raise SystemExit(f"{target.relative_to(ROOT)} already exists; edit its outcome instead")
    document = {"need": {"member": need_member, "title": need}, "offer": {"member": offer_member, "title": offer},
                "date": made, "outcome": outcome}
    target.parent.mkdir(exist_ok=True)
    target.write_text(yaml.safe_dump(document, sort_keys=False, allow_unicode=True), encoding="utf-8")
    _, problems = load_tree(_settings())
    mine = [p for p in problems if p.source == target.relative_to(ROOT).as_posix()]
    if mine:
        target.unlink()
        _exit_with(mine)
    print(f"Created {target.relative_to(ROOT)}; commit it. Matching shows it on the pair from the next build.")


@task(help={"title": "the post's title", "slug": "its file name and address (default: made from the title)",
            "series": "the series it is part of (a file in content/series/)", "order": "its place in the series"})
def new_post(c, title, slug="", series="", order=None):
    """Create content/learning/SLUG.md, a valid learning post ready to fill in (docs/publishing.md)."""
    import datetime as dt

    from hub.core.slugs import SLUG
    from hub.publishing.starters import new_post_text, post_slug

    slug = slug or post_slug(title)
    if not SLUG.match(slug):
        raise SystemExit(f"'{slug}' is not a valid slug: use lowercase letters, digits and hyphens")
    target = ROOT / "content" / "learning" / f"{slug}.md"
    if target.exists():
        raise SystemExit(f"{target.relative_to(ROOT)} already exists; edit it instead")
    text = new_post_text(title, dt.date.today(), series or None, int(order) if order is not None else None)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text.replace(f"Slug: {post_slug(title)}", f"Slug: {slug}"), encoding="utf-8")
    print(f"Created {target.relative_to(ROOT)}; write it, then run `invoke validate`.")


@task(help={"period": "the quarter, e.g. 2026-Q3"})
def new_report(c, period):
    """Create content/reports/quarterly-report-PERIOD.md, a valid report ready to fill in."""
    import datetime as dt

    from hub.publishing.periods import Period
    from hub.publishing.starters import new_report_text, report_slug

    try:
        quarter = Period.parse(period)
    except ValueError as error:
        raise SystemExit(str(error)) from None
    target = ROOT / "content" / "reports" / f"{report_slug(quarter)}.md"
    if target.exists():
        raise SystemExit(f"{target.relative_to(ROOT)} already exists; edit it instead")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(new_report_text(quarter, dt.date.today()), encoding="utf-8")
    print(f"Created {target.relative_to(ROOT)}; write it, then run `invoke validate`. "
          f"`invoke report-stats {quarter}` prints the hub's numbers for the quarter.")


@task(help={"period": "the quarter, e.g. 2026-Q3",
            "section": "only this section (repeatable): members, profiles, offers-and-needs, events, matches, "
                       "unmet-needs"}, iterable=["section"])
def report_stats(c, period, section=None):
    """Print the hub's own numbers for a quarter: members, profiles updated, offers and needs, events
    held, matches and unmet needs (what `[hub numbers]` shows in a report; docs/publishing.md)."""
    from hub.publishing import stats
    from hub.publishing.periods import Period

    try:
        quarter = Period.parse(period)
    except ValueError as error:
        raise SystemExit(str(error)) from None
    unknown = [name for name in section or () if name not in stats.PROVIDERS]
    if unknown:
        raise SystemExit(f"no section {', '.join(unknown)}; the sections are: {', '.join(stats.PROVIDERS)}")
    hub, settings = _tree()
    print(stats.text(stats.period_numbers(hub, settings, quarter, tuple(section) if section else None)), end="")


@task(help={"period": "the quarter of the report, e.g. 2026-Q3",
            "output": "where to write the PDF (default: pdf/<report>.pdf)",
            "no-build": "print the site already in output/ instead of building it first"})
def report_pdf(c, period, output="", no_build=False):
    """Build the site, then print the report covering PERIOD to an A4 PDF with headless chromium."""
    from hub.publishing.periods import Period
    from tools.reportpdf import PdfError, page_count, print_pdf, report_page

    try:
        quarter = Period.parse(period)
    except ValueError as error:
        raise SystemExit(str(error)) from None
    hub, _ = _tree()
    report = hub.publishing.report_for(quarter)
    if report is None:
        raise SystemExit(f"no report covers {quarter}: write one with `invoke new-report {quarter}`")
    if no_build and not OUTPUT.is_dir():
        raise SystemExit("there is no output/ yet: run without --no-build (or `invoke build` first)")
    site = OUTPUT.resolve() if no_build else _build("pelicanconf.py")
    page = report_page(site, str(quarter))
    if page is None:
        raise SystemExit(f"the built site has no page for {report.source}; run `invoke build`")
    target = Path(output) if output else ROOT / "pdf" / f"{page.parent.name}.pdf"
    try:
        pdf = print_pdf(site, page, target)
    except PdfError as error:
        raise SystemExit(str(error)) from None
    print(f"Wrote {pdf} ({page_count(pdf.read_bytes())} A4 pages) from {report.source}")


@task(name="move-private", help={"check": "only show what would move; write nothing"})
def move_private(c, check=False):
    """Move the contact details that are not to be published (no 'public: true') out of members/, where
    anyone can read them in the repository, into the coordinators' private store (docs/private.md)."""
    from hub.contribute.private import plan_move, shown

    settings = _settings()
    moves, problems = plan_move(settings)
    if problems:
        _exit_with(problems)
    if not moves:
        print("No profile in members/ holds contact details that are not to be published: nothing to move.")
        return
    for move in moves:
        print(f"{'would move' if check else 'moved'} the contact of {move.profile.relative_to(ROOT)} to "
              f"{shown(move.kept.path, settings)}")
        if not check:
            move.kept.write()  # the store first: an interrupted move never loses a contact
            move.profile.write_text(move.text, encoding="utf-8")
    if not check:
        print(f"The private contact details of {len(moves)} member(s) are now only in "
              f"{shown(settings.private_path, settings)}. Commit the profiles; keep that folder out of this "
              "repository (docs/private.md). The details are still in the repository's history: docs/private.md "
              "says how to remove them from it.")


@task(help={"format": "text (the default) or csv, for a spreadsheet or a mail merge"})
def contacts(c, format="text"):
    """The coordinators' contact sheet: each member and who to contact there, from the private store
    (docs/private.md) or else the contact it publishes."""
    from hub.contribute.reminders import SHEET_HEADINGS, contact_sheet, csv_text

    hub, settings, private = _tree_with_contacts(format)
    rows = contact_sheet(hub, settings, private)
    if format == "csv":
        sys.stdout.write(csv_text(SHEET_HEADINGS, rows))
        return
    for row in rows:
        print(row.text())
    print(f"{len(rows)} member(s); {sum(1 for row in rows if row.source == 'private store')} contact(s) from the "
          f"private store ({settings.private_path}), {sum(1 for row in rows if row.source == 'published')} published, "
          f"{sum(1 for row in rows if row.source == 'none')} with none.")


@task(name="import", help={"csv": "the CSV: a contact list, or a Google Forms or Microsoft Forms export as it comes",
                          "map": "a YAML file of 'heading: field' lines for headings the import does not know",
                          "update": "bring existing profiles up to date from their rows (the changes are shown)",
                          "check": "only show what would be created and changed; write nothing"})
def import_(c, csv, map=None, update=False, check=False):
    """Create member profiles from a spreadsheet (CSV) or a form export (docs/import.md)."""
    from hub.contribute.importer import check_in_tree, plan_import, read_map
    from hub.contribute.private import shown
    from hub.core.loader import load_vocabulary
    from hub.tree import load_tree

    settings = _settings()
    vocabulary, problems = load_vocabulary(settings.categories_path, ROOT)
    mapping = {}
    if map and not problems:
        mapping, problems = read_map(Path(map), map)
    if problems:
        _exit_with(problems)
    plan = plan_import(Path(csv), settings.members_path, vocabulary, source=csv, update=update, mapping=mapping,
                       settings=settings)
    if not plan.problems and plan.files:  # as `invoke validate` will check the tree after the import
        plan.problems = check_in_tree(plan, settings, load_tree, csv)
    for note in plan.notes:
        print(note)
    if plan.problems:
        for problem in plan.problems:
            print(problem, file=sys.stderr)
        raise SystemExit(f"{len(plan.problems)} problem(s) found; no profile was written.")
    for planned in plan.files:
        if planned.previous is None:
            print(f"{'would create' if check else 'created'} {planned.path.relative_to(ROOT)}")
        else:
            print(f"{'would update' if check else 'updated'} {planned.path.relative_to(ROOT)}:")
            print(planned.diff(ROOT), end="")
    for path in plan.unchanged:
        print(f"unchanged {path.relative_to(ROOT)}")
    for private in plan.kept:
        print(f"{'would keep' if check else 'kept'} a contact that is not to be published in "
              f"{shown(private.path, settings)} (the private store, never the public repository: docs/private.md)")
    if not check:
        plan.write()


@task(name="import-issue",
      help={"file": "the issue's text (its body, as GitHub writes a submitted issue form)",
            "comment_file": "where to write the reply, in plain words, when answers need changing",
            "pr_body": "where to write the pull request's description when the file is written",
            "pr_title": "where to write the pull request's title (and the commit's)",
            "thanks": "where to write the reply saying the answers are ready (the workflow adds the link)",
            "kind": "member or event (by default: read from the answers)"})
def import_issue(c, file, comment_file=None, pr_body=None, pr_title=None, thanks=None, kind=None):
    """Turn a submitted "Join or update our profile" or "Add an event" issue into a checked file in
    members/ or events/ (checked with the whole tree, as `invoke validate` checks it), and contact
    details not to be published into the private store when there is one; or, when answers need
    changing, print them and write the reply (exit 1). Exit 2: the hub itself has a problem, which
    is printed; there is nothing for the member to change."""
    from hub.contribute.issues import import_issue as change_from
    from hub.contribute.private import shown
    from hub.contribute.replies import answers_to_change, log_line, pull_request_body, pull_request_title, ready
    from hub.tree import load_tree

    settings = _settings()
    try:
        body = Path(file).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        print(f"cannot read {file}: {error}", file=sys.stderr)
        raise SystemExit(2) from None
    change, problems = change_from(body, settings, load_tree, kind)
    if problems:
        for problem in problems:
            print(problem, file=sys.stderr)
        print(f"The hub has {len(problems)} problem(s) of its own: fix them (invoke validate), then run this again.",
              file=sys.stderr)
        raise SystemExit(2)
    if change.problems:
        for problem in change.problems:
            print(log_line(problem), file=sys.stderr)
        if comment_file:
            Path(comment_file).write_text(answers_to_change(change, settings), encoding="utf-8")
        raise SystemExit(f"{len(change.problems)} answer(s) to change; nothing was written.")
    print(f"{'updated' if change.file.previous is not None else 'created'} {change.relative}")
    if change.kept is not None and change.kept.changed:
        print(f"kept a contact that is not to be published in {shown(change.kept.path, settings)} (the private store)")
    if change.kind == "event":
        _lock_events()
    texts = {pr_body: lambda: pull_request_body(change, ROOT), pr_title: lambda: pull_request_title(change),
             thanks: lambda: ready(change)}
    for target, text in texts.items():
        if target:
            Path(target).write_text(text(), encoding="utf-8")


@task
def docs(c):
    """Regenerate from the declarations: the field and settings tables and JSON Schemas in docs/, the
    GitHub issue forms (.github/ISSUE_TEMPLATE/) and the Decap CMS configuration (admin/config.yml)."""
    from hub.contribute.generated import write_files
    from hub.core.docs import write_docs

    for path in [*write_docs(ROOT), *write_files(_settings())]:
        print(f"updated {path.relative_to(ROOT)}")


@task
def clean(c):
    """Remove everything builds keep between builds (every store of plugins/hub/core/ledger.py: parsed and
    checked files, matches, compiled templates, Pelican's cache) and the kept builds (output/, .preview/):
    the next build starts from nothing."""
    from hub.core.ledger import clean as clean_stores

    removed = clean_stores(_settings().cache_path, ROOT)
    for path in removed:
        print(f"removed {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
    if not removed:
        print("nothing to remove: no build has kept anything")


@task(help={"port": "port to serve the editor on (default 8080)"})
def cms(c, port=8080):
    """Edit profiles, events and posts in Decap CMS on this computer: the edits are saved straight into
    your working copy (commit them as usual). Fetches the pinned Decap CMS from npm the first time
    and runs its local server (Node.js needed). docs/cms.md says how to host it for members."""
    import os
    import shutil
    import signal
    import subprocess
    import tarfile
    import tempfile

    from hub.contribute.cms import DECAP_SERVER_VERSION, DECAP_VERSION
    from hub.contribute.editor import DECAP_API_PORT, editor_server, server_env

    npm, npx = shutil.which("npm"), shutil.which("npx")
    if not npm or not npx:
        raise SystemExit("the editor needs Node.js (npm and npx): install it, then run `invoke cms` again")
    decap = ROOT / "admin" / "decap"
    if not (decap / "decap-cms.js").is_file():
        with tempfile.TemporaryDirectory() as folder:
            subprocess.run([npm, "pack", f"decap-cms@{DECAP_VERSION}", "--pack-destination", folder, "--silent"],
                           check=True, stdout=subprocess.DEVNULL)
            with tarfile.open(next(Path(folder).glob("decap-cms-*.tgz"))) as archive:
                members = [m for m in archive.getmembers() if m.isfile() and m.name.startswith("package/dist/")]
                for member in members:
                    member.name = member.name.removeprefix("package/dist/")
                archive.extractall(decap, members=members, filter="data")
    port = int(port)
    # Decap's local server reads and writes any file of the working copy for whoever reaches it: it
    # listens on this computer only, answers only the editor's own page, and works in this folder
    # whatever a `.env` file in it says (hub.contribute.cms.server_env). In a process group of its own,
    # so that stopping the editor stops all of it. npx runs the copy `npm ci` installed, if any.
    server = subprocess.Popen([npx, "--yes", f"decap-server@{DECAP_SERVER_VERSION}"], cwd=ROOT,
                              start_new_session=True, env=server_env(os.environ, ROOT, port))
    signal.signal(signal.SIGTERM, signal.default_int_handler)  # `kill` stops it as Ctrl+C does
    site = editor_server(ROOT / "admin", port)
    print(f"The editor is at http://localhost:{port}/admin/ (Ctrl+C stops it); its files are saved through "
          f"http://localhost:{DECAP_API_PORT}/, on this computer only")
    try:
        site.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        site.server_close()
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=10)


@task
def test(c):
    """Run the whole test suite."""
    c.run(f'"{PYTHON}" -m pytest', pty=False)


@task
def screenshots(c):
    """Build, then take docs/screenshots/{home,member,search}.png with Debian's chromium."""
    site = _build("pelicanconf.py")
    from tools.screenshots import take

    for path in take(site, ROOT / "docs" / "screenshots"):
        print(f"wrote {path.relative_to(ROOT)}")


@task(help={"path": "a page to audit, e.g. members/ (repeatable; default: one page of each kind)"},
      iterable=["path"])
def lighthouse(c, path=None):
    """Build, serve locally and run Lighthouse (npx, Debian's chromium) on each kind of page:
    prints the scores table kept in the README; fails below accessibility 100, best practices
    100 or performance 95. Takes about ten seconds a page; not part of `invoke test`."""
    site = _build("pelicanconf.py")
    from tools import lighthouse as bench

    results = bench.run(site, [p.strip("/") + "/" if p.strip("/") else "" for p in path] or None)
    print(bench.table(results))
    problems = bench.below_target(results)
    if problems:
        raise SystemExit("\n".join(problems))
    print("All pages meet the targets: accessibility 100, best practices 100, performance 95 or more.")


@task(help={"size": "number of synthetic members (repeatable; default 100, 1000 and 10000)",
            "write": "update the table in bench/README.md and bench/build-time.svg",
            "keep": "build in this folder and keep the hubs (default: a temporary folder)"},
      iterable=["size"])
def bench(c, size=None, write=False, keep=""):
    """The whole build at coalition scale against plain Pelican in the same run: synthetic hubs of
    100, 1,000 and 10,000 members (2 events each, a post for every 5), wall and CPU time, peak
    memory, pages, the largest page, the ratio per page and a one-member edit (bench/build_bench.py;
    figures in bench/README.md). Takes about ten minutes with 10,000 members."""
    sizes = " ".join(str(int(s)) for s in size) if size else "100 1000 10000"
    extra = (" --write" if write else "") + (f' --keep "{keep}"' if keep else "")
    c.run(f'"{PYTHON}" "{ROOT / "bench" / "build_bench.py"}" {sizes}{extra}', pty=False)


@task(name="bench-matching",
      help={"size": "number of synthetic members (repeatable; default 1000 and 10000)",
            "limit": "fail if the largest size takes more CPU seconds than this (default: no limit)"},
      iterable=["size"])
def bench_matching(c, size=None, limit=None):
    """Time matching alone on synthetic hubs of 1,000 and 10,000 members with 5 offers and 5 needs
    each (bench/matching_bench.py; figures in bench/README.md)."""
    sizes = " ".join(str(int(s)) for s in size) if size else "1000 10000"
    extra = f" --limit {float(limit)}" if limit else ""
    c.run(f'"{PYTHON}" "{ROOT / "bench" / "matching_bench.py"}" {sizes}{extra}', pty=False)


@task(help={"check": "do not write: fail if weights.json differs from a fresh fit"})
def fit_matching(c, check=False):
    """Fit the matcher's weights and tiers on the dev part of the labelled corpus and write
    plugins/hub/matching/weights.json with its provenance (bench/fit_matching.py; needs numpy,
    from requirements-test.txt). Then report the test part: python tests/matching_evaluation.py --part test."""
    c.run(f'"{PYTHON}" "{ROOT / "bench" / "fit_matching.py"}"{" --check" if check else ""}', pty=False)
