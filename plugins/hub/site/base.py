"""What every hub generator shares: the tree loaded once per build, and writing through Pelican's writer."""
from __future__ import annotations

import gc
import sys
from pathlib import Path

from pelican.generators import Generator

from ..core.files import write_bytes
from ..core.ledger import location
from ..core.settings import HubSettings, SettingsError, load_settings
from ..core.yamlio import Problem
from ..tree import load_tree
from .content import content_problems
from .reuse import DEFER, active_writer
from .state import build_state


class InvalidHub(SystemExit):
    """Raised when the tree or the settings have mistakes. A SystemExit, so Pelican's CLI ends with
    status 1 and the list of mistakes, not a traceback, and nothing is written."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__(1)


def fail(problems: list[Problem], what: str = "nothing was built") -> InvalidHub:
    for problem in problems:
        print(problem, file=sys.stderr)
    print(f"{len(problems)} problem(s) found; {what}.", file=sys.stderr)
    return InvalidHub(problems)


def checked_settings(settings: dict) -> HubSettings:
    try:
        return load_settings(settings)
    except SettingsError as error:
        raise fail(error.problems) from None


# Python's cycle collector walks every object it tracks, again and again as a big build allocates:
# the tree, the matches and Pelican's posts live until the build ends, so they are set aside from
# it (gc.freeze) once made, and it runs less often. A tenth faster at 1,000 members. It stays set
# aside when the build ends: a process that builds once then exits without one last collection over
# all of it (0.3 s of a 1,000-member build); one that builds again (livereload, the tests) gives it
# back to the collector as the next build starts (`hub_of`).
COLLECT_EVERY = 10_000  # allocations between young collections (Python's default is 700)


def settle() -> None:
    """Everything made so far lives to the end of the build: the cycle collector leaves it alone."""
    gc.freeze()
    threshold = gc.get_threshold()
    if threshold[0] < COLLECT_EVERY:
        gc.set_threshold(COLLECT_EVERY, *threshold[1:])


def unsettle() -> None:
    gc.unfreeze()


def hub_of(context: dict, settings: dict):
    """The checked tree of this build, loaded by whichever generator asks first (once per build),
    after Pelican has read content/: its problems are reported with the tree's."""
    state = build_state(context)
    if state.hub is None:
        unsettle()  # what an earlier build in this process set aside may now be collected
        hub_settings = checked_settings(settings)
        # Read with the cycle collector paused: the tree is millions of objects that all live on,
        # and each full collection while they were made walked all of them again (2.2 s of a
        # one-member edit at 10,000 members). They are set aside from it below (settle).
        gc.disable()
        try:
            hub, problems = load_tree(hub_settings)
        finally:
            gc.enable()
        # A tag with markup is found by the checks and again as Pelican reads the post: reported once.
        problems = sorted(dict.fromkeys([*problems, *content_problems(context, settings)]),
                          key=lambda p: (p.source, p.line, p.field))
        if problems:
            raise fail(problems)
        state.hub, state.settings = hub, hub_settings
        settle()
    return state.hub, state.settings


class HubGenerator(Generator):
    """A generator of hub pages: `self.hub`, `self.hub_settings` and `self.build` (what the build has
    made so far: site/state.py) are set before `prepare`."""

    def generate_context(self):
        self.hub, self.hub_settings = hub_of(self.context, self.settings)
        self.build = build_state(self.context)
        self.prepare()
        settle()  # what it made (the matches, the agenda) lives to the end of the build

    def prepare(self) -> None:
        """Compute what the pages need and put it in `self.build` (every generator's `prepare` runs
        before any page is written)."""

    def write_page(self, writer, name: str, template: str, **kwargs) -> None:
        """One HTML page at `name` (e.g. 'members/index.html'), from `template`, with the context and
        `kwargs`, rendered with the others on every core (site.FlushPages). Every page is rendered on
        every build; one that comes out as before keeps its file (site/reuse.py)."""
        kwargs[DEFER] = True
        writer.write_file(name, self.get_template(template), self.context,
                          relative_urls=self.settings["RELATIVE_URLS"], url=name.removesuffix("index.html"),
                          **kwargs)

    def build_writer(self):
        """The build's own writer (site/reuse.py) when it writes where this generator does, else
        None (a test's writer)."""
        writer = active_writer()
        return writer if writer is not None and Path(writer.output) == Path(self.output_path) else None

    def write_texts(self, items, name_of, text_of) -> None:
        """A file that is not a page for each of `items` (`name_of(item)`, `text_of(item)`), made
        on every core by the build's writer, whose processes write them (the texts never gather in
        one process)."""
        writer = self.build_writer()
        if writer is None:
            for item in items:
                self.write_text(name_of(item), text_of(item))
            return
        writer.write_texts(items, name_of, text_of)

    def kept_path(self, name: str) -> Path | None:
        """Where the store `name` (core/ledger.py) lives (core.memo.kept), or None without a cache."""
        return location(self.hub_settings.cache_path, name)

    def write_text(self, name: str, text: str) -> None:
        """A file that is not a page (JSON, iCalendar) at `name`, written exactly as given (by the
        build's writer, which reuses the previous build's file when the text is the same)."""
        writer = self.build_writer()
        if writer is not None:
            writer.write_text(name, text)
            return
        write_bytes(Path(self.output_path) / name, text.encode("utf-8"))  # CRLF line ends and all
