"""The live preview (`invoke livereload`): the hub built and served, then built again whenever a file
the hub reads changes. Each build is made as `invoke build` makes one (hub/build.py): into a new
folder beside the previous build, whose file is kept for every file that comes out the same, then
swapped in; `.preview` is a link to it, which the server follows on every request.

Pelican's own `--autoreload` watches content/ and the theme only, so an edited profile or event
(members/, events/) would not show. This loop watches every folder and file the build reads, and
builds again in this same process: the libraries stay imported and the templates compiled, and the
hub's cache (core/ledger.py) keeps what is expensive to make. A change to the plugin's
code starts the process again (code already imported cannot be reloaded safely). The tree's
problems are printed as `invoke build` prints them, and the preview waits for the next change.
"""
from __future__ import annotations

import logging
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from pelican import Pelican
from pelican.log import init as init_logging
from pelican.settings import read_settings

from ..core.settings import HubSettings
from .base import InvalidHub, checked_settings

logger = logging.getLogger(__name__)
PLUGIN = Path(__file__).resolve().parent.parent


def watched_paths(settings: HubSettings, settings_file: Path) -> list[Path]:
    """Every folder and file a build reads (those that exist), the plugin's code and the settings."""
    candidates = (settings.members_path, settings.events_path, settings.introductions_path, settings.content_path,
                  settings.root / "theme", settings.root / "data", settings.feed_cache, settings.categories_path,
                  settings.places_path, settings_file, PLUGIN)
    return sorted({path.resolve() for path in candidates if path.exists()})


def read(settings_file: Path, output: Path, content: Path, extra: dict | None = None) -> dict:
    """The settings as `pelican -s settings_file -o output content -e extra...` reads them."""
    return read_settings(str(settings_file), override={**(extra or {}), "OUTPUT_PATH": str(output),
                                                       "PATH": str(content)})


def build(settings_file: Path, output: Path, content: Path, extra: dict | None = None) -> bool:
    """One build, swapped in at `output` (a link) when it succeeds; False when it stopped (its problems
    are printed, and `output` is the last good build)."""
    from ..build import build_here, current_build

    started = time.monotonic()
    previous = current_build(output)
    extra = {**(extra or {}), "HUB_PREVIOUS_OUTPUT": str(previous) if previous else None}
    if build_here(lambda folder: _build_into(settings_file, folder, content, extra), output) is None:
        return False
    logger.info("Built %s in %.1f s; watching for changes.", output, time.monotonic() - started)
    return True


def _build_into(settings_file: Path, output: Path, content: Path, extra: dict) -> bool:
    try:
        Pelican(read(settings_file, output, content, extra)).run()
    except InvalidHub:  # the tree's problems, each printed with its file and line
        print("The preview was not built. Fix the problems above and save: it builds again.", file=sys.stderr)
        return False
    except Exception as error:  # a template's mistake, a warning (fatal, as in `invoke build`)
        # Printed, not logged: with warnings fatal, Pelican's logging raises on an error.
        print(f"The preview was not built: {error}. Fix it and save: it builds again.", file=sys.stderr)
        return False
    return True


def is_code(path: str) -> bool:
    return Path(path).resolve().is_relative_to(PLUGIN)


def preview(settings_file: Path, output: Path, content: Path, port: int, extra: dict | None = None) -> None:
    """Build into `output`, serve it on `port` (Pelican's server, in its own process) and build
    again on every change, until interrupted. `extra` overrides settings (as `pelican -e`)."""
    import watchfiles  # Pelican's own dependency, for its --autoreload

    # As `invoke build` runs Pelican: a warning stops the build (and here waits for the fix).
    init_logging(level=logging.INFO, fatal="warnings", name="pelican")
    settings = checked_settings(read(settings_file, output, content, extra))
    paths = watched_paths(settings, settings_file)
    # Stopped by a signal as by Ctrl+C: the server is stopped with it (below).
    signal.signal(signal.SIGTERM, lambda number, frame: sys.exit(0))
    server = subprocess.Popen([sys.executable, "-m", "pelican", "--listen", "--port", str(port),
                               "-s", str(settings_file), "-o", str(output)])
    # Watching starts before the first build: a file saved while a build runs is seen, and builds
    # again when that build ends.
    changes: queue.Queue = queue.Queue()
    stop = threading.Event()

    def watch() -> None:
        for found in watchfiles.watch(*paths, watch_filter=watchfiles.DefaultFilter(), stop_event=stop):
            changes.put(found)

    threading.Thread(target=watch, name="hub-watch", daemon=True).start()
    try:
        build(settings_file, output, content, extra)
        logger.info("Serving http://localhost:%d/ ; watching %s", port, ", ".join(str(path) for path in paths))
        while True:
            found = set(changes.get())
            while not changes.empty():  # saved together (an editor writes a file and its backup)
                found |= changes.get_nowait()
            changed = sorted({path for _, path in found})
            if any(is_code(path) for path in changed):
                logger.info("The plugin's code changed: starting again.")
                stop.set()
                server.terminate()
                server.wait()
                os.execv(sys.executable, [sys.executable, *sys.argv])
            logger.info("Changed: %s", ", ".join(changed))
            build(settings_file, output, content, extra)
    finally:
        stop.set()
        if server.poll() is None:
            server.terminate()
            server.wait()
