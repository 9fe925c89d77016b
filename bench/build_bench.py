"""The whole build at coalition scale, against plain Pelican in the same run: `invoke bench`.

For each size it writes a synthetic hub on disk (members with 5 offers and 5 needs each over 50
places, 2 events per member, a learning post for every 5 members; text from `matching_bench`'s
seeded generator) beside this checkout's settings, theme and plugin, and runs the command people
run, `invoke build`, as a process of its own, with the real clock and the search index: from
nothing (after `invoke clean`), after one member's edit, and with nothing changed. Plain Pelican
4.12 (its default theme, no plugins) builds as many Markdown articles as the hub wrote pages, and
Pagefind indexes them, in the same run, so the clean figure is a ratio to it.

Each build is one process; wall time, CPU (user + system, its children included) and peak memory
(the largest resident size of the process or any child it waited for) come from `wait4`.
Results go to stdout and, with --write, to bench/README.md (between markers) and
bench/build-time.svg.
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import yaml

from hub.core.loader import load_vocabulary

sys.path.insert(0, str(Path(__file__).resolve().parent))
from matching_bench import SEED, Generator

ROOT = Path(__file__).resolve().parent.parent
NOW = "2026-11-21T12:00:00Z"
PLACES = 50
EVENTS_PER_MEMBER = 2
POSTS_PER_MEMBER = 0.2
README = ROOT / "bench" / "README.md"
SVG = ROOT / "bench" / "build-time.svg"
BEGIN, END = "<!-- begin build-bench -->", "<!-- end build-bench -->"


# --- a synthetic hub on disk ---------------------------------------------------------------------

def _member_yaml(member) -> str:
    def item(it) -> dict:
        out = {"category": it.category, "title": it.title}
        if it.details:
            out["details"] = it.details
        return out

    document = {"name": member.name, "summary": member.summary, "areas": [a.name for a in member.areas],
                "offers": [item(i) for i in member.offers], "needs": [item(i) for i in member.needs]}
    return yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=100)


def _event_yaml(rng: random.Random, slug: str, member, number: int, categories: list[str]) -> str:
    day = dt.date(2026, 11, 22) + dt.timedelta(days=rng.randrange(0, 330))
    document = {"title": f"{member.name} {'open session' if number else 'get-together'}",
                "start": f"{day.isoformat()} {rng.choice(['10:00', '13:30', '18:30'])}",
                "duration": rng.choice(["1 hour", "90 minutes", "2 hours"]),
                "organiser": slug, "categories": rng.sample(categories, k=rng.randint(1, 2)),
                "summary": "A synthetic event for the benchmark."}
    if rng.random() < 0.7:
        document["location"] = {"name": f"{member.areas[0].name} community hall",
                                "address": f"{rng.randint(1, 200)} High Street, {member.areas[0].name}"}
    else:
        document["online"] = "https://meet.example.org/" + slug
    if number == 1 and rng.random() < 0.2:
        document["repeat"] = "FREQ=MONTHLY;BYDAY=" + rng.choice(["1TU", "2WE", "3TH", "-1FR"])
        weekday = {"1TU": 1, "2WE": 2, "3TH": 3, "-1FR": 4}[document["repeat"].split("=")[-1]]
        start = _first_of_rule(day, document["repeat"].split("BYDAY=")[1], weekday)
        document["start"] = f"{start.isoformat()} {document['start'].split()[1]}"
    return yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=100)


def _first_of_rule(after: dt.date, byday: str, weekday: int) -> dt.date:
    """The first date on or after `after` that FREQ=MONTHLY;BYDAY=<byday> gives."""
    month = dt.date(after.year, after.month, 1)
    while True:
        days = [month + dt.timedelta(days=n) for n in range(31)
                if (month + dt.timedelta(days=n)).month == month.month]
        matching = [d for d in days if d.weekday() == weekday]
        chosen = matching[-1] if byday.startswith("-1") else matching[int(byday[0]) - 1]
        if chosen >= after:
            return chosen
        month = (month + dt.timedelta(days=32)).replace(day=1)


POST_WORDS = ("community connection volunteers neighbours space activity time together barriers lunch club "
              "walk garden library hall young older families listening organising learning funding").split()


def _post(rng: random.Random, number: int) -> str:
    paragraphs = ["\n".join(" ".join(rng.choices(POST_WORDS, k=14)).capitalize() + "." for _ in range(4))
                  for _ in range(5)]
    day = dt.date(2022, 1, 1) + dt.timedelta(days=number % 1500)
    return (f"Title: Learning note {number}\nDate: {day.isoformat()}\nCategory: Learning\n"
            f"Summary: What member {number} learned, in a few lines.\nSlug: learning-note-{number}\n\n"
            + "\n\n## A heading\n\n".join(paragraphs) + "\n")


def write_hub(size: int, root: Path) -> None:
    vocabulary, problems = load_vocabulary(ROOT / "categories.yaml")
    assert not problems, problems
    generator = Generator(vocabulary, seed=SEED)
    generator.places = generator.places[:PLACES]
    generator.place_weights = generator.place_weights[:PLACES]
    rng = random.Random(SEED)
    categories = [c.key for c in vocabulary]
    (root / "members").mkdir(parents=True)
    (root / "events").mkdir()
    shutil.copy(ROOT / "categories.yaml", root / "categories.yaml")
    shutil.copytree(ROOT / "content" / "pages", root / "content" / "pages")
    shutil.copytree(ROOT / "content" / "extra", root / "content" / "extra")
    shutil.copytree(ROOT / "content" / "images", root / "content" / "images")
    (root / "content" / "learning").mkdir()
    (root / "content" / "reports").mkdir()
    for number in range(size):
        member = generator.member(number)
        (root / "members" / f"{member.slug}.yaml").write_text(_member_yaml(member), encoding="utf-8")
        for event_number in range(EVENTS_PER_MEMBER):
            slug = f"{member.slug}-event-{event_number}"
            (root / "events" / f"{slug}.yaml").write_text(
                _event_yaml(rng, member.slug, member, event_number, categories), encoding="utf-8")
    for number in range(int(size * POSTS_PER_MEMBER)):
        (root / "content" / "learning" / f"learning-note-{number}.md").write_text(_post(rng, number),
                                                                                  encoding="utf-8")


def write_plain(pages: int, root: Path) -> None:
    """`pages` Markdown articles of a learning post's length, and settings for plain Pelican."""
    rng = random.Random(SEED)
    content = root / "content"
    content.mkdir(parents=True)
    for number in range(pages):
        (content / f"note-{number}.md").write_text(_post(rng, number).replace("Category: Learning",
                                                                              "Category: Notes"), encoding="utf-8")
    (root / "pelicanconf.py").write_text(
        'SITENAME = "Plain"\nSITEURL = ""\nRELATIVE_URLS = True\nTIMEZONE = "Europe/London"\n'
        'DEFAULT_LANG = "en"\nFEED_ALL_ATOM = None\nCATEGORY_FEED_ATOM = None\nAUTHOR_FEED_ATOM = None\n'
        'AUTHOR_FEED_RSS = None\nTRANSLATION_FEED_ATOM = None\nDEFAULT_PAGINATION = False\nPLUGINS = []\n'
        'CACHE_CONTENT = False\nLOAD_CONTENT_CACHE = False\n', encoding="utf-8")


# --- measuring -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Run:
    wall: float
    cpu: float
    peak_mib: float

    def __str__(self) -> str:
        return f"{self.wall:.1f} s wall, {self.cpu:.1f} s CPU, {self.peak_mib:.0f} MiB"


def measure(args: list[str], cwd: Path, env: dict | None = None) -> Run:
    """Run `args` to the end; its wall time, CPU seconds and peak memory (children included)."""
    started = time.monotonic()
    process = subprocess.Popen(args, cwd=cwd, env={**os.environ, **(env or {})},
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.monotonic() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(args[:4])} ... failed:\n{output.decode(errors='replace')[-3000:]}")
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


def with_the_hub(tree: Path) -> None:
    """The tree as a checkout holds it: this checkout's tasks, settings, places, theme and plugin."""
    for name in ("tasks.py", "pelicanconf.py", "places.yaml"):
        shutil.copy(ROOT / name, tree / name)
    shutil.copytree(ROOT / "theme", tree / "theme")
    (tree / "plugins").symlink_to(ROOT / "plugins")


def invoke(tree: Path, task: str) -> Run:
    """`invoke TASK` in the tree, as a person runs it: the real clock (no HUB_EVENTS_NOW)."""
    env = {name: value for name, value in os.environ.items() if name != "HUB_EVENTS_NOW"}
    started = time.monotonic()
    process = subprocess.Popen([sys.executable, "-m", "invoke", task], cwd=tree, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"invoke {task} failed:\n{output.decode(errors='replace')[-3000:]}")
    return Run(time.monotonic() - started, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


def plain_build(root: Path, output: Path) -> Run:
    """Plain Pelican, then Pagefind over what it wrote (as `invoke build` indexes the hub)."""
    from hub.search.index import pagefind_command

    command = (f"{sys.executable} -m pelican {root / 'content'} -s {root / 'pelicanconf.py'} -o {output} "
               f"&& {' '.join(pagefind_command(output))}")
    return measure(["sh", "-c", command], root)


def pages_of(output: Path) -> list[Path]:
    return [p for p in output.rglob("*.html")]


@dataclass(frozen=True)
class Result:
    members: int
    pages: int
    clean: Run
    plain: Run
    plain_pages: int
    largest_kib: float
    largest_page: str
    over_budget: int
    edit: Run
    unchanged: Run

    @property
    def ratio(self) -> float:
        """The hub's seconds per page over plain Pelican's (Pagefind included in both)."""
        return (self.clean.wall / self.pages) / (self.plain.wall / self.plain_pages)

    @property
    def edit_speedup(self) -> float:
        return self.clean.wall / self.edit.wall


def _fresh(*paths: Path) -> None:
    for path in paths:
        shutil.rmtree(path, ignore_errors=True)


def best(runs: list[Run]) -> Run:
    """The fastest of several runs: the least disturbed by whatever else the machine did."""
    return min(runs, key=lambda run: run.wall)


def site_pages(output: Path) -> list[Path]:
    return [page for page in output.rglob("*.html") if not page.relative_to(output).parts[0].startswith("pagefind")]


def bench(size: int, work: Path, repeat: int) -> Result:
    tree = work / f"hub-{size}"
    write_hub(size, tree)
    with_the_hub(tree)
    first = invoke(tree, "build")
    pages = site_pages((tree / "output").resolve())
    plain_root, plain_output = work / f"plain-{size}", work / f"plain-out-{size}"
    write_plain(len(pages), plain_root)
    # Clean builds of both (nothing kept), taking turns, so both meet the same moments of the machine.
    cleans, plains = [first], []
    for turn in range(repeat):
        _fresh(plain_output)
        plains.append(plain_build(plain_root, plain_output))
        if turn:
            invoke(tree, "clean")
            cleans.append(invoke(tree, "build"))
    plain_pages = len(site_pages(plain_output))
    output = (tree / "output").resolve()
    pages = site_pages(output)
    largest = max(pages, key=lambda p: p.stat().st_size)
    largest_kib, largest_page = largest.stat().st_size / 1024, largest.relative_to(output).as_posix()
    over_budget = sum(1 for page in pages if page.stat().st_size > 100 * 1024)
    # One member changes its summary, and `invoke build` runs again; then again with nothing changed.
    member = sorted((tree / "members").iterdir())[size // 2]
    text = member.read_text(encoding="utf-8")
    edits, unchanged = [], []
    for turn in range(repeat):
        member.write_text(text.replace("summary: A synthetic member.", f"summary: An edited member ({turn + 1})."),
                          encoding="utf-8")
        edits.append(invoke(tree, "build"))
        unchanged.append(invoke(tree, "build"))
    return Result(members=size, pages=len(pages), clean=best(cleans), plain=best(plains), plain_pages=plain_pages,
                  largest_kib=largest_kib, largest_page=largest_page,
                  over_budget=over_budget, edit=best(edits),
                  unchanged=best(unchanged))


# --- reporting -----------------------------------------------------------------------------------

def table(results: list[Result]) -> str:
    lines = ["| members | pages | `invoke build` from nothing | plain Pelican + Pagefind | ratio per page | "
             "peak memory | largest page | pages over 100 KB | one-member edit | nothing changed |",
             "| ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: |"]
    for r in results:
        lines.append(f"| {r.members:,} | {r.pages:,} | {r.clean.wall:.1f} s ({r.clean.cpu:.1f} s CPU) | "
                     f"{r.plain.wall:.1f} s ({r.plain_pages:,} pages) | **{r.ratio:.2f}** | "
                     f"{r.clean.peak_mib:,.0f} MiB | {r.largest_kib:,.0f} KB (`{r.largest_page}`) | {r.over_budget} | "
                     f"{r.edit.wall:.1f} s ({r.edit_speedup:.1f}× faster) | {r.unchanged.wall:.1f} s |")
    return "\n".join(lines) + "\n"


def svg(results: list[Result]) -> str:
    """Build time against members, both axes logarithmic, for the hub and plain Pelican."""
    import math

    width, height, pad = 560, 360, 60
    xs = [r.members for r in results]
    ys = [v for r in results for v in (r.clean.wall, r.edit.wall, r.plain.wall)]
    x_lo, x_hi = math.log10(min(xs)) - 0.1, math.log10(max(xs)) + 0.1
    y_lo, y_hi = math.log10(min(ys)) - 0.2, math.log10(max(ys)) + 0.2

    def x(value):
        return pad + (math.log10(value) - x_lo) / (x_hi - x_lo) * (width - 2 * pad)

    def y(value):
        return height - pad - (math.log10(value) - y_lo) / (y_hi - y_lo) * (height - 2 * pad)

    series = [("invoke build, from nothing", "#1a5e8a", [r.clean.wall for r in results], ""),
              ("invoke build, one member edited", "#1a5e8a", [r.edit.wall for r in results], ' stroke-dasharray="6 4"'),
              ("plain Pelican + Pagefind, same number of pages", "#b35a00", [r.plain.wall for r in results], "")]
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
             f'aria-labelledby="t d" font-family="sans-serif" font-size="12">',
             '<title id="t">Build time against the number of members</title>',
             '<desc id="d">' + "; ".join(f"{r.members:,} members: hub {r.clean.wall:.1f} s from nothing, "
                                         f"{r.edit.wall:.1f} s after an edit, plain Pelican {r.plain.wall:.1f} s"
                                         for r in results) + "</desc>",
             f'<rect width="{width}" height="{height}" fill="#fff"/>',
             f'<line x1="{pad}" y1="{height - pad}" x2="{width - pad}" y2="{height - pad}" stroke="#000"/>',
             f'<line x1="{pad}" y1="{pad}" x2="{pad}" y2="{height - pad}" stroke="#000"/>',
             f'<text x="{width / 2}" y="{height - 15}" text-anchor="middle">members (log scale)</text>',
             f'<text x="15" y="{height / 2}" transform="rotate(-90 15 {height / 2})" text-anchor="middle">'
             'seconds, wall time (log scale)</text>']
    for value in xs:
        parts.append(f'<text x="{x(value):.0f}" y="{height - pad + 16}" text-anchor="middle">{value:,}</text>')
    for exponent in range(math.floor(y_lo), math.ceil(y_hi) + 1):
        if y_lo <= exponent <= y_hi:
            value = 10 ** exponent
            parts.append(f'<text x="{pad - 6}" y="{y(value) + 4:.0f}" text-anchor="end">{value:g}</text>')
    for index, (label, colour, values, dash) in enumerate(series):
        points = " ".join(f"{x(m):.1f},{y(v):.1f}" for m, v in zip(xs, values))
        parts.append(f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2"{dash}/>')
        parts.extend(f'<circle cx="{x(m):.1f}" cy="{y(v):.1f}" r="3" fill="{colour}"/>' for m, v in zip(xs, values))
        parts.append(f'<line x1="{pad + 10}" y1="{pad + 14 * index}" x2="{pad + 40}" y2="{pad + 14 * index}" '
                     f'stroke="{colour}" stroke-width="2"{dash}/><text x="{pad + 46}" y="{pad + 14 * index + 4}">'
                     f"{label}</text>")
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def write_report(results: list[Result]) -> None:
    text = README.read_text(encoding="utf-8")
    machine = (f"`invoke bench`: Python {sys.version.split()[0]}, {os.cpu_count()} cores, "
               f"{platform.processor() or platform.machine()}, measured {dt.date.today().isoformat()}.")
    block = f"{BEGIN}\n{machine}\n\n{table(results)}\n![Build time against members](build-time.svg)\n{END}"
    if BEGIN in text:
        start, end = text.index(BEGIN), text.index(END) + len(END)
        text = text[:start] + block + text[end:]
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    README.write_text(text, encoding="utf-8")
    SVG.write_text(svg(results), encoding="utf-8")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[100, 1000, 10000])
    parser.add_argument("--write", action="store_true", help="update bench/README.md and bench/build-time.svg")
    parser.add_argument("--keep", help="build in this folder and keep it (default: a temporary folder)")
    parser.add_argument("--repeat", type=int, default=0,
                        help="clean builds of each kind, the fastest counts (default: 3 up to 1,000 members, else 1)")
    args = parser.parse_args(argv)
    results = []
    # In memory when the machine has a tmpfs: the figures are then the build's, not the disk's (on
    # this project's machine, disk writes made the same build vary from 9 to 17 seconds).
    memory = Path("/dev/shm") if Path("/dev/shm").is_dir() and os.access("/dev/shm", os.W_OK) else None
    with tempfile.TemporaryDirectory(prefix="hub-bench-", dir=memory) as temporary:
        work = Path(args.keep or temporary)
        for size in args.sizes:
            result = bench(size, work, args.repeat or (3 if size <= 1000 else 1))
            print(f"{size:,} members: {result.pages:,} pages; invoke build {result.clean}; plain + Pagefind "
                  f"{result.plain}; ratio {result.ratio:.2f}; largest {result.largest_kib:.0f} KB "
                  f"({result.largest_page}); one-member edit {result.edit}; nothing changed {result.unchanged}",
                  flush=True)
            results.append(result)
    print(table(results))
    if args.write:
        write_report(results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
