"""One build at a time, swapped in atomically (plugins/hub/build.py): `output` is a link to a whole
site at every instant, a second build waits (or stops, with --no-wait, naming the one running), and a
failed or stopped build leaves the last good site, no staging folder and no Pelican process.

Regression: `invoke build & invoke build` left output/ with 2 of 139 pages, or none, with exit 0."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from events_support import tree

from conftest import CONTENT, NOW, ROOT
from hub.build import BuildBusy, BuildFailed, build_here, build_lock, build_site


def fake_pelican(pages: int = 3, exit_status: int = 0):
    """A stand-in for Pelican that writes `pages` pages into the folder it is given, then exits."""
    script = ("import pathlib, sys\n"
              f"for n in range({pages}):\n"
              "    (pathlib.Path(sys.argv[1]) / f'page-{n}.html').write_text('a page')\n"
              f"sys.exit({exit_status})\n")
    return lambda folder: [sys.executable, "-c", script, str(folder)]


def pages(site: Path) -> int:
    return sum(1 for _ in site.rglob("*.html"))


def leftovers(root: Path) -> list[str]:
    """Unfinished builds and half-made links: what a stopped build must not leave."""
    return sorted(p.name for p in [*root.glob(".builds/*.staging"), *root.glob(".output.*.new")])


def test_a_build_makes_output_a_link_to_a_whole_site_and_keeps_the_one_before(tmp_path):
    output = tmp_path / "output"
    folders = [build_site(fake_pelican(pages=3), output) for _ in range(3)]
    assert output.is_symlink() and output.resolve() == folders[-1] and pages(output) == 3
    assert os.readlink(output) == f".builds/{folders[-1].name}"  # relative: the checkout can move
    assert sorted((tmp_path / ".builds").iterdir()) == folders[1:]  # the one before is kept for its readers
    assert leftovers(tmp_path) == []


def test_a_failed_build_leaves_the_last_good_site_and_no_staging_folder(tmp_path):
    output = tmp_path / "output"
    good = build_site(fake_pelican(pages=3), output)
    with pytest.raises(BuildFailed) as failed:
        build_site(fake_pelican(pages=1, exit_status=3), output)
    assert failed.value.returncode == 3
    assert output.resolve() == good and pages(output) == 3
    assert leftovers(tmp_path) == [] and list((tmp_path / ".builds").iterdir()) == [good]


def test_an_output_folder_from_before_builds_were_kept_is_replaced_and_kept_once(tmp_path):
    output = tmp_path / "output"
    output.mkdir()
    (output / "index.html").write_text("the old site")
    folder = build_site(fake_pelican(pages=2), output)
    assert output.is_symlink() and output.resolve() == folder
    (earlier,) = [p for p in (tmp_path / ".builds").iterdir() if p != folder]
    assert (earlier / "index.html").read_text() == "the old site"


def test_the_preview_s_builds_and_invoke_build_s_live_side_by_side(tmp_path):
    """`invoke livereload` (.preview) and `invoke build` (output) keep their builds in .builds/: each
    removes only its own older ones."""
    output, preview = tmp_path / "output", tmp_path / ".preview"
    mine = [build_site(fake_pelican(pages=2), output) for _ in range(3)]
    theirs = build_here(lambda folder: (folder / "index.html").write_text("preview") > 0, preview)
    build_site(fake_pelican(pages=2), output)
    assert theirs.is_dir() and preview.resolve() == theirs
    assert (tmp_path / ".builds" / mine[-1].name).is_dir() and not mine[0].exists()
    assert build_here(lambda folder: False, preview) is None and preview.resolve() == theirs


def test_leftovers_of_a_build_killed_outright_are_removed_by_the_next(tmp_path):
    (tmp_path / ".builds" / "output-20260101T000000000000Z-1.staging").mkdir(parents=True)
    (tmp_path / ".output.1.new").symlink_to("nowhere")
    build_site(fake_pelican(), tmp_path / "output")
    assert leftovers(tmp_path) == []


def test_a_second_build_waits_for_the_lock_or_stops_naming_the_build_running(tmp_path):
    said = []
    with build_lock(tmp_path):
        with pytest.raises(BuildBusy) as busy, build_lock(tmp_path, wait=False):
            pass
        waiting = threading.Thread(target=lambda: build_lock(tmp_path, say=said.append).__enter__())
        waiting.start()
        waiting.join(0.5)
        assert waiting.is_alive()  # it waits while the lock is held
    waiting.join(5)
    assert not waiting.is_alive()  # and goes on once it is released
    assert str(busy.value) == f"another build is running (pid {os.getpid()}); try again when it has finished"
    assert said == [f"another build is running (pid {os.getpid()}); waiting..."]


# --- real builds ---------------------------------------------------------------------------------

@pytest.fixture
def small_hub(tmp_path) -> Path:
    """A hub with three members and the test content, the theme, tasks and settings."""
    root = tree(tmp_path)
    for name in ("tasks.py", "pelicanconf.py"):
        shutil.copy(ROOT / name, root / name)
    shutil.copytree(ROOT / "theme", root / "theme")
    shutil.copytree(CONTENT, root / "content")  # the example content links to the example members
    (root / "plugins").symlink_to(ROOT / "plugins")
    return root


def invoke(root: Path, *args: str, **popen) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "invoke", *args], cwd=root, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, **popen)


def processes_mentioning(text: str) -> list[str]:
    """Command lines of the running processes that contain `text` (from /proc: no psutil here)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            except OSError:  # ended meanwhile
                continue
            if text in command:
                found.append(command)
    return found


def test_concurrent_invoke_builds_all_succeed_and_output_is_always_a_whole_site(small_hub):
    first = invoke(small_hub, "build")
    assert first.wait(60) == 0, first.stderr.read()
    output = small_hub / "output"
    whole = pages(output.resolve())
    assert whole > 20
    # Each with something new to build (an input of its own), or it would find nothing changed.
    builds = [invoke(small_hub, "build", env={**os.environ, "HUB_TEST_RUN": str(run)}) for run in range(3)]
    seen = []
    while any(build.poll() is None for build in builds):
        try:  # resolved once per look, as a web server resolves a path once per request
            seen.append(pages(output.resolve(strict=True)))
        except OSError:  # no output, or its files removed while being read: not a whole site
            seen.append(0)
    outcomes = [(build.wait(), build.stdout.read(), build.stderr.read()) for build in builds]
    assert [code for code, _, _ in outcomes] == [0, 0, 0], outcomes
    assert len(seen) > 10 and set(seen) == {whole}
    assert all(out.splitlines()[-1].startswith(f"Built {whole} pages into output/") for _, out, _ in outcomes)
    assert len(list((small_hub / ".builds").iterdir())) == 2 and leftovers(small_hub) == []


def test_invoke_build_waits_for_a_running_build_or_with_no_wait_stops_at_once(small_hub):
    with build_lock(small_hub):
        no_wait = invoke(small_hub, "build", "--no-wait")
        assert no_wait.wait(60) == 1
        assert no_wait.stderr.read() == (f"another build is running (pid {os.getpid()}); "
                                         "try again when it has finished\n")
        waiting = invoke(small_hub, "build")
        assert waiting.stdout.readline() == f"another build is running (pid {os.getpid()}); waiting...\n"
        assert waiting.poll() is None and not (small_hub / "output").exists()
    assert waiting.wait(60) == 0, waiting.stderr.read()
    assert (small_hub / "output" / "index.html").is_file()


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_a_stopped_build_leaves_no_staging_folder_no_pelican_process_and_the_last_site(small_hub, signum):
    good = build_site(fake_pelican(pages=2), small_hub / "output")
    build = invoke(small_hub, "build")
    deadline = time.monotonic() + 30
    while not processes_mentioning(f"pelican {small_hub}/content") and time.monotonic() < deadline:
        time.sleep(0.01)
    assert processes_mentioning(f"pelican {small_hub}/content"), build.communicate()
    build.send_signal(signum)
    assert build.wait(30) == 128 + signum
    assert build.stderr.read().splitlines()[-1] == (f"the build was stopped by {signal.Signals(signum).name}; "
                                                    "output/ is the last complete build")
    assert processes_mentioning(str(small_hub)) == []  # Pelican and Pagefind were stopped with it
    assert leftovers(small_hub) == [] and (small_hub / "output").resolve() == good


def test_a_second_invoke_build_keeps_every_file_of_the_first(small_hub):
    """`invoke build` builds into a staging folder that is renamed once it succeeds: the pages' keys were
    kept under the staging folder's name, so the next build found none and rendered every page again
    (issue 22: 200 rendered, 0 reused). With nothing changed, every file of the second build is the first
    build's file (the same inode: linked), a list in pages included, and none is lost."""
    for number in range(45):  # the list of learning posts in two pages: /learning/ and /learning/page/2/
        (small_hub / "content" / "learning" / f"note-{number}.md").write_text(
            f"Title: Note {number}\nDate: 2026-10-{number % 28 + 1:02d}\nCategory: Learning\nSummary: A short note.\n\n"
            "What we learned.\n", encoding="utf-8")
    pinned = {**os.environ, "HUB_EVENTS_NOW": NOW}  # the same moment: the home page shows what is on now
    first = invoke(small_hub, "build", env=pinned)
    assert first.wait(120) == 0, first.stderr.read()
    before = (small_hub / "output").resolve()
    pages = sorted(path.relative_to(before) for path in before.rglob("*.html") if "pagefind" not in path.parts)
    assert len(pages) > 30 and Path("learning/page/2/index.html") in pages
    (small_hub / "NOTES.txt").write_text("A file no page shows: the build runs again, and changes nothing.\n")
    second = invoke(small_hub, "build", env=pinned)
    assert second.wait(120) == 0, second.stderr.read()
    after = (small_hub / "output").resolve()
    assert after != before
    written = [str(page) for page in pages if (after / page).stat().st_ino != (before / page).stat().st_ino]
    assert written == [], written
    assert sorted(path.relative_to(after) for path in after.rglob("*.html") if "pagefind" not in path.parts) == pages


def test_invoke_build_with_nothing_changed_does_nothing_and_any_change_builds_again(small_hub):
    """`invoke build` keeps a digest of everything a build reads (core/inputs.py): the same digest, with
    output/ still that build, means there is nothing to do. Each kind of input counts, the SEQUENCE lock
    the build writes too, and --force builds anyway."""
    def build(*args: str, **env) -> tuple[str, Path]:
        process = invoke(small_hub, "build", *args, env={**os.environ, "HUB_EVENTS_NOW": NOW, **env})
        assert process.wait(120) == 0, process.stderr.read()
        return process.stdout.read(), (small_hub / "output").resolve()

    shutil.copy(ROOT / "tests" / "fixtures" / "events" / "valid" / "duration-words.yaml", small_hub / "events")
    said, first = build()
    assert said.splitlines()[-1].startswith("Built ") and (small_hub / "events" / ".sequence.json").is_file()
    said, again = build()  # the lock the first build wrote is new: read back, it changes no page
    assert again != first and said.splitlines()[-1].startswith("Built ")
    said, same = build()
    assert same == again
    assert said == f"Nothing has changed since the last build: output/ ({again.relative_to(small_hub)}) is up to date.\n"
    assert build("--force")[1] != again
    profile = next((small_hub / "members").glob("*.yaml"))
    profile.write_text(profile.read_text() + "# a comment\n")
    said, edited = build()
    assert edited not in (first, again) and said.splitlines()[-1].startswith("Built ")
    assert build()[1] == edited
    moved, later = build(HUB_EVENTS_NOW="2026-11-21T10:00:00Z")  # the clock's next step
    assert later != edited and moved.splitlines()[-1].startswith("Built ")
    (small_hub / "theme" / "templates" / "base.html").write_text(
        (small_hub / "theme" / "templates" / "base.html").read_text() + "\n")
    assert build()[1] not in (edited, later)
    shutil.rmtree(small_hub / ".cache")  # the record of the last build went with the caches
    assert build()[0].splitlines()[-1].startswith("Built ")
