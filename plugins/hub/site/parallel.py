"""Rendering the hub's pages on every core: the pages a build has to render (those it cannot reuse)
are split between forked processes, which inherit the whole build (the tree, the matches, the
templates) and only render and write files; the main process then tells Pelican's signals about
every page, as its writer would have. Forking needs no copying or pickling of the context, and a
page is the same whichever process renders it (`tests/test_incremental.py` and the determinism
test compare builds byte for byte).

Used on Linux and macOS (os.fork); elsewhere, and for a handful of pages, pages render in order.
"""
from __future__ import annotations

import os
import sys
import traceback
from dataclasses import dataclass
from pathlib import Path

from pelican.utils import get_relative_path, path_to_url, sanitised_join

MIN_PAGES_PER_WORKER = 40  # below this a fork costs more than it saves


@dataclass
class Job:
    name: str
    template: object
    context: dict
    relative_urls: bool
    kwargs: dict


def local_context(job: Job) -> dict:
    """The context a page is rendered with, as Pelican's writer makes it."""
    localcontext = job.context.copy()
    localcontext["localsiteurl"] = localcontext.get("localsiteurl", None)
    if job.relative_urls:
        relative_url = path_to_url(get_relative_path(job.name))
        localcontext["SITEURL"] = relative_url
        localcontext["localsiteurl"] = relative_url
    localcontext["output_file"] = job.name
    localcontext.update(job.kwargs)
    return localcontext


def render(job: Job, output: Path) -> str:
    """Render and write one page; its path."""
    path = sanitised_join(str(output), job.name)
    text = job.template.render(local_context(job))
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text)
    return path


def workers_for(jobs: int, wanted: int) -> int:
    if not hasattr(os, "fork") or jobs < 2 * MIN_PAGES_PER_WORKER:
        return 1
    return max(1, min(wanted, jobs // MIN_PAGES_PER_WORKER))


def render_all(jobs: list[Job], output: Path, wanted: int) -> list[str]:
    """Render every job, in `wanted` processes at most; the written paths, in the jobs' order. A
    failure in any process raises here with its traceback (the build then stops, as it would)."""
    workers = workers_for(len(jobs), wanted)
    if workers == 1:
        return [render(job, output) for job in jobs]
    shares = [jobs[index::workers] for index in range(workers)]
    children = []
    for share in shares[1:]:
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child renders its share, reports an error (if any) and leaves at once
            os.close(read)
            status = 0
            try:
                for job in share:
                    render(job, output)
            except BaseException:
                os.write(write, traceback.format_exc().encode("utf-8", "replace"))
                status = 1
            finally:
                os.close(write)
                sys.stdout.flush()
                sys.stderr.flush()
                os._exit(status)
        os.close(write)
        children.append((pid, read))
    failure = None
    try:
        for job in shares[0]:
            render(job, output)
    except BaseException as error:  # wait for the children before raising
        failure = error
    errors = []
    for pid, read in children:
        with os.fdopen(read, "rb") as handle:
            message = handle.read().decode("utf-8", "replace")
        _, status = os.waitpid(pid, 0)
        if status != 0:
            errors.append(message or f"a rendering process ended with status {status}")
    if failure is not None:
        raise failure
    if errors:
        raise RuntimeError("rendering pages failed:\n" + "\n".join(errors))
    return [sanitised_join(str(output), job.name) for job in jobs]
