"""Rendering the hub's pages on every core: the pages a build has to render (those it cannot reuse)
are split between forked processes (core/processes.py), which inherit the whole build (the tree,
the matches, the templates) and only render and write files; the main process then tells Pelican's
signals about every page, as its writer would have. A page is the same whichever process renders it
(`tests/test_incremental.py` and the determinism test compare builds byte for byte).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pelican.utils import get_relative_path, path_to_url, sanitised_join

from ..core.files import keep_or_write
from ..core.processes import forked_map


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


def render(job: Job, output: Path, previous: Path | None = None) -> tuple[str, bool]:
    """Render and write one page; its path, and whether it was kept: a page that comes out the same
    as in the previous build keeps the previous file, modification time and all, so the server, a
    sync to a CDN and Pagefind see only pages that really changed."""
    path = Path(sanitised_join(str(output), job.name))
    data = job.template.render(local_context(job)).encode("utf-8")
    old = Path(sanitised_join(str(previous), job.name)) if previous is not None else path
    return str(path), keep_or_write(old, path, data)


def render_all(jobs: list[Job], output: Path, wanted: int, previous: Path | None = None) -> list[tuple[str, bool]]:
    """Render every job, in `wanted` processes at most; (path, kept) of each, in the jobs' order. A
    failure in any process raises here with its traceback (the build then stops, as it would)."""
    return forked_map(lambda job: render(job, output, previous), jobs, wanted)
