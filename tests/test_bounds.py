"""Every file a build writes has a bound (core.bounds, HUB_PAGE_KB and HUB_FILE_KB): a report with 400 figures
once built a page of megabytes (8,000 figures: 43.6 MB). `invoke validate` refuses a post or report too big
for a page, naming its file; the build measures every file it writes and publishes nothing when one is over,
naming the file it came from (tests/hostile/bounds/)."""
from __future__ import annotations

from pathlib import Path

from events_support import tree

from conftest import ROOT, hub_settings, load_hub, run_pelican
from hub.core.bounds import oversized

BOUNDS = Path(__file__).parent / "hostile" / "bounds"
FIGURES = 400


def many_figures_tree(tmp_path: Path) -> Path:
    root = tree(tmp_path)
    reports = root / "content" / "reports"
    reports.mkdir(parents=True)
    text = (BOUNDS / "many-figures.md").read_text(encoding="utf-8")
    markers = "\n\n".join(f"[figure: f{number}]" for number in range(FIGURES))
    (reports / "many-figures.md").write_text(text.replace("{markers}", markers), encoding="utf-8")
    (reports / "many-figures.figures.yaml").write_text("".join(
        f"f{number}:\n  kind: count\n  value: {number + 100}\n  unit: grants\n"
        f"  label: Grants given to groups in the quarter, count {number}\n  source: Our records\n"
        for number in range(FIGURES)), encoding="utf-8")
    return root


def test_a_report_too_big_for_a_page_is_refused_by_validate_and_by_the_build(tmp_path):
    root = many_figures_tree(tmp_path)
    _, problems = load_hub(root)
    assert len(problems) == 1
    message = str(problems[0])
    assert message.startswith("content/reports/many-figures.md:1: (page size): is ")
    assert "of it the figures' charts and tables, and a page holds at most 70 KB of text and figures" in message
    assert message.endswith("shorten it, or split it into parts of a series (docs/publishing.md)")
    result = run_pelican(root, tmp_path / "out")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [message, "1 problem(s) found; nothing was built."]
    assert not (tmp_path / "out" / "reports").exists()


def test_a_file_over_its_bound_stops_the_build_naming_it(tmp_path):
    """HUB_FILE_KB at its least (10 KB): the fixture hub's feeds of full reports are over it."""
    root = tree(tmp_path)
    result = run_pelican(root, tmp_path / "out", extra={"HUB_FILE_KB": 10})
    assert result.returncode == 1 and "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert lines[-1] == f"{len(lines) - 1} problem(s) found; nothing was published."
    assert any(line.startswith("feeds/all.atom.xml:1: (file size): is ") and
               line.endswith("KB, over the bound of 10 KB (HUB_FILE_KB); raise HUB_FILE_KB in pelicanconf.py if "
                             "the hub has grown this large") for line in lines), lines


def test_a_page_over_its_bound_names_the_file_it_came_from(tmp_path):
    """What the build checks last, whatever made the page: a post's page names the post, a member's its
    profile, an event's calendar its event file; a page of the hub's own is named as it is."""
    output = tmp_path / "out"
    pages = {"reports/q3/index.html": 101, "members/ball-hill/offers/page/2/index.html": 150,
             "events/lunch.ics": 60_000, "index.html": 120, "members/small/index.html": 99,
             "pagefind/fragment/x.pf_fragment": 900, "images/uploads/big.png": 3000}
    for name, kb in pages.items():
        (output / name).parent.mkdir(parents=True, exist_ok=True)
        (output / name).write_bytes(b"x" * kb * 1024)
    sources = {"reports/q3/": "content/reports/q3.md", "members/ball-hill/": "members/ball-hill.yaml",
               "members/small/": "members/small.yaml", "events/lunch.ics": "events/lunch.yaml"}
    problems = [str(problem) for problem in oversized(output, hub_settings(tmp_path), sources)]
    assert problems == [
        "content/reports/q3.md:1: (page size): makes the page reports/q3/index.html, 101 KB, over the bound of "
        "100 KB (HUB_PAGE_KB); shorten it, or split it into parts of a series (docs/publishing.md)",
        "events/lunch.yaml:1: (file size): makes the file events/lunch.ics, 60,000 KB, over the bound of 50,000 KB "
        "(HUB_FILE_KB); shorten what it says",
        "index.html:1: (page size): is 120 KB, over the bound of 100 KB (HUB_PAGE_KB); raise HUB_PAGE_KB in "
        "pelicanconf.py if the hub has grown this large",
        "members/ball-hill.yaml:1: (page size): makes the page members/ball-hill/offers/page/2/index.html, 150 KB, "
        "over the bound of 100 KB (HUB_PAGE_KB); shorten what it says",
    ]


def test_the_example_hubs_files_are_all_within_their_bounds(site):
    assert oversized(site, hub_settings(ROOT), {}) == []
