"""Keeping unchanged files: every page and file of a build is made again, and one that comes out
byte for byte as the previous build wrote it is that build's file again (linked into the new build
folder `invoke build` makes, or left alone when Pelican writes into the same folder), modification
time and all, so Pagefind, a server or a sync to a CDN sees only what really changed.

No page is skipped on the strength of a list of what it depends on: such a list is a second,
hand-written copy of what the templates read, and every template line it forgets is a stale page.
What is expensive to make (the parsed and checked files, the matches, the search bundles) is kept
instead, each under a fingerprint of exactly the values it is made from (core/ledger.py lists every
store); rendering is left to run. docs/develop.md says why, with the bench's figures.

Pelican's `content_written` signal is sent for every page (the sitemap lists it).
`tests/test_incremental.py` checks that builds made this way equal builds from nothing, byte for
byte, after random edits.
"""
from __future__ import annotations

import io
import logging
import os
from pathlib import Path

from pelican import signals
from pelican.writers import FileOverwriteFailedError, Writer

from ..core.files import keep_or_write
from ..core.processes import forked_map
from .parallel import Job, local_context, render_all

logger = logging.getLogger(__name__)

DEFER = "hub_defer"  # the write_file keyword that asks for a page to be rendered with the others, on every core

_ACTIVE: list = []


def active_writer():
    """The writer of the build under way (Pelican makes it after every generator's context)."""
    return _ACTIVE[-1] if _ACTIVE else None


class _Kept(io.StringIO):
    """A file Pelican's writer writes: on close, placed by `KeepingWriter.place` (kept or written)."""

    def __init__(self, writer: KeepingWriter, path: str):
        super().__init__()
        self.writer, self.path = writer, path

    def close(self) -> None:
        if not self.closed:
            self.writer.place(Path(self.path), self.getvalue().encode("utf-8"))
        super().close()


class KeepingWriter(Writer):
    """Pelican's writer, keeping the previous build's file of every page that came out the same."""

    def __init__(self, output_path, settings=None):
        super().__init__(output_path, settings=settings)
        from .base import checked_settings

        hub_settings = checked_settings(settings)
        self.output = Path(output_path)
        self.previous = Path(hub_settings.previous_output) if hub_settings.previous_output else self.output
        # Resolved once: per page it cost more than the rest of keeping it.
        self.in_place = self.previous.resolve() == self.output.resolve()
        self.kept = self.written = 0
        self.pending: list[Job] = []
        self.workers = hub_settings.workers or os.cpu_count() or 1
        signals.finalized.connect(self._finish, weak=False)
        _ACTIVE.append(self)

    def _put(self, path: Path, data: bytes) -> bool:
        """`data` at `path` (in this build's folder): the previous build's file when it holds the
        same bytes, else written. Whether it was kept."""
        old = self.previous / path.relative_to(self.output) if not self.in_place else path
        return keep_or_write(old, path, data)

    def _count(self, kept: bool) -> None:
        self.kept += kept
        self.written += not kept

    def place(self, path: Path, data: bytes) -> None:
        self._count(self._put(path, data))

    def _open_w(self, filename, encoding, override=False):
        """Where Pelican's own writer writes a page (posts, lists of posts, feeds): kept when
        unchanged. Pelican's rules for a name written twice, without opening (and so emptying) the
        file before it is compared."""
        if filename in self._overridden_files:
            if override:
                raise FileOverwriteFailedError(f'Failed to overwrite "{filename}" a second time')
            return io.StringIO()  # Pelican skips it: the override written before stays
        if filename in self._written_files and not override:
            raise FileOverwriteFailedError(f'Failed to overwrite "{filename}" as Pelican has already written to it')
        if override:
            self._overridden_files.add(filename)
        self._written_files.add(filename)
        return _Kept(self, filename)

    def write_text(self, name: str, text: str) -> None:
        """A file that is not a page, written exactly as given (CRLF line ends and all)."""
        self.place(self.output / name, text.encode("utf-8"))

    def write_texts(self, items, name_of, text_of) -> None:
        """`write_text` for many files, made and written by worker processes: nothing comes back, so
        the texts never gather here (a 10,000-member hub's feeds of matches are 280 MB)."""
        def make(item):
            return self._put(self.output / name_of(item), text_of(item).encode("utf-8"))

        for kept in forked_map(make, items, self.workers):
            self._count(kept)

    def write_file(self, name, template, context, relative_urls=False, paginated=None, template_name=None,
                   override_output=False, url=None, **kwargs):
        defer = kwargs.pop(DEFER, False)
        if defer and name:
            self.pending.append(Job(name, template, context, relative_urls, kwargs))
            return None
        return super().write_file(name, template, context, relative_urls, paginated, template_name,
                                  override_output, url, **kwargs)

    def flush(self) -> None:
        """Render every deferred page, on every core, then tell Pelican's signals about them (the
        sitemap lists them) as its writer does."""
        jobs, self.pending = self.pending, []
        results = render_all(jobs, self.output, self.workers, self.previous)
        for job, (path, kept) in zip(jobs, results):
            self._count(kept)
            context = local_context(job)
            if context["localsiteurl"]:  # as Pelican's writer leaves it, for posts' links
                job.context["localsiteurl"] = context["localsiteurl"]
            signals.content_written.send(path, context=context)

    def _finish(self, pelican) -> None:
        signals.finalized.disconnect(self._finish)
        if self in _ACTIVE:
            _ACTIVE.remove(self)
        if self.pending:  # a deferred page no step flushed (cannot happen with site.STEPS' last step)
            self.flush()
        logger.info("files: %d written, %d the same as in the previous build (kept)", self.written, self.kept)


def get_writer(pelican):
    return KeepingWriter
