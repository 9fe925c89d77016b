"""`invoke livereload` builds the preview again when a profile, an event or a post changes, not only
content/ and the theme (all Pelican's own --autoreload watches), and serves it; a mistake is
reported and the preview waits for the fix (plugins/hub/site/live.py)."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from conftest import NOW, ROOT, copy_of_the_example, free_port

MEMBER = "members/tile-hill-lunch-club.yaml"
PAGE = "members/tile-hill-lunch-club/index.html"
EVENT = "events/informal-get-together.yaml"
EVENT_PAGE = "events/informal-get-together/index.html"


def wait_for(condition, what: str, log: Path, seconds: float = 120) -> None:
    """Until `condition()` holds: a bound on the wait, not a measure of speed."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"{what}: not within {seconds} s; the preview said:\n{log.read_text()[-3000:]}")


def text_of(path: Path) -> str:
    return path.read_text(encoding="utf-8") if path.is_file() else ""


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_preview_follows_edits_to_profiles_and_events_and_waits_out_a_mistake(tmp_path):
    root = copy_of_the_example(tmp_path / "hub")
    output, log, port = tmp_path / "preview", tmp_path / "preview.log", free_port()
    program = ("import sys; from pathlib import Path; from hub.site.live import preview; "
               "preview(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]), int(sys.argv[4]), "
               "{'HUB_ROOT': sys.argv[5], 'HUB_SEARCH_INDEX': False})")
    with open(log, "w", encoding="utf-8") as sink:
        process = subprocess.Popen([sys.executable, "-c", program, str(ROOT / "pelicanconf.py"), str(output),
                                    str(root / "content"), str(port), str(root)],
                                   cwd=ROOT, stdout=sink, stderr=subprocess.STDOUT, env={**os.environ, "HUB_EVENTS_NOW": NOW})
    try:
        page, event_page = output / PAGE, output / EVENT_PAGE
        wait_for(lambda: "A two-course lunch" in text_of(page), "the first build", log)
        served = urllib.request.urlopen(f"http://127.0.0.1:{port}/{PAGE}", timeout=10).read().decode("utf-8")
        assert "A two-course lunch" in served

        edit(root / MEMBER, "summary: A two-course lunch", "summary: A hot two-course lunch")
        wait_for(lambda: "A hot two-course lunch" in text_of(page), "the edited profile", log)
        edit(root / EVENT, "title: Informal get-together", "title: Monthly informal get-together")
        wait_for(lambda: "Monthly informal get-together" in text_of(event_page), "the edited event", log)

        edit(root / MEMBER, "summary: A hot two-course lunch", "summary: [A hot two-course lunch")
        wait_for(lambda: f"{MEMBER}:" in log.read_text(), "the mistake, named with its file and line", log)
        assert "A hot two-course lunch" in text_of(page)  # the last good build stays
        edit(root / MEMBER, "summary: [A hot two-course lunch", "summary: A warm two-course lunch")
        wait_for(lambda: "A warm two-course lunch" in text_of(page), "the fixed profile", log)
    finally:
        process.terminate()
        process.wait(timeout=30)
    # The server went with it: nothing listens on the port any more.
    with socket.socket() as probe:
        assert probe.connect_ex(("127.0.0.1", port)) != 0
